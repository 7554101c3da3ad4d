// The loader module's exports, with C linkage so the JS side can call it by name.
#include "core/compress/inflate.hpp"
#include "loader/base64.hpp"

namespace {
// The loader is a one-shot freestanding module with no allocator: its tables live here.
rps::compress::InflateWork g_work;
}  // namespace

extern "C" __attribute__((export_name("inflate_raw"))) int32_t rps_inflate_raw(const uint8_t* in, size_t in_size,
                                                                                 uint8_t* out, size_t out_size) {
    return rps::compress::inflate_raw(in, in_size, out, out_size, g_work);
}

extern "C" __attribute__((export_name("base64_decode"))) int32_t rps_base64_decode(const uint8_t* in, size_t in_size,
                                                                                     uint8_t* out) {
    return rps::loader::base64_decode(in, in_size, out);
}
