#include <catch2/catch.hpp>

#include <cstdint>
#include <filesystem>
#include <fstream>
#include <random>
#include <sstream>
#include <string>
#include <vector>

#include "core/json_in.hpp"
#include "json_reference.hpp"

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

// Reads `text` with the core's reader and with the reference (nlohmann-json, the reader the
// core had before) and describes the first difference; "" when they agree.
std::string difference(const std::string& text, int max_depth) {
    const rps::JsonRead ours = rps::read_json(text, max_depth);
    const rps::test::ReferenceRead theirs = rps::test::reference_read_json(text, max_depth);
    if (theirs.strtod_differs) return "";
    if (ours.error != theirs.error) return "error \"" + ours.error + "\", expected \"" + theirs.error + "\"";
    if (ours.error_path != theirs.error_path) return "path \"" + ours.error_path + "\", expected \"" + theirs.error_path + "\"";
    std::string where;
    if (!rps::test::same_json(ours.value, theirs.value, where)) return where;
    return "";
}

struct Differences {
    int checked = 0;
    int accepted = 0;
    std::vector<std::string> found;

    void check(const std::string& text, int max_depth) {
        ++checked;
        if (rps::read_json(text, max_depth).ok()) ++accepted;
        const std::string d = difference(text, max_depth);
        if (!d.empty() && found.size() < 10) {
            std::string shown = text.size() > 300 ? text.substr(0, 300) + "…" : text;
            found.push_back("[depth " + std::to_string(max_depth) + "] " + shown + "\n    -> " + d);
        }
    }
};

// Bytes a mutation puts in: the grammar's, escapes', numbers', control bytes and UTF-8 lead
// and continuation bytes (valid or not).
const std::string kMutationBytes = std::string("{}[],:\"\\/ \t\n\r0123456789-+.eEtrufalsn") +
                                   "\x01\x1f\x7f\x80\xbf\xc0\xc2\xc3\xe0\xed\xef\xbb\xf0\xf4\xf5\xff";

// Every prefix, and a deleted, replaced or inserted byte, at up to `positions` places.
void mutate(Differences& d, const std::string& text, std::mt19937& random, int max_depth, std::size_t positions) {
    const std::size_t step = text.size() / positions + 1;
    auto byte = [&] { return kMutationBytes[random() % kMutationBytes.size()]; };
    for (std::size_t at = 0; at <= text.size(); at += step) {
        d.check(text.substr(0, at), max_depth);
        d.check(text.substr(0, at) + byte() + text.substr(at), max_depth);
        if (at == text.size()) continue;
        d.check(text.substr(0, at) + text.substr(at + 1), max_depth);
        std::string replaced = text;
        replaced[at] = byte();
        d.check(replaced, max_depth);
    }
}

// Random JSON documents: every kind of value, numbers at the edges of the 64-bit and double
// ranges, every escape, multi-byte UTF-8, keys drawn from a small set so objects sometimes
// repeat one, objects large enough for the reader's key index, random whitespace.
class Generator {
public:
    explicit Generator(std::mt19937& random) : random_(random) {}

    std::string document() {
        std::string out;
        value(out, 0);
        return out;
    }

private:
    std::size_t pick(std::size_t n) { return random_() % n; }

    void space(std::string& out) {
        static const char* const spaces[] = {"", "", "", " ", "\n", "\t", "\r\n  "};
        out += spaces[pick(7)];
    }

    void string(std::string& out) {
        static const char* const pieces[] = {
            "a", "key", "x y", "\\n", "\\\"", "\\\\", "\\/", "\\b\\f\\r\\t", "\\u0041", "\\u00e9", "\\u4E2D",
            "\\ud83d\\ude00", "\\uDBFF\\uDFFF", "\\u0000", "\xc3\xa9", "\xe4\xb8\xad", "\xf0\x9f\x98\x80", "\x7f", ".", "[0]"};
        out += '"';
        for (std::size_t n = pick(4); n > 0; --n) out += pieces[pick(20)];
        out += '"';
    }

