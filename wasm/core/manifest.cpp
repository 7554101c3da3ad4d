#include "core/manifest.hpp"

#include <cstdint>
#include <type_traits>

#include "core/json_in.hpp"
#include "core/json_out.hpp"
#include "core/redact/ascii.hpp"
#include "core/script_gate.hpp"
#include "core/storage_policy.hpp"
#include "core/text.hpp"

namespace rps {
namespace {

// Where a value lies: a chain of keys and indexes up to the document, spelled out only when an
// error names it. Most values have no error, so most paths are never written.
struct Where {
    const Where* parent = nullptr;  // null: the document itself, "$"
    std::string_view key;           // a member's key, unless this is an array element
    std::size_t index = 0;
    bool element = false;

    Where at(std::string_view member) const { return {this, member}; }
    Where at(std::size_t i) const { return {this, {}, i, true}; }
};

// A key that would not read back as one path segment (empty, or with a '.', '[' or '"')
// is written in brackets: controller[""], sdks[0]["a.b"].
void append_path(std::string& out, const Where& where) {
    if (!where.parent) return;
    append_path(out, *where.parent);
    if (where.element) {
        out += '[';
        out += decimal(where.index);
        out += ']';
    } else if (!where.key.empty() && where.key.find_first_of(".[\"") == std::string_view::npos) {
        if (where.parent->parent) out += '.';
        out += where.key;
    } else {
        out += "[\"";
        out += where.key;
        out += "\"]";
    }
}

std::string spell(const Where& where) {
    if (!where.parent) return "$";
    std::string out;
    append_path(out, where);
    return out;
}

// Keys and choices are written as one string of space-separated words ("id label"): one
// pointer at each call instead of an array of views built there.
std::string_view next_word(std::string_view& words) {
    const std::size_t end = words.find(' ');
    const std::string_view word = words.substr(0, end);
    words = end == std::string_view::npos ? std::string_view() : words.substr(end + 1);
    return word;
}

// The word at `index`, or an empty view past the last.
std::string_view nth_word(std::string_view words, std::size_t index) {
    for (; !words.empty(); --index)
        if (const std::string_view word = next_word(words); index == 0) return word;
    return {};
}

// The listed word equal to `text`, or an empty view.
std::string_view listed(std::string_view words, std::string_view text) {
    while (!words.empty())
        if (const std::string_view word = next_word(words); word == text) return word;
    return {};
}

// One member an object kind allows, and how its value is read. An object kind is a table of
// these: the keys it allows, in the order they are read, which is the order their errors are
// reported in. One routine reads any row (ManifestReader::read_field); only checks that need
// more than the value itself are code of their own.
struct Field {
    enum Kind : unsigned char {
        // Texts: a non-empty string of at most `high` characters that is
        text,             // any text
        identifier,       // what is_identifier accepts
        js_name,          // a JavaScript name: nothing the shim would have to evaluate
        surface,          // a surface's name
        storage_key,      // a storage key pattern (storage::key_pattern_problem)
        script_selector,  // a script element's selector (script_selector_problem)
        purpose,          // a purpose's id, checked once every purpose is known
        // The others:
        choice,     // one of the words of `choices`; else the word at `fallback` (kNoChoice: "")
        flag,       // true or false; else `fallback`
        integer,    // a whole number from `low` to `high`; else `fallback`
        localized,  // an object of locale to non-empty text
        strings,    // an array of non-empty strings
        other,      // read by the object kind's own code
    };
    const char* key = "";
    Kind kind = other;
    bool required = false;
    std::uint16_t low = 0;
    std::uint16_t high = 2048;
    std::uint16_t fallback = 0;
    const char* choices = "";  // space-separated: "pass scan drop"
};

constexpr bool kRequired = true;
constexpr std::uint16_t kNoChoice = 0xffff;

constexpr Field of_kind(Field::Kind kind, const char* key, bool required = false) {
    Field f;
    f.key = key;
    f.kind = kind;
    f.required = required;
    return f;
}
constexpr Field text(const char* key, bool required = false, std::uint16_t max_length = 2048,
                     Field::Kind kind = Field::text) {
    Field f = of_kind(kind, key, required);
    f.high = max_length;
    return f;
}
constexpr Field choice(const char* key, const char* choices, std::uint16_t fallback, bool required = false) {
    Field f = of_kind(Field::choice, key, required);
    f.choices = choices;
    f.fallback = fallback;
    return f;
}
constexpr Field flag(const char* key, bool fallback) {
    Field f = of_kind(Field::flag, key);
    f.fallback = fallback;
    return f;
}
constexpr Field integer(const char* key, std::uint16_t low, std::uint16_t high, std::uint16_t fallback) {
    Field f = of_kind(Field::integer, key);
    f.low = low;
    f.high = high;
    f.fallback = fallback;
    return f;
}
constexpr Field kPurposeRef = of_kind(Field::purpose, "purpose", kRequired);

// A field's value as read: the member (null when missing), its text or the choice it made
// (a view of the document or of the table), and a flag's or an integer's value.
struct Value {
    const Json* json = nullptr;
    std::string_view text;
    int number = 0;
};

// What else a text of this kind must be: the problem with it, or "".
std::string text_problem(Field::Kind kind, std::string_view text) {
    switch (kind) {
        case Field::identifier:
            return is_identifier(text) ? "" : "expected an identifier of 1 to 64 characters from A-Z a-z 0-9 _ - .";
        case Field::js_name: {
            bool ok = !redact::ascii::is_digit(text[0]);
            for (char ch : text) ok = ok && (redact::ascii::is_alnum(ch) || ch == '_' || ch == '$');
            return ok ? "" : "expected a JavaScript name like AgoraRTC (A-Z a-z 0-9 _ $)";
        }
        case Field::surface:
            if (parse_surface(text)) return "";
            return "unknown surface " + in_quotes(text) + " (known: " + std::string(surface_names()) + ")";
        case Field::storage_key: return storage::key_pattern_problem(text);
        case Field::script_selector: return script_selector_problem(text);
        default: return "";
    }
}

bool non_empty_string(const Json& value) { return value.is_string() && !value.str().empty(); }

// The text of a usable localized field (Field::localized), in document order.
void copy_localized(const Json* value, LocalizedText& out) {
    if (value && value->is_object())
        for (const Json& member : value->items())
            if (non_empty_string(member)) out.emplace_back(member.key(), member.str());
}

// The strings of a usable Field::strings field; false if an element is not one (reported by
// read_field): the strings kept then no longer stand at their elements' indexes.
bool copy_strings(const Json* value, std::vector<std::string>& out) {
    bool all = true;
    if (value && value->is_array()) {
        for (const Json& item : value->items()) {
            if (non_empty_string(item)) out.push_back(item.str());
            else all = false;
        }
    }
    return all;
}

constexpr const char* kCollectItems =
    "userAgent os browser deviceBrand deviceModel screen devicePixelRatio hardwareConcurrency deviceMemory "
    "networkType battery gpu storageEstimate canvas ip location deviceId userId logs stats crashReports";

// The object kinds, each row in the order it is read.
constexpr Field kDocument[] = {
    text("revision", kRequired, 128), of_kind(Field::other, "controller"), of_kind(Field::other, "purposes"),
    of_kind(Field::other, "sdks"), of_kind(Field::other, "defaults"), of_kind(Field::other, "bridges"),
    of_kind(Field::other, "$schema")};
constexpr Field kController[] = {text("name", kRequired), text("policyUrl")};
constexpr Field kPurpose[] = {
    of_kind(Field::identifier, "id", kRequired), of_kind(Field::localized, "label", kRequired),
    of_kind(Field::localized, "description"), choice("necessity", "required optional", 1)};
constexpr Field kSdk[] = {
    of_kind(Field::identifier, "id", kRequired), text("name", kRequired), text("provider", kRequired),
    text("policyUrl"), of_kind(Field::other, "collects"), of_kind(Field::other, "permissions"),
    of_kind(Field::other, "endpoints"), of_kind(Field::other, "storage"), of_kind(Field::other, "switches"),
    of_kind(Field::other, "injectedScripts")};
constexpr Field kCollect[] = {
    choice("item", kCollectItems, kNoChoice, kRequired), choice("necessity", "required optional", 1, kRequired),
    kPurposeRef, choice("treatment", "keep generalize hash remove", 1)};
constexpr Field kPermission[] = {
    of_kind(Field::surface, "surface", kRequired), kPurposeRef, flag("scoped", false),
    choice("precision", "coarse precise", 0)};
constexpr Field kEndpoint[] = {
    text("match", kRequired), kPurposeRef, flag("redact", true), choice("format", "json ndjson form query text", 0),
    choice("onMalformed", "scan drop", 1), choice("binary", "pass drop", 1), of_kind(Field::strings, "rules"),
    of_kind(Field::strings, "allowedKeys")};
constexpr Field kStorageKey[] = {of_kind(Field::storage_key, "key", kRequired), kPurposeRef};
constexpr Field kSwitch[] = {
    text("global", kRequired, 64, Field::js_name), text("call", kRequired, 64, Field::js_name),
    of_kind(Field::other, "args"), kPurposeRef, choice("when", "notGranted granted", 0)};
constexpr Field kInjectedScript[] = {text("selector", kRequired, 256, Field::script_selector), kPurposeRef};
constexpr Field kDefaults[] = {
    flag("cookieFree", true), choice("unknownEndpoints", "pass scan drop", 0), integer("minorAge", 1, 21, 14),
    flag("askAge", false), integer("ledgerSize", 16, 10000, 500), of_kind(Field::other, "webrtc")};
constexpr Field kWebRtc[] = {flag("hideLocalAddresses", true), flag("relayOnly", false)};
constexpr Field kBridges[] = {of_kind(Field::other, "googleConsentMode"),
                              of_kind(Field::other, "globalPrivacyControl")};
constexpr Field kConsentTypes[] = {
    of_kind(Field::other, "ad_storage"), of_kind(Field::other, "ad_user_data"),
    of_kind(Field::other, "ad_personalization"), of_kind(Field::other, "analytics_storage"),
    of_kind(Field::other, "functionality_storage"), of_kind(Field::other, "personalization_storage"),
    of_kind(Field::other, "security_storage")};
constexpr Field kGlobalPrivacyControl[] = {of_kind(Field::other, "deny")};

// An object kind's table.
struct Fields {
    const Field* rows;
    std::size_t count;

