#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::Action;
using rps::ConsentState;
using rps::Engine;
using rps::Surface;
using rps::test::kManifest;
using rps::test::manifest_with;

using rps::test::loaded;

namespace {

// kManifest with cookie-free mode switched off (it is on by default).
const std::string kCookieFreeOff = manifest_with(R"("sdks": [)", R"("defaults": { "cookieFree": false }, "sdks": [)");

}  // namespace

TEST_CASE("an engine without a manifest is closed and denies") {
    Engine engine;
    CHECK(engine.closed());
    CHECK(engine.closed_reason() == "no manifest loaded");
    const auto d = engine.decide(Surface::camera, 1);
    CHECK(d.action == Action::deny);
    CHECK(d.reason == "engine closed: no manifest loaded");
    CHECK(engine.decide(Surface::devices, 2).action == Action::generalize);
    CHECK(engine.decide(Surface::devices, 3, false).action == Action::deny);
}

TEST_CASE("an invalid manifest closes the engine and says why") {
    Engine engine = loaded();
    const auto errors = engine.load(manifest_with(R"("surface": "camera", "purpose": "call")", R"("surface": "camra", "purpose": "cal")"), 5);
    REQUIRE(errors.size() == 2);
    CHECK(engine.closed());
    CHECK(engine.closed_reason().rfind("invalid manifest: sdks[0].permissions[0].surface: unknown surface \"camra\"", 0) == 0);
    CHECK(engine.closed_reason().find("(and 1 more)") != std::string::npos);
    CHECK(engine.decide(Surface::microphone, 6).action == Action::deny);
    CHECK_FALSE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 7).ok());
    CHECK(engine.open_scope("call").id == 0);
}

TEST_CASE("camera and microphone follow consent for their purpose") {
    Engine engine = loaded();
    auto d = engine.decide(Surface::camera, 10);
    CHECK(d.action == Action::deny);
    CHECK(d.purpose == "call");
    CHECK(d.sdk == "vertc");
    CHECK(d.reason == "consent \"call\" is unset");

    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 11).ok());
    d = engine.decide(Surface::microphone, 12);
    CHECK(d.action == Action::allow);
    CHECK(d.reason == "consent \"call\" granted");

    REQUIRE(engine.set_consent({"call"}, ConsentState::denied, "dialog", "en", 13).ok());
    d = engine.decide(Surface::camera, 14);
    CHECK(d.action == Action::deny);
    CHECK(d.reason == "consent \"call\" is denied");
}

TEST_CASE("an undeclared surface is denied even with every consent given") {
    Engine engine = loaded();
    REQUIRE(engine.set_consent({"call", "share", "diagnostics"}, ConsentState::granted, "api", "en", 1).ok());
    const auto d = engine.decide(Surface::location, 2);
    CHECK(d.action == Action::deny);
    CHECK(d.reason == "no SDK declares surface \"location\"");
}

TEST_CASE("the device list generalizes without consent and follows camera/microphone consent") {
    Engine engine = loaded();
    auto d = engine.decide(Surface::devices, 1);
    CHECK(d.action == Action::generalize);
    CHECK(d.reason == "consent \"call\" is unset");
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 2).ok());
    CHECK(engine.decide(Surface::devices, 3).action == Action::allow);

    // An explicit devices line wins over the camera/microphone fallback.
    Engine explicit_devices = loaded(manifest_with(R"({ "surface": "camera", "purpose": "call" })",
                                                   R"({ "surface": "devices", "purpose": "diagnostics" }, { "surface": "camera", "purpose": "call" })"));
    REQUIRE(explicit_devices.set_consent({"call"}, ConsentState::granted, "api", "en", 2).ok());
    d = explicit_devices.decide(Surface::devices, 3);
    CHECK(d.action == Action::generalize);
    CHECK(d.purpose == "diagnostics");
}

TEST_CASE("an API of the device list with no generalized form is denied where the list is generalized") {
    Engine engine = loaded();
    const auto d = engine.decide(Surface::devices, 1, false);
    CHECK(d.action == Action::deny);
    CHECK(d.purpose == "call");
    CHECK(d.reason == "consent \"call\" is unset");
    CHECK(engine.evaluate(Surface::devices, false).action == Action::deny);
    CHECK(engine.ledger().entries().back().action == "deny");
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 2).ok());
    CHECK(engine.decide(Surface::devices, 3, false).action == Action::allow);
    CHECK(engine.decide(Surface::camera, 4, false).action == Action::allow);
}

