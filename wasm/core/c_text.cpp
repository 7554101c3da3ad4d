#include "core/c_text.hpp"

#include <cerrno>
#include <cfloat>
#include <climits>
#include <cmath>
#include <cstddef>
#include <cstdint>

#include "core/redact/ascii.hpp"

namespace rps::c_text {
namespace {

using redact::ascii::is_digit;

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
    int kept = 0;           // significant digits in mantissa (at most 19)
    std::int64_t exp10 = 0; // decimal exponent of the last kept digit
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
            // Capped far above any text's length, so leading zeros ("0.000…1e+N") still
            // cancel, and far below overflow.
            constexpr std::int64_t kExponentCap = 1000000000000000;
            std::int64_t e = 0;
            for (; is_digit(*q); ++q)
                if (e < kExponentCap) e = e * 10 + (*q - '0');
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
        // As glibc: out of range, including a result that lost precision as a subnormal.
        if (std::isinf(v) || v < DBL_MIN) errno = ERANGE;
    }
    return negative ? -v : v;
}

namespace {

struct Sink {
    char* out;
    std::size_t size;
    // What a large enough buffer would hold: 64-bit where size_t is 32-bit too (wasm32),
    // so that widths near INT_MAX cannot add up past 2^32 and wrap to a small count.
    std::uint64_t length = 0;
    void put(char c) {
        if (length + 1 < size) out[length] = c;
        ++length;
    }
    // Writes what fits and counts the rest: a width near INT_MAX is not two billion steps.
    void repeat(char c, std::uint64_t n) {
        const std::uint64_t room = length + 1 < size ? size - 1 - length : 0;
        for (std::uint64_t i = 0; i < n && i < room; ++i) out[length + i] = c;
        length += n;
    }
};

struct Spec {
    bool left = false, zero = false, plus = false, space = false, alt = false;
    int width = 0;
    int precision = -1;
    bool too_large = false;  // a width or precision past INT_MAX: glibc fails with EOVERFLOW
};

// Sizes in 64 bits: a width or precision near INT_MAX plus a prefix does not fit an int.
void put_field(Sink& sink, const Spec& spec, const char* prefix, const char* body, std::size_t body_len) {
    std::uint64_t prefix_len = 0;
    while (prefix[prefix_len]) ++prefix_len;
    const std::uint64_t precision = spec.precision < 0 ? 0 : std::uint64_t(spec.precision);
    std::uint64_t zeros = precision > body_len ? precision - body_len : 0;
    const std::uint64_t total = prefix_len + zeros + body_len;
    const std::uint64_t width = std::uint64_t(spec.width);
    std::uint64_t pad = width > total ? width - total : 0;
    if (spec.zero && !spec.left && spec.precision < 0) {
        zeros += pad;
        pad = 0;
    }
    if (!spec.left) sink.repeat(' ', pad);
    for (std::uint64_t i = 0; i < prefix_len; ++i) sink.put(prefix[i]);
    sink.repeat('0', zeros);
    for (std::size_t i = 0; i < body_len; ++i) sink.put(body[i]);
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
    put_field(sink, spec, prefix, body, std::size_t(n));
}

// '#' with o: a leading 0 unless the digits, with the precision's zeros, start with one
// already; 0 itself prints "0" (also "%#.0o").
const char* octal_prefix(const Spec& spec, std::uint64_t v) {
    if (!spec.alt) return "";
    if (v == 0) return spec.precision == 0 ? "0" : "";
    int n = 0;
    for (; v; v /= 8) ++n;
    return spec.precision > n ? "" : "0";
}

// '#' with x / X: "0x" / "0X", except before 0.
const char* hex_prefix(const Spec& spec, std::uint64_t v, bool upper) {
    if (!spec.alt || v == 0) return "";
    return upper ? "0X" : "0x";
}

// The argument's size, from the length modifier. char and short arrive promoted to int,
// so hh and h convert back to their type before printing (%hu of -1 is 65535).
enum class Length { hh, h, normal, l, ll };

// The integer argument of a conversion. (A va_list passes between functions by pointer to
// a copy: va_list may be an array type, and a callee's va_arg on a by-value one leaves the
// caller's indeterminate.)
std::int64_t take_signed(std::va_list* args, Length length) {
    switch (length) {
        case Length::hh: return static_cast<signed char>(va_arg(*args, int));
        case Length::h: return static_cast<short>(va_arg(*args, int));
        case Length::normal: return va_arg(*args, int);
        case Length::l: return va_arg(*args, long);
        case Length::ll: break;
    }
    return va_arg(*args, long long);
}

std::uint64_t take_unsigned(std::va_list* args, Length length) {
    switch (length) {
        case Length::hh: return static_cast<unsigned char>(va_arg(*args, unsigned int));
        case Length::h: return static_cast<unsigned short>(va_arg(*args, unsigned int));
        case Length::normal: return va_arg(*args, unsigned int);
        case Length::l: return va_arg(*args, unsigned long);
        case Length::ll: break;
    }
    return va_arg(*args, unsigned long long);
}

// z, t and j name types whose size differs between targets (size_t is 32-bit in wasm32).
template <typename T>
constexpr Length length_of() {
    static_assert(sizeof(T) == sizeof(long) || sizeof(T) == sizeof(long long), "an integer type printf reads");
    return sizeof(T) == sizeof(long) ? Length::l : Length::ll;
}

// A written width or precision; `too_large` when it does not fit an int (all its digits are
// still read, so the spec ends where glibc's does).
int read_count(const char*& f, bool& too_large) {
    int n = 0;
    for (; is_digit(*f); ++f) {
        const int digit = *f - '0';
        if (n > (INT_MAX - digit) / 10) too_large = true;
        else if (!too_large) n = n * 10 + digit;
    }
    return n;
}

// Flags, width and precision, after the '%'; f ends on the length modifier.
Spec read_spec(const char*& f, std::va_list* args) {
    Spec spec;
    for (;; ++f) {
        if (*f == '-') spec.left = true;
        else if (*f == '0') spec.zero = true;
        else if (*f == '+') spec.plus = true;
        else if (*f == ' ') spec.space = true;
        else if (*f == '#') spec.alt = true;
        else break;
    }
    if (*f == '*') {
        spec.width = va_arg(*args, int);
        if (spec.width == INT_MIN) {  // its magnitude is no int
            spec.too_large = true;
            spec.width = 0;
        } else if (spec.width < 0) {  // a negative width is the '-' flag
            spec.left = true;
            spec.width = -spec.width;
        }
        ++f;
    } else {
        spec.width = read_count(f, spec.too_large);
    }
    if (*f == '.') {
        ++f;
        spec.precision = 0;
        if (*f == '*') {
            spec.precision = va_arg(*args, int);  // negative: as if none was given
            ++f;
        } else {
            spec.precision = read_count(f, spec.too_large);
        }
    }
    return spec;
}

// hh h l ll j z t L; f ends on the conversion. `long_double`: an L for a float conversion.
Length read_length(const char*& f, bool& long_double) {
    Length length = Length::normal;
    long_double = false;
    for (;; ++f) {
        if (*f == 'h') length = length == Length::h ? Length::hh : Length::h;
        else if (*f == 'l') length = length == Length::l ? Length::ll : Length::l;
        else if (*f == 'z') length = length_of<std::size_t>();
        else if (*f == 't') length = length_of<std::ptrdiff_t>();
        else if (*f == 'j') length = length_of<std::intmax_t>();
        else if (*f == 'L') long_double = true;
        else break;
    }
    return length;
}

void put_string(Sink& sink, Spec spec, const char* s) {
    // As glibc: "(null)" for a null pointer, or nothing when the precision cuts it short.
    if (!s) s = spec.precision < 0 || spec.precision >= 6 ? "(null)" : "";
    std::size_t n = 0;
    while (s[n] && (spec.precision < 0 || n < std::size_t(spec.precision))) ++n;
    spec.precision = -1;
    spec.zero = false;
    put_field(sink, spec, "", s, n);
}

}  // namespace

