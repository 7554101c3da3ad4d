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

// The core module only: strlen and memchr byte by byte, in place of musl's word-at-a-time
// versions (four times the code). The core reads short texts (keys, names, selectors); the
// telemetry module, which scans request bodies, keeps musl's. no_builtin: the compiler must
// not turn the loops back into calls to the functions they define.
#ifndef RPS_WITH_TELEMETRY
extern "C" {

__attribute__((no_builtin)) std::size_t strlen(const char* text) {
    const char* end = text;
    while (*end) ++end;
    return static_cast<std::size_t>(end - text);
}
__attribute__((no_builtin)) void* memchr(const void* bytes, int value, std::size_t size) {
    for (const unsigned char* p = static_cast<const unsigned char*>(bytes); size; --size, ++p)
        if (*p == static_cast<unsigned char>(value)) return const_cast<unsigned char*>(p);
    return nullptr;
}

}  // extern "C"
#endif
