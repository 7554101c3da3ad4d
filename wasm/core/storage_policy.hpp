// Cookie-free mode's decisions about what the page stores (seed 000, section 2: no cookies
// and no persistent anonymous identifiers reach the device). Pure functions; the engine
// applies them with the manifest and records what they divert.
#pragma once

#include <string_view>

namespace rps::storage {

// A value that works as an identifier: somewhere in it, a token (a run of letters, digits
// and + / = _ -) that is a UUID, at least 16 hex digits mixing digits and letters, at
// least 20 hex digits, or at least 22 base64 characters mixing upper case, lower case and
// digits. "dark", "zh-CN", "1732350000000", '{"volume":0.8}' are not; "RTC_DEVICE_ID"
// values, install ids and session tokens are.
bool looks_like_identifier(std::string_view value);

// A manifest storage pattern: the exact key, or a prefix ending in '*' ("vertc_*").
bool key_matches(std::string_view pattern, std::string_view key);

}  // namespace rps::storage
