#include <catch2/catch.hpp>

#include "core/endpoint_pattern.hpp"
#include "core/engine.hpp"
#include "fixtures.hpp"

using rps::Engine;
using rps::EndpointPattern;

namespace {

bool matches(const std::string& pattern, const std::string& url) {
    EndpointPattern p;
    REQUIRE(rps::parse_endpoint_pattern(pattern, p).empty());
    return rps::endpoint_matches(p, rps::split_url(url));
}

const std::string kTelemetryManifest = rps::test::manifest_with(R"("permissions": [)", R"(
    "collects": [{ "item": "ip", "necessity": "required", "purpose": "diagnostics", "treatment": "generalize" }],
    "endpoints": [
      { "match": "https://*.log.rtc.test/report*", "purpose": "diagnostics", "format": "json", "rules": ["user.phone:mask"] },
      { "match": "https://stats.rtc.test/q", "purpose": "diagnostics", "format": "query", "allowedKeys": ["event"] }
    ],
    "permissions": [)");

Engine telemetry_engine(const std::string& manifest = kTelemetryManifest) { return rps::test::keyed(manifest, 7); }

// The telemetry engine with consent for its endpoints' purpose: what redaction needs.
Engine consented_telemetry_engine(const std::string& manifest = kTelemetryManifest) {
    Engine engine = telemetry_engine(manifest);
    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 1).ok());
    return engine;
}

// kTelemetryManifest with defaults.unknownEndpoints set to `mode`.
std::string with_unknown_endpoints(const std::string& mode) {
    std::string manifest = kTelemetryManifest;
    const std::string sdks = R"("sdks": [)";
    return manifest.replace(manifest.find(sdks), sdks.size(), R"("defaults": { "unknownEndpoints": ")" + mode + R"(" }, "sdks": [)");
}

}  // namespace

TEST_CASE("endpoint patterns: scheme, subdomains, port and path prefix") {
    CHECK(matches("https://*.log.test/report", "https://a.log.test/report"));
    CHECK(matches("https://*.log.test/report", "https://a.b.log.test/report?x=1#f"));
    CHECK_FALSE(matches("https://*.log.test/report", "https://log.test/report"));
    CHECK_FALSE(matches("https://*.log.test/report", "https://evillog.test/report"));
    CHECK_FALSE(matches("https://*.log.test/report", "http://a.log.test/report"));
    CHECK_FALSE(matches("https://*.log.test/report", "https://a.log.test/report/2"));
    CHECK(matches("https://*.log.test/report*", "https://a.log.test/report/2"));
    CHECK(matches("https://LOG.test/x", "https://log.TEST/x"));
    CHECK(matches("https://log.test/x", "https://user:pw@log.test:8443/x"));
    CHECK_FALSE(matches("https://log.test:443/x", "https://log.test:8443/x"));
    CHECK(matches("wss://rt.test/*", "wss://rt.test/socket"));
    CHECK(matches("https://[::1]/x", "https://[::1]/x"));
    CHECK(matches("https://log.test", "https://log.test/"));
}

TEST_CASE("bad endpoint patterns are manifest errors naming the endpoint") {
    Engine engine;
    const auto errors = engine.load(rps::test::manifest_with(R"("permissions": [)",
        R"("endpoints": [{ "match": "https://log.test/a*b", "purpose": "diagnostics" },
                         { "match": "https://log.test/?q=1", "purpose": "diagnostics", "rules": ["a.b:mask2"] }],
           "permissions": [)"), 1);
    std::vector<std::string> messages;
    for (const auto& e : errors) messages.push_back(e.message());
    CHECK(messages == std::vector<std::string>{
        "sdks[0].endpoints[0].match: '*' is allowed only at the start of the host and the end of the path",
        "sdks[0].endpoints[1].match: a pattern has no query or fragment",
        "sdks[0].endpoints[1].rules[0]: unknown operator \"mask2\""});
}

TEST_CASE("requests to declared endpoints follow the endpoint's purpose") {
    Engine engine = telemetry_engine();
    const int id = engine.match_endpoint("https://eu.log.rtc.test/report/v2", true);
    REQUIRE(id == 0);
    CHECK(engine.match_endpoint("https://app.test/api", true) == rps::kNoEndpoint);
    CHECK(engine.match_endpoint("https://app.test/api", false) == rps::kNoEndpoint);
    auto d = engine.decide_request(id);
    CHECK_FALSE(d.send);
    CHECK(d.reason == "consent \"diagnostics\" is unset");
    CHECK(d.sdk == "vertc");
    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 2).ok());
    CHECK(engine.decide_request(id).send);
}

