// Number parsing and printf-style formatting for the WASM build, in place of musl's strtod
// and snprintf (wasm/libc_overrides.cpp forwards to these, for whatever in the module calls
// them). The JSON reader (core/json_in.cpp) calls parse_double for a number with a fraction
// or an exponent, or too long for 64 bits. musl's versions pull in printf's float formatting
// and 128-bit float emulation, a large share of the core module (npm run bench prints the
// bundle sizes).
#pragma once

#include <cstdarg>
#include <cstddef>

namespace rps::c_text {

// strtod for decimal text: [space][+-]digits[.digits][(e|E)[+-]digits]. Correctly rounded
// when the significant digits fit in 2^53 and the decimal exponent is within ±22 (every
// number a manifest or consent record holds). Otherwise not correctly rounded: digits past
// the 19th only scale, and an exponent past ±22 is applied in steps of 10^22 that each
// round, so the result can be a few units in the last place off (c_text_test holds it to at
// most 6 against glibc on random inputs across the range). At the top of the range that
// error can overflow: a value a few ulps below DBL_MAX's rounding limit may give HUGE_VAL
// ("1.7976931348623158e308" does; glibc gives DBL_MAX). Overflow gives ±HUGE_VAL, underflow
// ±0, both with errno = ERANGE, as does a subnormal result (as glibc). No inf/nan/hex
// spellings (JSON has none): "inf" and "nan", like text with no digits, convert nothing
// (*end = text, result 0); of "0x1p3" only the "0" is read.
double parse_double(const char* text, char** end);

// vsnprintf for the conversions d i u o x X c s p % with flags - 0 + space #, width and
// precision (also '*') and length modifiers hh h l ll j z t L, matching glibc: also "(null)"
// for a null %s, an unknown conversion printed as written ("%5y"; glibc differs only in
// rewriting a '*' and reordering flags), and -1 for a lone '%' at the end. A width or
// precision past INT_MAX, or a count past INT_MAX, gives -1 with errno = EOVERFLOW, as glibc.
// A float conversion (f e g a) writes "<float>" instead of a number: nothing in the module
// prints floats with printf.
int format(char* out, std::size_t size, const char* fmt, std::va_list args);

}  // namespace rps::c_text
