#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <string>

#include "core/device_book.hpp"
#include "core/device_policy.hpp"
#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::Action;
using rps::ConsentState;
using rps::Engine;
using rps::device::decide_item;
using rps::device::evaluate_item;
using rps::test::manifest_with;

using rps::test::loaded;

namespace {

// kManifest whose SDK (vertc) collects `collects`, plus a second SDK (zego) collecting `other`.
std::string with_collects(const std::string& collects, const std::string& other = "") {
    std::string m = manifest_with(R"("provider": "Volcengine",)", R"("provider": "Volcengine", "collects": [)" + collects + "],");
    if (!other.empty()) {
        const std::string second = R"(, { "id": "zego", "name": "ZEGO", "provider": "ZEGO", "collects": [)" + other + "] }]";
        m.replace(m.rfind("}]"), 2, "}" + second);
    }
    return m;
}

std::string collect(const std::string& item, const std::string& purpose, const std::string& treatment) {
    return R"({ "item": ")" + item + R"(", "necessity": "optional", "purpose": ")" + purpose + R"(", "treatment": ")" +
           treatment + R"(" })";
}

void grant(Engine& engine, const char* purpose) {
    REQUIRE(engine.set_consent({purpose}, ConsentState::granted, "api", "en", 2).ok());
}

}  // namespace

TEST_CASE("device items without a declaration: generalized, battery and gpu blocked") {
    Engine engine = loaded(rps::test::kManifest);
    for (const char* item : {"userAgent", "os", "browser", "deviceModel", "screen", "devicePixelRatio", "hardwareConcurrency",
                             "deviceMemory", "networkType", "storageEstimate"}) {
        INFO(item);
        CHECK(evaluate_item(engine, item).action == Action::generalize);
    }
    CHECK(evaluate_item(engine, "battery").action == Action::deny);
    const auto gpu = decide_item(engine, "gpu", 7);
    CHECK(gpu.action == Action::deny);
    CHECK(gpu.reason == "not declared: default");
    const auto& entry = engine.ledger().newest();
    CHECK(entry.surface == "deviceInfo.gpu");
    CHECK(entry.action == "deny");
    CHECK(entry.reason == gpu.reason);
    CHECK(entry.time == 7);
}

TEST_CASE("a declared item follows consent for its purpose") {
    Engine engine = loaded(with_collects(collect("hardwareConcurrency", "diagnostics", "keep")));
    auto d = decide_item(engine, "hardwareConcurrency", 3);
    CHECK(d.action == Action::generalize);
    CHECK(d.purpose == "diagnostics");
    CHECK(d.sdk == "vertc");
    CHECK(d.reason == "consent unset: default");
    grant(engine, "diagnostics");
    d = decide_item(engine, "hardwareConcurrency", 4);
    CHECK(d.action == Action::allow);
    CHECK(d.reason == "consent granted: declared treatment");
    const auto& entry = engine.ledger().newest();
    CHECK(entry.surface == "deviceInfo.hardwareConcurrency");
    CHECK(entry.action == "allow");
    CHECK(entry.purpose == "diagnostics");
    CHECK(entry.sdk == "vertc");
    REQUIRE(engine.set_consent({"diagnostics"}, ConsentState::denied, "api", "en", 5).ok());
    CHECK(evaluate_item(engine, "hardwareConcurrency").action == Action::generalize);
}

TEST_CASE("treatments: keep is native, generalize generalized, hash and remove blocked") {
    Engine engine = loaded(with_collects(collect("gpu", "call", "generalize") + "," + collect("screen", "call", "remove") + "," +
                                         collect("deviceMemory", "call", "hash") + "," + collect("battery", "call", "keep")));
    grant(engine, "call");
    CHECK(evaluate_item(engine, "gpu").action == Action::generalize);
    CHECK(evaluate_item(engine, "screen").action == Action::deny);
    CHECK(evaluate_item(engine, "deviceMemory").action == Action::deny);
    CHECK(evaluate_item(engine, "battery").action == Action::allow);
    // Undeclared items keep their defaults whatever is granted.
    CHECK(evaluate_item(engine, "userAgent").action == Action::generalize);
    CHECK(evaluate_item(engine, "networkType").action == Action::generalize);
}

TEST_CASE("several granted declarations: the most permissive decides") {
    Engine engine = loaded(with_collects(collect("userAgent", "call", "remove"), collect("userAgent", "diagnostics", "keep")));
    grant(engine, "call");
    auto d = evaluate_item(engine, "userAgent");
    CHECK(d.action == Action::deny);
    CHECK(d.sdk == "vertc");
    grant(engine, "diagnostics");
    d = evaluate_item(engine, "userAgent");
    CHECK(d.action == Action::allow);
    CHECK(d.sdk == "zego");
    CHECK(d.purpose == "diagnostics");
    // A declaration without consent never opens more than the granted ones.
    Engine other = loaded(with_collects(collect("screen", "call", "generalize"), collect("screen", "diagnostics", "keep")));
    grant(other, "call");
    d = evaluate_item(other, "screen");
    CHECK(d.action == Action::generalize);
    CHECK(d.sdk == "vertc");
}

