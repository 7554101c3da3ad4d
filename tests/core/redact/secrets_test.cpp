// Credentials never leave in a telemetry payload: RTC / IM access tokens (veRTC, Agora,
// ZEGO) and JWTs are found by their layout, with or without rules, and no rule or policy
// setting keeps any part of them.
#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/redact/detectors.hpp"
#include "core/redact/redactor.hpp"
#include "helpers.hpp"
#include "tokens.hpp"

using namespace rps::redact;
using namespace rps::redact::testing;

namespace {

// application/x-www-form-urlencoded, as URLSearchParams writes a token.
std::string form_encoded(std::string_view v) {
    std::string out;
    for (char c : v) {
        if (c == '+') out += "%2B";
        else if (c == '/') out += "%2F";
        else if (c == '=') out += "%3D";
        else out += c;
    }
    return out;
}

const std::string kJwt =
    "eyJhbGciOiJIUzI1NiIsInR5cCI6IkpXVCJ9.eyJzdWIiOiJ1XzEiLCJpYXQiOjE3MzIzNTAwMDB9.c2lnbmF0dXJlLWJ5dGVzLWhlcmU";

std::vector<std::string> all_tokens() {
    return {vertc_token(), vertc_token("a-much-longer-room-name-2024", "user_4821"), agora006_token(),
            agora007_token(), zego04_token()};
}

}  // namespace

TEST_CASE("rtc_token: each family is found whole, alone and in text") {
    for (const std::string& t : all_tokens()) {
        INFO(t);
        CHECK(scan(t) == "rtc_token:" + t);
        CHECK(scan("joinRoom(" + t + ", room-1)") == "rtc_token:" + t);
        CHECK(scan("[\"" + t + "\",\"room\"]") == "rtc_token:" + t);
        // Off, nothing else mistakes it for something it is not.
        CHECK(scan(t, {}, kAllDetectors & ~detector_bit(Detector::rtc_token)) == "");
    }
    // ZEGO's GCM form: a 12-byte nonce and a trailing mode byte.
    Bytes gcm = {0, 0, 0, 0, 0x67, 0x41, 0x2e, 0x30};
    put_be16(gcm, 12);
    put_noise(gcm, 12, 9);
    put_be16(gcm, 64);
    put_noise(gcm, 64, 10);
    gcm.push_back(1);
    CHECK(scan("04" + base64(gcm)) == "rtc_token:04" + base64(gcm));
}

TEST_CASE("rtc_token: look-alikes stay") {
    const std::string good = vertc_token();
    std::vector<std::string> lookalikes = {
        // Numbers and hex ids starting 001 / 006 / 04.
        "00123456789012345678901234567890123456789012345678901234567890123456789012345678901234567890",
        "0061a2b3c4d5e6f708192a3b4c5d6e7f8091a2b3c4d5e6f708192a3b4c5d6e7f8",
        "04000000000000000000000000000000000000000000000000000000000000000",
        // The right prefix and app id, then base64 that is not the layout.
        "0015f2d8e1a9b3c4d7e6f801a2b" + base64(Bytes(60, 0x41)),
        "0060a1b2c3d4e5f60718293a4b5c6d7e8f9" + base64(Bytes(60, 0x20)),
        "04AAAAA" + std::string(60, 'B'),
        "007eAAAA" + std::string(64, 'Q'),
        // A real token cut short, or glued to more base64url.
        good.substr(0, good.size() - 4),
        good + "-x",
        "x" + good,
        // Other base64 blobs.
        "U29tZSBvcmRpbmFyeSBiYXNlNjQgdGV4dCB0aGF0IGlzIG5vdCBhIHRva2VuIGF0IGFsbCwgbm90IGV2ZW4gY2xvc2U=",
        "04:30:00 session 0012 closed after 006 retries, 007 reconnects",
    };
    for (const std::string& v : lookalikes) {
        INFO(v);
        CHECK(scan(v, {}, detector_bit(Detector::rtc_token)) == "");
    }
}

