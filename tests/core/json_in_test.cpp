#include <catch2/catch.hpp>

#include <string>

#include "core/json_in.hpp"

namespace {

// {"k0":0,"k1":1,…}: `count` distinct keys, then `extra` (a member, or "") at the end.
std::string object_with_keys(int count, const std::string& extra = "") {
    std::string text = "{";
    for (int i = 0; i < count; ++i) {
        if (i) text += ',';
        text += "\"k" + std::to_string(i) + "\":" + std::to_string(i);
    }
    if (!extra.empty()) text += "," + extra;
    return text + "}";
}

}  // namespace

TEST_CASE("read_json: an object with 30,000 distinct keys parses, in order") {
    const std::string text = object_with_keys(30000);
    const rps::JsonRead read = rps::read_json(text, 8);
    REQUIRE(read.ok());
    REQUIRE(read.value.size() == 30000);
    CHECK(read.value.begin().key() == "k0");
    CHECK(read.value["k29999"] == 29999);
    int expected = 0;
    bool in_order = true;
    for (auto it = read.value.begin(); it != read.value.end(); ++it, ++expected)
        in_order = in_order && it.key() == "k" + std::to_string(expected) && *it == expected;
    CHECK(in_order);
}

TEST_CASE("read_json: a duplicate among many keys is reported with its object's path") {
    rps::JsonRead read = rps::read_json(object_with_keys(30000, R"("k12345":1)"), 8);
    CHECK_FALSE(read.ok());
    CHECK(read.error == "duplicate key \"k12345\"");
    CHECK(read.error_path == "$");
    CHECK(read.value.is_null());

    read = rps::read_json(R"({"a":[{"x":1},{"b":{"y":1,"z":2,"y":3}}]})", 8);
    CHECK(read.error == "duplicate key \"y\"");
    CHECK(read.error_path == "a[1].b");
    // The same key in different objects is no duplicate.
    CHECK(rps::read_json(R"({"a":{"x":1},"b":{"x":1},"x":[{"x":1},{"x":2}]})", 8).ok());
}

TEST_CASE("read_json: values of every kind land where they were read") {
    const rps::JsonRead read = rps::read_json(R"({"n":null,"t":true,"i":-3,"u":7,"f":1.5,"s":"x","a":[1,[2,{"k":[]}],{}],"o":{}})", 8);
    REQUIRE(read.ok());
    CHECK(read.value.dump() == R"({"n":null,"t":true,"i":-3,"u":7,"f":1.5,"s":"x","a":[1,[2,{"k":[]}],{}],"o":{}})");
    CHECK(rps::read_json("[]", 8).value.dump() == "[]");
    CHECK(rps::read_json(" \"s\" ", 8).value == "s");
    CHECK(rps::read_json("[[[1]]]", 3).ok());
    CHECK(rps::read_json("[[[[1]]]]", 3).error == "nesting deeper than 3 levels");
}
