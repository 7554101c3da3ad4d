// Raw DEFLATE (RFC 1951) encoding, for telemetry bodies compressed again after redaction
// (compressed.hpp). Correctness over ratio: LZ77 over the 32 KB window with hash chains,
// written as one fixed-Huffman block, or as stored blocks when those are smaller
// (incompressible input grows by at most 5 bytes per 64 KB).
#pragma once

#include <string>
#include <string_view>

namespace rps::compress {

std::string deflate_raw(std::string_view in);

}  // namespace rps::compress