    template <std::size_t N>
    constexpr Fields(const Field (&table)[N]) : rows(table), count(N) {}
};

// Walks the parsed document, collecting every error instead of stopping at the first:
// a developer fixing a manifest wants the whole list at once.
class ManifestReader {
public:
    ManifestReader(Manifest& m, std::vector<ManifestError>& errors) : m_(m), errors_(errors) {}

    void read(const Json& doc) {
        const Where root;
        if (!expect_object(doc, root, kDocument)) return;
        Value v[1];
        read_rows<0, 1>(doc, root, kDocument, v);
        m_.revision = v[0].text;
        Where here;
        if (const Json* c = object_field(doc, root, "controller", kRequired, kController, here)) {
            Value cv[2];
            read_rows<0, 2>(*c, here, kController, cv);
            m_.controller_name = cv[0].text;
            m_.controller_policy_url = cv[1].text;
        }
        objects(doc, root, "purposes", kRequired, true, kPurpose, m_.purposes, &ManifestReader::purpose);
        objects(doc, root, "sdks", kRequired, false, kSdk, m_.sdks, &ManifestReader::sdk);
        if (const Json* d = object_field(doc, root, "defaults", false, kDefaults, here)) defaults(*d, here);
        if (const Json* b = object_field(doc, root, "bridges", false, kBridges, here)) bridges(*b, here);
    }

