// Streaming JSON pass: a tokenizer with an explicit stack of open containers (no DOM, no
// recursion) and lazy copying: `flushed_` marks how much input has been accounted for, and
// raw bytes are appended only when an edit needs the output to catch up. Dropping a member
// then costs nothing more than moving `flushed_` past it.
#include <array>
#include <cstddef>
#include <cstdint>
#include <cstring>
#include <memory>
#include <string>
#include <vector>

#include "core/redact/ascii.hpp"
#include "core/redact/codec.hpp"
#include "core/redact/format_walkers.hpp"

namespace rps::redact {
namespace {

using Word = PathMatcher::Word;

struct Frame {
    std::size_t open_at = 0;     // offset of '{' / '['
    std::size_t next_index = 0;  // arrays: index of the next element
    std::uint32_t emitted = 0;   // members written so far
    int rule = -1;               // skipped container replaced at its close by this rule
    bool is_object = false;
    bool comma_pending = false;  // a ',' was read and not written yet
    std::size_t comma_at = 0;    // where that ',' is (written as a copy of the input)
    bool last_dropped = false;   // the member just read was dropped
    bool generalize = false;     // a generalize rule matched this container or an ancestor
    bool allowed_all = false;    // allowedKeys listed this container or an ancestor
    // A credential's name holds this container or an ancestor ({"password":["x"]}): every
    // string and number inside is a credential whole, whatever its own name.
    bool secret = false;
    // An array a coordinate list's name holds, or one inside such an array
    // ("coordinates":[[116.407395,39.904211],…]): its numbers are read as coordinates.
    bool coordinates = false;
};

// How far past a '[' coordinate_pair_value reads: two 16-digit coordinates, an altitude and spaces.
constexpr std::size_t kLongestPair = 96;

// First offset in [p, n) holding a byte a string scan must look at: '"', '\\', a control
// byte or a non-ASCII byte (n if none). Eight bytes a step (SWAR, in a 64-bit word, which
// WebAssembly has natively): most of a telemetry body is plain ASCII inside strings. The
// zero-byte tests can flag bytes after a real match (borrows run upwards), never before
// one, so the lowest flagged byte is exact.
inline std::size_t skip_plain(std::string_view s, std::size_t p) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull;
    const std::size_t n = s.size();
    while (p + 8 <= n) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + p, 8);  // little-endian: byte p is the lowest
        std::uint64_t quote = v ^ (kOnes * '"'), slash = v ^ (kOnes * '\\');
        std::uint64_t special =
            (((quote - kOnes) & ~quote) | ((slash - kOnes) & ~slash) | ((v - kOnes * 0x20) & ~v) | v) & kHigh;
        if (special) return p + std::size_t(__builtin_ctzll(special) >> 3);
        p += 8;
    }
    for (; p < n; ++p) {
        auto c = static_cast<unsigned char>(s[p]);
        if (c == '"' || c == '\\' || c < 0x20 || c >= 0x80) break;
    }
    return p;
}

// First offset in [p, n) whose byte is not a letter or '_' (n if none), eight bytes a step
// as skip_plain. Most member names are such words, which no detector finds anything in: a
// name's scan for its end tells so at no extra cost. Each test is exact per byte (the
// arithmetic runs on the low seven bits, so no carry crosses bytes).
inline std::size_t skip_word(std::string_view s, std::size_t p) {
    constexpr std::uint64_t kOnes = 0x0101010101010101ull, kHigh = 0x8080808080808080ull, kLow = ~kHigh;
    const std::size_t n = s.size();
    while (p + 8 <= n) {
        std::uint64_t v;
        std::memcpy(&v, s.data() + p, 8);  // little-endian: byte p is the lowest
        // Folded to lower case, a letter is 0x61-0x7a and '_' is 0x7f.
        const std::uint64_t x = (v | kOnes * 0x20) & kLow;
        const std::uint64_t letter = (x + kOnes * (0x80 - 'a')) & ~(x + kOnes * (0x7f - 'z'));
        const std::uint64_t y = x ^ kOnes * 0x7f;
        const std::uint64_t underscore = ~((y + kLow) | y | kLow);
        const std::uint64_t other = ~((letter | underscore) & ~v) & kHigh;
        if (other) return p + std::size_t(__builtin_ctzll(other) >> 3);
        p += 8;
    }
    while (p < n && (unsigned((s[p] | 0x20) - 'a') < 26 || s[p] == '_')) ++p;
    return p;
}

