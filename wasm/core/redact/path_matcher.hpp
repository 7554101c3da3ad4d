// Matches the path of the value being read against many selectors at once, one step per
// path segment. Each selector is a small NFA; the set of live NFA states is a bitset, so a
// step costs O(live states) whatever the depth, and the redactor keeps one bitset per open
// container instead of the whole path (10,000-deep documents do not make matching slower).
#pragma once

#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

#include "core/redact/rules.hpp"

namespace rps::redact {

struct PathStep {
    std::string_view key;   // object member (decoded key)
    std::size_t index = 0;  // array element
    bool is_index = false;
};

class PathMatcher {
public:
    using Word = std::uint64_t;

    PathMatcher() = default;
    // The selectors are copied; their order is the priority order for first_accepting().
    explicit PathMatcher(const std::vector<const Selector*>& selectors);

    std::size_t words() const { return words_; }
    bool empty() const { return selector_count() == 0; }
    std::size_t selector_count() const { return first_state_.empty() ? 0 : first_state_.size() - 1; }

    // Writes the state set of the root (empty path) into `out` (words() words).
    void start(Word* out) const;
    // `to` = states after reading `step` from `from`. `from` and `to` must not overlap.
    void step(const Word* from, const PathStep& step, Word* to) const;

    // Index of the first selector in [begin, end) that matches the path exactly, or -1.
    int first_accepting(const Word* states, std::size_t begin, std::size_t end) const;
    // Some selector in [begin, end) could still match a longer path.
    bool any_pending(const Word* states, std::size_t begin, std::size_t end) const;

private:
    void set(Word* s, std::size_t id) const { s[id / 64] |= Word(1) << (id % 64); }
    bool test(const Word* s, std::size_t id) const { return (s[id / 64] >> (id % 64)) & 1; }
    void close(Word* s) const;

    std::vector<Segment> segments_;        // per state; the accepting state's is unused
    std::vector<std::uint8_t> accepting_;  // per state
    std::vector<std::size_t> first_state_; // per selector, plus one past the end
    std::size_t states_ = 0;
    std::size_t words_ = 0;
};

}  // namespace rps::redact