TEST_CASE("a scoped permission is allowed only while a scope for its purpose is open") {
    Engine engine = loaded();
    REQUIRE(engine.set_consent({"share"}, ConsentState::granted, "api", "en", 1).ok());
    auto d = engine.decide(Surface::screen, 2);
    CHECK(d.action == Action::deny);
    CHECK(d.reason == "\"share\" is only allowed inside shim.scope()");

    const auto scope = engine.open_scope("share");
    REQUIRE(scope.id > 0);
    CHECK(engine.decide(Surface::screen, 3).action == Action::allow);
    const auto other = engine.open_scope("share");
    engine.close_scope(scope.id);
    CHECK(engine.decide(Surface::screen, 4).action == Action::allow);  // the second scope is still open
    engine.close_scope(other.id);
    CHECK(engine.decide(Surface::screen, 5).action == Action::deny);

    const auto unknown = engine.open_scope("nope");
    CHECK(unknown.id == 0);
    CHECK(unknown.error == "unknown purpose \"nope\"");
}

TEST_CASE("a scope does not stand in for consent") {
    Engine engine = loaded();
    const auto scope = engine.open_scope("share");
    REQUIRE(scope.id > 0);
    CHECK(engine.decide(Surface::screen, 1).reason == "consent \"share\" is unset");
}

TEST_CASE("set_consent is all-or-nothing and checks its method") {
    Engine engine = loaded();
    auto status = engine.set_consent({"call", "cal"}, ConsentState::granted, "api", "en", 1);
    CHECK(status.error == "unknown purpose \"cal\"");
    CHECK(engine.consent().state("call") == ConsentState::unset);
    CHECK(engine.consent().receipts().empty());
    status = engine.set_consent({"call"}, ConsentState::granted, "telepathy", "en", 1);
    CHECK(status.error == "unknown consent method \"telepathy\" (known: api, dialog, gpc, scope, storage)");
    CHECK(engine.set_consent({}, ConsentState::granted, "api", "en", 1).error == "no purpose given");
}

TEST_CASE("consent is exported and restored under the same revision only") {
    Engine first = loaded();
    REQUIRE(first.set_consent({"call"}, ConsentState::granted, "dialog", "zh-CN", 1700000000000.0).ok());
    const std::string stored = first.export_consent_json();
    CHECK(stored == R"({"v":1,"revision":"r1","purposes":{"call":"granted","share":"unset","diagnostics":"unset"},)"
                    R"("receipts":[{"id":1,"revision":"r1","time":1700000000000,"method":"dialog","locale":"zh-CN","dialogVersion":"","changed":["call"],)"
                    R"("purposes":{"call":"granted","share":"unset","diagnostics":"unset"}}]})");

    Engine reloaded = loaded();
    const auto outcome = reloaded.import_consent_json(stored, 2);
    CHECK(outcome.kind == rps::ImportOutcome::Kind::applied);
    CHECK(reloaded.consent().state("call") == ConsentState::granted);
    CHECK(reloaded.consent().receipts().size() == 1);
    CHECK(reloaded.decide(Surface::camera, 3).action == Action::allow);
    // Receipt ids continue after the restored ones.
    REQUIRE(reloaded.set_consent({"call"}, ConsentState::denied, "api", "en", 4).ok());
    CHECK(reloaded.consent().receipts().back().id == 2);

    Engine revised = loaded(manifest_with(R"("revision": "r1")", R"("revision": "r2")"));
    const auto reset = revised.import_consent_json(stored, 2);
    CHECK(reset.kind == rps::ImportOutcome::Kind::reset_revision_changed);
    CHECK(reset.message == "stored consent is for revision \"r1\", the manifest is \"r2\"");
    CHECK(revised.consent().state("call") == ConsentState::unset);
    CHECK(revised.decide(Surface::camera, 3).action == Action::deny);
}

