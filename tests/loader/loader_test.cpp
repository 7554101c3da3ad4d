// The loader: base64, and LZMA checked against xz, the encoder scripts/build.mjs uses.
#include <catch2/catch.hpp>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <memory>
#include <random>
#include <string>
#include <vector>

#include "loader/base64.hpp"
#include "loader/lzma.hpp"

using namespace rps::loader;

namespace {

using Bytes = std::vector<uint8_t>;

// What the build embeds: the properties byte, then `xz --format=raw --lzma1=<options>`.
Bytes xz_compress(const Bytes& input, int lc, int lp, int pb, const std::string& preset) {
    char path[] = "/tmp/rps_lzma_XXXXXX";
    const int fd = mkstemp(path);
    REQUIRE(fd >= 0);
    FILE* file = fdopen(fd, "wb");
    REQUIRE(std::fwrite(input.data(), 1, input.size(), file) == input.size());
    std::fclose(file);
    const std::string command = "xz --format=raw --lzma1=preset=" + preset + ",lc=" + std::to_string(lc) +
                                ",lp=" + std::to_string(lp) + ",pb=" + std::to_string(pb) + " -c " + path;
    FILE* pipe = popen(command.c_str(), "r");
    REQUIRE(pipe);
    Bytes out{static_cast<uint8_t>((pb * 5 + lp) * 9 + lc)};
    for (int c; (c = std::fgetc(pipe)) != EOF;) out.push_back(static_cast<uint8_t>(c));
    REQUIRE(pclose(pipe) == 0);
    std::remove(path);
    return out;
}

std::pair<LzmaStatus, Bytes> decode(const Bytes& in, size_t size) {
    Bytes out(size);
    auto work = std::make_unique<LzmaWork>();
    const LzmaStatus status = lzma_decode(in.data(), in.size(), out.data(), size, *work);
    return {status, out};
}

Bytes text() {
    std::string s;
    for (int i = 0; i < 3000; ++i)
        s += "user " + std::to_string(i % 97) + " joined room " + std::to_string(i * 7 % 13) + "; ";
    return Bytes(s.begin(), s.end());
}

Bytes random_bytes(size_t n) {
    std::mt19937 rng(7);
    Bytes out(n);
    for (auto& b : out) b = static_cast<uint8_t>(rng());
    return out;
}

}  // namespace

TEST_CASE("lzma decodes what xz writes, for every supported lc/lp/pb and preset") {
    const std::vector<std::pair<const char*, Bytes>> inputs = {
        {"empty", {}}, {"one byte", {'x'}}, {"text", text()}, {"random", random_bytes(50000)},
        // Runs longer than the longest match (273 bytes).
        {"runs", Bytes(5000, 0xAB)}};
    for (const auto& [name, input] : inputs) {
        for (int lc = 0; lc <= 3; ++lc)
            for (int lp = 0; lc + lp <= 3; ++lp)
                for (int pb : {0, 2, 4})
                    for (const char* preset : {"0", "9e"}) {
                        INFO(name << " lc=" << lc << " lp=" << lp << " pb=" << pb << " preset " << preset);
                        const auto [status, out] = decode(xz_compress(input, lc, lp, pb, preset), input.size());
                        REQUIRE(status == lzma_ok);
                        CHECK(out == input);
                    }
    }
}

TEST_CASE("lzma refuses a stream that is cut, of another size, or not one it can decode") {
    const Bytes input = text();
    const Bytes good = xz_compress(input, 3, 0, 0, "9e");
    CHECK(decode(good, input.size() - 1).first == lzma_wrong_size);
    CHECK(decode(good, input.size() + 1).first == lzma_wrong_size);
    CHECK(decode(Bytes(good.begin(), good.begin() + good.size() / 2), input.size()).first == lzma_truncated);
    CHECK(decode(Bytes(good.begin(), good.end() - 1), input.size()).first == lzma_truncated);
    CHECK(decode({}, 1).first == lzma_truncated);
    // lc + lp over 3 needs larger literal tables than LzmaWork holds; past 224 is no properties byte.
    Bytes wide = good;
    wide[0] = 4;  // lc=4
    CHECK(decode(wide, input.size()).first == lzma_bad_properties);
    wide[0] = 225;
    CHECK(decode(wide, input.size()).first == lzma_bad_properties);
    Bytes bad_start = good;
    bad_start[1] = 1;  // the range coder's first byte must be 0
    CHECK(decode(bad_start, input.size()).first == lzma_bad_stream);
    // A first symbol that is a match (code 0x80000000 is above the is-match bound), with
    // nothing written yet for it to copy from.
    Bytes match_first = {3, 0, 0x80, 0, 0, 0};
    match_first.resize(40, 0);
    CHECK(decode(match_first, 10).first == lzma_bad_distance);
}

TEST_CASE("lzma stays inside its output and input on damaged streams") {
    const Bytes input = text();
    const Bytes good = xz_compress(input, 3, 0, 0, "9e");
    std::mt19937 rng(11);
    int refused = 0;
    for (int round = 0; round < 2000; ++round) {
        Bytes damaged = good;
        damaged[1 + rng() % (damaged.size() - 1)] ^= static_cast<uint8_t>(1 + rng() % 255);
        // A guard after the output: a decoder that overran its bound would change it.
        Bytes out(input.size() + 64, 0x5A);
        auto work = std::make_unique<LzmaWork>();
        const LzmaStatus status = lzma_decode(damaged.data(), damaged.size(), out.data(), input.size(), *work);
        CHECK(std::count(out.begin() + static_cast<long>(input.size()), out.end(), 0x5A) == 64);
        refused += status != lzma_ok;
    }
    CHECK(refused > 1000);  // most damage shows; LZMA has no checksum, so not all of it can
}

TEST_CASE("base64 decodes in place, with or without padding, and refuses other characters") {
    std::string text = "aGVsbG8gd29ybGQ=";
    auto* bytes = reinterpret_cast<uint8_t*>(text.data());
    REQUIRE(base64_decode(bytes, text.size(), bytes) == 11);
    CHECK(text.substr(0, 11) == "hello world");
    std::string unpadded = "aGk";
    bytes = reinterpret_cast<uint8_t*>(unpadded.data());
    REQUIRE(base64_decode(bytes, unpadded.size(), bytes) == 2);
    CHECK(unpadded.substr(0, 2) == "hi");
    std::string all = "+/+/";
    bytes = reinterpret_cast<uint8_t*>(all.data());
    REQUIRE(base64_decode(bytes, all.size(), bytes) == 3);
    CHECK(static_cast<uint8_t>(all[0]) == 0xFB);
    std::string bad = "aGV*";
    CHECK(base64_decode(reinterpret_cast<const uint8_t*>(bad.data()), bad.size(), reinterpret_cast<uint8_t*>(bad.data())) == -1);
    std::string odd = "aGVsb";
    CHECK(base64_decode(reinterpret_cast<const uint8_t*>(odd.data()), odd.size(), reinterpret_cast<uint8_t*>(odd.data())) == -1);
}
