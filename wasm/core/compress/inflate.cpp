#include "core/compress/inflate.hpp"

#include "core/compress/deflate_tables.hpp"

namespace rps::compress {
namespace {

constexpr uint8_t kCodeLengthOrder[19] = {16, 17, 18, 0, 8, 7, 9, 6, 10, 5, 11, 4, 12, 3, 13, 2, 14, 1, 15};

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

// Every table build fills 2^bits entries, and a block as short as 14 bytes can ask for two
// 2^15 tables (incomplete codes are accepted), so the builds are charged against a budget
// that grows with the input read and the output written: without it a few megabytes of tiny
// blocks cost billions of writes. Real streams use a small part of it.
constexpr size_t kFreeTableWork = size_t(1) << 18;
constexpr size_t kTableWorkPerByte = 8;

struct TableWork {
    size_t spent = 0;
    // Charges a table of 2^bits entries; false once the fills pass the budget for the input
    // read and the output written so far (the same at each point of both passes).
    bool charge(uint32_t bits, size_t in_read, size_t written) {
        spent += size_t(1) << bits;
        return spent <= kFreeTableWork + kTableWorkPerByte * (in_read + written);
    }
};

uint32_t longest_length(const uint8_t* lengths, uint32_t count) {
    uint32_t longest = 1;
    for (uint32_t i = 0; i < count; ++i)
        if (lengths[i] > longest) longest = lengths[i];
    return longest;
}

bool build(InflateTable& table, const uint8_t* lengths, uint32_t count) {
    uint16_t counts[16] = {};
    for (uint32_t i = 0; i < count; ++i) ++counts[lengths[i]];
    const uint32_t longest = longest_length(lengths, count);
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
int32_t decode(BitReader& bits, const InflateTable& table) {
    bits.fill(table.bits);
    const uint16_t entry = table.entries[bits.buffer & ((1u << table.bits) - 1)];
    if (entry == 0) return -1;
    bits.buffer >>= entry & 15;
    bits.buffered -= entry & 15;
    return entry >> 4;
}

// `written` counts the output; bytes are stored only when `out` is not null.
InflateStatus inflate_blocks(BitReader& bits, uint8_t* out, size_t capacity, InflateWork& work, size_t& written) {
    const uint8_t* in = bits.in;
    const size_t in_size = bits.size;
    InflateTable& literals = work.literals;
    InflateTable& distances = work.distances;
    TableWork table_work;
    // Built once and kept until a dynamic block replaces them.
    bool fixed_tables = false;
    // Whether the tables of `count` lengths may be built, within the work budget.
    auto affordable = [&](const uint8_t* lengths, uint32_t count) {
        return table_work.charge(longest_length(lengths, count), bits.pos, written);
    };
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
            if (length > capacity - written) return inflate_too_large;
            if (out)
                for (uint32_t i = 0; i < length; ++i) out[written + i] = in[bits.pos + i];
            written += length;
            bits.pos += length;
            continue;
        }
        if (type == 1) {
            if (!fixed_tables) {
                uint8_t lengths[288 + 30];
                for (uint32_t i = 0; i < 288; ++i) lengths[i] = fixed_literal_length(i);
                for (uint32_t i = 288; i < 318; ++i) lengths[i] = kFixedDistanceLength;
                if (!affordable(lengths, 288) || !affordable(lengths + 288, 30)) return inflate_too_much_work;
                build(literals, lengths, 288);
                build(distances, lengths + 288, 30);
                fixed_tables = true;
            }
        } else if (type == 2) {
            fixed_tables = false;
            const uint32_t literal_count = bits.take(5) + 257;
            const uint32_t distance_count = bits.take(5) + 1;
            const uint32_t code_length_count = bits.take(4) + 4;
            if (literal_count > 286 || distance_count > 30) return inflate_bad_code;
            uint8_t code_lengths[19] = {};
            for (uint32_t i = 0; i < code_length_count; ++i) code_lengths[kCodeLengthOrder[i]] = static_cast<uint8_t>(bits.take(3));
            if (!affordable(code_lengths, 19)) return inflate_too_much_work;
            if (!build(literals, code_lengths, 19)) return inflate_bad_code;
            uint8_t lengths[286 + 30] = {};
            const uint32_t total = literal_count + distance_count;
            for (uint32_t i = 0; i < total;) {
                const int32_t symbol = decode(bits, literals);
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
            if (!affordable(lengths, literal_count) || !affordable(lengths + literal_count, distance_count))
                return inflate_too_much_work;
            if (!build(literals, lengths, literal_count) || !build(distances, lengths + literal_count, distance_count))
                return inflate_bad_code;
        } else {
            return inflate_bad_block;
        }
        for (;;) {
            int32_t symbol = decode(bits, literals);
            if (symbol < 0) return inflate_bad_code;
            if (symbol < 256) {
                if (written >= capacity) return inflate_too_large;
                if (out) out[written] = static_cast<uint8_t>(symbol);
                ++written;
                continue;
            }
            if (symbol == 256) break;
            symbol -= 257;
            if (symbol >= 29) return inflate_bad_code;
            const uint32_t length = kLengthBase[symbol] + bits.take(kLengthExtra[symbol]);
            const int32_t code = decode(bits, distances);
            if (code < 0 || code >= 30) return inflate_bad_code;
            const uint32_t distance = kDistanceBase[code] + bits.take(kDistanceExtra[code]);
            if (distance > written) return inflate_bad_distance;
            if (length > capacity - written) return inflate_too_large;
            if (out)
                for (uint32_t i = 0; i < length; ++i) out[written + i] = out[written + i - distance];
            written += length;
        }
    }
    return inflate_ok;
}

}  // namespace

InflateResult inflate_stream(const uint8_t* in, size_t in_size, uint8_t* out, size_t capacity, InflateWork& work) {
    BitReader bits{in, in_size};
    size_t written = 0;
    InflateStatus status = inflate_blocks(bits, out, capacity, work, written);
    // Past the end the reader feeds zeros, which decode to something. A bad code seen
    // through padding, or any result that consumed padding, means the input was cut short;
    // an output past the capacity on a stream that ended within its bytes is that.
    if (bits.overrun()) status = inflate_truncated;
    const bool peeked_padding = bits.pos > bits.size;
    if (status != inflate_ok && status != inflate_too_large && peeked_padding) status = inflate_truncated;
    // The final block's last bits sit in a partly used byte; whole bytes still buffered
    // were read ahead and are not part of the stream.
    const size_t consumed = bits.pos - bits.buffered / 8;
    return {status, written, consumed < in_size ? consumed : in_size};
}

}  // namespace rps::compress
