#include "core/redact/rules.hpp"

#include "core/redact/ascii.hpp"
#include "core/text.hpp"

namespace rps::redact {
namespace {

// The operator suffix starts at the last ':' outside brackets and quotes.
std::size_t operator_colon(std::string_view text) {
    std::size_t found = std::string_view::npos;
    int depth = 0;
    bool quoted = false;
    for (std::size_t i = 0; i < text.size(); ++i) {
        char c = text[i];
        if (quoted) {
            if (c == '\\') ++i;
            else if (c == '"') quoted = false;
        } else if (c == '"') {
            quoted = true;
        } else if (c == '[') {
            ++depth;
        } else if (c == ']') {
            --depth;
        } else if (c == ':' && depth == 0) {
            found = i;
        }
    }
    return found;
}

std::string clip(std::string_view s) {
    return std::string(s.size() > 32 ? s.substr(0, 32) : s) + (s.size() > 32 ? "..." : "");
}

bool parse_bracket(std::string_view text, std::size_t& i, Segment& seg, std::string& reason) {
    ++i;  // '['
    if (i < text.size() && text[i] == '"') {
        ++i;
        std::string key;
        while (i < text.size() && text[i] != '"') {
            if (text[i] == '\\' && i + 1 < text.size()) ++i;
            key.push_back(text[i++]);
        }
        if (i + 1 >= text.size() || text[i] != '"' || text[i + 1] != ']') {
            reason = "unterminated bracket";
            return false;
        }
        i += 2;
        seg.kind = Segment::Kind::key;
        seg.key = std::move(key);
        return true;
    }
    std::size_t close = text.find(']', i);
    if (close == std::string_view::npos) {
        reason = "unterminated bracket";
        return false;
    }
    std::string_view inner = text.substr(i, close - i);
    i = close + 1;
    if (inner == "*") {
        seg.kind = Segment::Kind::any_index;
        return true;
    }
    if (inner.empty()) {
        reason = "bad index";
        return false;
    }
    bool digits = true;
    for (char c : inner) digits = digits && ascii::is_digit(c);
    if (!digits) {
        // a[phone] as written by PHP-style form keys: a key segment.
        if (inner.find_first_of("*\"") != std::string_view::npos) {
            reason = "bad index";
            return false;
        }
        seg.kind = Segment::Kind::key;
        seg.key = std::string(inner);
        return true;
    }
    if (inner.size() > 9) {
        reason = "bad index";
        return false;
    }
    std::size_t v = 0;
    for (char c : inner) v = v * 10 + std::size_t(c - '0');
    seg.kind = Segment::Kind::index;
    seg.index = v;
    return true;
}

}  // namespace

bool parse_selector(std::string_view text, Selector& out, std::string& reason) {
    Selector sel;
    sel.text = std::string(text);
    if (text.empty()) {
        reason = "empty path";
        return false;
    }
    static constexpr std::string_view kJson = "<json>";
    std::size_t i = 0;
    bool expect_segment = true;
    int json_steps = 0;
    while (i < text.size()) {
        char c = text[i];
        if (c == '<') {
            if (text.substr(i, kJson.size()) != kJson) {
                reason = "expected '<json>' (a key holding '<' is written [\"...\"])";
                return false;
            }
            if (expect_segment || sel.segments.back().kind == Segment::Kind::json_text) {
                reason = "'<json>' must follow a segment";
                return false;
            }
            i += kJson.size();
            if (i == text.size()) {
                reason = "'<json>' must be followed by a path inside the string";
                return false;
            }
            if (++json_steps > kMaxJsonInString) {
                reason = "at most " + decimal(kMaxJsonInString) + " '<json>' steps (JSON in strings is read that deep)";
                return false;
            }
            Segment seg;
            seg.kind = Segment::Kind::json_text;
            sel.segments.push_back(std::move(seg));
            continue;
        }
        if (c == '[') {
            Segment seg;
            if (!parse_bracket(text, i, seg, reason)) return false;
            sel.segments.push_back(std::move(seg));
            expect_segment = false;
            continue;
        }
        if (c == '.') {
            if (expect_segment) {
                reason = "empty segment";
                return false;
            }
            ++i;
            expect_segment = true;
            if (i == text.size()) {
                reason = "empty segment";
                return false;
            }
            continue;
        }
        if (!expect_segment) {
            reason = "expected '.' or '['";
            return false;
        }
        if (c == ']') {
            reason = "unexpected ']'";
            return false;
        }
        std::size_t start = i;
        while (i < text.size() && text[i] != '.' && text[i] != '[' && text[i] != ']' && text[i] != '<') ++i;
        std::string_view name = text.substr(start, i - start);
        Segment seg;
        if (name == "*") {
            seg.kind = Segment::Kind::any;
        } else if (name == "**") {
            seg.kind = Segment::Kind::any_depth;
        } else if (name.find('*') != std::string_view::npos) {
            reason = "'*' must be a whole segment";
            return false;
        } else {
            seg.key = std::string(name);
        }
        sel.segments.push_back(std::move(seg));
        expect_segment = false;
    }
    out = std::move(sel);
    return true;
}

Status parse_rules(const std::vector<std::string>& texts, std::vector<Rule>& out) {
    std::vector<Rule> rules;
    rules.reserve(texts.size());
    for (std::size_t k = 0; k < texts.size(); ++k) {
        std::string_view text = texts[k];
        std::string prefix = "rules[" + decimal(k) + "]: ";
        Rule rule;
        std::size_t colon = operator_colon(text);
        if (colon != std::string_view::npos) {
            std::string_view op = text.substr(colon + 1);
            if (!parse_operator(op, rule.op)) return Status::failure(prefix + "unknown operator \"" + clip(op) + "\"");
            text = text.substr(0, colon);
        }
        std::string reason;
        if (!parse_selector(text, rule.selector, reason)) return Status::failure(prefix + reason);
        rules.push_back(std::move(rule));
    }
    out = std::move(rules);
    return Status::success();
}

Status parse_allowed_keys(const std::vector<std::string>& texts, std::vector<Selector>& out) {
    std::vector<Selector> selectors;
    selectors.reserve(texts.size());
    for (std::size_t k = 0; k < texts.size(); ++k) {
        std::string prefix = "allowedKeys[" + decimal(k) + "]: ";
        if (operator_colon(texts[k]) != std::string_view::npos)
            return Status::failure(prefix + "operators are not allowed in allowedKeys");
        Selector sel;
        std::string reason;
        if (!parse_selector(texts[k], sel, reason)) return Status::failure(prefix + reason);
        selectors.push_back(std::move(sel));
    }
    out = std::move(selectors);
    return Status::success();
}

}  // namespace rps::redact