TEST_CASE("damaged stored consent is refused and changes nothing") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {"", "stored consent is not a JSON object"},
        {"[1]", "stored consent is not a JSON object"},
        {R"({"v":2,"revision":"r1","purposes":{}})", "stored consent has an unknown format version"},
        {R"({"v":4294967297,"revision":"r1","purposes":{"call":"granted"}})", "stored consent has an unknown format version"},
        {R"({"v":-4294967295,"revision":"r1","purposes":{"call":"granted"}})", "stored consent has an unknown format version"},
        {R"({"v":"1","revision":"r1","purposes":{"call":"granted"}})", "stored consent has an unknown format version"},
        {R"({"v":1,"revision":"r1","purposes":{"call":"yes"}})", "stored consent has no valid revision and purposes"},
        {R"({"v":1,"purposes":{"call":"granted"}})", "stored consent has no valid revision and purposes"},
        {R"({"v":1,"revision":"r1","purposes":{"call":"granted"},"receipts":{}})", "stored consent receipts are not an array"},
        {R"({"v":1,"revision":"r1","purposes":{"call":"granted"},"receipts":[{"id":1}]})", "stored consent holds a malformed receipt"},
        {R"({"v":1,"revision":"r1","purposes":{},"receipts":[{"id":1,"revision":"r1","time":1,"method":"api","locale":"en","changed":"call","purposes":{}}]})",
         "stored consent holds a malformed receipt"},
        {R"({"v":1,"revision":"r1","purposes":{},"receipts":[{"id":18446744073709551615,"revision":"r1","time":1,"method":"api","locale":"en","changed":[],"purposes":{}}]})",
         "stored consent holds a malformed receipt"},
        {R"({"v":1,"revision":"r1","purposes":{},"receipts":[{"id":0,"revision":"r1","time":1,"method":"api","locale":"en","changed":[],"purposes":{}}]})",
         "stored consent holds a malformed receipt"},
    };
    for (const auto& [stored, message] : cases) {
        INFO(stored);
        Engine engine = loaded();
        const auto outcome = engine.import_consent_json(stored, 1);
        CHECK(outcome.kind == rps::ImportOutcome::Kind::rejected);
        CHECK(outcome.message == message);
        CHECK(engine.consent().state("call") == ConsentState::unset);
    }
}

TEST_CASE("stored consent for purposes the manifest no longer has is ignored") {
    Engine engine = loaded();
    const auto outcome = engine.import_consent_json(R"({"v":1,"revision":"r1","purposes":{"call":"granted","gone":"granted"}})", 1);
    CHECK(outcome.kind == rps::ImportOutcome::Kind::applied);
    CHECK_FALSE(engine.consent().knows("gone"));
    CHECK(engine.consent().state_json() == R"({"call":"granted","share":"unset","diagnostics":"unset"})");
}

TEST_CASE("loading a new manifest resets consent and scopes") {
    Engine engine = loaded();
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 1).ok());
    REQUIRE(engine.load(kManifest, 2).empty());
    CHECK(engine.consent().state("call") == ConsentState::unset);
}

TEST_CASE("every decision lands in the ledger with names only") {
    Engine engine = loaded();
    engine.decide(Surface::camera, 100);
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 101).ok());
    engine.decide(Surface::camera, 102);
    engine.record(Surface::camera, Action::stop, "call", "consent withdrawn", 103);
    const auto& entries = engine.ledger().entries();
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].action == "deny");
    CHECK(entries[1].action == "allow");
    CHECK(entries[2].action == "stop");
    CHECK(entries[2].reason == "consent withdrawn");
    CHECK(engine.ledger().to_json().rfind(R"({"capacity":500,"total":3,"dropped":0,"entries":[{"seq":1,"time":100,"surface":"camera","action":"deny","purpose":"call","sdk":"vertc","reason":"consent \"call\" is unset","target":"","counts":{}},)", 0) == 0);
}

TEST_CASE("the ledger size comes from the manifest") {
    Engine engine = loaded(manifest_with(R"("sdks": [)", R"("defaults": { "ledgerSize": 16 }, "sdks": [)"));
    for (int i = 0; i < 40; ++i) engine.decide(Surface::camera, i);
    CHECK(engine.ledger().entries().size() == 16);
    CHECK(engine.ledger().total() == 40);
    CHECK(engine.ledger().entries().front().seq == 25);
}

TEST_CASE("cookie-free mode: on by default, off by the manifest, on again by Global Privacy Control") {
    Engine engine = loaded();
    CHECK(engine.cookie_free());
    CHECK_FALSE(engine.allow_cookie_write("document.cookie", 1));
    REQUIRE(engine.ledger().entries().size() == 1);
    CHECK(engine.ledger().entries()[0].surface == "document.cookie");
    CHECK(engine.ledger().entries()[0].action == "drop");

    Engine off = loaded(kCookieFreeOff);
    CHECK_FALSE(off.cookie_free());
    CHECK(off.allow_cookie_write("document.cookie", 1));
    CHECK_FALSE(off.decide_storage("localStorage", "id", "123e4567-e89b-12d3-a456-426614174000", 1).memory_only);
    CHECK(off.ledger().entries().empty());
    off.set_global_privacy_control(true);
    CHECK(off.cookie_free());
    CHECK_FALSE(off.allow_cookie_write("cookieStore.set", 2));

    Engine closed;
    CHECK(closed.cookie_free());  // no manifest: fail closed
    CHECK(closed.decide_storage("localStorage", "x", "dGhpc0lzQVJhbmRvbVRva2VuMTIz", 1).memory_only);
}

