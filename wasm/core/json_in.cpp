#include "core/json_in.hpp"

#include <cmath>

#include "core/c_text.hpp"
#include "core/json_out.hpp"
#include "core/text.hpp"

namespace rps {
namespace {

constexpr int kEnd = -1;

// nlohmann-json's token kinds, in the order of kTokenNames; its messages name them.
enum class Token : unsigned char {
    uninitialized, literal_true, literal_false, literal_null, value_string, value_number,
    begin_array, begin_object, end_array, end_object, name_separator, value_separator,
    parse_error, end_of_input, literal_or_value
};

// Empty where nlohmann's message can never name the token.
const char* const kTokenNames[] = {
    "", "true literal", "false literal", "null literal", "string literal", "number literal",
    "'['", "'{'", "']'", "'}'", "':'", "','", "", "end of input", "'[', '{', or a literal"};

const char* const kControlNames[] = {
    "NUL", "SOH", "STX", "ETX", "EOT", "ENQ", "ACK", "BEL", "BS", "HT", "LF", "VT", "FF", "CR", "SO", "SI",
    "DLE", "DC1", "DC2", "DC3", "DC4", "NAK", "SYN", "ETB", "CAN", "EM", "SUB", "ESC", "FS", "GS", "RS", "US"};

bool is_digit(int c) { return c >= '0' && c <= '9'; }

// A byte below 0x20 as four upper-case hex digits, the way nlohmann's messages write it.
std::string hex4(int c) {
    const char* digits = "0123456789ABCDEF";
    return std::string("00") + digits[c >> 4] + digits[c & 15];
}

// nlohmann-json's lexer, byte for byte: its get()/unget() and read counter are kept because
// the error offsets are counted in them (an attempt to read past the end counts as a byte).
class Lexer {
public:
    explicit Lexer(std::string_view in) : in_(in) {}

    Token scan() {
        if (read_ == 0 && !skip_bom()) return fail("invalid BOM; must be 0xEF 0xBB 0xBF if given");
        do get();
        while (current_ == ' ' || current_ == '\t' || current_ == '\n' || current_ == '\r');
        switch (current_) {
            case '[': return Token::begin_array;
            case ']': return Token::end_array;
            case '{': return Token::begin_object;
            case '}': return Token::end_object;
            case ':': return Token::name_separator;
            case ',': return Token::value_separator;
            case 't': return literal("true", Token::literal_true);
            case 'f': return literal("false", Token::literal_false);
            case 'n': return literal("null", Token::literal_null);
            case '"': return scan_string();
            case '\0':
            case kEnd: return Token::end_of_input;
            default: return current_ == '-' || is_digit(current_) ? scan_number() : fail("invalid literal");
        }
    }

    std::size_t position() const { return read_; }
    const std::string& error_message() const { return error_; }

    // What was read since the current string or number began (from the start before the first
    // one), control bytes spelled <U+001F>.
    std::string token_string() const {
        const std::size_t end = next_ - (unget_ && current_ != kEnd ? 1 : 0);
        std::string out;
        for (std::size_t i = token_start_; i < end; ++i) {
            const auto c = static_cast<unsigned char>(in_[i]);
            if (c <= 0x1F) out += "<U+" + hex4(c) + ">";
            else out.push_back(static_cast<char>(c));
        }
        return out;
    }

    std::string buffer;  // a string's value, or a number's text
    double number = 0;
    std::uint64_t magnitude = 0;
    bool integer = false;
    bool negative = false;

private:
    int get() {
        ++read_;
        if (unget_) unget_ = false;
        else current_ = next_ < in_.size() ? static_cast<unsigned char>(in_[next_++]) : kEnd;
        return current_;
    }

    void unget() {
        unget_ = true;
        --read_;
    }

    void add(int c) { buffer.push_back(static_cast<char>(c)); }

    void reset() {
        buffer.clear();
        token_start_ = next_ - 1;
    }

    Token fail(std::string message) {
        error_ = std::move(message);
        return Token::parse_error;
    }

    bool skip_bom() {
        if (get() == 0xEF) return get() == 0xBB && get() == 0xBF;
        unget();
        return true;
    }

    Token literal(const char* text, Token kind) {
        for (const char* c = text + 1; *c; ++c)
            if (get() != *c) return fail("invalid literal");
        return kind;
    }

    // Four hex digits after \u; -1 at the first byte that is not one.
    int codepoint() {
        int value = 0;
        for (int i = 0; i < 4; ++i) {
            const int c = get();
            int digit;
            if (is_digit(c)) digit = c - '0';
            else if (c >= 'A' && c <= 'F') digit = c - 'A' + 10;
            else if (c >= 'a' && c <= 'f') digit = c - 'a' + 10;
            else return -1;
            value = value * 16 + digit;
        }
        return value;
    }