// Whether member names are credential-like (is_secret_name), remembered per name: a
// telemetry batch repeats the same few dozen names thousands of times.
class SecretNameCache {
public:
    bool secret(std::string_view name) {
        const std::size_t n = name.size();
        if (n == 0 || n > kMaxName) return is_secret_name(name, true);
        // The slot from the length and three of the bytes (first, middle, last), and the name
        // compared in line: no loop for the slot, and in WebAssembly neither a variable-length
        // copy (memory.copy) nor a memcmp call on the way to a hit.
        const auto byte = [&](std::size_t k) { return std::uint64_t(static_cast<unsigned char>(name[k])); };
        const std::uint64_t h = (n | byte(0) << 8 | byte(n / 2) << 16 | byte(n - 1) << 24) * 0x9E3779B97F4A7C15ull;
        Slot& slot = slots_[h >> 58];
        if (slot.size != n || !same_bytes(slot.name, name.data(), n)) {
            std::memcpy(slot.name, name.data(), n);
            slot.size = static_cast<std::uint8_t>(n);
            slot.secret = is_secret_name(name, true);
        }
        return slot.secret;
    }

private:
    static constexpr std::size_t kMaxName = 32;
    static bool same_bytes(const char* a, const char* b, std::size_t n) {
        for (std::size_t k = 0; k < n; ++k)
            if (a[k] != b[k]) return false;
        return true;
    }
    struct Slot {
        char name[kMaxName];
        std::uint8_t size = 0;  // 0: unused (names are never empty here)
        bool secret = false;
    };
    std::array<Slot, 64> slots_{};  // h >> 58 picks one of 64
};

enum class Expect { value, value_or_close, key, key_or_close, colon, comma_or_close, end };

// Compact JSON has no whitespace between tokens: one comparison settles the usual byte.
inline bool is_ws(char c) {
    return static_cast<unsigned char>(c) <= ' ' && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
}

// What became of a string value that may hold a JSON document.
enum class Inner { not_json, unchanged, changed };

void add_counts(Counts& into, const Counts& from) {
    for (std::size_t k = 0; k < kDetectorCount; ++k) into.detectors[k] += from.detectors[k];
    for (std::size_t k = 0; k < into.rules.size() && k < from.rules.size(); ++k) into.rules[k] += from.rules[k];
    into.allowed_drops += from.allowed_drops;
}

// A decoded offset is where an escape (or a character) of the raw string starts: bytes that
// one escape decodes to share its raw offset.
inline bool unit_start(const std::vector<std::uint32_t>& map, std::size_t k) {
    return k == 0 || map[k] != map[k - 1];
}

class JsonWalker {
public:
    JsonWalker(RedactContext& ctx, std::string_view s) : c_(ctx), s_(s), out_(ctx.out), w_(ctx.matcher.words()) {}
    // The document held by a string value: `states` are the path states after "<json>"
    // (nullptr without rules), `allowed_all` whether allowedKeys listed the string or an
    // ancestor, `depth` how many strings deep it is.
    JsonWalker(RedactContext& ctx, std::string_view s, const PathMatcher::Word* states, bool allowed_all, int depth)
        : JsonWalker(ctx, s) {
        start_states_ = states;
        root_allowed_all_ = root_allowed_all_ || allowed_all;
        depth_ = depth;
    }

