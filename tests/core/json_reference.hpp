// The oracle the core's JSON reader (core/json_in.hpp) is held to: the reader the core had
// before, nlohmann-json's SAX parser with the same checks (depth, duplicate keys, NUL bytes)
// and messages. Shared by tests/core/json_in_test.cpp and the manifest fuzz target.
#pragma once

#include <cmath>
#include <cstdint>
#include <cstring>
#include <string>
#include <string_view>
#include <unordered_set>
#include <vector>

#include <nlohmann/json.hpp>

#include "core/c_text.hpp"
#include "core/json_in.hpp"

namespace rps::test {

struct ReferenceRead {
    nlohmann::ordered_json value;
    std::string error_path;
    std::string error;
    // A number near the largest double that the WASM build's strtod (c_text::parse_double,
    // which the core's reader uses) and glibc's round to different sides of infinity: the
    // one reader refuses it, the other does not.
    bool strtod_differs = false;

    bool ok() const { return error.empty(); }
};

namespace reference_detail {

using Json = nlohmann::ordered_json;

struct JsonError {
    std::string path;
    std::string reason;
};

// Appends without the lookup nlohmann's own builder does (quadratic for ordered_json).
class DomBuilder {
public:
    explicit DomBuilder(Json& root) : root_(root) {}

    void add(Json value) { place(std::move(value)); }
    void open(Json::value_t type) { open_.push_back(place(Json(type))); }
    void close() { open_.pop_back(); }
    void key(const std::string& k) {
        auto& members = static_cast<Json::object_t::Container&>(*open_.back()->get_ptr<Json::object_t*>());
        members.emplace_back(k, nullptr);
        member_ = &members.back().second;
    }

private:
    Json* place(Json value) {
        if (open_.empty()) {
            root_ = std::move(value);
            return &root_;
        }
        if (Json::array_t* array = open_.back()->get_ptr<Json::array_t*>()) {
            array->push_back(std::move(value));
            return &array->back();
        }
        *member_ = std::move(value);
        return member_;
    }

