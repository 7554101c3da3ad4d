// Small text helpers shared by the core's messages (engine, manifest, JSON reader, bindings).
#pragma once

#include <string>
#include <string_view>

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

}  // namespace rps
