// Small text helpers shared by the core's messages (engine, manifest, JSON reader, bindings).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>

#include "core/json_out.hpp"

namespace rps {

// A name or value quoted the one way every message of the core quotes it: "text".
inline std::string in_quotes(std::string_view text) {
    std::string out;
    out.reserve(text.size() + 2);
    out.push_back('"');
    out.append(text);
    out.push_back('"');
    return out;
}

// A whole number in decimal, for messages. Not std::to_string: that would bring libc++'s
// own number formatting (and its digit table) into the module beside json_out's.
inline std::string decimal(std::int64_t value) {
    std::string out;
    json_out::append_int(out, value);
    return out;
}

}  // namespace rps
