// JSON documents held in string values (veRTC's message, ZEGO's s, Agora's payloads[*]):
// the redactor walks them like the outer document, up to four strings deep, and writes them
// back escaped, copying what it did not change as it was written.
#include <catch2/catch.hpp>

#include "core/json_out.hpp"

#include <fstream>
#include <sstream>
#include <string>
#include <vector>

#include "core/json_in.hpp"
#include "core/redact/redactor.hpp"
#include "helpers.hpp"
#include "tokens.hpp"

using namespace rps::redact;
using namespace rps::redact::testing;

namespace {

// `text` as a JSON string literal, as the engine writes one.
std::string quoted(std::string_view text) {
    std::string out;
    rps::json_out::append_string(out, text);
    return out;
}

// {"m": <inner held in a string, `levels` times>}
std::string nest(std::string inner, int levels) {
    for (int k = 0; k < levels; ++k) inner = R"({"m":)" + quoted(inner) + "}";
    return inner;
}

bool valid_json(std::string_view text) { return rps::read_json(text, 512).ok(); }

}  // namespace

TEST_CASE("json in strings: detectors run inside, at each depth up to four") {
    // The version key tells a version from an address only when the inner member is read as
    // a member: scanned as text, the dotted quad would be an IPv4 address.
    const std::string inner = R"({"sdkVersion":"4.68.4.1","peer":"10.1.2.3","n":13800138000})";
    const std::string redacted = R"({"sdkVersion":"4.68.4.1","peer":"[IPV4]","n":"[PHONE]"})";
    for (int levels = 1; levels <= 4; ++levels) {
        INFO("levels " << levels);
        const std::string out = json(nest(inner, levels));
        CHECK(out == nest(redacted, levels));
        CHECK(valid_json(out));
    }
    // A fifth string is scanned as text: its version reads as an address.
    const std::string deep = json(nest(inner, 5));
    CHECK(deep.find("4.68.4.1") == std::string::npos);
    CHECK(deep.find("10.1.2.3") == std::string::npos);
    CHECK(valid_json(deep));
}

TEST_CASE("json in strings: what is not changed stays as written") {
    // Escaped quotes, \u escapes, raw UTF-8, an escaped slash, U+2028 escaped and raw,
    // spacing and newlines: only the address changes.
    const std::string body =
        R"({"m":"{ \"q\": \"say \\\"hi\\\"\",\n \"u\": \"\u00e9\\u00e9é\", \"s\": \"a\/b\", )"
        R"(\"ls\": \"x\u2028y\\u2028z)" "\xE2\x80\xA8" R"(\", \"version\": \"4.68.4.1\", \"ip\": \"10.1.2.3\" }","k":1})";
    const std::string expected =
        R"({"m":"{ \"q\": \"say \\\"hi\\\"\",\n \"u\": \"\u00e9\\u00e9é\", \"s\": \"a\/b\", )"
        R"(\"ls\": \"x\u2028y\\u2028z)" "\xE2\x80\xA8" R"(\", \"version\": \"4.68.4.1\", \"ip\": \"[IPV4]\" }","k":1})";
    REQUIRE(valid_json(body));
    const RedactResult r = run(body, Format::json);
    CHECK(r.body == expected);
    CHECK(valid_json(r.body));
    // New text that needs escaping (a mask keeping a quote) is escaped twice over.
    CHECK(json(R"({"m":"{\"x\":\"ab\\\"cd\"}"})", {"m<json>.x:mask(4)"}) == R"({"m":"{\"x\":\"*b\\\"cd\"}"})");
    // Nothing to change: the whole body is one copy of the input.
    const std::string clean = R"({"m":"{\"a\":\"\u00e9\",\"b\":[1,2]}"})";
    const RedactResult same = run(clean, Format::json);
    CHECK(same.body == clean);
    REQUIRE(same.copies.size() == 1);
    CHECK(same.copies[0].length == clean.size());
}

