// Gaps found by the labeled corpus (tests/corpus/pii.jsonl): percent-encoded personal data
// inside URLs carried as values, TRTC userSig, credentials inside stringified JSON, float
// lists read as coordinates and SDP session ids read as cards.
#include <catch2/catch.hpp>

#include <chrono>
#include <string>
#include <vector>

#include "core/redact/detectors.hpp"
#include "core/redact/redactor.hpp"
#include "helpers.hpp"

using namespace rps::redact;
using namespace rps::redact::testing;

namespace {

std::string text(std::string_view body) { return run(body, Format::text).body; }
std::string form(std::string_view body) { return run(body, Format::form).body; }
std::string query(std::string_view body) { return run(body, Format::query).body; }

}  // namespace

// ---- 2. Tencent TRTC userSig -------------------------------------------------------------

TEST_CASE("gaps: TRTC userSig is a credential name") {
    CHECK(is_secret_name("userSig", true));
    CHECK(is_secret_name("usersig", true));
    CHECK(is_secret_name("user_sig", true));
    CHECK(is_secret_name("UserSig", false));
    CHECK_FALSE(is_secret_name("user", false));
    CHECK_FALSE(is_secret_name("usersign_count", true));

    CHECK(json(R"({"userSig":"eJw1jl0LgjAUhv-KOtcFaVbmXX0QRhF0EyHB0HaW0W3jbEIi-vc2L7o7PO8)"
               R"(-z3NGcGpJgJyA9SNKLjqrjHcT5mwOhLJ7ghzfoHWqAUYIT7iHWrr0B4m5w"})") ==
          R"({"userSig":"[TOKEN]"})");
    CHECK(json(R"({"auth":{"user_sig":"eJwNqy-abc*def_"},"UserSig":"eJwx"})") ==
          R"({"auth":{"user_sig":"[TOKEN]"},"UserSig":"[TOKEN]"})");
    CHECK(query("https://t.example.com/p.gif?usersig=eJwP2sCd*FuHX-Ilj__&msg_id=1781232688479117381") ==
          "https://t.example.com/p.gif?usersig=%5BTOKEN%5D&msg_id=1781232688479117381");
    CHECK(form("room_id=r_1&userSig=eJwKKssJ0p*c8jrs__&ts=1732519382657") ==
          "room_id=r_1&userSig=%5BTOKEN%5D&ts=1732519382657");
    CHECK(text("ws open wss://im.example.com/ws?sdkappid=1400013281&identifier=u_1&usersig=eJwIZwfk*6L6W_\n") ==
          "ws open wss://im.example.com/ws?sdkappid=1400013281&identifier=u_1&usersig=[TOKEN]\n");
    // Look-alikes stay.
    CHECK(json(R"({"user":"eJwabc","sign":"ok","usersign":"x"})") == R"({"user":"eJwabc","sign":"ok","usersign":"x"})");
}

// ---- 3. credentials inside stringified JSON ------------------------------------------------

