// Helpers shared by the redactor's Catch2 tests: the detectors as a readable string, a fixed
// session key, a redact() call that checks its copy spans, and a count lookup.
#pragma once

#include <catch2/catch.hpp>

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "copy_spans.hpp"
#include "core/redact/detectors.hpp"
#include "core/redact/redactor.hpp"

namespace rps::redact::testing {

// "kind:text" for every span, joined by '|': one string shows both what and where.
inline std::string scan(std::string_view text, std::string_view key = {}, DetectorSet on = kAllDetectors) {
    std::vector<Span> spans;
    find_spans(text, on, key, spans);
    std::string out;
    for (const auto& s : spans) {
        if (!out.empty()) out += '|';
        out += std::string(detector_name(s.kind)) + ":" + std::string(text.substr(s.begin, s.end - s.begin));
    }
    return out;
}

inline std::array<std::uint8_t, 32> test_key() {
    std::array<std::uint8_t, 32> k{};
    for (std::size_t i = 0; i < k.size(); ++i) k[i] = std::uint8_t(i * 7 + 1);
    return k;
}

// Every result's copy spans must keep their promise (copy_spans.hpp), whatever the test checks.
inline RedactResult run(std::string_view body, Format format = Format::json, const Policy& policy = Policy()) {
    Redactor r(test_key());
    RedactResult result = r.redact(body, format, policy);
    CHECK(copy_spans_problem(body, result) == "");
    return result;
}

// A policy with these rules (and allowedKeys when given); the test stops on a bad one.
inline Policy policy_with(const std::vector<std::string>& rules, const std::vector<std::string>* allowed = nullptr) {
    Policy p;
    REQUIRE(parse_rules(rules, p.rules).ok());
    if (allowed) {
        std::vector<Selector> selectors;
        REQUIRE(parse_allowed_keys(*allowed, selectors).ok());
        p.allowed_keys = std::move(selectors);
    }
    return p;
}

// A JSON body redacted with these rules.
inline std::string json(std::string_view body, const std::vector<std::string>& rules = {}) {
    return run(body, Format::json, policy_with(rules)).body;
}

// What the hash operator writes for `value` with test_key().
inline std::string hash_of(std::string_view value) {
    KeyedHasher h(test_key());
    std::string s;
    h.append_hash(s, value);
    return s;
}

inline std::uint32_t count_of(const RedactResult& r, std::string_view name) {
    for (const auto& c : r.counts)
        if (c.name == name) return c.count;
    return 0;
}

}  // namespace rps::redact::testing
