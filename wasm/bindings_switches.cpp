// SDK switches (js-bindings/network/switches.js): the telemetry module only, like endpoints.
#ifdef RPS_WITH_TELEMETRY
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/sdk_switches.hpp"

namespace {

std::string switch_globals() { return rps::switch_globals_json(bound_engine()); }
std::string switches_now(const std::string& global, double now) { return rps::switches_now_json(bound_engine(), global, now); }

}  // namespace

RPS_BINDINGS(rps_switches) {
    rps::bind::function("switchGlobals", &switch_globals);
    rps::bind::function("switchesNow", &switches_now);
}
#endif  // RPS_WITH_TELEMETRY
