// State shared by the format walkers for one redact() call: the policy compiled for path
// matching, the output, the counters and scratch buffers reused from value to value (so the
// walkers do not allocate per value once the buffers have grown).
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/redact/detectors.hpp"
#include "core/redact/operators.hpp"
#include "core/redact/path_matcher.hpp"
#include "core/redact/redactor.hpp"

namespace rps::redact {

// How a value is written in its container, which decides how it is decoded for the
// detectors and how replacements are encoded.
enum class Encoding : std::uint8_t { raw, json, form };

struct Counts {
    std::array<std::uint32_t, kDetectorCount> detectors{};
    std::vector<std::uint32_t> rules;
    std::uint32_t allowed_drops = 0;
};

class RedactContext {
public:
    RedactContext(const Policy& policy, const KeyedHasher& hasher, std::string& out);

    const Policy& policy;
    const KeyedHasher& hasher;
    std::string& out;
    PathMatcher matcher;  // selectors [0, rule_count) are rules, then allowedKeys
    std::size_t rule_count = 0;
    std::size_t allowed_count = 0;
    bool has_allowed = false;
    DetectorSet enabled = 0;
    Counts counts;

    // Runs the detectors over a value and writes it: spans replaced (each by its detector's
    // operator, encoded for `enc`), everything else copied from `raw` unchanged.
    void scan(std::string_view raw, Encoding enc, std::string_view key);
    // The whole value is one finding of `kind` (a credential under a credential-like key).
    void write_whole_finding(std::string_view raw, Encoding enc, Detector kind);
    // A rule's operator over the whole (decoded) value; generalize falls back to kRedactedTag.
    void write_rule(std::string_view raw, Encoding enc, const Operator& op);

    // Decoded text of `raw`, pointing either into `raw` or into a scratch buffer.
    std::string_view decode(std::string_view raw, Encoding enc);
    void encode(std::string_view text, Encoding enc);

private:
    bool decode_mapped(std::string_view raw, Encoding enc);

    std::string decoded_;
    std::string piece_;
    std::vector<std::uint32_t> map_;
    std::vector<Span> spans_;
};

}  // namespace rps::redact
