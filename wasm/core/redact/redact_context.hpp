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
    RedactContext(const Policy& policy, const KeyedHasher& hasher, std::string& out, std::string_view input,
                  std::vector<CopySpan>& copies);
    // For a JSON document held in a string value: the parent's policy and matcher, its own
    // input (the string decoded), output, copies and counts (the caller adds them up).
    RedactContext(const RedactContext& parent, std::string& out, std::string_view input, std::vector<CopySpan>& copies);

    const Policy& policy;
    const KeyedHasher& hasher;
    std::string& out;
    PathMatcher matcher;  // selectors [0, rule_count) are rules, then allowedKeys
    std::size_t rule_count = 0;
    std::size_t allowed_count = 0;
    bool has_allowed = false;
    DetectorSet enabled = 0;
    Counts counts;

    // Appends to out; bytes that lie inside the input are recorded as a CopySpan. Walkers
    // write input bytes through here (writing them with out.append is still correct, only
    // slower for the JS side, which then decodes them instead of slicing its string).
    void append(std::string_view bytes);
    // Cuts out back to `size` (a document that turned out malformed), copies with it.
    void truncate(std::size_t size);

    // Runs the detectors over a value and writes it: spans replaced (each by its detector's
    // operator, encoded for `enc`), everything else copied from `raw` unchanged.
    void scan(std::string_view raw, Encoding enc, std::string_view key);
    // scan() in two steps, for walkers that copy lazily: find() runs the detectors and says
    // whether anything is to be replaced; only then does the walker catch its output up and
    // call write_found() with the same `raw` (nothing else may run in between).
    bool find(std::string_view raw, Encoding enc, std::string_view key);
    void write_found(std::string_view raw, Encoding enc);
    // The whole value is one finding of `kind` (a credential under a credential-like key).
    void write_whole_finding(std::string_view raw, Encoding enc, Detector kind);
    // A rule's operator over the whole (decoded) value; generalize falls back to kRedactedTag.
    // A value holding a credential is not masked or generalized: it is replaced.
    void write_rule(std::string_view raw, Encoding enc, const Operator& op);

    // Decoded text of `raw`, pointing either into `raw` or into a scratch buffer.
    std::string_view decode(std::string_view raw, Encoding enc);
    void encode(std::string_view text, Encoding enc);

private:
    // A finding in decoded-text coordinates. Its operator input is text[begin, end) or,
    // for a finding inside a percent-encoded URL, values_[value_begin, value_end) (the
    // percent-decoded span, so hash and mask see the value, not its encoding).
    struct Hit {
        std::size_t begin;
        std::size_t end;
        Detector kind;
        bool own_value;
        std::size_t value_begin;
        std::size_t value_end;
    };

    bool decode_mapped(std::string_view raw, Encoding enc);
    // One finding's operator output (`value` decoded), encoded for `enc`, and counted.
    void write_finding(std::string_view value, Detector kind, Encoding enc);
    // Percent-encoded personal data inside URL-ish tokens of `text` (a URL carried as a
    // value: page_url, referrer, access logs). Each token holding %XX is decoded once, plus
    // at most kExtraRounds more rounds while it still holds escaped reserved characters
    // (%2540 -> %40 -> @), scanned, and its findings mapped back to `text` offsets.
    void find_encoded(std::string_view text, std::string_view key);
    void merge_hits();

    static constexpr int kExtraRounds = 2;

    std::string_view input_;
    std::vector<CopySpan>& copies_;
    std::string decoded_;
    bool mapped_ = false;    // find(): text_ is decoded_, mapped to raw offsets by map_
    std::string_view text_;  // find(): the text the hits refer to
    std::string piece_;
    std::vector<std::uint32_t> map_;
    std::vector<Span> spans_;
    // Scratch for find_encoded / merge_hits.
    std::string pct_[2];
    std::vector<std::uint32_t> pct_map_[2];
    std::vector<std::uint32_t> pct_step_;
    std::vector<Span> pct_spans_;
    std::string values_;
    std::vector<Hit> hits_;
    std::vector<Hit> encoded_hits_;
    std::vector<Hit> merged_;
};

}  // namespace rps::redact