TEST_CASE("gaps: credential members of stringified JSON inside strings and text") {
    CHECK(scan(R"({"uid":"u_1","access_token":"WXFZabc123","scene":"im"})") == "token_param:WXFZabc123");
    CHECK(scan(R"({"password": "B6tMmI0bvq3u"})") == "token_param:B6tMmI0bvq3u");
    CHECK(scan(R"(x \"userToken\":\"G4Dj2fYaNJj0\" y)") == "token_param:G4Dj2fYaNJj0");

    CHECK(json(R"({"biz_data":"{\"uid\":\"u_61407\",\"access_token\":\"IlDX6RsbO9U4ULmy\",\"scene\":\"call\"}"})") ==
          R"({"biz_data":"{\"uid\":\"u_61407\",\"access_token\":\"[TOKEN]\",\"scene\":\"call\"}"})");
    CHECK(json(R"({"extra":"{\"userToken\": \"dKLTvg0Qyvtt\"}","n":1})") ==
          R"({"extra":"{\"userToken\": \"[TOKEN]\"}","n":1})");
    CHECK(text(R"(push ext {"uid":"u_1","token":"BsnV9HXoha1l"} ok)") == R"(push ext {"uid":"u_1","token":"[TOKEN]"} ok)");

    // Not credentials: other names, the loose names (JSON data), empty values, numbers.
    for (std::string_view v :
         {R"({"uid":"u_61407","scene":"call"})", R"({"key":"abc","session":"s1","auth":"x"})",
          R"({"token":""})", R"({"token":12345})", R"({"tokens":"abc","token_count":"5"})",
          R"("token" : "x")"}) {
        INFO(v);
        CHECK(scan(v) == "");
    }
    CHECK(json(R"({"m":"{\"key\":\"k1\",\"scene\":\"im\"}"})") == R"({"m":"{\"key\":\"k1\",\"scene\":\"im\"}"})");
    // The name=value shape still works right after a quote.
    CHECK(scan(R"(url="token=abc123")") == "token_param:abc123");
}

// ---- 4. float lists are not coordinates -------------------------------------------------------

TEST_CASE("gaps: comma-separated decimal lists are not coordinate pairs") {
    for (std::string_view v : {"0.312,0.298,0.305", "0.152,0.216,0.855,0.713", "audio levels 0.339,0.095,0.427,0.694",
                               "12.3456,45.6789,78.9012", "0.312, 0.298, 0.305", "1,39.9042,116.4074",
                               "39.9042,116.4074,3"}) {
        INFO(v);
        CHECK(scan(v) == "");
    }
    CHECK(json(R"({"audio_levels":"0.735,0.797,0.573,0.016,0.606"})") ==
          R"({"audio_levels":"0.735,0.797,0.573,0.016,0.606"})");
    CHECK(form("levels=0.599%2C0.651%2C0.750&x=1") == "levels=0.599%2C0.651%2C0.750&x=1");
    // Pairs still are.
    CHECK(scan("39.9042,116.4074") == "latlng:39.9042,116.4074");
    CHECK(scan("geo -23.602788, -46.521427 city=unknown") == "latlng:-23.602788, -46.521427");
    CHECK(scan("at 39.9042,116.4074, then 3 km") == "latlng:39.9042,116.4074");
    CHECK(scan("loss 0.5, pos 39.9042,116.4074") == "latlng:39.9042,116.4074");
    CHECK(json(R"({"gps":"18.98427,73.02334"})") == R"({"gps":"[GEO]"})");
}

// ---- 5. SDP origin lines ----------------------------------------------------------------------

TEST_CASE("gaps: the SDP session id is not a card number") {
    // 3545987148362061827 passes Luhn and starts with 3: without the SDP rule it is a card.
    REQUIRE(scan("card 3545987148362061827") == "bank_card:3545987148362061827");
    const std::string sdp = "v=0\r\no=- 3545987148362061827 2 IN IP4 127.0.0.1\r\ns=-\r\nt=0 0\r\n";
    CHECK(scan(sdp).find("bank_card") == std::string::npos);
    CHECK(scan("o=- 3545987148362061827 2 IN IP4 127.0.0.1").find("bank_card") == std::string::npos);
    CHECK(scan("v=0\no=alice 3545987148362061827 2 IN IP4 10.0.0.1").find("bank_card") == std::string::npos);
    CHECK(text(sdp).find("3545987148362061827 2 IN IP4") != std::string::npos);
    // In a JSON string, with the line breaks escaped.
    const std::string j = R"({"sdp":"v=0\r\no=- 3545987148362061827 2 IN IP4 127.0.0.1\r\ns=-\r\n"})";
    CHECK(json(j).find("3545987148362061827") != std::string::npos);
    // A log line dumping the SDP with literal "\r\n".
    CHECK(text(R"(offer sdp=v=0\r\no=- 3545987148362061827 2 IN IP4 127.0.0.1\r\n)").find("3545987148362061827") !=
          std::string::npos);
    // Anywhere else the same number still is a card; IPv4 is unchanged in general.
    CHECK(scan("pay=3545987148362061827") == "bank_card:3545987148362061827");
    CHECK(scan("foo=- 3545987148362061827") == "bank_card:3545987148362061827");
    CHECK(scan("c=IN IP4 203.0.113.7") == "ipv4:203.0.113.7");
    // Only a number followed by the rest of an origin line (" <sess-version> IN IP") is a
    // session id: a phone number after "o=<word> " is still a phone number.
    CHECK(scan("o=alice 13800138000") == "phone:13800138000");
    CHECK(scan("v=0\no=alice 13800138000 call me") == "phone:13800138000");
    CHECK(scan("o=- 3545987148362061827 2 IN").find("bank_card") != std::string::npos);
    CHECK(text("o=alice 13800138000\n") == "o=alice [PHONE]\n");
}

// ---- 1. personal data percent-encoded inside a URL carried as a value ------------------------

TEST_CASE("gaps: percent-encoded personal data in log lines") {
    CHECK(text(R"("GET /join?invite=alice%40example.com&ch=ios HTTP/1.1" 200)") ==
          R"("GET /join?invite=[EMAIL]&ch=ios HTTP/1.1" 200)");
    CHECK(text("GET /join?ll=39.9042%2C116.4074&x=1") == "GET /join?ll=[GEO]&x=1");
    CHECK(text("GET /join?ll=22.4541%2C%20114.1555&x=1") == "GET /join?ll=[GEO]&x=1");
    CHECK(text("GET /join?ip=2408%3A8207%3A24a0%3Ac3e0%3A%3A1&ch=ios") == "GET /join?ip=[IPV6]&ch=ios");
    CHECK(text("GET /join?ip=fe80%3A%3A72f4%3A668f%3Acd62%3A56b3%25eth0&ch=ios") == "GET /join?ip=[IPV6]&ch=ios");
    CHECK(text("GET /room?mac=e4%3A5f%3A01%3Aab%3Acd%3Aef&ch=ios") == "GET /room?mac=[MAC]&ch=ios");
    CHECK(text("GET /s?mobile=%2B8613800138000&ch=ios") == "GET /s?mobile=[PHONE]&ch=ios");
    CHECK(text("GET /s?phone=%2B86%2013899720866&from=share") == "GET /s?phone=[PHONE]&from=share");
    CHECK(text("GET /s?u=grace%2Blive%40yahoo.co.jp") == "GET /s?u=[EMAIL]");
    // Lower-case escapes, and an address the escapes split from a preceding word.
    CHECK(text("x=a%2c%2013800138000") == "x=a%2c%20[PHONE]");
    // Counted like any other finding.
    auto r = run("u=alice%40example.com mac=e4%3A5f%3A01%3Aab%3Acd%3Aef", Format::text);
    CHECK(count_of(r, "email") == 1);
    CHECK(count_of(r, "mac") == 1);
}

TEST_CASE("gaps: percent-encoded personal data in JSON string values") {
    CHECK(json(R"({"page_url":"https://app.example.com/s/landing?invite=fang.yang%40example.com&ch=ios"})") ==
          R"({"page_url":"https://app.example.com/s/landing?invite=[EMAIL]&ch=ios"})");
    // JSON escapes around the URL stay as written.
    CHECK(json(R"({"r":"https:\/\/m.example.com\/join?ll=19.2130%2C72.7583\u0026from=share"})") ==
          R"({"r":"https:\/\/m.example.com\/join?ll=[GEO]\u0026from=share"})");
    CHECK(json(R"({"href":"https://x.example.cn/inv?ip=240E%3A0470%3A0527%3AFDD7%3A2944%3ABE9E%3AE554%3AAF4A"})") ==
          R"({"href":"https://x.example.cn/inv?ip=[IPV6]"})");
    CHECK(json(R"({"u":"https://x.example.cn/?mobile=%2B33632902701&from=share"})") ==
          R"({"u":"https://x.example.cn/?mobile=[PHONE]&from=share"})");
    // An encoded URL inside stringified JSON inside a string.
    CHECK(json(R"({"m":"{\"url\":\"https://x.example.cn/?mac=34%3Ace%3A00%3A8b%3A4a%3A2f\"}"})") ==
          R"({"m":"{\"url\":\"https://x.example.cn/?mac=[MAC]\"}"})");
    // The operator sees the decoded value: the hash joins with the plain spelling.
    Policy hashed;
    hashed.detectors[std::size_t(Detector::email)].op.kind = OpKind::hash;
    auto plain = run(R"({"e":"alice@example.com"})", Format::json, hashed).body;
    auto encoded = run(R"({"u":"https://x.example.cn/?e=alice%40example.com"})", Format::json, hashed).body;
    REQUIRE(plain.size() == 6 + 16 + 2);  // {"e":"<16 hex>"}
    CHECK(encoded == R"({"u":"https://x.example.cn/?e=)" + plain.substr(6, 16) + R"("})");
}

TEST_CASE("gaps: doubly encoded URLs in form and query values") {
    CHECK(form("dl=https%3A%2F%2Fm.example.com%2Fjoin%3Femail%3Dalice%2540example.com%26ch%3Dios&x=1") ==
          "dl=https%3A%2F%2Fm.example.com%2Fjoin%3Femail%3D%5BEMAIL%5D%26ch%3Dios&x=1");
    CHECK(form("dl=https%3A%2F%2Fm.example.com%2Fjoin%3Fip%3D240E%253A470%253A6CC9%253A5E52%253A0%253A33CC%253A76EB"
               "%253A336F%26utm_source%3Dwechat&time=1734913445802") ==
          "dl=https%3A%2F%2Fm.example.com%2Fjoin%3Fip%3D%5BIPV6%5D%26utm_source%3Dwechat&time=1734913445802");
    CHECK(query("https://t.example.com/p.gif?dl=https%3A%2F%2Fapp.example.com%2Finvite%3Fmac%3D42%253Ae4%253A52%253A97"
                "%253A46%253A16%26ch%3Dios&event=rtc_stats") ==
          "https://t.example.com/p.gif?dl=https%3A%2F%2Fapp.example.com%2Finvite%3Fmac%3D%5BMAC%5D%26ch%3Dios&event="
          "rtc_stats");
    CHECK(query("?dl=https%3A%2F%2Fm.example.com%2Finvite%3Fll%3D29.70733%252C%2520106.51012%26from%3Dshare") ==
          "?dl=https%3A%2F%2Fm.example.com%2Finvite%3Fll%3D%5BGEO%5D%26from%3Dshare");
    // Single-encoded values of a form were already decoded once; they keep working.
    CHECK(form("email=alice%40example.com&gps=-33.90359%2C151.24731") == "email=%5BEMAIL%5D&gps=%5BGEO%5D");
    // A token credential inside an encoded URL.
    CHECK(form("dl=https%3A%2F%2Fx.example.com%2F%3Faccess_token%3Dabc123def%26v%3D1") ==
          "dl=https%3A%2F%2Fx.example.com%2F%3Faccess_token%3D%5BTOKEN%5D%26v%3D1");
}

TEST_CASE("gaps: decoding is bounded") {
    // Three rounds at most (one, plus two while reserved characters stay escaped): an address
    // escaped four times is past the bound and stays as it is.
    CHECK(text("u=alice%252540example.com") == "u=[EMAIL]");
    CHECK(text("u=alice%25252540example.com") == "u=alice%25252540example.com");
    // Linear work on a long token full of escapes.
    std::string big = "u=";
    for (int k = 0; k < 100000; ++k) big += "a%2540b%2C";
    big += "alice%2540example.com";
    auto start = std::chrono::steady_clock::now();
    auto r = run(big, Format::text);
    auto ms = std::chrono::duration_cast<std::chrono::milliseconds>(std::chrono::steady_clock::now() - start).count();
    CHECK(r.body.size() == big.size() - std::string("alice%2540example.com").size() + 7);
    CHECK(r.body.substr(r.body.size() - 7) == "[EMAIL]");
    CHECK(ms < 3000);
}

TEST_CASE("gaps: encoded look-alikes and surroundings stay byte for byte") {
    for (std::string_view v :
         {"dur=00%3A52%3A07&color=%23d659be", "levels=0.764%2C0.487%2C0.713", "loss=3.7% ok 100%25 done %zz %4",
          "q=%E4%BD%A0%20a+b", "GET /a%2Fb%2Fc?ts=1732350000000&sr=480x640 HTTP/1.1",
          "seq%3D1%26ssrc%3D3735928559%26ts%3D1732350000000%26dur%3D00%253A11%253A04"}) {
        INFO(v);
        CHECK(text(v) == std::string(v));
        CHECK(form(v) == std::string(v));
    }
    CHECK(json(R"({"u":"https:\/\/x.example.cn\/a%2Fb?ts=1732350000000\u0026d=00%3A52%3A07"})") ==
          R"({"u":"https:\/\/x.example.cn\/a%2Fb?ts=1732350000000\u0026d=00%3A52%3A07"})");
    // An encoded password in URL userinfo stays one credentials finding: the decoded view's
    // "w@host" must not split it.
    CHECK(text("rtmp://live_4375:Rtc%23k9Pq@cam01.example.net/live") == "rtmp://[CREDENTIALS]@cam01.example.net/live");
    CHECK(form("src=https%3A%2F%2Fu170584%3Alive%2523x9%40nvr.example.local%3A554%2Flive") ==
          "src=https%3A%2F%2F%5BCREDENTIALS%5D%40nvr.example.local%3A554%2Flive");
}
