#include "core/script_gate.hpp"

#include "core/redact/ascii.hpp"
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

namespace {

bool is_name_char(char c) { return redact::ascii::is_alnum(c) || c == '_' || c == '-'; }

// The length of the name at `at` (0 when there is none).
std::size_t name_at(std::string_view text, std::size_t at) {
    std::size_t end = at;
    while (end < text.size() && is_name_char(text[end])) ++end;
    return end - at;
}

}  // namespace

std::string script_selector_problem(std::string_view selector) {
    const std::string expected = "expected \"script\" and one or more of #id, .class, [attribute], [attribute=\"value\"]";
    if (selector.substr(0, 6) != "script" || selector.size() == 6) return expected;
    for (std::size_t at = 6; at < selector.size();) {
        const char kind = selector[at++];
        const std::string where = " at character " + decimal(at);
        if (kind != '#' && kind != '.' && kind != '[') return expected + ", got " + in_quotes(std::string(1, kind)) + where;
        const std::size_t name = name_at(selector, at);
        if (name == 0) return "expected a name" + where;
        // A CSS identifier starts with a letter or '_', after at most one '-': "#1a", "[2x]",
        // "#-1" or "#-" make matches() throw, and the script would not be made inert.
        const std::size_t first = selector[at] == '-' ? at + 1 : at;
        if (first >= at + name || !(redact::ascii::is_alpha(selector[first]) || selector[first] == '_'))
            return "a name must start with a letter or \"_\" (after at most one \"-\") in " + in_quotes(selector) + where;
        at += name;
        if (kind != '[') continue;
        if (at < selector.size() && selector[at] == '=') {
            if (++at >= selector.size() || selector[at] != '"') return "expected a quoted value" + where;
            const std::size_t close = selector.find('"', ++at);
            if (close == std::string_view::npos) return "unterminated value" + where;
            for (std::size_t i = at; i < close; ++i)
                if (selector[i] == '\\' || static_cast<unsigned char>(selector[i]) < 0x20)
                    return "a value may not hold backslashes or control characters" + where;
            at = close + 1;
        }
        if (at >= selector.size() || selector[at] != ']') return "expected \"]\"" + where;
        ++at;
    }
    return "";
}

InjectedScriptDecision note_injected_script(Engine& engine, std::size_t index, double now_ms) {
    const InjectedScript* found = nullptr;
    const Sdk* owner = nullptr;
    std::size_t seen = 0;
    for (const Sdk& sdk : engine.manifest().sdks) {
        for (const InjectedScript& script : sdk.injected_scripts)
            if (seen++ == index) found = &script, owner = &sdk;
    }
    InjectedScriptDecision out;
    if (!found || engine.closed()) {
        out.decision = {"deny", engine.closed() ? "engine closed: " + engine.closed_reason() : "no such injectedScripts entry"};
    } else {
        out.decision = decide_script(engine, found->purpose);
        out.decision.reason = "inserted " + found->selector + ": " + out.decision.reason;
        out.purpose = found->purpose;
    }
    engine.note("script.injected", out.decision.action, out.purpose, owner && !engine.closed() ? owner->id : "",
                out.decision.reason, now_ms);
    return out;
}

}  // namespace rps