TEST_CASE("json in strings: a string that is not one JSON document stays a string") {
    for (std::string_view body : {R"({"m":"{not json 10.1.2.3"})", R"({"m":"[10.1.2.3 is down]"})",
                                  R"({"m":"{\"a\":1} 10.1.2.3"})", R"({"m":"{\"a\":\"10.1.2.3\""})"}) {
        INFO(body);
        const std::string out = json(body);
        CHECK(out.find("10.1.2.3") == std::string::npos);
        CHECK(out.find("[IPV4]") != std::string::npos);
    }
    // Strings that do not open with '{' or '[' are never parsed.
    CHECK(json(R"({"m":"x{\"sdkVersion\":\"4.68.4.1\"}"})") == R"({"m":"x{\"sdkVersion\":\"[IPV4]\"}"})");
    CHECK(json(R"({"m":"[REDACTED]","n":"[]"})") == R"({"m":"[REDACTED]","n":"[]"})");
    // Leading spaces and escaped newlines before the bracket are fine.
    CHECK(json(R"({"m":" \n{\"sdkVersion\":\"4.68.4.1\",\"ip\":\"10.1.2.3\"}"})") ==
          R"({"m":" \n{\"sdkVersion\":\"4.68.4.1\",\"ip\":\"[IPV4]\"}"})");
}

TEST_CASE("json in strings: <json> rules reach members inside") {
    const std::string body = R"({"data":[{"user_id":"u1","message":"{\"token\":\"abc\",\"userId\":\"u1\",\"event\":\"join\"}"},)"
                             R"({"user_id":"u2","message":"plain text"}]})";
    const RedactResult r = run(body, Format::json,
                               policy_with({"data[*].user_id:hash", "data[*].message<json>.token:remove",
                                            "data[*].message<json>.userId:hash"}));
    CHECK(r.body == R"({"data":[{"user_id":")" + hash_of("u1") + R"(","message":"{\"userId\":\")" + hash_of("u1") +
                        R"(\",\"event\":\"join\"}"},{"user_id":")" + hash_of("u2") + R"(","message":"plain text"}]})");
    CHECK(count_of(r, "rule:data[*].message<json>.token") == 1);
    CHECK(count_of(r, "rule:data[*].message<json>.userId") == 1);
    // Without "<json>" the same path names nothing inside the string; "*" and "**" stop at it.
    CHECK(json(body, {"data[*].message.event:remove", "data[*].*.event:remove"}) == json(body));
    CHECK(json(R"({"m":"{\"userId\":\"u1\"}","userId":"u2"})", {"**.userId:hash"}) ==
          R"({"m":"{\"userId\":\"u1\"}","userId":")" + hash_of("u2") + R"("})");
    CHECK(json(R"({"m":"{\"userId\":\"u1\"}"})", {"**<json>.userId:hash"}) ==
          R"({"m":"{\"userId\":\")" + hash_of("u1") + R"(\"}"})");
    // Arrays inside, strings inside strings, and a rule on the string itself winning.
    CHECK(json(R"({"p":["{\"a\":[{\"uid\":\"x\"}]}"]})", {"p[*]<json>.a[*].uid"}) ==
          R"({"p":["{\"a\":[{\"uid\":\"[REDACTED]\"}]}"]})");
    CHECK(json(R"({"s":"{\"t\":\"{\\\"id\\\":\\\"x\\\"}\"}"})", {"s<json>.t<json>.id:remove"}) ==
          R"({"s":"{\"t\":\"{}\"}"})");
    CHECK(json(R"({"m":"{\"a\":1}"})", {"m:replace", "m<json>.a:remove"}) == R"({"m":"[REDACTED]"})");
}

TEST_CASE("json in strings: allowedKeys can list members inside") {
    const std::vector<std::string> allowed = {"m<json>.event", "k"};
    const Policy p = policy_with({}, &allowed);
    CHECK(run(R"({"m":"{\"event\":\"join\",\"uid\":\"u1\"}","k":1,"x":2})", Format::json, p).body ==
          R"({"m":"{\"event\":\"join\"}","k":1})");
    // Not JSON: nothing in it can be the listed member, so the string goes.
    CHECK(run(R"({"m":"uid u1","k":1})", Format::json, p).body == R"({"k":1})");
    // A listed string keeps everything inside.
    const std::vector<std::string> whole = {"m"};
    CHECK(run(R"({"m":"{\"event\":\"join\",\"ip\":\"10.1.2.3\"}"})", Format::json, policy_with({}, &whole)).body ==
          R"({"m":"{\"event\":\"join\",\"ip\":\"[IPV4]\"}"})");
}

TEST_CASE("json in strings: a veRTC log batch keeps its diagnostics, loses token, ids and labels") {
    const std::string token = vertc_token("proberoom7305", "probeuser4821");
    // joinRoom's arguments as veRTC's rtc_sdk_api_call reports them: JSON.stringify([token,
    // roomId, userInfo, roomConfig]); enumerateDevices' answer as rtc_sdk_callback does.
    const std::string join_args = "[\"" + token + R"(","proberoom7305",{"userId":"probeuser4821","extraInfo":""},)"
                                  R"({"isAutoPublish":true,"isAutoSubscribeAudio":true}])";
    const std::string devices = R"([[{"deviceId":"d41f0c5ee2a7b1e4a3f6c2d9e8b7a6f5c4d3e2f1a0b9c8d7e6f5a4b3c2d1e0f9",)"
                                R"x("kind":"videoinput","label":"Integrated Camera (04f2:b6d9)","groupId":"g7"}]])x";
    const std::string body = R"({"header":{"device_id":"7423156089123456","os":"Linux"},"data":[)"
                             R"({"event_key":"rtc_sdk_api_call","sdk_api_name":"joinRoom","user_id":"probeuser4821",)"
                             R"("message":)" + quoted(join_args) + R"(},)"
                             R"({"event_key":"rtc_sdk_callback","sdk_callback_name":"enumerateDevices",)"
                             R"("message":)" + quoted(devices) + R"(}]})";
    REQUIRE(valid_json(body));
    const std::vector<std::string> rules = {
        "header.device_id:hash", "data[*].user_id:hash", "data[*].message<json>[*].userId:hash",
        "data[*].message<json>[*][*].deviceId:remove", "data[*].message<json>[*][*].groupId:remove",
        "data[*].message<json>[*][*].label:remove"};
    const RedactResult r = run(body, Format::json, policy_with(rules));
    CHECK(valid_json(r.body));
    CHECK(r.body.find(token) == std::string::npos);
    CHECK(r.body.find("probeuser4821") == std::string::npos);
    CHECK(r.body.find("Integrated Camera") == std::string::npos);
    CHECK(r.body.find("d41f0c5e") == std::string::npos);
    // What diagnoses a call stays: the API, the room config, the device kind.
    CHECK(r.body.find(R"(\"isAutoPublish\":true)") != std::string::npos);
    CHECK(r.body.find(R"(\"kind\":\"videoinput\")") != std::string::npos);
    CHECK(r.body.find(R"("sdk_api_name":"joinRoom")") != std::string::npos);
    CHECK(r.body.find(R"(\"userId\":\")" + hash_of("probeuser4821") + R"(\")") != std::string::npos);
    CHECK(count_of(r, "rtc_token") == 1);
    CHECK(count_of(r, "rule:data[*].message<json>[*].userId") == 1);
    CHECK(count_of(r, "rule:data[*].message<json>[*][*].label") == 1);
}

