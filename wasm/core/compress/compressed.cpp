#include "core/compress/compressed.hpp"

#include <array>
#include <memory>

#include "core/compress/deflate.hpp"
#include "core/compress/inflate.hpp"
#include "core/text.hpp"

namespace rps::compress {
namespace {

constexpr std::array<std::uint32_t, 256> make_crc_table() {
    std::array<std::uint32_t, 256> table{};
    for (std::uint32_t n = 0; n < 256; ++n) {
        std::uint32_t c = n;
        for (int k = 0; k < 8; ++k) c = c & 1 ? 0xEDB88320u ^ (c >> 1) : c >> 1;
        table[n] = c;
    }
    return table;
}
constexpr std::array<std::uint32_t, 256> kCrcTable = make_crc_table();

constexpr std::uint8_t kGzipHeaderCrc = 2, kGzipExtra = 4, kGzipName = 8, kGzipComment = 16;
constexpr std::uint8_t kGzipReserved = 0xE0;
constexpr std::uint8_t kZlibPresetDictionary = 0x20;

std::uint8_t byte_at(std::string_view s, std::size_t i) { return static_cast<std::uint8_t>(s[i]); }

std::uint32_t little_endian32(std::string_view s, std::size_t at) {
    return byte_at(s, at) | byte_at(s, at + 1) << 8 | byte_at(s, at + 2) << 16 | std::uint32_t(byte_at(s, at + 3)) << 24;
}
std::uint32_t big_endian32(std::string_view s, std::size_t at) {
    return std::uint32_t(byte_at(s, at)) << 24 | byte_at(s, at + 1) << 16 | byte_at(s, at + 2) << 8 | byte_at(s, at + 3);
}
void put_little_endian32(std::string& out, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}
void put_big_endian32(std::string& out, std::uint32_t v) {
    for (int k = 3; k >= 0; --k) out.push_back(static_cast<char>((v >> (8 * k)) & 0xFF));
}

const char* inflate_problem(InflateStatus status) {
    switch (status) {
        case inflate_truncated: return "truncated deflate stream";
        case inflate_bad_block: return "invalid deflate block";
        case inflate_bad_code: return "invalid deflate code";
        case inflate_bad_distance: return "deflate match reaches before the start";
        case inflate_too_much_work: return "deflate stream takes too much work for its size";
        default: return "corrupt deflate stream";
    }
}

Opened refused(Container c, std::string_view problem) {
    Opened o;
    o.error = std::string(container_name(c)) + " body: " + std::string(problem);
    return o;
}

// Where the DEFLATE data of a gzip member starts, past its optional fields; 0 when the
// header is damaged (`problem` says how).
std::size_t gzip_data_start(std::string_view bytes, const char*& problem) {
    problem = "truncated header";
    if (bytes.size() < 10) return 0;
    if (byte_at(bytes, 2) != 8) {
        problem = "unknown compression method";
        return 0;
    }
    const std::uint8_t flags = byte_at(bytes, 3);
    if (flags & kGzipReserved) {
        problem = "reserved header flags set";
        return 0;
    }
    std::size_t at = 10;
    if (flags & kGzipExtra) {
        if (at + 2 > bytes.size()) return 0;
        at += 2 + (byte_at(bytes, at) | byte_at(bytes, at + 1) << 8);
    }
    for (std::uint8_t field : {kGzipName, kGzipComment}) {
        if (!(flags & field)) continue;
        while (at < bytes.size() && bytes[at] != '\0') ++at;
        ++at;  // the terminating zero
    }
    if (flags & kGzipHeaderCrc) {
        if (at + 2 > bytes.size()) return 0;
        if ((crc32(bytes.substr(0, at)) & 0xFFFFu) != static_cast<std::uint32_t>(byte_at(bytes, at) | byte_at(bytes, at + 1) << 8)) {
            problem = "header CRC mismatch";
            return 0;
        }
        at += 2;
    }
    return at <= bytes.size() ? at : 0;
}

// Inflates [start, ...) of `bytes` twice: first only counting the output against the cap
// (nothing is allocated for a bomb), then into a buffer of exactly that size.
Opened inflate_body(std::string_view bytes, std::size_t start, Container c, std::size_t max_bytes, std::size_t& end) {
    auto work = std::make_unique<InflateWork>();
    const auto* in = reinterpret_cast<const std::uint8_t*>(bytes.data()) + start;
    const std::size_t in_size = bytes.size() - start;
    const InflateResult sized = inflate_stream(in, in_size, nullptr, max_bytes, *work);
    if (sized.status == inflate_too_large)
        return refused(c, "decompresses to more than " + decimal(max_bytes) + " bytes");
    if (sized.status != inflate_ok) return refused(c, inflate_problem(sized.status));
    Opened o;
    o.data.resize(sized.written);
    inflate_stream(in, in_size, reinterpret_cast<std::uint8_t*>(o.data.data()), sized.written, *work);
    end = start + sized.consumed;
    o.ok = true;
    return o;
}

}  // namespace

const char* container_name(Container c) {
    switch (c) {
        case Container::gzip: return "gzip";
        case Container::zlib: return "zlib";
        default: return "none";
    }
}

Container sniff_container(std::string_view bytes) {
    if (bytes.size() < 2) return Container::none;
    const std::uint8_t b0 = byte_at(bytes, 0), b1 = byte_at(bytes, 1);
    if (b0 == 0x1F && b1 == 0x8B) return Container::gzip;
    if ((b0 & 0x0F) == 8 && (b0 >> 4) <= 7 && ((b0 << 8) | b1) % 31 == 0) return Container::zlib;
    return Container::none;
}

std::uint32_t crc32(std::string_view data) {
    std::uint32_t c = 0xFFFFFFFFu;
    for (char ch : data) c = kCrcTable[(c ^ static_cast<std::uint8_t>(ch)) & 0xFF] ^ (c >> 8);
    return c ^ 0xFFFFFFFFu;
}

std::uint32_t adler32(std::string_view data) {
    constexpr std::uint32_t kMod = 65521;
    // 5552: the most bytes whose sums cannot overflow 32 bits before the modulo (zlib's NMAX).
    constexpr std::size_t kRun = 5552;
    std::uint32_t a = 1, b = 0;
    for (std::size_t at = 0; at < data.size(); at += kRun) {
        const std::size_t end = data.size() - at < kRun ? data.size() : at + kRun;
        for (std::size_t i = at; i < end; ++i) {
            a += static_cast<std::uint8_t>(data[i]);
            b += a;
        }
        a %= kMod;
        b %= kMod;
    }
    return b << 16 | a;
}

Opened open_container(std::string_view bytes, Container c, std::size_t max_bytes) {
    std::size_t start = 0;
    if (c == Container::gzip) {
        const char* problem = nullptr;
        start = gzip_data_start(bytes, problem);
        if (start == 0) return refused(c, problem);
    } else if (c == Container::zlib) {
        if (bytes.size() < 2 || sniff_container(bytes) != Container::zlib) return refused(c, "invalid header");
        if (byte_at(bytes, 1) & kZlibPresetDictionary) return refused(c, "needs a preset dictionary");
        start = 2;
    } else {
        return refused(c, "not a compressed container");
    }
    std::size_t end = 0;
    Opened o = inflate_body(bytes, start, c, max_bytes, end);
    if (!o.ok) return o;
    const std::size_t trailer = c == Container::gzip ? 8 : 4;
    if (bytes.size() - end < trailer) return refused(c, "truncated trailer");
    if (bytes.size() - end > trailer) return refused(c, "data after the end of the stream");
    if (c == Container::gzip) {
        if (little_endian32(bytes, end) != crc32(o.data)) return refused(c, "CRC-32 mismatch");
        if (little_endian32(bytes, end + 4) != static_cast<std::uint32_t>(o.data.size())) return refused(c, "ISIZE mismatch");
    } else if (big_endian32(bytes, end) != adler32(o.data)) {
        return refused(c, "Adler-32 mismatch");
    }
    return o;
}

std::string close_container(std::string_view data, Container c) {
    std::string out;
    if (c == Container::gzip) {
        // ID1 ID2, CM deflate, no flags, MTIME 0, XFL 0, OS unknown.
        out.assign("\x1f\x8b\x08\x00\x00\x00\x00\x00\x00\xff", 10);
        out += deflate_raw(data);
        put_little_endian32(out, crc32(data));
        put_little_endian32(out, static_cast<std::uint32_t>(data.size()));
    } else {
        out.assign("\x78\x9c", 2);  // deflate, 32 KB window, no dictionary; 0x789c % 31 == 0
        out += deflate_raw(data);
        put_big_endian32(out, adler32(data));
    }
    return out;
}

}  // namespace rps::compress
