#include "core/sdk_switches.hpp"

#include <vector>

#include "core/json_out.hpp"

namespace rps {

std::string switch_globals_json(const Engine& engine) {
    std::vector<std::string> names;
    for (const Sdk& sdk : engine.manifest().sdks) {
        for (const SdkSwitch& sw : sdk.switches) {
            bool seen = false;
            for (const std::string& n : names) seen = seen || n == sw.global;
            if (!seen) names.push_back(sw.global);
        }
    }
    std::string out;
    json_out::append_string_array(out, names);
    return out;
}

std::string switches_now_json(Engine& engine, std::string_view global, double now_ms) {
    std::string out = "[";
    bool first = true;
    for (const Sdk& sdk : engine.manifest().sdks) {
        for (const SdkSwitch& sw : sdk.switches) {
            if (sw.global != global) continue;
            const bool granted = !engine.closed() && engine.consent().state(sw.purpose) == ConsentState::granted;
            if (granted != sw.when_granted) continue;
            if (!first) out.push_back(',');
            first = false;
            json_out::Object(out).text("call", sw.call).raw("args", sw.args_json).close();
            const std::string why = std::string(sw.when_granted ? "consent granted: " : "consent not granted: ") + sw.global + "." + sw.call;
            engine.note("switch", "apply", sw.purpose, sdk.id, why, now_ms);
        }
    }
    return out + "]";
}

}  // namespace rps
