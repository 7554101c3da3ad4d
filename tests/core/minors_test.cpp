// Minors: the age answer, guardian confirmation and teen mode (core/minors.hpp), the manifest
// keys they read (purposes[].necessity, defaults.askAge), how the engine holds grants to them
// and how the answer is stored with consent.
#include <catch2/catch.hpp>

#include "core/consent_codec.hpp"
#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::AgeAnswer;
using rps::AgeBracket;
using rps::ConsentState;
using rps::Engine;
using rps::Surface;
using rps::test::manifest_with;

using rps::test::loaded;

namespace {

// kManifest with "call" required (the others stay optional by default), and `defaults`.
std::string teen_manifest(const std::string& defaults = "{}") {
    std::string text = manifest_with(R"({ "id": "call",)", R"({ "id": "call", "necessity": "required",)");
    const auto at = text.find(R"("sdks": [)");
    return text.insert(at, R"("defaults": )" + defaults + ", ");
}

const AgeAnswer kChild{AgeBracket::under, false};
const AgeAnswer kChildWithGuardian{AgeBracket::under, true};
const AgeAnswer kOver{AgeBracket::over, false};

}  // namespace

TEST_CASE("purposes[].necessity is read, optional by default, and a bad value names its path") {
    const auto parsed = rps::parse_manifest(teen_manifest(R"({ "askAge": true, "minorAge": 16 })"));
    REQUIRE(parsed.errors.empty());
    CHECK(parsed.manifest.purposes[0].required);
    CHECK_FALSE(parsed.manifest.purposes[1].required);
    CHECK(parsed.manifest.defaults.ask_age);
    CHECK(parsed.manifest.defaults.minor_age == 16);
    CHECK_FALSE(rps::parse_manifest(rps::test::kManifest).manifest.defaults.ask_age);

    auto errors = rps::parse_manifest(manifest_with(R"({ "id": "share",)", R"({ "id": "share", "necessity": "needed",)")).errors;
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message() == R"(purposes[1].necessity: expected one of "required", "optional", got "needed")");
    errors = rps::parse_manifest(teen_manifest(R"({ "askAge": "yes" })")).errors;
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].message() == "defaults.askAge: expected true or false");
}

TEST_CASE("under minorAge nothing is granted without a guardian, through any method") {
    Engine engine = loaded(teen_manifest());
    REQUIRE(engine.set_age(kChild, "dialog", "en", 1).ok());
    for (const char* method : {"api", "dialog"}) {
        const auto refused = engine.set_consent({"call"}, ConsentState::granted, method, "en", 2);
        CHECK(refused.error == "the user is under 14: a guardian must confirm first");
    }
    CHECK(engine.consent().state("call") == ConsentState::unset);
    CHECK(engine.decide(Surface::camera, 3).action == rps::Action::deny);
    // Refusing is always possible.
    CHECK(engine.set_consent({"call", "share"}, ConsentState::denied, "dialog", "en", 4).ok());
}

TEST_CASE("with a guardian, required purposes are granted and optional ones stay off (teen mode)") {
    Engine engine = loaded(teen_manifest());
    REQUIRE(engine.set_age(kChildWithGuardian, "dialog", "zh-CN", 1).ok());
    CHECK(engine.set_consent({"call"}, ConsentState::granted, "dialog", "zh-CN", 2).ok());
    CHECK(engine.decide(Surface::camera, 3).action == rps::Action::allow);
    // All-or-nothing: one optional purpose and nothing of the grant applies.
    const auto refused = engine.set_consent({"share", "call"}, ConsentState::granted, "api", "en", 4);
    CHECK(refused.error == R"(purpose "share" is optional and the user is under 14: teen mode keeps it off)");
    CHECK(engine.consent().state("share") == ConsentState::unset);
    CHECK(rps::locked_purposes(engine.manifest(), kChildWithGuardian) == std::vector<std::string>{"share", "diagnostics"});
    CHECK(rps::locked_purposes(engine.manifest(), kChild) == std::vector<std::string>{"call", "share", "diagnostics"});
    CHECK(rps::locked_purposes(engine.manifest(), kOver).empty());
}

TEST_CASE("minorAge from the manifest sets the threshold the messages name") {
    Engine engine = loaded(teen_manifest(R"({ "minorAge": 16 })"));
    REQUIRE(engine.set_age(kChild, "api", "en", 1).ok());
    CHECK(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 2).error ==
          "the user is under 16: a guardian must confirm first");
}

TEST_CASE("an answer that forbids what was granted withdraws it, with a receipt") {
    Engine engine = loaded(teen_manifest());
    REQUIRE(engine.set_consent({"call", "share"}, ConsentState::granted, "api", "en", 1).ok());
    REQUIRE(engine.set_age(kChildWithGuardian, "dialog", "en", 2).ok());
    CHECK(engine.consent().state("call") == ConsentState::granted);
    CHECK(engine.consent().state("share") == ConsentState::denied);
    const auto& last = engine.consent().receipts().back();
    CHECK(last.method == "dialog");
    CHECK(last.changed == std::vector<std::string>{"share"});
    CHECK(last.age == kChildWithGuardian);
    REQUIRE(engine.set_age(kChild, "api", "en", 3).ok());
    CHECK(engine.consent().state("call") == ConsentState::denied);
}

TEST_CASE("over minorAge, or with no answer and no askAge, the rules do not apply") {
    Engine engine = loaded(teen_manifest());
    CHECK(engine.set_consent({"share"}, ConsentState::granted, "api", "en", 1).ok());
    REQUIRE(engine.set_age(kOver, "dialog", "en", 2).ok());
    CHECK(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 3).ok());
}

