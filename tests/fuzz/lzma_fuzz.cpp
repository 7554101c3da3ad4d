// libFuzzer target: the loader's LZMA decoder (wasm/loader/lzma.cpp). Built and run by
// scripts/fuzz.sh.
//
// Input layout: bytes 0-1 are the expected output size (little endian), the rest is the
// packed stream (properties byte + raw LZMA1), as the loader gets it.
//
// Invariants (a broken one aborts with "INVARIANT <name>: <what>"):
//   - no crash, no sanitizer report: the output buffer is exactly the expected size, so
//     ASan sees any write past it;
//   - status_known: the status is one the JS side names (js-bindings/wasm-binary.js).
#include <cstddef>
#include <cstdint>
#include <memory>
#include <string>
#include <vector>

#include "invariants.hpp"
#include "loader/lzma.hpp"

extern "C" int LLVMFuzzerTestOneInput(const uint8_t* data, size_t size) {
    if (size < 2) return 0;
    const size_t out_size = data[0] | (data[1] << 8);
    std::vector<uint8_t> out(out_size);
    auto work = std::make_unique<rps::loader::LzmaWork>();
    const auto status = rps::loader::lzma_decode(data + 2, size - 2, out.data(), out_size, *work);
    EXPECT("status_known", status >= rps::loader::lzma_ok && status <= rps::loader::lzma_wrong_size,
           "status " + std::to_string(status));
    return 0;
}