    bool run(const char*& error) {
        states_.assign(2 * w_, 0);
        if (w_ && start_states_) std::memcpy(states_.data(), start_states_, w_ * sizeof(Word));
        else if (w_) c_.matcher.start(states_.data());
        Expect expect = Expect::value;
        const std::size_t n = s_.size();
        for (;;) {
            while (i_ < n && is_ws(s_[i_])) ++i_;
            if (i_ >= n) {
                if (expect == Expect::end) break;
                return fail(error, "truncated json");
            }
            char ch = s_[i_];
            switch (expect) {
                case Expect::end:
                    return fail(error, "data after the json value");
                case Expect::colon:
                    if (ch != ':') return fail(error, "expected ':'");
                    ++i_;
                    expect = Expect::value;
                    break;
                case Expect::key_or_close:
                case Expect::key:
                    if (ch == '}' && expect == Expect::key_or_close) {
                        if (!close_container()) return fail(error, "mismatched bracket");
                        expect = after_value(n);
                    } else if (ch == '"') {
                        if (!read_key()) return fail(error, bad_string_);
                        expect = Expect::colon;
                        // Compact JSON: the ':' right after the name is taken here rather
                        // than in a turn of its own.
                        if (i_ < n && s_[i_] == ':') {
                            ++i_;
                            expect = Expect::value;
                        }
                    } else {
                        return fail(error, "expected a key");
                    }
                    break;
                case Expect::comma_or_close: {
                    Frame& f = frames_.back();
                    if (ch == ',') {
                        if (!may_drop_) {
                            // Nothing can be dropped: the ',' stays where it is and is
                            // copied with its neighbours.
                            ++i_;
                            expect = f.is_object ? Expect::key : Expect::value;
                            break;
                        }
                        if (!skipping()) {
                            // After a dropped member the spacing before its ',' goes with it.
                            if (!f.last_dropped) flush_to(i_);
                            flushed_ = i_ + 1;
                        }
                        f.comma_pending = true;
                        f.comma_at = i_;
                        ++i_;
                        expect = f.is_object ? Expect::key : Expect::value;
                    } else if (ch == (f.is_object ? '}' : ']')) {
                        if (!close_container()) return fail(error, "mismatched bracket");
                        expect = after_value(n);
                    } else {
                        return fail(error, "expected ',' or a closing bracket");
                    }
                    break;
                }
                case Expect::value_or_close:
                    if (ch == ']') {
                        if (!close_container()) return fail(error, "mismatched bracket");
                        expect = after_value(n);
                        break;
                    }
                    [[fallthrough]];
                case Expect::value: {
                    const char* e = value(ch);
                    if (e) return fail(error, e);
                    if (ch == '{') expect = Expect::key_or_close;
                    else if (ch == '[') expect = Expect::value_or_close;
                    else expect = after_value(n);
                    break;
                }
            }
        }
        flush_to(n);
        return true;
    }

private:
    bool fail(const char*& error, const char* what) {
        error = what;
        return false;
    }
    bool skipping() const { return skip_depth_ != 0; }
    // What follows a value. When nothing can be dropped, a ',' right after it is taken here
    // (as the comma_or_close case would take it) rather than in a turn of its own.
    Expect after_value(std::size_t n) {
        if (frames_.empty()) return Expect::end;
        if (!may_drop_ && i_ < n && s_[i_] == ',') {
            ++i_;
            return frames_.back().is_object ? Expect::key : Expect::value;
        }
        return Expect::comma_or_close;
    }

    void flush_to(std::size_t p) {
        if (p > flushed_) c_.append(std::string_view(s_.data() + flushed_, p - flushed_));
        flushed_ = p;
    }

    Word* level(std::size_t l) {
        if (states_.size() < (l + 1) * w_) states_.resize((l + 2) * w_, 0);
        return states_.data() + l * w_;
    }

    // ---- tokens ----

    // End of the string literal starting at `at` (after the closing quote), 0 if invalid.
    std::size_t string_end(std::size_t at, bool& backslash) {
        // Most strings (names, short values) hold no escape and no non-ASCII byte: the first
        // special byte is their closing quote.
        const std::size_t p = skip_plain(s_, at + 1);
        if (p < s_.size() && s_[p] == '"') return p + 1;
        return string_end_from(p, backslash);
    }

    // string_end() from `p`, the first byte after the opening quote that is not plain ASCII.
    __attribute__((noinline)) std::size_t string_end_from(std::size_t p, bool& backslash) {
        const std::size_t n = s_.size();
        while (p < n) {
            p = skip_plain(s_, p);
            if (p >= n) break;
            unsigned char c = static_cast<unsigned char>(s_[p]);
            if (c == '"') return p + 1;
            if (c == '\\') {
                backslash = true;
                if (p + 1 >= n) break;
                char e = s_[p + 1];
                if (e == 'u') {
                    if (p + 6 > n) break;
                    for (std::size_t k = 2; k < 6; ++k)
                        if (!ascii::is_hex(s_[p + k])) {
                            bad_string_ = "bad escape";
                            return 0;
                        }
                    p += 6;
                } else if (e == '"' || e == '\\' || e == '/' || e == 'b' || e == 'f' || e == 'n' || e == 'r' ||
                           e == 't') {
                    p += 2;
                } else {
                    bad_string_ = "bad escape";
                    return 0;
                }
            } else if (c < 0x20) {
                bad_string_ = "control byte in a string";
                return 0;
            } else if (c < 0x80) {
                ++p;
            } else {
                std::size_t len = utf8_sequence(s_, p);
                if (len == 0) {
                    bad_string_ = "invalid utf-8";
                    return 0;
                }
                p += len;
            }
        }
        bad_string_ = "truncated json";
        return 0;
    }

