// SDK switches (sdks[].switches): parsed strictly, and the engine says which apply under the
// current consent (when "notGranted", the default: while the purpose is not granted).
#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "core/manifest.hpp"
#include "core/sdk_switches.hpp"
#include "fixtures.hpp"

using rps::test::manifest_with;

using rps::test::manifest_errors;

namespace {

std::string with_switches(const std::string& switches) {
    return manifest_with(R"("permissions": [)", R"("switches": )" + switches + R"(, "permissions": [)");
}

const std::string kAgora = with_switches(R"([
    { "global": "AgoraRTC", "call": "disableLogUpload", "purpose": "diagnostics" },
    { "global": "AgoraRTC", "call": "setParameter", "args": ["ENABLE_EVENT_REPORT", false], "purpose": "diagnostics" },
    { "global": "AgoraRTC", "call": "setParameter", "args": ["ENABLE_EVENT_REPORT", true], "purpose": "diagnostics", "when": "granted" },
    { "global": "VERTC", "call": "setParameter", "args": ["GPU_URL", "unknown", 3, null], "purpose": "call" }
  ])");

}  // namespace

TEST_CASE("switches: parsed with their arguments as JSON, their purpose and when they apply") {
    const auto parsed = rps::parse_manifest(kAgora);
    REQUIRE(parsed.errors.empty());
    const auto& switches = parsed.manifest.sdks[0].switches;
    REQUIRE(switches.size() == 4);
    CHECK(switches[0].global == "AgoraRTC");
    CHECK(switches[0].call == "disableLogUpload");
    CHECK(switches[0].args_json == "[]");
    CHECK(switches[0].purpose == "diagnostics");
    CHECK_FALSE(switches[0].when_granted);
    CHECK(switches[1].args_json == R"(["ENABLE_EVENT_REPORT",false])");
    CHECK(switches[2].when_granted);
    CHECK(switches[3].args_json == R"(["GPU_URL","unknown",3,null])");
}

TEST_CASE("switches: a bad one is an error naming its path") {
    CHECK(manifest_errors(with_switches(R"([{ "global": "AgoraRTC", "call": "disableLogUpload", "purpose": "diagnostics", "arg": [] }])"))
          == std::vector<std::string>{R"(sdks[0].switches[0].arg: unknown key "arg")"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "window.AgoraRTC", "call": "do it", "purpose": "diagnostics" }])"))
          == std::vector<std::string>{
                 "sdks[0].switches[0].global: expected a JavaScript name like AgoraRTC (A-Z a-z 0-9 _ $)",
                 "sdks[0].switches[0].call: expected a JavaScript name like AgoraRTC (A-Z a-z 0-9 _ $)"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "A", "call": "b", "args": [1.5, {}], "purpose": "diagnostics" }])"))
          == std::vector<std::string>{
                 "sdks[0].switches[0].args[0]: expected a string, a whole number, true, false or null",
                 "sdks[0].switches[0].args[1]: expected a string, a whole number, true, false or null"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "A", "call": "b", "args": [1,2,3,4,5,6,7,8,9], "purpose": "diagnostics" }])"))
          == std::vector<std::string>{"sdks[0].switches[0].args[8]: at most 8 arguments"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "A", "call": "b" }])"))
          == std::vector<std::string>{"sdks[0].switches[0].purpose: missing required field"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "A", "call": "b", "purpose": "call", "when": "denied" }])"))
          == std::vector<std::string>{R"(sdks[0].switches[0].when: expected one of "notGranted", "granted", got "denied")"});
    CHECK(manifest_errors(with_switches(R"([{ "global": "A", "call": "b", "purpose": "analytics" }])"))
          == std::vector<std::string>{R"(sdks[0].switches[0].purpose: unknown purpose "analytics")"});
    CHECK(manifest_errors(with_switches(R"({ "global": "A" })")) == std::vector<std::string>{"sdks[0].switches: expected an array"});
}

TEST_CASE("switches: the engine applies the notGranted ones until the purpose is granted, then the granted ones") {
    rps::Engine engine;
    REQUIRE(engine.load(kAgora, 0).empty());
    CHECK(rps::switch_globals_json(engine) == R"(["AgoraRTC","VERTC"])");
    CHECK(rps::switches_now_json(engine, "AgoraRTC", 1)
          == R"([{"call":"disableLogUpload","args":[]},{"call":"setParameter","args":["ENABLE_EVENT_REPORT",false]}])");
    CHECK(rps::switches_now_json(engine, "Other", 1) == "[]");
    const auto entries = engine.ledger().entries();
    REQUIRE(entries.size() == 2);
    CHECK(entries[0].surface == "switch");
    CHECK(entries[0].sdk == "vertc");
    CHECK(entries[0].purpose == "diagnostics");
    CHECK(entries[0].reason == "consent not granted: AgoraRTC.disableLogUpload");

    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 2).ok());
    CHECK(rps::switches_now_json(engine, "AgoraRTC", 3) == R"([{"call":"setParameter","args":["ENABLE_EVENT_REPORT",true]}])");
    CHECK(rps::switches_now_json(engine, "VERTC", 3) == R"([{"call":"setParameter","args":["GPU_URL","unknown",3,null]}])");
    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::denied, "api", "en", 4).ok());
    CHECK(rps::switches_now_json(engine, "AgoraRTC", 5).find("disableLogUpload") != std::string::npos);
}

TEST_CASE("switches: a closed engine names no global to watch") {
    rps::Engine engine;
    CHECK_FALSE(engine.load(with_switches(R"([{ "global": "A", "call": "b" }])"), 0).empty());
    CHECK(rps::switch_globals_json(engine) == "[]");
}
