// Consent told to other systems and signals taken from the browser (manifest "bridges"):
// Google Consent Mode v2 and Global Privacy Control.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.hpp"

namespace rps {

// Google Consent Mode's consent object, {"analytics_storage":"granted",…} in manifest
// order: a type is granted when it lists purposes and all of them are granted. `initial`:
// every type denied (the "default" command). "" without a mapping or when closed.
std::string google_consent_json(const Engine& engine, bool initial);

// Global Privacy Control is on: the purposes the manifest lists for it that are still unset
// are denied (method "gpc"); a choice the user made stands. Returns whether consent changed.
bool apply_global_privacy_control(Engine& engine, std::string_view locale, double now_ms);

}  // namespace rps
