// Scripts held until their purpose is granted (<script type="text/plain"
// data-rtc-privacy-purpose>, shim.load()): the engine says run, hold or refuse; the JS
// layer inserts the script or waits. Scripts an SDK inserts at run time (the manifest's
// sdks[].injectedScripts) are held the same way when the page inserts one that matches.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.hpp"

namespace rps {

struct ScriptDecision {
    std::string_view action;  // "allow" (run now), "hold" (until granted), "deny" (never)
    std::string reason;
};

ScriptDecision decide_script(const Engine& engine, std::string_view purpose);
// The same, recorded in the ledger as "script": once per run, per hold first seen, per refusal.
ScriptDecision note_script(Engine& engine, std::string_view purpose, double now_ms);

// Why `selector` cannot declare an injected script, or "" when it can: "script" followed by
// one or more of #id, .class, [attribute] and [attribute="value"] (names of A-Z a-z 0-9 _ -,
// values without quotes, backslashes or control characters). A narrow subset of CSS, so
// that the JS layer's matches() reads it as the manifest's author meant.
std::string script_selector_problem(std::string_view selector);

// A script element the page inserts that matches declaration `index` (the SDKs' injectedScripts
// in manifest order): run it now (allow), hold it until its purpose is granted (hold), or
// never (deny: no such declaration, or the engine is closed). Recorded as "script.injected".
struct InjectedScriptDecision {
    ScriptDecision decision;
    std::string_view purpose;  // into the engine's manifest; empty when denied
};
InjectedScriptDecision note_injected_script(Engine& engine, std::size_t index, double now_ms);

}  // namespace rps