    std::size_t number_end(std::size_t at) {
        const char* const d = s_.data();
        const std::size_t n = s_.size();
        std::size_t p = at;
        auto digit = [d, n](std::size_t q) { return q < n && ascii::is_digit(d[q]); };
        if (p < n && d[p] == '-') ++p;
        if (!digit(p)) return 0;
        if (d[p] == '0') ++p;
        else
            while (digit(p)) ++p;
        if (p < n && d[p] == '.') {
            ++p;
            if (!digit(p)) return 0;
            while (digit(p)) ++p;
        }
        if (p < n && (d[p] == 'e' || d[p] == 'E')) {
            ++p;
            if (p < n && (d[p] == '+' || d[p] == '-')) ++p;
            if (!digit(p)) return 0;
            while (digit(p)) ++p;
        }
        return p;
    }

    std::size_t literal_end(std::size_t at) {
        for (std::string_view lit : {std::string_view("true"), std::string_view("false"), std::string_view("null")})
            if (ascii::has_at(s_, at, lit)) return at + lit.size();
        return 0;
    }

    bool read_key() {
        bool backslash = false;
        const std::size_t word_end = skip_word(s_, i_ + 1);
        key_word_ = word_end < s_.size() && s_[word_end] == '"' && word_end - i_ - 1 < 32;
        std::size_t end = key_word_ ? word_end + 1 : string_end(i_, backslash);
        if (!end) return false;
        if (!skipping()) {
            std::string_view raw = s_.substr(i_ + 1, end - i_ - 2);
            key_raw_ = raw;
            if (backslash) {
                std::vector<std::uint32_t>& map = key_map_;
                json_unescape(raw, key_buffer_, map);
                key_ = key_buffer_;
            } else {
                key_ = raw;  // the input outlives the walk: no copy
            }
            if (w_) {
                std::size_t l = frames_.size();
                Word* child = level(l);
                PathStep step;
                step.key = key_;
                c_.matcher.step(level(l - 1), step, child);
            }
        }
        i_ = end;
        return true;
    }

    // ---- values ----

    const char* push(char ch, bool skip, int rule, bool generalize, bool allowed_all, bool secret = false) {
        if (frames_.size() >= c_.policy.max_depth) return "nesting too deep";
        Frame f;
        f.open_at = i_;
        f.is_object = ch == '{';
        f.rule = rule;
        f.generalize = generalize;
        f.allowed_all = allowed_all;
        f.secret = secret;
        if (ch == '[' && !frames_.empty())
            f.coordinates = frames_.back().is_object
                                 ? coordinate_list_key(key_) || coordinate_pair_value(key_, s_.substr(i_, kLongestPair))
                                 : frames_.back().coordinates;
        frames_.push_back(f);
        if (skip && !skipping()) skip_depth_ = frames_.size();
        ++i_;
        return nullptr;
    }

    bool close_container() {
        if (frames_.empty()) return false;
        if (skipping()) {
            if (frames_.size() == skip_depth_) {
                const Frame& f = frames_.back();
                if (f.rule >= 0) {
                    const Operator& op = c_.policy.rules[std::size_t(f.rule)].op;
                    out_.push_back('"');
                    if (op.kind == OpKind::hash) c_.hasher.append_hash(out_, s_.substr(f.open_at, i_ + 1 - f.open_at));
                    else out_.append(kRedactedTag);
                    out_.push_back('"');
                }
                flushed_ = i_ + 1;
                skip_depth_ = 0;
            }
        } else if (may_drop_) {
            flush_to(i_ + 1);
        }
        frames_.pop_back();
        ++i_;
        return true;
    }

    const char* skip_leaf(char ch) {
        std::size_t end = leaf_end(ch);
        if (!end) return leaf_error_;
        i_ = end;
        return nullptr;
    }

    std::size_t leaf_end(char ch) {
        if (ch == '-' || ascii::is_digit(ch)) {
            leaf_error_ = "bad number";
            return number_end(i_);
        }
        if (ch == '"') {
            bool backslash = false;
            const std::size_t end = string_end(i_, backslash);
            leaf_error_ = bad_string_;
            return end;
        }
        leaf_error_ = "unexpected byte";
        return literal_end(i_);
    }

