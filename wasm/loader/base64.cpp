#include "loader/base64.hpp"

namespace rps::loader {

int32_t base64_decode(const uint8_t* in, size_t in_size, uint8_t* out) {
    while (in_size > 0 && in[in_size - 1] == '=') --in_size;
    if (in_size % 4 == 1) return -1;
    size_t written = 0;
    uint32_t group = 0;
    uint32_t filled = 0;
    for (size_t i = 0; i < in_size; ++i) {
        const uint8_t c = in[i];
        uint32_t value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
        else if (c >= '0' && c <= '9') value = c - '0' + 52;
        else if (c == '+') value = 62;
        else if (c == '/') value = 63;
        else return -1;
        group = group << 6 | value;
        if (++filled == 4) {
            out[written++] = static_cast<uint8_t>(group >> 16);
            out[written++] = static_cast<uint8_t>(group >> 8);
            out[written++] = static_cast<uint8_t>(group);
            group = 0;
            filled = 0;
        }
    }
    if (filled == 2) out[written++] = static_cast<uint8_t>(group >> 4);
    if (filled == 3) {
        out[written++] = static_cast<uint8_t>(group >> 10);
        out[written++] = static_cast<uint8_t>(group >> 2);
    }
    return static_cast<int32_t>(written);
}

}  // namespace rps::loader
