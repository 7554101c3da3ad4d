// SDK switches (sdks[].switches): which of an SDK's own switches the JS layer calls now. The
// engine decides from consent; js-bindings/network/switches.js watches the globals and calls.
// A switch is a second layer: the shim's own gates hold whether or not it is declared.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.hpp"

namespace rps {

// The globals any switch names, once each, as a JSON array of strings: the ones to watch.
std::string switch_globals_json(const Engine& engine);

// The switches of `global` that apply under the current consent, as a JSON array of
// {"call": name, "args": [...]} in manifest order; each recorded in the ledger as "switch".
// A closed engine grants nothing.
std::string switches_now_json(Engine& engine, std::string_view global, double now_ms);

}  // namespace rps
