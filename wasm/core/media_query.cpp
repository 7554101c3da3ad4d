#include "core/media_query.hpp"

#include <cmath>
#include <cstddef>

#include "core/redact/ascii.hpp"

namespace rps {
namespace {

using redact::ascii::has_lower_at;
using redact::ascii::is_digit;
using redact::ascii::lower;

// Valid in every browser with matchMedia, and true or false whatever the window.
constexpr std::string_view kAlwaysTrue = "(min-width: 0px)";
constexpr std::string_view kAlwaysFalse = "((min-width: 1px) and (max-width: 0px))";

// A letter of a CSS name (the underscore included), either case.
bool is_letter(char c) { return redact::ascii::is_alpha(c) || c == '_'; }

// `s` starts with the lower-case `prefix`, or is `name`, whatever the case of s.
bool starts_with(std::string_view s, std::string_view prefix) { return has_lower_at(s, 0, prefix); }
bool same_name(std::string_view s, std::string_view name) { return s.size() == name.size() && has_lower_at(s, 0, name); }

enum class Feature { none, width, height, aspect_ratio, resolution, webkit_ratio };
enum class Bound { exact, min, max };

unsigned kinds_of(Feature f) {
    if (f == Feature::none) return 0;
    return f == Feature::resolution || f == Feature::webkit_ratio ? kRatioFeatures : kScreenFeatures;
}

Feature feature_named(std::string_view name, Bound& bound) {
    bound = Bound::exact;
    bool webkit = starts_with(name, "-webkit-");
    if (webkit) name.remove_prefix(8);
    if (starts_with(name, "min-") || starts_with(name, "max-")) {
        bound = lower(name[1]) == 'i' ? Bound::min : Bound::max;
        name.remove_prefix(4);
    }
    if (webkit) return same_name(name, "device-pixel-ratio") ? Feature::webkit_ratio : Feature::none;
    if (same_name(name, "device-width")) return Feature::width;
    if (same_name(name, "device-height")) return Feature::height;
    if (same_name(name, "device-aspect-ratio")) return Feature::aspect_ratio;
    if (same_name(name, "resolution")) return Feature::resolution;
    return Feature::none;
}

// A group that may hide a device feature from this reader: its name in it anywhere, an escape
// ("\64 evice-width" is device-width to the browser) or a comment. Unreadable, it is false.
bool may_name_a_device_feature(std::string_view inner) {
    static constexpr std::string_view kWords[] = {"\\", "/*", "device-width", "device-height", "device-aspect-ratio",
                                                  "device-pixel-ratio", "resolution"};
    for (std::size_t i = 0; i < inner.size(); ++i)
        for (std::string_view word : kWords)
            if (starts_with(inner.substr(i), word)) return true;
    return false;
}

struct Token {
    enum Kind { name, number, less, greater, equal, colon, slash, other } kind = other;
    std::string_view text;   // a name; a number's unit
    double value = 0;        // a number's
    bool or_equal = false;   // "<=" / ">="
};

// The tokens of a group's inside; false when it holds anything else.
bool tokens_of(std::string_view s, Token (&out)[8], std::size_t& count) {
    count = 0;
    std::size_t i = 0;
    while (i < s.size()) {
        const char c = s[i];
        if (c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\f') {
            ++i;
            continue;
        }
        if (count == 8) return false;
        Token& t = out[count++];
        const std::size_t start = i;
        if (is_letter(c) || (c == '-' && i + 1 < s.size() && (is_letter(s[i + 1]) || s[i + 1] == '-'))) {
            while (i < s.size() && (is_letter(s[i]) || is_digit(s[i]) || s[i] == '-')) ++i;
            t.kind = Token::name;
            t.text = s.substr(start, i - start);
        } else if (is_digit(c) || c == '.' || c == '+' || c == '-') {
            // A CSS number, [+-] digits [. digits] [e [+-] digits], read as it goes: exact
            // enough for comparing sizes and ratios (equal_enough).
            if (c == '+' || c == '-') ++i;
            double value = 0;
            int scale = 0;
            bool fraction = false, digits = false;
            for (; i < s.size() && (is_digit(s[i]) || (s[i] == '.' && !fraction)); ++i) {
                if (s[i] == '.') {
                    fraction = true;
                    continue;
                }
                value = value * 10 + (s[i] - '0');
                scale -= fraction;
                digits = true;
            }
            if (!digits) return false;
            const std::size_t sign = i + 1 < s.size() && (s[i + 1] == '+' || s[i + 1] == '-') ? 1 : 0;
            if (i + 1 + sign < s.size() && lower(s[i]) == 'e' && is_digit(s[i + 1 + sign])) {
                const bool down = sign && s[i + 1] == '-';
                int exponent = 0;
                for (i += 1 + sign; i < s.size() && is_digit(s[i]); ++i)
                    if (exponent < 400) exponent = exponent * 10 + (s[i] - '0');
                scale += down ? -exponent : exponent;
            }
            for (; scale > 0; --scale) value *= 10;
            for (; scale < 0; ++scale) value /= 10;
            if (!std::isfinite(value)) return false;
            t.value = c == '-' ? -value : value;
            const std::size_t unit = i;
            while (i < s.size() && is_letter(s[i])) ++i;
            t.kind = Token::number;
            t.text = s.substr(unit, i - unit);
        } else {
            ++i;
            t.kind = c == '<' ? Token::less : c == '>' ? Token::greater : c == '=' ? Token::equal
                     : c == ':' ? Token::colon : c == '/' ? Token::slash : Token::other;
            if ((t.kind == Token::less || t.kind == Token::greater) && i < s.size() && s[i] == '=') {
                t.or_equal = true;
                ++i;
            }
            if (t.kind == Token::other) return false;
        }
    }
    return true;
}

// A length in CSS pixels (media queries' em and rem are the initial font size, 16px).
bool length_of(const Token& t, double& px) {
    static constexpr struct { std::string_view unit; double px; } kUnits[] = {
        {"px", 1}, {"em", 16}, {"rem", 16}, {"in", 96}, {"cm", 96 / 2.54}, {"mm", 96 / 25.4}, {"q", 96 / 101.6},
        {"pt", 96.0 / 72}, {"pc", 16}};
    if (t.kind != Token::number) return false;
    if (t.text.empty()) {
        px = 0;
        return t.value == 0;
    }
    for (const auto& u : kUnits) {
        if (same_name(t.text, u.unit)) {
            px = t.value * u.px;
            return true;
        }
    }
    return false;
}

// A resolution in dots per CSS pixel.
bool resolution_of(const Token& t, double& dppx) {
    if (t.kind == Token::name && same_name(t.text, "infinite")) {
        dppx = HUGE_VAL;
        return true;
    }
    if (t.kind != Token::number) return false;
    if (same_name(t.text, "dppx") || same_name(t.text, "x")) dppx = t.value;
    else if (same_name(t.text, "dpi")) dppx = t.value / 96;
    else if (same_name(t.text, "dpcm")) dppx = t.value * 2.54 / 96;
    else return false;
    return true;
}

// The value of `f` at tokens[k]: one token, or "a / b" for a ratio; `used` says how many.
bool value_of(Feature f, const Token* tokens, std::size_t left, double& value, std::size_t& used) {
    if (left == 0) return false;
    used = 1;
    const Token& t = tokens[0];
    switch (f) {
        case Feature::width:
        case Feature::height:
            return length_of(t, value);
        case Feature::resolution:
            return resolution_of(t, value);
        case Feature::webkit_ratio:
            value = t.value;
            return t.kind == Token::number && t.text.empty();
        case Feature::aspect_ratio:
            if (t.kind != Token::number || !t.text.empty()) return false;
            value = t.value;
            if (left >= 3 && tokens[1].kind == Token::slash && tokens[2].kind == Token::number &&
                tokens[2].text.empty()) {
                if (tokens[2].value == 0) return false;
                value /= tokens[2].value;
                used = 3;
            }
            return true;
        case Feature::none:
            return false;
    }
    return false;
}

double actual(Feature f, const ScreenView& view) {
    switch (f) {
        case Feature::width: return view.width;
        case Feature::height: return view.height;
        case Feature::aspect_ratio: return view.height > 0 ? view.width / view.height : 0;
        default: return view.pixel_ratio;
    }
}

// Equal but for the rounding of unit conversions ("192dpi" is 2dppx); infinite only to itself.
bool equal_enough(double a, double b) {
    if (std::isinf(a) || std::isinf(b)) return a == b;
    return std::fabs(a - b) <= 1e-9 * (1 + std::fabs(a) + std::fabs(b));
}

// `a op b`, op being the comparison token.
bool compare(double a, const Token& op, double b) {
    if (op.kind == Token::equal) return equal_enough(a, b);
    if (op.or_equal && equal_enough(a, b)) return true;
    return op.kind == Token::less ? a < b : a > b;
}

bool is_comparison(const Token& t) {
    return t.kind == Token::less || t.kind == Token::greater || t.kind == Token::equal;
}

// The group's inside as a device condition: its kinds (0: not one) and, with a view, whether it
// holds. Forms: "name", "name: value", "name op value", "value op name", "v op name op v".
unsigned device_condition(std::string_view inner, const ScreenView* view, bool& holds) {
    holds = false;
    Token t[8];
    std::size_t n = 0;
    const bool suspicious = may_name_a_device_feature(inner);
    const unsigned unreadable = suspicious ? kScreenFeatures | kRatioFeatures : 0;
    if (!tokens_of(inner, t, n) || n == 0) return unreadable;
    // Where the feature's name is: first, or after a value and a comparison.
    std::size_t at = t[0].kind == Token::name ? 0 : n;
    for (std::size_t k = 1; at == n && k < n; ++k)
        if (t[k].kind == Token::name && is_comparison(t[k - 1])) at = k;
    if (at == n) return unreadable;
    Bound bound;
    const Feature f = feature_named(t[at].text, bound);
    if (f == Feature::none) return unreadable;
    const unsigned kinds = kinds_of(f);
    const double real = view ? actual(f, *view) : 0;
    double v = 0, w = 0;
    std::size_t used = 0, used2 = 0;
    if (at == 0 && n == 1) {  // boolean context: true unless zero
        holds = bound == Bound::exact && f != Feature::webkit_ratio && real != 0;
        return kinds;
    }
    if (at == 0 && t[1].kind == Token::colon) {
        if (!value_of(f, t + 2, n - 2, v, used) || 2 + used != n) return kinds;
        holds = bound == Bound::min ? real >= v || equal_enough(real, v)
                : bound == Bound::max ? real <= v || equal_enough(real, v)
                                      : equal_enough(real, v);
        return kinds;
    }
    // The range syntax takes no min-/max- prefix and no -webkit- feature.
    if (bound != Bound::exact || f == Feature::webkit_ratio) return kinds;
    if (at == 0) {
        if (!is_comparison(t[1]) || !value_of(f, t + 2, n - 2, v, used) || 2 + used != n) return kinds;
        holds = compare(real, t[1], v);
        return kinds;
    }
    // "v op name" or "v op name op w": the value before the comparison, read backwards from it.
    const std::size_t before = at - 1;  // the comparison
    const std::size_t first = before >= 3 && t[before - 2].kind == Token::slash ? before - 3 : before - 1;
    if (first != 0 || !value_of(f, t, before, v, used) || used != before) return kinds;
    if (at + 1 == n) {
        holds = compare(v, t[before], real);
        return kinds;
    }
    const Token& op2 = t[at + 1];
    if (!is_comparison(op2) || !value_of(f, t + at + 2, n - at - 2, w, used2) || at + 2 + used2 != n) return kinds;
    // Both comparisons point the same way ("a < x < b", "a > x > b"); never "=".
    if (t[before].kind == Token::equal || op2.kind != t[before].kind) return kinds;
    holds = compare(v, t[before], real) && compare(real, op2, w);
    return kinds;
}

// Calls each(begin, inner, end) for every innermost parenthesized group of `query`: [begin,
// end) is the group with its parentheses, `inner` what is between them. A group still open at
// the end is one too, to the end: CSS closes what the text leaves open.
template <typename Each>
void each_group(std::string_view query, Each each) {
    std::size_t open = std::string_view::npos;
    for (std::size_t i = 0; i < query.size(); ++i) {
        if (query[i] == '(') {
            open = i;
        } else if (query[i] == ')' && open != std::string_view::npos) {
            each(open, query.substr(open + 1, i - open - 1), i + 1);
            open = std::string_view::npos;
        }
    }
    if (open != std::string_view::npos) each(open, query.substr(open + 1), query.size());
}

// The query with its device conditions answered for `view`; `kinds` the kinds it names. A
// device feature's name left anywhere else (inside a function, outside parentheses), an escape
// or a comment make the whole query false: never the browser's to evaluate on the device.
std::string rewrite(std::string_view query, const ScreenView& view, unsigned& kinds) {
    kinds = 0;
    std::string out;
    std::size_t copied = 0;
    each_group(query, [&](std::size_t begin, std::string_view inner, std::size_t end) {
        bool holds = false;
        const unsigned named = device_condition(inner, &view, holds);
        if (!named) return;
        kinds |= named;
        out.append(query.substr(copied, begin - copied)).append(holds ? kAlwaysTrue : kAlwaysFalse);
        copied = end;
    });
    out.append(query.substr(copied));
    if (may_name_a_device_feature(out)) {
        kinds = kScreenFeatures | kRatioFeatures;
        return "not all";
    }
    return out;
}

}  // namespace

unsigned media_device_features(std::string_view query) {
    unsigned kinds = 0;
    rewrite(query, ScreenView{}, kinds);
    return kinds;
}

std::string answer_media_query(std::string_view query, const ScreenView& view) {
    unsigned kinds = 0;
    return rewrite(query, view, kinds);
}

}  // namespace rps
