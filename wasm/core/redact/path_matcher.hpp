// Matches the path of the value being read against many selectors at once, one step per
// path segment. Each selector is a small NFA; the set of live NFA states is a bitset, so a
// step costs O(live states) whatever the depth, and the redactor keeps one bitset per open
// container instead of the whole path (10,000-deep documents do not make matching slower).
// A JSON document held in a string value is entered by one more step, `into_json`, which only
// a "<json>" segment reads: "*" and "**" stop at the string's edge.
#pragma once

#include <cstddef>
#include <cstdint>
#include <memory>
#include <string_view>
#include <vector>

#include "core/redact/rules.hpp"

namespace rps::redact {

struct PathStep {
    std::string_view key;   // object member (decoded key)
    std::size_t index = 0;  // array element
    bool is_index = false;
    bool into_json = false;  // from a string value into the JSON document it holds
};

class PathMatcher {
public:
    using Word = std::uint64_t;

    PathMatcher() = default;
    // The selectors are copied; their order is the priority order for first_accepting().
    explicit PathMatcher(const std::vector<const Selector*>& selectors);

    std::size_t words() const { return t_ ? t_->words : 0; }
    bool empty() const { return selector_count() == 0; }
    std::size_t selector_count() const { return t_ && !t_->first_state.empty() ? t_->first_state.size() - 1 : 0; }
    // Some selector has a "<json>" segment: only then can a path go on inside a string.
    bool reaches_into_strings() const { return t_ && t_->has_json; }

    // Writes the state set of the root (empty path) into `out` (words() words).
    void start(Word* out) const;
    // `to` = states after reading `step` from `from`. `from` and `to` must not overlap.
    void step(const Word* from, const PathStep& step, Word* to) const;

    // Index of the first selector in [begin, end) that matches the path exactly, or -1.
    int first_accepting(const Word* states, std::size_t begin, std::size_t end) const;
    // Some selector in [begin, end) could still match a longer path.
    bool any_pending(const Word* states, std::size_t begin, std::size_t end) const;

private:
    static void set(Word* s, std::size_t id) { s[id / 64] |= Word(1) << (id % 64); }
    static bool test(const Word* s, std::size_t id) { return (s[id / 64] >> (id % 64)) & 1; }
    void close(Word* s) const;

    // Immutable once built, and shared: the redactor of a JSON document inside a string
    // matches with its parent's matcher, and copying it must not copy the selectors.
    struct Tables {
        std::vector<Segment> segments;        // per state; the accepting state's is unused
        std::vector<std::uint8_t> accepting;  // per state
        std::vector<std::size_t> first_state; // per selector, plus one past the end
        std::size_t states = 0;
        std::size_t words = 0;
        bool has_json = false;
    };
    std::shared_ptr<const Tables> t_;
};

}  // namespace rps::redact
