// The consent dialog and the collection-list panel (js-bindings/ui/): the age answer and what
// an answer locks, and a call into JS after each new ledger entry while the panel is open.
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/minors.hpp"

namespace {

// '' when applied, else why not. `guardian`: "1" when a guardian confirmed.
std::string set_age(const std::string& bracket, const std::string& guardian, const std::string& method,
                    const std::string& locale, double now) {
    const auto parsed = rps::parse_age_bracket(bracket);
    if (!parsed) return "unknown age bracket \"" + bracket + "\" (known: under, over)";
    return bound_engine().set_age({*parsed, guardian == "1"}, method, locale, now).error;
}

// core/minors.hpp age_view_json for the answer given, or for the recorded one when `bracket`
// is empty: the dialog greys out what an answer on screen would lock before it is saved.
std::string age_view(const std::string& bracket, const std::string& guardian) {
    const rps::Engine& engine = bound_engine();
    rps::AgeAnswer age = engine.consent().age();
    if (!bracket.empty()) age = {rps::parse_age_bracket(bracket).value_or(rps::AgeBracket::unknown), guardian == "1"};
    return rps::age_view_json(engine.manifest(), age);
}

// The module's import env.rps_ledger_grew (js-bindings/core.js). The JS side must not call
// back into the engine from it (the ledger is mid-add, the call's result slots in use): it
// runs the listener in a microtask.
extern "C" __attribute__((import_module("env"), import_name("rps_ledger_grew"))) void rps_ledger_grew();

void observe_ledger(bool on) { bound_engine().set_ledger_observer(on ? +[] { rps_ledger_grew(); } : nullptr); }

}  // namespace

RPS_BINDINGS(ui) {
    function<&set_age>("setAge"),
    function<&age_view>("ageView"),
    function<&observe_ledger>("observeLedger"),
};
