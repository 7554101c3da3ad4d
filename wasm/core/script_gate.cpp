#include "core/script_gate.hpp"

#include "core/text.hpp"

namespace rps {

ScriptDecision decide_script(const Engine& engine, std::string_view purpose) {
    // A closed engine never changes consent: what it holds would wait forever, so it refuses.
    if (engine.closed()) return {"deny", "engine closed: " + engine.closed_reason()};
    if (!engine.consent().knows(purpose)) return {"deny", "unknown purpose " + in_quotes(purpose)};
    const ConsentState state = engine.consent().state(purpose);
    const std::string why = "consent " + in_quotes(purpose) + " is " + std::string(to_string(state));
    return {state == ConsentState::granted ? "allow" : "hold", why};
}

ScriptDecision note_script(Engine& engine, std::string_view purpose, double now_ms) {
    ScriptDecision d = decide_script(engine, purpose);
    // An unknown id is page input: the entry names no purpose, the reason quotes it clipped.
    const bool known = engine.consent().knows(purpose);
    engine.note("script", d.action, known ? purpose : std::string_view(), "", d.reason, now_ms);
    return d;
}

}  // namespace rps
