// libFuzzer target: rps::redact::Redactor. Built and run by scripts/fuzz.sh.
//
// Input layout: byte 0 picks the case, the rest is the body.
//   bits 0-2  format: (b & 7) % 5 -> json, ndjson, form, query, text (json/ndjson/form twice as often)
//   bits 3-5  policy: see make_policies() (0: defaults, all detectors, no rules; 5: rules and
//             allowedKeys read from the body's first line; 7: nothing enabled)
//   bit 6     on_malformed = drop (else scan)
//   bit 7     redact twice and compare (determinism)
//
// Invariants (a broken one aborts with "INVARIANT <name>: <what>"; RPS_FUZZ_SKIP=name,...
// turns checks off, as in manifest_fuzz.cpp):
//   - no crash, no sanitizer report;
//   - dropped => empty body; the error text is fixed ASCII, never bytes of the body;
//   - json: input valid JSON (nlohmann::json::accept) and not dropped => output valid JSON;
//     ndjson: the same line by line; the walker never calls valid what nlohmann refuses;
//   - nothing enabled (policy 7) => the body comes back byte for byte unless dropped, or only
//     credentials changed (they are detected whatever the policy);
//   - all detectors on with their default operator (policy 0): a span the detectors find in
//     the input never appears verbatim in the output (text bodies, and JSON string values
//     matched member by member), and JSON keeps its structure (same keys, same array sizes);
//   - find_spans (with its possible_detectors shortcut) reports what find_spans_unfiltered does;
//   - the copy spans are in order, inside both buffers and byte-exact (copy_spans.hpp).
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/redact/detectors.hpp"
#include "core/redact/redactor.hpp"
#include "core/redact/rules.hpp"
#include "invariants.hpp"
#include "../core/redact/copy_spans.hpp"

