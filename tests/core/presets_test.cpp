// The shipped presets (presets/*.json) load in the engine, and the JSON Schema
// (schema/manifest.schema.json) says what the manifest reader accepts: the same keys, the
// same required fields, the same enums and ranges. A change to one without the other fails here.
#include <catch2/catch.hpp>

#include <algorithm>
#include <dirent.h>
#include <fstream>
#include <regex>
#include <set>
#include <sstream>

#include <nlohmann/json.hpp>

#include "core/json_in.hpp"
#include "core/manifest.hpp"
#include "core/script_gate.hpp"

#ifndef RPS_SOURCE_DIR
#error "RPS_SOURCE_DIR must name the repository (CMakeLists.txt sets it for core_tests)"
#endif

// The test edits and walks documents (schema, presets): nlohmann, the tests' reference reader.
using Json = nlohmann::ordered_json;

namespace {

std::string slurp(const std::string& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream out;
    out << in.rdbuf();
    return out.str();
}

Json read_file(const std::string& path) {
    const std::string text = slurp(path);
    const rps::JsonRead r = rps::read_json(text, 64);
    INFO(path << ": " << r.error_path << " " << r.error);
    REQUIRE(r.ok());
    Json doc = Json::parse(text, nullptr, false);
    REQUIRE(!doc.is_discarded());
    return doc;
}

std::vector<std::string> preset_files() {
    std::vector<std::string> out;
    const std::string dir = std::string(RPS_SOURCE_DIR) + "/presets";
    DIR* d = opendir(dir.c_str());
    REQUIRE(d != nullptr);
    while (const dirent* e = readdir(d)) {
        const std::string name = e->d_name;
        if (name.size() > 5 && name.compare(name.size() - 5, 5, ".json") == 0) out.push_back(dir + "/" + name);
    }
    closedir(d);
    std::sort(out.begin(), out.end());
    return out;
}

std::vector<std::string> errors_of(const Json& manifest) {
    std::vector<std::string> out;
    for (const auto& e : rps::parse_manifest(manifest.dump()).errors) out.push_back(e.message());
    return out;
}

// A minimal manifest around preset fragments: their purposes (once each) and SDK entries.
Json manifest_of(const std::vector<Json>& fragments) {
    Json m = Json::object();
    m["revision"] = "r1";
    m["controller"] = {{"name", "Test App"}};
    m["purposes"] = Json::array();
    m["sdks"] = Json::array();
    std::set<std::string> ids;
    for (const Json& f : fragments) {
        for (const Json& p : f["purposes"])
            if (ids.insert(p["id"].get<std::string>()).second) m["purposes"].push_back(p);
        for (const Json& s : f["sdks"]) m["sdks"].push_back(s);
    }
    return m;
}

// Every key the reader accepts, each object at a known place.
const char* const kFullManifest = R"({
  "$schema": "https://unpkg.com/rtc-privacy-shim/schema/manifest.schema.json",
  "revision": "r1",
  "controller": { "name": "Test App", "policyUrl": "https://example.com/privacy" },
  "purposes": [ { "id": "call", "label": { "en": "Calls" }, "description": { "en": "Calls" }, "necessity": "required" } ],
  "sdks": [ {
    "id": "vertc", "name": "veRTC", "provider": "Volcengine", "policyUrl": "https://example.com/sdk",
    "collects": [ { "item": "ip", "necessity": "required", "purpose": "call", "treatment": "generalize" } ],
    "permissions": [ { "surface": "location", "purpose": "call", "scoped": false, "precision": "coarse" } ],
    "endpoints": [ { "match": "https://*.example.com/log*", "purpose": "call", "redact": true, "format": "json",
                     "rules": ["**.ip:generalize"], "allowedKeys": ["event"], "onMalformed": "drop", "binary": "drop" } ],
    "storage": [ { "key": "vertc_*", "purpose": "call" } ],
    "switches": [ { "global": "VERTC", "call": "setParameter", "args": ["GPU_URL", "unknown"], "purpose": "call", "when": "notGranted" } ],
    "injectedScripts": [ { "selector": "script#dy", "purpose": "call" } ]
  } ],
  "defaults": { "cookieFree": true, "unknownEndpoints": "pass", "minorAge": 14, "askAge": false, "ledgerSize": 500,
                "webrtc": { "hideLocalAddresses": true, "relayOnly": false } },
  "bridges": { "googleConsentMode": { "ad_storage": [], "ad_user_data": [], "ad_personalization": [], "analytics_storage": ["call"],
                                      "functionality_storage": ["call"], "personalization_storage": [], "security_storage": ["call"] },
               "globalPrivacyControl": { "deny": ["call"] } }
})";