    void check_references() {
        for (const auto& [path, id] : pending_refs_)
            if (!m_.find_purpose(id)) fail(path, "unknown purpose " + in_quotes(id));
    }

private:
    void fail(std::string path, std::string reason) { errors_.push_back({std::move(path), std::move(reason)}); }
    void fail(const Where& where, std::string reason) { fail(spell(where), std::move(reason)); }

    bool expect_object(const Json& value, const Where& where, Fields fields) {
        if (!value.is_object()) {
            fail(where, "expected an object");
            return false;
        }
        for (const Json& member : value.items()) {
            bool known = false;
            for (std::size_t i = 0; i < fields.count; ++i) known = known || fields.rows[i].key == member.key();
            if (!known) fail(where.at(member.key()), "unknown key " + in_quotes(member.key()));
        }
        return true;
    }

    const Json* field(const Json& object, const Where& where, std::string_view key, bool required) {
        const Json* value = object.find(key);
        if (!value && required) fail(where.at(key), "missing required field");
        return value;
    }

    // An object field of the kind `fields`, and where it is; null when missing or not an object.
    const Json* object_field(const Json& object, const Where& where, std::string_view key, bool required,
                             Fields fields, Where& here) {
        here = where.at(key);
        const Json* value = field(object, where, key, required);
        return value && expect_object(*value, here, fields) ? value : nullptr;
    }

