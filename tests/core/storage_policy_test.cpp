#include <catch2/catch.hpp>

#include <string>

#include "core/storage_policy.hpp"

using namespace rps::storage;

TEST_CASE("looks_like_identifier: ids SDKs store") {
    for (const char* v : {
             "123e4567-e89b-12d3-a456-426614174000",                 // UUID
             "{\"deviceId\":\"3f2a9c0d-1b2e-4c5d-8e9f-0a1b2c3d4e5f\"}",  // inside JSON
             "9f86d081884c7d65",                                    // 16 hex, mixed
             "a3f5c8e1d2b4f6a7c9e0",                                // 20 hex
             "48291038475610293847",                                // 20 digits
             "dGhpc0lzQVJhbmRvbVRva2VuMTIz",                        // base64, all classes
             "Zx9_kLm2-QpR8sTuVw3YaBc",                             // base64url
             "z_d1732350000000_Ab3dEf9GhIjK2LmN",                   // ZEGO-like, embedded token
             "install:AbCdEf0123456789XyZaBcD",
             "V1StGXR8_Z5jdHi6B-myT",                               // default nanoid: 21 characters
             "uid_3f9a1c2b7d4e8f60a1b2",                            // hex id behind a prefix
         }) {
        INFO(v);
        CHECK(looks_like_identifier(v));
    }
}

TEST_CASE("looks_like_identifier: the app's ordinary values") {
    for (const char* v : {"", "dark", "zh-CN", "1", "true", "1732350000000", "{\"volume\":0.8,\"muted\":false}",
                          "Hello, world", "https://example.com/path/to/page", "deadbeefcafe",  // 12 hex
                          "abcdefabcdefabcd",                 // 16 hex letters only
                          "thisIsALongCamelCaseSettingName",  // no digits
                          "camelCase2Setting",                // 17 characters: shorter than a nanoid
                          "1732350000000000000",              // 19 digits: a nanosecond timestamp
                          "user_12345678901234",              // 14 digits behind a prefix
                          "1234567890123456",                 // 16 digits only
                          "2024-11-23T10:00:00Z", "user@example.com"}) {
        INFO(v);
        CHECK_FALSE(looks_like_identifier(v));
    }
}

TEST_CASE("key_matches: exact keys and prefix patterns") {
    CHECK(key_matches("RTC_DEVICE_ID", "RTC_DEVICE_ID"));
    CHECK_FALSE(key_matches("RTC_DEVICE_ID", "RTC_DEVICE_ID2"));
    CHECK(key_matches("vertc_*", "vertc_"));
    CHECK(key_matches("vertc_*", "vertc_session"));
    CHECK_FALSE(key_matches("vertc_*", "vert"));
    CHECK(key_matches("*", "anything"));
    CHECK_FALSE(key_matches("", "x"));
}

TEST_CASE("multi-megabyte keys and values are read to their end, not cut short") {
    std::string words;
    while (words.size() < (4u << 20)) words += "volumeLevel speakerName ";
    CHECK_FALSE(looks_like_identifier(words));
    // An id anywhere, the very end included, still makes the whole an identifier.
    CHECK(looks_like_identifier(words + "uid_3f9a1c2b7d4e8f60a1b2"));
    CHECK(looks_like_identifier("V1StGXR8_Z5jdHi6B-myT " + words));
    // One token of millions of bytes: letters only is a word, digits only a (long) number id.
    CHECK_FALSE(looks_like_identifier(std::string(4u << 20, 'x')));
    CHECK(looks_like_identifier(std::string(4u << 20, '7')));

    const std::string key = "vertc_" + words;
    CHECK(key_matches("vertc_*", key));
    CHECK(key_matches(key, key));
    CHECK_FALSE(key_matches(key, key + "x"));
    CHECK_FALSE(key_matches(key + "*", key.substr(0, key.size() - 1)));
    CHECK(key_pattern_problem(key + "*").empty());
    CHECK(key_pattern_problem("*" + key) == "'*' is allowed only at the end");
}
