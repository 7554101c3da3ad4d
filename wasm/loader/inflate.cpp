#include "loader/inflate.hpp"

namespace rps::loader {
namespace {

constexpr uint16_t kLengthBase[29] = {3,  4,  5,  6,  7,  8,  9,  10, 11,  13,  15,  17,  19,  23, 27,
                                      31, 35, 43, 51, 59, 67, 83, 99, 115, 131, 163, 195, 227, 258};
constexpr uint8_t kLengthExtra[29] = {0, 0, 0, 0, 0, 0, 0, 0, 1, 1, 1, 1, 2, 2, 2, 2, 3, 3, 3, 3, 4, 4, 4, 4, 5, 5, 5, 5, 0};
constexpr uint16_t kDistanceBase[30] = {1,   2,   3,   4,   5,   7,    9,    13,   17,   25,   33,   49,   65,    97,    129,
                                        193, 257, 385, 513, 769, 1025, 1537, 2049, 3073, 4097, 6145, 8193, 12289, 16385, 24577};
constexpr uint8_t kDistanceExtra[30] = {0, 0, 0, 0, 1, 1, 2, 2, 3, 3, 4, 4, 5, 5, 6, 6, 7, 7, 8, 8, 9, 9, 10, 10, 11, 11, 12, 12, 13, 13};
constexpr uint8_t kCodeLengthOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

// A full lookup table indexed by the next `bits` input bits (least significant first);
// entry = symbol << 4 | code length, 0 where no code exists. At native speed filling
// 2^15 entries is cheaper than any two-level scheme's bookkeeping.
struct Table {
    uint16_t entries[1 << 15];
    uint32_t bits;
};

struct BitReader {
    const uint8_t* in;
    size_t size;
    size_t pos = 0;
    uint32_t buffer = 0;
    uint32_t buffered = 0;

