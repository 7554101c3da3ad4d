#include "core/ice_filter.hpp"

#include <array>

#include "core/redact/ascii.hpp"
#include "core/redact/net_address.hpp"

namespace rps {
namespace {

using redact::ascii::hex_value;
using redact::ascii::is_alnum;
using redact::ascii::is_hex;
using redact::ascii::lower;

bool starts_with(std::string_view text, std::string_view prefix) { return text.substr(0, prefix.size()) == prefix; }

AddressKind classify_v4(const std::array<std::uint8_t, 4>& v4) {
    const unsigned a = v4[0], b = v4[1], c = v4[2];
    const bool local = a == 0 || a == 10 || a == 127 || a >= 224 ||  // this network, private, loopback, multicast, reserved
                       (a == 100 && (b & 0xC0) == 64) ||            // CGNAT 100.64/10
                       (a == 169 && b == 254) || (a == 172 && (b & 0xF0) == 16) || (a == 192 && b == 168) ||
                       (a == 192 && b == 0 && (c == 0 || c == 2)) ||  // IETF assignments, TEST-NET-1
                       (a == 198 && (b & 0xFE) == 18) ||              // benchmarking 198.18/15
                       (a == 198 && b == 51 && c == 100) || (a == 203 && b == 0 && c == 113);
    return local ? AddressKind::local : AddressKind::global;
}

// IPv6 by its first two groups, failing closed: only global unicast (2000::/3) outside the
// documentation and benchmarking blocks is global. Everything else a host could be given
// (::1, ::, v4-mapped and -compatible forms, NAT64, ULA, link-local, site-local, multicast,
// discard) is local; so is a literal whose first groups do not parse. The rest of the literal
// is not parsed (the redactor's match_ipv6 would, at a cost in the core's size): a malformed
// tail only comes from a page's own text, never from the browser's.
AddressKind classify_v6(std::string_view text) {
    const std::size_t zone = text.find('%');
    if (zone != std::string_view::npos) {
        if (zone + 1 == text.size()) return AddressKind::not_ip;
        for (std::size_t i = zone + 1; i < text.size(); ++i)
            if (!is_alnum(text[i]) && text[i] != '_' && text[i] != '-' && text[i] != '.') return AddressKind::not_ip;
        text = text.substr(0, zone);
    }
    if (text.size() < 2 || text.size() > 45) return AddressKind::not_ip;
    for (char c : text)
        if (!is_hex(c) && c != ':' && c != '.') return AddressKind::not_ip;
    // The first group, then the second ("::" there reads as 0).
    unsigned group[2] = {0, 0};
    std::size_t at = 0;
    for (int g = 0; g < 2; ++g) {
        std::size_t digits = 0;
        while (at < text.size() && is_hex(text[at]) && digits < 5) group[g] = group[g] * 16 + unsigned(hex_value(text[at++])), ++digits;
        if (digits > 4 || (g == 0 && (digits == 0 || at >= text.size() || text[at] != ':'))) return AddressKind::local;
        ++at;
    }
    const bool global = (group[0] & 0xE000) == 0x2000 && !(group[0] == 0x2001 && (group[1] == 0x0DB8 || group[1] == 0x0002)) &&
                        (group[0] & 0xFFF0) != 0x3FF0;
    return global ? AddressKind::global : AddressKind::local;
}

bool is_unspecified(std::string_view text) { return text == "0.0.0.0" || text == "::"; }

// The next space-separated token of `line` from `pos`, which moves past it. False at the end,
// or when the token is empty or holds a byte outside printable ASCII: not a line a browser
// writes.
bool next_token(std::string_view line, std::size_t& pos, std::string_view& token) {
    if (pos > line.size()) return false;
    std::size_t end = pos;
    while (end < line.size() && line[end] != ' ') {
        if (line[end] < 0x21 || line[end] > 0x7E) return false;
        ++end;
    }
    if (end == pos) return false;
    token = line.substr(pos, end - pos);
    pos = end + 1;
    return true;
}

std::string_view unspecified_like(std::string_view address) {
    return address.find(':') == std::string_view::npos ? "0.0.0.0" : "::";
}

// Walks `text` line by line; `each(content, end_of_line)` with the line end ("\r\n", "\n"
// or "") split off.
template <typename Each>
void for_each_line(std::string_view text, Each each) {
    std::size_t pos = 0;
    while (pos < text.size()) {
        const std::size_t nl = text.find('\n', pos);
        const std::size_t end = nl == std::string_view::npos ? text.size() : nl + 1;
        std::size_t cut = end - pos;
        if (cut && text[pos + cut - 1] == '\n') --cut;
        if (cut && text[pos + cut - 1] == '\r') --cut;
        each(text.substr(pos, cut), text.substr(pos + cut, end - pos - cut));
        pos = end;
    }
}

// An SDP line of exactly `count` tokens after its "x=" prefix, ending "IN IP4|IP6 <address>":
// a local address becomes the unspecified one, its /ttl dropped. A line of another shape, or
// with a local address anywhere else, is left out (false): nothing in it can be vouched for.
bool append_address_line(std::string& out, std::string_view line, std::size_t prefix, std::size_t count,
                         bool keep_loopback, IceCounts& counts) {
    std::array<std::string_view, 6> t;
    std::size_t pos = prefix, n = 0;
    while (n < count && next_token(line, pos, t[n])) ++n;
    bool shaped = n == count && pos > line.size() && t[count - 3] == "IN" && (t[count - 2] == "IP4" || t[count - 2] == "IP6");
    for (std::size_t i = 0; shaped && i + 3 < count; ++i) shaped = classify_address(t[i]) != AddressKind::local;
    const std::string_view field = t[count - 1];
    const std::size_t slash = shaped ? field.find('/') : 0;
    if (!shaped || (slash != std::string_view::npos && field.find_first_not_of("0123456789/", slash) != std::string_view::npos)) {
        ++counts.hidden;
        return false;
    }
    const std::string_view address = field.substr(0, slash);
    if (is_unspecified(field) || classify_address(address) == AddressKind::global ||
        (keep_loopback && (address == "127.0.0.1" || address == "::1"))) {
        out.append(line);
        return true;
    }
    ++counts.hidden;
    out.append(line.substr(0, line.size() - field.size()));
    out.append(t[count - 2] == "IP6" ? "::" : "0.0.0.0");
    return true;
}

// RFC 8839: foundation 1*32 of ALPHA / DIGIT / "+" / "/"; component, priority and port
// digits; transport a word ("udp", "tcp").
bool is_candidate_field(std::size_t index, std::string_view token) {
    if (index > 5 || index == 4) return true;
    if (token.size() > (index == 0 ? 32 : 10)) return false;
    for (char c : token) {
        const bool ok = index == 0 ? is_alnum(c) || c == '+' || c == '/' : index == 2 ? is_alnum(c) : redact::ascii::is_digit(c);
        if (!ok) return false;
    }
    return true;
}

void append_hex(std::string& out, std::uint64_t value, int digits) {
    for (int d = digits - 1; d >= 0; --d) out.push_back("0123456789abcdef"[(value >> (4 * d)) & 0xF]);
}

}  // namespace

AddressKind classify_address(std::string_view text) {
    if (text.size() >= 2 && text.front() == '[' && text.back() == ']') text = text.substr(1, text.size() - 2);
    std::array<std::uint8_t, 4> v4{};
    if (!text.empty() && redact::match_ipv4(text, 0, &v4) == text.size()) return classify_v4(v4);
    if (text.find(':') != std::string_view::npos) return classify_v6(text);
    return AddressKind::not_ip;
}

bool is_mdns_name(std::string_view text) {
    constexpr std::string_view kSuffix = ".local";
    if (text.size() <= kSuffix.size() || text.size() > 63 + kSuffix.size()) return false;
    const std::size_t label = text.size() - kSuffix.size();
    for (std::size_t i = 0; i < kSuffix.size(); ++i)
        if (lower(text[label + i]) != kSuffix[i]) return false;
    for (std::size_t i = 0; i < label; ++i)
        if (!is_alnum(text[i]) && text[i] != '-') return false;
    return true;
}

bool IceNames::seed(std::string_view hex) {
    if (seeded_) return true;
    if (hex.size() != 16) return false;
    std::uint64_t value = 0;
    for (char c : hex) {
        const int nibble = hex_value(c);
        if (nibble < 0) return false;
        value = value << 4 | std::uint64_t(nibble);
    }
    state_ = value;
    seeded_ = true;
    return true;
}

// splitmix64.
std::uint64_t IceNames::next() {
    std::uint64_t z = (state_ += 0x9E3779B97F4A7C15ull);
    z = (z ^ (z >> 30)) * 0xBF58476D1CE4E5B9ull;
    z = (z ^ (z >> 27)) * 0x94D049BB133111EBull;
    return z ^ (z >> 31);
}

std::string IceNames::name_for(std::string_view address) {
    if (address.size() >= 2 && address.front() == '[' && address.back() == ']') address = address.substr(1, address.size() - 2);
    for (const auto& entry : names_)
        if (entry.first == address) return entry.second;
    if (!seeded_ || names_.size() >= kMaxNames) return "";
    std::string name = make_name();
    names_.emplace_back(std::string(address), name);
    return name;
}

std::string IceNames::stand_in() { return seeded_ ? make_name() : std::string(); }

// A version-4 UUID (8-4-4-4-12) under .local, as Chrome names its mDNS host candidates.
std::string IceNames::make_name() {
    const std::uint64_t high = next(), low = next();
    std::string name;
    append_hex(name, high >> 32, 8);
    name.push_back('-');
    append_hex(name, high >> 16, 4);
    name.append("-4");
    append_hex(name, high, 3);
    name.push_back('-');
    append_hex(name, 8 | (low >> 62), 1);
    append_hex(name, low >> 48, 3);
    name.push_back('-');
    append_hex(name, low, 12);
    name.append(".local");
    return name;
}

std::string_view IceNames::address_of(std::string_view name) const {
    for (const auto& entry : names_)
        if (entry.second == name) return entry.first;
    return {};
}

std::string filter_candidate(std::string_view line, const IcePolicy& policy, IceNames& names, IceCounts& counts) {
    if (line.empty()) return {};  // end of candidates: nothing to show or hide
    auto drop = [&counts]() {
        ++counts.dropped;
        return std::string();
    };
    const std::size_t head = (starts_with(line, "a=") ? 2 : 0) + 10;
    if (line.size() > kMaxCandidateBytes || line.substr(head - 10, 10) != "candidate:") return drop();
    for (char c : line)
        if (c < 0x20 || c > 0x7E) return drop();  // one line of printable ASCII, whatever the policy
    // foundation component transport priority address port "typ" type, then name/value pairs
    std::array<std::string_view, 8> t;
    std::size_t pos = head;
    for (std::size_t i = 0; i < t.size(); ++i)
        if (!next_token(line, pos, t[i]) || !is_candidate_field(i, t[i])) return drop();
    const std::string_view type = t[7];
    if (t[6] != "typ" || (type != "host" && type != "srflx" && type != "prflx" && type != "relay")) return drop();
    if (policy.relay_only && type != "relay") return drop();
    if (!policy.hide_local) return std::string(line);
    if (policy.closed && type == "host") return drop();

    std::string out(line.substr(0, head));
    for (std::size_t i = 0; i < t.size(); ++i) {
        if (i) out.push_back(' ');
        if (i != 4) {
            out.append(t[i]);
            continue;
        }
        const AddressKind kind = classify_address(t[4]);
        if (kind == AddressKind::local) {
            const std::string name = policy.closed      ? std::string()
                                     : policy.page_text ? names.stand_in()
                                                        : names.name_for(t[4]);
            if (name.empty()) return drop();
            out.append(name);
            ++counts.renamed;
        } else if (kind == AddressKind::not_ip && !is_mdns_name(t[4])) {
            return drop();
        } else {
            out.append(t[4]);
        }
    }
    // The related address of a reflexive or relayed candidate is the host's own (its port
    // goes with it); no other extension a browser writes holds an address, so one that does
    // is hidden too.
    bool related_hidden = false;
    std::string_view name, value;
    while (next_token(line, pos, name)) {
        if (!next_token(line, pos, value) || classify_address(name) == AddressKind::local) return drop();
        const AddressKind kind = classify_address(value);
        const bool related = name == "raddr";
        const bool hide = !is_unspecified(value) &&
                          (kind == AddressKind::local ||
                           (related && (policy.closed || (kind == AddressKind::not_ip && !is_mdns_name(value)))));
        out.push_back(' ');
        out.append(name);
        out.push_back(' ');
        if (hide) {
            out.append(unspecified_like(value));
            ++counts.hidden;
            related_hidden = related_hidden || related;
        } else if (name == "rport" && related_hidden) {
            out.push_back('0');
        } else {
            out.append(value);
        }
    }
    // An empty token stopped the walk, or the name made the line longer than a line may be.
    if (pos <= line.size() || out.size() > kMaxCandidateBytes) return drop();
    return out;
}

std::string filter_sdp(std::string_view sdp, const IcePolicy& policy, IceNames& names, IceCounts& counts) {
    std::string out;
    out.reserve(sdp.size());
    for_each_line(sdp, [&](std::string_view line, std::string_view eol) {
        bool kept = true;
        if (starts_with(line, "a=candidate:")) {
            const std::string shown = filter_candidate(line, policy, names, counts);
            kept = !shown.empty();
            out.append(shown);
        } else if (!policy.hide_local ||
                   (starts_with(line, "a=rtcp:") && line.size() > 7 && line.find_first_not_of("0123456789", 7) == std::string_view::npos)) {
            out.append(line);  // "a=rtcp:9" alone carries no address
        } else if (starts_with(line, "c=")) {
            kept = append_address_line(out, line, 2, 3, false, counts);  // c=IN IP4 <address>
        } else if (starts_with(line, "a=rtcp:")) {
            kept = append_address_line(out, line, 7, 4, false, counts);  // a=rtcp:<port> IN IP4 <address>
        } else if (starts_with(line, "o=")) {
            kept = append_address_line(out, line, 2, 6, true, counts);  // o=<user> <id> <version> IN IP4 <address>
        } else {
            out.append(line);
        }
        if (kept) out.append(eol);
    });
    return out;
}

std::string hide_address(std::string_view address, const IcePolicy& policy) {
    if (!policy.hide_local) return std::string(address);
    if (policy.closed) return "";
    const AddressKind kind = classify_address(address);
    if (kind == AddressKind::global || (kind == AddressKind::not_ip && is_mdns_name(address))) return std::string(address);
    return "";
}

std::string restore_names(std::string_view text, const IceNames& names, bool drop_local) {
    if (names.size() == 0 && !drop_local) return std::string(text);
    std::string out;
    out.reserve(text.size());
    for_each_line(text, [&](std::string_view line, std::string_view eol) {
        const std::size_t head = (starts_with(line, "a=") ? 2 : 0) + 10;
        std::size_t pos = head;
        std::string_view token;
        // The fifth token of a candidate line is its connection address.
        const bool candidate = line.substr(head - 10, 10) == "candidate:";
        bool found = candidate;
        for (int i = 0; found && i < 5; ++i) found = next_token(line, pos, token);
        // Only an address the page may see anyway, or a name, is vouched for: the browser reads
        // forms this parser does not, and shows them as it writes them.
        if (candidate && drop_local && (!found || (classify_address(token) != AddressKind::global && !is_mdns_name(token))))
            return;
        const std::string_view address = found ? names.address_of(token) : std::string_view();
        if (address.empty()) {
            out.append(line);
        } else {
            const std::size_t at = std::size_t(token.data() - line.data());
            out.append(line.substr(0, at)).append(address).append(line.substr(at + token.size()));
        }
        out.append(eol);
    });
    return out;
}

}  // namespace rps
