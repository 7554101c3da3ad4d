#include "core/redact/path_matcher.hpp"

#include "core/redact/ascii.hpp"

namespace rps::redact {
namespace {

bool segment_matches(const Segment& seg, const PathStep& step) {
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
            return true;
    }
    return false;
}

}  // namespace

PathMatcher::PathMatcher(const std::vector<const Selector*>& selectors) {
    for (const Selector* sel : selectors) {
        first_state_.push_back(segments_.size());
        for (const Segment& seg : sel->segments) {
            segments_.push_back(seg);
            accepting_.push_back(0);
        }
        segments_.emplace_back();
        accepting_.push_back(1);
    }
    first_state_.push_back(segments_.size());
    states_ = segments_.size();
    words_ = (states_ + 63) / 64;
}

void PathMatcher::close(Word* s) const {
    // "**" may match nothing: whoever sits before it also sits after it. States of one
    // selector are consecutive, so one forward sweep handles chains like "**.**.x".
    for (std::size_t id = 0; id < states_; ++id)
        if (!accepting_[id] && segments_[id].kind == Segment::Kind::any_depth && test(s, id)) set(s, id + 1);
}

void PathMatcher::start(Word* out) const {
    for (std::size_t w = 0; w < words_; ++w) out[w] = 0;
    for (std::size_t k = 0; k + 1 < first_state_.size(); ++k) set(out, first_state_[k]);
    close(out);
}

void PathMatcher::step(const Word* from, const PathStep& step, Word* to) const {
    for (std::size_t w = 0; w < words_; ++w) to[w] = 0;
    for (std::size_t w = 0; w < words_; ++w) {
        Word bits = from[w];
        while (bits) {
            std::size_t id = w * 64 + std::size_t(__builtin_ctzll(bits));
            bits &= bits - 1;
            if (accepting_[id]) continue;
            const Segment& seg = segments_[id];
            if (seg.kind == Segment::Kind::any_depth) {
                set(to, id);
            } else if (segment_matches(seg, step)) {
                set(to, id + 1);
            }
        }
    }
    close(to);
}

int PathMatcher::first_accepting(const Word* states, std::size_t begin, std::size_t end) const {
    for (std::size_t k = begin; k < end && k + 1 < first_state_.size(); ++k)
        if (test(states, first_state_[k + 1] - 1)) return int(k);
    return -1;
}

bool PathMatcher::any_pending(const Word* states, std::size_t begin, std::size_t end) const {
    if (end + 1 > first_state_.size()) end = first_state_.size() - 1;
    for (std::size_t k = begin; k < end; ++k)
        for (std::size_t id = first_state_[k]; id + 1 < first_state_[k + 1]; ++id)
            if (test(states, id)) return true;
    return false;
}

}  // namespace rps::redact
