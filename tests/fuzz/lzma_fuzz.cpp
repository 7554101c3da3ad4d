// libFuzzer target: the loader's LZMA decoder (wasm/loader/lzma.cpp). Built and run by
// scripts/fuzz.sh.
//
// Input layout: bytes 0-1 are the expected output size (little endian), the rest is the
// packed stream (properties byte + raw LZMA1), as the loader gets it.
//
// The invariant: no crash and no sanitizer report. The output buffer is exactly the expected
// size, so ASan sees any write past it, and the input is read from a buffer of its own size.
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "loader/lzma.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const size_t out_size = data[0] | (data[1] << 8);
    std::vector<uint8_t> out(out_size);
    auto work = std::make_unique<rps::loader::LzmaWork>();
    std::vector<uint8_t> in(data + 2, data + size);  // exactly sized: a read past it is reported
    rps::loader::lzma_decode(in.data(), in.size(), out.data(), out_size, *work);
    return 0;
}
