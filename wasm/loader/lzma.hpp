// The loader's decompressor: the core's WASM travels LZMA-compressed in the script, which
// is about a tenth smaller than the best DEFLATE of the same bytes, for a decoder of about
// the same size as an inflater.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace rps::loader {

enum LzmaStatus : int32_t {
    lzma_ok = 0,
    lzma_truncated = 1,       // the input ends before the stream does
    lzma_bad_properties = 2,  // lc + lp above what LzmaWork holds tables for, or no valid properties byte
    lzma_bad_stream = 3,      // the range coder's first byte is not 0
    lzma_bad_distance = 4,    // a match reaches before the start of the output
    lzma_wrong_size = 5,      // the stream does not end exactly at the expected size
};

// The probability tables, for lc + lp <= 3 (the literal coder holds 0x300 << (lc + lp)).
struct LzmaWork {
    static constexpr size_t kLiteralTables = 0x300 << 3;
    uint16_t probs[1847 + kLiteralTables];
};

// Decodes `in`, one properties byte ((pb * 5 + lp) * 9 + lc, as in an .lzma header) and then
// a raw LZMA1 stream with an end marker (what `xz --format=raw --lzma1=…` writes), into
// exactly `out_size` bytes of `out`. The whole output is the dictionary.
LzmaStatus lzma_decode(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size, LzmaWork& work);

}  // namespace rps::loader