// Where each object the schema describes sits in kFullManifest, and its schema.
struct Place {
    std::string name;
    Json::json_pointer at;
    Json schema;
};

Json resolve(const Json& root, const Json& node) {
    if (node.contains("$ref")) {
        const std::string ref = node["$ref"].get<std::string>();  // "#/$defs/x"
        return root.at(Json::json_pointer(ref.substr(1)));
    }
    return node;
}

std::vector<Place> places(const Json& schema) {
    const Json& defs = schema["$defs"];
    return {
        {"manifest", Json::json_pointer(""), schema},
        {"controller", Json::json_pointer("/controller"), defs["controller"]},
        {"purpose", Json::json_pointer("/purposes/0"), defs["purpose"]},
        {"sdk", Json::json_pointer("/sdks/0"), defs["sdk"]},
        {"collect", Json::json_pointer("/sdks/0/collects/0"), defs["collect"]},
        {"permission", Json::json_pointer("/sdks/0/permissions/0"), defs["permission"]},
        {"endpoint", Json::json_pointer("/sdks/0/endpoints/0"), defs["endpoint"]},
        {"storageKey", Json::json_pointer("/sdks/0/storage/0"), defs["storageKey"]},
        {"switch", Json::json_pointer("/sdks/0/switches/0"), defs["switch"]},
        {"injectedScript", Json::json_pointer("/sdks/0/injectedScripts/0"), defs["injectedScript"]},
        {"defaults", Json::json_pointer("/defaults"), defs["defaults"]},
        {"webrtc", Json::json_pointer("/defaults/webrtc"), defs["defaults"]["properties"]["webrtc"]},
        {"bridges", Json::json_pointer("/bridges"), defs["bridges"]},
        {"googleConsentMode", Json::json_pointer("/bridges/googleConsentMode"), defs["bridges"]["properties"]["googleConsentMode"]},
        {"globalPrivacyControl", Json::json_pointer("/bridges/globalPrivacyControl"), defs["bridges"]["properties"]["globalPrivacyControl"]},
    };
}

// The values a refusal names: `expected one of "a", "b", got "x"` or `(known: a, b)`.
std::set<std::string> accepted_in(const std::string& error) {
    std::set<std::string> out;
    const auto one_of = error.find("expected one of ");
    if (one_of != std::string::npos) {
        const std::string list = error.substr(one_of, error.find(", got ") - one_of);
        for (std::size_t at = list.find('"'); at != std::string::npos; at = list.find('"', list.find('"', at + 1) + 1))
            out.insert(list.substr(at + 1, list.find('"', at + 1) - at - 1));
        return out;
    }
    const auto known = error.find("(known: ");
    if (known == std::string::npos) return out;
    std::string list = error.substr(known + 8, error.find(')', known) - known - 8) + ",";
    for (std::size_t start = 0, comma; (comma = list.find(',', start)) != std::string::npos; start = comma + 2)
        out.insert(list.substr(start, comma - start));
    return out;
}

Json full_manifest() {
    REQUIRE(rps::read_json(kFullManifest, 32).ok());
    return Json::parse(kFullManifest);
}

Json schema() { return read_file(std::string(RPS_SOURCE_DIR) + "/schema/manifest.schema.json"); }

}  // namespace