TEST_CASE("cookie-free storage: declared SDK keys and identifier-like values stay in memory, the app's own values do not") {
    Engine engine = loaded(manifest_with(R"("permissions": [)",
                                         R"("storage": [{ "key": "RTC_DEVICE_ID", "purpose": "call" }, { "key": "vertc_*", "purpose": "diagnostics" }],
    "permissions": [)"));
    auto declared = engine.decide_storage("localStorage", "vertc_session", "plain", 1);
    CHECK(declared.memory_only);
    CHECK(declared.sdk == "vertc");
    CHECK(declared.purpose == "diagnostics");
    CHECK(engine.decide_storage("localStorage", "RTC_DEVICE_ID", "short", 2).memory_only);
    CHECK(engine.decide_storage("sessionStorage", "deviceId", "123e4567-e89b-12d3-a456-426614174000", 3).memory_only);
    CHECK_FALSE(engine.decide_storage("localStorage", "theme", "dark", 4).memory_only);
    CHECK_FALSE(engine.decide_storage("localStorage", "RTC_DEVICE_ID2", "x", 5).memory_only);
    const auto& entries = engine.ledger().entries();
    REQUIRE(entries.size() == 3);
    CHECK(entries[0].reason == "cookie-free mode: key \"vertc_*\" declared by vertc kept in page memory");
    CHECK(entries[2].surface == "sessionStorage");
    CHECK(entries[2].action == "memory");
    CHECK(entries[2].reason.find("123e4567") == std::string::npos);  // never the value
}

TEST_CASE("cookie-free storage: a key that looks like an identifier stays in memory whatever its value") {
    Engine engine = loaded();
    CHECK(engine.decide_storage("localStorage", "uid_3f9a1c2b7d4e8f60a1b2", "1", 1).memory_only);
    CHECK(engine.decide_storage("indexedDB", "V1StGXR8_Z5jdHi6B-myT", "true", 2).memory_only);
    CHECK_FALSE(engine.decide_storage("localStorage", "thisIsALongCamelCaseSettingName", "1", 3).memory_only);
    const auto& entries = engine.ledger().entries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].reason == "cookie-free mode: an identifier-like key kept in page memory");
    CHECK(entries[1].surface == "indexedDB");
    CHECK(engine.ledger().to_json().find("3f9a1c2b") == std::string::npos);  // never the key

    Engine off = loaded(kCookieFreeOff);
    CHECK_FALSE(off.decide_storage("localStorage", "uid_3f9a1c2b7d4e8f60a1b2", "1", 1).memory_only);
}

TEST_CASE("cookie and storage decisions accept only the API and area names the engine knows") {
    for (bool cookie_free : {true, false}) {
        INFO(cookie_free);
        Engine engine = cookie_free ? loaded() : loaded(kCookieFreeOff);
        CHECK_FALSE(engine.allow_cookie_write("document.cookie<img src=x>", 1));
        CHECK_FALSE(engine.allow_cookie_write("", 2));
        CHECK(engine.decide_storage("storage", "theme", "dark", 3).memory_only);
        CHECK(engine.decide_storage("LocalStorage", "theme", "dark", 4).memory_only);
        CHECK_FALSE(engine.decide_storage("sessionStorage", "theme", "dark", 5).memory_only);
        const auto& entries = engine.ledger().entries();
        REQUIRE(entries.size() == 4);
        CHECK(entries[0].surface == "(unknown cookie API)");
        CHECK(entries[0].action == "drop");
        CHECK(entries[0].reason == "unknown cookie API name: write refused");
        CHECK(entries[1].surface == "(unknown cookie API)");
        CHECK(entries[2].surface == "(unknown storage area)");
        CHECK(entries[2].action == "memory");
        CHECK(entries[2].reason == "unknown storage area name: kept in page memory");
        CHECK(entries[3].surface == "(unknown storage area)");
        CHECK(engine.ledger().to_json().find("img") == std::string::npos);
    }
    Engine engine = loaded();
    CHECK_FALSE(engine.allow_cookie_write("cookieStore.set", 1));
    CHECK(engine.ledger().newest().surface == "cookieStore.set");
}
