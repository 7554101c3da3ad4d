// The loader module's exports, with C linkage so the JS side can call them by name.
#include "loader/base64.hpp"
#include "loader/lzma.hpp"

namespace {
// The loader is a one-shot freestanding module with no allocator: its tables live here.
rps::loader::LzmaWork g_work;
}  // namespace

extern "C" __attribute__((export_name("lzma_decode"))) int32_t rps_lzma_decode(const uint8_t* in, size_t in_size,
                                                                                 uint8_t* out, size_t out_size) {
    return rps::loader::lzma_decode(in, in_size, out, out_size, g_work);
}

extern "C" __attribute__((export_name("base64_decode"))) int32_t rps_base64_decode(const uint8_t* in, size_t in_size,
                                                                                     uint8_t* out) {
    return rps::loader::base64_decode(in, in_size, out);
}
