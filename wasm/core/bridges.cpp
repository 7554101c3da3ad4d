#include "core/bridges.hpp"

#include <vector>

#include "core/json_out.hpp"

namespace rps {

std::string google_consent_json(const Engine& engine, bool initial) {
    const auto& mapping = engine.manifest().bridges.google_consent_mode;
    if (engine.closed() || mapping.empty()) return "";
    std::string out;
    json_out::Object object(out);
    for (const auto& [type, purposes] : mapping) {
        bool granted = !initial && !purposes.empty();
        for (const std::string& p : purposes) granted = granted && engine.consent().state(p) == ConsentState::granted;
        object.text(type, granted ? "granted" : "denied");
    }
    object.close();
    return out;
}

bool apply_global_privacy_control(Engine& engine, std::string_view locale, double now_ms) {
    std::vector<std::string> unset;
    for (const std::string& p : engine.manifest().bridges.gpc_deny)
        if (engine.consent().state(p) == ConsentState::unset) unset.push_back(p);
    if (unset.empty() || engine.closed()) return false;
    return engine.set_consent(unset, ConsentState::denied, "gpc", locale, now_ms).ok();
}

}  // namespace rps
