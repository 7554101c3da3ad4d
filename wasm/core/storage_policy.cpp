#include "core/storage_policy.hpp"

#include "core/redact/ascii.hpp"

namespace rps::storage {
namespace {

using redact::ascii::is_alnum;
using redact::ascii::is_digit;
using redact::ascii::is_hex;
// core/redact/ascii.hpp has no upper/lower-case tests; the base64 rule needs both.
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool token_char(char c) { return is_alnum(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-'; }

// The shortest random base64 / base64url token taken for an identifier. 20 keeps a default
// nanoid (21 characters) in; camelCase setting names stay out by the digit rule
// ("thisIsALongCamelCaseSettingName") or by length ("camelCase2Setting").
constexpr std::size_t kMinBase64Id = 20;

bool is_uuid(std::string_view t) {
    if (t.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : !is_hex(t[i])) return false;
    }
    return true;
}

// Hex ids: a mix of digits and letters, or long enough that a plain number is unlikely
// (a 13-digit millisecond timestamp stays a timestamp).
bool hex_id(std::string_view run) {
    std::size_t digits = 0;
    for (char c : run) digits += is_digit(c);
    return (run.size() >= 16 && digits > 0 && digits < run.size()) || run.size() >= 20;
}

// A hex id may sit inside a longer token behind a prefix ("uid_3f9a1c2b7d4e8f60a1b2"), so
// every maximal run of hex digits is tried, not only the whole token.
bool holds_hex_id(std::string_view t) {
    std::size_t i = 0;
    while (i < t.size()) {
        while (i < t.size() && !is_hex(t[i])) ++i;
        const std::size_t start = i;
        while (i < t.size() && is_hex(t[i])) ++i;
        if (hex_id(t.substr(start, i - start))) return true;
    }
    return false;
}

// Random base64 / base64url: all three character classes.
bool base64_id(std::string_view t) {
    std::size_t digits = 0, upper = 0, lower = 0, base64 = 0;
    for (char c : t) {
        digits += is_digit(c);
        upper += is_upper(c);
        lower += is_lower(c);
        base64 += is_alnum(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }
    return base64 + 2 >= t.size() && t.size() >= kMinBase64Id && upper > 0 && lower > 0 && digits > 0;
}

bool identifier_token(std::string_view t) { return is_uuid(t) || holds_hex_id(t) || base64_id(t); }

}  // namespace

bool looks_like_identifier(std::string_view value) {
    std::size_t i = 0;
    while (i < value.size()) {
        while (i < value.size() && !token_char(value[i])) ++i;
        std::size_t start = i;
        while (i < value.size() && token_char(value[i])) ++i;
        std::string_view token = value.substr(start, i - start);
        // A UUID's dashes are token characters; a hyphenated word list ("zh-CN") is too short.
        if (token.size() >= 16 && identifier_token(token)) return true;
    }
    return false;
}

bool key_matches(std::string_view pattern, std::string_view key) {
    if (!pattern.empty() && pattern.back() == '*') {
        pattern.remove_suffix(1);
        return key.substr(0, pattern.size()) == pattern;
    }
    return key == pattern;
}

std::string key_pattern_problem(std::string_view pattern) {
    if (pattern.empty()) return "must not be empty";
    const auto star = pattern.find('*');
    if (star != std::string_view::npos && star + 1 != pattern.size()) return "'*' is allowed only at the end";
    return "";
}

}  // namespace rps::storage
