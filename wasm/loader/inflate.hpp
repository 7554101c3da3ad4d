// Raw DEFLATE (RFC 1951) decoding for the shim's own loader: the core's WASM travels
// deflated inside the script and this tiny module restores it before it is compiled.
// Freestanding (no libc, no allocation) so the module stays a few kilobytes.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace rps::loader {

enum InflateStatus : int32_t {
    inflate_ok = 0,
    inflate_truncated = 1,       // the input ended inside a block
    inflate_bad_block = 2,       // block type 3, or a stored block whose length check fails
    inflate_bad_code = 3,        // a code that no table holds, or an over-subscribed table
    inflate_bad_distance = 4,    // a match reaching before the start of the output
    inflate_wrong_size = 5,      // the output is not exactly the expected size
};

// Decodes `in` into exactly `out_size` bytes at `out`.
InflateStatus inflate_raw(const uint8_t* in, size_t in_size, uint8_t* out, size_t out_size);

// Decodes standard base64 (with or without padding, no whitespace) from `in` to `out`, which
// may be `in` itself: output never overtakes input. Returns the byte count, or -1 on a
// character outside the alphabet or an impossible length.
int32_t base64_decode(const uint8_t* in, size_t in_size, uint8_t* out);

}  // namespace rps::loader