TEST_CASE("secrets: removed from JSON, forms, queries and text without any rule") {
    for (const std::string& t : all_tokens()) {
        INFO(t);
        CHECK(json(R"({"cfg":")" + t + R"(","room":"r1"})") == R"({"cfg":"[TOKEN]","room":"r1"})");
        CHECK(json(R"({"args":[")" + t + R"(","r1"]})", {"other.path:hash"}) == R"({"args":["[TOKEN]","r1"]})");
        CHECK(run("tk=" + form_encoded(t) + "&room=r1", Format::form).body == "tk=%5BTOKEN%5D&room=r1");
        CHECK(run("wss://log.example.com/zglog/tlog?product=x&t=" + form_encoded(t) + "&id=1", Format::query).body ==
              "wss://log.example.com/zglog/tlog?product=x&t=%5BTOKEN%5D&id=1");
        CHECK(run("join token " + t + " ok", Format::text).body == "join token [TOKEN] ok");
        RedactResult r = run(R"({"a":")" + t + R"("})");
        CHECK(count_of(r, "rtc_token") == 1);
        // JSON writers that escape '/' (PHP, Android's org.json): found in the decoded text.
        std::string escaped;
        for (char c : t) escaped += c == '/' ? std::string("\\/") : std::string(1, c);
        CHECK(json(R"({"a":")" + escaped + R"("})") == R"({"a":"[TOKEN]"})");
    }
}

TEST_CASE("secrets: no rule keeps a credential") {
    for (const std::string& t : all_tokens()) {
        INFO(t);
        const std::string body = R"({"t":")" + t + R"(","j":")" + kJwt + R"(","n":"alice"})";
        // Masks and generalization could keep part of the value: the credential is replaced.
        CHECK(json(body, {"t:mask(64)", "j:mask(8)", "n:mask(2)"}) == R"({"t":"[TOKEN]","j":"[JWT]","n":"***ce"})");
        CHECK(json(body, {"t:generalize", "j:generalize"}) == R"({"t":"[TOKEN]","j":"[JWT]","n":"alice"})");
        CHECK(json(R"({"x":{"t":")" + t + R"("}})", {"x:generalize"}) == R"({"x":{"t":"[TOKEN]"}})");
        // A credential inside a longer masked value counts too.
        CHECK(json(R"({"log":"join with )" + t + R"("})", {"log:mask(64)"}) == R"({"log":"[TOKEN]"})");
        // Replace, remove and hash never show the value.
        CHECK(json(body, {"t:remove", "j:replace"}) == R"({"j":"[REDACTED]","n":"alice"})");
        CHECK(json(body, {"t:hash"}).find(t) == std::string::npos);
        CHECK(run("t=" + form_encoded(t), Format::form, policy_with({"t:mask(64)"})).body == "t=%5BTOKEN%5D");
    }
}

TEST_CASE("secrets: a policy cannot turn the credential detectors off or mask them") {
    Policy p;
    for (Detector d : {Detector::rtc_token, Detector::jwt, Detector::token_param, Detector::bearer}) {
        p.detectors[std::size_t(d)].enabled = false;
        p.detectors[std::size_t(d)].op.kind = OpKind::mask;
    }
    const std::string t = zego04_token();
    CHECK(run(R"({"a":")" + t + R"(","b":")" + kJwt + R"(","password":"hunter22"})", Format::json, p).body ==
          R"({"a":"[TOKEN]","b":"[JWT]","password":"[TOKEN]"})");
    CHECK(run("Authorization: Bearer abcdefgh12345678", Format::text, p).body == "Authorization: Bearer [TOKEN]");
    // Other detectors still follow the policy.
    Policy q;
    q.detectors[std::size_t(Detector::email)].enabled = false;
    CHECK(run(R"({"e":"a@example.com"})", Format::json, q).body == R"({"e":"a@example.com"})");
}

TEST_CASE("rtc_token: a base64 run is read once, however many token candidates start in it") {
    // Each "007e" starts a word ('/' ends one) and a candidate whose base64 run ('/' is a
    // base64 digit) reaches the end of the text: read per candidate, this was quadratic.
    std::string body;
    while (body.size() < (std::size_t(1) << 20)) body += "007e/";
    Base64RunEnds runs;
    std::size_t wrong_ends = 0;
    for (std::size_t i = 0; i < body.size(); i += 5) wrong_ends += runs.end_of_run(body, i + 3) != body.size();
    CHECK(wrong_ends == 0);
    CHECK(runs.chars_read() <= body.size());
    // A start before the measured run joins it rather than reading it again.
    const std::size_t read = runs.chars_read();
    CHECK(runs.end_of_run(body, 1) == body.size());
    CHECK(runs.end_of_run(body, 0) == body.size());
    CHECK(runs.chars_read() == read + 2 + 1);

    CHECK(scan(body) == "");
    const std::string token = agora007_token();
    CHECK(scan(body + " " + token) == "rtc_token:" + token);
    CHECK(scan(body.substr(0, 500) + token) == "rtc_token:" + token);
}