    const char* value(char ch) {
        bool container = ch == '{' || ch == '[';
        if (skipping()) return container ? push(ch, true, -1, false, false) : skip_leaf(ch);
        if (!may_drop_ && !frames_.empty()) return kept_member_value(ch, container);

        const bool at_root = frames_.empty();
        bool generalize = false, allowed_all = root_allowed_all_, drop = false;
        int rule = -1;
        std::string_view key;
        std::size_t end = 0;  // a string's end, once read
        Inner inner = Inner::not_json;
        bool secret_key = false;  // a credential's name: the whole value is one
        if (!at_root) {
            Frame& f = frames_.back();
            generalize = f.generalize;
            allowed_all = allowed_all || f.allowed_all;
            std::size_t l = frames_.size();
            if (f.is_object) {
                key = key_;
            } else if (w_) {
                PathStep step;
                step.is_index = true;
                step.index = f.next_index;
                Word* child = level(l);  // may grow states_: take it before the parent's pointer
                c_.matcher.step(level(l - 1), step, child);
            }
            if (!f.is_object) ++f.next_index;
            const Word* cs = w_ ? level(l) : nullptr;
            // allowedKeys listing a path inside this string's JSON ("message<json>.event"):
            // the string stays only if it holds JSON, with what the list names.
            bool kept_if_json = false;
            if (w_) {
                if (!allowed_all) {
                    std::size_t a0 = c_.rule_count, a1 = c_.rule_count + c_.allowed_count;
                    if (c_.matcher.first_accepting(cs, a0, a1) >= 0) allowed_all = true;
                    else if (container) drop = !c_.matcher.any_pending(cs, a0, a1);
                    else if (ch == '"' && pending_inside(cs, a0, a1)) kept_if_json = true;
                    else drop = true;
                }
                if (!drop) rule = c_.matcher.first_accepting(cs, 0, c_.rule_count);
            } else if (!allowed_all) {
                drop = true;
            }
            secret_key = secret_member(ch, key);
            if (!drop && rule < 0 && !generalize && ch == '"' && !secret_key) {
                inner = redact_inner(cs, allowed_all, key, end);
                if (!end) return leaf_error_;
            }
            if (kept_if_json && rule < 0 && inner == Inner::not_json) drop = true;
            if (drop) ++c_.counts.allowed_drops;
            if (rule >= 0) {
                ++c_.counts.rules[std::size_t(rule)];
                if (c_.policy.rules[std::size_t(rule)].op.kind == OpKind::remove) drop = true;
            }
            f.last_dropped = drop;
            if (drop) {
                // Nothing of this member was written: flushed_ sits right after '{', '[' or
                // the skipped ','. Skipping to its end removes it with its separator.
                if (container) return push(ch, true, -1, false, false);
                const char* e = end ? nullptr : skip_leaf(ch);
                if (end) i_ = end;
                flushed_ = i_;
                return e;
            }
            if (f.comma_pending && f.emitted > 0) c_.append(s_.substr(f.comma_at, 1));
            f.comma_pending = false;
            ++f.emitted;
            if (f.is_object) scan_key();
        }

        if (container) {
            if (rule >= 0 && c_.policy.rules[std::size_t(rule)].op.kind != OpKind::generalize) {
                flush_to(i_);
                return push(ch, true, rule, false, false);
            }
            if (rule >= 0) generalize = true;
            const char* e = push(ch, false, -1, generalize, allowed_all, secret_key);
            if (!e && may_drop_) flush_to(i_);
            return e;
        }

        std::size_t start = i_;
        if (!end) end = leaf_end(ch);
        if (!end) return leaf_error_;
        i_ = end;
        if (rule >= 0 || generalize) {
            Operator op;
            op.kind = OpKind::generalize;
            if (rule >= 0) op = c_.policy.rules[std::size_t(rule)].op;
            write_rule_leaf(ch, start, end, op);
            return nullptr;
        }
        leaf_value(ch, start, end, key, secret_key, inner);
        return nullptr;
    }

    // value() for a member or element when nothing can be dropped and no rule applies (no
    // path rules, no allowedKeys: may_drop_ is false): only the detectors and the JSON held
    // in strings are left. The frame's drop and path bookkeeping (next_index, emitted,
    // comma_pending, last_dropped) is read only when something can be dropped or matched,
    // so it is not kept here; this is the path every value of a plain redaction takes.
    const char* kept_member_value(char ch, bool container) {
        const Frame& f = frames_.back();
        const std::string_view key = f.is_object ? key_ : std::string_view();
        if (f.is_object) scan_key();
        if (secret_member(ch, key)) return kept_secret_value(ch, container);
        if (container) return push(ch, false, -1, false, true);
        const std::size_t start = i_;
        std::size_t end = 0;
        Inner inner = Inner::not_json;
        if (ch == '"') inner = redact_inner(nullptr, true, key, end);
        if (!end) end = leaf_end(ch);
        if (!end) return leaf_error_;
        i_ = end;
        leaf_value(ch, start, end, key, false, inner);
        return nullptr;
    }

    // kept_member_value for a credential: rare, kept out of the usual path.
    __attribute__((noinline)) const char* kept_secret_value(char ch, bool container) {
        if (container) return push(ch, false, -1, false, true, true);
        const std::size_t start = i_;
        const std::size_t end = leaf_end(ch);
        if (!end) return leaf_error_;
        i_ = end;
        leaf_value(ch, start, end, {}, true, Inner::not_json);
        return nullptr;
    }

