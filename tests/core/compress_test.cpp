// DEFLATE both ways and the gzip / zlib containers, checked against zlib.
#include <catch2/catch.hpp>

#include <memory>
#include <random>

#include "core/compress/compressed.hpp"
#include "core/compress/deflate.hpp"
#include "core/compress/inflate.hpp"
#include "zlib_reference.hpp"

using namespace rps::compress;
using rps::test::zlib_compress;
using rps::test::zlib_decompress;

namespace {

std::string random_bytes(std::size_t n, unsigned seed) {
    std::mt19937 rng(seed);
    std::string out(n, '\0');
    for (char& c : out) c = static_cast<char>(rng() & 0xFF);
    return out;
}

// Log-like text: repetitive, with numbers that change.
std::string log_lines(std::size_t n) {
    std::string out;
    for (int i = 0; out.size() < n; ++i)
        out += R"({"event":"join","room":"r)" + std::to_string(i % 17) + R"(","ts":)" + std::to_string(1732350000000 + i * 37) +
               R"(,"user":"u)" + std::to_string(i * 7919 % 1000) + "\"}\n";
    out.resize(n);
    return out;
}

// Our inflater, sized by its own counting pass.
std::pair<InflateStatus, std::string> our_inflate(std::string_view raw, std::size_t cap = 64u << 20) {
    auto work = std::make_unique<InflateWork>();
    const auto* in = reinterpret_cast<const std::uint8_t*>(raw.data());
    const InflateResult sized = inflate_stream(in, raw.size(), nullptr, cap, *work);
    if (sized.status != inflate_ok) return {sized.status, ""};
    std::string out(sized.written, '\0');
    const InflateResult r = inflate_stream(in, raw.size(), reinterpret_cast<std::uint8_t*>(out.data()), out.size(), *work);
    CHECK(r.consumed == sized.consumed);
    return {r.status, out};
}

}  // namespace

TEST_CASE("deflate_raw round-trips through zlib and through our inflate") {
    const std::string inputs[] = {"", "a", std::string(1, '\0'), "hello hello hello hello", std::string(70000, 'x'),
                                  random_bytes(100000, 1), log_lines(1 << 20), random_bytes(3, 2) + log_lines(5000)};
    for (const std::string& input : inputs) {
        INFO("input of " << input.size() << " bytes");
        const std::string packed = deflate_raw(input);
        CHECK(zlib_decompress(packed, -15) == input);
        const auto ours = our_inflate(packed);
        CHECK(ours.first == inflate_ok);
        CHECK(ours.second == input);
    }
}

TEST_CASE("deflate_raw compresses what repeats and barely grows what does not") {
    const std::string text = log_lines(1 << 20);
    CHECK(deflate_raw(text).size() < text.size() / 4);
    const std::string noise = random_bytes(200000, 3);
    // Stored blocks: 5 bytes per 64 KB.
    CHECK(deflate_raw(noise).size() <= noise.size() + 5 * (noise.size() / 65535 + 1));
    CHECK(deflate_raw("").size() == 2);  // one fixed block holding only its end code
}

TEST_CASE("inflate_stream decodes zlib's output, counts without writing, and says where the stream ends") {
    const std::string text = log_lines(300000);
    for (int level : {0, 1, 6, 9}) {
        INFO("zlib level " << level);
        const std::string raw = zlib_compress(text, -15, level);
        CHECK(our_inflate(raw).second == text);
        auto work = std::make_unique<InflateWork>();
        const std::string with_tail = raw + "TAIL";
        const auto r = inflate_stream(reinterpret_cast<const std::uint8_t*>(with_tail.data()), with_tail.size(), nullptr,
                                      text.size(), *work);
        CHECK(r.status == inflate_ok);
        CHECK(r.written == text.size());
        CHECK(r.consumed == raw.size());
    }
}

TEST_CASE("inflate_stream refuses corrupt, truncated and oversized streams") {
    const std::string text = log_lines(100000);
    const std::string raw = zlib_compress(text, -15);
    CHECK(our_inflate(raw.substr(0, raw.size() / 2)).first == inflate_truncated);
    CHECK(our_inflate(raw.substr(0, raw.size() - 1)).first == inflate_truncated);
    CHECK(our_inflate(std::string("\x07", 1)).first == inflate_bad_block);
    CHECK(our_inflate(raw, text.size() - 1).first == inflate_too_large);
    CHECK(our_inflate(raw, text.size()).first == inflate_ok);
    // A bomb: 64 MB of zeros in about 64 KB, refused at a 16 MB cap without writing anything.
    const std::string bomb = zlib_compress(std::string(64u << 20, '\0'), -15, 9);
    CHECK(bomb.size() < 100000);
    CHECK(our_inflate(bomb, 16u << 20).first == inflate_too_large);
}

