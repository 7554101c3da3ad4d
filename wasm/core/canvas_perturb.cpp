#include "core/canvas_perturb.hpp"

#include "core/redact/ascii.hpp"

namespace rps::canvas {
namespace {

std::uint64_t rotl(std::uint64_t x, int b) { return (x << b) | (x >> (64 - b)); }

// SipHash-1-3 of `count` 64-bit words: a keyed function nobody can predict without the key.
// One call covers a block of pixels (kBlockPixels), so a 720p frame costs a few milliseconds.
std::uint64_t siphash(const NoiseKey& key, const std::uint64_t* words, std::size_t count) {
    std::uint64_t v0 = key.half[0] ^ 0x736f6d6570736575ULL, v1 = key.half[1] ^ 0x646f72616e646f6dULL;
    std::uint64_t v2 = key.half[0] ^ 0x6c7967656e657261ULL, v3 = key.half[1] ^ 0x7465646279746573ULL;
    auto round = [&] {
        v0 += v1, v1 = rotl(v1, 13), v1 ^= v0, v0 = rotl(v0, 32);
        v2 += v3, v3 = rotl(v3, 16), v3 ^= v2;
        v0 += v3, v3 = rotl(v3, 21), v3 ^= v0;
        v2 += v1, v1 = rotl(v1, 17), v1 ^= v2, v2 = rotl(v2, 32);
    };
    for (std::size_t i = 0; i < count; ++i) v3 ^= words[i], round(), v0 ^= words[i];
    const std::uint64_t last = static_cast<std::uint64_t>(count * 8) << 56;  // the length; no tail bytes
    v3 ^= last, round(), v0 ^= last;
    v2 ^= 0xff, round(), round(), round();
    return v0 ^ v1 ^ v2 ^ v3;
}

// Pixels decided by one hash: 8 bits of it each.
constexpr std::size_t kBlockPixels = 8;

}  // namespace

bool parse_noise_key(const char* hex, std::size_t length, NoiseKey& key) {
    if (length != 32) return false;
    NoiseKey parsed{};
    for (std::size_t i = 0; i < 32; ++i) {
        const int nibble = redact::ascii::hex_value(hex[i]);
        if (nibble < 0) return false;
        parsed.half[i / 16] = parsed.half[i / 16] << 4 | static_cast<std::uint64_t>(nibble);
    }
    key = parsed;
    return true;
}

void perturb_pixels(const NoiseKey& key, std::uint8_t* rgba, std::size_t length) {
    const std::size_t pixels = length / 4;
    for (std::size_t first = 0; first < pixels; first += kBlockPixels) {
        const std::size_t count = pixels - first < kBlockPixels ? pixels - first : kBlockPixels;
        std::uint8_t* block = rgba + first * 4;
        bool visible = false;
        for (std::size_t i = 0; i < count; ++i) visible = visible || block[i * 4 + 3] != 0;
        if (!visible) continue;  // fully transparent: an empty canvas stays empty, and costs no hash
        // The block's index and its pixels as they are, little-endian (a short last block
        // padded with zeros).
        std::uint64_t words[1 + kBlockPixels / 2] = {first / kBlockPixels};
        for (std::size_t b = 0; b < count * 4; ++b) words[1 + b / 8] |= static_cast<std::uint64_t>(block[b]) << (8 * (b % 8));
        const std::uint64_t h = siphash(key, words, 1 + kBlockPixels / 2);
        for (std::size_t i = 0; i < count; ++i) {
            std::uint8_t* pixel = block + i * 4;
            const unsigned bits = static_cast<unsigned>(h >> (8 * i)) & 0xff;
            if (pixel[3] == 0 || (bits & 3) != 0) continue;  // one visible pixel in four
            std::uint8_t& channel = pixel[(bits >> 2) % 3];  // red, green or blue; never alpha
            const bool up = (bits >> 4) & 1;
            // One step, turned back at the ends of the range so it always moves by exactly one.
            channel = static_cast<std::uint8_t>((up && channel < 255) || channel == 0 ? channel + 1 : channel - 1);
        }
    }
}

}  // namespace rps::canvas
