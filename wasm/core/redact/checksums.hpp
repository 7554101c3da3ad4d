// Validity checks that separate real identifiers from numbers of the same shape
// (order numbers, timestamps), so detectors do not redact everything that is long and numeric.
#pragma once

#include <string_view>

namespace rps::redact {

// `digits` must hold only '0'..'9'; anything else fails.
bool luhn_valid(std::string_view digits);

// Gregorian date; the year range is what a resident ID can plausibly carry.
bool date_valid(int year, int month, int day);

// PRC resident identity number: 18 characters (17 digits + GB 11643 mod 11-2 check digit,
// 'X' or 'x' for 10) or the 15-digit legacy form (no check digit). Both need a known
// province prefix and a real date of birth.
bool cn_resident_id_valid(std::string_view id);

}  // namespace rps::redact
