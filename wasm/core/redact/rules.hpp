// Path rules: which fields a payload's operator applies to, written like fast-redact /
// OpenTelemetry paths. Grammar:
//   rule     := selector [":" operator]          operator: see operators.hpp; default replace
//   selector := segment ("." segment)*
//   segment  := (name | "*" | "**") suffix*  |  "[" ... "]" suffix*
//   suffix   := "[" ("*" | digits | name | '"' name '"') "]"  |  "<json>"
// "*" is exactly one segment (a key or an array index), "**" any number, zero included,
// "[*]" any array index, "[3]" / ".3" that index, "[name]" a key (form keys like user[phone]),
// ["a.b"] a key with special characters (and '<').
// "<json>" goes into the JSON document held by a string value: "data[*].message<json>.token"
// is the member "token" of the object written as text in each data[*].message. "*" and "**"
// never cross into a string; "<json>" must follow a segment and be followed by one.
#pragma once

#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

#include "core/redact/operators.hpp"
#include "core/status.hpp"

namespace rps::redact {

// How many JSON documents deep inside strings the walker goes (veRTC's message: one; a
// string inside that holding JSON again: two). Deeper strings are scanned as text, so a path
// with more '<json>' steps could never match: parse_selector refuses it.
constexpr int kMaxJsonInString = 4;

struct Segment {
    enum class Kind : std::uint8_t { key, index, any_index, any, any_depth, json_text };
    Kind kind = Kind::key;
    std::string key;        // Kind::key
    std::size_t index = 0;  // Kind::index
};

struct Selector {
    std::vector<Segment> segments;
    std::string text;  // as written, without the operator: the name used in counts
};

struct Rule {
    Selector selector;
    Operator op;
};

// Fills `out` only when every rule parses; the error names the first bad rule and why,
// e.g. `rules[2]: unknown operator "mask2"`.
Status parse_rules(const std::vector<std::string>& texts, std::vector<Rule>& out);

// allowedKeys entries are bare selectors: an operator suffix is an error.
Status parse_allowed_keys(const std::vector<std::string>& texts, std::vector<Selector>& out);

// One selector, no operator. `reason` says what is wrong when it returns false.
bool parse_selector(std::string_view text, Selector& out, std::string& reason);

}  // namespace rps::redact