    void number(std::string& out) {
        static const char* const numbers[] = {
            "0", "-0", "1", "-1", "7", "42", "0.5", "-0.0", "1e2", "1E+2", "1e-2", "2.5e-3", "123456789.125",
            "9007199254740992", "9007199254740993", "-9007199254740993", "4294967297", "9223372036854775807",
            "9223372036854775808", "-9223372036854775808", "-9223372036854775809", "18446744073709551615",
            "18446744073709551616", "123456789012345678901234567890", "1e308", "1e-400", "4.9e-324",
            "1.7976931348623157e308", "1e400", "-1e400", "0.1", "17323500000.125e2", "1732350000000"};
        out += numbers[pick(sizeof numbers / sizeof *numbers)];
    }

    void key(std::string& out) {
        static const char* const keys[] = {"\"a\"", "\"b\"", "\"id\"", "\"\"", "\"a.b\"", "\"\\u0061\""};
        out += keys[pick(6)];
    }

    void value(std::string& out, int depth) {
        space(out);
        const std::size_t kind = depth > 6 ? pick(6) : pick(9);
        switch (kind) {
            case 0: out += "null"; break;
            case 1: out += "true"; break;
            case 2: out += "false"; break;
            case 3: case 4: number(out); break;
            case 5: string(out); break;
            case 6: {
                out += '[';
                for (std::size_t n = pick(5), i = 0; i < n; ++i) {
                    if (i) out += ',';
                    value(out, depth + 1);
                }
                space(out);
                out += ']';
                break;
            }
            default: {
                out += '{';
                // Now and then many members, past the size where the reader indexes keys, with
                // one key repeated at a random place.
                const bool large = pick(8) == 0;
                const std::size_t n = large ? 10 + pick(60) : pick(5);
                const std::size_t repeat = large && pick(2) ? pick(n) : n;
                for (std::size_t i = 0; i < n; ++i) {
                    if (i) out += ',';
                    space(out);
                    if (large) out += "\"m" + std::to_string(i == repeat ? pick(i + 1) : i) + "\"";
                    else key(out);
                    space(out);
                    out += ':';
                    value(out, depth + 1);
                }
                space(out);
                out += '}';
                break;
            }
        }
        space(out);
    }

    std::mt19937& random_;
};

std::string read_file(const std::filesystem::path& path) {
    std::ifstream in(path, std::ios::binary);
    std::ostringstream text;
    text << in.rdbuf();
    return text.str();
}

}  // namespace

TEST_CASE("read_json: an object with 30,000 distinct keys parses, in order") {
    const std::string text = object_with_keys(30000);
    const rps::JsonRead read = rps::read_json(text, 8);
    REQUIRE(read.ok());
    REQUIRE(read.value.size() == 30000);
    CHECK(read.value.items()[0].key() == "k0");
    REQUIRE(read.value.find("k29999"));
    CHECK(read.value.find("k29999")->number() == 29999);
    int expected = 0;
    bool in_order = true;
    for (const rps::Json& member : read.value.items()) {
        in_order = in_order && member.key() == "k" + std::to_string(expected) && member.number() == expected;
        ++expected;
    }
    CHECK(in_order);
}

TEST_CASE("read_json: a duplicate among many keys is reported with its object's path") {
    rps::JsonRead read = rps::read_json(object_with_keys(30000, R"("k12345":1)"), 8);
    CHECK_FALSE(read.ok());
    CHECK(read.error == "duplicate key \"k12345\"");
    CHECK(read.error_path == "$");
    CHECK(read.value.is_null());
    // Just past the size where the reader starts indexing keys, and just before.
    for (int count : {15, 16, 17, 64, 65})
        CHECK(rps::read_json(object_with_keys(count, "\"k" + std::to_string(count - 1) + "\":1"), 8).error ==
              "duplicate key \"k" + std::to_string(count - 1) + "\"");

    read = rps::read_json(R"({"a":[{"x":1},{"b":{"y":1,"z":2,"y":3}}]})", 8);
    CHECK(read.error == "duplicate key \"y\"");
    CHECK(read.error_path == "a[1].b");
    // The same key in different objects is no duplicate.
    CHECK(rps::read_json(R"({"a":{"x":1},"b":{"x":1},"x":[{"x":1},{"x":2}]})", 8).ok());
    // Keys are compared after their escapes are read.
    CHECK(rps::read_json(R"({"a":1,"\u0061":2})", 8).error == "duplicate key \"a\"");
}

