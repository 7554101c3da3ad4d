// Decoding a value for the detectors and encoding replacements back. Decoders also record,
// for every decoded byte, the raw offset it came from, so that everything outside a
// redacted span can be copied from the raw bytes exactly as written (escapes included).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/utf8.hpp"  // utf8_sequence, for the scanners that validate what they copy

namespace rps::redact {

// Contents of a JSON string literal without its quotes, already validated by the scanner.
// `map` gets decoded.size() + 1 entries (the last is raw.size()). Lone surrogates become
// U+FFFD: they only feed detectors, never the output.
void json_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map);

// application/x-www-form-urlencoded value: '+' is a space, %XX a byte; a '%' not followed by
// two hex digits stays literal (browsers do the same).
void form_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map);

// Percent-decoding only (RFC 3986): %XX becomes a byte, '+' and a '%' not followed by two hex
// digits stay literal. Used on URLs found inside values, where '+' is not a space.
void percent_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map);

// True when `s` holds %XX anywhere; with `reserved_only`, only escapes of the characters a
// URL encoder escapes when it nests one URL in another (%25, %3A, %2F, %3F, %3D, %26, %40,
// %2C, %2B, %20, ...), the sign that one more round of decoding is due.
bool has_percent_escape(std::string_view s, bool reserved_only);

// Escapes for the inside of a JSON string literal: '"', '\\' and control bytes; the rest is
// copied, so valid UTF-8 stays as it is.
void json_escape_append(std::string& out, std::string_view text);

// Form/query encoding as URLSearchParams writes it: space as '+', [A-Za-z0-9*-._] kept.
void form_escape_append(std::string& out, std::string_view text);

}  // namespace rps::redact