    void add_utf8(unsigned cp) {
        if (cp < 0x80) {
            add(static_cast<int>(cp));
            return;
        }
        const int tail = cp < 0x800 ? 1 : cp < 0x10000 ? 2 : 3;
        add(static_cast<int>(((0xFF00u >> (tail + 1)) & 0xFFu) | (cp >> (6 * tail))));
        for (int shift = 6 * (tail - 1); shift >= 0; shift -= 6) add(static_cast<int>(0x80u | ((cp >> shift) & 0x3Fu)));
    }

    // The bytes after a UTF-8 lead byte, each checked as it is read (RFC 3629's ranges).
    bool utf8_tail(int lead) {
        int count = 1, low = 0x80, high = 0xBF;
        if (lead >= 0xE0 && lead <= 0xEF) {
            count = 2;
            if (lead == 0xE0) low = 0xA0;
            if (lead == 0xED) high = 0x9F;
        } else if (lead >= 0xF0) {
            count = 3;
            if (lead == 0xF0) low = 0x90;
            if (lead == 0xF4) high = 0x8F;
        }
        add(lead);
        for (int i = 0; i < count; ++i, low = 0x80, high = 0xBF) {
            const int c = get();
            if (c < low || c > high) return false;
            add(c);
        }
        return true;
    }

    Token scan_string() {
        reset();
        const char* const surrogates = "invalid string: surrogate U+D800..U+DBFF must be followed by U+DC00..U+DFFF";
        const char* const hex = "invalid string: '\\u' must be followed by 4 hex digits";
        while (true) {
            const int c = get();
            if (c == '"') return Token::value_string;
            if (c == kEnd) return fail("invalid string: missing closing quote");
            if (c < 0x20) {
                std::string message = "invalid string: control character U+" + hex4(c) + " (" + kControlNames[c] +
                                      ") must be escaped to \\u" + hex4(c);
                const char* shorthand = c >= 8 && c <= 13 && c != 11 ? &"btn_fr"[c - 8] : nullptr;
                if (shorthand) message += std::string(" or \\") + *shorthand;
                return fail(std::move(message));
            }
            if (c >= 0x80) {
                if (c < 0xC2 || c > 0xF4 || !utf8_tail(c)) return fail("invalid string: ill-formed UTF-8 byte");
                continue;
            }
            if (c != '\\') {
                add(c);
                continue;
            }
            const int e = get();
            const char* simple = "\"\"\\\\//b\bf\fn\nr\rt\t";
            const char* found = nullptr;
            for (const char* s = simple; *s; s += 2)
                if (e == *s) found = s;
            if (found) {
                add(found[1]);
                continue;
            }
            if (e != 'u') return fail("invalid string: forbidden character after backslash");
            int cp = codepoint();
            if (cp < 0) return fail(hex);
            if (cp >= 0xD800 && cp <= 0xDBFF) {
                if (get() != '\\' || get() != 'u') return fail(surrogates);
                const int low = codepoint();
                if (low < 0) return fail(hex);
                if (low < 0xDC00 || low > 0xDFFF) return fail(surrogates);
                cp = ((cp - 0xD800) << 10) + (low - 0xDC00) + 0x10000;
            } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
                return fail("invalid string: surrogate U+DC00..U+DFFF must follow U+D800..U+DBFF");
            }
            add_utf8(static_cast<unsigned>(cp));
        }
    }

    // Adds the digits that follow; returns the first byte that is not one.
    int digits() {
        while (is_digit(get())) add(current_);
        return current_;
    }

    Token scan_number() {
        reset();
        add(current_);
        negative = current_ == '-';
        int c = current_;
        if (negative) {
            if (!is_digit(get())) return fail("invalid number; expected digit after '-'");
            add(c = current_);
        }
        c = c == '0' ? get() : digits();
        integer = true;
        if (c == '.') {
            add(c);
            if (!is_digit(get())) return fail("invalid number; expected digit after '.'");
            add(current_);
            c = digits();
            integer = false;
        }
        if (c == 'e' || c == 'E') {
            add(c);
            c = get();
            if (c == '+' || c == '-') {
                add(c);
                if (!is_digit(get())) return fail("invalid number; expected digit after exponent sign");
            } else if (!is_digit(c)) {
                return fail("invalid number; expected '+', '-', or digit after exponent");
            }
            add(current_);
            digits();
            integer = false;
        }
        unget();
        // An integer is read exactly if it fits nlohmann's 64-bit types: up to 2^64 - 1, or
        // down to -2^63.
        const std::uint64_t limit = negative ? std::uint64_t(1) << 63 : ~std::uint64_t(0);
        magnitude = 0;
        for (std::size_t i = negative; integer && i < buffer.size(); ++i) {
            const unsigned digit = static_cast<unsigned>(buffer[i] - '0');
            if (magnitude > (limit - digit) / 10) integer = false;
            else magnitude = magnitude * 10 + digit;
        }
        // "-0" reads as the integer 0, whose double has no sign.
        number = static_cast<double>(magnitude);
        if (negative && magnitude) number = -number;
        if (!integer) number = c_text::parse_double(buffer.c_str(), nullptr);
        return Token::value_number;
    }