namespace {

using namespace rps::redact;
using ordered = nlohmann::ordered_json;


constexpr std::size_t kPolicyCount = 8;
constexpr std::size_t kDefaultPolicy = 0;
constexpr std::size_t kFuzzedRules = 5;
constexpr std::size_t kNothingEnabled = 7;

std::array<Policy, kPolicyCount> g_policies;
const Redactor* g_redactor = nullptr;

std::vector<Rule> rules_of(const std::vector<std::string>& texts) {
    std::vector<Rule> out;
    const rps::Status st = parse_rules(texts, out);
    if (!st.ok()) rps::fuzz::violated("fixture", "rule set does not parse: " + st.error);
    return out;
}

std::vector<Selector> keys_of(const std::vector<std::string>& texts) {
    std::vector<Selector> out;
    const rps::Status st = parse_allowed_keys(texts, out);
    if (!st.ok()) rps::fuzz::violated("fixture", "allowedKeys do not parse: " + st.error);
    return out;
}

void make_policies() {
    // 0: defaults.
    // 1: the usual path rules.
    g_policies[1].rules = rules_of({"**.ip:generalize", "user.phone:mask", "user.id:hash", "debug:remove",
                                    "list[*].c:replace", "*.x:remove", "dev", "loc:generalize", "ua:generalize"});
    // 2: rules on containers, wildcards, indexes and quoted keys.
    g_policies[2].rules = rules_of({"a[0]:remove", "[\"a.b\"].c:hash", "**.token:mask(0)", "*.*.x:replace",
                                    "arr[2]:remove", "[*].d:remove", "stats:hash", "geo:generalize", "**.email:mask(3)",
                                    "user[phone]:mask(2)"});
    // 3: allowedKeys with rules inside the allowed part.
    g_policies[3].rules = rules_of({"user.email:hash", "user.note:remove", "secret:replace"});
    g_policies[3].allowed_keys = keys_of({"event", "stats.rtt", "peers[*].id", "net", "user", "[0]", "ts"});
    // 4: every detector operator.
    {
        Policy& p = g_policies[4];
        auto set = [&](Detector d, OpKind k, std::uint8_t keep = 4) {
            p.detectors[std::size_t(d)].op.kind = k;
            p.detectors[std::size_t(d)].op.keep_last = keep;
        };
        set(Detector::email, OpKind::mask, 3);
        set(Detector::phone, OpKind::mask);
        set(Detector::ipv4, OpKind::generalize);
        set(Detector::ipv6, OpKind::generalize);
        set(Detector::mac, OpKind::hash);
        set(Detector::imei, OpKind::remove);
        set(Detector::cn_id, OpKind::mask, 0);
        set(Detector::bank_card, OpKind::mask, 4);
        set(Detector::uuid, OpKind::remove);
        set(Detector::hex_id, OpKind::hash);
        set(Detector::jwt, OpKind::hash);
        set(Detector::bearer, OpKind::mask, 2);
        set(Detector::url_userinfo, OpKind::generalize);
        set(Detector::token_param, OpKind::remove);
        set(Detector::latlng, OpKind::generalize);
    }
    // 5: rules from the input (set per call); half of the detectors off.
    for (std::size_t k = 0; k < kDetectorCount; k += 2) g_policies[5].detectors[k].enabled = false;
    // 6: small limits.
    g_policies[6].rules = g_policies[1].rules;
    g_policies[6].max_depth = 16;
    g_policies[6].max_body_bytes = 4096;
    g_policies[6].detectors[std::size_t(Detector::email)].enabled = false;
    g_policies[6].detectors[std::size_t(Detector::token_param)].enabled = false;
    // 7: nothing at all.
    for (auto& d : g_policies[7].detectors) d.enabled = false;
}

const char* const kFormatNames[] = {"json", "ndjson", "form", "query", "text"};

// nlohmann's lexer takes a NUL byte for the end of the input ("{}\0junk" is accepted), while
// JSON never holds a raw NUL: such text is not valid JSON here.
bool valid_json(std::string_view text) {
    return text.find('\0') == std::string_view::npos && nlohmann::json::accept(text.begin(), text.end());
}

// nlohmann refuses escapes of lone surrogates ("\ud800"), which the walker accepts on
// purpose (JSON.parse does too): such inputs are left out of the "walker is not laxer" check.
bool has_surrogate_escape(std::string_view s) {
    for (std::size_t i = 0; i + 3 < s.size(); ++i) {
        if (s[i] == '\\' && s[i + 1] == 'u' && (s[i + 2] == 'd' || s[i + 2] == 'D')) {
            const char c = s[i + 3];
            if ((c >= '8' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F')) return true;
        }
    }
    return false;
}

// nlohmann refuses numbers that overflow a double ("1e400", out_of_range.406): that is a
// limit of the library, not JSON syntax, so those inputs are left out of the check too.
struct OverflowSax {
    bool overflow = false;
    bool null() { return true; }
    bool boolean(bool) { return true; }
    bool number_integer(nlohmann::json::number_integer_t) { return true; }
    bool number_unsigned(nlohmann::json::number_unsigned_t) { return true; }
    bool number_float(nlohmann::json::number_float_t, const std::string&) { return true; }
    bool string(std::string&) { return true; }
    bool binary(nlohmann::json::binary_t&) { return true; }
    bool start_object(std::size_t) { return true; }
    bool key(std::string&) { return true; }
    bool end_object() { return true; }
    bool start_array(std::size_t) { return true; }
    bool end_array() { return true; }
    bool parse_error(std::size_t, const std::string&, const nlohmann::detail::exception& ex) {
        overflow = ex.id == 406;
        return false;
    }
};

bool number_overflow(std::string_view s) {
    OverflowSax sax;
    nlohmann::json::sax_parse(s.begin(), s.end(), &sax);
    return sax.overflow;
}

bool contains_tag_text(std::string_view piece) {
    static constexpr std::string_view kTags[] = {"[EMAIL]", "[PHONE]", "[IPV4]", "[IPV6]",  "[MAC]",
                                                 "[IMEI]",  "[ID]",    "[CARD]", "[UUID]",  "[HEX_ID]",
                                                 "[JWT]",   "[TOKEN]", "[CREDENTIALS]", "[GEO]", "[REDACTED]"};
    for (std::string_view t : kTags)
        if (t.find(piece) != std::string_view::npos) return true;
    return false;
}

// Spans of `value` that must not survive redaction verbatim, with the default policy.
// Cheap and exact: a span whose text occurs once in `value`, holds no bracket (the tags
// have them, so a tag next to copied text cannot rebuild it) and is no part of a tag can
// reappear only if the redactor copied it.
void check_no_verbatim(std::string_view value, std::string_view key, std::string_view out, const char* where) {
    std::vector<Span> spans;
    find_spans(value, kAllDetectors, key, spans);
    for (const Span& s : spans) {
        const std::string_view text = value.substr(s.begin, s.end - s.begin);
        if (text.size() < 6 || text.find_first_of("[]") != std::string_view::npos || contains_tag_text(text)) continue;
        if (value.find(text) != s.begin || value.find(text, s.begin + 1) != std::string_view::npos) continue;
        EXPECT("no_verbatim", out.find(text) == std::string_view::npos,
               std::string(where) + ": a " + std::string(detector_name(s.kind)) + " span of the input is in the output");
    }
}

bool has_findings(std::string_view text) {
    std::vector<Span> spans;
    find_spans(text, kAllDetectors, {}, spans);
    return !spans.empty();
}

// A member name is scanned as a string value is, its percent-encoded tokens decoded too
// ({"mail=alice%40example.com":…}): whether the redactor finds anything in it is asked of the
// redactor, with the name as a string value.
bool name_has_findings(const std::string& name) {
    if (has_findings(name)) return true;
    const std::string value = ordered(name).dump();
    const RedactResult r = g_redactor->redact(value, Format::json, g_policies[kDefaultPolicy]);
    return r.dropped || r.body != value;
}

// Valid JSON in, default policy: the output has the same shape (same keys in the same order,
// but for names with findings, which come out redacted; same array sizes; a number may have
// become a string), and no detected span in a string value or a member name survives.
// Walks both documents with an explicit stack (inputs nest deeply).
void check_json_values(std::string_view in_text, std::string_view out_text) {
    const ordered in = ordered::parse(in_text.begin(), in_text.end(), nullptr, false);
    const ordered out = ordered::parse(out_text.begin(), out_text.end(), nullptr, false);
    if (in.is_discarded() || out.is_discarded()) return;  // validity is checked elsewhere
    struct Item {
        const ordered* in;
        const ordered* out;
        std::string key;
    };
    std::vector<Item> stack{{&in, &out, ""}};
    while (!stack.empty()) {
        Item it = std::move(stack.back());
        stack.pop_back();
        const ordered& a = *it.in;
        const ordered& b = *it.out;
        if (a.is_object()) {
            // Member names are scanned too: a name with a finding comes out redacted, so two
            // names of one object may come out the same (and the parsed output has fewer).
            bool names_found = false;
            for (auto ia = a.begin(); ia != a.end() && !names_found; ++ia) names_found = name_has_findings(ia.key());
            EXPECT("json_structure", b.is_object() && (b.size() == a.size() || names_found),
                   "an object changed into something else");
            if (!b.is_object() || b.size() != a.size()) continue;
            auto ib = b.begin();
            for (auto ia = a.begin(); ia != a.end(); ++ia, ++ib) {
                if (name_has_findings(ia.key())) check_no_verbatim(ia.key(), {}, ib.key(), "json member name");
                else EXPECT("json_structure", ia.key() == ib.key(), "a name without findings changed or moved");
                stack.push_back({&*ia, &*ib, ia.key()});
            }
        } else if (a.is_array()) {
            EXPECT("json_structure", b.is_array() && b.size() == a.size(), "an array changed size or type");
            if (!b.is_array() || b.size() != a.size()) continue;
            for (std::size_t k = 0; k < a.size(); ++k) stack.push_back({&a[k], &b[k], ""});
        } else if (a.is_string()) {
            EXPECT("json_structure", b.is_string(), "a string became another type");
            if (!b.is_string()) continue;
            check_no_verbatim(a.get_ref<const std::string&>(), it.key, b.get_ref<const std::string&>(), "json string");
        } else if (a.is_number()) {
            EXPECT("json_structure", b.is_number() || b.is_string(), "a number became a container or a literal");
            if (b.is_number()) EXPECT("json_structure", a == b, "a number changed value");
        } else {
            EXPECT("json_structure", a == b, "true/false/null changed");
        }
    }
}

std::vector<std::string_view> lines_of(std::string_view s) {
    std::vector<std::string_view> out;
    std::size_t p = 0;
    for (;;) {
        const std::size_t nl = s.find('\n', p);
        if (nl == std::string_view::npos) {
            out.push_back(s.substr(p));
            return out;
        }
        out.push_back(s.substr(p, nl - p));
        p = nl + 1;
    }
}

bool blank(std::string_view line) { return line.find_first_not_of(" \t\r") == std::string_view::npos; }

std::vector<std::string> split(std::string_view s, char sep) {
    std::vector<std::string> out;
    std::size_t p = 0;
    for (;;) {
        const std::size_t q = s.find(sep, p);
        out.emplace_back(s.substr(p, q == std::string_view::npos ? std::string_view::npos : q - p));
        if (q == std::string_view::npos) return out;
        p = q + 1;
    }
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* skip = std::getenv("RPS_FUZZ_SKIP");
    rps::fuzz::skip_checks(skip);
    make_policies();
    std::array<std::uint8_t, 32> key{};
    for (std::size_t i = 0; i < key.size(); ++i) key[i] = std::uint8_t(i * 7 + 1);
    static const Redactor redactor(key);
    g_redactor = &redactor;
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size == 0) return 0;
    const std::uint8_t sel = data[0];
    const auto format = static_cast<Format>((sel & 7) % 5);
    const std::size_t policy_index = (sel >> 3) & 7;
    std::string_view body(reinterpret_cast<const char*>(data + 1), size - 1);

    Policy policy = g_policies[policy_index];
    policy.on_malformed = (sel & 0x40) ? OnMalformed::drop : OnMalformed::scan;
    if (policy_index == kFuzzedRules) {
        // First line: rule texts separated by '|'; a line starting with '!' lists allowedKeys.
        const std::size_t nl = body.find('\n');
        if (nl != std::string_view::npos && nl <= 512) {
            std::string_view line = body.substr(0, nl);
            body.remove_prefix(nl + 1);
            if (!line.empty() && line[0] == '!') {
                std::vector<Selector> keys;
                if (parse_allowed_keys(split(line.substr(1), '|'), keys).ok()) policy.allowed_keys = std::move(keys);
            } else {
                std::vector<Rule> rules;
                if (parse_rules(split(line, '|'), rules).ok()) policy.rules = std::move(rules);
            }
        }
    }
    const std::string fmt = kFormatNames[std::size_t(format)];

    // The shortcut find_spans takes (possible_detectors) never hides a finding.
    {
        std::vector<Span> full, filtered;
        find_spans_unfiltered(body, kAllDetectors, "version", full);
        find_spans(body, kAllDetectors, "version", filtered);
        bool same = full.size() == filtered.size();
        for (std::size_t k = 0; same && k < full.size(); ++k)
            same = full[k].begin == filtered[k].begin && full[k].end == filtered[k].end && full[k].kind == filtered[k].kind;
        EXPECT("prefilter_exact", same, "find_spans differs from find_spans_unfiltered");
    }

    const RedactResult r = g_redactor->redact(body, format, policy);

    // Result shape.
    {
        const std::string problem = rps::redact::testing::copy_spans_problem(body, r);
        EXPECT("copy_spans", problem.empty(), fmt + ": " + problem);
    }
    if (r.dropped) EXPECT("dropped_is_empty", r.body.empty(), fmt + ": dropped but the body is not empty");
    for (char c : r.error)
        EXPECT("error_is_fixed_ascii", c >= 0x20 && c < 0x7f, fmt + ": error text holds a byte that is not printable ASCII");
    if (body.size() > policy.max_body_bytes) EXPECT("size_limit", r.dropped, fmt + ": a body over the limit was kept");
    if (r.malformed && (format == Format::json || format == Format::ndjson) &&
        (policy.on_malformed == OnMalformed::drop || policy.allowed_keys))
        EXPECT("malformed_dropped", r.dropped, fmt + ": malformed body kept although the policy drops it");
    if (!r.dropped && format != Format::json && format != Format::ndjson)
        EXPECT("only_json_malformed", !r.malformed, fmt + ": malformed reported for a format that has no syntax");

    if (sel & 0x80) {
        const RedactResult again = g_redactor->redact(body, format, policy);
        EXPECT("deterministic", again.body == r.body && again.dropped == r.dropped && again.malformed == r.malformed,
               fmt + ": two runs on the same input differ");
    }

    // JSON stays JSON; the walker is not laxer than nlohmann.
    if (format == Format::json && body.size() <= policy.max_body_bytes) {
        const bool in_valid = valid_json(body);
        if (in_valid && !r.dropped)
            EXPECT("json_stays_json", valid_json(r.body), "json: valid JSON in, invalid JSON out");
        if (!r.malformed && !r.dropped && !in_valid && !has_surrogate_escape(body) && !number_overflow(body))
            EXPECT("walker_not_laxer", in_valid, "json: the walker accepted what nlohmann refuses");
    }
    if (format == Format::ndjson && !r.dropped && body.size() <= policy.max_body_bytes) {
        const auto in_lines = lines_of(body);
        bool all_valid = true;
        for (std::string_view l : in_lines) all_valid = all_valid && (blank(l) || valid_json(l));
        if (all_valid) {
            const auto out_lines = lines_of(r.body);
            EXPECT("ndjson_lines", out_lines.size() == in_lines.size(), "ndjson: the number of lines changed");
            for (std::string_view l : out_lines)
                EXPECT("json_stays_json", blank(l) || valid_json(l), "ndjson: a valid line came out invalid");
        }
    }

    // Nothing enabled: nothing changes but the credentials, which no policy turns off.
    if (policy_index == kNothingEnabled && !r.dropped && r.body != body) {
        std::string found;
        for (const auto& c : r.counts) {
            bool secret = false;
            for (std::size_t d = 0; d < rps::redact::kDetectorCount; ++d) {
                const auto kind = static_cast<rps::redact::Detector>(d);
                secret = secret || (rps::redact::is_secret_detector(kind) && rps::redact::detector_name(kind) == c.name);
            }
            if (!secret) found += " " + c.name;
        }
        EXPECT("identity", !r.counts.empty() && found.empty(),
               fmt + ": nothing is enabled but the body changed, and not only for credentials (" + found + " )");
    }

    // Default policy: detected spans do not survive; JSON keeps its shape.
    if (policy_index == kDefaultPolicy && !r.dropped) {
        if (format == Format::text) check_no_verbatim(body, "", r.body, "text");
        if (format == Format::json && !r.malformed && valid_json(body)) check_json_values(body, r.body);
    }
    return 0;
}
