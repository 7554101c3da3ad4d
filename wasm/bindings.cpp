// The only Embind file: it owns the one Engine of this realm and turns its answers into
// plain strings and small objects. No exception crosses into JS; errors are values.
#include <emscripten/bind.h>

#include "core/engine.hpp"
#include "core/json_out.hpp"

namespace {

rps::Engine& engine() {
    static rps::Engine instance;
    return instance;
}

struct JsDecision {
    std::string action;
    std::string purpose;
    std::string reason;
};

struct JsScope {
    std::uint32_t id = 0;
    std::string error;
};

std::string load(const std::string& text, double now) {
    const auto errors = engine().load(text, now);
    if (errors.empty()) return R"({"ok":true})";
    std::string out = R"({"ok":false,"errors":[)";
    for (std::size_t i = 0; i < errors.size(); ++i) {
        if (i) out.push_back(',');
        rps::json_out::append_string(out, errors[i].message());
    }
    return out + "]}";
}

bool closed() { return engine().closed(); }
std::string closed_reason() { return engine().closed_reason(); }
std::string revision() { return engine().manifest().revision; }

// `purposes` holds one purpose id per line: ids never contain a newline (the JS layer
// refuses any that does), and a plain split keeps a second JSON parser out of the WASM.
std::string set_consent(const std::string& purposes, const std::string& state, const std::string& method,
                        const std::string& locale, double now) {
    std::vector<std::string> names;
    std::size_t start = 0;
    while (start <= purposes.size()) {
        std::size_t end = purposes.find('\n', start);
        if (end == std::string::npos) end = purposes.size();
        names.push_back(purposes.substr(start, end - start));
        start = end + 1;
    }
    const auto consent_state = rps::parse_consent_state(state);
    if (!consent_state) return "unknown consent state \"" + state + "\"";
    return engine().set_consent(names, *consent_state, method, locale, now).error;
}

std::string consent_state() { return engine().consent().state_json(); }
std::string receipt() { return engine().consent().last_receipt_json(); }
std::string receipts() { return engine().consent().receipts_json(); }
std::string export_consent() { return engine().export_consent_json(); }

void append_localized(std::string& out, const rps::LocalizedText& text) {
    out.push_back('{');
    for (std::size_t i = 0; i < text.size(); ++i) {
        if (i) out.push_back(',');
        rps::json_out::append_key(out, text[i].first);
        rps::json_out::append_string(out, text[i].second);
    }
    out.push_back('}');
}

std::string purposes() {
    std::string out = "[";
    const auto& list = engine().manifest().purposes;
    for (std::size_t i = 0; i < list.size(); ++i) {
        if (i) out.push_back(',');
        rps::json_out::Object purpose(out);
        purpose.text("id", list[i].id);
        append_localized(purpose.member("label"), list[i].label);
        append_localized(purpose.member("description"), list[i].description);
        purpose.close();
    }
    return out + "]";
}

std::string import_consent(const std::string& stored, double now) {
    const auto outcome = engine().import_consent_json(stored, now);
    std::string out;
    rps::json_out::Object(out).text("kind", rps::to_string(outcome.kind)).text("message", outcome.message).close();
    return out;
}

JsScope open_scope(const std::string& purpose) {
    const auto result = engine().open_scope(purpose);
    return {result.id, result.error};
}

void close_scope(std::uint32_t id) { engine().close_scope(id); }

JsDecision decide(const std::string& surface_name, double now) {
    const auto surface = rps::parse_surface(surface_name);
    // An unknown surface is a bug in the JS layer; it must still fail closed.
    if (!surface) return {"deny", "", "unknown surface \"" + surface_name + "\""};
    const auto d = engine().decide(*surface, now);
    return {std::string(rps::to_string(d.action)), d.purpose, d.reason};
}

void record(const std::string& surface_name, const std::string& action_name, const std::string& purpose,
            const std::string& reason, double now) {
    const auto surface = rps::parse_surface(surface_name);
    const auto action = rps::parse_action(action_name);
    if (surface && action) engine().record(*surface, *action, purpose, reason, now);
}

std::string ledger() { return engine().ledger().to_json(); }

}  // namespace

EMSCRIPTEN_BINDINGS(rtc_privacy_shim) {
    using namespace emscripten;
    value_object<JsDecision>("Decision")
        .field("action", &JsDecision::action)
        .field("purpose", &JsDecision::purpose)
        .field("reason", &JsDecision::reason);
    value_object<JsScope>("Scope").field("id", &JsScope::id).field("error", &JsScope::error);
    function("load", &load);
    function("closed", &closed);
    function("closedReason", &closed_reason);
    function("revision", &revision);
    function("setConsent", &set_consent);
    function("consentState", &consent_state);
    function("purposes", &purposes);
    function("receipt", &receipt);
    function("receipts", &receipts);
    function("exportConsent", &export_consent);
    function("importConsent", &import_consent);
    function("openScope", &open_scope);
    function("closeScope", &close_scope);
    function("decide", &decide);
    function("record", &record);
    function("ledger", &ledger);
}
