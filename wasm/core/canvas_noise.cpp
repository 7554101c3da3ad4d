#include "core/canvas_noise.hpp"

#include <cstring>
#include <string>

namespace rps::canvas {
namespace {

constexpr const char* kApis[] = {"toDataURL", "toBlob", "getImageData", "convertToBlob", "readPixels"};

}  // namespace

device::ItemDecision decide_readback(Engine& engine, std::string_view api, double now_ms) {
    std::string_view known = "(unknown)";
    for (const char* name : kApis)
        if (api == name) known = name;
    device::ItemDecision d = device::evaluate_item(engine, "canvas");
    if (known == "(unknown)" || d.action != Action::allow) d.action = Action::generalize;
    // A fixed name, never the caller's string.
    engine.note("canvas." + std::string(known), to_string(d.action), d.purpose, d.sdk, d.reason, now_ms);
    return d;
}

bool readback_allowed(const Engine& engine) { return device::evaluate_item(engine, "canvas").action == Action::allow; }

bool CanvasNoise::seed(std::string_view hex) {
    if (seeded_) return true;
    seeded_ = parse_noise_key(hex.data(), hex.size(), key_);
    return seeded_;
}

bool CanvasNoise::perturb(std::uint8_t* rgba, std::size_t length) const {
    if (!seeded_) {
        if (length) std::memset(rgba, 0, length);
        return false;
    }
    perturb_pixels(key_, rgba, length);
    return true;
}

}  // namespace rps::canvas
