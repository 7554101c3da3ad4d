#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/redact/path_matcher.hpp"
#include "core/redact/rules.hpp"

using namespace rps::redact;

namespace {

// Walks `path` ("a", "#2" for index 2, ...) and returns the index of the first selector
// matching it exactly, -1 for none, -2 when nothing matches but something could deeper.
int match(const std::vector<std::string>& selectors, const std::vector<std::string>& path) {
    std::vector<Rule> rules;
    auto status = parse_rules(selectors, rules);
    REQUIRE(status.ok());
    std::vector<const Selector*> ptrs;
    for (const auto& r : rules) ptrs.push_back(&r.selector);
    PathMatcher m(ptrs);
    std::vector<PathMatcher::Word> a(m.words() + 1), b(m.words() + 1);
    m.start(a.data());
    for (const auto& seg : path) {
        PathStep step;
        if (seg == "<json>") {
            step.into_json = true;
        } else if (!seg.empty() && seg[0] == '#') {
            step.is_index = true;
            step.index = std::stoul(seg.substr(1));
        } else {
            step.key = seg;
        }
        m.step(a.data(), step, b.data());
        a.swap(b);
    }
    int hit = m.first_accepting(a.data(), 0, m.selector_count());
    if (hit < 0 && m.any_pending(a.data(), 0, m.selector_count())) return -2;
    return hit;
}

}  // namespace

TEST_CASE("rule parsing") {
    std::vector<Rule> rules;
    REQUIRE(parse_rules({"user.phone:mask", "**.ip:generalize", "debug:remove", "a[*].c", "x:mask(2)",
                         "a[\"b.c\"].d:hash", "[*].e"},
                        rules)
                .ok());
    REQUIRE(rules.size() == 7);
    CHECK(rules[0].op.kind == OpKind::mask);
    CHECK(rules[0].selector.text == "user.phone");
    CHECK(rules[0].selector.segments.size() == 2);
    CHECK(rules[1].op.kind == OpKind::generalize);
    CHECK(rules[1].selector.segments[0].kind == Segment::Kind::any_depth);
    CHECK(rules[2].op.kind == OpKind::remove);
    CHECK(rules[3].op.kind == OpKind::replace);  // no suffix: replace
    REQUIRE(rules[3].selector.segments.size() == 3);
    CHECK(rules[3].selector.segments[1].kind == Segment::Kind::any_index);
    CHECK(rules[4].op.keep_last == 2);
    REQUIRE(rules[5].selector.segments.size() == 3);
    CHECK(rules[5].selector.segments[1].key == "b.c");
    CHECK(rules[5].op.kind == OpKind::hash);
    CHECK(rules[6].selector.segments[0].kind == Segment::Kind::any_index);
}

TEST_CASE("rule errors are values naming the rule and the reason") {
    std::vector<Rule> rules;
    auto st = parse_rules({"a", "b:mask", "c:mask2"}, rules);
    CHECK(st.error == "rules[2]: unknown operator \"mask2\"");
    CHECK(rules.empty());  // nothing half-parsed
    CHECK(parse_rules({""}, rules).error == "rules[0]: empty path");
    CHECK(parse_rules({"a..b"}, rules).error == "rules[0]: empty segment");
    // The walker reads JSON in strings 4 documents deep: a fifth '<json>' could never match,
    // so the rule would be accepted and do nothing.
    CHECK(parse_rules({"m<json>.m<json>.m<json>.m<json>.nick:remove"}, rules).ok());
    CHECK(parse_rules({"m<json>.m<json>.m<json>.m<json>.m<json>.nick:remove"}, rules).error ==
          "rules[0]: at most 4 '<json>' steps (JSON in strings is read that deep)");
    CHECK(parse_rules({"a."}, rules).error == "rules[0]: empty segment");
    CHECK(parse_rules({"a[*"}, rules).error == "rules[0]: unterminated bracket");
    CHECK(parse_rules({"a[]"}, rules).error == "rules[0]: bad index");
    CHECK(parse_rules({"a[x*]"}, rules).error == "rules[0]: bad index");
    REQUIRE(parse_rules({"a[x]"}, rules).ok());
    CHECK(rules[0].selector.segments[1].key == "x");
    CHECK(parse_rules({"a*b"}, rules).error == "rules[0]: '*' must be a whole segment");
    CHECK(parse_rules({"a[0]b"}, rules).error == "rules[0]: expected '.' or '['");
    CHECK(parse_rules({"ok", "a:"}, rules).error == "rules[1]: unknown operator \"\"");
    std::vector<Selector> allowed;
    CHECK(parse_allowed_keys({"a.b", "c:mask"}, allowed).error ==
          "allowedKeys[1]: operators are not allowed in allowedKeys");
    REQUIRE(parse_allowed_keys({"a.b", "c[*].d"}, allowed).ok());
    CHECK(allowed.size() == 2);
}