    std::string_view in_;
    std::size_t next_ = 0;         // the next byte of in_ to read
    std::size_t read_ = 0;         // nlohmann's chars_read_total
    std::size_t token_start_ = 0;  // where the current string or number began
    int current_ = kEnd;
    bool unget_ = false;
    std::string error_;
};

}  // namespace

const Json* Json::find(std::string_view key) const {
    if (type_ == Type::object)
        for (const Json& member : items_)
            if (member.key_ == key) return &member;
    return nullptr;
}

// nlohmann-json's parser (its sax_parse_internal loop, so errors come in the same order),
// building the document as it reads and checking what nlohmann's parser does not: nesting
// depth (the manifest is small; deep nesting is an attack, not a policy) and duplicate keys
// (nlohmann keeps one silently).
class JsonReader {
public:
    JsonReader(std::string_view text, int max_depth, JsonRead& out) : lex_(text), max_depth_(max_depth), out_(out) {}

    bool read() {
        next();
        bool closed = false;  // a container just ended: continue after it, read no new value
        while (true) {
            if (!closed) {
                switch (last_) {
                    case Token::begin_array:
                    case Token::begin_object: {
                        const bool object = last_ == Token::begin_object;
                        Json& container = slot();
                        // Named by where the container that goes too deep starts.
                        if (static_cast<int>(frames_.size()) >= max_depth_)
                            return error(path_through(frames_.size()), "nesting deeper than " + decimal(max_depth_) + " levels");
                        container.type_ = object ? Json::Type::object : Json::Type::array;
                        frames_.push_back(Frame{&container, {}});
                        if (next() == (object ? Token::end_object : Token::end_array)) {
                            frames_.pop_back();
                            break;
                        }
                        if (object && !member()) return false;
                        continue;
                    }
                    case Token::value_number: {
                        if (!std::isfinite(lex_.number))
                            return error("$", "[json.exception.out_of_range.406] number overflow parsing '" +
                                                  lex_.token_string() + "'", true);
                        Json& v = slot();
                        v.type_ = Json::Type::number;
                        v.number_ = lex_.number;
                        v.magnitude_ = lex_.magnitude;
                        v.kind_ = !lex_.integer ? Json::Number::inexact
                                  : lex_.negative ? Json::Number::negative_integer
                                                  : Json::Number::unsigned_integer;
                        break;
                    }
                    case Token::literal_true:
                    case Token::literal_false:
                        slot().type_ = Json::Type::boolean;
                        slot_->boolean_ = last_ == Token::literal_true;
                        break;
                    case Token::literal_null:
                        slot();
                        break;
                    case Token::value_string:
                        slot().type_ = Json::Type::string;
                        slot_->text_ = std::move(lex_.buffer);
                        break;
                    case Token::parse_error:
                        return syntax(Token::uninitialized, "value");
                    default:
                        return syntax(Token::literal_or_value, "value");
                }
            }
            closed = false;
            if (frames_.empty()) break;
            const bool object = frames_.back().node->is_object();
            if (next() == Token::value_separator) {
                next();
                if (object && !member()) return false;
                continue;
            }
            if (last_ != (object ? Token::end_object : Token::end_array))
                return syntax(object ? Token::end_object : Token::end_array, object ? "object" : "array");
            frames_.pop_back();
            closed = true;
        }
        return next() == Token::end_of_input || syntax(Token::end_of_input, "value");
    }

private:
    // An open container, and for a large object a hash index of its keys (open addressing;
    // each slot holds a member's position + 1): comparing each key with every earlier one is
    // quadratic in the object's size, which a manifest within the size limit could exploit.
    struct Frame {
        Json* node;
        std::vector<std::uint32_t> index;
    };
    static constexpr std::size_t kScannedKeys = 16;  // below this, a plain scan

    Token next() { return last_ = lex_.scan(); }

    // Where the next value goes: the root, a new element of the open array, or the member
    // just keyed. Only pointers to open containers are kept; their parents do not grow while
    // they are open.
    Json& slot() {
        slot_ = &out_.value;
        if (!frames_.empty()) {
            std::vector<Json>& items = frames_.back().node->items_;
            if (frames_.back().node->is_array()) items.emplace_back();
            slot_ = &items.back();
        }
        return *slot_;
    }