TEST_CASE("read_json: values of every kind land where they were read") {
    const std::string text = R"({"n":null,"t":true,"i":-3,"u":7,"f":1.5,"s":"x","a":[1,[2,{"k":[]}],{}],"o":{}})";
    const rps::JsonRead read = rps::read_json(text, 8);
    REQUIRE(read.ok());
    std::string where;
    CHECK(rps::test::same_json(read.value, nlohmann::ordered_json::parse(text), where));
    CHECK(where == "");
    CHECK(read.value.find("a")->items()[1].items()[1].find("k")->is_array());
    CHECK(rps::read_json("[]", 8).value.is_array());
    CHECK(rps::read_json(" \"s\" ", 8).value.str() == "s");
    CHECK(rps::read_json("[[[1]]]", 3).ok());
    CHECK(rps::read_json("[[[[1]]]]", 3).error == "nesting deeper than 3 levels");
    // The error names where the container that goes too deep starts.
    CHECK(rps::read_json("[[[[1]]]]", 3).error_path == "[0][0][0]");
    CHECK(rps::read_json(R"({"a": [1, {"b": {"c": []}}]})", 3).error_path == "a[1].b");
    CHECK(rps::read_json(R"({"a": [1, {"b": {"c": []}}]})", 4).error_path == "a[1].b.c");
    CHECK(rps::read_json("[[]]", 1).error_path == "[0]");
    CHECK_FALSE(rps::read_json("[]", 8).value.find(""));
}

TEST_CASE("read_json: numbers keep the kind they were written as, integers exactly") {
    auto number = [](const std::string& text) { return rps::read_json(text, 8).value; };
    CHECK(number("1").is_unsigned());
    CHECK(number("1").magnitude() == 1);
    CHECK(number("-0").is_integer());
    CHECK_FALSE(number("-0").is_unsigned());
    CHECK_FALSE(std::signbit(number("-0").number()));
    CHECK(std::signbit(number("-0.0").number()));
    CHECK_FALSE(number("1.0").is_integer());
    CHECK_FALSE(number("1e2").is_integer());
    CHECK(number("1e2").number() == 100);
    // 2^53 + 1 rounds as a double; the integer stays exact.
    CHECK(number("9007199254740993").magnitude() == 9007199254740993u);
    CHECK(number("18446744073709551615").magnitude() == 18446744073709551615u);
    CHECK_FALSE(number("18446744073709551616").is_integer());
    CHECK(number("-9223372036854775808").is_integer());
    CHECK(number("-9223372036854775808").number() == -9223372036854775808.0);
    CHECK_FALSE(number("-9223372036854775809").is_integer());
    CHECK(number("17323500000.125e2").number() == 1732350000012.5);
}

TEST_CASE("read_json: strings with every escape become UTF-8") {
    const rps::JsonRead read = rps::read_json(R"(["\"\\\/\b\f\n\r\t", "\u00e9\u4E2D\ud83d\ude00", "é中😀"])", 8);
    REQUIRE(read.ok());
    CHECK(read.value.items()[0].str() == "\"\\/\b\f\n\r\t");
    CHECK(read.value.items()[1].str() == "\xc3\xa9\xe4\xb8\xad\xf0\x9f\x98\x80");
    CHECK(read.value.items()[2].str() == read.value.items()[1].str());
    CHECK(rps::read_json(R"("\u0000")", 8).value.str() == std::string(1, '\0'));
}

