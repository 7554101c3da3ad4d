// Gate-only endpoints ("redact": false): an SDK's call or messaging traffic, held until its
// purpose is granted and then passed exactly as the SDK wrote it (core/engine.hpp pass_request).
#include <catch2/catch.hpp>

#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::Engine;

using rps::test::manifest_errors;

namespace {

std::string manifest_of(const std::string& endpoints) {
    return rps::test::manifest_with(R"("permissions": [)", R"("endpoints": [)" + endpoints + R"(], "permissions": [)");
}

// A broad gate-only pattern for the provider's host, declared BEFORE a telemetry path under it.
const std::string kGateManifest = manifest_of(R"(
    { "match": "wss://*.rtc.test/*", "purpose": "call", "redact": false },
    { "match": "https://*.rtc.test/*", "purpose": "call", "redact": false },
    { "match": "https://*.rtc.test/log/*", "purpose": "diagnostics", "format": "json", "rules": ["token:remove"] })");

Engine gate_engine() { return rps::test::keyed(kGateManifest, 9); }

}  // namespace

TEST_CASE("gate-only endpoints: \"redact\" parses as a boolean, true by default") {
    const auto parsed = rps::parse_manifest(kGateManifest);
    REQUIRE(parsed.errors.empty());
    const auto& endpoints = parsed.manifest.sdks[0].endpoints;
    CHECK_FALSE(endpoints[0].redact);
    CHECK_FALSE(endpoints[1].redact);
    CHECK(endpoints[2].redact);
    CHECK(manifest_errors(manifest_of(R"({ "match": "https://a.test/", "purpose": "call", "redact": "no" })")) ==
          std::vector<std::string>{"sdks[0].endpoints[0].redact: expected true or false"});
    CHECK(manifest_errors(manifest_of(R"({ "match": "https://a.test/", "purpose": "call", "redact": true, "rules": ["a:remove"] })"))
              .empty());
}

TEST_CASE("gate-only endpoints: a key that configures a redaction is an error naming the conflict") {
    for (const std::string key : {"format", "rules", "allowedKeys", "onMalformed", "binary"}) {
        std::string value = R"("json")";
        if (key == "rules") value = R"(["a:remove"])";
        if (key == "allowedKeys") value = R"(["a"])";
        if (key == "onMalformed") value = R"("scan")";
        if (key == "binary") value = R"("pass")";
        INFO(key);
        const auto errors =
            manifest_errors(manifest_of(R"({ "match": "https://a.test/", "purpose": "call", "redact": false, ")" + key + "\": " + value + " }"));
        REQUIRE(errors.size() == 1);
        CHECK(errors[0] == "sdks[0].endpoints[0]." + key + ": \"" + key +
                               "\" configures a redaction, but \"redact\": false passes the endpoint's traffic unread with "
                               "consent: remove one of them");
    }
}

TEST_CASE("gate-only endpoints: before consent dropped and recorded, with consent passed unread and recorded") {
    Engine engine = gate_engine();
    const int socket = engine.match_endpoint("wss://access-v6.rtc.test/ws?token=04abc", true);
    REQUIRE(socket == 0);
    auto d = engine.decide_request(socket);
    CHECK_FALSE(d.send);
    CHECK(d.gate_only);
    CHECK(d.reason == "consent \"call\" is unset");
    CHECK_FALSE(engine.pass_request(socket, "websocket", 2));
    auto entry = engine.ledger().newest();
    CHECK(entry.surface == "websocket");
    CHECK(entry.action == "drop");
    CHECK(entry.target == "wss://*.rtc.test/*");
    CHECK(entry.purpose == "call");
    CHECK(entry.counts.empty());

    REQUIRE(engine.set_consent({"call"}, rps::ConsentState::granted, "api", "en", 3).ok());
    d = engine.decide_request(socket);
    CHECK(d.send);
    CHECK(d.gate_only);
    CHECK(engine.pass_request(socket, "websocket", 4));
    entry = engine.ledger().newest();
    CHECK(entry.action == "allow");
    CHECK(entry.reason == "consent \"call\" granted");
    CHECK(entry.counts.empty());
    // The URL's token is not in the ledger: only the pattern is.
    CHECK(engine.ledger().to_json().find("04abc") == std::string::npos);

    REQUIRE(engine.set_consent({"call"}, rps::ConsentState::denied, "api", "en", 5).ok());
    CHECK_FALSE(engine.pass_request(socket, "websocket", 6));
    CHECK(engine.ledger().newest().action == "drop");
}

TEST_CASE("gate-only endpoints: never redacted, so never re-encoded; redacting endpoints never pass unread") {
    Engine engine = gate_engine();
    REQUIRE(engine.set_consent({"call", "diagnostics"}, rps::ConsentState::granted, "api", "en", 2).ok());
    const int access = engine.match_endpoint("https://access.rtc.test/dispatch?appid=1", true);
    REQUIRE(access == 1);
    // With consent the transports send the SDK's own request (pass_request); the redactor
    // refuses it, so a mistaken call cannot send a re-encoded body (invalid UTF-8 here).
    const auto r = engine.redact_request(access, "https://access.rtc.test/dispatch", std::string("\x08\x96\x01\xff\xfe", 5), true,
                                         "fetch", 3, true);
    CHECK(r.dropped);
    CHECK(r.body.empty());
    CHECK(r.reason == "a gate-only endpoint passes unread (pass_request), never redacted");
    const int log = engine.match_endpoint("https://eu.rtc.test/log/v1", true);
    REQUIRE(log == 2);
    CHECK_FALSE(engine.decide_request(log).gate_only);
    CHECK_FALSE(engine.pass_request(log, "fetch", 4));
    CHECK(engine.ledger().newest().action == "drop");
    CHECK(engine.ledger().newest().reason == "a redacting endpoint cannot pass unread");
}

TEST_CASE("gate-only endpoints: a telemetry endpoint wins over a broad gate-only one, in any order") {
    Engine engine = gate_engine();
    // The gate-only patterns come first in the manifest and match too: the telemetry one wins.
    CHECK(engine.match_endpoint("https://eu.rtc.test/log/v1/batch", true) == 2);
    CHECK(engine.match_endpoint("https://eu.rtc.test/dispatch", true) == 1);
    CHECK(engine.match_endpoint("wss://eu.rtc.test/log/v1", true) == 0);  // no wss telemetry endpoint
    CHECK(engine.match_endpoint("https://elsewhere.test/log/v1", true) == rps::kNoEndpoint);
    // Declared the other way round, the same answers.
    Engine reversed;
    REQUIRE(reversed
                .load(manifest_of(R"(
        { "match": "https://*.rtc.test/log/*", "purpose": "diagnostics", "format": "json" },
        { "match": "https://*.rtc.test/*", "purpose": "call", "redact": false })"),
                      1)
                .empty());
    CHECK(reversed.match_endpoint("https://eu.rtc.test/log/v1/batch", true) == 0);
    CHECK(reversed.match_endpoint("https://eu.rtc.test/dispatch", true) == 1);
}

TEST_CASE("sessions whose streams carry bytes (WebTransport): only where bytes may leave unread, with consent") {
    Engine engine = rps::test::keyed(manifest_of(R"(
        { "match": "https://access.rtc.test/*", "purpose": "call", "redact": false },
        { "match": "https://logs.rtc.test/*", "purpose": "diagnostics", "format": "text", "binary": "pass" },
        { "match": "https://stats.rtc.test/*", "purpose": "diagnostics", "format": "json" })"), 9);
    const int access = engine.match_endpoint("https://access.rtc.test/hub", true);
    const int logs = engine.match_endpoint("https://logs.rtc.test/up", true);
    const int stats = engine.match_endpoint("https://stats.rtc.test/r", true);
    REQUIRE((access == 0 && logs == 1 && stats == 2));
    for (const int endpoint : {access, logs, stats}) CHECK_FALSE(engine.decide_session(endpoint).send);
    CHECK(engine.decide_session(access).reason == "consent \"call\" is unset");
    REQUIRE(engine.set_consent({"call", "diagnostics"}, rps::ConsentState::granted, "api", "en", 2).ok());
    CHECK(engine.decide_session(access).send);
    CHECK(engine.decide_session(access).gate_only);
    CHECK(engine.decide_session(logs).send);
    const auto refused = engine.decide_session(stats);
    CHECK_FALSE(refused.send);
    CHECK(refused.purpose == "diagnostics");
    CHECK(refused.reason.find("the endpoint must be gate-only or declare \"binary\": \"pass\"") != std::string::npos);
    CHECK(engine.decide_request(stats).send);  // a request's body the redactor reads is another matter
    // An undeclared cross-origin URL scanned by the detectors: its bytes could not be scanned.
    CHECK(engine.decide_request(rps::kUnknownScan).send);
    CHECK_FALSE(engine.decide_session(rps::kUnknownScan).send);
    CHECK_FALSE(Engine().decide_session(access).send);
}