// Endpoint ids run through the endpoints of every SDK in manifest order (Engine::endpoint_at):
// an id past the first SDK's endpoints names the second SDK's, with its own purpose and rules.
TEST_CASE("endpoint ids count through the SDKs: each id decides and redacts with its own SDK's endpoint") {
    const std::string two_sdks = rps::test::manifest_with(R"("permissions": [
      { "surface": "camera", "purpose": "call" },)", R"("endpoints": [
      { "match": "https://a0.test/r", "purpose": "diagnostics", "format": "json" },
      { "match": "https://a1.test/r", "purpose": "diagnostics", "format": "json" }],
    "permissions": [
      { "surface": "camera", "purpose": "call" },)");
    const std::string manifest = two_sdks.substr(0, two_sdks.rfind("}]")) + R"(}, {
    "id": "zim", "name": "ZEGO ZIM", "provider": "ZEGO",
    "endpoints": [
      { "match": "https://b0.test/r", "purpose": "call", "format": "json", "rules": ["secret:remove"] },
      { "match": "https://b1.test/r", "purpose": "share", "format": "json" }]
  }]
})";
    Engine engine = rps::test::keyed(manifest, 7);
    const char* urls[] = {"https://a0.test/r", "https://a1.test/r", "https://b0.test/r", "https://b1.test/r"};
    const char* sdks[] = {"vertc", "vertc", "zim", "zim"};
    const char* purposes[] = {"diagnostics", "diagnostics", "call", "share"};
    for (int id = 0; id < 4; ++id) {
        INFO(urls[id]);
        CHECK(engine.match_endpoint(urls[id], true) == id);
        const auto d = engine.decide_request(id);
        CHECK(d.sdk == sdks[id]);
        CHECK(d.purpose == purposes[id]);
    }
    CHECK(engine.decide_request(4).reason == "unknown endpoint");
    CHECK_FALSE(engine.decide_request(4).send);
    REQUIRE(engine.set_consent({"call"}, rps::ConsentState::granted, "api", "en", 2).ok());
    CHECK_FALSE(engine.decide_request(1).send);
    CHECK(engine.decide_request(2).send);
    const auto r = engine.redact_request(2, "https://b0.test/r", R"({"secret":"x","n":1})", true, "fetch", 3);
    REQUIRE_FALSE(r.dropped);
    CHECK(r.body == R"({"n":1})");
    CHECK(engine.ledger().newest().sdk == "zim");
}

TEST_CASE("a redacted request: URL path and query, body by the endpoint's rules and the SDK's collects") {
    Engine engine = consented_telemetry_engine();
    const auto r = engine.redact_request(0, "https://eu.log.rtc.test/report?mail=a.user@example.com&n=1",
                                         R"({"user":{"phone":"13812345678"},"ip":"203.0.113.77","t":1732350000000})", true,
                                         "fetch", 3);
    REQUIRE_FALSE(r.dropped);
    CHECK(r.url == "https://eu.log.rtc.test/report?mail=%5BEMAIL%5D&n=1");
    CHECK(r.body == R"({"user":{"phone":"*******5678"},"ip":"203.0.113.0","t":1732350000000})");
    const auto entry = engine.ledger().newest();
    CHECK(entry.surface == "fetch");
    CHECK(entry.action == "redact");
    CHECK(entry.target == "https://*.log.rtc.test/report*");
    CHECK(entry.sdk == "vertc");
    const std::string json = engine.ledger().to_json();
    CHECK(json.find("example.com") == std::string::npos);
    CHECK(json.find("13812345678") == std::string::npos);
    CHECK(json.find(R"("counts":{)") != std::string::npos);
}

TEST_CASE("allowedKeys strips a query endpoint to its declared fields") {
    Engine engine = consented_telemetry_engine();
    const auto r = engine.redact_request(1, "https://stats.rtc.test/q?event=join&uid=42&device=abc", "", false, "image", 1);
    CHECK(r.url == "https://stats.rtc.test/q?event=join");
}

