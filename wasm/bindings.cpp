// The only Embind file: it owns the one Engine of this realm and turns its answers into
// plain strings and small objects. No exception crosses into JS; errors are values.
#include "bind.hpp"

#include <utility>

#include "bound_engine.hpp"
#include "core/json_out.hpp"
#include "core/redact/ascii.hpp"
#include "core/text.hpp"

rps::Engine& bound_engine() {
    static rps::Engine instance;
    return instance;
}

namespace {

rps::Engine& engine() { return bound_engine(); }

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

#ifdef RPS_WITH_TELEMETRY
// Rule lists cross as one rule per line: a rule never contains a newline (the JS layer
// refuses any that does), and a plain split keeps a second JSON parser out of the WASM.
std::vector<std::string> split_lines(const std::string& text) {
    std::vector<std::string> items;
    if (text.empty()) return items;
    std::size_t start = 0;
    while (start <= text.size()) {
        std::size_t end = text.find('\n', start);
        if (end == std::string::npos) end = text.size();
        items.push_back(text.substr(start, end - start));
        start = end + 1;
    }
    return items;
}
#endif

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

JsDecision decide_as(const std::string& surface_name, double now, bool generalizable) {
    const auto surface = rps::parse_surface(surface_name);
    // An unknown surface is a bug in the JS layer; it must still fail closed.
    if (!surface) return {"deny", "", "unknown surface " + rps::in_quotes(surface_name)};
    const auto d = engine().decide(*surface, now, generalizable);
    return {std::string(rps::to_string(d.action)), d.purpose, d.reason};
}

JsDecision decide(const std::string& surface_name, double now) { return decide_as(surface_name, now, true); }

// decide() for an API with no generalized form: denied, and recorded so, where decide()
// would generalize (js-bindings/surfaces/permissions/peripherals.js).
JsDecision decide_whole(const std::string& surface_name, double now) { return decide_as(surface_name, now, false); }

// What decide() would answer, neither recorded nor counted: what workers are told after a
// consent change (js-bindings/surfaces/permissions/peripherals.js).
std::string surface_action(const std::string& surface_name) {
    const auto surface = rps::parse_surface(surface_name);
    return std::string(rps::to_string(surface ? engine().evaluate(*surface).action : rps::Action::deny));
}

void record(const std::string& surface_name, const std::string& action_name, const std::string& purpose,
            const std::string& reason, double now) {
    const auto surface = rps::parse_surface(surface_name);
    const auto action = rps::parse_action(action_name);
    if (surface && action) engine().record(*surface, *action, purpose, reason, now);
}

void set_global_privacy_control(bool on) { engine().set_global_privacy_control(on); }
bool cookie_free() { return engine().cookie_free(); }
bool allow_cookie_write(const std::string& api, double now) { return engine().allow_cookie_write(api, now); }
// true: keep the write in page memory (cookie-free mode), false: store it as usual.
bool decide_storage(const std::string& area, const std::string& key, const std::string& value, double now) {
    return engine().decide_storage(area, key, value, now).memory_only;
}

std::string ledger() { return engine().ledger().to_json(); }

#ifdef RPS_WITH_TELEMETRY
// The telemetry build adds what the network interceptors need: endpoint matching, request
// decisions and the redactor. Left out of the core build, the linker drops the redactor.

// 64 hex characters from crypto.getRandomValues. Anything else leaves the key unset, and
// redaction then drops rather than hash with a guessable key.
bool set_session_key(const std::string& hex) {
    if (hex.size() != 64) return false;
    std::array<std::uint8_t, 32> key{};
    for (std::size_t i = 0; i < 64; ++i) {
        const int nibble = rps::redact::ascii::hex_value(hex[i]);
        if (nibble < 0) return false;
        key[i / 2] = static_cast<std::uint8_t>(key[i / 2] << 4 | nibble);
    }
    engine().set_session_key(key);
    return true;
}

int match_endpoint(const std::string& url, bool cross_origin) { return engine().match_endpoint(url, cross_origin); }

struct JsRequestDecision {
    bool send = false;
    std::string purpose;
    std::string sdk;
    std::string reason;
    bool omit_credentials = false;  // send without cookies / HTTP auth (cookie-free mode)
    bool gate_only = false;         // sent unread and unchanged, through passRequest
};

JsRequestDecision js_decision(rps::RequestDecision d) {
    return {d.send, std::move(d.purpose), std::move(d.sdk), std::move(d.reason), d.omit_credentials, d.gate_only};
}

JsRequestDecision decide_request(int endpoint) { return js_decision(engine().decide_request(endpoint)); }
JsRequestDecision decide_session(int endpoint) { return js_decision(engine().decide_session(endpoint)); }

struct JsRedactedRequest {
    bool dropped = false;
    std::string url;
    std::size_t body_length = 0;  // at body_output()
    std::string reason;
};

// Bodies cross as bytes in WASM memory, not as Embind strings: Embind converts a string
// with JS loops over every character (four passes), which dominated redaction time;
// the JS side writes with TextEncoder.encodeInto. On the way back it mostly does not
// decode at all: the result's copy spans say which runs are slices of the body JS sent,
// and only the new text between them (`literals`, gathered here) is decoded.
struct BodyBuffers {
    std::string in;
    bool in_refused = false;  // the last body_input asked for more than any body may be
    std::string out;
    std::vector<rps::redact::CopySpan> copies;
    std::string literals;
    std::array<std::uint32_t, 6> layout{};
};
static_assert(sizeof(rps::redact::CopySpan) == 3 * sizeof(std::uint32_t), "JS reads copy spans as u32 triples");

BodyBuffers& bodies() {
    static BodyBuffers buffers;
    return buffers;
}

// Bodies are dropped past the redactor's limit; the reason is the redactor's own.
std::size_t max_body_bytes() { return rps::redact::Policy().max_body_bytes; }
std::string body_too_large() { return "body larger than " + std::to_string(max_body_bytes()) + " bytes"; }

// Buffers grown past this by one large body give their memory back once it is done with,
// instead of holding it for the rest of the page's life. Below it they are kept between
// calls: an SDK's batch (the input buffer is 3 bytes per UTF-16 unit, so a 1 MB batch takes
// 3 MB) would otherwise be allocated and zero-filled again on every request.
constexpr std::size_t kKeptBufferBytes = 8 * 1024 * 1024;

template <typename Buffer>
void release_if_large(Buffer& buffer) {
    if (buffer.capacity() * sizeof(buffer[0]) > kKeptBufferBytes) Buffer().swap(buffer);
}

// Where JS writes the next body (at most `capacity` bytes), or 0: JS asks for 3 bytes per
// UTF-16 unit, so a capacity past 3 * max_body_bytes is a string of more UTF-8 bytes than
// any body may have. Nothing is allocated for it; the next redaction call drops the body.
std::uintptr_t body_input(std::size_t capacity) {
    BodyBuffers& b = bodies();
    // JS has read the previous result (body_layout) by now.
    release_if_large(b.out);
    release_if_large(b.copies);
    release_if_large(b.literals);
    b.in_refused = capacity > 3 * max_body_bytes();
    if (b.in_refused) {
        release_if_large(b.in);
        return 0;
    }
    if (b.in.size() < capacity) b.in.resize(capacity);  // grow only: no zero-fill on reuse
    return reinterpret_cast<std::uintptr_t>(b.in.data());
}

// Whether the body of this redaction call was refused by body_input. Read once per call.
bool take_body_refused() { return std::exchange(bodies().in_refused, false); }

// Where the last result body is, as six u32 for JS: body, body length, copy spans
// (u32 triples out_begin, in_begin, length), their count, literals, literals length.
std::uintptr_t body_layout() {
    BodyBuffers& b = bodies();
    auto address = [](const void* p) { return static_cast<std::uint32_t>(reinterpret_cast<std::uintptr_t>(p)); };
    b.layout = {address(b.out.data()),     static_cast<std::uint32_t>(b.out.size()),
                address(b.copies.data()),  static_cast<std::uint32_t>(b.copies.size()),
                address(b.literals.data()), static_cast<std::uint32_t>(b.literals.size())};
    return reinterpret_cast<std::uintptr_t>(b.layout.data());
}

std::string_view body_in(std::size_t length) {
    return std::string_view(bodies().in).substr(0, length);
}

// After a redaction call the input is no longer needed.
void done_with_body_in() { release_if_large(bodies().in); }

std::size_t set_body_out(std::string body, std::vector<rps::redact::CopySpan> copies) {
    BodyBuffers& b = bodies();
    b.out = std::move(body);
    b.copies = std::move(copies);
    release_if_large(b.literals);
    b.literals.clear();
    std::size_t at = 0;
    for (const auto& c : b.copies) {
        b.literals.append(b.out, at, c.out_begin - at);
        at = std::size_t(c.out_begin) + c.length;
    }
    b.literals.append(b.out, at, std::string::npos);
    return b.out.size();
}

// `bytes`: the body was written as the page's bytes, not as UTF-8 text (Engine::redact_request).
JsRedactedRequest redact_request(int endpoint, const std::string& url, std::size_t body_length, bool has_body,
                                 const std::string& transport, double now, bool bytes) {
    const bool refused = take_body_refused();
    if (refused && has_body) {
        const std::string reason = body_too_large();
        engine().record_request(endpoint, "drop", transport, reason, now);
        return {true, "", set_body_out("", {}), reason};
    }
    auto r = engine().redact_request(endpoint, url, body_in(body_length), has_body, transport, now, bytes);
    done_with_body_in();
    return {r.dropped, std::move(r.url), set_body_out(std::move(r.body), std::move(r.body_copies)), std::move(r.reason)};
}

void record_request(int endpoint, const std::string& action, const std::string& transport, const std::string& reason,
                    double now) {
    engine().record_request(endpoint, action, transport, reason, now);
}

bool pass_request(int endpoint, const std::string& transport, double now) {
    return engine().pass_request(endpoint, transport, now);
}

struct JsRedaction {
    bool dropped = false;
    std::size_t body_length = 0;  // at body_output()
    std::string error;
    std::string counts;  // JSON object: name → count
};

// A redaction that sends nothing: the result body is emptied too, so body_layout never
// shows the body of an earlier call.
JsRedaction refused_redaction(std::string error) {
    JsRedaction out;
    out.dropped = true;
    out.body_length = set_body_out("", {});
    out.error = std::move(error);
    out.counts = "{}";
    return out;
}

JsRedaction redact(std::size_t body_length, const std::string& format_name, const std::string& rules) {
    const bool refused = take_body_refused();
    rps::redact::Format format;
    if (!rps::redact::format_from_name(format_name, format))
        return refused_redaction("unknown format " + rps::in_quotes(format_name) + " (known: json, ndjson, form, query, text)");
    if (refused) return refused_redaction(body_too_large());
    JsRedaction out;
    rps::Status status;
    auto result = engine().redact_payload(body_in(body_length), format, split_lines(rules), status);
    done_with_body_in();
    out.dropped = result.dropped;
    out.body_length = set_body_out(std::move(result.body), std::move(result.copies));
    out.error = status.ok() ? result.error : status.error;
    rps::json_out::Object counts(out.counts);
    for (const auto& c : result.counts) counts.integer(c.name, c.count);
    counts.close();
    return out;
}
#endif  // RPS_WITH_TELEMETRY

}  // namespace

