// Scripts held until their purpose is granted (<script type="text/plain"
// data-rtc-privacy-purpose>, shim.load()): the engine says run, hold or refuse; the JS
// layer inserts the script or waits.
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

}  // namespace rps