    // A key (the current token), its ':' and the token after it.
    bool member() {
        if (last_ != Token::value_string) return syntax(Token::value_string, "object key");
        if (!add_key(frames_.back())) return error(path_here(), "duplicate key " + in_quotes(lex_.buffer));
        if (next() != Token::name_separator) return syntax(Token::name_separator, "object separator");
        next();
        return true;
    }

    static std::size_t find_slot(const Frame& frame, const std::string& key) {
        std::uint32_t hash = 2166136261u;  // FNV-1a
        for (char c : key) hash = (hash ^ static_cast<unsigned char>(c)) * 16777619u;
        const std::size_t mask = frame.index.size() - 1;
        std::size_t at = hash & mask;
        while (frame.index[at] && frame.node->items_[frame.index[at] - 1].key_ != key) at = (at + 1) & mask;
        return at;
    }

    // Appends the lexer's string as a member of the open object, unless the object has it.
    bool add_key(Frame& frame) {
        std::vector<Json>& members = frame.node->items_;
        const std::size_t count = members.size();
        if (count < kScannedKeys) {
            for (const Json& m : members)
                if (m.key_ == lex_.buffer) return false;
        } else {
            // Kept at most half full: rebuilt four times the size when it would pass that.
            if (frame.index.size() < 2 * (count + 1)) {
                std::size_t slots = 4 * kScannedKeys;
                while (slots < 4 * (count + 1)) slots *= 2;
                // A new zeroed table rather than assign(slots, 0), whose own growth code the
                // module would carry for this one call.
                frame.index = std::vector<std::uint32_t>(slots);
                for (std::size_t i = 0; i < count; ++i)
                    frame.index[find_slot(frame, members[i].key_)] = static_cast<std::uint32_t>(i + 1);
            }
            const std::size_t at = find_slot(frame, lex_.buffer);
            if (frame.index[at]) return false;
            frame.index[at] = static_cast<std::uint32_t>(count + 1);
        }
        members.emplace_back();
        members.back().key_ = std::move(lex_.buffer);
        return true;
    }

    // The path of the object being read, from the keys and positions of its open ancestors.
    std::string path_here() const { return path_through(frames_.size() - 1); }

    // The path of the value being read inside the first `count` open containers.
    std::string path_through(std::size_t count) const {
        std::string path;
        for (std::size_t i = 0; i < count; ++i) {
            const Json& f = *frames_[i].node;
            if (f.is_object()) {
                if (!path.empty()) path += '.';
                path += f.items_.back().key_;
            } else {
                // Appended in place: '[' + text would bring std::string::insert into the module.
                path += '[';
                json_out::append_int(path, static_cast<std::int64_t>(f.items_.size() - 1));
                path += ']';
            }
        }
        return path.empty() ? "$" : path;
    }

    // nlohmann's message for an unexpected token (or a lexer error) where `expected` belongs.
    bool syntax(Token expected, const char* context) {
        std::string message = std::string("syntax error while parsing ") + context + " - ";
        if (last_ == Token::parse_error) message += lex_.error_message() + "; last read: '" + lex_.token_string() + "'";
        else message += std::string("unexpected ") + kTokenNames[static_cast<int>(last_)];
        if (expected != Token::uninitialized) message += std::string("; expected ") + kTokenNames[static_cast<int>(expected)];
        return error("$", std::move(message), true);
    }

    bool error(std::string path, std::string reason, bool at_byte = false) {
        out_.error_path = std::move(path);
        out_.error = std::move(reason);
        if (at_byte) {
            const std::size_t read = lex_.position();
            out_.error = "invalid JSON at byte " + decimal(read > 0 ? read - 1 : 0) + ": " + out_.error;
        }
        return false;
    }

    Lexer lex_;
    Token last_ = Token::uninitialized;
    int max_depth_;
    JsonRead& out_;
    Json* slot_ = nullptr;
    std::vector<Frame> frames_;
};

JsonRead read_json(std::string_view text, int max_depth) {
    JsonRead out;
    // nlohmann's lexer took a NUL byte for the end of the input, so "{…}\0anything" parsed as
    // the part before it. JSON never holds a raw NUL: it is refused here, before the parser.
    const auto nul = text.find('\0');
    if (nul != std::string_view::npos) {
        out.error_path = "$";
        out.error = "invalid JSON at byte " + decimal(nul) + ": a NUL byte";
        return out;
    }
    JsonReader reader(text, max_depth, out);
    if (!reader.read()) out.value = Json();
    return out;
}

}  // namespace rps
