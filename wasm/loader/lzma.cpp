#include "loader/lzma.hpp"

namespace rps::loader {
namespace {

// Where each model's probabilities start in LzmaWork::probs.
constexpr uint32_t kIsMatch = 0;                 // [state][pos_state]: 12 x 16
constexpr uint32_t kIsRep = kIsMatch + 192;      // [state]
constexpr uint32_t kIsRep0 = kIsRep + 12;        // [state]
constexpr uint32_t kIsRep1 = kIsRep0 + 12;       // [state]
constexpr uint32_t kIsRep2 = kIsRep1 + 12;       // [state]
constexpr uint32_t kIsRep0Long = kIsRep2 + 12;   // [state][pos_state]
constexpr uint32_t kDistSlot = kIsRep0Long + 192;  // [length state][64]
constexpr uint32_t kDistSpecial = kDistSlot + 256;  // slots 4..13, reverse trees indexed from 1
constexpr uint32_t kAlign = kDistSpecial + 115;
constexpr uint32_t kMatchLen = kAlign + 16;     // a length coder: choice, choice2, low, mid, high
constexpr uint32_t kRepLen = kMatchLen + 514;
constexpr uint32_t kLiteral = kRepLen + 514;
static_assert(kLiteral == 1847, "LzmaWork::probs is sized for this layout");

constexpr uint32_t kEndMarker = 0xFFFFFFFF;

class RangeDecoder {
public:
    RangeDecoder(const uint8_t* in, const uint8_t* end, uint16_t* probs) : in_(in), end_(end), probs_(probs) {}

    bool start() {
        if (next() != 0) return false;
        for (int i = 0; i < 4; ++i) code_ = (code_ << 8) | next();
        return true;
    }

    bool overrun() const { return overrun_; }

    unsigned bit(uint32_t index) {
        uint16_t& p = probs_[index];
        const uint32_t bound = (range_ >> 11) * p;
        unsigned b;
        if (code_ < bound) {
            range_ = bound;
            p += (2048 - p) >> 5;
            b = 0;
        } else {
            range_ -= bound;
            code_ -= bound;
            p -= p >> 5;
            b = 1;
        }
        normalize();
        return b;
    }

    uint32_t direct(unsigned count) {
        uint32_t value = 0;
        while (count--) {
            range_ >>= 1;
            const unsigned b = code_ >= range_;
            if (b) code_ -= range_;
            value = (value << 1) | b;
            normalize();
        }
        return value;
    }

    uint32_t tree(uint32_t base, unsigned bits) {
        uint32_t m = 1;
        for (unsigned i = 0; i < bits; ++i) m = (m << 1) | bit(base + m);
        return m - (1u << bits);
    }

    uint32_t reverse_tree(uint32_t base, unsigned bits) {
        uint32_t m = 1, value = 0;
        for (unsigned i = 0; i < bits; ++i) {
            const unsigned b = bit(base + m);
            m = (m << 1) | b;
            value |= b << i;
        }
        return value;
    }

    // A match length minus 2: 0..271.
    uint32_t length(uint32_t base, uint32_t pos_state) {
        if (!bit(base)) return tree(base + 2 + pos_state * 8, 3);
        if (!bit(base + 1)) return 8 + tree(base + 130 + pos_state * 8, 3);
        return 16 + tree(base + 258, 8);
    }

    // A match distance minus 1, or kEndMarker.
    uint32_t distance(uint32_t length) {
        const uint32_t slot = tree(kDistSlot + (length < 3 ? length : 3) * 64, 6);
        if (slot < 4) return slot;
        const unsigned bits = (slot >> 1) - 1;
        uint32_t dist = (2 | (slot & 1)) << bits;
        if (slot < 14) return dist + reverse_tree(kDistSpecial + dist - slot, bits);
        dist += direct(bits - 4) << 4;
        return dist + reverse_tree(kAlign, 4);
    }

private:
    uint8_t next() {
        if (in_ == end_) {
            overrun_ = true;
            return 0;
        }
        return *in_++;
    }

    void normalize() {
        if (range_ < (1u << 24)) {
            range_ <<= 8;
            code_ = (code_ << 8) | next();
        }
    }

