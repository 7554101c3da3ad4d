// The one way the core reads JSON (manifest, stored consent): nlohmann's SAX parser feeding
// a checking layer that builds the DOM. One parser instantiation keeps the WASM small.
#pragma once

#include <string>
#include <string_view>

#include <nlohmann/json.hpp>

namespace rps {

using Json = nlohmann::ordered_json;

struct JsonRead {
    Json value;
    std::string error_path;  // "$" or the object holding a duplicate key
    std::string error;       // empty when the text parsed

    bool ok() const { return error.empty(); }
};

// Refuses syntax errors (with the byte offset), duplicate keys and nesting deeper than
// max_depth, without recursing: a hostile document cannot exhaust the stack. Linear in the
// text's length, however many keys an object has.
JsonRead read_json(std::string_view text, int max_depth);

}  // namespace rps