TEST_CASE("getScreenDetails (screenDetails): allowed only where screen and devicePixelRatio are both kept") {
    Engine engine = loaded(with_collects(collect("screen", "call", "keep") + "," + collect("devicePixelRatio", "diagnostics", "keep")));
    auto d = evaluate_item(engine, "screenDetails");
    CHECK(d.action == Action::deny);
    CHECK(d.reason == "no generalized screens: needs screen and devicePixelRatio kept");
    grant(engine, "call");
    d = evaluate_item(engine, "screenDetails");
    CHECK(d.action == Action::deny);  // the pixel ratio still generalized
    CHECK(d.purpose == "diagnostics");
    grant(engine, "diagnostics");
    d = evaluate_item(engine, "screenDetails");
    CHECK(d.action == Action::allow);
    CHECK(d.purpose == "call");
    // Generalized screens are no answer for it.
    Engine generalized = loaded(with_collects(collect("screen", "call", "generalize") + "," + collect("devicePixelRatio", "call", "generalize")));
    grant(generalized, "call");
    CHECK(evaluate_item(generalized, "screenDetails").action == Action::deny);
    CHECK(evaluate_item(Engine(), "screenDetails").action == Action::deny);
    // Recorded under its own name.
    decide_item(engine, "screenDetails", 5);
    CHECK(engine.ledger().entries().back().surface == "deviceInfo.screenDetails");
}

TEST_CASE("a closed engine answers with the defaults, never the native value") {
    Engine engine;
    auto d = decide_item(engine, "userAgent", 1);
    CHECK(d.action == Action::generalize);
    CHECK(d.reason == "engine closed: default");
    CHECK(evaluate_item(engine, "gpu").action == Action::deny);
    CHECK(evaluate_item(engine, "battery").action == Action::deny);
}

TEST_CASE("an unknown item is denied and recorded under a fixed name") {
    Engine engine = loaded(rps::test::kManifest);
    const auto d = decide_item(engine, "<script>alert(1)</script>", 1);
    CHECK(d.action == Action::deny);
    CHECK(engine.ledger().newest().surface == "deviceInfo.(unknown)");
    CHECK(engine.ledger().to_json().find("alert") == std::string::npos);
}

TEST_CASE("client hints follow their item; a blocked userAgent blocks them all") {
    Engine engine = loaded(with_collects(collect("os", "call", "keep") + "," + collect("browser", "call", "remove")));
    for (const char* hint : {"architecture", "bitness", "formFactors", "fullVersionList", "model", "platformVersion",
                             "uaFullVersion", "wow64"}) {
        INFO(hint);
        CHECK(evaluate_item(engine, hint).action == Action::generalize);
    }
    grant(engine, "call");
    for (const char* hint : {"architecture", "bitness", "platformVersion", "wow64"}) CHECK(evaluate_item(engine, hint).action == Action::allow);
    for (const char* hint : {"model", "formFactors"}) CHECK(evaluate_item(engine, hint).action == Action::generalize);
    for (const char* hint : {"uaFullVersion", "fullVersionList"}) CHECK(evaluate_item(engine, hint).action == Action::deny);
    // Recorded under the item that governs the hint.
    decide_item(engine, "platformVersion", 3);
    CHECK(engine.ledger().newest().surface == "deviceInfo.os");
    CHECK(engine.ledger().newest().action == "allow");

    Engine blocked = loaded(with_collects(collect("userAgent", "call", "remove") + "," + collect("os", "call", "keep")));
    grant(blocked, "call");
    for (const char* name : {"os", "browser", "deviceModel", "architecture", "platformVersion", "model", "uaFullVersion"}) {
        INFO(name);
        CHECK(evaluate_item(blocked, name).action == Action::deny);
    }
    CHECK(evaluate_item(blocked, "os").reason == "userAgent blocked: so are its hints");
    CHECK(evaluate_item(blocked, "screen").action == Action::generalize);
}

TEST_CASE("every hint the answer book generalizes has a decision") {
    std::string text = rps::device::answer_book({});
    text.replace(text.find("1e999"), 5, "0");
    const auto hints = nlohmann::json::parse(text)["hints"];
    Engine engine = loaded(rps::test::kManifest);
    for (const auto& [hint, value] : hints.items()) {
        INFO(hint);
        CHECK(evaluate_item(engine, hint).reason != "unknown item");
    }
    CHECK(evaluate_item(engine, "brands").reason == "unknown item");  // asked as userAgent
}