TEST_CASE("checksums match zlib's") {
    for (const std::string& data : {std::string(), std::string("a"), log_lines(100000), random_bytes(20000, 4)}) {
        const auto* p = reinterpret_cast<const Bytef*>(data.data());
        CHECK(crc32(data) == ::crc32(0, p, static_cast<uInt>(data.size())));
        CHECK(adler32(data) == ::adler32(1, p, static_cast<uInt>(data.size())));
    }
}

TEST_CASE("containers are told by their first bytes") {
    CHECK(sniff_container(zlib_compress("{}", 31)) == Container::gzip);
    CHECK(sniff_container(zlib_compress("{}", 15)) == Container::zlib);
    CHECK(sniff_container(zlib_compress("{}", 15, 1)) == Container::zlib);
    CHECK(sniff_container(zlib_compress("{}", 15, 9)) == Container::zlib);
    CHECK(sniff_container("{\"a\":1}") == Container::none);
    CHECK(sniff_container("x") == Container::none);
    CHECK(sniff_container("") == Container::none);
    CHECK(sniff_container("x\x9d") == Container::none);  // the FLG check fails
}

TEST_CASE("gzip and zlib bodies open and close again, valid for zlib") {
    const std::string text = log_lines(50000);
    for (auto [container, bits] : {std::pair{Container::gzip, 31}, std::pair{Container::zlib, 15}}) {
        INFO(container_name(container));
        const Opened opened = open_container(zlib_compress(text, bits), container, 1u << 20);
        REQUIRE(opened.ok);
        CHECK(opened.data == text);
        const std::string closed = close_container("{\"redacted\":true}", container);
        CHECK(sniff_container(closed) == container);
        CHECK(zlib_decompress(closed, bits) == "{\"redacted\":true}");  // zlib checks CRC-32 / ISIZE / Adler-32
        CHECK(zlib_decompress(close_container("", container), bits).empty());
        CHECK(open_container(closed, container, 100).data == "{\"redacted\":true}");
    }
}

TEST_CASE("a gzip header's optional fields are read and not carried over") {
    // FEXTRA + FNAME + FCOMMENT + FHCRC around "hi".
    std::string gz("\x1f\x8b\x08\x1e\0\0\0\0\0\x03", 10);
    gz += std::string("\x02\0XY", 4) + std::string("name.json\0", 10) + std::string("a comment\0", 10);
    const std::uint32_t header_crc = crc32(gz);
    gz += static_cast<char>(header_crc & 0xFF);
    gz += static_cast<char>((header_crc >> 8) & 0xFF);
    gz += zlib_compress("hi", -15);
    const std::uint32_t crc = crc32("hi");
    for (int k = 0; k < 4; ++k) gz += static_cast<char>((crc >> (8 * k)) & 0xFF);
    gz += std::string("\x02\0\0\0", 4);
    REQUIRE(zlib_decompress(gz, 31) == "hi");
    const Opened opened = open_container(gz, Container::gzip, 100);
    REQUIRE(opened.ok);
    CHECK(opened.data == "hi");
    CHECK(close_container(opened.data, Container::gzip).find("name.json") == std::string::npos);
    std::string bad_header = gz;
    bad_header[15] ^= 1;  // a byte of the file name, under the header CRC
    CHECK(open_container(bad_header, Container::gzip, 100).error == "gzip body: header CRC mismatch");
}