    const uint8_t* in_;
    const uint8_t* end_;
    uint16_t* probs_;
    uint32_t range_ = 0xFFFFFFFF;
    uint32_t code_ = 0;
    bool overrun_ = false;
};

}  // namespace

LzmaStatus lzma_decode(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size, LzmaWork& work) {
    if (in_size == 0) return lzma_truncated;
    const unsigned properties = in[0];
    const unsigned lc = properties % 9, lp = properties / 9 % 5, pb = properties / 45;
    if (pb > 4 || lc + lp > 3) return lzma_bad_properties;
    for (uint16_t& p : work.probs) p = 1024;

    RangeDecoder rc(in + 1, in + in_size, work.probs);
    if (!rc.start()) return rc.overrun() ? lzma_truncated : lzma_bad_stream;
    const size_t pb_mask = (size_t{1} << pb) - 1, lp_mask = (size_t{1} << lp) - 1;
    uint32_t rep0 = 0, rep1 = 0, rep2 = 0, rep3 = 0;
    unsigned state = 0;  // 0..6 after a literal, 7..11 after a match
    size_t pos = 0;
    for (;;) {
        if (rc.overrun()) return lzma_truncated;
        const uint32_t pos_state = static_cast<uint32_t>(pos & pb_mask);
        if (!rc.bit(kIsMatch + state * 16 + pos_state)) {
            if (pos == out_size) return lzma_wrong_size;
            const unsigned previous = pos ? out[pos - 1] : 0;
            const uint32_t table = kLiteral + 0x300 * static_cast<uint32_t>(((pos & lp_mask) << lc) + (previous >> (8 - lc)));
            uint32_t symbol = 1;
            if (state >= 7) {
                // After a match the literal is coded against the byte at rep0, until they differ.
                unsigned match_byte = out[pos - rep0 - 1];
                do {
                    const unsigned match_bit = (match_byte >> 7) & 1;
                    match_byte <<= 1;
                    const unsigned b = rc.bit(table + 0x100 + (match_bit << 8) + symbol);
                    symbol = (symbol << 1) | b;
                    if (b != match_bit) break;
                } while (symbol < 0x100);
            }
            while (symbol < 0x100) symbol = (symbol << 1) | rc.bit(table + symbol);
            out[pos++] = static_cast<uint8_t>(symbol);
            state = state < 4 ? 0 : state < 10 ? state - 3 : state - 6;
            continue;
        }
        size_t count;
        if (!rc.bit(kIsRep + state)) {
            const uint32_t length = rc.length(kMatchLen, pos_state);
            state = state < 7 ? 7 : 10;
            const uint32_t dist = rc.distance(length);
            if (dist == kEndMarker && !rc.overrun()) return pos == out_size ? lzma_ok : lzma_wrong_size;
            rep3 = rep2;
            rep2 = rep1;
            rep1 = rep0;
            rep0 = dist;
            count = length + 2;
        } else {
            bool short_rep = false;
            if (!rc.bit(kIsRep0 + state)) {
                short_rep = !rc.bit(kIsRep0Long + state * 16 + pos_state);  // one byte from rep0
            } else {
                uint32_t dist;
                if (!rc.bit(kIsRep1 + state)) {
                    dist = rep1;
                } else {
                    if (!rc.bit(kIsRep2 + state)) {
                        dist = rep2;
                    } else {
                        dist = rep3;
                        rep3 = rep2;
                    }
                    rep2 = rep1;
                }
                rep1 = rep0;
                rep0 = dist;
            }
            if (short_rep) {
                state = state < 7 ? 9 : 11;
                count = 1;
            } else {
                count = rc.length(kRepLen, pos_state) + 2;
                state = state < 7 ? 8 : 11;
            }
        }
        if (rc.overrun()) return lzma_truncated;  // what was decoded from the zeros past the end is not the stream's
        if (rep0 >= pos) return lzma_bad_distance;
        if (count > out_size - pos) return lzma_wrong_size;
        for (const size_t end = pos + count; pos < end; ++pos) out[pos] = out[pos - rep0 - 1];
    }
}

}  // namespace rps::loader
