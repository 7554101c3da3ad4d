// UTF-8 validation shared by the JSON writer (json_out) and the redactor's JSON scanner.
#pragma once

#include <cstddef>
#include <string_view>

namespace rps {

// Length of the well-formed UTF-8 sequence at s[i] (1..4), 0 if it is not one (overlong,
// surrogate, above U+10FFFF, truncated). ASCII counts as 1, control bytes included.
inline std::size_t utf8_sequence(std::string_view s, std::size_t i) {
    auto byte = [&](std::size_t k) { return static_cast<unsigned char>(k < s.size() ? s[k] : 0); };
    unsigned char c = byte(i);
    if (i >= s.size()) return 0;
    if (c < 0x80) return 1;
    auto cont = [&](std::size_t k) { return (byte(k) & 0xC0) == 0x80 && k < s.size(); };
    if (c >= 0xC2 && c <= 0xDF) return cont(i + 1) ? 2 : 0;
    if (c >= 0xE0 && c <= 0xEF) {
        unsigned char c1 = byte(i + 1);
        if (!cont(i + 1) || !cont(i + 2)) return 0;
        if (c == 0xE0 && c1 < 0xA0) return 0;   // overlong
        if (c == 0xED && c1 >= 0xA0) return 0;  // UTF-16 surrogate
        return 3;
    }
    if (c >= 0xF0 && c <= 0xF4) {
        unsigned char c1 = byte(i + 1);
        if (!cont(i + 1) || !cont(i + 2) || !cont(i + 3)) return 0;
        if (c == 0xF0 && c1 < 0x90) return 0;  // overlong
        if (c == 0xF4 && c1 >= 0x90) return 0;  // above U+10FFFF
        return 4;
    }
    return 0;
}

}  // namespace rps
