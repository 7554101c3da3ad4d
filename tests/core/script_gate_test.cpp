#include <catch2/catch.hpp>

#include <string>

#include "core/engine.hpp"
#include "core/script_gate.hpp"
#include "fixtures.hpp"

using rps::ConsentState;
using rps::Engine;
using rps::note_injected_script;
using rps::script_selector_problem;

namespace {

// kManifest whose SDK declares `injected` as its injectedScripts.
std::string with_injected(const std::string& injected) {
    return rps::test::manifest_with(R"("provider": "Volcengine",)",
                                    R"("provider": "Volcengine", "injectedScripts": [)" + injected + "],");
}

}  // namespace

TEST_CASE("injected scripts: selectors are a narrow subset of CSS for script elements") {
    for (const char* good : {"script#dy", "script.x-1", "script[data-sdk]", "script[id=\"dy\"]", "script#dy[data-a=\"b c\"].k"}) {
        INFO(good);
        CHECK(script_selector_problem(good).empty());
    }
    for (const char* bad : {"script", "div#dy", "script #dy", "script#", "script:not([src])", "script[id=dy]", "script[id=\"dy\"",
                            "script[id=\"d\\\"y\"]", "script, img", "Script#dy", "script#dy]"}) {
        INFO(bad);
        CHECK_FALSE(script_selector_problem(bad).empty());
    }
}

TEST_CASE("injected scripts: a name is a CSS identifier, not a number or a lone dash") {
    // Each passed the character check but makes the browser's matches() throw.
    for (const char* bad : {"script#1a", "script[2x]", "script#-1", "script.-", "script#-", "script#--x", "script#dy.9"}) {
        INFO(bad);
        CHECK(script_selector_problem(bad).rfind("a name must start with a letter or \"_\"", 0) == 0);
    }
    CHECK(script_selector_problem("script#1a") ==
          "a name must start with a letter or \"_\" (after at most one \"-\") in \"script#1a\" at character 7");
    for (const char* good : {"script#a1", "script#-a", "script#_1", "script[data-2]", "script.-x-1"}) {
        INFO(good);
        CHECK(script_selector_problem(good).empty());
    }
}

TEST_CASE("injected scripts: the manifest declaration is parsed strictly, with paths") {
    auto parsed = rps::parse_manifest(with_injected(R"({ "selector": "script#dy", "purpose": "diagnostics" })"));
    REQUIRE(parsed.errors.empty());
    REQUIRE(parsed.manifest.sdks[0].injected_scripts.size() == 1);
    CHECK(parsed.manifest.sdks[0].injected_scripts[0].selector == "script#dy");
    CHECK(parsed.manifest.sdks[0].injected_scripts[0].purpose == "diagnostics");

    parsed = rps::parse_manifest(with_injected(R"({ "selector": "div#dy", "purpose": "diagnostics", "src": "x" },
                                                   { "selector": "script#dy", "purpose": "nope" }, "script#dy")"));
    REQUIRE(parsed.errors.size() == 4);
    CHECK(parsed.errors[0].path == "sdks[0].injectedScripts[0].src");
    CHECK(parsed.errors[1].path == "sdks[0].injectedScripts[0].selector");
    CHECK(parsed.errors[2].path == "sdks[0].injectedScripts[2]");
    CHECK(parsed.errors[3].path == "sdks[0].injectedScripts[1].purpose");
    CHECK(parsed.errors[3].reason == "unknown purpose \"nope\"");
}

TEST_CASE("injected scripts: held until their purpose is granted, recorded each time") {
    Engine engine;
    REQUIRE(engine.load(with_injected(R"({ "selector": "script#dy", "purpose": "diagnostics" })"), 1).empty());
    auto d = note_injected_script(engine, 0, 2);
    CHECK(d.decision.action == "hold");
    CHECK(d.purpose == "diagnostics");
    const auto& held = engine.ledger().newest();
    CHECK(held.surface == "script.injected");
    CHECK(held.action == "hold");
    CHECK(held.sdk == "vertc");
    CHECK(held.purpose == "diagnostics");
    CHECK(held.reason == "inserted script#dy: consent \"diagnostics\" is unset");

    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::granted, "api", "en", 3).ok());
    CHECK(note_injected_script(engine, 0, 4).decision.action == "allow");
    CHECK(engine.ledger().newest().action == "allow");
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::denied, "api", "en", 5).ok());
    CHECK(note_injected_script(engine, 0, 6).decision.action == "hold");

    // No such declaration: never run.
    d = note_injected_script(engine, 1, 7);
    CHECK(d.decision.action == "deny");
    CHECK(d.purpose.empty());
    CHECK(engine.ledger().newest().action == "deny");
}

TEST_CASE("injected scripts: a closed engine runs none") {
    Engine engine;
    CHECK_FALSE(engine.load("{", 1).empty());
    const auto d = note_injected_script(engine, 0, 2);
    CHECK(d.decision.action == "deny");
    CHECK(engine.ledger().newest().surface == "script.injected");
}