TEST_CASE("a body the endpoint cannot parse is dropped, not sent raw") {
    Engine engine = consented_telemetry_engine();
    const auto r = engine.redact_request(0, "https://a.log.rtc.test/report", "{\"email\": \"a@b.co\"", true, "xhr", 1);
    CHECK(r.dropped);
    CHECK(r.body.empty());
    CHECK(engine.ledger().entries().back().action == "drop");
}

TEST_CASE("without a session key, redaction drops") {
    Engine engine;
    REQUIRE(engine.load(kTelemetryManifest, 1).empty());
    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 1).ok());
    const auto r = engine.redact_request(0, "https://a.log.rtc.test/report", "{}", true, "fetch", 1);
    CHECK(r.dropped);
    CHECK(r.reason == "no session key for hashing: dropped");
}

TEST_CASE("undeclared cross-origin requests are scanned only when the manifest says so, or when closed") {
    Engine scan;
    REQUIRE(scan.load(rps::test::manifest_with(R"("sdks": [)", R"("defaults": { "unknownEndpoints": "scan" }, "sdks": [)"), 1).empty());
    CHECK(scan.match_endpoint("https://cdn.other.test/x", true) == rps::kUnknownScan);
    CHECK(scan.match_endpoint("https://cdn.other.test/x", false) == rps::kNoEndpoint);
    Engine closed;
    CHECK(closed.match_endpoint("https://cdn.other.test/x", true) == rps::kUnknownScan);
    // Closed, it cannot tell telemetry from the app's traffic: nothing cross-origin is sent.
    CHECK_FALSE(closed.decide_request(rps::kUnknownScan).send);
}

TEST_CASE("redact_request checks consent itself: a request the decision refuses is dropped, not redacted") {
    Engine engine = telemetry_engine();
    auto r = engine.redact_request(0, "https://a.log.rtc.test/report", R"({"event":"join"})", true, "fetch", 2);
    CHECK(r.dropped);
    CHECK(r.reason == "consent \"diagnostics\" is unset");
    CHECK(r.url.empty());
    CHECK(r.body.empty());
    auto entry = engine.ledger().newest();
    CHECK(entry.action == "drop");
    CHECK(entry.reason == "consent \"diagnostics\" is unset");
    CHECK(entry.purpose == "diagnostics");

    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::denied, "dialog", "en", 3).ok());
    r = engine.redact_request(1, "https://stats.rtc.test/q?event=join", "", false, "image", 4);
    CHECK(r.dropped);
    CHECK(r.reason == "consent \"diagnostics\" is denied");
    CHECK(engine.ledger().newest().action == "drop");

    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "dialog", "en", 5).ok());
    r = engine.redact_request(1, "https://stats.rtc.test/q?event=join", "", false, "image", 6);
    CHECK_FALSE(r.dropped);
    CHECK(engine.ledger().newest().reason == "consent \"diagnostics\" granted");
}

TEST_CASE("undeclared requests under unknownEndpoints \"drop\" are dropped by redact_request too") {
    Engine engine = telemetry_engine(with_unknown_endpoints("drop"));
    REQUIRE(engine.match_endpoint("https://cdn.other.test/x", true) == rps::kUnknownScan);
    const auto r = engine.redact_request(rps::kUnknownScan, "https://cdn.other.test/x?q=1", "hello", true, "xhr", 2);
    CHECK(r.dropped);
    CHECK(r.reason == "undeclared cross-origin request (defaults.unknownEndpoints = drop)");
    CHECK(engine.ledger().newest().action == "drop");

    Engine scan = telemetry_engine(with_unknown_endpoints("scan"));
    const auto scanned = scan.redact_request(rps::kUnknownScan, "https://cdn.other.test/x?q=1", "hello", true, "xhr", 2);
    CHECK_FALSE(scanned.dropped);
    CHECK(scanned.body == "hello");
}

TEST_CASE("a closed engine sends nothing, declared or not") {
    Engine engine = telemetry_engine();
    REQUIRE_FALSE(engine.load("{", 2).empty());
    REQUIRE(engine.closed());
    // The endpoint that was declared is now just a cross-origin URL.
    const int id = engine.match_endpoint("https://a.log.rtc.test/report", true);
    CHECK(id == rps::kUnknownScan);
    const auto d = engine.decide_request(id);
    CHECK_FALSE(d.send);
    CHECK(d.reason.rfind("engine closed: invalid manifest", 0) == 0);
    CHECK_FALSE(engine.decide_request(0).send);
    const auto r = engine.redact_request(id, "https://a.log.rtc.test/report", "{}", true, "beacon", 3);
    CHECK(r.dropped);
    CHECK(r.reason.rfind("engine closed:", 0) == 0);
}

