// Raw DEFLATE (RFC 1951) decoding for the telemetry redactor (gzip / zlib bodies,
// compressed.hpp). Freestanding (no libc, no allocation): the caller owns the tables, so the
// core keeps no global state.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace rps::compress {

enum InflateStatus : int32_t {
    inflate_ok = 0,
    inflate_truncated = 1,       // the input ended inside a block
    inflate_bad_block = 2,       // block type 3, or a stored block whose length check fails
    inflate_bad_code = 3,        // a code that no table holds, or an over-subscribed table
    inflate_bad_distance = 4,    // a match reaching before the start of the output
    inflate_too_large = 5,       // the output would pass the capacity
    inflate_too_much_work = 6,   // the table builds pass the budget for the bytes read and written
};

// A full lookup table indexed by the next `bits` input bits (least significant first);
// entry = symbol << 4 | code length, 0 where no code exists. At native speed filling
// 2^15 entries is cheaper than any two-level scheme's bookkeeping. Each block builds its
// own tables (the fixed ones once per run of fixed blocks), so the fills are charged
// against a budget of a constant plus a few entries per byte read and written: a stream of
// tiny blocks asking for 2^15-entry tables is refused (inflate_too_much_work) rather than
// costing seconds.
struct InflateTable {
    uint16_t entries[1 << 15];
    uint32_t bits;
};

// The decoder's working memory: 128 KB, too much for the stack.
struct InflateWork {
    InflateTable literals;
    InflateTable distances;
};

struct InflateResult {
    InflateStatus status;
    size_t written;   // output bytes (counted, when out is null)
    size_t consumed;  // input bytes up to the end of the final block (its last partial byte included)
};

// Decodes the DEFLATE stream at the start of `in` into at most `capacity` bytes at `out`.
// With `out` null nothing is written and only the size is counted (a first pass that sizes
// the buffer without trusting any header). Bytes after the final block are not read.
InflateResult inflate_stream(const uint8_t* in, size_t in_size, uint8_t* out, size_t capacity, InflateWork& work);

}  // namespace rps::compress
