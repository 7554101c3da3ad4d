// SDK switches (js-bindings/network/switches.js): the telemetry module only, like endpoints.
#ifdef RPS_WITH_TELEMETRY
#include <emscripten/bind.h>

#include "bound_engine.hpp"
#include "core/sdk_switches.hpp"

namespace {

std::string switch_globals() { return rps::switch_globals_json(bound_engine()); }
std::string switches_now(const std::string& global, double now) { return rps::switches_now_json(bound_engine(), global, now); }

}  // namespace

EMSCRIPTEN_BINDINGS(rps_switches) {
    emscripten::function("switchGlobals", &switch_globals);
    emscripten::function("switchesNow", &switches_now);
}
#endif  // RPS_WITH_TELEMETRY
