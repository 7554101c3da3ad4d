// libFuzzer target: the WebRTC address filters (core/ice_filter.hpp). Built and run by
// scripts/fuzz.sh.
//
// Input layout: byte 0 picks the case, the rest is the text.
//   bit 0     hide_local      bit 1  relay_only      bit 2  closed
//   bit 3     the text is one candidate line (else an SDP)
//   bit 4     page_text
//
// Invariants (a broken one aborts with "INVARIANT <name>: <what>"; RPS_FUZZ_SKIP=name,...
// turns checks off):
//   - no crash, no sanitizer report;
//   - no_local_address: with hide_local, no line that carries an address by its grammar
//     (a=candidate:, c=, a=rtcp:, o=) holds a token (c=: or a part before or after a '/') that
//     is a well-formed local IP literal (the redactor's strict parsers), other than the
//     unspecified address and o='s loopback;
//   - relay_only: with relay_only, every candidate shown is a relay candidate;
//   - idempotent: filtering what was shown changes nothing;
//   - page_text: text the page may have written adds no address to the session's names;
//   - restore: restore_names never fails and leaves text without this session's names as is;
//     as for a local description, it leaves no candidate line with a local literal the page
//     wrote, and changes only lines with a name (the session's names get their addresses back).
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>
#include <vector>

#include "core/ice_filter.hpp"
#include "core/redact/net_address.hpp"
#include "invariants.hpp"

namespace {

bool strict_local(std::string_view token) {
    if (token.empty() || token == "0.0.0.0" || token == "::") return false;
    const bool literal = rps::redact::match_ipv4(token, 0) == token.size() || rps::redact::match_ipv6(token, 0) == token.size();
    return literal && rps::classify_address(token) == rps::AddressKind::local;
}

// Calls each(line) for every line of `text` (split at '\n'); stops when it returns false.
template <typename Each>
bool every_line(std::string_view text, Each each) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        std::size_t end = text.find('\n', pos);
        if (end == std::string_view::npos) end = text.size();
        if (!each(text.substr(pos, end - pos))) return false;
        pos = end + 1;
    }
    return true;
}

// The first local literal of an address-bearing line of `text` (one candidate line, or an
// SDP), or "".
std::string local_in(std::string_view text, bool one_line) {
    std::string found;
    every_line(text, [&](std::string_view line) {
        const bool candidate = line.substr(0, 12) == "a=candidate:" || (one_line && line.substr(0, 10) == "candidate:");
        const bool origin = line.substr(0, 2) == "o=";
        if (!candidate && !origin && line.substr(0, 2) != "c=" && line.substr(0, 7) != "a=rtcp:") return true;
        // A c= address may carry a /ttl; elsewhere a token is the unit.
        const char* separators = line.substr(0, 2) == "c=" ? " /\r" : " \r";
        for (std::size_t at = 0; at <= line.size();) {
            std::size_t stop = line.find_first_of(separators, at);
            if (stop == std::string_view::npos) stop = line.size();
            const std::string_view token = line.substr(at, stop - at);
            if (strict_local(token) && !(origin && (token == "127.0.0.1" || token == "::1"))) found = token;
            at = stop + 1;
        }
        return found.empty();
    });
    return found;
}

// Whether every candidate of `text` (one candidate line, or the a=candidate: lines of an SDP)
// has type relay: its eighth token after the prefix.
bool only_relay(std::string_view text, bool one_line) {
    return every_line(text, [&](std::string_view line) {
        if (line.substr(0, 2) == "a=") line.remove_prefix(2);
        else if (!one_line) return true;
        if (line.substr(0, 10) != "candidate:") return true;
        std::size_t at = 0;
        for (int skip = 0; skip < 7 && at != std::string_view::npos; ++skip) {
            at = line.find(' ', at);
            if (at != std::string_view::npos) ++at;
        }
        return at != std::string_view::npos && line.substr(at, line.find_first_of(" \r", at) - at) == "relay";
    });
}

// Whether a candidate line of `text` has a well-formed local literal as its connection address
// (the fifth token after "candidate:").
bool local_connection_address(std::string_view text) {
    return !every_line(text, [](std::string_view line) {
        if (line.substr(0, 2) == "a=") line.remove_prefix(2);
        if (line.substr(0, 10) != "candidate:") return true;
        std::size_t at = 10;
        for (int skip = 0; skip < 4 && at != std::string_view::npos; ++skip) {
            at = line.find(' ', at);
            if (at != std::string_view::npos) ++at;
        }
        return at == std::string_view::npos || !strict_local(line.substr(at, line.find_first_of(" \r", at) - at));
    });
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    rps::fuzz::skip_checks(std::getenv("RPS_FUZZ_SKIP"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t mode = data[0];
    const std::string_view text(reinterpret_cast<const char*>(data + 1), size - 1);
    rps::IcePolicy policy;
    policy.hide_local = mode & 1;
    policy.relay_only = mode & 2;
    policy.closed = mode & 4;
    policy.page_text = mode & 16;
    rps::IceNames names;
    names.seed("0123456789abcdef");
    rps::IceCounts counts;

    const bool one_line = mode & 8;
    const std::string shown = one_line ? rps::filter_candidate(text, policy, names, counts)
                                       : rps::filter_sdp(text, policy, names, counts);
    if (policy.hide_local) EXPECT("no_local_address", local_in(shown, one_line).empty(), "shown: " + local_in(shown, one_line));
    if (policy.relay_only) EXPECT("relay_only", only_relay(shown, one_line), "a candidate other than relay was shown");
    const std::string again = one_line ? rps::filter_candidate(shown, policy, names, counts)
                                       : rps::filter_sdp(shown, policy, names, counts);
    EXPECT("idempotent", one_line ? (shown.empty() || again == shown) : again == shown, "second pass changed the text");
    if (policy.page_text) EXPECT("page_text", names.size() == 0, "an address of the page's text was given a session name");

    rps::IceNames fresh;
    EXPECT("restore", rps::restore_names(text, fresh, false) == text, "text changed without names");
    // As a local description: no local literal the page wrote is kept; a session's name (one
    // the page saw for the browser's own candidate) gets its address back; nothing else changes.
    const std::string written = rps::restore_names(text, fresh, true);
    EXPECT("restore", !local_connection_address(written), "a local description kept a local address the page wrote");
    const std::string restored = rps::restore_names(text, names, true);
    std::vector<std::string_view> written_lines, restored_lines;
    every_line(written, [&](std::string_view line) { written_lines.push_back(line); return true; });
    every_line(restored, [&](std::string_view line) { restored_lines.push_back(line); return true; });
    EXPECT("restore", written_lines.size() == restored_lines.size(), "restoring names dropped or added a line");
    for (std::size_t k = 0; k < written_lines.size() && k < restored_lines.size(); ++k)
        EXPECT("restore", written_lines[k] == restored_lines[k] || written_lines[k].find(".local") != std::string_view::npos,
               "restoring names changed a line without a name");
    rps::restore_names(shown, names, false);
    return 0;
}
