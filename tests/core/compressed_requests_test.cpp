// Telemetry requests whose bodies are bytes, and WebSocket URLs, through the engine: the
// endpoint's "binary" key, consent, and the URL's query redacted like a body.
#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "fixtures.hpp"
#include "zlib_reference.hpp"

using rps::Engine;
using rps::test::zlib_compress;
using rps::test::zlib_decompress;

namespace {

// ZEGO's log socket (binary frames passable) and veRTC's gzip log endpoint (default: drop).
const std::string kManifest = rps::test::manifest_with(R"("permissions": [)", R"(
    "endpoints": [
      { "match": "wss://weblogger-wss.test/zglog/tlog", "purpose": "diagnostics", "format": "json", "binary": "pass" },
      { "match": "https://web-log-report.test/video/v1/webrtc_log/", "purpose": "diagnostics", "format": "json" }
    ],
    "permissions": [)");

Engine engine_with(const std::string& manifest, bool consent) {
    Engine engine = rps::test::keyed(manifest, 9);
    if (consent) REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 1).ok());
    return engine;
}

const std::string kBinaryFrame("\x08\x96\x01\xff\x00", 5);
const std::string kLog = R"({"mail":"alice@example.com"})";

}  // namespace

TEST_CASE("the endpoint key \"binary\" is pass or drop, drop by default, anything else an error") {
    Engine engine = engine_with(kManifest, true);
    const auto passed = engine.redact_request(0, "wss://weblogger-wss.test/zglog/tlog", kBinaryFrame, true, "websocket", 1, true);
    CHECK_FALSE(passed.dropped);
    CHECK(passed.body == kBinaryFrame);
    const auto dropped = engine.redact_request(1, "https://web-log-report.test/video/v1/webrtc_log/", kBinaryFrame, true,
                                               "fetch", 2, true);
    CHECK(dropped.dropped);
    CHECK(dropped.body.empty());
    CHECK(engine.ledger().newest().reason ==
          "binary body cannot be redacted: dropped (the endpoint does not declare \"binary\": \"pass\")");

    Engine bad;
    const auto errors = bad.load(rps::test::manifest_with(R"("permissions": [)",
        R"("endpoints": [{ "match": "https://log.test/", "purpose": "diagnostics", "binary": "yes" },
                         { "match": "https://log.test/b", "purpose": "diagnostics", "binary": true }],
           "permissions": [)"), 1);
    REQUIRE(errors.size() == 2);
    CHECK(errors[0].message().rfind("sdks[0].endpoints[0].binary: ", 0) == 0);
    CHECK(errors[1].message().rfind("sdks[0].endpoints[1].binary: ", 0) == 0);
}

TEST_CASE("binary and compressed bodies are dropped without consent, even where binary passes") {
    Engine engine = engine_with(kManifest, false);
    CHECK(engine.redact_request(0, "wss://weblogger-wss.test/zglog/tlog", kBinaryFrame, true, "websocket", 1, true).dropped);
    const auto gz = engine.redact_request(1, "https://web-log-report.test/video/v1/webrtc_log/", zlib_compress(kLog, 31), true,
                                          "fetch", 2, true);
    CHECK(gz.dropped);
    CHECK(engine.ledger().newest().reason == "consent \"diagnostics\" is unset");
}

TEST_CASE("a gzip fetch body and a zlib frame are redacted with consent and keep their container") {
    Engine engine = engine_with(kManifest, true);
    const auto gz = engine.redact_request(1, "https://web-log-report.test/video/v1/webrtc_log/", zlib_compress(kLog, 31), true,
                                          "fetch", 1, true);
    REQUIRE_FALSE(gz.dropped);
    CHECK(zlib_decompress(gz.body, 31) == R"({"mail":"[EMAIL]"})");
    const auto zl = engine.redact_request(0, "wss://weblogger-wss.test/zglog/tlog", zlib_compress(kLog, 15), true,
                                          "websocket", 2, true);
    REQUIRE_FALSE(zl.dropped);
    CHECK(zlib_decompress(zl.body, 15) == R"({"mail":"[EMAIL]"})");
    CHECK(engine.ledger().to_json().find("alice") == std::string::npos);
}

TEST_CASE("a WebSocket URL's query is redacted like a body, with no body") {
    Engine engine = engine_with(kManifest, true);
    const auto r = engine.redact_request(
        0, "wss://weblogger-wss.test/zglog/tlog?product=express&appid=1&token=04AAAAAGYabcdefghijklmnopqrstuvwxyz0123456789&id_name=alice@example.com",
        "", false, "websocket", 1);
    REQUIRE_FALSE(r.dropped);
    CHECK(r.url.find("alice@example.com") == std::string::npos);
    CHECK(r.url.find("04AAAAAGYabcdefghijklmnopqrstuvwxyz0123456789") == std::string::npos);
    CHECK(r.url.rfind("wss://weblogger-wss.test/zglog/tlog?product=express&appid=1&token=", 0) == 0);
}