    // The name of the member being kept, scanned as a string value is: a map keyed by email
    // address or phone number ({"alice@example.com":{"online":true}}) would carry them out
    // otherwise. Only the name's findings are rewritten, so two names of one object can
    // come out the same. Rules and allowedKeys still see the name as written.
    void scan_key() {
        if (!key_word_) scan_key_text();
    }
    __attribute__((noinline)) void scan_key_text() {
        if (!c_.find(key_raw_, Encoding::json, {})) return;
        const std::size_t at = std::size_t(key_raw_.data() - s_.data());
        flush_to(at);
        c_.write_found(key_raw_, Encoding::json);
        flushed_ = at + key_raw_.size();
    }

    // The member or element about to be read, starting with `ch`, is a credential whole: its
    // name is credential-like, or a container under such a name holds it. Only strings,
    // numbers and containers can hold one (true, false and null pass).
    bool secret_member(char ch, std::string_view key) {
        if (!(c_.enabled & detector_bit(Detector::token_param))) return false;
        if (ch != '"' && ch != '{' && ch != '[' && ch != '-' && !ascii::is_digit(ch)) return false;
        if (frames_.back().secret) return true;
        return !key.empty() && may_be_strict_secret_name(key) && secret_names_.secret(key);
    }

    // A string or number leaf [start, end) that no rule applies to.
    void leaf_value(char ch, std::size_t start, std::size_t end, std::string_view key, bool secret_key, Inner inner) {
        if (ch == '"') string_value(start, end, key, secret_key, inner);
        else if (secret_key) write_number_finding(start, end, Detector::token_param);
        else if (ascii::is_digit(ch) || ch == '-') scan_number(start, end, key);
    }

    // A string value [start, end) (its quotes included) that no rule applies to.
    void string_value(std::size_t start, std::size_t end, std::string_view key, bool secret_key, Inner inner) {
        std::string_view raw = s_.substr(start + 1, end - start - 2);
        if (raw.empty()) return;
        // A value with nothing to replace is not copied here: flushed_ stays put and the
        // next edit (or the end) copies it with its neighbours in one append.
        if (secret_key) {
            flush_to(start + 1);
            c_.write_whole_finding(raw, Encoding::json, Detector::token_param);
        } else if (inner == Inner::changed) {
            flush_to(start + 1);
            write_inner(raw);
        } else if (inner == Inner::unchanged) {
            return;
        } else if (c_.find(raw, Encoding::json, key)) {
            flush_to(start + 1);
            c_.write_found(raw, Encoding::json);
        } else {
            return;
        }
        flushed_ = end - 1;
    }

    // ---- JSON held in a string ----

    // The string at `at` (its opening quote) starts, after spaces and escaped newlines or
    // tabs, with '{' or '['. Only such strings are parsed: the check reads a few bytes.
    bool opens_json(std::size_t at) const {
        std::size_t p = at + 1;
        const std::size_t n = s_.size();
        for (;;) {
            if (p < n && s_[p] == ' ') {
                ++p;
            } else if (p + 1 < n && s_[p] == '\\' && (s_[p + 1] == 'n' || s_[p + 1] == 'r' || s_[p + 1] == 't')) {
                p += 2;
            } else {
                break;
            }
        }
        return p < n && (s_[p] == '{' || s_[p] == '[');
    }

    // allowedKeys could still match a path inside the JSON of the string at i_.
    bool pending_inside(const Word* cs, std::size_t a0, std::size_t a1) {
        if (!c_.matcher.reaches_into_strings() || depth_ >= kMaxJsonInString || !opens_json(i_)) return false;
        inner_states_.assign(w_, 0);
        PathStep step;
        step.into_json = true;
        c_.matcher.step(cs, step, inner_states_.data());
        return c_.matcher.any_pending(inner_states_.data(), a0, a1);
    }

    // Redacts the JSON document held by the string at i_ into inner_->out, with a walker of
    // its own over the decoded text. `end` gets the string's end (0 when it is malformed).
    // A string that is not a whole JSON document is not_json and is left to the detectors.
    Inner redact_inner(const Word* cs, bool allowed_all, std::string_view key, std::size_t& end) {
        bool backslash = false;
        end = string_end(i_, backslash);
        if (!end) {
            leaf_error_ = bad_string_;
            return Inner::not_json;
        }
        if (depth_ >= kMaxJsonInString || !opens_json(i_)) return Inner::not_json;
        return redact_inner_document(cs, allowed_all, key, end);
    }

