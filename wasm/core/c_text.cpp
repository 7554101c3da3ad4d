#include "core/c_text.hpp"

#include <cerrno>
#include <cmath>
#include <cstdint>

namespace rps::c_text {
namespace {

bool is_digit(char c) { return c >= '0' && c <= '9'; }

// 10^0 .. 10^22 are exact doubles.
constexpr double kPow10[] = {1e0,  1e1,  1e2,  1e3,  1e4,  1e5,  1e6,  1e7,  1e8,  1e9,  1e10, 1e11,
                             1e12, 1e13, 1e14, 1e15, 1e16, 1e17, 1e18, 1e19, 1e20, 1e21, 1e22};

double scale(double v, int exp10) {
    // Exact powers in chunks of 10^22: each step rounds once, so large exponents may be a
    // few ulps off, which no caller of this module can observe.
    while (exp10 > 22 && v != 0 && !std::isinf(v)) {
        v *= 1e22;
        exp10 -= 22;
    }
    while (exp10 < -22 && v != 0) {
        v /= 1e22;
        exp10 += 22;
    }
    if (exp10 > 22 || exp10 < -22) return v;  // already inf or 0
    return exp10 >= 0 ? v * kPow10[exp10] : v / kPow10[-exp10];
}

}  // namespace

double parse_double(const char* text, char** end) {
    const char* p = text;
    while (*p == ' ' || (*p >= '\t' && *p <= '\r')) ++p;
    bool negative = false;
    if (*p == '+' || *p == '-') negative = *p++ == '-';
    std::uint64_t mantissa = 0;
    int kept = 0;     // significant digits in mantissa (at most 19)
    long exp10 = 0;   // decimal exponent of the last kept digit
    bool any = false;
    for (; is_digit(*p); ++p) {
        any = true;
        if (kept < 19) {
            mantissa = mantissa * 10 + std::uint64_t(*p - '0');
            kept += mantissa != 0;
        } else {
            ++exp10;  // a digit beyond 19 only scales
        }
    }
    if (*p == '.') {
        const char* q = p + 1;
        for (; is_digit(*q); ++q) {
            any = true;
            if (kept < 19) {
                mantissa = mantissa * 10 + std::uint64_t(*q - '0');
                kept += mantissa != 0;
                --exp10;
            }
        }
        if (any) p = q;
    }
    if (!any) {
        if (end) *end = const_cast<char*>(text);
        return 0;
    }
    if (*p == 'e' || *p == 'E') {
        const char* q = p + 1;
        bool exp_negative = false;
        if (*q == '+' || *q == '-') exp_negative = *q++ == '-';
        if (is_digit(*q)) {
            long e = 0;
            for (; is_digit(*q); ++q)
                if (e < 100000) e = e * 10 + (*q - '0');
            exp10 += exp_negative ? -e : e;
            p = q;
        }
    }
    if (end) *end = const_cast<char*>(p);
    double v = 0;
    if (mantissa != 0) {
        if (exp10 > 400) exp10 = 400;      // beyond any double: overflows to inf below
        if (exp10 < -400) exp10 = -400;    // underflows to 0 below
        v = scale(double(mantissa), int(exp10));
        if (std::isinf(v) || v == 0) errno = ERANGE;
    }
    return negative ? -v : v;
}

namespace {

struct Sink {
    char* out;
    std::size_t size;
    std::size_t length = 0;  // what a large enough buffer would hold
    void put(char c) {
        if (length + 1 < size) out[length] = c;
        ++length;
    }
    void repeat(char c, int n) {
        for (int i = 0; i < n; ++i) put(c);
    }
};

struct Spec {
    bool left = false, zero = false, plus = false, space = false, alt = false;
    int width = 0;
    int precision = -1;
};

void put_field(Sink& sink, const Spec& spec, const char* prefix, const char* body, int body_len) {
    int prefix_len = 0;
    while (prefix[prefix_len]) ++prefix_len;
    int zeros = spec.precision > body_len ? spec.precision - body_len : 0;
    int total = prefix_len + zeros + body_len;
    int pad = spec.width > total ? spec.width - total : 0;
    if (spec.zero && !spec.left && spec.precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!spec.left) sink.repeat(' ', pad);
    for (int i = 0; i < prefix_len; ++i) sink.put(prefix[i]);
    sink.repeat('0', zeros);
    for (int i = 0; i < body_len; ++i) sink.put(body[i]);
    if (spec.left) sink.repeat(' ', pad);
}

void put_unsigned(Sink& sink, Spec spec, std::uint64_t v, unsigned base, bool upper, const char* prefix) {
    char digits[24];
    int n = 0;
    const char* set = upper ? "0123456789ABCDEF" : "0123456789abcdef";
    do {
        digits[n++] = set[v % base];
        v /= base;
    } while (v);
    char body[24];
    for (int i = 0; i < n; ++i) body[i] = digits[n - 1 - i];
    if (spec.precision == 0 && n == 1 && body[0] == '0') n = 0;  // "%.0d" of 0 prints nothing
    put_field(sink, spec, prefix, body, n);
}

}  // namespace

int format(char* out, std::size_t size, const char* fmt, std::va_list args) {
    Sink sink{out, size};
    for (const char* f = fmt; *f; ++f) {
        if (*f != '%') {
            sink.put(*f);
            continue;
        }
        Spec spec;
        for (++f;; ++f) {
            if (*f == '-') spec.left = true;
            else if (*f == '0') spec.zero = true;
            else if (*f == '+') spec.plus = true;
            else if (*f == ' ') spec.space = true;
            else if (*f == '#') spec.alt = true;
            else break;
        }
        if (*f == '*') {
            spec.width = va_arg(args, int);
            if (spec.width < 0) {
                spec.left = true;
                spec.width = -spec.width;
            }
            ++f;
        } else {
            while (is_digit(*f)) spec.width = spec.width * 10 + (*f++ - '0');
        }
        if (*f == '.') {
            ++f;
            spec.precision = 0;
            if (*f == '*') {
                spec.precision = va_arg(args, int);
                ++f;
            } else {
                while (is_digit(*f)) spec.precision = spec.precision * 10 + (*f++ - '0');
            }
        }
        int longs = 0;  // 0: int, 1: long, 2: long long / intmax_t / size_t
        bool narrow = false;
        for (;; ++f) {
            if (*f == 'l') ++longs;
            else if (*f == 'j' || *f == 'z' || *f == 't') longs = 2;
            else if (*f == 'h') narrow = true;
            else break;
        }
        auto take_signed = [&]() -> std::int64_t {
            if (longs >= 2) return va_arg(args, long long);
            if (longs == 1) return va_arg(args, long);
            return va_arg(args, int);
        };
        auto take_unsigned = [&]() -> std::uint64_t {
            if (longs >= 2) return va_arg(args, unsigned long long);
            if (longs == 1) return va_arg(args, unsigned long);
            return va_arg(args, unsigned int);
        };
        (void)narrow;  // char and short arrive promoted to int
        switch (*f) {
            case 'd':
            case 'i': {
                std::int64_t v = take_signed();
                const char* sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
                std::uint64_t magnitude = v < 0 ? std::uint64_t(0) - std::uint64_t(v) : std::uint64_t(v);
                put_unsigned(sink, spec, magnitude, 10, false, sign);
                break;
            }
            case 'u': put_unsigned(sink, spec, take_unsigned(), 10, false, ""); break;
            case 'o': put_unsigned(sink, spec, take_unsigned(), 8, false, spec.alt ? "0" : ""); break;
            case 'x': put_unsigned(sink, spec, take_unsigned(), 16, false, spec.alt ? "0x" : ""); break;
            case 'X': put_unsigned(sink, spec, take_unsigned(), 16, true, spec.alt ? "0X" : ""); break;
            case 'p': {
                Spec p;
                put_unsigned(sink, p, std::uint64_t(reinterpret_cast<std::uintptr_t>(va_arg(args, void*))), 16, false, "0x");
                break;
            }
            case 'c': {
                char c = char(va_arg(args, int));
                spec.precision = -1;
                put_field(sink, spec, "", &c, 1);
                break;
            }
            case 's': {
                const char* s = va_arg(args, const char*);
                if (!s) s = "(null)";
                int n = 0;
                while (s[n] && (spec.precision < 0 || n < spec.precision)) ++n;
                spec.precision = -1;
                spec.zero = false;
                put_field(sink, spec, "", s, n);
                break;
            }
            case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
                (void)va_arg(args, double);
                for (const char* t = "<float>"; *t; ++t) sink.put(*t);
                break;
            }
            case '%': sink.put('%'); break;
            case '\0': --f; break;  // a lone '%' at the end
            default: sink.put('%'); sink.put(*f); break;
        }
    }
    if (size) out[sink.length < size ? sink.length : size - 1] = '\0';
    return int(sink.length);
}

}  // namespace rps::c_text
