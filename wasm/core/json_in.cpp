#include "core/json_in.hpp"

#include <vector>

namespace rps {
namespace {

struct JsonError {
    std::string path;
    std::string reason;
};

// Wraps nlohmann's DOM builder to add what it does not check: nesting depth (the
// manifest is small; deep nesting is an attack, not a policy), duplicate keys (nlohmann
// keeps one silently) and the byte offset of a syntax error.
class CheckingSax {
public:
    CheckingSax(Json& result, int max_depth) : dom_(result, false), max_depth_(max_depth) {}

    bool null() { return value() && dom_.null(); }
    bool boolean(bool v) { return value() && dom_.boolean(v); }
    bool number_integer(Json::number_integer_t v) { return value() && dom_.number_integer(v); }
    bool number_unsigned(Json::number_unsigned_t v) { return value() && dom_.number_unsigned(v); }
    bool number_float(Json::number_float_t v, const Json::string_t& s) { return value() && dom_.number_float(v, s); }
    bool string(Json::string_t& v) { return value() && dom_.string(v); }
    bool binary(Json::binary_t& v) { return value() && dom_.binary(v); }

    bool start_object(std::size_t n) { return open(Frame{true, {}, 0, {}}) && dom_.start_object(n); }
    bool start_array(std::size_t n) { return open(Frame{false, {}, 0, {}}) && dom_.start_array(n); }
    bool end_object() { frames_.pop_back(); return dom_.end_object(); }
    bool end_array() { frames_.pop_back(); return dom_.end_array(); }

    bool key(Json::string_t& k) {
        Frame& frame = frames_.back();
        for (const auto& seen : frame.keys) {
            if (seen == k) {
                error_ = JsonError{path_here(), "duplicate key \"" + k + "\""};
                return false;
            }
        }
        frame.keys.push_back(k);
        frame.key = k;
        return dom_.key(k);
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
        std::vector<std::string> keys;
    };

    // Counts array elements so an error deeper down can name its place.
    bool value() {
        if (!frames_.empty() && !frames_.back().object) ++frames_.back().index;
        return true;
    }

    bool open(Frame frame) {
        value();
        if (static_cast<int>(frames_.size()) >= max_depth_) {
            error_ = JsonError{"$", "nesting deeper than " + std::to_string(max_depth_) + " levels"};
            return false;
        }
        frames_.push_back(std::move(frame));
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

    nlohmann::detail::json_sax_dom_parser<Json> dom_;
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