TEST_CASE("with askAge a grant waits for an answer") {
    Engine engine = loaded(teen_manifest(R"({ "askAge": true })"));
    CHECK(engine.set_consent({"call"}, ConsentState::granted, "api", "en", 1).error ==
          "the user's age is not known yet (defaults.askAge): set it first");
    REQUIRE(engine.set_age(kOver, "api", "en", 2).ok());
    CHECK(engine.set_consent({"call", "share"}, ConsentState::granted, "api", "en", 3).ok());
}

TEST_CASE("an age answer is under or over, on an open engine, by a known method") {
    Engine engine = loaded(teen_manifest());
    CHECK(engine.set_age({AgeBracket::unknown, false}, "api", "en", 1).error == "an age answer is under or over");
    CHECK(engine.set_age(kChild, "mail", "en", 1).error == R"(unknown consent method "mail")");
    CHECK(rps::parse_age_bracket("under") == AgeBracket::under);
    CHECK_FALSE(rps::parse_age_bracket("unknown").has_value());
    Engine closed;
    CHECK(closed.set_age(kChild, "api", "en", 1).error == "engine closed: no manifest loaded");
}

TEST_CASE("the age answer is stored with consent, in receipts, and reset with a new revision") {
    Engine engine = loaded(teen_manifest());
    REQUIRE(engine.set_age(kChildWithGuardian, "dialog", "en", 1).ok());
    REQUIRE(engine.set_consent({"call"}, ConsentState::granted, "dialog", "en", 2).ok());
    const std::string stored = engine.export_consent_json();
    CHECK(stored.find(R"("age":{"bracket":"under","guardian":true}})") != std::string::npos);
    CHECK(engine.consent().last_receipt_json().find(R"(,"age":{"bracket":"under","guardian":true}})") != std::string::npos);

    Engine reloaded = loaded(teen_manifest());
    REQUIRE(reloaded.import_consent_json(stored, 3).kind == rps::ImportOutcome::Kind::applied);
    CHECK(reloaded.consent().age() == kChildWithGuardian);
    CHECK(reloaded.consent().receipts().back().age == kChildWithGuardian);
    CHECK_FALSE(reloaded.set_consent({"share"}, ConsentState::granted, "api", "en", 4).ok());

    Engine revised = loaded(manifest_with(R"("revision": "r1")", R"("revision": "r2")"));
    CHECK(revised.import_consent_json(stored, 5).kind == rps::ImportOutcome::Kind::reset_revision_changed);
    CHECK(revised.consent().age().bracket == AgeBracket::unknown);
}

TEST_CASE("a damaged stored age answer refuses the whole record") {
    for (const char* age : {R"("age":{"bracket":"child","guardian":true})", R"("age":{"bracket":"under"})",
                            R"("age":{"bracket":"under","guardian":1})", R"("age":"under")"}) {
        INFO(age);
        const std::string stored = std::string(R"({"v":1,"revision":"r1","purposes":{"call":"granted"},"receipts":[],)") + age + "}";
        CHECK(rps::decode_consent(stored).error == "stored consent has a malformed age answer");
    }
    const std::string receipt = R"({"v":1,"revision":"r1","purposes":{},"receipts":[{"id":1,"revision":"r1","time":1,"method":"api","locale":"en","changed":[],"purposes":{},"age":{"bracket":"over"}}]})";
    CHECK(rps::decode_consent(receipt).error == "stored consent holds a malformed receipt");
    // Without an answer nothing is written: records from before minors decode as they did.
    Engine engine = loaded(teen_manifest());
    CHECK(engine.export_consent_json().find("age") == std::string::npos);
}

TEST_CASE("the dialog's age view: the question, the threshold, the answer and what it locks") {
    Engine engine = loaded(teen_manifest(R"({ "askAge": true, "minorAge": 16 })"));
    CHECK(rps::age_view_json(engine.manifest(), engine.consent().age()) ==
          R"({"ask":true,"minorAge":16,"bracket":"unknown","guardian":false,"locked":["call","share","diagnostics"]})");
    CHECK(rps::age_view_json(engine.manifest(), kChildWithGuardian) ==
          R"({"ask":true,"minorAge":16,"bracket":"under","guardian":true,"locked":["share","diagnostics"]})");
    CHECK(rps::age_view_json(engine.manifest(), kOver) ==
          R"({"ask":true,"minorAge":16,"bracket":"over","guardian":false,"locked":[]})");
}

TEST_CASE("stored consent granting what its own age answer forbids is refused, not restored") {
    const std::string child = R"({"v":1,"revision":"r1","purposes":{"call":"granted"},"age":{"bracket":"under","guardian":false}})";
    Engine engine = loaded(teen_manifest());
    const auto outcome = engine.import_consent_json(child, 1);
    CHECK(outcome.kind == rps::ImportOutcome::Kind::rejected);
    CHECK(outcome.message == "stored consent purposes.call is granted but the user is under 14: a guardian must confirm first");
    CHECK(engine.consent().state("call") == ConsentState::unset);
    CHECK(engine.consent().age().bracket == AgeBracket::unknown);

    // Teen mode: an optional purpose stays off even with a guardian.
    const std::string teen = R"({"v":1,"revision":"r1","purposes":{"share":"granted"},"age":{"bracket":"under","guardian":true}})";
    CHECK(engine.import_consent_json(teen, 2).kind == rps::ImportOutcome::Kind::rejected);
    CHECK(engine.consent().state("share") == ConsentState::unset);

    // With askAge, a grant stored without an answer was never possible.
    Engine asking = loaded(teen_manifest(R"({ "askAge": true })"));
    const std::string no_age = R"({"v":1,"revision":"r1","purposes":{"call":"granted"}})";
    CHECK(asking.import_consent_json(no_age, 3).kind == rps::ImportOutcome::Kind::rejected);
    CHECK(asking.consent().state("call") == ConsentState::unset);
}
