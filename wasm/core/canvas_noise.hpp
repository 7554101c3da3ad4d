// Canvas readback (js-bindings/surfaces/canvas.js): toDataURL, toBlob, getImageData,
// OffscreenCanvas.convertToBlob and WebGL readPixels hand the page its pixels with a
// per-session perturbation, unless the manifest lets the read through. A fingerprinter draws
// the same text on every visit and hashes what it reads back; the perturbation makes that hash
// differ from session to session while nobody could see the change: at most one colour channel
// of a pixel moves by one step, about one pixel in four, never a fully transparent one (an
// empty canvas stays empty). The change is a keyed function (SipHash) of the pixel's index and
// of the values of its block of 8 pixels, so the same drawing reads back the same within the
// session, and nobody without the key can tell which pixels moved or undo it. The perturbation
// itself is canvas_perturb.hpp, which the Workers run too.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>

#include "core/canvas_perturb.hpp"
#include "core/device_policy.hpp"

namespace rps::canvas {

// The manifest item "canvas" (an SDK's collects, treatment keep, purpose granted) lets the
// page read its pixels as drawn: action allow. Anything else (the default) is a perturbed
// read. Recorded as "canvas.<api>", `api` one of toDataURL, toBlob, getImageData,
// convertToBlob, readPixels (another name is recorded as "canvas.(unknown)" and perturbed).
device::ItemDecision decide_readback(Engine& engine, std::string_view api, double now_ms);

// Whether a read of one of those APIs would be let through now, not recorded: what the page's
// Workers are told, whose reads are recorded (decide_readback) when they happen.
bool readback_allowed(const Engine& engine);

class CanvasNoise {
public:
    // The session's secret: 32 hex digits from crypto.getRandomValues, held here (and by the
    // page's Workers, for their own reads: wasm/noise/). The first good seed stays; anything
    // else leaves the noise unseeded.
    bool seed(std::string_view hex);
    bool seeded() const { return seeded_; }

    // Perturbs `length` bytes of RGBA pixels (unpremultiplied, as getImageData gives them) in
    // place. Unseeded, a perturbation could be undone by anyone: every byte is cleared instead
    // (the page reads an empty canvas) and the result is false.
    bool perturb(std::uint8_t* rgba, std::size_t length) const;

private:
    NoiseKey key_{};
    bool seeded_ = false;
};

}  // namespace rps::canvas
