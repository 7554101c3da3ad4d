#include <catch2/catch.hpp>

#include "core/manifest.hpp"
#include "fixtures.hpp"

using rps::parse_manifest;
using rps::test::kManifest;
using rps::test::manifest_with;

using rps::test::manifest_errors;

namespace {

}  // namespace

TEST_CASE("a valid manifest parses into purposes, SDKs and defaults") {
    const auto parsed = parse_manifest(kManifest);
    REQUIRE(parsed.errors.empty());
    const auto& m = parsed.manifest;
    CHECK(m.revision == "r1");
    CHECK(m.controller_name == "Test App");
    REQUIRE(m.purposes.size() == 3);
    CHECK(m.purposes[0].label[1] == std::make_pair(std::string("zh-CN"), std::string("通话")));
    REQUIRE(m.sdks.size() == 1);
    REQUIRE(m.sdks[0].permissions.size() == 3);
    CHECK(m.sdks[0].permissions[2].surface == rps::Surface::screen);
    CHECK(m.sdks[0].permissions[2].scoped);
    CHECK_FALSE(m.sdks[0].permissions[0].scoped);
    CHECK(m.defaults.cookie_free);
    CHECK(m.defaults.unknown_endpoints == "pass");
    CHECK(m.defaults.minor_age == 14);
    CHECK(m.defaults.ledger_size == 500);
}

