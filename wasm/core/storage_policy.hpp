// Cookie-free mode's decisions about what the page stores (seed 000, section 2: no cookies
// and no persistent anonymous identifiers reach the device). Pure functions; the engine
// applies them with the manifest and records what they divert.
#pragma once

#include <string>
#include <string_view>

namespace rps::storage {

// A value (or key) that works as an identifier: somewhere in it, a token (a run of letters,
// digits and + / = _ -) that is a UUID, holds a run of at least 16 hex digits mixing digits
// and letters or of at least 20 hex digits, or is at least 20 base64 characters mixing
// upper case, lower case and digits. "dark", "zh-CN", "1732350000000", '{"volume":0.8}',
// "thisIsALongCamelCaseSettingName" are not; "RTC_DEVICE_ID" values, install ids, nanoids,
// "uid_3f9a1c2b7d4e8f60a1b2" and session tokens are.
bool looks_like_identifier(std::string_view value);

// A manifest storage pattern: the exact key, or a prefix ending in '*' ("vertc_*").
bool key_matches(std::string_view pattern, std::string_view key);

// Why a manifest storage pattern is unusable ("" when it is fine): empty, or a '*' that is
// not the last character (key_matches would take it literally, so it would never match).
std::string key_pattern_problem(std::string_view pattern);

}  // namespace rps::storage
