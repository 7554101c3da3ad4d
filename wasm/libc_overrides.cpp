// WASM build only: the C library's strtod family and snprintf family, replaced by the small
// versions in core/c_text.hpp (why: see there). Defining every symbol of musl's strtod.c and
// snprintf.c / vsnprintf.c here keeps the linker from pulling those objects in.
#include <cstdarg>
#include <cstddef>

#include "core/c_text.hpp"

extern "C" {

double strtod(const char* text, char** end) { return rps::c_text::parse_double(text, end); }
float strtof(const char* text, char** end) { return static_cast<float>(rps::c_text::parse_double(text, end)); }
long double strtold(const char* text, char** end) { return rps::c_text::parse_double(text, end); }

int vsnprintf(char* out, std::size_t size, const char* fmt, std::va_list args) {
    return rps::c_text::format(out, size, fmt, args);
}

int snprintf(char* out, std::size_t size, const char* fmt, ...) {
    std::va_list args;
    va_start(args, fmt);
    const int n = rps::c_text::format(out, size, fmt, args);
    va_end(args);
    return n;
}

}  // extern "C"
