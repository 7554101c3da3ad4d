// The one object that decides. The bindings own a single instance; everything the
// JS layer applies comes from here, so there is one source of truth per realm.
#pragma once

#include <array>
#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/consent.hpp"
#include "core/ledger.hpp"
#include "core/manifest.hpp"
#include "core/status.hpp"
#include "core/surface.hpp"

namespace rps {

struct Decision {
    Action action = Action::deny;
    std::string purpose;  // the purpose that allowed it, or the one that was missing
    std::string sdk;      // the SDK whose declaration decided, when one did
    std::string reason;   // human-readable, never raw personal data
};

// What a request's URL maps to: a declared endpoint (>= 0) or one of these.
inline constexpr int kNoEndpoint = -1;   // not telemetry: passes untouched, not even copied
inline constexpr int kUnknownScan = -2;  // cross-origin, undeclared, detectors only

struct RequestDecision {
    bool send = false;   // false: dropped, the caller answers with a synthetic success
    std::string purpose;
    std::string sdk;
    std::string reason;
    // Cookie-free mode: a request to a declared endpoint goes without cookies or HTTP auth
    // (fetch credentials "omit", XHR withCredentials false). An undeclared request scanned
    // under unknownEndpoints "scan" keeps the page's choice: it may be the app's own.
    bool omit_credentials = false;
    // A gate-only endpoint ("redact": false): when sent, it goes exactly as the SDK wrote it
    // (pass_request), never through redact_request.
    bool gate_only = false;
};

struct RedactedRequest {
    bool dropped = false;  // the body could not be made safe: nothing is sent
    std::string url;
    std::string body;
    std::vector<redact::CopySpan> body_copies;  // runs of body copied from the request's body
    std::string reason;
};

struct ScopeResult {
    std::uint32_t id = 0;  // 0 when the scope could not open
    std::string error;
};

// Where a storage write goes in cookie-free mode.
struct StorageDecision {
    bool memory_only = false;  // kept in page memory: readable until the page goes away
    std::string sdk;           // the SDK that declares the key, if one does
    std::string purpose;
};

class Engine {
public:
    Engine();

    // Replaces the manifest. On any error the engine is closed (every decision denies
    // or generalizes) and the errors are returned, each naming its JSON path.
    // Consent is reset to unset for every purpose of the new manifest.
    std::vector<ManifestError> load(std::string_view manifest_json, double now_ms);

    bool closed() const { return !closed_reason_.empty(); }
    const std::string& closed_reason() const { return closed_reason_; }  // "" when open
    const Manifest& manifest() const { return manifest_; }

    // All-or-nothing: one unknown purpose and nothing changes. `dialog_version` (method
    // "dialog" only) names the dialog that asked, for the receipt.
    Status set_consent(const std::vector<std::string>& purposes, ConsentState state, std::string_view method,
                       std::string_view locale, double now_ms, std::string_view dialog_version = {});
    const ConsentBook& consent() const { return consent_; }
    void clear_receipts() { consent_.clear_receipts(); }
    // The age answer (core/minors.hpp), which set_consent then holds grants to. Grants the new
    // answer no longer allows are withdrawn (a receipt with `method`).
    Status set_age(const AgeAnswer& age, std::string_view method, std::string_view locale, double now_ms);

    // Persistence (the JS layer stores the string in localStorage, never a cookie).
    std::string export_consent_json() const;
    // Applies stored consent when its revision equals the manifest's; a different
    // revision leaves everything unset and reports it. Malformed input: error, unchanged.
    ImportOutcome import_consent_json(std::string_view stored, double now_ms);

    // A scope makes a purpose's scoped permissions usable while it is open.
    ScopeResult open_scope(std::string_view purpose);
    void close_scope(std::uint32_t scope_id);

    // Decides and records the decision in the ledger. `generalizable` false: for an API of the
    // surface that has no generalized form (the device list's WebHID, WebUSB, Web Serial and
    // Web Bluetooth: a peripheral is its identity), denied where the surface is generalized.
    Decision decide(Surface surface, double now_ms, bool generalizable = true);
    // Decides without recording: for answers that access nothing (a permission state the
    // page reads) and for re-checks of a request already recorded (each update of a watch).
    Decision evaluate(Surface surface, bool generalizable = true) const;

    // For what JS did on the engine's word (tracks stopped on revoke, scope end).
    void record(Surface surface, Action action, std::string_view purpose, std::string_view reason, double now_ms);