TEST_CASE("endpoint patterns: the scheme's default port matches URLs that leave it out") {
    CHECK(matches("https://log.example.com:443/report", "https://log.example.com/report"));
    CHECK(matches("https://log.example.com:443/report", "https://log.example.com:443/report"));
    CHECK(matches("wss://rt.test:443/s", "wss://rt.test/s"));
    CHECK(matches("http://log.test:80/r", "http://log.test/r"));
    CHECK(matches("ws://rt.test:80/s", "ws://rt.test/s"));
    CHECK(matches("https://log.test:0443/r", "https://log.test/r"));
    CHECK(matches("https://log.test:8443/r", "https://log.test:8443/r"));
    // A written port still pins the port.
    CHECK_FALSE(matches("https://log.example.com:443/report", "https://log.example.com:8443/report"));
    CHECK_FALSE(matches("http://log.test:443/r", "http://log.test/r"));
    CHECK_FALSE(matches("https://log.test:80/r", "https://log.test/r"));
    CHECK_FALSE(matches("https://log.test:8443/r", "https://log.test/r"));

    Engine engine = telemetry_engine(rps::test::manifest_with(R"("permissions": [)",
        R"("endpoints": [{ "match": "https://log.example.com:443/report", "purpose": "diagnostics" }], "permissions": [)"));
    CHECK(engine.match_endpoint("https://log.example.com/report", true) == 0);
}

TEST_CASE("a redacted URL never carries a user name or password; a URL that does not split is dropped") {
    Engine engine = consented_telemetry_engine(rps::test::manifest_with(R"("permissions": [)",
        R"("endpoints": [{ "match": "https://t.example.com/c", "purpose": "diagnostics", "format": "text" }], "permissions": [)"));
    const std::string url = "https://alice%40corp.com:hunter2@t.example.com/c";
    REQUIRE(engine.match_endpoint(url, true) == 0);
    auto r = engine.redact_request(0, url, "", false, "fetch", 2);
    REQUIRE_FALSE(r.dropped);
    CHECK(r.url == "https://t.example.com/c");
    r = engine.redact_request(0, "https://bob:pw@t.example.com:8443/c?n=1", "", false, "fetch", 3);
    CHECK(r.url == "https://t.example.com:8443/c?n=1");

    for (const char* bad : {"t.example.com/c?token=abc", "https:///c", "://x/c"}) {
        INFO(bad);
        r = engine.redact_request(0, bad, "x", true, "fetch", 4);
        CHECK(r.dropped);
        CHECK(r.url.empty());
        CHECK(r.reason == "URL could not be split into origin, path and query: dropped");
    }
}

TEST_CASE("request decisions say when to omit credentials: declared endpoints in cookie-free mode") {
    Engine engine = telemetry_engine();  // cookieFree defaults to true
    CHECK(engine.decide_request(0).omit_credentials);
    REQUIRE(engine.set_consent({"diagnostics"}, rps::ConsentState::granted, "api", "en", 2).ok());
    CHECK(engine.decide_request(0).omit_credentials);

    Engine scan = telemetry_engine(with_unknown_endpoints("scan"));
    const auto undeclared = scan.decide_request(rps::kUnknownScan);
    CHECK(undeclared.send);
    CHECK_FALSE(undeclared.omit_credentials);  // may be the app's own request

    std::string manifest = with_unknown_endpoints("scan");
    const std::string on = R"("unknownEndpoints": "scan")";
    manifest.replace(manifest.find(on), on.size(), R"("unknownEndpoints": "scan", "cookieFree": false)");
    Engine off = telemetry_engine(manifest);
    CHECK_FALSE(off.decide_request(0).omit_credentials);
    CHECK_FALSE(off.decide_request(rps::kUnknownScan).omit_credentials);
    off.set_global_privacy_control(true);  // GPC switches cookie-free mode on
    CHECK(off.decide_request(0).omit_credentials);
    CHECK_FALSE(off.decide_request(rps::kUnknownScan).omit_credentials);
}