namespace {

// The rules of a preset's first endpoint (presets/<id>.json).
std::vector<std::string> preset_rules(const std::string& id) {
    std::ifstream in(std::string(RPS_SOURCE_DIR) + "/presets/" + id + ".json");
    std::stringstream text;
    text << in.rdbuf();
    const rps::JsonRead read = rps::read_json(text.str(), 32);
    REQUIRE(read.ok());
    std::vector<std::string> rules;
    for (const rps::Json& r : read.value.find("sdks")->items()[0].find("endpoints")->items()[0].find("rules")->items())
        rules.push_back(r.str());
    return rules;
}

}  // namespace

TEST_CASE("json in strings: the Agora and ZEGO presets hash ids inside and keep the events") {
    // Agora's events: payloads[*] are JSON strings, and extend inside them is JSON again.
    const std::string session = R"({"type":"Session","data":{"sid":"s1","cname":"proberoom7305","stringUid":"probeuser4821",)"
                                R"("uid":0,"installId":"f0e1d2c3b4a5968778695a4b3c2d1e0f","eventType":"join",)"
                                R"("extend":"{\"string_uid\":\"probeuser4821\",\"areas\":\"GLOBAL\"}"}})";
    const std::string agora = R"({"msgType":"EventMessages","payloads":[)" + quoted(session) + "]}";
    const RedactResult a = run(agora, Format::json, policy_with(preset_rules("agora")));
    CHECK(valid_json(a.body));
    CHECK(a.body.find("probeuser4821") == std::string::npos);
    CHECK(a.body.find("proberoom7305") == std::string::npos);
    CHECK(a.body.find("f0e1d2c3b4a5968778695a4b3c2d1e0f") == std::string::npos);
    CHECK(a.body.find(R"(\"eventType\":\"join\")") != std::string::npos);
    CHECK(a.body.find(R"(\\\"areas\\\":\\\"GLOBAL\\\")") != std::string::npos);
    CHECK(count_of(a, "rule:payloads[*]<json>.**.extend<json>.**.string_uid") == 1);

    // ZEGO's tlog frames: s is JSON with the device list and the user.
    const std::string s = R"({"process":{"appid":1739428561,"device_id":"9b2c4d6e-1f3a-4b5c-8d7e-0a1b2c3d4e5f"},)"
                          R"("speed_detail":[{"name":"/device/list","tags":{"id_name":"probeuser4821","room_id":"proberoom7305",)"
                          R"("dev_list":[{"type":"camera","device":"d41f0c5e","device_name":"Integrated Camera"}],"ntype":"wifi"}}]})";
    const std::string zego = R"({"message_id":7,"product":"rtc","s":)" + quoted(s) + "}";
    const RedactResult z = run(zego, Format::json, policy_with(preset_rules("zego-express")));
    CHECK(valid_json(z.body));
    for (std::string_view gone : {"probeuser4821", "proberoom7305", "d41f0c5e", "Integrated Camera", "9b2c4d6e"}) {
        INFO(gone);
        CHECK(z.body.find(gone) == std::string::npos);
    }
    CHECK(z.body.find(R"(\"type\":\"camera\")") != std::string::npos);
    CHECK(z.body.find(R"(\"ntype\":\"wifi\")") != std::string::npos);
}

TEST_CASE("json in strings: member names and number lists inside are scanned as a plain string is") {
    // The inner walk reads neither names nor short numbers; a plain string's text scan does.
    const std::string names = json(nest(R"({"alice@x.com":1})", 1));
    CHECK(names == nest(R"({"[EMAIL]":1})", 1));
    CHECK(valid_json(names));
    const std::string coordinates = json(nest("[39.9042,116.4074]", 1));
    CHECK(coordinates.find("39.9042") == std::string::npos);
    CHECK(coordinates == R"({"m":"[[GEO]]"})");
}