    // redact_inner() once the string [i_, end) opens with '{' or '[' (rare: kept out of line).
    __attribute__((noinline)) Inner redact_inner_document(const Word* cs, bool allowed_all, std::string_view key,
                                                          std::size_t end) {
        if (!inner_) inner_ = std::make_unique<InnerBuffers>();
        InnerBuffers& b = *inner_;
        json_unescape(s_.substr(i_ + 1, end - i_ - 2), b.text, b.map);
        const Word* states = nullptr;
        if (w_) {
            b.states.assign(w_, 0);
            PathStep step;
            step.into_json = true;
            c_.matcher.step(cs, step, b.states.data());
            states = b.states.data();
        }
        b.out.clear();
        b.copies.clear();
        RedactContext child(c_, b.out, b.text, b.copies);
        JsonWalker walker(child, b.text, states, allowed_all, depth_ + 1);
        const char* error = nullptr;
        if (!walker.run(error)) return Inner::not_json;
        add_counts(c_.counts, child.counts);
        if (rescan_inner_structure(key)) return Inner::changed;
        return b.out == b.text ? Inner::unchanged : Inner::changed;
    }

    // The inner walk scans string values (with their member names as keys) and long
    // integers, not member names or other numbers, which the text scan of a plain string
    // would have caught ({"alice@x.com":1}, [39.9042,116.4074]). So the inner output is
    // scanned as text too, its string values blanked (they were scanned already, and a
    // version under a version key must stay one). True when that replaced something; the
    // output is then rewritten whole (nothing of it is copied as written).
    bool rescan_inner_structure(std::string_view key) {
        InnerBuffers& b = *inner_;
        blank_string_values(b.out, b.blanked);
        b.rescanned.clear();
        b.rescan_copies.clear();
        RedactContext rescan(c_, b.rescanned, b.blanked, b.rescan_copies);
        if (!rescan.find(b.blanked, Encoding::raw, key)) return false;
        rescan.write_found(b.out, Encoding::raw);
        add_counts(c_.counts, rescan.counts);
        b.out.swap(b.rescanned);
        b.copies.clear();
        return true;
    }

    // `json` (valid JSON) with the contents of its string values, not its member names,
    // turned into spaces: same length, so offsets into it are offsets into `json`.
    static void blank_string_values(std::string_view json, std::string& blanked) {
        blanked.assign(json);
        const std::size_t n = json.size();
        for (std::size_t i = 0; i < n; ++i) {
            if (json[i] != '"') continue;
            std::size_t close = i + 1;
            while (close < n && json[close] != '"') close += json[close] == '\\' ? 2 : 1;
            std::size_t next = close + 1;
            while (next < n && is_ws(json[next])) ++next;
            if (!(next < n && json[next] == ':'))
                for (std::size_t k = i + 1; k < close && k < n; ++k) blanked[k] = ' ';
            i = close;
        }
    }

    // Writes inner_->out back as the contents of the string `raw`: what the inner walk
    // copied is copied from `raw` as written (its escapes kept), the rest is escaped.
    void write_inner(std::string_view raw) {
        const InnerBuffers& b = *inner_;
        std::size_t done = 0;
        for (const CopySpan& copy : b.copies) {
            if (copy.out_begin > done) json_escape_append(out_, std::string_view(b.out).substr(done, copy.out_begin - done));
            const std::size_t from = copy.in_begin, to = copy.in_begin + copy.length;
            if (unit_start(b.map, from) && unit_start(b.map, to))
                c_.append(raw.substr(b.map[from], b.map[to] - b.map[from]));
            else
                json_escape_append(out_, std::string_view(b.out).substr(copy.out_begin, copy.length));
            done = copy.out_begin + copy.length;
        }
        if (done < b.out.size()) json_escape_append(out_, std::string_view(b.out).substr(done));
    }

    void write_rule_leaf(char ch, std::size_t start, std::size_t end, const Operator& op) {
        flush_to(start);
        flushed_ = end;
        if (ch == '"') {
            out_.push_back('"');
            c_.write_rule(s_.substr(start + 1, end - start - 2), Encoding::json, op);
            out_.push_back('"');
            return;
        }
        std::string_view raw = s_.substr(start, end - start);
        if (op.kind == OpKind::generalize) {
            // true/false/null carry nothing to coarsen; numbers read as coordinates.
            if (ch != '-' && !ascii::is_digit(ch)) {
                c_.append(raw);
                return;
            }
            std::size_t mark = out_.size();
            if (generalize_coordinate(raw, out_)) return;
            c_.truncate(mark);
        }
        out_.push_back('"');
        apply_rule_operator(op, raw, c_.hasher, out_);
        out_.push_back('"');
    }

