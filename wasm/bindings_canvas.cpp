// Canvas readback (js-bindings/surfaces/canvas.js): the decision per read, and the session's
// noise applied to pixels the JS layer copies once into WASM memory (canvasInput) and reads
// back from the same place after canvasPerturb.
#include "bind.hpp"

#include <cstdint>
#include <memory>

#include "bound_engine.hpp"
#include "core/canvas_noise.hpp"

namespace {

// The session's secret and the pixel buffer live as long as the page, like the engine.
struct CanvasState {
    rps::canvas::CanvasNoise noise;
    // A plain array, not a vector: JS overwrites every byte it asks for, so nothing is kept
    // when it grows, and the module carries no vector growth code for it.
    std::unique_ptr<std::uint8_t[]> pixels;
    std::size_t pixel_bytes = 0;
};

CanvasState& state() {
    static CanvasState instance;
    return instance;
}

// A canvas larger than 16384 x 16384 pixels cannot be read back in Chromium; nothing larger is taken.
constexpr std::size_t kMaxPixelBytes = std::size_t{16384} * 16384 * 4;

bool canvas_seed(const std::string& hex) { return state().noise.seed(hex); }

std::string canvas_decide(const std::string& api, double now) {
    return std::string(rps::to_string(rps::canvas::decide_readback(bound_engine(), api, now).action));
}

bool canvas_allowed() { return rps::canvas::readback_allowed(bound_engine()); }

// Where JS writes `length` bytes of pixels; 0 when too large (the read is then refused).
std::uintptr_t canvas_input(std::size_t length) {
    CanvasState& s = state();
    if (length > kMaxPixelBytes) return 0;
    // JS has read the previous pixels by now: a large readback's buffer is not kept for the
    // rest of the session.
    constexpr std::size_t kKept = 4 * 1024 * 1024;
    const bool release = s.pixel_bytes > kKept && length <= kKept;
    if (release || s.pixel_bytes < length) {
        s.pixels.reset();  // before allocating, so the old and new buffers are never both held
        if (length > 0) s.pixels.reset(new std::uint8_t[length]);
        s.pixel_bytes = length;
    }
    return reinterpret_cast<std::uintptr_t>(s.pixels.get());
}

// Perturbs the first `length` bytes written at canvas_input; false: unseeded, cleared instead.
bool canvas_perturb(std::size_t length) {
    CanvasState& s = state();
    if (length > s.pixel_bytes) return false;
    return s.noise.perturb(s.pixels.get(), length);
}

}  // namespace

RPS_BINDINGS(canvas) {
    function<&canvas_seed>("canvasSeed"),
    function<&canvas_decide>("canvasDecide"),
    function<&canvas_allowed>("canvasAllowed"),
    function<&canvas_input>("canvasInput"),
    function<&canvas_perturb>("canvasPerturb"),
};
