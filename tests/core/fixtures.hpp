// A valid manifest the core tests start from and bend into the case under test.
#pragma once

#include <string>

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

}  // namespace rps::test
