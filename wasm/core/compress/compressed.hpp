// gzip (RFC 1952) and zlib (RFC 1950) containers around DEFLATE: told apart by their first
// bytes, never by a header the sender set; opened with every check the format has (header
// fields, CRC-32 / ISIZE, Adler-32, nothing after the end) and an output cap, so that a
// corrupt stream or a decompression bomb is refused rather than partly used.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rps::compress {

enum class Container : std::uint8_t { none, gzip, zlib };

const char* container_name(Container c);  // "gzip", "zlib", "none"

// gzip: 1f 8b. zlib: a CMF/FLG pair (method 8, window up to 32 KB, FLG check) — two bytes
// that plain text can also start with ("x^", "HK"): the caller treats a zlib stream that
// does not open as the text it may be.
Container sniff_container(std::string_view bytes);

struct Opened {
    bool ok = false;
    std::string data;
    std::string error;  // what is wrong, naming the container ("gzip body: CRC-32 mismatch")
};

// The decompressed data of `bytes` in container `c` (gzip or zlib), at most `max_bytes`.
Opened open_container(std::string_view bytes, Container c, std::size_t max_bytes);

// `data` compressed in container `c` (gzip or zlib): a minimal header (no name, comment,
// extra field or time stamp: they would carry what the sender put there unredacted).
std::string close_container(std::string_view data, Container c);

std::uint32_t crc32(std::string_view data);
std::uint32_t adler32(std::string_view data);

}  // namespace rps::compress