    const Ledger& ledger() const { return ledger_; }
    // Called after every new ledger entry (nullptr: none); the collection-list panel uses it.
    void set_ledger_observer(Ledger::Observer observer) { ledger_.set_observer(observer); }

    // For surfaces decided outside decide() (device info, permissions, WebRTC, realms): one
    // ledger entry. `what` must be a fixed name chosen by the C++ caller, never page input.
    void note(std::string_view what, std::string_view action, std::string_view purpose, std::string_view sdk,
              std::string_view reason, double now_ms) {
        ledger_.add(what, action, purpose, sdk, reason, now_ms);
    }

    // --- Cookie-free mode (on by default; Global Privacy Control also switches it on). A
    // closed engine is cookie-free: it cannot tell declared keys apart, so it keeps every
    // identifier-like value off the device.
    void set_global_privacy_control(bool on) { gpc_ = on; }
    bool cookie_free() const { return closed() || manifest_.defaults.cookie_free || gpc_; }
    // `api` "document.cookie" or "cookieStore.set": false (and a ledger entry) when
    // cookie-free. Any other name is a bug of the caller: refused, recorded under a fixed name.
    bool allow_cookie_write(std::string_view api, double now_ms);
    // `area` "localStorage", "sessionStorage" or "indexedDB": in cookie-free mode a key an SDK
    // declares, or a key or value that looks like an identifier, stays in page memory
    // (recorded); everything else of the app is stored as usual. Any other area name is a bug
    // of the caller: kept in memory, recorded under a fixed name.
    StorageDecision decide_storage(std::string_view area, std::string_view key, std::string_view value, double now_ms);

    // --- Telemetry. The JS layer passes normalized absolute URLs (the URL parser's href).
    // Which endpoint a request goes to; cross_origin matters only for undeclared URLs.
    int match_endpoint(std::string_view url, bool cross_origin) const;
    // Whether the endpoint's purpose allows sending now; a closed engine sends nothing.
    // Records nothing: the caller either drops (record_request) or redacts (redact_request),
    // and that is what is recorded.
    RequestDecision decide_request(int endpoint) const;
    // decide_request for a session whose streams carry bytes as they go (WebTransport): the
    // redactor cannot read them, so with consent only a gate-only endpoint, or one that
    // declares "binary": "pass", may open one; an undeclared URL scanned by the detectors may not.
    RequestDecision decide_session(int endpoint) const;
    // Asks decide_request again and drops (recorded, with its reason) what it refuses. Then
    // redacts the URL's path and query and the body with the endpoint's policy, and records
    // the request with its counts. The URL keeps its scheme, host and port, never a user
    // name or password; a URL with no host is dropped. `transport`: fetch, xhr, beacon,
    // websocket, image. `body_is_bytes`: the body came as bytes (redact/byte_body.hpp:
    // gzip / zlib opened and closed again, binary passed only where the endpoint says so);
    // the result body is then bytes too.
    RedactedRequest redact_request(int endpoint, std::string_view url, std::string_view body, bool has_body,
                                   std::string_view transport, double now_ms, bool body_is_bytes = false);
    // A gate-only endpoint's request, socket or frame: decides again and records the outcome
    // ("allow" or "drop", no counts: nothing was read). True only for a gate-only endpoint
    // whose purpose is granted; the caller then sends it unchanged. Any other endpoint is
    // refused here (false, recorded as a drop): a redacting endpoint must go through
    // redact_request.
    bool pass_request(int endpoint, std::string_view transport, double now_ms);
    void record_request(int endpoint, std::string_view action, std::string_view transport, std::string_view reason,
                        double now_ms);
    // Redaction outside any endpoint (shim.redact()): `rules` as in a manifest endpoint.
    redact::RedactResult redact_payload(std::string_view body, redact::Format format, const std::vector<std::string>& rules,
                                        Status& status) const;
    // The key of the keyed hash, random per page session (the JS layer draws it). Until it is
    // set, redaction drops rather than hash with a guessable key.
    void set_session_key(const std::array<std::uint8_t, 32>& key) { redactor_.emplace(key); }

private:
    bool gpc_ = false;
    const Endpoint* endpoint_at(int id, const Sdk** sdk) const;
    bool scope_open(std::string_view purpose) const;

    Manifest manifest_;
    ConsentBook consent_;
    Ledger ledger_;
    std::string closed_reason_;
    std::vector<std::pair<std::uint32_t, std::string>> scopes_;
    std::uint32_t next_scope_id_ = 1;
    std::optional<redact::Redactor> redactor_;
    redact::Policy scan_policy_;  // detectors only, for kUnknownScan
};

}  // namespace rps
