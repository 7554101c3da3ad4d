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

Engine telemetry_engine() {
    Engine engine;
    REQUIRE(engine.load(kTelemetryManifest, 1).empty());
    std::array<std::uint8_t, 32> key{};
    key[0] = 7;
    engine.set_session_key(key);
    return engine;
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

TEST_CASE("a redacted request: URL path and query, body by the endpoint's rules and the SDK's collects") {
    Engine engine = telemetry_engine();
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
    Engine engine = telemetry_engine();
    const auto r = engine.redact_request(1, "https://stats.rtc.test/q?event=join&uid=42&device=abc", "", false, "image", 1);
    CHECK(r.url == "https://stats.rtc.test/q?event=join");
}

TEST_CASE("a body the endpoint cannot parse is dropped, not sent raw") {
    Engine engine = telemetry_engine();
    const auto r = engine.redact_request(0, "https://a.log.rtc.test/report", "{\"email\": \"a@b.co\"", true, "xhr", 1);
    CHECK(r.dropped);
    CHECK(r.body.empty());
    CHECK(engine.ledger().entries().back().action == "drop");
}

TEST_CASE("without a session key, redaction drops") {
    Engine engine;
    REQUIRE(engine.load(kTelemetryManifest, 1).empty());
    CHECK(engine.redact_request(0, "https://a.log.rtc.test/report", "{}", true, "fetch", 1).dropped);
}

TEST_CASE("undeclared cross-origin requests are scanned only when the manifest says so, or when closed") {
    Engine scan;
    REQUIRE(scan.load(rps::test::manifest_with(R"("sdks": [)", R"("defaults": { "unknownEndpoints": "scan" }, "sdks": [)"), 1).empty());
    CHECK(scan.match_endpoint("https://cdn.other.test/x", true) == rps::kUnknownScan);
    CHECK(scan.match_endpoint("https://cdn.other.test/x", false) == rps::kNoEndpoint);
    Engine closed;
    CHECK(closed.match_endpoint("https://cdn.other.test/x", true) == rps::kUnknownScan);
    CHECK(closed.decide_request(rps::kUnknownScan).send);
}
