// core/c_text: held to the C library's strtod and vsnprintf (glibc, natively).
#include <catch2/catch.hpp>

#include <cerrno>
#include <cmath>
#include <cstdarg>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

#include "core/c_text.hpp"

using rps::c_text::parse_double;

namespace {

std::string ours(const char* fmt, ...) {
    char buf[128];
    std::va_list args;
    va_start(args, fmt);
    int n = rps::c_text::format(buf, sizeof buf, fmt, args);
    va_end(args);
    return std::to_string(n) + ":" + buf;
}

std::string libc(const char* fmt, ...) {
    char buf[128];
    std::va_list args;
    va_start(args, fmt);
    int n = std::vsnprintf(buf, sizeof buf, fmt, args);
    va_end(args);
    return std::to_string(n) + ":" + buf;
}

}  // namespace

TEST_CASE("parse_double: exact where the fast path applies, like strtod") {
    const std::vector<std::string> exact = {
        "0", "-0", "1", "-1", "0.5", "3.14159", "1e10", "1E-5", "2.5e+3", "123456789012345", "9007199254740992",
        "0.1", "0.2", "0.3", "1.7976931348623157e10", "-42.125", "1e22", "1e-22", "12345.6789e-3", "000123.4500",
        "4.68", "1732350000000", "1732350000000.5", "  7.25", "+8.5", "0.000001", "1.5e0"};
    for (const auto& text : exact) {
        INFO(text);
        char* a = nullptr;
        char* b = nullptr;
        double got = parse_double(text.c_str(), &a);
        double want = std::strtod(text.c_str(), &b);
        CHECK(got == want);
        CHECK(std::signbit(got) == std::signbit(want));
        CHECK(a - text.c_str() == b - text.c_str());
    }
}

TEST_CASE("parse_double: long mantissas, large exponents, range, and where parsing stops") {
    const std::vector<std::string> close = {"3.141592653589793238462643383279", "1e100", "1e-100", "6.02214076e23",
                                            "123456789012345678901234567890", "2.2250738585072014e-308", "1e308"};
    for (const auto& text : close) {
        INFO(text);
        double got = parse_double(text.c_str(), nullptr);
        double want = std::strtod(text.c_str(), nullptr);
        CHECK(std::fabs(got - want) <= std::fabs(want) * 1e-14);
    }
    errno = 0;
    CHECK(std::isinf(parse_double("1e400", nullptr)));
    CHECK(errno == ERANGE);
    CHECK(parse_double("-1e-400", nullptr) == 0);
    CHECK(std::signbit(parse_double("-1e-400", nullptr)));

    // Where parsing stops, as strtod: a dangling exponent or dot is not consumed.
    for (const char* text : {"12e", "12e+", "12.", ".5", "5.x", "1e5z", "-", "", "abc", ".", "e5", "0x10"}) {
        INFO(text);
        char* a = nullptr;
        char* b = nullptr;
        double got = parse_double(text, &a);
        double want = std::strtod(text, &b);
        if (std::strncmp(text, "0x", 2) != 0) {  // hex floats: not JSON, not supported
            CHECK(got == want);
            CHECK(a - text == b - text);
        } else {
            CHECK(got == 0);
            CHECK(a - text == 1);
        }
    }
}

TEST_CASE("format: the printf conversions nlohmann and libc++ use, like vsnprintf") {
    CHECK(ours("<U+%.4X>", 0x1f) == libc("<U+%.4X>", 0x1f));
    CHECK(ours("%d|%i|%u", -12, 34, 56u) == libc("%d|%i|%u", -12, 34, 56u));
    CHECK(ours("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42) == libc("%5d|%-5d|%05d|%+d|% d", 42, 42, 42, 42, 42));
    CHECK(ours("%x|%X|%#x|%o|%#o", 255u, 255u, 255u, 8u, 8u) == libc("%x|%X|%#x|%o|%#o", 255u, 255u, 255u, 8u, 8u));
    CHECK(ours("%ld|%lld|%lu|%zu", -5L, -6LL, 7UL, std::size_t(8)) == libc("%ld|%lld|%lu|%zu", -5L, -6LL, 7UL, std::size_t(8)));
    CHECK(ours("%hhd|%hd", 65, 300) == libc("%d|%d", 65, 300));
    CHECK(ours("%s|%.2s|%5s|%-5s|", "abc", "abc", "ab", "ab") == libc("%s|%.2s|%5s|%-5s|", "abc", "abc", "ab", "ab"));
    CHECK(ours("%c%c|%%|%*d|%.*d", 'o', 'k', 4, 7, 3, 7) == libc("%c%c|%%|%*d|%.*d", 'o', 'k', 4, 7, 3, 7));
    CHECK(ours("%d", -2147483647 - 1) == libc("%d", -2147483647 - 1));
    CHECK(ours("%lld", -9223372036854775807LL - 1) == libc("%lld", -9223372036854775807LL - 1));
    CHECK(ours("%.0d|%.3d", 0, 5) == libc("%.0d|%.3d", 0, 5));
    CHECK(ours("%g", 1.5) == "7:<float>");  // documented: no float formatting

    // Truncation: the count is what a large enough buffer would take, the text ends in NUL.
    char small[5];
    std::va_list none{};
    (void)none;
    auto fmt_into = [&](const char* f, ...) {
        std::va_list args;
        va_start(args, f);
        int n = rps::c_text::format(small, sizeof small, f, args);
        va_end(args);
        return n;
    };
    CHECK(fmt_into("%s", "abcdefgh") == 8);
    CHECK(std::string(small) == "abcd");
    CHECK(rps::c_text::format(nullptr, 0, "x", none) == 1);
}