template <>
constexpr rps::bind::Fields rps::bind::fields_of<JsDecision> = {
    field<&JsDecision::action>("action"),
    field<&JsDecision::purpose>("purpose"),
    field<&JsDecision::reason>("reason"),
};
template <>
constexpr rps::bind::Fields rps::bind::fields_of<JsScope> = {field<&JsScope::id>("id"), field<&JsScope::error>("error")};
#ifdef RPS_WITH_TELEMETRY
template <>
constexpr rps::bind::Fields rps::bind::fields_of<JsRequestDecision> = {
    field<&JsRequestDecision::send>("send"),
    field<&JsRequestDecision::purpose>("purpose"),
    field<&JsRequestDecision::sdk>("sdk"),
    field<&JsRequestDecision::reason>("reason"),
    field<&JsRequestDecision::omit_credentials>("omitCredentials"),
    field<&JsRequestDecision::gate_only>("gateOnly"),
};
template <>
constexpr rps::bind::Fields rps::bind::fields_of<JsRedactedRequest> = {
    field<&JsRedactedRequest::dropped>("dropped"),
    field<&JsRedactedRequest::url>("url"),
    field<&JsRedactedRequest::body_length>("bodyLength"),
    field<&JsRedactedRequest::reason>("reason"),
};
template <>
constexpr rps::bind::Fields rps::bind::fields_of<JsRedaction> = {
    field<&JsRedaction::dropped>("dropped"),
    field<&JsRedaction::body_length>("bodyLength"),
    field<&JsRedaction::error>("error"),
    field<&JsRedaction::counts>("counts"),
};
#endif

