// The session's perturbation itself (see canvas_noise.hpp for what it does and why),
// freestanding: no allocation, no library. The engine (canvas_noise.cpp) and the Workers' tiny
// module (wasm/noise/exports.cpp, js-bindings/surfaces/canvas.js) run this same code with the
// same key, so a Worker reads the same pixels back the same as its page does.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rps::canvas {

struct NoiseKey {
    std::uint64_t half[2];
};

// `hex`: 32 hex digits, the first 16 the first half (big-endian). False when it is not; `key`
// is then untouched.
bool parse_noise_key(const char* hex, std::size_t length, NoiseKey& key);

// Perturbs `length` bytes of RGBA pixels in place with `key`.
void perturb_pixels(const NoiseKey& key, std::uint8_t* rgba, std::size_t length);

}  // namespace rps::canvas
