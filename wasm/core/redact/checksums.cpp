#include "core/redact/checksums.hpp"

#include "core/redact/ascii.hpp"

namespace rps::redact {
namespace {

int num(std::string_view s) {
    int v = 0;
    for (char c : s) v = v * 10 + (c - '0');
    return v;
}

bool all_digits(std::string_view s) {
    for (char c : s)
        if (!ascii::is_digit(c)) return false;
    return !s.empty();
}

// GB/T 2260 top-level divisions; 71/81/82/83/91 cover Taiwan, Hong Kong, Macau and
// residence permits, which share the number format.
bool province_valid(int p) {
    return (p >= 11 && p <= 15) || (p >= 21 && p <= 23) || (p >= 31 && p <= 37) || (p >= 41 && p <= 46) ||
           (p >= 50 && p <= 54) || (p >= 61 && p <= 65) || p == 71 || p == 81 || p == 82 || p == 83 || p == 91;
}

}  // namespace

bool luhn_valid(std::string_view digits) {
    if (digits.empty()) return false;
    int sum = 0;
    bool twice = false;
    for (std::size_t i = digits.size(); i-- > 0;) {
        char c = digits[i];
        if (!ascii::is_digit(c)) return false;
        int d = c - '0';
        if (twice) {
            d *= 2;
            if (d > 9) d -= 9;
        }
        sum += d;
        twice = !twice;
    }
    return sum % 10 == 0;
}

bool date_valid(int year, int month, int day) {
    if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1) return false;
    static constexpr int kDays[] = {31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31};
    int max = kDays[month - 1];
    if (month == 2 && ((year % 4 == 0 && year % 100 != 0) || year % 400 == 0)) max = 29;
    return day <= max;
}

bool cn_resident_id_valid(std::string_view id) {
    if (id.size() == 15) {
        if (!all_digits(id) || !province_valid(num(id.substr(0, 2)))) return false;
        return date_valid(1900 + num(id.substr(6, 2)), num(id.substr(8, 2)), num(id.substr(10, 2)));
    }
    if (id.size() != 18 || !all_digits(id.substr(0, 17))) return false;
    if (!province_valid(num(id.substr(0, 2)))) return false;
    if (!date_valid(num(id.substr(6, 4)), num(id.substr(10, 2)), num(id.substr(12, 2)))) return false;
    static constexpr int kWeights[17] = {7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    int sum = 0;
    for (int i = 0; i < 17; ++i) sum += (id[i] - '0') * kWeights[i];
    static constexpr char kCheck[] = "10X98765432";
    char expected = kCheck[sum % 11];
    char got = id[17] == 'x' ? 'X' : id[17];
    return got == expected;
}

}  // namespace rps::redact