RPS_BINDINGS(engine) {
    function<&load>("load"),
    function<&closed>("closed"),
    function<&closed_reason>("closedReason"),
    function<&revision>("revision"),
    function<&consent_state>("consentState"),
    function<&purposes>("purposes"),
    function<&receipt>("receipt"),
    function<&receipts>("receipts"),
    function<&export_consent>("exportConsent"),
    function<&import_consent>("importConsent"),
    function<&open_scope>("openScope"),
    function<&close_scope>("closeScope"),
    function<&decide>("decide"),
    function<&decide_whole>("decideWhole"),
    function<&surface_action>("surfaceAction"),
    function<&record>("record"),
    function<&set_global_privacy_control>("setGlobalPrivacyControl"),
    function<&cookie_free>("cookieFree"),
    function<&allow_cookie_write>("allowCookieWrite"),
    function<&decide_storage>("decideStorage"),
    function<&ledger>("ledger"),
#ifdef RPS_WITH_TELEMETRY
    function<&set_session_key>("setSessionKey"),
    function<&match_endpoint>("matchEndpoint"),
    function<&decide_request>("decideRequest"),
    function<&decide_session>("decideSession"),
    function<&redact_request>("redactRequest"),
    function<&record_request>("recordRequest"),
    function<&pass_request>("passRequest"),
    function<&redact>("redact"),
    function<&body_input>("bodyInput"),
    function<&body_layout>("bodyLayout"),
#endif
};

// Every bindings file's table, in the order JS binds them: a new bindings_<surface>.cpp adds
// its own here (bound_engine.hpp declares them).
const std::initializer_list<const rps::bind::Table*> rps::bind::all_tables = {
    &rps_bindings_engine,      &rps_bindings_canvas, &rps_bindings_consent, &rps_bindings_device,
    &rps_bindings_permissions, &rps_bindings_ui,     &rps_bindings_webrtc,
#ifdef RPS_WITH_TELEMETRY
    &rps_bindings_switches,
#endif
};
