// What a RedactResult's copies promise (see CopySpan): each lies inside the body and the
// input, they come in output order without overlapping, and each is a byte-exact copy.
// Returns "" when they hold, else what broke. Shared by the Catch2 tests and the fuzz target.
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
    return "";
}

}  // namespace rps::redact::testing
