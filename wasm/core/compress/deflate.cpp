#include "core/compress/deflate.hpp"

#include <cstdint>
#include <vector>

#include "core/compress/deflate_tables.hpp"

namespace rps::compress {
namespace {

constexpr std::uint32_t kWindow = 32768;
constexpr std::uint32_t kHashBits = 15;
constexpr std::uint32_t kMinMatch = 3;
constexpr std::uint32_t kMaxMatch = 258;
// How many earlier positions with the same 3-byte hash are tried: enough for log lines,
// bounded so that a body of repeated bytes stays linear.
constexpr std::uint32_t kMaxChain = 32;
constexpr std::size_t kMaxStored = 65535;

// Bits go out least significant first; Huffman codes are reversed before they are put.
class BitWriter {
public:
    explicit BitWriter(std::string& out) : out_(out) {}
    void put(std::uint32_t bits, std::uint32_t count) {
        buffer_ |= static_cast<std::uint64_t>(bits) << filled_;
        filled_ += count;
        while (filled_ >= 8) {
            out_.push_back(static_cast<char>(buffer_ & 0xFF));
            buffer_ >>= 8;
            filled_ -= 8;
        }
    }
    void align() {
        if (filled_ > 0) put(0, 8 - filled_);
    }

private:
    std::string& out_;
    std::uint64_t buffer_ = 0;
    std::uint32_t filled_ = 0;
};

std::uint32_t reversed(std::uint32_t code, std::uint32_t length) {
    std::uint32_t r = 0;
    for (std::uint32_t i = 0; i < length; ++i, code >>= 1) r = (r << 1) | (code & 1);
    return r;
}

// The fixed code of literal/length symbol `symbol` (RFC 1951, 3.2.6).
void put_symbol(BitWriter& bits, std::uint32_t symbol) {
    const std::uint32_t length = fixed_literal_length(symbol);
    std::uint32_t code;
    if (symbol < 144) code = 0x30 + symbol;
    else if (symbol < 256) code = 0x190 + (symbol - 144);
    else if (symbol < 280) code = symbol - 256;
    else code = 0xC0 + (symbol - 280);
    bits.put(reversed(code, length), length);
}

void put_match(BitWriter& bits, std::uint32_t length, std::uint32_t distance) {
    std::uint32_t l = 28;
    while (kLengthBase[l] > length) --l;
    put_symbol(bits, 257 + l);
    bits.put(length - kLengthBase[l], kLengthExtra[l]);
    std::uint32_t d = 29;
    while (kDistanceBase[d] > distance) --d;
    bits.put(reversed(d, kFixedDistanceLength), kFixedDistanceLength);
    bits.put(distance - kDistanceBase[d], kDistanceExtra[d]);
}

std::uint32_t hash_at(const unsigned char* p, std::uint32_t bits) {
    const std::uint32_t v = p[0] | p[1] << 8 | p[2] << 16;
    return (v * 2654435761u) >> (32 - bits);
}

std::string fixed_block(std::string_view text) {
    const auto* in = reinterpret_cast<const unsigned char*>(text.data());
    const std::size_t n = text.size();
    std::string out;
    out.reserve(n / 2 + 16);
    BitWriter bits(out);
    bits.put(1, 1);  // final block
    bits.put(1, 2);  // fixed Huffman codes
    // head: the latest position with each hash; previous: the one before it with the same
    // hash. Both sized to the input, so that a small frame does not clear half a megabyte.
    std::uint32_t hash_bits = 8;
    while (hash_bits < kHashBits && (std::size_t(1) << hash_bits) < n) ++hash_bits;
    std::vector<std::int64_t> head(std::size_t(1) << hash_bits, -1);
    std::vector<std::int64_t> previous(n < kWindow ? n : kWindow, -1);  // indexed by position mod kWindow
    auto insert = [&](std::size_t at) {
        if (at + kMinMatch > n) return;
        const std::uint32_t h = hash_at(in + at, hash_bits);
        previous[at & (kWindow - 1)] = head[h];
        head[h] = static_cast<std::int64_t>(at);
    };
    std::size_t i = 0;
    while (i < n) {
        std::uint32_t best_length = 0;
        std::uint32_t best_distance = 0;
        if (i + kMinMatch <= n) {
            const std::size_t longest = n - i < kMaxMatch ? n - i : kMaxMatch;
            std::int64_t candidate = head[hash_at(in + i, hash_bits)];
            for (std::uint32_t tries = 0; candidate >= 0 && tries < kMaxChain; ++tries) {
                const std::size_t from = static_cast<std::size_t>(candidate);
                if (i - from > kWindow) break;
                std::size_t length = 0;
                while (length < longest && in[from + length] == in[i + length]) ++length;
                if (length > best_length) {
                    best_length = static_cast<std::uint32_t>(length);
                    best_distance = static_cast<std::uint32_t>(i - from);
                    if (length == longest) break;
                }
                candidate = previous[from & (kWindow - 1)];
            }
        }
        if (best_length >= kMinMatch) {
            put_match(bits, best_length, best_distance);
            for (std::size_t k = 0; k < best_length; ++k) insert(i + k);
            i += best_length;
        } else {
            put_symbol(bits, in[i]);
            insert(i);
            ++i;
        }
    }
    put_symbol(bits, 256);  // end of block
    bits.align();
    return out;
}

std::string stored_blocks(std::string_view text) {
    std::string out;
    out.reserve(text.size() + (text.size() / kMaxStored + 1) * 5);
    std::size_t at = 0;
    do {
        const std::size_t length = text.size() - at < kMaxStored ? text.size() - at : kMaxStored;
        const bool last = at + length == text.size();
        out.push_back(static_cast<char>(last ? 1 : 0));  // BFINAL, BTYPE 00, then byte-aligned
        out.push_back(static_cast<char>(length & 0xFF));
        out.push_back(static_cast<char>(length >> 8));
        out.push_back(static_cast<char>(~length & 0xFF));
        out.push_back(static_cast<char>((~length >> 8) & 0xFF));
        out.append(text, at, length);
        at += length;
    } while (at < text.size());
    return out;
}

}  // namespace

std::string deflate_raw(std::string_view in) {
    std::string fixed = fixed_block(in);
    const std::size_t stored_size = in.size() + (in.size() / kMaxStored + 1) * 5;
    return fixed.size() <= stored_size ? fixed : stored_blocks(in);
}

}  // namespace rps::compress