TEST_CASE("presets: every presets/*.json loads in the engine, alone and all together") {
    const auto files = preset_files();
    REQUIRE(files.size() >= 4);
    std::vector<Json> fragments;
    for (const std::string& file : files) {
        const Json fragment = read_file(file);
        INFO(file);
        REQUIRE(fragment.contains("sdks"));
        REQUIRE(fragment["sdks"].size() == 1);
        // The file is named after the SDK id the helper looks it up by.
        const std::string id = fragment["sdks"][0]["id"].get<std::string>();
        CHECK(file.substr(file.rfind('/') + 1) == id + ".json");
        CHECK(errors_of(manifest_of({fragment})).empty());
        fragments.push_back(fragment);
    }
    CHECK(errors_of(manifest_of(fragments)).empty());
}

TEST_CASE("presets: a broken preset is reported, not loaded (the check above can fail)") {
    Json fragment = read_file(std::string(RPS_SOURCE_DIR) + "/presets/vertc.json");
    fragment["sdks"][0]["endpoints"][0]["rules"].push_back("data[*].user_id:mask2");
    const auto errors = errors_of(manifest_of({fragment}));
    REQUIRE(errors.size() == 1);
    CHECK(errors[0].find("unknown operator") != std::string::npos);
}

TEST_CASE("schema: the full manifest of every key loads, and each schema object lists exactly its keys") {
    const Json s = schema();
    const Json full = full_manifest();
    REQUIRE(errors_of(full).empty());
    for (const Place& place : places(s)) {
        INFO(place.name);
        std::set<std::string> listed, present;
        for (auto it = place.schema["properties"].begin(); it != place.schema["properties"].end(); ++it) listed.insert(it.key());
        for (auto it = full.at(place.at).begin(); it != full.at(place.at).end(); ++it) present.insert(it.key());
        CHECK(listed == present);
        CHECK(place.schema["additionalProperties"] == false);

        // The reader refuses a key the schema does not list.
        Json bent = full;
        bent.at(place.at)["unknownKey"] = true;
        CHECK_FALSE(errors_of(bent).empty());
    }
}

TEST_CASE("schema: `required` is what the reader requires") {
    const Json s = schema();
    const Json full = full_manifest();
    for (const Place& place : places(s)) {
        std::set<std::string> required;
        if (place.schema.contains("required"))
            for (const Json& k : place.schema["required"]) required.insert(k.get<std::string>());
        for (auto it = full.at(place.at).begin(); it != full.at(place.at).end(); ++it) {
            Json bent = full;
            bent.at(place.at).erase(it.key());
            INFO(place.name << "." << it.key());
            // $schema, policyUrl and the like may go; a required field may not.
            CHECK(errors_of(bent).empty() == (required.count(it.key()) == 0));
        }
    }
}

TEST_CASE("schema: every enum value loads in the reader and a value outside it does not") {
    const Json s = schema();
    const Json full = full_manifest();
    std::size_t enums = 0;
    for (const Place& place : places(s)) {
        for (auto it = place.schema["properties"].begin(); it != place.schema["properties"].end(); ++it) {
            const Json property = resolve(s, it.value());
            if (!property.contains("enum")) continue;
            ++enums;
            Json base = full;
            // A precision is only for a location permission: testing other surfaces drops it.
            if (place.name == "permission" && it.key() == "surface") base.at(place.at).erase("precision");
            for (const Json& value : property["enum"]) {
                Json bent = base;
                bent.at(place.at)[it.key()] = value;
                INFO(place.name << "." << it.key() << " = " << value.dump());
                CHECK(errors_of(bent).empty());
            }
            Json bent = base;
            bent.at(place.at)[it.key()] = "notAValue";
            INFO(place.name << "." << it.key() << " = notAValue");
            const auto errors = errors_of(bent);
            REQUIRE(errors.size() == 1);
            // The reader's refusal lists what it accepts: the schema must list the same.
            std::set<std::string> listed;
            for (const Json& value : property["enum"]) listed.insert(value.get<std::string>());
            CHECK(accepted_in(errors[0]) == listed);
        }
    }
    // purpose necessity; collect item, necessity, treatment; surface, precision, format,
    // onMalformed, binary, unknownEndpoints; switch when
    CHECK(enums == 11);
}

