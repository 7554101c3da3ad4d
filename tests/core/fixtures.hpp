// A valid manifest the core tests start from and bend into the case under test.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <vector>

#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "core/manifest.hpp"

namespace rps::test {

inline const std::string kManifest = R"({
  "revision": "r1",
  "controller": { "name": "Test App" },
  "purposes": [
    { "id": "call", "label": { "en": "Calls", "zh-CN": "通话" } },
    { "id": "share", "label": { "en": "Screen sharing" } },
    { "id": "diagnostics", "label": { "en": "Diagnostics" } }
  ],
  "sdks": [{
    "id": "vertc", "name": "veRTC Web SDK", "provider": "Volcengine",
    "permissions": [
      { "surface": "camera", "purpose": "call" },
      { "surface": "microphone", "purpose": "call" },
      { "surface": "screen", "purpose": "share", "scoped": true }
    ]
  }]
})";

// kManifest with `from` replaced by `to` (the first occurrence; the test fails if absent).
inline std::string manifest_with(const std::string& from, const std::string& to) {
    std::string out = kManifest;
    const auto at = out.find(from);
    if (at == std::string::npos) return "fixture text not found: " + from;
    return out.replace(at, from.size(), to);
}

// An engine with `manifest` loaded at `now`; the test stops, naming the errors, if it is refused.
inline rps::Engine loaded(const std::string& manifest = kManifest, double now = 1000) {
    rps::Engine engine;
    const auto errors = engine.load(manifest, now);
    for (const auto& e : errors) INFO(e.message());
    REQUIRE(errors.empty());
    return engine;
}

// loaded() with a session key whose first byte is `key_byte`: redaction hashes with it.
inline rps::Engine keyed(const std::string& manifest, std::uint8_t key_byte) {
    rps::Engine engine = loaded(manifest, 1);
    std::array<std::uint8_t, 32> key{};
    key[0] = key_byte;
    engine.set_session_key(key);
    return engine;
}

// The messages ("path: reason") of the errors parse_manifest finds in `text`.
inline std::vector<std::string> manifest_errors(const std::string& text) {
    std::vector<std::string> out;
    for (const auto& e : rps::parse_manifest(text).errors) out.push_back(e.message());
    return out;
}

}  // namespace rps::test