    // Reads rows [From, To) of an object's table into values[From, To), in order. The range is
    // checked against the table and the values when compiled: a row added to a table cannot
    // shift what a reader takes, or read past either array.
    template <std::size_t From, std::size_t To, std::size_t Rows, std::size_t N>
    void read_rows(const Json& object, const Where& where, const Field (&rows)[Rows], Value (&values)[N]) {
        static_assert(From < To && To <= Rows && To <= N, "rows [From, To) must be rows of the table and slots of the values");
        read_fields(object, where, rows, From, To, values);
    }
    // Whether an item before `item` in `all` (the list it is part of) has its id: reported once,
    // however many came before. An empty id is a missing one, reported as such.
    template <typename T>
    static bool repeats_earlier(const std::vector<T>& all, const T& item) {
        if (item.id.empty()) return false;
        for (const T& other : all) {
            if (&other == &item) return false;
            if (other.id == item.id) return true;
        }
        return false;
    }

    // read_rows' work, its range checked.
    void read_fields(const Json& object, const Where& where, Fields fields, std::size_t from, std::size_t to,
                     Value* values) {
        for (std::size_t i = from; i < to; ++i) values[i] = read_field(object, where, fields.rows[i]);
    }

    // One row: its value, with every error the row's kind finds recorded.
    Value read_field(const Json& object, const Where& where, const Field& f) {
        Value out{field(object, where, f.key, f.required), {}, f.fallback};
        const Json* value = out.json;
        const Where at = where.at(f.key);
        if (f.kind == Field::choice) out.text = nth_word(f.choices, f.fallback);
        if (!value) return out;
        switch (f.kind) {
            case Field::text:
            case Field::identifier:
            case Field::js_name:
            case Field::surface:
            case Field::storage_key:
            case Field::script_selector:
            case Field::purpose:
                if (!value->is_string()) {
                    fail(at, "expected a string");
                    break;
                }
                // The text lives as long as the document.
                out.text = value->str();
                if (out.text.empty()) fail(at, "must not be empty");
                if (out.text.size() > f.high)
                    fail(at, "longer than " + decimal(f.high) + " characters");
                if (out.text.empty()) break;
                // Purposes are declared before SDKs in the schema, but a manifest may list them
                // in any order; references are checked against the full list at the end.
                if (f.kind == Field::purpose) pending_refs_.emplace_back(spell(at), out.text);
                else if (std::string problem = text_problem(f.kind, out.text); !problem.empty())
                    fail(at, std::move(problem));
                break;
            case Field::choice: {
                if (value->is_string())
                    if (const std::string_view word = listed(f.choices, value->str()); !word.empty()) {
                        out.text = word;
                        break;
                    }
                std::string expected = "expected one of ";
                const std::string_view choices = f.choices;
                for (std::string_view rest = choices; !rest.empty();) {
                    if (rest.size() < choices.size()) expected += ", ";
                    expected += in_quotes(next_word(rest));
                }
                if (value->is_string()) expected += ", got " + in_quotes(value->str());
                fail(at, std::move(expected));
                break;
            }
            case Field::flag:
                if (value->is_boolean()) out.number = value->boolean();
                else fail(at, "expected true or false");
                break;
            case Field::integer:
                if (value->is_integer() && value->number() >= f.low && value->number() <= f.high)
                    out.number = static_cast<int>(value->number());
                else
                    fail(at, "expected a whole number from " + decimal(f.low) + " to " +
                                 decimal(f.high));
                break;
            case Field::localized:
                if (!value->is_object() || value->empty()) {
                    fail(at, "expected an object of locale to text, like {\"en\": \"Calls\"}");
                    break;
                }
                for (const Json& member : value->items())
                    if (!non_empty_string(member)) fail(at.at(member.key()), "expected a non-empty string");
                break;
            case Field::strings:
                if (const std::vector<Json>* items = elements(object, where, f.key, false, false))
                    for (std::size_t i = 0; i < items->size(); ++i)
                        if (!non_empty_string((*items)[i])) fail(at.at(i), "expected a non-empty string");
                break;
            case Field::other:
                break;
        }
        return out;
    }

