#include <catch2/catch.hpp>

#include <algorithm>
#include <nlohmann/json.hpp>
#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/manifest.hpp"
#include "core/permissions.hpp"
#include "fixtures.hpp"

using rps::Action;
using rps::ConsentState;
using rps::Engine;
using rps::Surface;
using rps::test::manifest_with;

using rps::test::loaded;

namespace {

// The fixture with the permission surfaces added: `location` is the location line.
std::string with_permissions(const std::string& location = R"({ "surface": "location", "purpose": "share" })") {
    return manifest_with(R"("permissions": [)", R"("permissions": [)" + location + R"(,
      { "surface": "clipboard", "purpose": "call" },
      { "surface": "notifications", "purpose": "diagnostics" },
      { "surface": "sensors", "purpose": "diagnostics" },)");
}

void grant(Engine& engine, const std::string& purpose) {
    REQUIRE(engine.set_consent({purpose}, ConsentState::granted, "api", "en", 1).ok());
}

}  // namespace

TEST_CASE("manifest: a location permission may say how precise it is") {
    auto parsed = rps::parse_manifest(with_permissions(R"({ "surface": "location", "purpose": "share", "precision": "precise" })"));
    REQUIRE(parsed.errors.empty());
    CHECK(parsed.manifest.sdks[0].permissions[0].precise);
    parsed = rps::parse_manifest(with_permissions(R"({ "surface": "location", "purpose": "share", "precision": "coarse" })"));
    REQUIRE(parsed.errors.empty());
    CHECK_FALSE(parsed.manifest.sdks[0].permissions[0].precise);
    parsed = rps::parse_manifest(with_permissions());
    REQUIRE(parsed.errors.empty());
    CHECK_FALSE(parsed.manifest.sdks[0].permissions[0].precise);
}

TEST_CASE("manifest: precision is refused off the location surface and outside its two values") {
    struct Case { std::string line; std::string message; };
    for (const Case& c : std::vector<Case>{
             {R"({ "surface": "camera", "purpose": "call", "precision": "coarse" })",
              "sdks[0].permissions[0].precision: only a location permission takes a precision"},
             {R"({ "surface": "location", "purpose": "call", "precision": "exact" })",
              R"(sdks[0].permissions[0].precision: expected one of "coarse", "precise", got "exact")"},
             {R"({ "surface": "location", "purpose": "call", "precision": true })",
              R"(sdks[0].permissions[0].precision: expected one of "coarse", "precise")"},
         }) {
        INFO(c.line);
        const auto errors = rps::parse_manifest(with_permissions(c.line)).errors;
        REQUIRE(errors.size() == 1);
        CHECK(errors[0].message() == c.message);
    }
}

TEST_CASE("location: denied without consent, coarse with it, precise only when declared") {
    Engine engine = loaded(with_permissions());
    auto d = rps::decide_location(engine, 5);
    CHECK(d.action == Action::deny);
    CHECK(d.reason == R"(consent "share" is unset)");
    grant(engine, "share");
    d = rps::decide_location(engine, 6);
    CHECK(d.action == Action::generalize);
    CHECK(d.purpose == "share");
    CHECK(d.sdk == "vertc");

    Engine precise = loaded(with_permissions(R"({ "surface": "location", "purpose": "share", "precision": "precise" })"));
    CHECK(rps::decide_location(precise, 5).action == Action::deny);
    grant(precise, "share");
    CHECK(rps::decide_location(precise, 6).action == Action::allow);
}

