// Minimal JSON writing (ledger, consent state, answers to the page): the core has no JSON
// library, so no general serializer comes into the bundle.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rps::json_out {

// Appends `text` as a JSON string literal (quotes included). Control characters are escaped;
// valid UTF-8 is copied, and each byte of an invalid sequence becomes U+FFFD, so the output
// is always valid JSON.
void append_string(std::string& out, std::string_view text);

// Appends an integer without going through printf (keeps float formatting out of the WASM).
void append_int(std::string& out, std::int64_t value);

// Milliseconds since the epoch, written as a whole number.
void append_time(std::string& out, double ms);

// ["a","b"]: each item as append_string writes it.
void append_string_array(std::string& out, const std::vector<std::string>& items);

// `"key":` with the separator the caller decides.
void append_key(std::string& out, std::string_view key);

// Writes one JSON object member by member: `{` on construction, `}` on close().
class Object {
public:
    explicit Object(std::string& out) : out_(out) { out_.push_back('{'); }
    Object& text(std::string_view key, std::string_view value);
    Object& integer(std::string_view key, std::int64_t value);
    Object& time(std::string_view key, double ms);
    Object& raw(std::string_view key, std::string_view json);  // an already-serialized value
    std::string& member(std::string_view key);                  // for a value written in place
    void close() { out_.push_back('}'); }

private:
    std::string& out_;
    bool first_ = true;
};

}  // namespace rps::json_out