TEST_CASE("damaged containers are refused with a reason naming the problem") {
    const std::string text = log_lines(20000);
    const std::string gz = zlib_compress(text, 31);
    const std::string zl = zlib_compress(text, 15);
    auto error = [](const std::string& bytes, Container c, std::size_t cap = 1u << 20) {
        const Opened o = open_container(bytes, c, cap);
        CHECK_FALSE(o.ok);
        CHECK(o.data.empty());
        return o.error;
    };
    std::string bad_crc = gz;
    bad_crc[gz.size() - 6] ^= 1;
    CHECK(error(bad_crc, Container::gzip) == "gzip body: CRC-32 mismatch");
    std::string bad_size = gz;
    bad_size[gz.size() - 1] ^= 1;
    CHECK(error(bad_size, Container::gzip) == "gzip body: ISIZE mismatch");
    std::string reserved = gz;
    reserved[3] |= 0x20;  // FLG bit 5: reserved, a stream that sets it is not one we know
    CHECK(error(reserved, Container::gzip) == "gzip body: reserved header flags set");
    std::string bad_adler = zl;
    bad_adler[zl.size() - 1] ^= 1;
    CHECK(error(bad_adler, Container::zlib) == "zlib body: Adler-32 mismatch");
    CHECK(error(gz.substr(0, gz.size() - 3), Container::gzip) == "gzip body: truncated trailer");
    CHECK(error(gz.substr(0, gz.size() / 2), Container::gzip) == "gzip body: truncated deflate stream");
    CHECK(error(gz.substr(0, 5), Container::gzip) == "gzip body: truncated header");
    CHECK(error(gz + "x", Container::gzip) == "gzip body: data after the end of the stream");
    std::string method = gz;
    method[2] = 7;
    CHECK(error(method, Container::gzip) == "gzip body: unknown compression method");
    CHECK(error(gz, Container::gzip, text.size() - 1) ==
          "gzip body: decompresses to more than " + std::to_string(text.size() - 1) + " bytes");
    const std::string bomb = zlib_compress(std::string(64u << 20, 'a'), 15, 9);
    CHECK(error(bomb, Container::zlib, 16u << 20) == "zlib body: decompresses to more than 16777216 bytes");
    CHECK(error(std::string("\x78\xbb\0\0\0\0", 6), Container::zlib) == "zlib body: needs a preset dictionary");
    std::string corrupt = zl;
    corrupt[2] = '\x07';  // block type 3
    CHECK(error(corrupt, Container::zlib) == "zlib body: invalid deflate block");
}

TEST_CASE("deflate_raw round-trips every small size, over a small alphabet (many matches) and bytes") {
    std::mt19937 rng(5);
    for (std::size_t n = 0; n < 700; n += 3) {
        std::string text(n, '\0');
        for (char& c : text) c = static_cast<char>('a' + rng() % 4);
        INFO("size " << n);
        CHECK(zlib_decompress(deflate_raw(text), -15) == text);
        const std::string bytes = random_bytes(n, static_cast<unsigned>(n));
        CHECK(zlib_decompress(deflate_raw(bytes), -15) == bytes);
    }
}

namespace {

// DEFLATE bits, least significant first.
struct BitWriter {
    std::string bytes;
    unsigned used = 0;
    void put(unsigned value, unsigned count) {
        for (unsigned k = 0; k < count; ++k) {
            if (used % 8 == 0) bytes.push_back('\0');
            if ((value >> k) & 1) bytes.back() = static_cast<char>(bytes.back() | (1 << (used % 8)));
            ++used;
        }
    }
};

// `blocks` dynamic blocks of about 14 bytes, each empty but declaring one 15-bit literal
// code (end of block) and one 15-bit distance code: two 2^15-entry tables per block.
std::string tiny_blocks_with_15_bit_codes(std::size_t blocks) {
    BitWriter w;
    for (std::size_t b = 0; b < blocks; ++b) {
        w.put(b + 1 == blocks ? 1 : 0, 1);  // BFINAL
        w.put(2, 2);                        // dynamic Huffman
        w.put(0, 5);                        // 257 literal/length codes
        w.put(0, 5);                        // 1 distance code
        w.put(15, 4);                       // all 19 code length codes
        // Code length code: 1 bit for 15 (code 0) and for 18 (code 1), the order 16, 17, 18, 0, ..., 15.
        for (unsigned i = 0; i < 19; ++i) w.put(i == 2 || i == 18 ? 1 : 0, 3);
        w.put(1, 1), w.put(138 - 11, 7);  // 138 zeros
        w.put(1, 1), w.put(118 - 11, 7);  // 118 zeros: literals 0..255 unused
        w.put(0, 1);                      // end of block: 15 bits
        w.put(0, 1);                      // distance 0: 15 bits
        w.put(0, 15);                     // the end of block
    }
    return w.bytes;
}

}  // namespace

TEST_CASE("inflate_stream refuses a stream whose table builds cost more than its size allows") {
    // A few such blocks decode (to nothing); thousands are refused, not built one by one.
    const std::string few = tiny_blocks_with_15_bit_codes(2);
    CHECK(few.size() < 30);
    CHECK(our_inflate(few).first == inflate_ok);
    const std::string many = tiny_blocks_with_15_bit_codes(2000);
    CHECK(many.size() < 2000 * 14);
    CHECK(our_inflate(many).first == inflate_too_much_work);
    // The container says why.
    std::string zlib = "\x78\x01" + many;
    const Opened opened = open_container(zlib, Container::zlib, 64u << 20);
    CHECK(opened.error == "zlib body: deflate stream takes too much work for its size");
    // Real streams, many blocks of fixed or dynamic codes, stay well within the budget.
    const std::string text = log_lines(2000000);
    CHECK(our_inflate(zlib_compress(text, -15)).second == text);
    CHECK(our_inflate(zlib_compress(random_bytes(300000, 7), -15, 1)).second.size() == 300000);
}
