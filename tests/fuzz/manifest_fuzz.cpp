// libFuzzer target: the manifest parser, the engine that loads it, and the consent codec.
// Built and run by scripts/fuzz.sh (clang++ -fsanitize=fuzzer,address,undefined).
//
// Besides "no crash, no sanitizer report" it checks invariants that must hold for any input;
// a broken invariant aborts with "INVARIANT <name>: <what>" so libFuzzer saves the input.
// RPS_FUZZ_SKIP=name1,name2 turns named checks off (to keep fuzzing past a known finding);
// without it, the checks of known open findings (kKnownFindings below) are off.
//
// The input is used three times:
//   1. as a manifest: parse_manifest(), then Engine::load(); if it loads, decide() on every
//      surface through unset / granted / granted+scoped / denied consent, set_consent()
//      with good and bad arguments, import_consent_json(input), export_consent_json() and
//      the export -> import round trip;
//   2. as stored consent for an engine loaded with a fixed manifest (revision "r1"), so the
//      consent decoder sees inputs that are not manifests too;
//   3. as JSON text for the core's reader (core/json_in.hpp) and the reader it replaced
//      (nlohmann-json, tests/core/json_reference.hpp), which must agree on everything.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <string_view>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/consent.hpp"
#include "core/engine.hpp"
#include "core/manifest.hpp"
#include "core/permissions.hpp"
#include "core/surface.hpp"
#include "invariants.hpp"
#include "../core/fixtures.hpp"
#include "../core/json_reference.hpp"

