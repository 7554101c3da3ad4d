#include "core/json_out.hpp"

#include "core/utf8.hpp"

namespace rps::json_out {

void append_string(std::string& out, std::string_view text) {
    static constexpr char kHex[] = "0123456789abcdef";
    out.push_back('"');
    for (std::size_t i = 0; i < text.size(); ++i) {
        const char c = text[i];
        const auto byte = static_cast<unsigned char>(c);
        if (byte >= 0x80) {
            // Text from outside (a parser's error message quoting the input, a reason from
            // JS) may hold invalid UTF-8; the output must stay valid JSON: U+FFFD stands in.
            const std::size_t length = utf8_sequence(text, i);
            if (length == 0) {
                out += "\xEF\xBF\xBD";
            } else {
                out.append(text.substr(i, length));
                i += length - 1;
            }
            continue;
        }
        switch (c) {
            case '"': out += "\\\""; break;
            case '\\': out += "\\\\"; break;
            case '\n': out += "\\n"; break;
            case '\r': out += "\\r"; break;
            case '\t': out += "\\t"; break;
            default:
                if (byte < 0x20) {
                    out += "\\u00";
                    out.push_back(kHex[byte >> 4]);
                    out.push_back(kHex[byte & 0xF]);
                } else {
                    out.push_back(c);
                }
        }
    }
    out.push_back('"');
}

void append_int(std::string& out, std::int64_t value) {
    char digits[24];
    int n = 0;
    const bool negative = value < 0;
    // Work in unsigned space so INT64_MIN does not overflow on negation.
    std::uint64_t magnitude = negative ? 0 - static_cast<std::uint64_t>(value) : static_cast<std::uint64_t>(value);
    do {
        digits[n++] = static_cast<char>('0' + magnitude % 10);
        magnitude /= 10;
    } while (magnitude != 0);
    if (negative) out.push_back('-');
    while (n > 0) out.push_back(digits[--n]);
}

void append_time(std::string& out, double ms) {
    // NaN or absurd clocks are written as 0 rather than as invalid JSON.
    if (!(ms > -9.0e15 && ms < 9.0e15)) ms = 0;
    append_int(out, static_cast<std::int64_t>(ms));
}

void append_string_array(std::string& out, const std::vector<std::string>& items) {
    out.push_back('[');
    for (std::size_t i = 0; i < items.size(); ++i) {
        if (i) out.push_back(',');
        append_string(out, items[i]);
    }
    out.push_back(']');
}

void append_key(std::string& out, std::string_view key) {
    append_string(out, key);
    out.push_back(':');
}

std::string& Object::member(std::string_view key) {
    if (!first_) out_.push_back(',');
    first_ = false;
    append_key(out_, key);
    return out_;
}

Object& Object::text(std::string_view key, std::string_view value) {
    append_string(member(key), value);
    return *this;
}

Object& Object::integer(std::string_view key, std::int64_t value) {
    append_int(member(key), value);
    return *this;
}

Object& Object::time(std::string_view key, double ms) {
    append_time(member(key), ms);
    return *this;
}

Object& Object::raw(std::string_view key, std::string_view json) {
    member(key) += json;
    return *this;
}

}  // namespace rps::json_out
