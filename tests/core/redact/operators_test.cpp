#include <catch2/catch.hpp>

#include <string>

#include "core/redact/operators.hpp"

using namespace rps::redact;

namespace {

std::array<std::uint8_t, 32> key_of(std::uint8_t fill) {
    std::array<std::uint8_t, 32> k{};
    k.fill(fill);
    return k;
}

std::string apply(std::string_view op_text, std::string_view value, std::string_view tag = "[T]",
                  std::uint8_t key = 1) {
    Operator op;
    REQUIRE(parse_operator(op_text, op));
    KeyedHasher hasher(key_of(key));
    std::string out;
    apply_operator(op, value, tag, generalize_any, hasher, out);
    return out;
}

std::string gen(bool (*fn)(std::string_view, std::string&), std::string_view value) {
    std::string out = "<";
    if (!fn(value, out)) return "no";
    return out.substr(1);
}

}  // namespace

TEST_CASE("operator parsing") {
    Operator op;
    REQUIRE(parse_operator("mask(2)", op));
    CHECK(op.kind == OpKind::mask);
    CHECK(op.keep_last == 2);
    REQUIRE(parse_operator("mask", op));
    CHECK(op.keep_last == 4);
    REQUIRE(parse_operator("generalize", op));
    CHECK(op.kind == OpKind::generalize);
    CHECK_FALSE(parse_operator("mask2", op));
    CHECK_FALSE(parse_operator("mask(65)", op));
    CHECK_FALSE(parse_operator("mask()", op));
    CHECK_FALSE(parse_operator("Remove", op));
    CHECK_FALSE(parse_operator("", op));
    CHECK(operator_name(OpKind::hash) == "hash");
}

TEST_CASE("remove and replace") {
    CHECK(apply("remove", "secret") == "");
    CHECK(apply("replace", "alice@example.com", replace_tag(Detector::email)) == "[EMAIL]");
    CHECK(replace_tag(Detector::phone) == "[PHONE]");
    CHECK(replace_tag(Detector::ipv4) == "[IPV4]");
    CHECK(replace_tag(Detector::cn_id) == "[ID]");
}

TEST_CASE("mask keeps the last N code points") {
    CHECK(apply("mask", "13800138000") == "*******8000");
    CHECK(apply("mask(2)", "abcdef") == "****ef");
    CHECK(apply("mask(0)", "abc") == "***");
    CHECK(apply("mask", "abcd") == "****");  // never shows a whole value
    CHECK(apply("mask", "") == "");
    CHECK(apply("mask(2)", "张三丰先生") == "***先生");
}

TEST_CASE("hash is keyed, stable and truncated") {
    std::string a = apply("hash", "alice@example.com", "[T]", 1);
    CHECK(a.size() == 16);
    CHECK(a.find_first_not_of("0123456789abcdef") == std::string::npos);
    CHECK(apply("hash", "alice@example.com", "[T]", 1) == a);
    CHECK(apply("hash", "alice@example.com", "[T]", 2) != a);  // another session, another key
    CHECK(apply("hash", "bob@example.com", "[T]", 1) != a);
    // Same as HMAC-SHA256 computed directly.
    auto k = key_of(1);
    HmacSha256 mac(k.data(), k.size());
    std::string expected;
    append_hex(expected, mac.mac("alice@example.com"), 8);
    CHECK(a == expected);
}