// The messages are nlohmann-json's own wording (the core promised them before it had its own
// reader); their byte offsets are where nlohmann's lexer stood.
TEST_CASE("read_json: errors keep nlohmann-json's messages and byte offsets") {
    const std::vector<std::pair<std::string, std::string>> cases = {
        {R"({"revision": "r1",)", "invalid JSON at byte 18: syntax error while parsing object key - unexpected end of input; expected string literal"},
        {"", "invalid JSON at byte 0: syntax error while parsing value - unexpected end of input; expected '[', '{', or a literal"},
        {"[1,]", "invalid JSON at byte 3: syntax error while parsing value - unexpected ']'; expected '[', '{', or a literal"},
        {"{\"a\" 1}", "invalid JSON at byte 5: syntax error while parsing object separator - unexpected number literal; expected ':'"},
        {"[1 2]", "invalid JSON at byte 3: syntax error while parsing array - unexpected number literal; expected ']'"},
        {"{} x", "invalid JSON at byte 3: syntax error while parsing value - invalid literal; last read: '{} x'; expected end of input"},
        {"[tru]", "invalid JSON at byte 4: syntax error while parsing value - invalid literal; last read: '[tru]'"},
        {"\"a\x1f\"", "invalid JSON at byte 2: syntax error while parsing value - invalid string: control character U+001F (US) must be escaped to \\u001F; last read: '\"a<U+001F>'"},
        {"\"\t\"", "invalid JSON at byte 1: syntax error while parsing value - invalid string: control character U+0009 (HT) must be escaped to \\u0009 or \\t; last read: '\"<U+0009>'"},
        {R"("\ud800x")", "invalid JSON at byte 7: syntax error while parsing value - invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF; last read: '\"\\ud800x'"},
        {R"("\udc00")", "invalid JSON at byte 6: syntax error while parsing value - invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF; last read: '\"\\udc00'"},
        {R"("\u12g4")", "invalid JSON at byte 5: syntax error while parsing value - invalid string: '\\u' must be followed by 4 hex digits; last read: '\"\\u12g'"},
        {"\"\xc3\x28\"", "invalid JSON at byte 2: syntax error while parsing value - invalid string: ill-formed UTF-8 byte; last read: '\"\xc3\x28'"},
        {"-x", "invalid JSON at byte 1: syntax error while parsing value - invalid number; expected digit after '-'; last read: '-x'"},
        {"1.e", "invalid JSON at byte 2: syntax error while parsing value - invalid number; expected digit after '.'; last read: '1.e'"},
        {"1e", "invalid JSON at byte 2: syntax error while parsing value - invalid number; expected '+', '-', or digit after exponent; last read: '1e'"},
        {"[1e999]", "invalid JSON at byte 5: [json.exception.out_of_range.406] number overflow parsing '1e999'"},
        {"\xef\xbb", "invalid JSON at byte 2: syntax error while parsing value - invalid BOM; must be 0xEF 0xBB 0xBF if given; last read: '\xef\xbb'"},
    };
    for (const auto& [text, message] : cases) {
        INFO("text: " << text);
        const rps::JsonRead read = rps::read_json(text, 8);
        CHECK(read.error == message);
        CHECK(read.value.is_null());
        CHECK(rps::test::reference_read_json(text, 8).error == message);
    }
    CHECK(rps::read_json("\xef\xbb\xbf {}", 8).ok());  // a UTF-8 BOM is skipped
    // Rounded by the module's strtod to past the largest double: refused, as the WASM build did.
    CHECK(rps::read_json("1.7976931348623158e308", 8).error ==
          "invalid JSON at byte 21: [json.exception.out_of_range.406] number overflow parsing '1.7976931348623158e308'");
}

TEST_CASE("read_json: reads what nlohmann-json read, on the fuzz seeds and their mutations") {
    std::mt19937 random(20240601);
    Differences d;
    int files = 0;
    for (const char* target : {"manifest", "redact", "ice"}) {
        for (const auto& entry : std::filesystem::directory_iterator(std::string(RPS_SOURCE_DIR) + "/tests/fuzz/corpus/" + target)) {
            const std::string text = read_file(entry.path());
            ++files;
            for (int depth : {1, 3, 8, 32}) d.check(text, depth);
            mutate(d, text, random, 32, 160);
        }
    }
    CHECK(files >= 40);
    CHECK(d.accepted > 100);
    INFO(d.checked << " texts");
    CHECK(d.found == std::vector<std::string>{});
}

TEST_CASE("read_json: reads what nlohmann-json read, on generated documents and their mutations") {
    std::mt19937 random(7);
    Generator generate(random);
    Differences d;
    for (int i = 0; i < 4000; ++i) {
        const std::string text = generate.document();
        const int depth = static_cast<int>(1 + random() % 8);
        d.check(text, depth);
        d.check(text, 32);
        mutate(d, text, random, depth, 8);
    }
    CHECK(d.accepted > 2000);
    INFO(d.checked << " texts");
    CHECK(d.found == std::vector<std::string>{});
}
