#include "core/redact/path_matcher.hpp"

#include "core/redact/ascii.hpp"

namespace rps::redact {
namespace {

bool segment_matches(const Segment& seg, const PathStep& step) {
    if (step.into_json || seg.kind == Segment::Kind::json_text) return step.into_json && seg.kind == Segment::Kind::json_text;
    switch (seg.kind) {
        case Segment::Kind::any:
            return true;
        case Segment::Kind::any_index:
            return step.is_index;
        case Segment::Kind::index:
            return step.is_index && step.index == seg.index;
        case Segment::Kind::key:
            if (!step.is_index) return step.key == seg.key;
            // "a.0.b" reads as an index, like in most path syntaxes.
            if (seg.key.empty() || seg.key.size() > 9) return false;
            {
                std::size_t v = 0;
                for (char c : seg.key) {
                    if (!ascii::is_digit(c)) return false;
                    v = v * 10 + std::size_t(c - '0');
                }
                return v == step.index;
            }
        case Segment::Kind::any_depth:
        case Segment::Kind::json_text:
            return true;
    }
    return false;
}

}  // namespace

PathMatcher::PathMatcher(const std::vector<const Selector*>& selectors) {
    auto t = std::make_shared<Tables>();
    for (const Selector* sel : selectors) {
        t->first_state.push_back(t->segments.size());
        for (const Segment& seg : sel->segments) {
            t->segments.push_back(seg);
            t->accepting.push_back(0);
            t->has_json = t->has_json || seg.kind == Segment::Kind::json_text;
        }
        t->segments.emplace_back();
        t->accepting.push_back(1);
    }
    t->first_state.push_back(t->segments.size());
    t->states = t->segments.size();
    t->words = (t->states + 63) / 64;
    t_ = std::move(t);
}

void PathMatcher::close(Word* s) const {
    // "**" may match nothing: whoever sits before it also sits after it. States of one
    // selector are consecutive, so one forward sweep handles chains like "**.**.x".
    const Tables& t = *t_;
    for (std::size_t id = 0; id < t.states; ++id)
        if (!t.accepting[id] && t.segments[id].kind == Segment::Kind::any_depth && test(s, id)) set(s, id + 1);
}

void PathMatcher::start(Word* out) const {
    const Tables& t = *t_;
    for (std::size_t w = 0; w < t.words; ++w) out[w] = 0;
    for (std::size_t k = 0; k + 1 < t.first_state.size(); ++k) set(out, t.first_state[k]);
    close(out);
}

void PathMatcher::step(const Word* from, const PathStep& step, Word* to) const {
    const Tables& t = *t_;
    for (std::size_t w = 0; w < t.words; ++w) to[w] = 0;
    for (std::size_t w = 0; w < t.words; ++w) {
        Word bits = from[w];
        while (bits) {
            std::size_t id = w * 64 + std::size_t(__builtin_ctzll(bits));
            bits &= bits - 1;
            if (t.accepting[id]) continue;
            const Segment& seg = t.segments[id];
            if (seg.kind == Segment::Kind::any_depth && !step.into_json) {
                set(to, id);
            } else if (segment_matches(seg, step)) {
                set(to, id + 1);
            }
        }
    }
    close(to);
}

int PathMatcher::first_accepting(const Word* states, std::size_t begin, std::size_t end) const {
    const std::vector<std::size_t>& first = t_->first_state;
    for (std::size_t k = begin; k < end && k + 1 < first.size(); ++k)
        if (test(states, first[k + 1] - 1)) return int(k);
    return -1;
}

bool PathMatcher::any_pending(const Word* states, std::size_t begin, std::size_t end) const {
    const std::vector<std::size_t>& first = t_->first_state;
    if (end + 1 > first.size()) end = first.size() - 1;
    for (std::size_t k = begin; k < end; ++k)
        for (std::size_t id = first[k]; id + 1 < first[k + 1]; ++id)
            if (test(states, id)) return true;
    return false;
}

}  // namespace rps::redact