int format(char* out, std::size_t size, const char* fmt, std::va_list list) {
    std::va_list copy;
    va_copy(copy, list);
    std::va_list* args = &copy;
    Sink sink{out, size};
    bool failed = false;
    for (const char* f = fmt; *f && !failed; ++f) {
        if (*f != '%') {
            sink.put(*f);
            continue;
        }
        const char* start = f++;
        Spec spec = read_spec(f, args);
        if (spec.too_large) {
            errno = EOVERFLOW;
            failed = true;
            break;
        }
        const char* modifiers = f;
        bool long_double = false;
        const Length length = read_length(f, long_double);
        switch (*f) {
            case 'd':
            case 'i': {
                std::int64_t v = take_signed(args, length);
                const char* sign = v < 0 ? "-" : spec.plus ? "+" : spec.space ? " " : "";
                std::uint64_t magnitude = v < 0 ? std::uint64_t(0) - std::uint64_t(v) : std::uint64_t(v);
                put_unsigned(sink, spec, magnitude, 10, false, sign);
                break;
            }
            case 'u': put_unsigned(sink, spec, take_unsigned(args, length), 10, false, ""); break;
            case 'o': {
                const std::uint64_t v = take_unsigned(args, length);
                put_unsigned(sink, spec, v, 8, false, octal_prefix(spec, v));
                break;
            }
            case 'x':
            case 'X': {
                const bool upper = *f == 'X';
                const std::uint64_t v = take_unsigned(args, length);
                put_unsigned(sink, spec, v, 16, upper, hex_prefix(spec, v, upper));
                break;
            }
            case 'p': {
                Spec p;
                put_unsigned(sink, p, std::uint64_t(reinterpret_cast<std::uintptr_t>(va_arg(*args, void*))), 16, false, "0x");
                break;
            }
            case 'c': {
                char c = char(va_arg(*args, int));
                spec.precision = -1;
                put_field(sink, spec, "", &c, 1);
                break;
            }
            case 's': put_string(sink, spec, va_arg(*args, const char*)); break;
            case 'f': case 'F': case 'e': case 'E': case 'g': case 'G': case 'a': case 'A': {
                if (long_double) (void)va_arg(*args, long double);
                else (void)va_arg(*args, double);
                for (const char* t = "<float>"; *t; ++t) sink.put(*t);
                break;
            }
            case '%': sink.put('%'); break;
            // A lone '%' at the end: glibc writes what came before and reports an error.
            case '\0':
                --f;
                failed = true;
                break;
            // An unknown conversion is printed as written without its length modifier, as
            // glibc does ("%5y", "%ly" → "%y"; glibc also rewrites '*' and reorders flags).
            default:
                for (const char* c = start; c < modifiers; ++c) sink.put(*c);
                sink.put(*f);
                break;
        }
    }
    va_end(copy);
    if (size) out[sink.length < size ? sink.length : size - 1] = '\0';
    // As glibc: a count an int cannot hold is an error, EOVERFLOW.
    if (!failed && sink.length > std::uint64_t(INT_MAX)) {
        errno = EOVERFLOW;
        failed = true;
    }
    return failed ? -1 : int(sink.length);
}

}  // namespace rps::c_text