TEST_CASE("generalize") {
    CHECK(gen(generalize_ipv4, "192.168.1.77") == "192.168.1.0");
    CHECK(gen(generalize_ipv4, "192.168.1.256") == "no");
    CHECK(gen(generalize_ipv4, "192.168.1.7:80") == "no");
    CHECK(gen(generalize_ipv6, "2001:db8:1:2:3:4:5:6") == "2001:db8:1::");
    CHECK(gen(generalize_ipv6, "2001:0db8:0000:0042::1") == "2001:db8::");
    CHECK(gen(generalize_ipv6, "fe80::1%eth0") == "fe80::");
    CHECK(gen(generalize_ipv6, "::1") == "::");
    CHECK(gen(generalize_ipv6, "::ffff:1.2.3.4") == "::ffff:1.2.3.0");
    CHECK(gen(generalize_ipv6, "1.2.3.4") == "no");
    CHECK(gen(generalize_coordinate, "39.9042") == "39.90");
    CHECK(gen(generalize_coordinate, "116.4074") == "116.41");
    CHECK(gen(generalize_coordinate, "-0.127") == "-0.13");
    CHECK(gen(generalize_coordinate, "-0.001") == "0.00");
    CHECK(gen(generalize_coordinate, "39.995") == "40.00");
    CHECK(gen(generalize_coordinate, "12") == "no");  // a coordinate has a fraction
    CHECK(gen(generalize_coordinate, "1e5") == "no");
    CHECK(gen(generalize_latlng, "39.9042,116.4074") == "39.90,116.41");
    CHECK(gen(generalize_latlng, "39.9042, -116.4074") == "39.90, -116.41");
    CHECK(gen(generalize_user_agent,
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
              "Safari/537.36") == "Chrome/131");
    CHECK(gen(generalize_user_agent,
              "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 "
              "Safari/537.36 Edg/131.0.2903.70") == "Edge/131");
    CHECK(gen(generalize_user_agent, "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:133.0) Gecko/20100101 "
                                     "Firefox/133.0") == "Firefox/133");
    CHECK(gen(generalize_user_agent, "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 "
                                     "(KHTML, like Gecko) Version/17.5 Mobile/15E148 Safari/604.1") == "Safari/17");
    CHECK(gen(generalize_user_agent, "Mozilla/5.0 (Linux; Android 14) AppleWebKit/537.36 Chrome/126.0 Mobile "
                                     "Safari/537.36 MicroMessenger/8.0.50") == "WeChat/8");
    CHECK(gen(generalize_user_agent, "Mozilla/5.0 (compatible; Foo)") == "Other");
    CHECK(gen(generalize_user_agent, "hello") == "no");
    // Values with no coarser form fall back to the tag rather than leaking.
    CHECK(apply("generalize", "alice@example.com", "[EMAIL]") == "[EMAIL]");
    CHECK(apply("generalize", "10.1.2.3") == "10.1.2.0");
}

TEST_CASE("generalize: a coordinate needs a fraction and |v| <= 180") {
    // Whole numbers are counts, ids and phone numbers: never "13800138000.00".
    for (const char* v : {"13800138000", "490154203237518", "+12025550123", "180", "-45", "0"}) {
        INFO(v);
        CHECK(gen(generalize_coordinate, v) == "no");
        CHECK(apply("generalize", v) == "[T]");
    }
    for (std::string_view v : {"180.001", "-180.5", "181.0", "1380.0", "13800138000.5"}) {
        INFO(v);
        CHECK(gen(generalize_coordinate, v) == "no");
    }
    CHECK(gen(generalize_coordinate, "180.000") == "180.00");
    CHECK(gen(generalize_coordinate, "-179.999") == "-180.00");
    CHECK(gen(generalize_coordinate, "0.5") == "0.50");
    CHECK(gen(generalize_latlng, "39.9042,13800138000") == "no");
}

TEST_CASE("generalize on a detector's finding uses its kind's generalizer, else its tag") {
    auto finding = [](Detector kind, std::string_view value) {
        Operator op;
        op.kind = OpKind::generalize;
        KeyedHasher hasher(key_of(1));
        std::string out;
        apply_finding_operator(op, value, kind, hasher, out);
        return out;
    };
    CHECK(finding(Detector::ipv4, "10.1.2.3") == "10.1.2.0");
    CHECK(finding(Detector::ipv6, "2001:db8:1:2::3") == "2001:db8:1::");
    CHECK(finding(Detector::latlng, "39.9042,116.4074") == "39.90,116.41");
    CHECK(finding(Detector::phone, "13800138000") == "[PHONE]");
    CHECK(finding(Detector::phone, "+12025550123") == "[PHONE]");
    CHECK(finding(Detector::imei, "490154203237518") == "[IMEI]");
    // Values that another kind's generalizer would coarsen still get their own tag.
    CHECK(finding(Detector::token_param, "12.345678") == "[TOKEN]");
    CHECK(finding(Detector::url_userinfo, "1.2.3.4") == "[CREDENTIALS]");
    CHECK(finding(Detector::bearer, "Mozilla/5.0") == "[TOKEN]");
    CHECK(generalizer_for(Detector::email) == nullptr);
}
