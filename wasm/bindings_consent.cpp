// Consent beyond grant and revoke (js-bindings/shim.js, consent-ui.js, held-scripts.js,
// bridges.js): receipts that name the dialog, the prompt question, forget me, held scripts,
// Google Consent Mode and Global Privacy Control.
#include "bind.hpp"

#include <cstdint>

#include "bound_engine.hpp"
#include "core/bridges.hpp"
#include "core/consent_actions.hpp"
#include "core/json_out.hpp"
#include "core/script_gate.hpp"
#include "core/text.hpp"

namespace {

// `purposes`: each id followed by a newline (an id never holds one: the JS layer refuses it).
std::string set_consent_from(const std::string& purposes, const std::string& state, const std::string& method,
                             const std::string& locale, const std::string& dialog_version, double now) {
    std::vector<std::string> names;
    std::size_t start = 0;
    for (std::size_t at = purposes.find('\n'); at != std::string::npos; start = at + 1, at = purposes.find('\n', start))
        names.push_back(purposes.substr(start, at - start));
    const auto consent_state = rps::parse_consent_state(state);
    if (!consent_state) return "unknown consent state " + rps::in_quotes(state);
    return bound_engine().set_consent(names, *consent_state, method, locale, now, dialog_version).error;
}

bool needs_prompt() { return rps::needs_prompt(bound_engine()); }
void forget_receipts(double now) { rps::forget_receipts(bound_engine(), now); }

std::string script_json(const rps::ScriptDecision& d) {
    std::string out;
    rps::json_out::Object(out).text("action", d.action).text("reason", d.reason).close();
    return out;
}
std::string decide_script(const std::string& purpose) { return script_json(rps::decide_script(bound_engine(), purpose)); }
std::string note_script(const std::string& purpose, double now) {
    return script_json(rps::note_script(bound_engine(), purpose, now));
}

// The declared injected scripts' selectors, as a JSON array (index = declaration).
std::string injected_scripts() {
    std::vector<std::string> selectors;
    for (const rps::Sdk& sdk : bound_engine().manifest().sdks)
        for (const rps::InjectedScript& script : sdk.injected_scripts) selectors.push_back(script.selector);
    std::string out;
    rps::json_out::append_string_array(out, selectors);
    return out;
}
std::string note_injected_script(double index, double now) {
    const bool valid = index >= 0 && index < 1e6;
    const auto d = rps::note_injected_script(bound_engine(), valid ? static_cast<std::size_t>(index) : SIZE_MAX, now);
    std::string out;
    rps::json_out::Object(out).text("action", d.decision.action).text("reason", d.decision.reason).text("purpose", d.purpose).close();
    return out;
}

std::string google_consent(bool initial) { return rps::google_consent_json(bound_engine(), initial); }
bool apply_gpc(const std::string& locale, double now) {
    return rps::apply_global_privacy_control(bound_engine(), locale, now);
}

}  // namespace

RPS_BINDINGS(consent) {
    function<&set_consent_from>("setConsentFrom"),
    function<&needs_prompt>("needsPrompt"),
    function<&forget_receipts>("forgetReceipts"),
    function<&decide_script>("decideScript"),
    function<&note_script>("noteScript"),
    function<&injected_scripts>("injectedScripts"),
    function<&note_injected_script>("noteInjectedScript"),
    function<&google_consent>("googleConsent"),
    function<&apply_gpc>("applyGpc"),
};