    Json& root_;
    std::vector<Json*> open_;
    Json* member_ = nullptr;
};

class CheckingSax {
public:
    CheckingSax(Json& result, int max_depth) : dom_(result), max_depth_(max_depth) {}

    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(Json::number_integer_t v) { return value(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return value(v); }
    // As the WASM build read it: its strtod is c_text::parse_double.
    bool number_float(Json::number_float_t, const Json::string_t& text) {
        const double v = c_text::parse_double(text.c_str(), nullptr);
        if (!std::isfinite(v)) strtod_differs = true;
        return value(v);
    }
    bool string(Json::string_t& v) { return value(std::move(v)); }
    bool binary(Json::binary_t&) { return false; }

    bool start_object(std::size_t) { return open(Frame{true, {}, 0, {}}, Json::value_t::object); }
    bool start_array(std::size_t) { return open(Frame{false, {}, 0, {}}, Json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& k) {
        Frame& frame = frames_.back();
        if (!frame.keys.insert(k).second) {
            error_ = JsonError{path_here(), "duplicate key \"" + k + "\""};
            return false;
        }
        frame.key = k;
        dom_.key(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string& token, const nlohmann::detail::exception& ex) {
        std::string what = ex.what();
        const auto colon = what.find(": ");
        if (colon != std::string::npos) what = what.substr(colon + 2);
        const std::size_t byte = position > 0 ? position - 1 : 0;
        error_ = JsonError{"$", "invalid JSON at byte " + std::to_string(byte) + ": " + what};
        if (ex.id == 406 && std::isfinite(c_text::parse_double(token.c_str(), nullptr))) strtod_differs = true;
        return false;
    }

    const JsonError& error() const { return error_; }
    bool strtod_differs = false;

private:
    struct Frame {
        bool object;
        std::string key;
        std::size_t index = 0;
        std::unordered_set<std::string> keys;
    };

    void count_element() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
    }

    bool value(Json v) {
        count_element();
        dom_.add(std::move(v));
        return true;
    }

    bool open(Frame frame, Json::value_t type) {
        count_element();
        if (static_cast<int>(frames_.size()) >= max_depth_) {
            error_ = JsonError{path_through(frames_.size()), "nesting deeper than " + std::to_string(max_depth_) + " levels"};
            return false;
        }
        frames_.push_back(std::move(frame));
        dom_.open(type);
        return true;
    }

    bool close() {
        frames_.pop_back();
        dom_.close();
        return true;
    }

    std::string path_here() const { return path_through(frames_.size() - 1); }

    std::string path_through(std::size_t count) const {
        std::string path;
        for (std::size_t i = 0; i < count; ++i) {
            const Frame& f = frames_[i];
            if (f.object) {
                if (!path.empty()) path += '.';
                path += f.key;
            } else {
                path += '[' + std::to_string(f.index - 1) + ']';
            }
        }
        return path.empty() ? "$" : path;
    }

    DomBuilder dom_;
    std::vector<Frame> frames_;
    int max_depth_;
    JsonError error_{"$", "invalid JSON"};
};

}  // namespace reference_detail

inline ReferenceRead reference_read_json(std::string_view text, int max_depth) {
    ReferenceRead out;
    const auto nul = text.find('\0');
    if (nul != std::string_view::npos) {
        out.error_path = "$";
        out.error = "invalid JSON at byte " + std::to_string(nul) + ": a NUL byte";
        return out;
    }
    reference_detail::CheckingSax sax(out.value, max_depth);
    if (!nlohmann::ordered_json::sax_parse(text.begin(), text.end(), &sax)) {
        out.value = nullptr;
        out.error_path = sax.error().path;
        out.error = sax.error().reason;
    }
    out.strtod_differs = sax.strtod_differs;
    return out;
}

// Whether `ours` is the value nlohmann read: kinds (an unsigned, a negative integer and an
// inexact number are told apart), values to the bit, keys and their order. On a difference,
// `where` names the path.
inline bool same_json(const Json& ours, const nlohmann::ordered_json& theirs, std::string& where,
                      const std::string& path = "$") {
    using T = nlohmann::ordered_json::value_t;
    auto differ = [&](const std::string& what) {
        where = path + ": " + what;
        return false;
    };
    switch (theirs.type()) {
        case T::null:
            return ours.is_null() || differ("expected null");
        case T::boolean:
            return (ours.is_boolean() && ours.boolean() == theirs.get<bool>()) || differ("expected a boolean");
        case T::string:
            return (ours.is_string() && ours.str() == theirs.get_ref<const std::string&>()) || differ("expected a string");
        case T::number_unsigned:
            return (ours.is_unsigned() && ours.magnitude() == theirs.get<std::uint64_t>() &&
                    ours.number() == theirs.get<double>()) || differ("expected an unsigned integer");
        case T::number_integer: {
            const auto v = theirs.get<std::int64_t>();
            const std::uint64_t magnitude = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
            const double d = theirs.get<double>();
            const double o = ours.number();
            return (ours.is_integer() && !ours.is_unsigned() && ours.magnitude() == magnitude &&
                    std::memcmp(&d, &o, sizeof d) == 0) || differ("expected a negative integer");
        }
        case T::number_float: {
            const double d = theirs.get<double>();
            const double o = ours.number();
            return (ours.is_number() && !ours.is_integer() && std::memcmp(&d, &o, sizeof d) == 0) ||
                   differ("expected an inexact number");
        }
        case T::array: {
            if (!ours.is_array() || ours.size() != theirs.size()) return differ("expected an array of " + std::to_string(theirs.size()));
            for (std::size_t i = 0; i < theirs.size(); ++i)
                if (!same_json(ours.items()[i], theirs[i], where, path + "[" + std::to_string(i) + "]")) return false;
            return true;
        }
        case T::object: {
            if (!ours.is_object() || ours.size() != theirs.size()) return differ("expected an object of " + std::to_string(theirs.size()));
            std::size_t i = 0;
            for (auto it = theirs.begin(); it != theirs.end(); ++it, ++i) {
                if (ours.items()[i].key() != it.key()) return differ("member " + std::to_string(i) + " is not \"" + it.key() + "\"");
                if (!same_json(ours.items()[i], *it, where, path + "." + it.key())) return false;
            }
            return true;
        }
        default:
            return differ("a kind JSON text cannot hold");
    }
}

}  // namespace rps::test