    // An array field's elements; null when it is missing or not an array.
    const std::vector<Json>* elements(const Json& object, const Where& where, std::string_view key, bool required,
                                      bool non_empty) {
        const Json* value = object.find(key);
        if (!value) {
            if (required) fail(where.at(key), "missing required field");
            return nullptr;
        }
        if (!value->is_array()) {
            fail(where.at(key), "expected an array");
            return nullptr;
        }
        if (non_empty && value->empty()) fail(where.at(key), "must not be empty");
        return &value->items();
    }

    // An array field of objects of the kind `fields`: each object becomes an element of `out`,
    // filled by `each`; the other elements are reported.
    template <typename T>
    void objects(const Json& parent, const Where& where, std::string_view key, bool required, bool non_empty,
                 Fields fields, std::vector<T>& out, void (ManifestReader::*each)(const Json&, const Where&, T&)) {
        const std::vector<Json>* items = elements(parent, where, key, required, non_empty);
        if (!items) return;
        std::size_t count = 0;
        for (const Json& item : *items) count += item.is_object();
        // Sized once, to the number of objects: growing element by element would add each
        // element type's reallocation code to the module.
        std::vector<T>(count).swap(out);
        T* next = out.data();
        const Where here = where.at(key);
        for (std::size_t i = 0; i < items->size(); ++i)
            if (expect_object((*items)[i], here.at(i), fields)) (this->*each)((*items)[i], here.at(i), *next++);
    }

    void purpose(const Json& p, const Where& path, Purpose& out) {
        Value v[4];
        read_rows<0, 4>(p, path, kPurpose, v);
        out.id = v[0].text;
        copy_localized(v[1].json, out.label);
        copy_localized(v[2].json, out.description);
        out.required = v[3].text == "required";
        if (repeats_earlier(m_.purposes, out)) fail(path.at("id"), "duplicate purpose " + in_quotes(out.id));
    }

    void sdk(const Json& s, const Where& path, Sdk& out) {
        Value v[4];
        read_rows<0, 4>(s, path, kSdk, v);
        out.id = v[0].text;
        out.name = v[1].text;
        out.provider = v[2].text;
        out.policy_url = v[3].text;
        if (repeats_earlier(m_.sdks, out)) fail(path.at("id"), "duplicate SDK " + in_quotes(out.id));
        objects(s, path, "collects", false, false, kCollect, out.collects, &ManifestReader::collect);
        objects(s, path, "permissions", false, false, kPermission, out.permissions, &ManifestReader::permission);
        objects(s, path, "endpoints", false, false, kEndpoint, out.endpoints, &ManifestReader::endpoint);
        objects(s, path, "storage", false, false, kStorageKey, out.storage, &ManifestReader::storage_key);
        objects(s, path, "switches", false, false, kSwitch, out.switches, &ManifestReader::sdk_switch);
        objects(s, path, "injectedScripts", false, false, kInjectedScript, out.injected_scripts,
                &ManifestReader::injected_script);
        for (Endpoint& e : out.endpoints) apply_collects(out.collects, e.policy);
    }

    void collect(const Json& c, const Where& p, Collect& out) {
        Value v[4];
        read_rows<0, 4>(c, p, kCollect, v);
        out.item = v[0].text;
        out.necessity = v[1].text;
        out.purpose = v[2].text;
        out.treatment = v[3].text;
    }

    void permission(const Json& c, const Where& p, Permission& out) {
        Value v[4];
        read_rows<0, 4>(c, p, kPermission, v);
        const auto surface = parse_surface(v[0].text);
        if (surface) out.surface = *surface;
        out.purpose = v[1].text;
        out.scoped = v[2].number;
        out.precise = v[3].text == "precise";
        if (v[3].json && surface && *surface != Surface::location)
            fail(p.at("precision"), "only a location permission takes a precision");
    }

    void endpoint(const Json& c, const Where& p, Endpoint& e) {
        Value v[8];
        read_rows<0, 1>(c, p, kEndpoint, v);
        e.match = v[0].text;
        if (!e.match.empty())
            if (std::string problem = parse_endpoint_pattern(e.match, e.pattern); !problem.empty())
                fail(p.at("match"), std::move(problem));
        read_rows<1, 3>(c, p, kEndpoint, v);
        e.purpose = v[1].text;
        e.redact = v[2].number;
        if (!e.redact) gate_only_conflicts(c, p);
        read_rows<3, 8>(c, p, kEndpoint, v);
        e.format = v[3].text;
        e.on_malformed = v[4].text;
        e.binary = v[5].text;
        const bool rules_whole = copy_strings(v[6].json, e.rules);
        e.has_allowed_keys = v[7].json != nullptr;
        const bool keys_whole = copy_strings(v[7].json, e.allowed_keys);
        compile_endpoint(e, p, rules_whole, keys_whole);
    }