TEST_CASE("defaults, endpoints, collects and storage are read") {
    const auto parsed = parse_manifest(manifest_with(R"("permissions": [)",
        R"("collects": [{ "item": "ip", "necessity": "required", "purpose": "diagnostics", "treatment": "hash" }],
           "endpoints": [{ "match": "https://*.log.example/report", "purpose": "diagnostics", "format": "ndjson",
                           "rules": ["**.ip:generalize"], "allowedKeys": ["event"] }],
           "storage": [{ "key": "vertc_*", "purpose": "call" }],
           "permissions": [)") .substr(0, std::string::npos) + "");
    REQUIRE(parsed.errors.empty());
    const auto& sdk = parsed.manifest.sdks[0];
    REQUIRE(sdk.collects.size() == 1);
    CHECK(sdk.collects[0].treatment == "hash");
    REQUIRE(sdk.endpoints.size() == 1);
    CHECK(sdk.endpoints[0].format == "ndjson");
    CHECK(sdk.endpoints[0].on_malformed == "drop");
    CHECK(sdk.endpoints[0].has_allowed_keys);
    CHECK(sdk.endpoints[0].rules == std::vector<std::string>{"**.ip:generalize"});
    CHECK(sdk.storage[0].key == "vertc_*");

    const auto with_defaults = parse_manifest(manifest_with(R"("sdks": [)",
        R"("defaults": { "cookieFree": false, "unknownEndpoints": "scan", "minorAge": 16, "ledgerSize": 32 }, "sdks": [)"));
    REQUIRE(with_defaults.errors.empty());
    CHECK_FALSE(with_defaults.manifest.defaults.cookie_free);
    CHECK(with_defaults.manifest.defaults.unknown_endpoints == "scan");
    CHECK(with_defaults.manifest.defaults.minor_age == 16);
    CHECK(with_defaults.manifest.defaults.ledger_size == 32);
}

TEST_CASE("malformed manifests are refused with the path and the reason") {
    struct Case { std::string text; std::string message; };
    const std::vector<Case> cases = {
        {"", "$: empty manifest"},
        {"  \n\t", "$: empty manifest"},
        {"[]", "$: expected an object"},
        {"{\"revision\": \"r1\",", "$: invalid JSON at byte 18: syntax error while parsing object key - unexpected end of input; expected string literal"},
        {manifest_with(R"("surface": "camera")", R"("surface": "camra")"),
         R"(sdks[0].permissions[0].surface: unknown surface "camra" (known: camera, microphone, screen, devices, location, clipboard, notifications, sensors))"},
        {manifest_with(R"("revision": "r1",)", ""), "revision: missing required field"},
        {manifest_with(R"("revision": "r1")", R"("revision": 7)"), "revision: expected a string"},
        {manifest_with(R"("revision": "r1")", R"("revision": "")"), "revision: must not be empty"},
        {manifest_with(R"({ "surface": "microphone", "purpose": "call" })", R"({ "surface": "microphone", "purpose": "cal" })"),
         R"(sdks[0].permissions[1].purpose: unknown purpose "cal")"},
        {manifest_with(R"({ "id": "share")", R"({ "id": "call")"), R"(purposes[1].id: duplicate purpose "call")"},
        {manifest_with(R"("controller": { "name": "Test App" })", R"("controller": { "name": "Test App", "nmae": "x" })"),
         R"(controller.nmae: unknown key "nmae")"},
        {manifest_with(R"("provider": "Volcengine",)", R"("provider": "Volcengine", "provider": "again",)"),
         R"(sdks[0]: duplicate key "provider")"},
        {manifest_with(R"("scoped": true)", R"("scoped": "yes")"), "sdks[0].permissions[2].scoped: expected true or false"},
        {manifest_with(R"("sdks": [)", R"("defaults": { "unknownEndpoints": "allow" }, "sdks": [)"),
         R"(defaults.unknownEndpoints: expected one of "pass", "scan", "drop", got "allow")"},
        {manifest_with(R"("sdks": [)", R"("defaults": { "minorAge": 40 }, "sdks": [)"),
         "defaults.minorAge: expected a whole number from 1 to 21"},
        {manifest_with(R"("sdks": [)", R"("defaults": { "ledgerSize": 2.5 }, "sdks": [)"),
         "defaults.ledgerSize: expected a whole number from 16 to 10000"},
        {manifest_with(R"("id": "vertc")", R"("id": "ve rtc")"),
         "sdks[0].id: expected an identifier of 1 to 64 characters from A-Z a-z 0-9 _ - ."},
        {manifest_with(R"({ "en": "Diagnostics" })", "{}"),
         R"(purposes[2].label: expected an object of locale to text, like {"en": "Calls"})"},
        {manifest_with(R"("permissions": [)", R"("endpoints": [{ "match": "ftp://x", "purpose": "call" }], "permissions": [)"),
         "sdks[0].endpoints[0].match: expected a URL pattern starting with https://, http://, wss:// or ws://"},
        {manifest_with(R"("permissions": [)", R"("collects": [{ "item": "soul", "necessity": "required", "purpose": "call" }], "permissions": [)"),
         R"(sdks[0].collects[0].item: expected one of "userAgent", "os", "browser", "deviceBrand", "deviceModel", "screen", "devicePixelRatio", "hardwareConcurrency", "deviceMemory", "networkType", "battery", "gpu", "storageEstimate", "canvas", "ip", "location", "deviceId", "userId", "logs", "stats", "crashReports", got "soul")"},
        {manifest_with(R"("purposes": [)", R"("purposes": 3, "x": [)"), "purposes: expected an array"},
        {manifest_with(R"("controller": { "name": "Test App" })", R"("controller": { "name": "Test App", "": 1 })"),
         R"(controller[""]: unknown key "")"},
        {manifest_with(R"("revision": "r1",)", R"("revision": "r1", "": 1, "a.b": 2,)"), R"([""]: unknown key "")"},
        {manifest_with(R"("revision": "r1",)", R"("revision": "r1", "a.b": 2,)"), R"(["a.b"]: unknown key "a.b")"},
    };
    for (const auto& c : cases) {
        INFO("manifest: " << c.text);
        const auto errors = manifest_errors(c.text);
        REQUIRE_FALSE(errors.empty());
        CHECK_THAT(errors, Catch::Matchers::VectorContains(c.message));
    }
}

TEST_CASE("every error is reported, not only the first") {
    const auto errors = manifest_errors(manifest_with(R"("surface": "camera", "purpose": "call")", R"("surface": "camra", "purpose": "cal")"));
    CHECK(errors == std::vector<std::string>{
        R"(sdks[0].permissions[0].surface: unknown surface "camra" (known: camera, microphone, screen, devices, location, clipboard, notifications, sensors))",
        R"(sdks[0].permissions[0].purpose: unknown purpose "cal")"});
}

TEST_CASE("size, depth and encoding limits") {
    CHECK(manifest_errors(std::string(rps::kMaxManifestBytes + 1, ' ')).front() == "$: manifest larger than 1048576 bytes");
    std::string deep = std::string(40, '[') + std::string(40, ']');
    CHECK(manifest_errors(deep).front() == "[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nesting deeper than 32 levels");
    // 100,000 levels: refused at level 32 without recursing through the rest.
    std::string very_deep = "{\"a\":" + std::string(100000, '[');
    CHECK(manifest_errors(very_deep).front() == "a[0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0][0]: nesting deeper than 32 levels");
    const auto invalid_utf8 = manifest_errors(manifest_with("Test App", "Test \xC3\x28 App"));
    REQUIRE_FALSE(invalid_utf8.empty());
    CHECK(invalid_utf8.front().rfind("$: invalid JSON at byte ", 0) == 0);
    // A NUL after a complete document must not end the input early (nlohmann's lexer would).
    const auto trailing_nul = manifest_errors(kManifest + std::string("\0{\"junk\": true}", 16));
    REQUIRE_FALSE(trailing_nul.empty());
    CHECK(trailing_nul.front() == "$: invalid JSON at byte " + std::to_string(kManifest.size()) + ": a NUL byte");
    const auto nul = manifest_errors(std::string("{\"revision\":\"a\0b\"}", 19));
    REQUIRE_FALSE(nul.empty());
    CHECK(nul.front() == "$: invalid JSON at byte 14: a NUL byte");
}

TEST_CASE("storage keys: '*' only at the end, never empty") {
    const auto storage = [](const std::string& keys) {
        return manifest_errors(manifest_with(R"("permissions": [)", R"("storage": [)" + keys + R"(], "permissions": [)"));
    };
    CHECK(storage(R"({ "key": "vertc_*", "purpose": "call" }, { "key": "*", "purpose": "call" })").empty());
    CHECK(storage(R"({ "key": "ok", "purpose": "call" }, { "key": "*_id", "purpose": "call" })") ==
          std::vector<std::string>{"sdks[0].storage[1].key: '*' is allowed only at the end"});
    CHECK(storage(R"({ "key": "a*b", "purpose": "call" })") ==
          std::vector<std::string>{"sdks[0].storage[0].key: '*' is allowed only at the end"});
    CHECK(storage(R"({ "key": "a**", "purpose": "call" })") ==
          std::vector<std::string>{"sdks[0].storage[0].key: '*' is allowed only at the end"});
    CHECK(storage(R"({ "key": "", "purpose": "call" })") ==
          std::vector<std::string>{"sdks[0].storage[0].key: must not be empty"});
}

TEST_CASE("errors come in the order the fields are read, special checks included") {
    // An endpoint: its match, the gate-only conflicts after "redact", the format, each bad rule,
    // the compiled allowedKeys, and unknown purposes last (checked once every purpose is known).
    const auto endpoint = manifest_errors(manifest_with(R"("permissions": [)",
        R"("endpoints": [{ "match": "ftp://x", "purpose": "nope", "redact": false, "format": "xml",
                           "rules": ["", 3], "allowedKeys": ["a:mask"] }], "permissions": [)"));
    const std::string conflict =
        R"( configures a redaction, but "redact": false passes the endpoint's traffic unread with consent: remove one of them)";
    CHECK(endpoint == std::vector<std::string>{
        "sdks[0].endpoints[0].match: expected a URL pattern starting with https://, http://, wss:// or ws://",
        R"(sdks[0].endpoints[0].format: "format")" + conflict,
        R"(sdks[0].endpoints[0].rules: "rules")" + conflict,
        R"(sdks[0].endpoints[0].allowedKeys: "allowedKeys")" + conflict,
        R"(sdks[0].endpoints[0].format: expected one of "json", "ndjson", "form", "query", "text", got "xml")",
        "sdks[0].endpoints[0].rules[0]: expected a non-empty string",
        "sdks[0].endpoints[0].rules[1]: expected a non-empty string",
        "sdks[0].endpoints[0].allowedKeys[0]: operators are not allowed in allowedKeys",
        R"(sdks[0].endpoints[0].purpose: unknown purpose "nope")"});
}

TEST_CASE("an error names the element it is about: a bad rule after elements that are not strings is not misplaced") {
    const auto rules = [](const std::string& list) {
        return manifest_errors(manifest_with(R"("permissions": [)",
            R"("endpoints": [{ "match": "https://log.example.com/*", "purpose": "call", "rules": )" + list +
            R"( }], "permissions": [)"));
    };
    // Alone, the bad operator is named where it is.
    CHECK(rules(R"(["**.ip:explode"])") ==
          std::vector<std::string>{R"(sdks[0].endpoints[0].rules[0]: unknown operator "explode")"});
    // After two elements that are not strings it is the third element: never reported as rules[0].
    CHECK(rules(R"(["", 3, "**.ip:explode"])") ==
          std::vector<std::string>{"sdks[0].endpoints[0].rules[0]: expected a non-empty string",
                                   "sdks[0].endpoints[0].rules[1]: expected a non-empty string"});
}

TEST_CASE("duplicate SDKs, array elements that are not objects, and text length limits") {
    // A third SDK with the same id: one error for it, not one per SDK before it.
    const std::string sdk = R"({ "id": "vertc", "name": "A", "provider": "P" }, )";
    CHECK(manifest_errors(manifest_with(R"("sdks": [{)", R"("sdks": [)" + sdk + sdk + "{")) ==
          std::vector<std::string>{R"(sdks[1].id: duplicate SDK "vertc")", R"(sdks[2].id: duplicate SDK "vertc")"});
    CHECK(manifest_errors(manifest_with(R"("sdks": [{)", R"("sdks": [{ "id": "vertc", "name": "A", "provider": "P" }, 7, {)")) ==
          std::vector<std::string>{"sdks[1]: expected an object", R"(sdks[2].id: duplicate SDK "vertc")"});
    CHECK(manifest_errors(manifest_with(R"("revision": "r1")", R"("revision": ")" + std::string(129, 'r') + "\"")) ==
          std::vector<std::string>{"revision: longer than 128 characters"});
    CHECK(manifest_errors(manifest_with(R"({ "en": "Calls", "zh-CN": "通话" })", R"({ "en": "", "fr": 3 })")) ==
          std::vector<std::string>{"purposes[0].label.en: expected a non-empty string",
                                   "purposes[0].label.fr: expected a non-empty string"});
    CHECK(manifest_errors(manifest_with(R"("permissions": [)",
              R"("switches": [{ "global": ")" + std::string(65, 'G') + R"(", "call": "c", "purpose": "call" }],
                 "injectedScripts": [{ "selector": "script#)" + std::string(251, 'a') + R"(", "purpose": "call" }],
                 "permissions": [)")) ==
          std::vector<std::string>{"sdks[0].switches[0].global: longer than 64 characters",
                                   "sdks[0].injectedScripts[0].selector: longer than 256 characters"});
}
