// Form bodies and query strings: pairs split on '&', keys split on '=' and read as paths
// ("user.phone", "user[phone]", "a[0]"), values percent-decoded for the detectors and
// re-encoded only where something was replaced.
#include <vector>

#include "core/redact/ascii.hpp"
#include "core/redact/format_walkers.hpp"

namespace rps::redact {
namespace {

using Word = PathMatcher::Word;

struct KeyMatch {
    int rule = -1;
    bool allowed = true;
};

// Walks the key's segments; a selector matching the key or one of its prefixes applies
// (a rule on "user" covers "user[phone]", as it would cover a nested JSON member).
KeyMatch match_key(RedactContext& ctx, std::string_view key, std::vector<Word>& a, std::vector<Word>& b) {
    KeyMatch m;
    m.allowed = !ctx.has_allowed;
    std::size_t w = ctx.matcher.words();
    if (w == 0) return m;
    a.assign(w, 0);
    b.assign(w, 0);
    ctx.matcher.start(a.data());
    std::size_t a0 = ctx.rule_count, a1 = ctx.rule_count + ctx.allowed_count;
    std::size_t i = 0;
    while (i < key.size()) {
        std::size_t j = i;
        bool bracket = key[i] == '[';
        if (bracket) {
            ++i;
            j = key.find(']', i);
            if (j == std::string_view::npos) j = key.size();
        } else {
            while (j < key.size() && key[j] != '.' && key[j] != '[') ++j;
        }
        std::string_view seg = key.substr(i, j - i);
        i = j;
        if (bracket && i < key.size()) ++i;  // ']'
        if (i < key.size() && key[i] == '.') ++i;
        PathStep step;
        step.key = seg;
        if (bracket && !seg.empty() && seg.size() <= 9) {
            bool digits = true;
            std::size_t v = 0;
            for (char c : seg) {
                digits = digits && ascii::is_digit(c);
                v = v * 10 + std::size_t(c - '0');
            }
            if (digits) {
                step.is_index = true;
                step.index = v;
            }
        }
        ctx.matcher.step(a.data(), step, b.data());
        a.swap(b);
        if (!m.allowed && ctx.matcher.first_accepting(a.data(), a0, a1) >= 0) m.allowed = true;
        if (m.rule < 0) m.rule = ctx.matcher.first_accepting(a.data(), 0, ctx.rule_count);
    }
    return m;
}

}  // namespace

void walk_form(RedactContext& ctx, std::string_view s, bool query) {
    std::string& out = ctx.out;
    std::size_t begin = 0, end = s.size();
    if (query) {
        std::size_t q = s.find('?');
        if (q != std::string_view::npos) {
            ctx.scan(s.substr(0, q), Encoding::raw, {});
            out.push_back('?');
            begin = q + 1;
        }
        std::size_t hash = s.find('#', begin);
        if (hash != std::string_view::npos) end = hash;
    }
    std::vector<Word> a, b;
    std::string key;
    std::uint32_t emitted = 0;
    std::size_t p = begin;
    while (p <= end) {
        std::size_t amp = s.find('&', p);
        if (amp == std::string_view::npos || amp > end) amp = end;
        std::string_view pair = s.substr(p, amp - p);
        std::size_t eq = pair.find('=');
        std::string_view raw_key = pair.substr(0, eq);
        std::string_view raw_value = eq == std::string_view::npos ? std::string_view() : pair.substr(eq + 1);
        key.assign(ctx.decode(raw_key, Encoding::form));

        KeyMatch m = match_key(ctx, key, a, b);
        bool drop = !m.allowed && !pair.empty();
        if (drop) ++ctx.counts.allowed_drops;
        if (!drop && m.rule >= 0) {
            ++ctx.counts.rules[std::size_t(m.rule)];
            drop = ctx.policy.rules[std::size_t(m.rule)].op.kind == OpKind::remove;
        }
        if (!drop) {
            if (emitted > 0) out.push_back('&');
            ++emitted;
            if (eq == std::string_view::npos) {
                // A pair without '=' ("?alice@example.com&x=1") is data as much as a name.
                ctx.scan(pair, Encoding::form, {});
            } else {
                ctx.scan(raw_key, Encoding::form, {});  // a name can be personal data too, as in JSON
                out.push_back('=');
                if (m.rule >= 0)
                    ctx.write_rule(raw_value, Encoding::form, ctx.policy.rules[std::size_t(m.rule)].op);
                else if ((ctx.enabled & detector_bit(Detector::token_param)) && !raw_value.empty() &&
                         is_secret_name(key, false))
                    ctx.write_whole_finding(raw_value, Encoding::form, Detector::token_param);
                else
                    ctx.scan(raw_value, Encoding::form, key);
            }
        }
        if (amp >= end) break;
        p = amp + 1;
    }
    if (end < s.size()) ctx.scan(s.substr(end), Encoding::raw, {});
}

}  // namespace rps::redact
