#include "core/storage_policy.hpp"

namespace rps::storage {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }
bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
bool is_lower(char c) { return c >= 'a' && c <= 'z'; }
bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
bool token_char(char c) {
    return is_digit(c) || is_upper(c) || is_lower(c) || c == '+' || c == '/' || c == '=' || c == '_' || c == '-';
}

bool is_uuid(std::string_view t) {
    if (t.size() != 36) return false;
    for (std::size_t i = 0; i < 36; ++i) {
        const bool dash = i == 8 || i == 13 || i == 18 || i == 23;
        if (dash ? t[i] != '-' : !is_hex(t[i])) return false;
    }
    return true;
}

bool identifier_token(std::string_view t) {
    if (is_uuid(t)) return true;
    std::size_t hex = 0, digits = 0, upper = 0, lower = 0, base64 = 0;
    for (char c : t) {
        hex += is_hex(c);
        digits += is_digit(c);
        upper += is_upper(c);
        lower += is_lower(c);
        base64 += is_digit(c) || is_upper(c) || is_lower(c) || c == '+' || c == '/' || c == '_' || c == '-';
    }
    const bool all_hex = hex == t.size();
    // Hex ids: a mix of digits and letters, or long enough that a plain number is unlikely
    // (a 13-digit millisecond timestamp stays a timestamp).
    if (all_hex && t.size() >= 16 && digits > 0 && digits < t.size()) return true;
    if (all_hex && t.size() >= 20) return true;
    // Random base64 / base64url: all three character classes.
    return base64 + 2 >= t.size() && t.size() >= 22 && upper > 0 && lower > 0 && digits > 0;
}

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

}  // namespace rps::storage
