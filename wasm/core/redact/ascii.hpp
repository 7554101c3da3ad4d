// Byte classes for the scanners. Locale-free on purpose: <cctype> depends on the C locale
// and treats bytes >= 0x80 differently across libcs, and every detector here is ASCII.
#pragma once

#include <cstddef>
#include <string_view>

namespace rps::redact::ascii {

inline bool is_digit(char c) { return c >= '0' && c <= '9'; }
inline bool is_alpha(char c) { return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z'); }
inline bool is_alnum(char c) { return is_digit(c) || is_alpha(c); }
inline bool is_hex(char c) { return is_digit(c) || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F'); }
inline int hex_value(char c) {
    return is_digit(c) ? c - '0' : (c >= 'a' && c <= 'f') ? c - 'a' + 10 : (c >= 'A' && c <= 'F') ? c - 'A' + 10 : -1;
}
inline bool is_upper(char c) { return c >= 'A' && c <= 'Z'; }
inline char lower(char c) { return is_upper(c) ? char(c + 32) : c; }
inline bool is_base64url(char c) { return is_alnum(c) || c == '-' || c == '_'; }
// s.substr(i, word.size()) == word, compared in line: the words are a few bytes long, and a
// string comparison is a call (memcmp) in WebAssembly.
inline bool has_at(std::string_view s, std::size_t i, std::string_view word) {
    if (i > s.size() || s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (s[i + k] != word[k]) return false;
    return true;
}
// has_at for a lower-case `word`, whatever the case of s.
inline bool has_lower_at(std::string_view s, std::size_t i, std::string_view word) {
    if (i > s.size() || s.size() - i < word.size()) return false;
    for (std::size_t k = 0; k < word.size(); ++k)
        if (lower(s[i + k]) != word[k]) return false;
    return true;
}

}  // namespace rps::redact::ascii
