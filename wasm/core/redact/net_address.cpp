#include "core/redact/net_address.hpp"

#include "core/redact/ascii.hpp"

namespace rps::redact {

using ascii::hex_value;
using ascii::is_digit;
using ascii::is_hex;

std::size_t match_ipv4(std::string_view s, std::size_t at, std::array<std::uint8_t, 4>* out) {
    std::size_t p = at;
    for (int part = 0; part < 4; ++part) {
        if (part > 0) {
            if (p >= s.size() || s[p] != '.') return 0;
            ++p;
        }
        std::size_t start = p;
        int value = 0;
        while (p < s.size() && is_digit(s[p]) && p - start < 4) value = value * 10 + (s[p++] - '0');
        std::size_t len = p - start;
        if (len == 0 || len > 3 || value > 255 || (len > 1 && s[start] == '0')) return 0;
        if (out) (*out)[part] = std::uint8_t(value);
    }
    return p - at;
}

std::size_t match_ipv6(std::string_view s, std::size_t at, Ipv6* out) {
    Ipv6 r;
    std::uint16_t g[8] = {};
    int n = 0;
    int gap = -1;  // index in g where "::" sits
    std::size_t p = at;
    std::size_t end = at;  // end of the longest well-formed prefix
    auto at_colon2 = [&](std::size_t q) { return q + 1 < s.size() && s[q] == ':' && s[q + 1] == ':'; };

    if (at_colon2(p)) {
        gap = 0;
        p += 2;
        end = p;
    }
    while (n < 8) {
        std::size_t start = p;
        unsigned value = 0;
        while (p < s.size() && is_hex(s[p]) && p - start < 4) {
            if (is_digit(s[p])) r.has_digit = true;
            value = value * 16 + unsigned(hex_value(s[p++]));
        }
        if (p == start) break;
        if (p < s.size() && s[p] == '.') {
            // An IPv4 tail takes the place of the last two groups.
            std::array<std::uint8_t, 4> v4{};
            std::size_t len = (n <= 6) ? match_ipv4(s, start, &v4) : 0;
            if (len == 0) {
                p = start;
                break;
            }
            g[n++] = std::uint16_t(v4[0] << 8 | v4[1]);
            g[n++] = std::uint16_t(v4[2] << 8 | v4[3]);
            r.v4_tail = true;
            r.has_digit = true;
            p = start + len;
            end = p;
            break;
        }
        g[n++] = std::uint16_t(value);
        end = p;
        if (n == 8) break;
        if (at_colon2(p)) {
            if (gap >= 0) break;
            gap = n;
            p += 2;
            end = p;
            continue;
        }
        if (p + 1 < s.size() && s[p] == ':' && is_hex(s[p + 1])) {
            ++p;
            continue;
        }
        break;
    }
    // A trailing group that turned out to be an abandoned IPv4 tail or the end of input.
    if (gap < 0 && n != 8) return 0;
    if (gap >= 0 && n > 7) return 0;
    if (n == 0 && gap < 0) return 0;
    r.explicit_groups = n;
    if (gap >= 0) {
        int fill = 8 - n;
        for (int i = 0; i < gap; ++i) r.groups[i] = g[i];
        for (int i = gap; i < n; ++i) r.groups[i + fill] = g[i];
    } else {
        for (int i = 0; i < 8; ++i) r.groups[i] = g[i];
    }
    p = end;
    if (p + 1 < s.size() && s[p] == '%' && ascii::is_alnum(s[p + 1])) {
        std::size_t z = p + 1;
        while (z < s.size() && z - p <= 16 && (ascii::is_alnum(s[z]) || s[z] == '_' || s[z] == '.' || s[z] == '-')) ++z;
        end = z;
    }
    if (out) *out = r;
    return end - at;
}

std::size_t match_mac(std::string_view s, std::size_t at) {
    if (at + 17 > s.size()) return 0;
    char sep = s[at + 2];
    if (sep != ':' && sep != '-') return 0;
    for (int i = 0; i < 6; ++i) {
        std::size_t q = at + std::size_t(i) * 3;
        if (!is_hex(s[q]) || !is_hex(s[q + 1])) return 0;
        if (i < 5 && s[q + 2] != sep) return 0;
    }
    return 17;
}

}  // namespace rps::redact