TEST_CASE("selector forms") {
    // a.b
    CHECK(match({"a.b"}, {"a", "b"}) == 0);
    CHECK(match({"a.b"}, {"a"}) == -2);
    CHECK(match({"a.b"}, {"a", "c"}) == -1);
    CHECK(match({"a.b"}, {"x", "a", "b"}) == -1);
    // a[*].c
    CHECK(match({"a[*].c"}, {"a", "#3", "c"}) == 0);
    CHECK(match({"a[*].c"}, {"a", "k", "c"}) == -1);
    CHECK(match({"a[1].c"}, {"a", "#1", "c"}) == 0);
    CHECK(match({"a[1].c"}, {"a", "#2", "c"}) == -1);
    CHECK(match({"a.1.c"}, {"a", "#1", "c"}) == 0);
    // * is one segment, key or index
    CHECK(match({"*.id"}, {"user", "id"}) == 0);
    CHECK(match({"*.id"}, {"#0", "id"}) == 0);
    CHECK(match({"*.id"}, {"a", "user", "id"}) == -1);
    CHECK(match({"*"}, {"a"}) == 0);
    // ** any depth, zero included
    CHECK(match({"**.ip"}, {"ip"}) == 0);
    CHECK(match({"**.ip"}, {"a", "#2", "b", "ip"}) == 0);
    CHECK(match({"**.ip"}, {"a", "ipx"}) == -2);
    CHECK(match({"a.**.ip"}, {"a", "ip"}) == 0);
    CHECK(match({"a.**.ip"}, {"b", "ip"}) == -1);
    CHECK(match({"a.**"}, {"a", "x", "y"}) == 0);
    CHECK(match({"**.**.ip"}, {"x", "ip"}) == 0);
    // The first matching selector wins.
    CHECK(match({"x.y", "**.y", "a.y"}, {"a", "y"}) == 1);
    CHECK(match({"[\"a.b\"]"}, {"a.b"}) == 0);
    CHECK(match({"[\"a.b\"]"}, {"a", "b"}) == -1);
}

TEST_CASE("many selectors spill over one word of states") {
    std::vector<std::string> sels;
    for (int i = 0; i < 40; ++i) sels.push_back("k" + std::to_string(i) + ".v");
    CHECK(match(sels, {"k39", "v"}) == 39);
    CHECK(match(sels, {"k7", "v"}) == 7);
    CHECK(match(sels, {"k40", "v"}) == -1);
}

TEST_CASE("rule parsing: <json> enters a JSON document held in a string") {
    std::vector<Rule> rules;
    REQUIRE(parse_rules({"data[*].message<json>.token:remove", "payloads[*]<json>[0].uid", "s<json>.t<json>.id",
                         "[\"a<b>\"].c"},
                        rules)
                .ok());
    REQUIRE(rules[0].selector.segments.size() == 5);
    CHECK(rules[0].selector.segments[1].kind == Segment::Kind::any_index);
    CHECK(rules[0].selector.segments[2].key == "message");
    CHECK(rules[0].selector.segments[3].kind == Segment::Kind::json_text);
    CHECK(rules[0].selector.segments[4].key == "token");
    CHECK(rules[0].selector.text == "data[*].message<json>.token");
    REQUIRE(rules[1].selector.segments.size() == 5);
    CHECK(rules[1].selector.segments[2].kind == Segment::Kind::json_text);
    CHECK(rules[1].selector.segments[3].kind == Segment::Kind::index);
    CHECK(rules[3].selector.segments[0].key == "a<b>");

    for (auto [text, reason] : std::vector<std::pair<std::string, std::string>>{
             {"<json>.a", "rules[0]: '<json>' must follow a segment"},
             {"a.<json>.b", "rules[0]: '<json>' must follow a segment"},
             {"a<json><json>.b", "rules[0]: '<json>' must follow a segment"},
             {"a<json>", "rules[0]: '<json>' must be followed by a path inside the string"},
             {"a<json>:remove", "rules[0]: '<json>' must be followed by a path inside the string"},
             {"a<jsn>.b", "rules[0]: expected '<json>' (a key holding '<' is written [\"...\"])"},
             {"a<json>b", "rules[0]: expected '.' or '['"}}) {
        INFO(text);
        std::vector<Rule> out;
        CHECK(parse_rules({text}, out).error == reason);
    }
    std::vector<Selector> keys;
    CHECK(parse_allowed_keys({"m<json>.event"}, keys).ok());
}

TEST_CASE("path matching: only <json> steps into a string's document") {
    CHECK(match({"m<json>.a"}, {"m", "<json>", "a"}) == 0);
    CHECK(match({"m<json>.a"}, {"m", "<json>"}) == -2);
    CHECK(match({"m<json>.a"}, {"m", "a"}) == -1);
    CHECK(match({"m.a"}, {"m", "<json>", "a"}) == -1);
    CHECK(match({"*.a"}, {"m", "<json>", "a"}) == -1);
    CHECK(match({"**.a"}, {"m", "<json>", "a"}) == -1);
    CHECK(match({"**<json>.a"}, {"x", "m", "<json>", "a"}) == 0);
    CHECK(match({"m<json>.**.a"}, {"m", "<json>", "b", "#2", "a"}) == 0);
    CHECK(match({"p[*]<json>[0]"}, {"p", "#3", "<json>", "#0"}) == 0);
}