TEST_CASE("location: a scoped precise line does not make an unscoped coarse one precise") {
    // Both lines under "share": outside a scope the unscoped coarse line is the one that allows.
    Engine engine = loaded(with_permissions(R"({ "surface": "location", "purpose": "share", "scoped": true, "precision": "precise" },
      { "surface": "location", "purpose": "share" })"));
    grant(engine, "share");
    CHECK(rps::location_decision(engine).action == Action::generalize);
    // Inside the scope either line allows; the coarse one still holds the purpose to coarse.
    const auto scope = engine.open_scope("share");
    REQUIRE(scope.error.empty());
    CHECK(rps::location_decision(engine).action == Action::generalize);
    engine.close_scope(scope.id);
    // Precise on every line of the purpose: precise.
    Engine precise = loaded(with_permissions(R"({ "surface": "location", "purpose": "share", "precision": "precise" },
      { "surface": "location", "purpose": "share", "scoped": true, "precision": "precise" })"));
    grant(precise, "share");
    CHECK(rps::location_decision(precise).action == Action::allow);
}

TEST_CASE("location: decide_location records, location_decision does not") {
    Engine engine = loaded(with_permissions());
    grant(engine, "share");
    CHECK(rps::location_decision(engine).action == Action::generalize);
    CHECK(engine.ledger().entries().empty());
    rps::decide_location(engine, 7);
    const auto entries = engine.ledger().entries();
    REQUIRE(entries.size() == 1);
    const auto& e = entries[0];
    CHECK(e.surface == "location");
    CHECK(e.action == "generalize");
    CHECK(e.purpose == "share");
    CHECK(e.sdk == "vertc");
    CHECK(e.time == 7);
}

TEST_CASE("location: a revoke during a watch is seen by the next update") {
    Engine engine = loaded(with_permissions());
    grant(engine, "share");
    CHECK(rps::location_decision(engine).action == Action::generalize);
    REQUIRE(engine.set_consent({"share"}, ConsentState::denied, "api", "en", 2).ok());
    CHECK(rps::location_decision(engine).action == Action::deny);
}

TEST_CASE("location: a closed engine denies") {
    Engine engine;
    CHECK(rps::decide_location(engine, 1).action == Action::deny);
    CHECK(rps::permission_denied(engine, "geolocation"));
}

TEST_CASE("clipboard: a read needs consent and a user gesture") {
    Engine engine = loaded(with_permissions());
    CHECK(rps::decide_clipboard_read(engine, true, 1).action == Action::deny);
    CHECK(rps::decide_clipboard_read(engine, false, 2).action == Action::deny);
    grant(engine, "call");
    const auto without_gesture = rps::decide_clipboard_read(engine, false, 3);
    CHECK(without_gesture.action == Action::deny);
    CHECK(without_gesture.purpose == "call");
    CHECK(without_gesture.reason == "a clipboard read needs a user gesture (no transient user activation)");
    CHECK(rps::decide_clipboard_read(engine, true, 4).action == Action::allow);
    const auto& entries = engine.ledger().entries();
    REQUIRE(entries.size() == 4);
    CHECK(entries[2].surface == "clipboard");
    CHECK(entries[2].action == "deny");
    CHECK(entries[3].action == "allow");
}

TEST_CASE("permission names map to the surfaces the shim gates") {
    CHECK(rps::surface_of_permission("geolocation") == Surface::location);
    CHECK(rps::surface_of_permission("clipboard-read") == Surface::clipboard);
    CHECK(rps::surface_of_permission("notifications") == Surface::notifications);
    CHECK(rps::surface_of_permission("push") == Surface::notifications);
    CHECK(rps::surface_of_permission("camera") == Surface::camera);
    CHECK(rps::surface_of_permission("microphone") == Surface::microphone);
    CHECK(rps::surface_of_permission("display-capture") == Surface::screen);
    for (const char* name : {"accelerometer", "gyroscope", "magnetometer", "ambient-light-sensor"})
        CHECK(rps::surface_of_permission(name) == Surface::sensors);
    for (const char* name : {"clipboard-write", "midi", "persistent-storage", "", "Geolocation", "geolocation "})
        CHECK_FALSE(rps::surface_of_permission(name).has_value());
}

TEST_CASE("permission_denied: what the shim refuses now, without a ledger entry") {
    Engine engine = loaded(with_permissions());
    for (const char* name : {"geolocation", "clipboard-read", "notifications", "push", "camera", "microphone",
                             "accelerometer", "gyroscope", "magnetometer", "display-capture"}) {
        INFO(name);
        CHECK(rps::permission_denied(engine, name));
    }
    // Not gated: the browser's state stands.
    CHECK_FALSE(rps::permission_denied(engine, "clipboard-write"));
    CHECK_FALSE(rps::permission_denied(engine, "midi"));
    grant(engine, "share");
    grant(engine, "call");
    CHECK_FALSE(rps::permission_denied(engine, "geolocation"));  // coarse is not a refusal
    CHECK_FALSE(rps::permission_denied(engine, "camera"));
    CHECK_FALSE(rps::permission_denied(engine, "clipboard-read"));
    CHECK(rps::permission_denied(engine, "notifications"));
    CHECK(engine.ledger().entries().empty());
    // The fixture's screen permission is scoped: denied outside a scope, allowed inside.
    grant(engine, "share");
    CHECK(rps::permission_denied(engine, "display-capture"));
    const auto scope = engine.open_scope("share");
    CHECK_FALSE(rps::permission_denied(engine, "display-capture"));
    engine.close_scope(scope.id);
    CHECK(rps::permission_denied(engine, "display-capture"));
}

TEST_CASE("append_denied_permissions: every name permission_denied refuses now, as JSON, unrecorded") {
    Engine engine = loaded(with_permissions());
    std::string all;
    rps::append_denied_permissions(all, engine);
    CHECK(all == R"(["geolocation","clipboard-read","notifications","push","camera","microphone","display-capture",)"
                 R"("accelerometer","gyroscope","magnetometer","ambient-light-sensor"])");
    grant(engine, "call");
    grant(engine, "share");
    std::string some;
    rps::append_denied_permissions(some, engine);
    // Granted now: the call's camera and microphone, the share's location and clipboard.
    CHECK(some == R"(["notifications","push","display-capture","accelerometer","gyroscope","magnetometer","ambient-light-sensor"])");
    CHECK(engine.ledger().entries().empty());
    std::string closed;
    rps::append_denied_permissions(closed, Engine());
    CHECK(nlohmann::json::parse(closed).size() == 11);
}

TEST_CASE("permission_denied: an undeclared surface is refused whatever the consent") {
    Engine engine = loaded(rps::test::kManifest);
    REQUIRE(engine.set_consent({"call", "share", "diagnostics"}, ConsentState::granted, "api", "en", 1).ok());
    CHECK(rps::permission_denied(engine, "geolocation"));
    CHECK(rps::permission_denied(engine, "notifications"));
    CHECK_FALSE(rps::permission_denied(engine, "camera"));
}