    void storage_key(const Json& c, const Where& p, StorageKey& out) {
        Value v[2];
        read_rows<0, 2>(c, p, kStorageKey, v);
        out.key = v[0].text;
        out.purpose = v[1].text;
    }

    void sdk_switch(const Json& c, const Where& p, SdkSwitch& out) {
        Value v[5];
        read_rows<0, 2>(c, p, kSwitch, v);
        out.global = v[0].text;
        out.call = v[1].text;
        out.args_json = switch_args(c, p);
        read_rows<3, 5>(c, p, kSwitch, v);
        out.purpose = v[3].text;
        out.when_granted = v[4].text == "granted";
    }

    void injected_script(const Json& c, const Where& p, InjectedScript& out) {
        Value v[2];
        read_rows<0, 2>(c, p, kInjectedScript, v);
        out.selector = v[0].text;
        out.purpose = v[1].text;
    }

    // switches[].args: at most 8 strings, whole numbers (that a JavaScript number holds
    // exactly), booleans or nulls, kept as JSON text for the JS layer's JSON.parse.
    std::string switch_args(const Json& object, const Where& path) {
        std::string out = "[";
        const Where here = path.at("args");
        if (const std::vector<Json>* items = elements(object, path, "args", false, false))
            for (std::size_t i = 0; i < items->size(); ++i) {
                const Json& a = (*items)[i];
                if (i >= 8) {
                    fail(here.at(i), "at most 8 arguments");
                    continue;
                }
                if (i) out.push_back(',');
                if (a.is_string()) json_out::append_string(out, a.str());
                else if (a.is_boolean()) out += a.boolean() ? "true" : "false";
                else if (a.is_null()) out += "null";
                else if (a.is_integer() && a.number() >= -9007199254740991.0 && a.number() <= 9007199254740991.0)
                    json_out::append_int(out, static_cast<std::int64_t>(a.number()));
                else fail(here.at(i), "expected a string, a whole number, true, false or null");
            }
        return out + "]";
    }

    // A gate-only endpoint's body is never read: a key that would configure its redaction
    // means the author expected one, and silently ignoring it would send what they meant to clean.
    void gate_only_conflicts(const Json& endpoint, const Where& path) {
        for (std::string_view keys = "format rules allowedKeys onMalformed binary"; !keys.empty();)
            if (const std::string_view key = next_word(keys); endpoint.find(key))
                fail(path.at(key), in_quotes(key) + " configures a redaction, but \"redact\": false passes the "
                                   "endpoint's traffic unread with consent: remove one of them");
    }

    // Rule and allowedKeys errors come back as "rules[2]: …"; they are placed under the endpoint.
    void nested_failure(const Where& path, const std::string& error) {
        fail(spell(path) + "." + error.substr(0, error.find(':')), error.substr(error.find(':') + 2));
    }

    // A list with an element that is not a string (already reported) is not compiled: an error
    // in it would name its rule by the index among the strings kept, not the element's own.
    void compile_endpoint(Endpoint& e, const Where& path, bool rules_whole, bool keys_whole) {
        redact::format_from_name(e.format, e.body_format);
        e.policy.on_malformed = e.on_malformed == "scan" ? redact::OnMalformed::scan : redact::OnMalformed::drop;
        e.binary_bodies = e.binary == "pass" ? redact::BinaryBodies::pass : redact::BinaryBodies::drop;
        const Status rules = rules_whole ? redact::parse_rules(e.rules, e.policy.rules) : Status{};
        if (!rules.ok()) nested_failure(path, rules.error);
        if (e.has_allowed_keys && keys_whole) {
            std::vector<redact::Selector> selectors;
            const Status keys = redact::parse_allowed_keys(e.allowed_keys, selectors);
            if (!keys.ok()) nested_failure(path, keys.error);
            else e.policy.allowed_keys = std::move(selectors);
        }
    }

