// zlib as the reference the core's DEFLATE and containers are checked against (tests only).
#pragma once

#include <zlib.h>

#include <string>
#include <string_view>

namespace rps::test {

// `window_bits` as zlib takes them: -15 raw, 15 zlib, 31 gzip.
inline std::string zlib_compress(std::string_view data, int window_bits, int level = Z_DEFAULT_COMPRESSION) {
    z_stream s{};
    deflateInit2(&s, level, Z_DEFLATED, window_bits, 8, Z_DEFAULT_STRATEGY);
    std::string out(deflateBound(&s, data.size()) + 32, '\0');
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    s.next_out = reinterpret_cast<Bytef*>(out.data());
    s.avail_out = static_cast<uInt>(out.size());
    deflate(&s, Z_FINISH);
    out.resize(s.total_out);
    deflateEnd(&s);
    return out;
}

// The decompressed bytes, or "<zlib error N>" when zlib refuses the stream. `window_bits`:
// -15 raw, 15 zlib, 31 gzip.
inline std::string zlib_decompress(std::string_view data, int window_bits) {
    z_stream s{};
    inflateInit2(&s, window_bits);
    s.next_in = reinterpret_cast<Bytef*>(const_cast<char*>(data.data()));
    s.avail_in = static_cast<uInt>(data.size());
    std::string out;
    char chunk[65536];
    int status = Z_OK;
    while (status == Z_OK) {
        s.next_out = reinterpret_cast<Bytef*>(chunk);
        s.avail_out = sizeof chunk;
        status = inflate(&s, Z_NO_FLUSH);
        out.append(chunk, sizeof chunk - s.avail_out);
        if (status == Z_BUF_ERROR && s.avail_in == 0) break;
    }
    const bool complete = status == Z_STREAM_END && s.avail_in == 0;
    inflateEnd(&s);
    return complete ? out : "<zlib error " + std::to_string(status) + ">";
}

}  // namespace rps::test
