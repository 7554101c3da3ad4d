// Standard base64 decoding for the loader: the LZMA-packed core travels as base64 in the script.
#pragma once

#include <stddef.h>
#include <stdint.h>

namespace rps::loader {

// Decodes standard base64 (with or without padding, no whitespace) from `in` to `out`, which
// may be `in` itself: output never overtakes input. Returns the byte count, or -1 on a
// character outside the alphabet or an impossible length.
int32_t base64_decode(const uint8_t* in, size_t in_size, uint8_t* out);

}  // namespace rps::loader
