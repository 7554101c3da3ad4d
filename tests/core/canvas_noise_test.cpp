#include <catch2/catch.hpp>

#include <cstdint>
#include <string>
#include <vector>

#include "core/canvas_noise.hpp"
#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::Action;
using rps::ConsentState;
using rps::Engine;
using rps::canvas::CanvasNoise;
using rps::canvas::decide_readback;

namespace {

constexpr const char* kSecretA = "00112233445566778899aabbccddeeff";
constexpr const char* kSecretB = "ffeeddccbbaa99887766554433221100";

CanvasNoise seeded(const char* secret) {
    CanvasNoise noise;
    REQUIRE(noise.seed(secret));
    return noise;
}

// 64 x 64 opaque pixels of varied colour, with a transparent band in rows 0 to 7, as a drawing
// on a cleared canvas reads back.
std::vector<std::uint8_t> drawing() {
    std::vector<std::uint8_t> px(64 * 64 * 4);
    for (std::size_t i = 0; i < px.size() / 4; ++i) {
        const bool transparent = i < 64 * 8;
        px[i * 4 + 0] = transparent ? 0 : static_cast<std::uint8_t>(i * 7);
        px[i * 4 + 1] = transparent ? 0 : static_cast<std::uint8_t>(i % 3 == 0 ? 255 : i * 13);
        px[i * 4 + 2] = transparent ? 0 : static_cast<std::uint8_t>(i % 5 == 0 ? 0 : i * 29);
        px[i * 4 + 3] = transparent ? 0 : static_cast<std::uint8_t>(i % 2 ? 255 : 128);
    }
    return px;
}

std::vector<std::uint8_t> perturbed(const CanvasNoise& noise, std::vector<std::uint8_t> px) {
    REQUIRE(noise.perturb(px.data(), px.size()));
    return px;
}

// kManifest whose SDK declares the canvas for diagnostics with `treatment`.
std::string canvas_declared(const std::string& treatment) {
    return rps::test::manifest_with(R"("provider": "Volcengine",)",
                                    R"("provider": "Volcengine", "collects": [{ "item": "canvas", "necessity": "optional", )"
                                    R"("purpose": "diagnostics", "treatment": ")" + treatment + R"(" }],)");
}

}  // namespace

TEST_CASE("canvas noise: the same pixels read back the same within a session") {
    const CanvasNoise noise = seeded(kSecretA);
    CHECK(perturbed(noise, drawing()) == perturbed(noise, drawing()));
    CHECK(perturbed(noise, drawing()) != drawing());
}

TEST_CASE("canvas noise: another session's secret reads back differently") {
    CHECK(perturbed(seeded(kSecretA), drawing()) != perturbed(seeded(kSecretB), drawing()));
}

TEST_CASE("canvas noise: one step on one colour channel at most, alpha and transparent pixels untouched") {
    const std::vector<std::uint8_t> before = drawing();
    const std::vector<std::uint8_t> after = perturbed(seeded(kSecretA), before);
    std::size_t changed = 0;
    for (std::size_t i = 0; i < before.size(); i += 4) {
        int channels = 0;
        for (std::size_t c = 0; c < 4; ++c) {
            const int diff = int(after[i + c]) - int(before[i + c]);
            CHECK((diff >= -1 && diff <= 1));
            if (diff != 0) ++channels;
            if (c == 3 || before[i + 3] == 0) CHECK(diff == 0);
        }
        CHECK(channels <= 1);
        changed += channels;
    }
    // About one pixel in four of the 3584 visible ones: a few, not most.
    CHECK(changed > 3584 / 8);
    CHECK(changed < 3584 / 2);
}

TEST_CASE("canvas noise: an empty canvas stays empty") {
    std::vector<std::uint8_t> empty(32 * 32 * 4, 0);
    CHECK(perturbed(seeded(kSecretA), empty) == empty);
}

