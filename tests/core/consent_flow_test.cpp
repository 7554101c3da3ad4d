// Receipts that name the dialog, the prompt question, forget me, held scripts and the
// bridges (Google Consent Mode, Global Privacy Control).
#include <catch2/catch.hpp>

#include "core/bridges.hpp"
#include "core/consent_actions.hpp"
#include "core/consent_codec.hpp"
#include "core/manifest.hpp"
#include "core/script_gate.hpp"
#include "fixtures.hpp"

using rps::ConsentState;
using rps::Engine;
using rps::test::manifest_with;

namespace {

// The engine of a page armed with `manifest` (kManifest unless given), or the test fails.
Engine armed(const std::string& manifest = rps::test::kManifest) {
    Engine engine;
    REQUIRE(engine.load(manifest, 1000).empty());
    return engine;
}

const std::string kBridges = manifest_with(R"("sdks": [)", R"("bridges": {
    "googleConsentMode": { "analytics_storage": ["diagnostics"], "ad_storage": [], "functionality_storage": ["call", "share"] },
    "globalPrivacyControl": { "deny": ["diagnostics", "share"] }
  }, "sdks": [)");

const rps::LedgerEntry& last_entry(const Engine& engine) { return engine.ledger().newest(); }

}  // namespace

TEST_CASE("a dialog's version is in its receipt, survives the stored form, and goes with method dialog only") {
    Engine engine = armed();
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "dialog", "zh-CN", 5, "dialog-1.2").ok());
    CHECK(engine.consent().last_receipt_json() ==
          R"({"id":1,"revision":"r1","time":5,"method":"dialog","locale":"zh-CN","dialogVersion":"dialog-1.2",)"
          R"("changed":["call"],"purposes":{"call":"granted","share":"unset","diagnostics":"unset"}})");
    CHECK(engine.set_consent({"share"}, ConsentState::granted, "api", "en", 6, "dialog-1.2").error ==
          "a dialog version (at most 64 bytes) goes with method \"dialog\" only");
    CHECK_FALSE(engine.set_consent({"share"}, ConsentState::granted, "dialog", "en", 6, std::string(65, 'v')).ok());
    CHECK(engine.consent().state("share") == ConsentState::unset);

    const auto decoded = rps::decode_consent(engine.export_consent_json());
    REQUIRE(decoded.error.empty());
    REQUIRE(decoded.receipts.size() == 1);
    CHECK(decoded.receipts[0].dialog_version == "dialog-1.2");
    CHECK(decoded.receipts[0].method == "dialog");

    Engine reloaded = armed();
    REQUIRE(reloaded.import_consent_json(engine.export_consent_json(), 7).kind == rps::ImportOutcome::Kind::applied);
    CHECK(reloaded.consent().receipts_json() == engine.consent().receipts_json());
}

TEST_CASE("a receipt stored before dialogVersion existed decodes with none; a non-string one is refused") {
    const std::string before = R"({"v":1,"revision":"r1","purposes":{"call":"granted"},"receipts":[{"id":1,"revision":"r1",)"
                               R"("time":1,"method":"api","locale":"en","changed":["call"],"purposes":{"call":"granted"}}]})";
    const auto decoded = rps::decode_consent(before);
    REQUIRE(decoded.error.empty());
    CHECK(decoded.receipts[0].dialog_version.empty());
    std::string bad = before;
    bad.replace(bad.find(R"("changed")"), 0, R"("dialogVersion":7,)");
    CHECK(rps::decode_consent(bad).error == "stored consent holds a malformed receipt");
}

TEST_CASE("the dialog asks while a purpose is unset under the current revision, never when closed") {
    Engine engine = armed();
    CHECK(rps::needs_prompt(engine));
    REQUIRE(engine.set_consent({"call", "share"}, ConsentState::granted, "api", "en", 1).ok());
    CHECK(rps::needs_prompt(engine));
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::denied, "api", "en", 2).ok());
    CHECK_FALSE(rps::needs_prompt(engine));

    Engine revised = armed(manifest_with(R"("revision": "r1")", R"("revision": "r2")"));
    revised.import_consent_json(engine.export_consent_json(), 3);
    CHECK(rps::needs_prompt(revised));
    CHECK_FALSE(rps::needs_prompt(Engine()));
}

TEST_CASE("forget_receipts empties the receipts, keeps the states and says so in the ledger") {
    Engine engine = armed();
    REQUIRE(engine.set_consent({"call"}, ConsentState::denied, "api", "en", 1).ok());
    rps::forget_receipts(engine, 2);
    CHECK(engine.consent().receipts_json() == "[]");
    CHECK(engine.consent().state("call") == ConsentState::denied);
    CHECK(last_entry(engine).surface == "consent");
    CHECK(last_entry(engine).action == "forget");
    CHECK(engine.export_consent_json().find(R"("receipts":[])") != std::string::npos);
}