namespace {

using rps::Action;
using rps::ConsentState;
using rps::Engine;
using rps::ImportOutcome;
using rps::Surface;

constexpr Surface kSurfaces[] = {Surface::camera,   Surface::microphone, Surface::screen,
                                 Surface::devices,  Surface::location,   Surface::clipboard,
                                 Surface::notifications, Surface::sensors};

// The Catch2 tests' manifest: three purposes, one SDK with a scoped permission.
const std::string& kFixedManifest = rps::test::kManifest;


// nlohmann's lexer takes a NUL byte for the end of the input ("{}\0junk" is accepted), while
// JSON never holds a raw NUL: refuse those here so the check is not that lax too.
bool valid_json(std::string_view text) {
    return text.find('\0') == std::string_view::npos && nlohmann::json::accept(text.begin(), text.end());
}

bool has_nul(std::string_view text) { return text.find('\0') != std::string_view::npos; }

// What a successful parse promises about the manifest it returns.
void check_manifest(const rps::Manifest& m) {
    EXPECT("manifest_shape", !m.revision.empty() && m.revision.size() <= 128, "revision empty or too long");
    EXPECT("manifest_shape", !m.controller_name.empty(), "controller name empty");
    EXPECT("manifest_shape", !m.purposes.empty(), "no purposes");
    for (std::size_t i = 0; i < m.purposes.size(); ++i) {
        EXPECT("manifest_shape", rps::is_identifier(m.purposes[i].id), "purpose id is not an identifier");
        EXPECT("manifest_shape", !m.purposes[i].label.empty(), "purpose without label");
        for (std::size_t j = 0; j < i; ++j)
            EXPECT("manifest_shape", m.purposes[i].id != m.purposes[j].id, "duplicate purpose accepted");
    }
    for (std::size_t i = 0; i < m.sdks.size(); ++i) {
        const rps::Sdk& sdk = m.sdks[i];
        EXPECT("manifest_shape", rps::is_identifier(sdk.id), "sdk id is not an identifier");
        for (std::size_t j = 0; j < i; ++j) EXPECT("manifest_shape", sdk.id != m.sdks[j].id, "duplicate sdk accepted");
        for (const auto& p : sdk.permissions) {
            EXPECT("manifest_refs", m.find_purpose(p.purpose) != nullptr, "permission with unknown purpose accepted");
            EXPECT("manifest_shape", !p.precise || p.surface == Surface::location, "precision accepted off the location surface");
        }
        for (const auto& c : sdk.collects)
            EXPECT("manifest_refs", m.find_purpose(c.purpose) != nullptr, "collect with unknown purpose accepted");
        for (const auto& e : sdk.endpoints) {
            EXPECT("manifest_refs", m.find_purpose(e.purpose) != nullptr, "endpoint with unknown purpose accepted");
            EXPECT("manifest_shape", e.match.rfind("http", 0) == 0 || e.match.rfind("ws", 0) == 0,
                   "endpoint match is not a web URL");
        }
        for (const auto& s : sdk.storage)
            EXPECT("manifest_refs", m.find_purpose(s.purpose) != nullptr, "storage with unknown purpose accepted");
    }
    EXPECT("manifest_shape", m.defaults.minor_age >= 1 && m.defaults.minor_age <= 21, "minorAge out of range");
    EXPECT("manifest_shape", m.defaults.ledger_size >= 16 && m.defaults.ledger_size <= 10000, "ledgerSize out of range");
}

// Is `surface` declared by some SDK (devices: also through camera / microphone)?
bool declared(const rps::Manifest& m, Surface surface) {
    for (const auto& sdk : m.sdks)
        for (const auto& p : sdk.permissions)
            if (p.surface == surface ||
                (surface == Surface::devices && (p.surface == Surface::camera || p.surface == Surface::microphone)))
                return true;
    return false;
}

void check_refused(Engine& engine, double& now, const char* when) {
    for (Surface s : kSurfaces) {
        const rps::Decision d = engine.decide(s, now += 1);
        const Action expected = s == Surface::devices ? Action::generalize : Action::deny;
        EXPECT("decide_refuses", d.action == expected, std::string("surface ") + std::string(rps::to_string(s)) +
                                                           " was not refused " + when);
    }
    // The permission surfaces' own answers (core/permissions.hpp) refuse too.
    EXPECT("decide_refuses", rps::location_decision(engine).action == Action::deny, std::string("location allowed ") + when);
    EXPECT("decide_refuses", rps::decide_clipboard_read(engine, true, now += 1).action == Action::deny,
           std::string("a clipboard read allowed ") + when);
    for (const char* name : {"geolocation", "clipboard-read", "notifications", "camera", "microphone", "accelerometer"})
        EXPECT("decide_refuses", rps::permission_denied(engine, name),
               std::string("permission ") + name + " not reported denied " + when);
}

// With no scope open, the line that allows location is an unscoped one: a precise answer
// needs an unscoped precise line of the SDK and purpose that allowed.
void check_location_precision(const Engine& engine) {
    const rps::Decision d = rps::location_decision(engine);
    if (d.action != Action::allow) return;
    bool unscoped_precise = false;
    for (const auto& sdk : engine.manifest().sdks) {
        if (sdk.id != d.sdk) continue;
        for (const auto& p : sdk.permissions)
            unscoped_precise |= p.surface == Surface::location && p.purpose == d.purpose && p.precise && !p.scoped;
    }
    EXPECT("location_precision", unscoped_precise, "a precise position outside any scope, allowed by a coarse line");
}

// Export is valid JSON; importing it back applies and exports the same text again.
void check_round_trip(Engine& engine, double& now, const std::string& manifest_text, const char* when) {
    const std::string exported = engine.export_consent_json();
    EXPECT("export_valid_json", valid_json(exported), std::string("export is not valid JSON ") + when);
    // Receipt ids are counters from 1: a negative one is the known finding receipt_id_sign,
    // which also breaks the round trip below.
    const bool negative_id = exported.find("\"id\":-") != std::string::npos;
    EXPECT("receipt_id_sign", !negative_id, std::string("a receipt id was exported as a negative number ") + when);
    if (negative_id) return;
    Engine fresh;
    if (!fresh.load(manifest_text, now += 1).empty()) rps::fuzz::violated("reload", "a manifest that loaded once fails to load again");
    const ImportOutcome back = fresh.import_consent_json(exported, now += 1);
    EXPECT("consent_round_trip", back.kind == ImportOutcome::Kind::applied,
           std::string("re-import of an export ") + when + " was not applied: " + back.message);
    if (back.kind == ImportOutcome::Kind::applied)
        EXPECT("consent_round_trip", fresh.export_consent_json() == exported,
               std::string("export -> import -> export changed the text ") + when);
}

// Ledger reasons quote the parser's error text, which quotes input bytes (once cut inside a
// UTF-8 character: fixed in abcd9db, kept as a regression check).
void check_ledger(const Engine& engine) {
    EXPECT("ledger_valid_json", valid_json(engine.ledger().to_json()), "Ledger::to_json() is not valid JSON");
}

// A URL that the endpoint's own pattern matches: "*." becomes "a.", a trailing "*" becomes "x".
std::string url_for(const rps::EndpointPattern& p) {
    std::string url = p.scheme + "://" + (p.any_subdomain ? "a" : "") + p.host;
    if (!p.port.empty()) url += ":" + p.port;
    url += p.path;
    if (p.path_prefix) url += "x";
    return url;
}

// A body in the endpoint's format that carries the same email address twice.
const char* body_for(rps::redact::Format f) {
    switch (f) {
        case rps::redact::Format::json:
            return R"({"event":"join","email":"alice@example.com","ip":"10.1.2.3","user":{"phone":"13800138000",)"
                   R"("id":"u-1","note":"mail alice@example.com"},"list":[{"c":"x"}]})";
        case rps::redact::Format::ndjson:
            return "{\"email\":\"alice@example.com\"}\n{\"m\":\"to alice@example.com\",\"ip\":\"10.1.2.3\"}\n";
        case rps::redact::Format::form:
        case rps::redact::Format::query:
            return "event=join&email=alice%40example.com&note=mail+alice@example.com&ip=10.1.2.3";
        case rps::redact::Format::text:
            return "INFO join email=alice@example.com ip=10.1.2.3 tel 13800138000";
    }
    return "";
}

bool leaks_email(std::string_view text) {
    return text.find("alice@example.com") != std::string_view::npos ||
           text.find("alice%40example.com") != std::string_view::npos;
}

// Telemetry: every declared endpoint is matched by a URL built from its pattern, the request
// decision follows the purpose's consent, and a redacted request never carries the email
// address that the body and the query hold (no collects treatment or rule may keep an email).
void fuzz_requests(Engine& engine, double& now) {
    const rps::Manifest& m = engine.manifest();
    std::vector<std::pair<const rps::Endpoint*, std::string>> endpoints;
    for (const auto& sdk : m.sdks)
        for (const auto& e : sdk.endpoints) endpoints.emplace_back(&e, url_for(e.pattern));
    const std::string query = "?email=alice%40example.com&q=alice@example.com&ip=10.1.2.3";
    bool keyed = false;
    for (const auto& [e, url] : endpoints) {
        const int id = engine.match_endpoint(url, true);
        EXPECT("pattern_self_match", id >= 0, "the URL " + url + " built from its pattern matches no endpoint");
        if (id < 0) continue;
        const rps::RequestDecision d = engine.decide_request(id);
        EXPECT("request_follows_consent",
               d.send == (engine.consent().state(d.purpose) == ConsentState::granted),
               "decide_request does not follow the consent of its purpose");
        if (!keyed) {
            const rps::RedactedRequest r = engine.redact_request(id, url + query, "x", true, "fetch", now += 1);
            EXPECT("no_key_drops", r.dropped && r.url.empty() && r.body.empty(), "redacted without a session key");
            std::array<std::uint8_t, 32> key{};
            for (std::size_t i = 0; i < key.size(); ++i) key[i] = std::uint8_t(i * 13 + 5);
            engine.set_session_key(key);
            keyed = true;
        }
        // The matched endpoint may be an earlier one with a pattern that also matches
        // (endpoint ids follow the manifest's order): its format and rules are the ones used.
        const rps::Endpoint* matched = static_cast<std::size_t>(id) < endpoints.size() ? endpoints[id].first : e;
        // A user name and password in the URL (inserted after "://") never reach what is sent.
        const std::string with_userinfo = url.substr(0, url.find("://") + 3) + "fuzzuser:fuzzsecret@" + url.substr(url.find("://") + 3);
        const rps::RedactedRequest r =
            engine.redact_request(id, with_userinfo + query, body_for(matched->body_format), true, "beacon", now += 1);
        EXPECT("request_no_userinfo", r.url.find("fuzzsecret") == std::string::npos && r.url.find("fuzzuser") == std::string::npos,
               "a redacted request kept the URL's user name or password: " + r.url);
        // A rule "x:mask(N)" with N >= 17 shows the last N characters of "mail alice@example.com"
        // by the policy's own choice: the check holds only without such a rule.
        bool wide_mask = false;
        for (const auto& rule : matched->policy.rules)
            wide_mask = wide_mask || (rule.op.kind == rps::redact::OpKind::mask && rule.op.keep_last >= 17);
        if (!wide_mask)
            EXPECT("request_no_email", !leaks_email(r.url) && !leaks_email(r.body),
                   "a redacted request kept the email address: url=" + r.url + " body=" + r.body);
        if (r.dropped) EXPECT("dropped_is_empty", r.url.empty() && r.body.empty(), "a dropped request kept data");
    }
    if (!keyed) return;
    const int unknown = engine.match_endpoint("https://\x01unknown.invalid/p", true);
    if (unknown == rps::kUnknownScan) {
        const rps::RedactedRequest r =
            engine.redact_request(unknown, "https://unknown.invalid/p/alice@example.com" + query,
                                  body_for(rps::redact::Format::text), true, "xhr", now += 1);
        EXPECT("request_no_email", !leaks_email(r.url) && !leaks_email(r.body),
               "an undeclared request kept the email address");
    }
    rps::Status status;
    const rps::redact::RedactResult p =
        engine.redact_payload(body_for(rps::redact::Format::json), rps::redact::Format::json, {"user:hash"}, status);
    EXPECT("redact_payload", status.ok() && !leaks_email(p.body), "shim.redact() failed or kept the email address");
}

// With consent denied, redact_request drops every declared endpoint's request itself,
// whatever the caller did with decide_request.
void check_requests_refused(Engine& engine, double& now) {
    for (const auto& sdk : engine.manifest().sdks) {
        for (const auto& e : sdk.endpoints) {
            const std::string url = url_for(e.pattern);
            const int id = engine.match_endpoint(url, true);
            if (id < 0) continue;
            const rps::RedactedRequest r = engine.redact_request(id, url, body_for(e.body_format), true, "fetch", now += 1);
            EXPECT("redact_checks_consent", r.dropped && r.url.empty() && r.body.empty(),
                   "redact_request sent a request its purpose's consent refuses: " + url);
        }
    }
}

void fuzz_manifest(std::string_view input) {
    const rps::ManifestParse parsed = rps::parse_manifest(input);
    for (const auto& e : parsed.errors) {
        EXPECT("error_reason", !e.reason.empty(), "an error without a reason");
        EXPECT("error_path", !e.path.empty(), "an error without a path: " + e.message());
    }
    const bool json_ok = valid_json(input);
    if (parsed.errors.empty()) {
        EXPECT("nul_ends_json", !has_nul(input), "a manifest with a NUL byte (and whatever follows it) was accepted");
        if (!has_nul(input))
            EXPECT("parse_accepts_only_json", json_ok, "a manifest that is not valid JSON was accepted");
        check_manifest(parsed.manifest);
    }
    EXPECT("parse_refuses_bad_json", json_ok || has_nul(input) || !parsed.errors.empty(),
           "invalid JSON without an error");

    double now = 1.7e12;
    Engine engine;
    const std::vector<rps::ManifestError> errors = engine.load(input, now += 1);
    EXPECT("load_matches_parse", errors.size() == parsed.errors.size(), "Engine::load and parse_manifest disagree");
    if (!errors.empty()) {
        EXPECT("closed_on_error", engine.closed(), "engine open after a failed load");
        check_refused(engine, now, "with a closed engine");
        const int unknown = engine.match_endpoint("https://unknown.invalid/p", true);
        EXPECT("closed_sends_nothing", !engine.decide_request(unknown).send && !engine.decide_request(0).send,
               "a closed engine let a request be sent");
        EXPECT("closed_import", engine.import_consent_json(input, now += 1).kind == ImportOutcome::Kind::rejected,
               "closed engine imported consent");
        EXPECT("closed_set_consent", !engine.set_consent({"x"}, ConsentState::granted, "api", "en", now += 1).ok(),
               "closed engine accepted consent");
        check_ledger(engine);
        return;
    }
    EXPECT("open_on_success", !engine.closed(), "engine closed after a good load");
    const rps::Manifest& m = engine.manifest();
    std::vector<std::string> purposes;
    for (const auto& p : m.purposes) purposes.push_back(p.id);

    // Everything unset: nothing is allowed.
    check_refused(engine, now, "with consent unset");

    // Bad arguments change nothing.
    const std::string before = engine.export_consent_json();
    EXPECT("bad_consent_refused", !engine.set_consent({}, ConsentState::granted, "api", "en", now += 1).ok(), "empty list");
    EXPECT("bad_consent_refused",
           !engine.set_consent({purposes[0], "\x01not-a-purpose"}, ConsentState::granted, "api", "en", now += 1).ok(),
           "unknown purpose accepted");
    EXPECT("bad_consent_refused", !engine.set_consent(purposes, ConsentState::granted, "cookie", "en", now += 1).ok(),
           "unknown method accepted");
    EXPECT("bad_consent_atomic", engine.export_consent_json() == before, "a refused set_consent changed the state");

    // Everything granted: unscoped declared surfaces are allowed; with every scope open, all declared ones.
    EXPECT("set_consent", engine.set_consent(purposes, ConsentState::granted, "dialog", "zh-CN", now += 1).ok(),
           "granting every purpose of the manifest failed");
    for (Surface s : kSurfaces) {
        const rps::Decision d = engine.decide(s, now += 1);
        if (!declared(m, s)) {
            const Action expected = s == Surface::devices ? Action::generalize : Action::deny;
            EXPECT("undeclared_refused", d.action == expected, "an undeclared surface was not refused");
        }
    }
    check_location_precision(engine);
    std::vector<std::uint32_t> scopes;
    for (const auto& p : purposes) {
        const rps::ScopeResult r = engine.open_scope(p);
        EXPECT("open_scope", r.id != 0, "could not open a scope for a known purpose: " + r.error);
        scopes.push_back(r.id);
    }
    EXPECT("open_scope", engine.open_scope("\x02unknown").id == 0, "scope opened for an unknown purpose");
    for (Surface s : kSurfaces) {
        const rps::Decision d = engine.decide(s, now += 1);
        if (declared(m, s))
            EXPECT("granted_allows", d.action == Action::allow,
                   std::string("declared surface ") + std::string(rps::to_string(s)) +
                       " not allowed with every purpose granted and every scope open: " + d.reason);
        else
            EXPECT("undeclared_refused", d.action != Action::allow, "an undeclared surface was allowed");
    }
    for (std::uint32_t id : scopes) engine.close_scope(id);
    check_round_trip(engine, now, std::string(input), "after granting");
    fuzz_requests(engine, now);

    // Everything denied again.
    EXPECT("set_consent", engine.set_consent(purposes, ConsentState::denied, "api", "en", now += 1).ok(),
           "denying every purpose failed");
    check_refused(engine, now, "with consent denied");
    check_requests_refused(engine, now);

    // The input as stored consent for its own manifest (a manifest is never a consent record).
    const std::string saved = engine.export_consent_json();
    const ImportOutcome self = engine.import_consent_json(input, now += 1);
    EXPECT("self_import_rejected", self.kind == ImportOutcome::Kind::rejected, "a manifest was imported as consent");
    EXPECT("rejected_import_atomic", engine.export_consent_json() == saved, "a rejected import changed the state");
    check_round_trip(engine, now, std::string(input), "after denying");
    check_ledger(engine);
}

// At the manifest's depth limit and the consent record's: the same verdict, message, path
// and document.
void fuzz_json(std::string_view input) {
    for (int depth : {rps::kMaxManifestDepth, 8}) {
        const rps::JsonRead ours = rps::read_json(input, depth);
        const rps::test::ReferenceRead theirs = rps::test::reference_read_json(input, depth);
        if (theirs.strtod_differs) continue;
        EXPECT("json_reader_matches_nlohmann", ours.error == theirs.error && ours.error_path == theirs.error_path,
               "read_json said \"" + ours.error_path + ": " + ours.error + "\", nlohmann \"" + theirs.error_path + ": " +
                   theirs.error + "\"");
        std::string where;
        EXPECT("json_reader_matches_nlohmann", rps::test::same_json(ours.value, theirs.value, where),
               "read_json's document differs from nlohmann's at " + where);
    }
}

void fuzz_consent(std::string_view input) {
    double now = 1.7e12;
    Engine engine;
    if (!engine.load(kFixedManifest, now).empty()) rps::fuzz::violated("fixture", "the fixed manifest does not load");
    engine.set_consent({"call"}, ConsentState::granted, "api", "en", now += 1);
    const std::string saved = engine.export_consent_json();
    const ImportOutcome r = engine.import_consent_json(input, now += 1);
    switch (r.kind) {
        case ImportOutcome::Kind::rejected:
        case ImportOutcome::Kind::reset_revision_changed:
            EXPECT("rejected_import_atomic", engine.export_consent_json() == saved,
                   "an import that did not apply changed the consent state");
            break;
        case ImportOutcome::Kind::applied:
            EXPECT("nul_ends_json", !has_nul(input), "stored consent with a NUL byte (and what follows) was applied");
            if (!has_nul(input)) EXPECT("applied_is_json", valid_json(input), "non-JSON input was applied as consent");
            break;
    }
    check_round_trip(engine, now, kFixedManifest, "after importing the input");
    // Decisions stay consistent with the states after whatever was imported.
    for (Surface s : kSurfaces) {
        const rps::Decision d = engine.decide(s, now += 1);
        if (d.action == Action::allow)
            EXPECT("allow_needs_grant", engine.consent().state(d.purpose) == ConsentState::granted,
                   "allowed without a granted purpose");
    }
    check_ledger(engine);
}

}  // namespace

// Checks of known, reported findings that are still open; they are off unless RPS_FUZZ_SKIP
// is set (RPS_FUZZ_SKIP= with nothing turns every check on). Remove a name once it is fixed.
// None open: receipt_id_sign (a stored receipt id above INT64_MAX) is fixed, the stored
// record is now refused.
constexpr const char* kKnownFindings = "";

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    const char* skip = std::getenv("RPS_FUZZ_SKIP");
    rps::fuzz::skip_checks(skip ? skip : kKnownFindings);
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view input(reinterpret_cast<const char*>(data), size);
    fuzz_manifest(input);
    fuzz_consent(input);
    fuzz_json(input);
    return 0;
}
