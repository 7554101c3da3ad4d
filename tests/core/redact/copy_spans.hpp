// What a RedactResult's copies promise (see CopySpan): each lies inside the body and the
// input, they come in output order without overlapping, each is a byte-exact copy, and a
// body equal to its non-empty input is one copy of all of it (the JS side then returns the
// string it holds). Returns "" when they hold, else what broke. Shared by the Catch2 tests and the fuzz target.
#pragma once

#include <string>
#include <string_view>

#include "core/redact/redactor.hpp"

namespace rps::redact::testing {

inline std::string copy_spans_problem(std::string_view input, const RedactResult& r) {
    std::size_t out_end = 0;
    for (const CopySpan& c : r.copies) {
        if (c.length == 0) return "empty copy span";
        if (c.out_begin < out_end) return "copy spans overlap or are out of order";
        if (std::size_t(c.out_begin) + c.length > r.body.size()) return "copy span beyond the body";
        if (std::size_t(c.in_begin) + c.length > input.size()) return "copy span beyond the input";
        if (std::string_view(r.body).substr(c.out_begin, c.length) != input.substr(c.in_begin, c.length))
            return "copy span does not match the input";
        out_end = std::size_t(c.out_begin) + c.length;
    }
    if (!input.empty() && r.body == input) {
        const bool one_whole_copy =
            r.copies.size() == 1 && r.copies[0].in_begin == 0 && r.copies[0].length == input.size();
        if (!one_whole_copy) return "unchanged body is not one copy of the whole input";
    }
    return "";
}

}  // namespace rps::redact::testing
