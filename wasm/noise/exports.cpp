// The Workers' canvas noise (js-bindings/surfaces/canvas.js, workerCanvas): a freestanding
// module with no imports over the engine's own perturbation (core/canvas_perturb.hpp). A
// Worker has no engine and its getImageData and readPixels cannot wait for the page's: the
// page hands it these bytes and the session's secret, and the Worker perturbs in place.
// The JS side writes above the module's initial memory (growing it), as with the loader.
#include "core/canvas_perturb.hpp"

#include <cstddef>
#include <cstdint>

// Exported by name from the module; plain C functions in the native tests, which compare them
// with the engine's CanvasNoise (tests/core/canvas_noise_test.cpp).
#if defined(__wasm__)
#define RPS_NOISE_EXPORT(name) __attribute__((export_name(name)))
#else
#define RPS_NOISE_EXPORT(name)
#endif

namespace {
// The module is one Worker's, for its life: the key lives here.
rps::canvas::NoiseKey g_key{};
bool g_seeded = false;
}  // namespace

// `hex`: the 32 hex digits of the session's secret; 1 when taken. Only the first is kept.
extern "C" RPS_NOISE_EXPORT("noise_seed") int32_t rps_noise_seed(const char* hex) {
    if (!g_seeded) g_seeded = rps::canvas::parse_noise_key(hex, 32, g_key);
    return g_seeded;
}

// Perturbs `length` bytes of RGBA pixels at `rgba`; unseeded, clears them and answers 0.
extern "C" RPS_NOISE_EXPORT("noise_perturb") int32_t rps_noise_perturb(uint8_t* rgba, size_t length) {
    if (!g_seeded) {
        for (size_t i = 0; i < length; ++i) rgba[i] = 0;
        return 0;
    }
    rps::canvas::perturb_pixels(g_key, rgba, length);
    return 1;
}
