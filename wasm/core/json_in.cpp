#include "core/json_in.hpp"

#include <unordered_set>
#include <vector>

#include "core/text.hpp"

namespace rps {
namespace {

struct JsonError {
    std::string path;
    std::string reason;
};

// Builds the document as the parser reads it. nlohmann's own builder looks every key up in
// its object first, which for ordered_json is a walk over the object's members: quadratic
// in the number of keys. This one appends, because CheckingSax has refused duplicates already.
class DomBuilder {
public:
    explicit DomBuilder(Json& root) : root_(root) {}

    void add(Json value) { place(std::move(value)); }
    void open(Json::value_t type) { open_.push_back(place(Json(type))); }
    void close() { open_.pop_back(); }
    void key(const std::string& k) {
        // ordered_json's object is a vector of members underneath: append without a lookup.
        auto& members = static_cast<Json::object_t::Container&>(*open_.back()->get_ptr<Json::object_t*>());
        members.emplace_back(k, nullptr);
        member_ = &members.back().second;
    }

private:
    // Where the next value goes: the root, the open array's end, or the member just keyed.
    // Only pointers to open containers are kept; their parents do not grow while they are open.
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

// Builds the DOM and adds what nlohmann's parser does not check: nesting depth (the
// manifest is small; deep nesting is an attack, not a policy), duplicate keys (nlohmann
// keeps one silently) and the byte offset of a syntax error.
class CheckingSax {
public:
    CheckingSax(Json& result, int max_depth) : dom_(result), max_depth_(max_depth) {}

    bool null() { return value(nullptr); }
    bool boolean(bool v) { return value(v); }
    bool number_integer(Json::number_integer_t v) { return value(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return value(v); }
    bool number_float(Json::number_float_t v, const Json::string_t&) { return value(v); }
    bool string(Json::string_t& v) { return value(std::move(v)); }
    bool binary(Json::binary_t&) { return false; }  // only binary formats (CBOR, …) have these

    bool start_object(std::size_t) { return open(Frame{true, {}, 0, {}}, Json::value_t::object); }
    bool start_array(std::size_t) { return open(Frame{false, {}, 0, {}}, Json::value_t::array); }
    bool end_object() { return close(); }
    bool end_array() { return close(); }

    bool key(Json::string_t& k) {
        Frame& frame = frames_.back();
        // A hash set per open object: comparing each key with every earlier one is quadratic
        // in the object's size, which a manifest within the size limit can exploit.
        if (!frame.keys.insert(k).second) {
            error_ = JsonError{path_here(), "duplicate key " + in_quotes(k)};
            return false;
        }
        frame.key = k;
        dom_.key(k);
        return true;
    }

    bool parse_error(std::size_t position, const std::string&, const nlohmann::detail::exception& ex) {
        std::string what = ex.what();
        // nlohmann's message starts with "[json.exception.parse_error.101] parse error at line 1, column 2: ".
        const auto colon = what.find(": ");
        if (colon != std::string::npos) what = what.substr(colon + 2);
        const std::size_t byte = position > 0 ? position - 1 : 0;
        error_ = JsonError{"$", "invalid JSON at byte " + std::to_string(byte) + ": " + what};
        return false;
    }

    const JsonError& error() const { return error_; }

private:
    struct Frame {
        bool object;
        std::string key;
        std::size_t index = 0;
        std::unordered_set<std::string> keys;  // of an object: every key read so far
    };

    // Counts array elements so an error deeper down can name its place.
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
            error_ = JsonError{"$", "nesting deeper than " + std::to_string(max_depth_) + " levels"};
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

    std::string path_here() const {
        std::string path;
        // The innermost frame is the object that holds the duplicate; its own key is not part of the path.
        for (std::size_t i = 0; i + 1 < frames_.size(); ++i) {
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

}  // namespace

JsonRead read_json(std::string_view text, int max_depth) {
    JsonRead out;
    // nlohmann's lexer takes a NUL byte for the end of the input, so "{…}\0anything" would
    // parse as the part before it. JSON never holds a raw NUL: refuse it here.
    const auto nul = text.find('\0');
    if (nul != std::string_view::npos) {
        out.error_path = "$";
        out.error = "invalid JSON at byte " + std::to_string(nul) + ": a NUL byte";
        return out;
    }
    CheckingSax sax(out.value, max_depth);
    if (!Json::sax_parse(text.begin(), text.end(), &sax)) {
        out.value = Json();
        out.error_path = sax.error().path;
        out.error = sax.error().reason;
        if (out.error.empty()) out.error = "invalid JSON";
    }
    return out;
}

}  // namespace rps
