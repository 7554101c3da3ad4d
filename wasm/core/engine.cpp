#include "core/engine.hpp"

#include "core/consent_codec.hpp"
#include "core/storage_policy.hpp"
#include "core/text.hpp"

namespace rps {
namespace {

// The device list without consent still tells the page which kinds exist (so an SDK can
// show "no camera"), but never labels or ids: that is a generalization, not a denial.
Action refusal_for(Surface surface) { return surface == Surface::devices ? Action::generalize : Action::deny; }

}  // namespace

Engine::Engine() : closed_reason_("no manifest loaded") {}

std::vector<ManifestError> Engine::load(std::string_view manifest_json, double now_ms) {
    ManifestParse parsed = parse_manifest(manifest_json);
    scopes_.clear();
    if (!parsed.errors.empty()) {
        manifest_ = Manifest{};
        consent_.reset({}, "");
        closed_reason_ = "invalid manifest: " + parsed.errors.front().message();
        if (parsed.errors.size() > 1)
            closed_reason_ += " (and " + decimal(parsed.errors.size() - 1) + " more)";
        ledger_.add("manifest", "deny", "", "", closed_reason_, now_ms);
        return std::move(parsed.errors);
    }
    manifest_ = std::move(parsed.manifest);
    std::vector<std::string> ids;
    for (const Purpose& p : manifest_.purposes) ids.push_back(p.id);
    consent_.reset(ids, manifest_.revision);
    ledger_.set_capacity(static_cast<std::size_t>(manifest_.defaults.ledger_size));
    closed_reason_.clear();
    return {};
}

Status Engine::set_consent(const std::vector<std::string>& purposes, ConsentState state, std::string_view method,
                           std::string_view locale, double now_ms, std::string_view dialog_version) {
    if (closed()) return Status::failure("engine closed: " + closed_reason_);
    if (!is_consent_method(method))
        return Status::failure("unknown consent method " + in_quotes(method) + " (known: api, dialog, gpc, scope, storage)");
    if (!dialog_version.empty() && (method != "dialog" || dialog_version.size() > 64))
        return Status::failure("a dialog version (at most 64 bytes) goes with method \"dialog\" only");
    if (purposes.empty()) return Status::failure("no purpose given");
    for (const std::string& p : purposes)
        if (!consent_.knows(p)) return Status::failure("unknown purpose " + in_quotes(p));
    if (state == ConsentState::granted)
        if (Status minors = check_minor_grant(manifest_, consent_.age(), purposes); !minors.ok()) return minors;
    // Consent changes are recorded as receipts; the ledger is for what was accessed and sent.
    consent_.apply(purposes, state, method, locale, now_ms, dialog_version);
    return Status::success();
}

Status Engine::set_age(const AgeAnswer& age, std::string_view method, std::string_view locale, double now_ms) {
    if (closed()) return Status::failure("engine closed: " + closed_reason_);
    if (!is_consent_method(method)) return Status::failure("unknown consent method " + in_quotes(method));
    if (age.bracket == AgeBracket::unknown) return Status::failure("an age answer is under or over");
    consent_.set_age(age);
    std::vector<std::string> withdrawn;
    for (const auto& [purpose, state] : consent_.states())
        if (state == ConsentState::granted && !minor_refusal(manifest_, age, purpose).empty()) withdrawn.push_back(purpose);
    if (!withdrawn.empty()) consent_.apply(withdrawn, ConsentState::denied, method, locale, now_ms);
    return Status::success();
}

std::string Engine::export_consent_json() const { return encode_consent(consent_); }

ImportOutcome Engine::import_consent_json(std::string_view stored, double now_ms) {
    if (closed()) return {ImportOutcome::Kind::rejected, "engine closed: " + closed_reason_};
    DecodedConsent decoded = decode_consent(stored);
    if (!decoded.error.empty()) return {ImportOutcome::Kind::rejected, decoded.error};
    if (decoded.revision != manifest_.revision) {
        // Consent was given to a policy that has since changed: it does not carry over.
        ledger_.add("consent", "reset", "", "", "policy revision changed: consent asked again", now_ms);
        return {ImportOutcome::Kind::reset_revision_changed,
                "stored consent is for revision " + in_quotes(decoded.revision) + ", the manifest is " + in_quotes(manifest_.revision)};
    }
    // A record the engine could not have written (a grant its own age answer forbids) is
    // damaged or forged: restoring it would bypass check_minor_grant.
    for (const auto& [purpose, state] : decoded.states) {
        if (state != ConsentState::granted || !consent_.knows(purpose)) continue;
        const std::string why = minor_refusal(manifest_, decoded.age, purpose);
        if (!why.empty()) return {ImportOutcome::Kind::rejected, "stored consent purposes." + purpose + " is granted but " + why};
    }
    consent_.restore(decoded.states, std::move(decoded.receipts), decoded.age);
    return {ImportOutcome::Kind::applied, ""};
}

ScopeResult Engine::open_scope(std::string_view purpose) {
    if (closed()) return {0, "engine closed: " + closed_reason_};
    if (!consent_.knows(purpose)) return {0, "unknown purpose " + in_quotes(purpose)};
    const std::uint32_t id = next_scope_id_++;
    scopes_.emplace_back(id, std::string(purpose));
    return {id, ""};
}

void Engine::close_scope(std::uint32_t scope_id) {
    for (auto it = scopes_.begin(); it != scopes_.end(); ++it) {
        if (it->first == scope_id) {
            scopes_.erase(it);
            return;
        }
    }
}

bool Engine::scope_open(std::string_view purpose) const {
    for (const auto& [_, p] : scopes_)
        if (p == purpose) return true;
    return false;
}

Decision Engine::evaluate(Surface surface, bool generalizable) const {
    const Action refusal = generalizable ? refusal_for(surface) : Action::deny;
    if (closed()) return {refusal, "", "", "engine closed: " + closed_reason_};

    // Listing devices reveals what the camera and microphone permissions would, so an SDK
    // that declares those needs no separate "devices" line.
    bool declared = false;
    Decision first_refusal{refusal, "", "", ""};
    for (int pass = 0; pass < 2 && !declared; ++pass) {
        for (const Sdk& sdk : manifest_.sdks) {
            for (const Permission& perm : sdk.permissions) {
                const bool matches = pass == 0 ? perm.surface == surface
                                               : surface == Surface::devices &&
                                                     (perm.surface == Surface::camera || perm.surface == Surface::microphone);
                if (!matches) continue;
                const ConsentState state = consent_.state(perm.purpose);
                std::string why;
                if (state != ConsentState::granted) why = "consent " + in_quotes(perm.purpose) + " is " + std::string(to_string(state));
                else if (perm.scoped && !scope_open(perm.purpose)) why = in_quotes(perm.purpose) + " is only allowed inside shim.scope()";
                else return {Action::allow, perm.purpose, sdk.id, "consent " + in_quotes(perm.purpose) + " granted"};
                if (!declared) first_refusal = {refusal, perm.purpose, sdk.id, why};
                declared = true;
            }
        }
    }
    if (!declared) first_refusal.reason = "no SDK declares surface " + in_quotes(to_string(surface));
    return first_refusal;
}

Decision Engine::decide(Surface surface, double now_ms, bool generalizable) {
    Decision d = evaluate(surface, generalizable);
    ledger_.add(to_string(surface), to_string(d.action), d.purpose, d.sdk, d.reason, now_ms);
    return d;
}

void Engine::record(Surface surface, Action action, std::string_view purpose, std::string_view reason, double now_ms) {
    ledger_.add(to_string(surface), to_string(action), purpose, "", reason, now_ms);
}

// Endpoint ids number the endpoints of all SDKs in manifest order; the few there are are
// counted off each time rather than kept in an index.
const Endpoint* Engine::endpoint_at(int id, const Sdk** sdk) const {
    if (id < 0) return nullptr;
    std::size_t left = static_cast<std::size_t>(id);
    for (const Sdk& s : manifest_.sdks) {
        if (left < s.endpoints.size()) {
            if (sdk) *sdk = &s;
            return &s.endpoints[left];
        }
        left -= s.endpoints.size();
    }
    return nullptr;
}

int Engine::match_endpoint(std::string_view url, bool cross_origin) const {
    const UrlParts parts = split_url(url);
    // The first redacting endpoint that matches wins over any gate-only one, wherever either is
    // declared: a broad gate-only pattern (an SDK's whole host) must never let a telemetry
    // path under it leave unredacted.
    int gate_only = kNoEndpoint;
    int next_id = 0;
    for (const Sdk& sdk : manifest_.sdks) {
        for (const Endpoint& endpoint : sdk.endpoints) {
            const int id = next_id++;
            if (!endpoint_matches(endpoint.pattern, parts)) continue;
            if (endpoint.redact) return id;
            if (gate_only == kNoEndpoint) gate_only = id;
        }
    }
    if (gate_only != kNoEndpoint) return gate_only;
    if (!cross_origin) return kNoEndpoint;
    // A closed engine cannot tell telemetry from the app's traffic: what leaves the origin
    // goes to decide_request, which refuses everything while closed.
    if (closed() || manifest_.defaults.unknown_endpoints == "scan" || manifest_.defaults.unknown_endpoints == "drop")
        return kUnknownScan;
    return kNoEndpoint;
}

RequestDecision Engine::decide_request(int endpoint) const {
    // Closed, the engine knows no purpose to check and no endpoint to trust: nothing leaves.
    if (closed()) return {false, "", "", "engine closed: " + closed_reason_};
    if (endpoint == kUnknownScan) {
        if (manifest_.defaults.unknown_endpoints == "drop")
            return {false, "", "", "undeclared cross-origin request (defaults.unknownEndpoints = drop)"};
        // The page's own choice of credentials stands: the request may not be telemetry at all.
        return {true, "", "", "undeclared cross-origin request: detectors only"};
    }
    const Sdk* sdk = nullptr;
    const Endpoint* e = endpoint_at(endpoint, &sdk);
    if (!e) return {false, "", "", "unknown endpoint"};
    RequestDecision d{false, e->purpose, sdk->id, "", cookie_free(), !e->redact};
    const ConsentState state = consent_.state(e->purpose);
    d.send = state == ConsentState::granted;
    d.reason = d.send ? "consent " + in_quotes(e->purpose) + " granted"
                      : "consent " + in_quotes(e->purpose) + " is " + std::string(to_string(state));
    return d;
}

RequestDecision Engine::decide_session(int endpoint) const {
    RequestDecision d = decide_request(endpoint);
    const Endpoint* e = endpoint_at(endpoint, nullptr);
    if (d.send && !d.gate_only && !(e && e->binary_bodies == redact::BinaryBodies::pass)) {
        d.send = false;
        d.reason = "a session's streams are bytes the redactor cannot read as they go: the endpoint must be "
                   "gate-only or declare \"binary\": \"pass\"";
    }
    return d;
}

namespace {

void add_counts(std::vector<std::pair<std::string, std::uint32_t>>& into, const std::vector<redact::RedactCount>& counts) {
    for (const auto& c : counts) {
        bool merged = false;
        for (auto& [name, n] : into) {
            if (name == c.name) {
                n += c.count;
                merged = true;
            }
        }
        if (!merged) into.emplace_back(c.name, c.count);
    }
}

// scheme://host[:port], rebuilt from its parts: a user name or password in the URL
// (https://alice:secret@host/) is never copied into what is sent.
std::string origin_without_userinfo(const UrlParts& parts) {
    std::string out(parts.scheme);
    out += "://";
    out += parts.host;
    if (!parts.port.empty()) {
        out += ':';
        out += parts.port;
    }
    return out;
}

// The URL: its path is free text, its query a form; the scheme, host and port stay.
std::string redact_url(const redact::Redactor& redactor, const UrlParts& parts, const redact::Policy& policy,
                       LedgerEntry& entry) {
    std::string out = origin_without_userinfo(parts);
    redact::RedactResult path = redactor.redact(parts.path, redact::Format::text, policy);
    out += path.body;
    add_counts(entry.counts, path.counts);
    if (parts.has_query) {
        redact::RedactResult query = redactor.redact(parts.query, redact::Format::query, policy);
        out += '?';
        out += query.body;
        add_counts(entry.counts, query.counts);
    }
    return out;
}

}  // namespace

RedactedRequest Engine::redact_request(int endpoint, std::string_view url, std::string_view body, bool has_body,
                                       std::string_view transport, double now_ms, bool body_is_bytes) {
    RedactedRequest out;
    const Sdk* sdk = nullptr;
    const Endpoint* e = endpoint_at(endpoint, &sdk);
    if (!e && endpoint != kUnknownScan) {
        out.dropped = true;
        out.reason = "unknown endpoint";
        return out;
    }
    LedgerEntry entry;
    entry.time = now_ms;
    entry.surface = std::string(transport);
    entry.target = e ? e->match : "(undeclared)";
    entry.purpose = e ? e->purpose : "";
    entry.sdk = sdk ? sdk->id : "";
    // The caller is meant to have asked decide_request already; asking again here means a
    // request without consent is never redacted and sent, whatever the caller did.
    const RequestDecision decision = decide_request(endpoint);
    const UrlParts parts = split_url(url);
    if (!decision.send) {
        out.dropped = true;
        out.reason = decision.reason;
    } else if (decision.gate_only) {
        // Its bytes are the service's own (signalling, protobuf): redacted they would be broken.
        out.dropped = true;
        out.reason = "a gate-only endpoint passes unread (pass_request), never redacted";
    } else if (!redactor_) {
        out.dropped = true;
        out.reason = "no session key for hashing: dropped";
    } else if (!parts.ok) {
        // Without a host to keep apart from the rest, nothing of the URL can be copied safely.
        out.dropped = true;
        out.reason = "URL could not be split into origin, path and query: dropped";
    } else {
        const redact::Policy& policy = e ? e->policy : scan_policy_;
        out.url = redact_url(*redactor_, parts, policy, entry);
        if (has_body) {
            const redact::Format format = e ? e->body_format : redact::Format::text;
            // Undeclared endpoints pass no binary data: nobody said it may leave.
            const redact::BinaryBodies binary = e ? e->binary_bodies : redact::BinaryBodies::drop;
            redact::RedactResult redacted = body_is_bytes ? redact::redact_byte_body(*redactor_, body, format, policy, binary)
                                                          : redactor_->redact(body, format, policy);
            add_counts(entry.counts, redacted.counts);
            if (redacted.dropped) {
                out.dropped = true;
                out.reason = redacted.error.empty() ? "body dropped" : redacted.error;
            }
            out.body = std::move(redacted.body);
            out.body_copies = std::move(redacted.copies);
        }
    }
    entry.action = out.dropped ? "drop" : "redact";
    entry.reason = out.dropped ? out.reason : decision.reason;
    ledger_.add(std::move(entry));
    if (out.dropped) {
        out.url.clear();
        out.body.clear();
        out.body_copies.clear();
    }
    return out;
}

bool Engine::pass_request(int endpoint, std::string_view transport, double now_ms) {
    RequestDecision d = decide_request(endpoint);
    if (d.send && !d.gate_only) {
        d.send = false;
        d.reason = "a redacting endpoint cannot pass unread";
    }
    record_request(endpoint, d.send ? "allow" : "drop", transport, d.reason, now_ms);
    return d.send;
}

void Engine::record_request(int endpoint, std::string_view action, std::string_view transport, std::string_view reason,
                            double now_ms) {
    const Sdk* sdk = nullptr;
    const Endpoint* e = endpoint_at(endpoint, &sdk);
    LedgerEntry entry;
    entry.time = now_ms;
    entry.surface = std::string(transport);
    entry.action = std::string(action);
    entry.target = e ? e->match : "(undeclared)";
    entry.purpose = e ? e->purpose : "";
    entry.sdk = sdk ? sdk->id : "";
    entry.reason = std::string(reason);
    ledger_.add(std::move(entry));
}

redact::RedactResult Engine::redact_payload(std::string_view body, redact::Format format,
                                            const std::vector<std::string>& rules, Status& status) const {
    redact::RedactResult out;
    redact::Policy policy;
    status = redact::parse_rules(rules, policy.rules);
    if (!status.ok()) {
        out.dropped = true;
        out.error = status.error;
        return out;
    }
    if (!redactor_) {
        status = Status::failure("no session key for hashing");
        out.dropped = true;
        out.error = status.error;
        return out;
    }
    return redactor_->redact(body, format, policy);
}

namespace {

// The ledger records what the JS layer names, so only names the engine knows are accepted:
// anything else would put a caller's string (possibly page data) into the ledger.
bool known_cookie_api(std::string_view api) { return api == "document.cookie" || api == "cookieStore.set"; }
bool known_storage_area(std::string_view area) {
    return area == "localStorage" || area == "sessionStorage" || area == "indexedDB";
}

}  // namespace

bool Engine::allow_cookie_write(std::string_view api, double now_ms) {
    if (!known_cookie_api(api)) {
        ledger_.add("(unknown cookie API)", "drop", "", "", "unknown cookie API name: write refused", now_ms);
        return false;
    }
    if (!cookie_free()) return true;
    ledger_.add(api, "drop", "", "", "cookie-free mode: no cookies on the device", now_ms);
    return false;
}

StorageDecision Engine::decide_storage(std::string_view area, std::string_view key, std::string_view value,
                                       double now_ms) {
    StorageDecision d;
    if (!known_storage_area(area)) {
        d.memory_only = true;
        ledger_.add("(unknown storage area)", "memory", "", "", "unknown storage area name: kept in page memory", now_ms);
        return d;
    }
    if (!cookie_free()) return d;
    if (!closed()) {
        for (const Sdk& sdk : manifest_.sdks) {
            for (const StorageKey& k : sdk.storage) {
                if (!storage::key_matches(k.key, key)) continue;
                d = {true, sdk.id, k.purpose};
                ledger_.add(area, "memory", k.purpose, sdk.id, "cookie-free mode: key " + in_quotes(k.key) + " declared by " + sdk.id + " kept in page memory", now_ms);
                return d;
            }
        }
    }
    // A key can be the identifier itself ("uid_3f9a…" = "1"): the key is what persists.
    if (storage::looks_like_identifier(key)) {
        d.memory_only = true;
        ledger_.add(area, "memory", "", "", "cookie-free mode: an identifier-like key kept in page memory", now_ms);
    } else if (storage::looks_like_identifier(value)) {
        d.memory_only = true;
        ledger_.add(area, "memory", "", "", "cookie-free mode: an identifier-like value kept in page memory", now_ms);
    }
    return d;
}

}  // namespace rps