    // What the SDK's policy declares it collects decides how the detectors of that kind treat
    // it on the SDK's endpoints: "keep" lets it through, the other treatments are operators.
    // Undeclared personal data is replaced by its type tag.
    static void apply_collects(const std::vector<Collect>& collects, redact::Policy& policy) {
        using redact::Detector;
        struct ItemDetectors {
            std::string_view item;
            std::size_t count;
            Detector kinds[4];
        };
        static constexpr ItemDetectors kItems[] = {
            {"ip", 2, {Detector::ipv4, Detector::ipv6}},
            {"deviceId", 4, {Detector::uuid, Detector::hex_id, Detector::imei, Detector::mac}},
            {"location", 1, {Detector::latlng}}};
        for (const Collect& c : collects) {
            redact::OpKind op = redact::OpKind::generalize;
            if (c.treatment == "hash") op = redact::OpKind::hash;
            if (c.treatment == "remove") op = redact::OpKind::remove;
            for (const ItemDetectors& row : kItems) {
                if (row.item != c.item) continue;
                for (std::size_t i = 0; i < row.count; ++i) {
                    redact::DetectorSetting& setting = policy.detectors[static_cast<std::size_t>(row.kinds[i])];
                    if (c.treatment == "keep") setting.enabled = false;
                    else setting.op.kind = op;
                }
            }
        }
    }

    void defaults(const Json& d, const Where& path) {
        Defaults& out = m_.defaults;
        Value v[5];
        read_rows<0, 5>(d, path, kDefaults, v);
        out.cookie_free = v[0].number;
        out.unknown_endpoints = v[1].text;
        out.minor_age = v[2].number;
        out.ask_age = v[3].number;
        out.ledger_size = v[4].number;
        Where here;
        if (const Json* w = object_field(d, path, "webrtc", false, kWebRtc, here)) {
            read_rows<0, 2>(*w, here, kWebRtc, v);
            out.webrtc.hide_local_addresses = v[0].number;
            out.webrtc.relay_only = v[1].number;
        }
    }

    void bridges(const Json& b, const Where& path) {
        Where here;
        if (const Json* g = object_field(b, path, "googleConsentMode", false, kConsentTypes, here)) {
            auto& modes = m_.bridges.google_consent_mode;
            std::remove_reference_t<decltype(modes)>(g->size()).swap(modes);
            for (std::size_t i = 0; i < g->size(); ++i) {
                const std::string& type = g->items()[i].key();
                modes[i].first = type;
                purpose_list(*g, here, type, modes[i].second);
            }
        }
        if (const Json* p = object_field(b, path, "globalPrivacyControl", false, kGlobalPrivacyControl, here))
            purpose_list(*p, here, "deny", m_.bridges.gpc_deny);
    }

    void purpose_list(const Json& object, const Where& path, std::string_view key, std::vector<std::string>& out) {
        const Where here = path.at(key);
        if (const std::vector<Json>* items = elements(object, path, key, true, false))
            for (std::size_t i = 0; i < items->size(); ++i) {
                const Json& v = (*items)[i];
                if (!v.is_string()) {
                    fail(here.at(i), "expected a purpose id");
                    continue;
                }
                pending_refs_.emplace_back(spell(here.at(i)), v.str());
                out.push_back(v.str());
            }
    }

    Manifest& m_;
    std::vector<ManifestError>& errors_;
    // A purpose id and where it was named; the id lives as long as the document.
    std::vector<std::pair<std::string, std::string_view>> pending_refs_;
};

}  // namespace

bool is_identifier(std::string_view text) {
    if (text.empty() || text.size() > 64) return false;
    for (char c : text) {
        const bool ok = redact::ascii::is_alnum(c) || c == '_' || c == '-' || c == '.';
        if (!ok) return false;
    }
    return true;
}

const Purpose* Manifest::find_purpose(std::string_view id) const {
    for (const Purpose& p : purposes)
        if (p.id == id) return &p;
    return nullptr;
}

ManifestParse parse_manifest(std::string_view text) {
    ManifestParse out;
    if (text.size() > kMaxManifestBytes) {
        out.errors.push_back({"$", "manifest larger than " + decimal(kMaxManifestBytes) + " bytes"});
        return out;
    }
    bool blank = true;
    for (char c : text) blank = blank && (c == ' ' || c == '\t' || c == '\n' || c == '\r');
    if (blank) {
        out.errors.push_back({"$", "empty manifest"});
        return out;
    }
    JsonRead doc = read_json(text, kMaxManifestDepth);
    if (!doc.ok()) {
        out.errors.push_back({doc.error_path, doc.error});
        return out;
    }
    ManifestReader reader(out.manifest, out.errors);
    reader.read(doc.value);
    reader.check_references();
    return out;
}

}  // namespace rps
