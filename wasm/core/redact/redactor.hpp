// Redacts a telemetry payload in one pass over its bytes.
//
// Precedence, from first to last:
//   1. Size: a body over Policy::max_body_bytes is dropped whole (dropped = true).
//   2. allowedKeys (when set) drops every member whose path is neither listed nor under a
//      listed path, before anything else looks at it. Containers on the way to a listed
//      path are kept (possibly empty) so the listed members keep their place.
//   3. Path rules: the first rule (in policy order) whose selector matches a value's path
//      applies to the whole value, and detectors do not run on it. On an object/array,
//      remove drops the member, replace/mask write one "[REDACTED]" string, hash writes the
//      keyed hash of its JSON text, and generalize applies to each leaf inside.
//      Rules never match the root value itself.
//   4. Detectors run on everything that is left: JSON strings and integer literals, form and
//      query values, text. In JSON, the strings and numbers a credential-like key (password,
//      access_token, ...) holds, however deep in its value, count as token_param whole.
//      Member names are scanned as string values are (a map keyed by email address); rules
//      and allowedKeys match them as written. Structure is never rewritten.
//      URL-ish tokens holding %XX escapes (a page URL or referrer carried as a value, an
//      access log line) are also scanned percent-decoded, up to three rounds for URLs nested
//      in URLs (%2540), and what is found there replaces the encoded bytes it came from.
//   5. In JSON, a string value holding a JSON object or array is that document too: 2-4
//      apply inside it (rules through "<json>", rules.hpp), up to four strings deep, and it
//      is written back escaped. A string that is not one whole document is scanned as text.
// Credentials (kSecretDetectors: RTC / IM tokens, JWTs, Bearer, URL userinfo, token
// parameters) are detected whatever the policy enables, and a mask or generalize rule over
// a value holding one writes its tag instead: no rule keeps any part of them.
// What nothing matched is copied byte for byte: key order, spacing, number spelling, escapes.
// Bad input (malformed JSON, invalid or truncated UTF-8, NUL bytes, nesting deeper than
// max_depth) never passes raw: on_malformed = scan redacts the body as plain text, drop
// returns an empty body with dropped = true. With allowedKeys set a malformed body is always
// dropped, since text scanning cannot honour a list of allowed fields.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/redact/detectors.hpp"
#include "core/redact/operators.hpp"
#include "core/redact/rules.hpp"

namespace rps::redact {

enum class Format : std::uint8_t { json, ndjson, form, query, text };
enum class OnMalformed : std::uint8_t { scan, drop };

bool format_from_name(std::string_view name, Format& out);  // "json", "ndjson", "form", "query", "text"

struct DetectorSetting {
    bool enabled = true;
    Operator op;  // replace with the detector's tag unless the policy says otherwise
};

struct Policy {
    std::vector<Rule> rules;
    std::optional<std::vector<Selector>> allowed_keys;
    OnMalformed on_malformed = OnMalformed::scan;
    std::array<DetectorSetting, kDetectorCount> detectors{};
    std::size_t max_body_bytes = 10 * 1024 * 1024;
    std::size_t max_depth = 100000;
};

struct RedactCount {
    std::string name;  // detector name, "rule:<selector>", or "allowedKeys"
    std::uint32_t count = 0;
};

// A run of the output that is a verbatim copy of the input: [out_begin, out_begin + length)
// of body equals [in_begin, in_begin + length) of the input. Everything between copies is
// new text (tags, hashes, separators). A caller that still holds the input (the JS layer,
// as a string) rebuilds the body from slices of it plus the new text, instead of decoding
// every byte again. A body equal to its (non-empty) input is exactly one copy of all of it.
struct CopySpan {
    std::uint32_t out_begin;
    std::uint32_t in_begin;
    std::uint32_t length;
};

struct RedactResult {
    std::string body;
    std::vector<CopySpan> copies;  // in output order, not overlapping
    bool dropped = false;    // body is empty on purpose
    bool malformed = false;  // the input was not valid for its format
    std::string error;       // fixed reasons only, never a value from the body
    std::vector<RedactCount> counts;
};

class Redactor {
public:
    explicit Redactor(const std::array<std::uint8_t, 32>& key) : hasher_(key) {}
    RedactResult redact(std::string_view body, Format format, const Policy& policy) const;

private:
    KeyedHasher hasher_;
};

}  // namespace rps::redact
