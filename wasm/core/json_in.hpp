// The one way the core reads JSON (manifest, stored consent): a small value type and a parser
// of its own. The core used nlohmann-json here before; its parser, lexer and document type were
// the largest part of the core module's code, and the whole bundle has a size budget, while
// the core needs only a handful of accessors. The parser keeps nlohmann-json 3.11's behaviour
// exactly: what it accepts (a UTF-8 BOM included), the kind of number each literal reads as,
// its error messages and their byte offsets (tests/core/json_in_test.cpp compares the two on
// the fuzz seed corpora and on generated documents).
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rps {

// A parsed JSON value. An object's members keep the order they were read in; each member is a
// value that carries its key.
class Json {
public:
    enum class Type : unsigned char { null, boolean, number, string, array, object };

    Type type() const { return type_; }
    bool is_null() const { return type_ == Type::null; }
    bool is_boolean() const { return type_ == Type::boolean; }
    bool is_number() const { return type_ == Type::number; }
    bool is_string() const { return type_ == Type::string; }
    bool is_array() const { return type_ == Type::array; }
    bool is_object() const { return type_ == Type::object; }
    // A number written without a fraction or an exponent whose value fits 64 bits (signed when
    // negative); a longer one reads as an inexact number, as in nlohmann-json.
    bool is_integer() const { return is_number() && kind_ != Number::inexact; }
    // An integer written without a minus sign ("-0" is not one).
    bool is_unsigned() const { return is_number() && kind_ == Number::unsigned_integer; }

    bool boolean() const { return boolean_; }
    double number() const { return number_; }
    // An integer's absolute value, exact where number() may have rounded it.
    std::uint64_t magnitude() const { return magnitude_; }
    const std::string& str() const { return text_; }
    // An object member's key.
    const std::string& key() const { return key_; }
    // An array's elements or an object's members, in order.
    const std::vector<Json>& items() const { return items_; }
    std::size_t size() const { return items_.size(); }
    bool empty() const { return items_.empty(); }
    // The member of an object with this key; null if there is none or this is not an object.
    const Json* find(std::string_view key) const;

private:
    friend class JsonReader;
    enum class Number : unsigned char { inexact, negative_integer, unsigned_integer };

    Type type_ = Type::null;
    Number kind_ = Number::inexact;
    bool boolean_ = false;
    double number_ = 0;
    std::uint64_t magnitude_ = 0;
    std::string text_;
    std::string key_;
    std::vector<Json> items_;
};

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