TEST_CASE("held scripts run when their purpose is granted, wait otherwise, and an unknown purpose never runs") {
    Engine engine = armed();
    auto d = rps::decide_script(engine, "call");
    CHECK(d.action == "hold");
    CHECK(d.reason == "consent \"call\" is unset");
    CHECK(engine.ledger().size() == 0);  // deciding alone records nothing

    d = rps::note_script(engine, "call", 2);
    CHECK(d.action == "hold");
    CHECK(last_entry(engine).surface == "script");
    CHECK(last_entry(engine).action == "hold");
    CHECK(last_entry(engine).purpose == "call");

    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 3).ok());
    CHECK(rps::note_script(engine, "call", 4).action == "allow");
    CHECK(last_entry(engine).action == "allow");
    REQUIRE(engine.set_consent({"call"}, ConsentState::denied, "api", "en", 5).ok());
    CHECK(rps::decide_script(engine, "call").action == "hold");

    d = rps::note_script(engine, "calls", 6);
    CHECK(d.action == "deny");
    CHECK(d.reason == "unknown purpose \"calls\"");
    CHECK(last_entry(engine).purpose.empty());  // page input is no purpose of the ledger
    CHECK(last_entry(engine).action == "deny");

    CHECK(rps::decide_script(Engine(), "call").action == "deny");
}

TEST_CASE("bridges: the Google Consent Mode mapping and Global Privacy Control are read and validated") {
    const auto parsed = rps::parse_manifest(kBridges);
    REQUIRE(parsed.errors.empty());
    const auto& gcm = parsed.manifest.bridges.google_consent_mode;
    REQUIRE(gcm.size() == 3);
    CHECK(gcm[0].first == "analytics_storage");
    CHECK(gcm[0].second == std::vector<std::string>{"diagnostics"});
    CHECK(gcm[1].second.empty());
    CHECK(parsed.manifest.bridges.gpc_deny == std::vector<std::string>{"diagnostics", "share"});

    const auto bent = [](const std::string& bridges) {
        std::vector<std::string> out;
        for (const auto& e : rps::parse_manifest(manifest_with(R"("sdks": [)", R"("bridges": )" + bridges + R"(, "sdks": [)")).errors)
            out.push_back(e.message());
        return out;
    };
    CHECK(bent(R"({ "googleConsentMode": { "ad_storag": [] } })") ==
          std::vector<std::string>{"bridges.googleConsentMode.ad_storag: unknown key \"ad_storag\""});
    CHECK(bent(R"({ "googleConsentMode": { "ad_storage": ["diagnostic", 3] } })") ==
          std::vector<std::string>{"bridges.googleConsentMode.ad_storage[1]: expected a purpose id",
                                   "bridges.googleConsentMode.ad_storage[0]: unknown purpose \"diagnostic\""});
    CHECK(bent(R"({ "googleConsentMode": { "ad_storage": "call" } })") ==
          std::vector<std::string>{"bridges.googleConsentMode.ad_storage: expected an array"});
    CHECK(bent(R"({ "globalPrivacyControl": {} })") ==
          std::vector<std::string>{"bridges.globalPrivacyControl.deny: missing required field"});
    CHECK(bent(R"({ "gpc": true })") == std::vector<std::string>{"bridges.gpc: unknown key \"gpc\""});
    CHECK(bent("[]") == std::vector<std::string>{"bridges: expected an object"});
}

TEST_CASE("Google Consent Mode: all denied by default, then granted where every listed purpose is") {
    Engine engine = armed(kBridges);
    const std::string denied = R"({"analytics_storage":"denied","ad_storage":"denied","functionality_storage":"denied"})";
    CHECK(rps::google_consent_json(engine, true) == denied);
    CHECK(rps::google_consent_json(engine, false) == denied);
    REQUIRE(engine.set_consent({"diagnostics", "call"}, ConsentState::granted, "api", "en", 1).ok());
    CHECK(rps::google_consent_json(engine, false) ==
          R"({"analytics_storage":"granted","ad_storage":"denied","functionality_storage":"denied"})");
    REQUIRE(engine.set_consent({"share"}, ConsentState::granted, "api", "en", 2).ok());
    CHECK(rps::google_consent_json(engine, false) ==
          R"({"analytics_storage":"granted","ad_storage":"denied","functionality_storage":"granted"})");
    CHECK(rps::google_consent_json(engine, true) == denied);

    CHECK(rps::google_consent_json(armed(), false).empty());  // no mapping: nothing to tell
    CHECK(rps::google_consent_json(Engine(), true).empty());
}

TEST_CASE("Global Privacy Control denies the listed purposes the user has not chosen, as method gpc") {
    Engine engine = armed(kBridges);
    REQUIRE(engine.set_consent({"share"}, ConsentState::granted, "dialog", "en", 1).ok());
    CHECK(rps::apply_global_privacy_control(engine, "en", 2));
    CHECK(engine.consent().state("diagnostics") == ConsentState::denied);
    CHECK(engine.consent().state("share") == ConsentState::granted);  // the user's choice stands
    CHECK(engine.consent().state("call") == ConsentState::unset);     // not listed
    CHECK(engine.consent().receipts().back().method == "gpc");
    CHECK(engine.consent().receipts().back().changed == std::vector<std::string>{"diagnostics"});
    CHECK_FALSE(rps::apply_global_privacy_control(engine, "en", 3));  // nothing left to deny

    // An explicit grant afterwards wins and is the user's.
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 4).ok());
    CHECK_FALSE(rps::apply_global_privacy_control(engine, "en", 5));
    CHECK(engine.consent().state("diagnostics") == ConsentState::granted);

    Engine plain = armed();
    CHECK_FALSE(rps::apply_global_privacy_control(plain, "en", 1));
    CHECK(plain.consent().receipts().empty());
}