    // Past the end the stream reads as zeros; overrun() tells afterwards.
    void fill(uint32_t n) {
        while (buffered < n) {
            buffer |= static_cast<uint32_t>(pos < size ? in[pos] : 0) << buffered;
            ++pos;
            buffered += 8;
        }
    }
    uint32_t take(uint32_t n) {
        if (n == 0) return 0;
        fill(n);
        const uint32_t value = buffer & ((1u << n) - 1);
        buffer >>= n;
        buffered -= n;
        return value;
    }
    bool overrun() const { return pos - buffered / 8 > size; }
};

bool build(Table& table, const uint8_t* lengths, uint32_t count) {
    uint16_t counts[16] = {};
    uint32_t longest = 1;
    for (uint32_t i = 0; i < count; ++i) {
        ++counts[lengths[i]];
        if (lengths[i] > longest) longest = lengths[i];
    }
    counts[0] = 0;
    uint32_t next[16] = {};
    for (uint32_t length = 1, code = 0; length < 16; ++length) {
        code = (code + counts[length - 1]) << 1;
        next[length] = code;
    }
    table.bits = longest;
    const uint32_t size = 1u << longest;
    for (uint32_t i = 0; i < size; ++i) table.entries[i] = 0;
    for (uint32_t symbol = 0; symbol < count; ++symbol) {
        const uint32_t length = lengths[symbol];
        if (length == 0) continue;
        uint32_t code = next[length]++;
        if (code >= (1u << length)) return false;
        uint32_t reversed = 0;
        for (uint32_t i = 0; i < length; ++i) {
            reversed = (reversed << 1) | (code & 1);
            code >>= 1;
        }
        for (uint32_t i = reversed; i < size; i += 1u << length) table.entries[i] = static_cast<uint16_t>(symbol << 4 | length);
    }
    return true;
}

// Returns the symbol, or -1 for a code the table does not hold.
int32_t decode(BitReader& bits, const Table& table) {
    bits.fill(table.bits);
    const uint16_t entry = table.entries[bits.buffer & ((1u << table.bits) - 1)];
    if (entry == 0) return -1;
    bits.buffer >>= entry & 15;
    bits.buffered -= entry & 15;
    return entry >> 4;
}

// The decoder's working memory lives here rather than on the stack: 128 KB of tables.
Table g_literals;
Table g_distances;

InflateStatus inflate_blocks(BitReader& bits, uint8_t* out, size_t out_size) {
    const uint8_t* in = bits.in;
    const size_t in_size = bits.size;
    size_t written = 0;
    bool last = false;
    while (!last) {
        last = bits.take(1) != 0;
        const uint32_t type = bits.take(2);
        if (type == 0) {
            // Stored block: drop the partial byte, give back the whole bytes still buffered.
            bits.pos -= bits.buffered / 8;
            bits.buffer = 0;
            bits.buffered = 0;
            if (bits.pos + 4 > in_size) return inflate_truncated;
            const uint32_t length = in[bits.pos] | in[bits.pos + 1] << 8;
            const uint32_t check = in[bits.pos + 2] | in[bits.pos + 3] << 8;
            if ((length ^ 0xFFFF) != check) return inflate_bad_block;
            bits.pos += 4;
            if (bits.pos + length > in_size) return inflate_truncated;
            if (written + length > out_size) return inflate_wrong_size;
            for (uint32_t i = 0; i < length; ++i) out[written++] = in[bits.pos++];
            continue;
        }
        if (type == 1) {
            uint8_t lengths[288 + 30];
            for (uint32_t i = 0; i < 288; ++i) lengths[i] = i < 144 ? 8 : i < 256 ? 9 : i < 280 ? 7 : 8;
            for (uint32_t i = 288; i < 318; ++i) lengths[i] = 5;
            build(g_literals, lengths, 288);
            build(g_distances, lengths + 288, 30);
        } else if (type == 2) {
            const uint32_t literal_count = bits.take(5) + 257;
            const uint32_t distance_count = bits.take(5) + 1;
            const uint32_t code_length_count = bits.take(4) + 4;
            if (literal_count > 286 || distance_count > 30) return inflate_bad_code;
            uint8_t code_lengths[19] = {};
            for (uint32_t i = 0; i < code_length_count; ++i) code_lengths[kCodeLengthOrder[i]] = static_cast<uint8_t>(bits.take(3));
            if (!build(g_literals, code_lengths, 19)) return inflate_bad_code;
            uint8_t lengths[286 + 30] = {};
            const uint32_t total = literal_count + distance_count;
            for (uint32_t i = 0; i < total;) {
                const int32_t symbol = decode(bits, g_literals);
                if (symbol < 0) return inflate_bad_code;
                if (symbol < 16) {
                    lengths[i++] = static_cast<uint8_t>(symbol);
                    continue;
                }
                uint8_t value = 0;
                uint32_t repeat;
                if (symbol == 16) {
                    if (i == 0) return inflate_bad_code;
                    value = lengths[i - 1];
                    repeat = 3 + bits.take(2);
                } else if (symbol == 17) {
                    repeat = 3 + bits.take(3);
                } else {
                    repeat = 11 + bits.take(7);
                }
                if (i + repeat > total) return inflate_bad_code;
                while (repeat--) lengths[i++] = value;
            }
            if (lengths[256] == 0) return inflate_bad_code;
            if (!build(g_literals, lengths, literal_count) || !build(g_distances, lengths + literal_count, distance_count))
                return inflate_bad_code;
        } else {
            return inflate_bad_block;
        }
        for (;;) {
            int32_t symbol = decode(bits, g_literals);
            if (symbol < 0) return inflate_bad_code;
            if (symbol < 256) {
                if (written >= out_size) return inflate_wrong_size;
                out[written++] = static_cast<uint8_t>(symbol);
                continue;
            }
            if (symbol == 256) break;
            symbol -= 257;
            if (symbol >= 29) return inflate_bad_code;
            const uint32_t length = kLengthBase[symbol] + bits.take(kLengthExtra[symbol]);
            const int32_t code = decode(bits, g_distances);
            if (code < 0 || code >= 30) return inflate_bad_code;
            const uint32_t distance = kDistanceBase[code] + bits.take(kDistanceExtra[code]);
            if (distance > written) return inflate_bad_distance;
            if (written + length > out_size) return inflate_wrong_size;
            for (uint32_t i = 0; i < length; ++i, ++written) out[written] = out[written - distance];
        }
    }
    return written == out_size ? inflate_ok : inflate_wrong_size;
}

}  // namespace

InflateStatus inflate_raw(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size) {
    BitReader bits{in, in_size};
    const InflateStatus status = inflate_blocks(bits, out, out_size);
    // Past the end the reader feeds zeros, which decode to something. A bad code seen
    // through padding, or any result that consumed padding, means the input was cut short;
    // a size mismatch on a stream that ended within its bytes is a size mismatch.
    if (bits.overrun()) return inflate_truncated;
    const bool peeked_padding = bits.pos > bits.size;
    if (status != inflate_ok && status != inflate_wrong_size && peeked_padding) return inflate_truncated;
    return status;
}

int32_t base64_decode(const uint8_t* in, size_t in_size, uint8_t* out) {
    while (in_size > 0 && in[in_size - 1] == '=') --in_size;
    if (in_size % 4 == 1) return -1;
    size_t written = 0;
    uint32_t group = 0;
    uint32_t filled = 0;
    for (size_t i = 0; i < in_size; ++i) {
        const uint8_t c = in[i];
        uint32_t value;
        if (c >= 'A' && c <= 'Z') value = c - 'A';
        else if (c >= 'a' && c <= 'z') value = c - 'a' + 26;
        else if (c >= '0' && c <= '9') value = c - '0' + 52;
        else if (c == '+') value = 62;
        else if (c == '/') value = 63;
        else return -1;
        group = group << 6 | value;
        if (++filled == 4) {
            out[written++] = static_cast<uint8_t>(group >> 16);
            out[written++] = static_cast<uint8_t>(group >> 8);
            out[written++] = static_cast<uint8_t>(group);
            group = 0;
            filled = 0;
        }
    }
    if (filled == 2) out[written++] = static_cast<uint8_t>(group >> 4);
    if (filled == 3) {
        out[written++] = static_cast<uint8_t>(group >> 10);
        out[written++] = static_cast<uint8_t>(group >> 2);
    }
    return static_cast<int32_t>(written);
}

}  // namespace rps::loader