TEST_CASE("schema: ranges, lengths and patterns agree with the reader at their edges") {
    const Json s = schema();
    const Json& defaults = s["$defs"]["defaults"]["properties"];
    const auto loads = [](const std::string& pointer, const Json& value) {
        Json bent = full_manifest();
        bent.at(Json::json_pointer(pointer)) = value;
        return errors_of(bent).empty();
    };
    for (const char* key : {"minorAge", "ledgerSize"}) {
        const long long low = defaults[key]["minimum"].get<long long>();
        const long long high = defaults[key]["maximum"].get<long long>();
        const std::string at = std::string("/defaults/") + key;
        INFO(key);
        CHECK(loads(at, low));
        CHECK(loads(at, high));
        CHECK_FALSE(loads(at, low - 1));
        CHECK_FALSE(loads(at, high + 1));
    }
    const std::size_t revision_max = s["properties"]["revision"]["maxLength"].get<std::size_t>();
    CHECK(loads("/revision", std::string(revision_max, 'r')));
    CHECK_FALSE(loads("/revision", std::string(revision_max + 1, 'r')));
    const std::size_t text_max = s["$defs"]["text"]["maxLength"].get<std::size_t>();
    CHECK(loads("/controller/name", std::string(text_max, 'n')));
    CHECK_FALSE(loads("/controller/name", std::string(text_max + 1, 'n')));
    CHECK_FALSE(loads("/controller/name", ""));
    // The identifier pattern's bounds: 64 characters of the set, not 65, nothing else.
    CHECK(s["$defs"]["identifier"]["pattern"] == "^[A-Za-z0-9_.-]{1,64}$");
    CHECK(loads("/sdks/0/id", std::string(64, 'a')));
    CHECK_FALSE(loads("/sdks/0/id", std::string(65, 'a')));
    CHECK(loads("/sdks/0/id", "a-b_c.D9"));
    CHECK_FALSE(loads("/sdks/0/id", "a b"));
    // A switch's global and call: a JavaScript name of up to 64 characters; at most 8 arguments.
    CHECK(s["$defs"]["jsName"]["pattern"] == "^[A-Za-z_$][A-Za-z0-9_$]{0,63}$");
    CHECK(loads("/sdks/0/switches/0/global", "$" + std::string(63, 'a')));
    CHECK_FALSE(loads("/sdks/0/switches/0/global", std::string(65, 'a')));
    CHECK_FALSE(loads("/sdks/0/switches/0/call", "9a"));
    CHECK_FALSE(loads("/sdks/0/switches/0/call", "a.b"));
    CHECK(s["$defs"]["switch"]["properties"]["args"]["maxItems"] == 8);
    CHECK(loads("/sdks/0/switches/0/args", Json::array({1, 2, 3, 4, 5, 6, 7, true})));
    CHECK_FALSE(loads("/sdks/0/switches/0/args", Json::array({1, 2, 3, 4, 5, 6, 7, 8, 9})));
    CHECK_FALSE(loads("/purposes", Json::array()));  // minItems 1
    CHECK(s["properties"]["purposes"]["minItems"] == 1);
}

TEST_CASE("schema: the injected script selector pattern accepts what the reader accepts") {
    const std::regex pattern(schema()["$defs"]["injectedScript"]["properties"]["selector"]["pattern"].get<std::string>());
    for (const char* selector : {"script#dy", "script.x-1", "script[data-sdk]", "script[id=\"dy\"]", "script#-a", "script#_1",
                                 "script#1a", "script[2x]", "script#-1", "script.-", "script#--x", "script", "script#",
                                 "script[id=\"d\\\"y\"]", "script#dy[data-a=\"b c\"].k", "div#dy"}) {
        INFO(selector);
        CHECK(std::regex_match(selector, pattern) == rps::script_selector_problem(selector).empty());
    }
}
