// SDK switches (js-bindings/network/switches.js): the telemetry module only, like endpoints.
#ifdef RPS_WITH_TELEMETRY
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/sdk_switches.hpp"

namespace {

std::string switch_globals() { return rps::switch_globals_json(bound_engine()); }
std::string switches_now(const std::string& global, double now) { return rps::switches_now_json(bound_engine(), global, now); }

}  // namespace

RPS_BINDINGS(switches) {
    function<&switch_globals>("switchGlobals"),
    function<&switches_now>("switchesNow"),
};
#endif  // RPS_WITH_TELEMETRY