TEST_CASE("canvas noise: unseeded, or with a bad secret, the pixels are cleared") {
    CanvasNoise noise;
    CHECK_FALSE(noise.seed("00112233"));
    CHECK_FALSE(noise.seed("zz112233445566778899aabbccddeeff"));
    std::vector<std::uint8_t> px = drawing();
    CHECK_FALSE(noise.perturb(px.data(), px.size()));
    CHECK(px == std::vector<std::uint8_t>(px.size(), 0));
}

TEST_CASE("canvas noise: the first good secret stays") {
    CanvasNoise noise = seeded(kSecretA);
    CHECK(noise.seed(kSecretB));
    CHECK(perturbed(noise, drawing()) == perturbed(seeded(kSecretA), drawing()));
}

TEST_CASE("canvas readback: perturbed by default, recorded per API") {
    Engine engine;
    REQUIRE(engine.load(rps::test::kManifest, 1).empty());
    const auto d = decide_readback(engine, "toDataURL", 5);
    CHECK(d.action == Action::generalize);
    const auto& entry = engine.ledger().newest();
    CHECK(entry.surface == "canvas.toDataURL");
    CHECK(entry.action == "generalize");
    CHECK(entry.time == 5);
    decide_readback(engine, "<img src=x>", 6);
    CHECK(engine.ledger().newest().surface == "canvas.(unknown)");
}

TEST_CASE("canvas readback: a declared canvas kept for a granted purpose reads as drawn") {
    Engine engine;
    REQUIRE(engine.load(canvas_declared("keep"), 1).empty());
    CHECK(decide_readback(engine, "getImageData", 2).action == Action::generalize);
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 3).ok());
    const auto d = decide_readback(engine, "getImageData", 4);
    CHECK(d.action == Action::allow);
    CHECK(d.sdk == "vertc");
    // An unknown API is never let through.
    CHECK(decide_readback(engine, "toString", 5).action == Action::generalize);
}

TEST_CASE("canvas readback: whether a read would be let through is asked without a record") {
    Engine engine;
    REQUIRE(engine.load(canvas_declared("keep"), 1).empty());
    const auto before = engine.ledger().total();
    CHECK_FALSE(rps::canvas::readback_allowed(engine));
    CHECK(engine.ledger().total() == before);
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 3).ok());
    const auto granted = engine.ledger().total();
    CHECK(rps::canvas::readback_allowed(engine));
    CHECK(engine.ledger().total() == granted);
}

TEST_CASE("canvas readback: a canvas declared with another treatment is still perturbed") {
    Engine engine;
    REQUIRE(engine.load(canvas_declared("remove"), 1).empty());
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 3).ok());
    CHECK(decide_readback(engine, "toBlob", 4).action == Action::generalize);
}

// The Workers' module (wasm/noise/exports.cpp) over the same freestanding core: a Worker's
// read and its page's read of the same pixels are the same bytes.
extern "C" std::int32_t rps_noise_seed(const char* hex);
extern "C" std::int32_t rps_noise_perturb(std::uint8_t* rgba, std::size_t length);

TEST_CASE("canvas noise: the Workers' module gives the engine's bytes for the same secret") {
    // Unseeded, and after a bad secret, it clears the pixels as the engine does.
    std::vector<std::uint8_t> px = drawing();
    CHECK(rps_noise_perturb(px.data(), px.size()) == 0);
    CHECK(px == std::vector<std::uint8_t>(px.size(), 0));
    CHECK(rps_noise_seed("zz112233445566778899aabbccddeeff") == 0);

    REQUIRE(rps_noise_seed(kSecretA) == 1);
    CHECK(rps_noise_seed(kSecretB) == 1);  // the first good secret stays
    px = drawing();
    CHECK(rps_noise_perturb(px.data(), px.size()) == 1);
    CHECK(px == perturbed(seeded(kSecretA), drawing()));
    CHECK(px != drawing());
}