    // Long integer literals can be phone, card, IMEI or ID numbers; decimals under a
    // coordinate's name, or in a coordinate list, coordinates (write_number_finding).
    void scan_number(std::size_t start, std::size_t end, std::string_view key) {
        std::string_view raw = s_.substr(start, end - start);
        if (raw.size() >= 5 && (key.empty() ? !frames_.empty() && frames_.back().coordinates &&
                                                  (c_.enabled & detector_bit(Detector::latlng)) && precise_coordinate(raw, 180)
                                            : keyed_coordinate(raw, key, c_.enabled)))
            return write_number_finding(start, end, Detector::latlng);
        if (raw.size() < 11 || raw.size() > 19) return;
        for (char d : raw)
            if (!ascii::is_digit(d)) return;
        // What summarize() would say of a run of digits, without reading it again.
        TextSummary all_digits;
        all_digits.digits = all_digits.size = raw.size();
        spans_.clear();
        if (const DetectorSet on = c_.enabled & possible_detectors(all_digits))
            find_spans_unfiltered(raw, on, key, spans_);
        if (spans_.size() != 1 || spans_[0].begin != 0 || spans_[0].end != raw.size()) return;
        write_number_finding(start, end, spans_[0].kind);
    }

    // The number literal [start, end) is one finding: it becomes what the finding's operator
    // writes, a string (a tag, a hash), or a number when that is one (a generalized coordinate).
    void write_number_finding(std::size_t start, std::size_t end, Detector kind) {
        flush_to(start);
        flushed_ = end;
        const std::size_t quote = out_.size();
        out_.push_back('"');
        c_.write_whole_finding(s_.substr(start, end - start), Encoding::json, kind);
        if (json_decimal(std::string_view(out_).substr(quote + 1))) out_.erase(quote, 1);
        else out_.push_back('"');
    }

    // -?(0|[1-9][0-9]*)(.[0-9]+)?: a number JSON can hold as written.
    static bool json_decimal(std::string_view t) {
        std::size_t p = !t.empty() && t[0] == '-' ? 1 : 0;
        const std::size_t whole = p;
        while (p < t.size() && ascii::is_digit(t[p])) ++p;
        if (p == whole || (t[whole] == '0' && p - whole > 1)) return false;
        if (p < t.size() && t[p] == '.') {
            const std::size_t fraction = ++p;
            while (p < t.size() && ascii::is_digit(t[p])) ++p;
            if (p == fraction) return false;
        }
        return p == t.size();
    }

    RedactContext& c_;
    std::string_view s_;
    std::string& out_;
    std::size_t w_;
    // Without path rules or allowedKeys no member is ever dropped, so the output need not
    // catch up at every ',' and bracket: it is copied in one run up to the next edit.
    bool may_drop_ = w_ != 0 || c_.has_allowed;
    std::size_t i_ = 0;
    std::size_t flushed_ = 0;
    std::size_t skip_depth_ = 0;  // frames_.size() when skipping began; 0 when not skipping
    std::vector<Frame> frames_;
    std::vector<Word> states_;
    std::string_view key_;     // the member's name, decoded: into s_ or key_buffer_
    std::string_view key_raw_;  // the member's name as written in s_, without its quotes
    bool key_word_ = false;     // key_ is letters and '_' only, shorter than a hex id: nothing to find
    std::string key_buffer_;  // a name that had escapes
    std::vector<std::uint32_t> key_map_;
    std::vector<Span> spans_;
    SecretNameCache secret_names_;
    const char* bad_string_ = "bad string";
    const char* leaf_error_ = "unexpected byte";

    // JSON inside strings.
    struct InnerBuffers {
        std::string text;                 // the string decoded: the inner document
        std::vector<std::uint32_t> map;   // text offset -> raw offset
        std::string out;
        std::vector<CopySpan> copies;     // of text, into out
        std::vector<Word> states;
        std::string blanked;              // out with its string values blanked
        std::string rescanned;            // out with what the text scan of blanked found replaced
        std::vector<CopySpan> rescan_copies;
    };
    const Word* start_states_ = nullptr;
    bool root_allowed_all_ = !c_.has_allowed;
    int depth_ = 0;
    std::unique_ptr<InnerBuffers> inner_;  // made at the first string holding JSON
    std::vector<Word> inner_states_;
};

}  // namespace

bool walk_json(RedactContext& ctx, std::string_view doc, const char*& error) {
    JsonWalker walker(ctx, doc);
    return walker.run(error);
}

}  // namespace rps::redact
