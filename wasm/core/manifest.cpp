#include "core/manifest.hpp"

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
        out += std::to_string(where.index);
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

// The listed word equal to `text`, or an empty view.
std::string_view listed(std::string_view words, std::string_view text) {
    while (!words.empty())
        if (const std::string_view word = next_word(words); word == text) return word;
    return {};
}

// Walks the parsed document, collecting every error instead of stopping at the first:
// a developer fixing a manifest wants the whole list at once.
class Validator {
public:
    explicit Validator(std::vector<ManifestError>& errors) : errors_(errors) {}

    void fail(std::string path, std::string reason) { errors_.push_back({std::move(path), std::move(reason)}); }
    void fail(const Where& where, std::string reason) { fail(spell(where), std::move(reason)); }

    bool expect_object(const Json& value, const Where& where, std::string_view allowed) {
        if (!value.is_object()) {
            fail(where, "expected an object");
            return false;
        }
        for (const Json& member : value.items())
            if (listed(allowed, member.key()).empty()) fail(where.at(member.key()), "unknown key " + in_quotes(member.key()));
        return true;
    }

    const Json* field(const Json& object, const Where& where, std::string_view key, bool required) {
        const Json* value = object.find(key);
        if (!value && required) fail(where.at(key), "missing required field");
        return value;
    }

    // Returns "" (with an error recorded) when the field is missing, not a string, or empty.
    // The text lives as long as the document.
    std::string_view text(const Json& object, const Where& where, std::string_view key, bool required,
                          std::size_t max_length = 2048) {
        const Json* value = field(object, where, key, required);
        if (!value) return {};
        if (!value->is_string()) {
            fail(where.at(key), "expected a string");
            return {};
        }
        const std::string& s = value->str();
        if (s.empty()) fail(where.at(key), "must not be empty");
        if (s.size() > max_length) fail(where.at(key), "longer than " + std::to_string(max_length) + " characters");
        return s;
    }

    std::string_view identifier(const Json& object, const Where& where, std::string_view key) {
        const std::string_view id = text(object, where, key, true);
        if (!id.empty() && !is_identifier(id))
            fail(where.at(key), "expected an identifier of 1 to 64 characters from A-Z a-z 0-9 _ - .");
        return id;
    }

    // The choice the field names (a view of `choices`), or `fallback` when it is missing or
    // names none (an error recorded where that is wrong).
    std::string_view one_of(const Json& object, const Where& where, std::string_view key, bool required,
                            std::string_view choices, std::string_view fallback) {
        const Json* value = field(object, where, key, required);
        if (!value) return fallback;
        if (value->is_string())
            if (const std::string_view choice = listed(choices, value->str()); !choice.empty()) return choice;
        std::string expected = "expected one of ";
        for (std::string_view rest = choices; !rest.empty();) {
            if (rest.size() < choices.size()) expected += ", ";
            expected += in_quotes(next_word(rest));
        }
        if (value->is_string()) expected += ", got " + in_quotes(value->str());
        fail(where.at(key), std::move(expected));
        return fallback;
    }

    bool flag(const Json& object, const Where& where, std::string_view key, bool fallback) {
        const Json* value = field(object, where, key, false);
        if (!value) return fallback;
        if (!value->is_boolean()) {
            fail(where.at(key), "expected true or false");
            return fallback;
        }
        return value->boolean();
    }

    int integer(const Json& object, const Where& where, std::string_view key, int low, int high, int fallback) {
        const Json* value = field(object, where, key, false);
        if (!value) return fallback;
        if (!value->is_integer() || value->number() < low || value->number() > high) {
            fail(where.at(key), "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
            return fallback;
        }
        return static_cast<int>(value->number());
    }

    // An array field's elements; null when it is missing or not an array.
    const std::vector<Json>* elements(const Json& object, const Where& where, std::string_view key, bool required,
                                      bool non_empty) {
        const Json* value = field(object, where, key, required);
        if (!value) return nullptr;
        if (!value->is_array()) {
            fail(where.at(key), "expected an array");
            return nullptr;
        }
        if (non_empty && value->empty()) fail(where.at(key), "must not be empty");
        return &value->items();
    }

    // Calls each(element, where) for every element of an array field.
    template <typename Each>
    void array(const Json& object, const Where& where, std::string_view key, bool required, bool non_empty,
               Each each) {
        const Where here = where.at(key);
        if (const std::vector<Json>* items = elements(object, where, key, required, non_empty))
            for (std::size_t i = 0; i < items->size(); ++i) each((*items)[i], here.at(i));
    }

    void strings(const Json& object, const Where& where, std::string_view key, std::vector<std::string>& out) {
        array(object, where, key, false, false, [&](const Json& v, const Where& p) {
            if (!v.is_string() || v.str().empty()) fail(p, "expected a non-empty string");
            else out.push_back(v.str());
        });
    }

    void localized(const Json& object, const Where& where, std::string_view key, bool required, LocalizedText& out) {
        const Json* value = field(object, where, key, required);
        if (!value) return;
        const Where here = where.at(key);
        if (!value->is_object() || value->empty()) {
            fail(here, "expected an object of locale to text, like {\"en\": \"Calls\"}");
            return;
        }
        for (const Json& member : value->items()) {
            if (!member.is_string() || member.str().empty()) fail(here.at(member.key()), "expected a non-empty string");
            else out.emplace_back(member.key(), member.str());
        }
    }

private:
    std::vector<ManifestError>& errors_;
};

constexpr std::string_view kCollectItems =
    "userAgent os browser deviceBrand deviceModel screen devicePixelRatio hardwareConcurrency deviceMemory "
    "networkType battery gpu storageEstimate canvas ip location deviceId userId logs stats crashReports";

class ManifestReader {
public:
    ManifestReader(Manifest& m, std::vector<ManifestError>& errors) : m_(m), v_(errors) {}

    void read(const Json& doc) {
        const Where root;
        if (!v_.expect_object(doc, root, "$schema revision controller purposes sdks defaults bridges")) return;
        m_.revision = v_.text(doc, root, "revision", true, 128);
        if (const Json* c = v_.field(doc, root, "controller", true)) {
            const Where here = root.at("controller");
            if (v_.expect_object(*c, here, "name policyUrl")) {
                m_.controller_name = v_.text(*c, here, "name", true);
                m_.controller_policy_url = v_.text(*c, here, "policyUrl", false);
            }
        }
        v_.array(doc, root, "purposes", true, true, [&](const Json& p, const Where& where) { purpose(p, where); });
        v_.array(doc, root, "sdks", true, false, [&](const Json& s, const Where& where) { sdk(s, where); });
        if (const Json* d = v_.field(doc, root, "defaults", false)) defaults(*d, root.at("defaults"));
        if (const Json* b = v_.field(doc, root, "bridges", false)) bridges(*b, root.at("bridges"));
    }

private:
    void purpose(const Json& p, const Where& path) {
        if (!v_.expect_object(p, path, "id label description necessity")) return;
        Purpose& out = m_.purposes.emplace_back();
        out.id = v_.identifier(p, path, "id");
        v_.localized(p, path, "label", true, out.label);
        v_.localized(p, path, "description", false, out.description);
        out.required = v_.one_of(p, path, "necessity", false, "required optional", "optional") == "required";
        // find_purpose finds the first with the id: one before this is a duplicate.
        if (!out.id.empty() && m_.find_purpose(out.id) != &out) v_.fail(path.at("id"), "duplicate purpose " + in_quotes(out.id));
    }

    // Purposes are declared before SDKs in the schema, but a manifest may list them in any
    // order; references are checked against the full list when the document is read.
    std::string_view purpose_ref(const Json& object, const Where& path) {
        const std::string_view id = v_.text(object, path, "purpose", true);
        if (!id.empty()) pending_refs_.emplace_back(spell(path.at("purpose")), id);
        return id;
    }

    void sdk(const Json& s, const Where& path) {
        if (!v_.expect_object(s, path, "id name provider policyUrl collects permissions endpoints storage switches "
                                       "injectedScripts"))
            return;
        Sdk out;
        out.id = v_.identifier(s, path, "id");
        out.name = v_.text(s, path, "name", true);
        out.provider = v_.text(s, path, "provider", true);
        out.policy_url = v_.text(s, path, "policyUrl", false);
        for (const Sdk& other : m_.sdks)
            if (!out.id.empty() && other.id == out.id) v_.fail(path.at("id"), "duplicate SDK " + in_quotes(out.id));
        v_.array(s, path, "collects", false, false, [&](const Json& c, const Where& p) { collect(c, p, out); });
        v_.array(s, path, "permissions", false, false, [&](const Json& c, const Where& p) { permission(c, p, out); });
        v_.array(s, path, "endpoints", false, false, [&](const Json& c, const Where& p) { endpoint(c, p, out); });
        v_.array(s, path, "storage", false, false, [&](const Json& c, const Where& p) {
            if (!v_.expect_object(c, p, "key purpose")) return;
            StorageKey& k = out.storage.emplace_back();
            k.key = v_.text(c, p, "key", true);
            // An empty key is already reported by text().
            if (!k.key.empty()) problem(p, "key", storage::key_pattern_problem(k.key));
            k.purpose = purpose_ref(c, p);
        });
        v_.array(s, path, "switches", false, false, [&](const Json& c, const Where& p) {
            if (!v_.expect_object(c, p, "global call args purpose when")) return;
            SdkSwitch& sw = out.switches.emplace_back();
            sw.global = js_name(c, p, "global");
            sw.call = js_name(c, p, "call");
            sw.args_json = switch_args(c, p);
            sw.purpose = purpose_ref(c, p);
            sw.when_granted = v_.one_of(c, p, "when", false, "notGranted granted", "notGranted") == "granted";
        });
        v_.array(s, path, "injectedScripts", false, false, [&](const Json& c, const Where& p) {
            if (!v_.expect_object(c, p, "selector purpose")) return;
            InjectedScript& script = out.injected_scripts.emplace_back();
            script.selector = v_.text(c, p, "selector", true, 256);
            if (!script.selector.empty()) problem(p, "selector", script_selector_problem(script.selector));
            script.purpose = purpose_ref(c, p);
        });
        for (Endpoint& e : out.endpoints) apply_collects(out.collects, e.policy);
        m_.sdks.push_back(std::move(out));
    }

    // A checker's answer about one field: empty, or the problem to record at it.
    void problem(const Where& path, std::string_view key, std::string found) {
        if (!found.empty()) v_.fail(path.at(key), std::move(found));
    }

    void collect(const Json& c, const Where& p, Sdk& out) {
        if (!v_.expect_object(c, p, "item necessity purpose treatment")) return;
        Collect& col = out.collects.emplace_back();
        col.item = v_.one_of(c, p, "item", true, kCollectItems, "");
        col.necessity = v_.one_of(c, p, "necessity", true, "required optional", "optional");
        col.purpose = purpose_ref(c, p);
        col.treatment = v_.one_of(c, p, "treatment", false, "keep generalize hash remove", "generalize");
    }

    void permission(const Json& c, const Where& p, Sdk& out) {
        if (!v_.expect_object(c, p, "surface purpose scoped precision")) return;
        Permission& perm = out.permissions.emplace_back();
        const std::string_view name = v_.text(c, p, "surface", true);
        const auto surface = parse_surface(name);
        if (surface) perm.surface = *surface;
        else if (!name.empty())
            v_.fail(p.at("surface"), "unknown surface " + in_quotes(name) + " (known: " + std::string(surface_names()) + ")");
        perm.purpose = purpose_ref(c, p);
        perm.scoped = v_.flag(c, p, "scoped", false);
        if (c.find("precision")) {
            perm.precise = v_.one_of(c, p, "precision", false, "coarse precise", "coarse") == "precise";
            if (surface && *surface != Surface::location)
                v_.fail(p.at("precision"), "only a location permission takes a precision");
        }
    }

    void endpoint(const Json& c, const Where& p, Sdk& out) {
        if (!v_.expect_object(c, p, "match purpose redact format rules allowedKeys onMalformed binary")) return;
        Endpoint& e = out.endpoints.emplace_back();
        e.match = v_.text(c, p, "match", true);
        if (!e.match.empty()) problem(p, "match", parse_endpoint_pattern(e.match, e.pattern));
        e.purpose = purpose_ref(c, p);
        e.redact = v_.flag(c, p, "redact", true);
        if (!e.redact) gate_only_conflicts(c, p);
        e.format = v_.one_of(c, p, "format", false, "json ndjson form query text", "json");
        e.on_malformed = v_.one_of(c, p, "onMalformed", false, "scan drop", "drop");
        e.binary = v_.one_of(c, p, "binary", false, "pass drop", "drop");
        v_.strings(c, p, "rules", e.rules);
        e.has_allowed_keys = c.find("allowedKeys") != nullptr;
        v_.strings(c, p, "allowedKeys", e.allowed_keys);
        compile_endpoint(e, p);
    }

    // A JavaScript identifier of at most 64 characters (a global or a method name): nothing
    // the shim would have to evaluate.
    std::string_view js_name(const Json& object, const Where& path, std::string_view key) {
        const std::string_view name = v_.text(object, path, key, true, 64);
        bool ok = !name.empty() && !redact::ascii::is_digit(name[0]);
        for (char ch : name) ok = ok && (redact::ascii::is_alnum(ch) || ch == '_' || ch == '$');
        if (!name.empty() && !ok) v_.fail(path.at(key), "expected a JavaScript name like AgoraRTC (A-Z a-z 0-9 _ $)");
        return name;
    }

    // switches[].args: at most 8 strings, whole numbers (that a JavaScript number holds
    // exactly), booleans or nulls, kept as JSON text for the JS layer's JSON.parse.
    std::string switch_args(const Json& object, const Where& path) {
        std::string out = "[";
        std::size_t count = 0;
        v_.array(object, path, "args", false, false, [&](const Json& a, const Where& p) {
            if (++count > 8) return v_.fail(p, "at most 8 arguments");
            if (count > 1) out.push_back(',');
            if (a.is_string()) json_out::append_string(out, a.str());
            else if (a.is_boolean()) out += a.boolean() ? "true" : "false";
            else if (a.is_null()) out += "null";
            else if (a.is_integer() && a.number() >= -9007199254740991.0 && a.number() <= 9007199254740991.0)
                json_out::append_int(out, static_cast<std::int64_t>(a.number()));
            else v_.fail(p, "expected a string, a whole number, true, false or null");
        });
        return out + "]";
    }

    // A gate-only endpoint's body is never read: a key that would configure its redaction
    // means the author expected one, and silently ignoring it would send what they meant to clean.
    void gate_only_conflicts(const Json& endpoint, const Where& path) {
        for (std::string_view keys = "format rules allowedKeys onMalformed binary"; !keys.empty();)
            if (const std::string_view key = next_word(keys); endpoint.find(key))
                v_.fail(path.at(key), in_quotes(key) + " configures a redaction, but \"redact\": false passes the "
                                      "endpoint's traffic unread with consent: remove one of them");
    }

    // Rule and allowedKeys errors come back as "rules[2]: …"; they are placed under the endpoint.
    void nested_failure(const Where& path, const std::string& error) {
        v_.fail(spell(path) + "." + error.substr(0, error.find(':')), error.substr(error.find(':') + 2));
    }

    void compile_endpoint(Endpoint& e, const Where& path) {
        redact::format_from_name(e.format, e.body_format);
        e.policy.on_malformed = e.on_malformed == "scan" ? redact::OnMalformed::scan : redact::OnMalformed::drop;
        e.binary_bodies = e.binary == "pass" ? redact::BinaryBodies::pass : redact::BinaryBodies::drop;
        const Status rules = redact::parse_rules(e.rules, e.policy.rules);
        if (!rules.ok()) nested_failure(path, rules.error);
        if (e.has_allowed_keys) {
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
        if (!v_.expect_object(d, path, "cookieFree unknownEndpoints minorAge askAge ledgerSize webrtc")) return;
        Defaults& out = m_.defaults;
        out.cookie_free = v_.flag(d, path, "cookieFree", true);
        out.unknown_endpoints = v_.one_of(d, path, "unknownEndpoints", false, "pass scan drop", "pass");
        out.minor_age = v_.integer(d, path, "minorAge", 1, 21, 14);
        out.ask_age = v_.flag(d, path, "askAge", false);
        out.ledger_size = v_.integer(d, path, "ledgerSize", 16, 10000, 500);
        if (const Json* w = v_.field(d, path, "webrtc", false)) {
            const Where here = path.at("webrtc");
            if (v_.expect_object(*w, here, "hideLocalAddresses relayOnly")) {
                out.webrtc.hide_local_addresses = v_.flag(*w, here, "hideLocalAddresses", true);
                out.webrtc.relay_only = v_.flag(*w, here, "relayOnly", false);
            }
        }
    }

    void bridges(const Json& b, const Where& path) {
        if (!v_.expect_object(b, path, "googleConsentMode globalPrivacyControl")) return;
        if (const Json* g = v_.field(b, path, "googleConsentMode", false)) {
            const Where here = path.at("googleConsentMode");
            if (v_.expect_object(*g, here, "ad_storage ad_user_data ad_personalization analytics_storage "
                                           "functionality_storage personalization_storage security_storage"))
                for (const Json& type : g->items()) {
                    auto& [name, purposes] = m_.bridges.google_consent_mode.emplace_back();
                    name = type.key();
                    purpose_list(*g, here, type.key(), purposes);
                }
        }
        if (const Json* p = v_.field(b, path, "globalPrivacyControl", false)) {
            const Where here = path.at("globalPrivacyControl");
            if (v_.expect_object(*p, here, "deny")) purpose_list(*p, here, "deny", m_.bridges.gpc_deny);
        }
    }

    void purpose_list(const Json& object, const Where& path, std::string_view key, std::vector<std::string>& out) {
        v_.array(object, path, key, true, false, [&](const Json& v, const Where& p) {
            if (!v.is_string()) return v_.fail(p, "expected a purpose id");
            pending_refs_.emplace_back(spell(p), v.str());
            out.push_back(v.str());
        });
    }

public:
    void check_references() {
        for (const auto& [path, id] : pending_refs_)
            if (!m_.find_purpose(id)) v_.fail(path, "unknown purpose " + in_quotes(id));
    }

private:
    Manifest& m_;
    Validator v_;
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
        out.errors.push_back({"$", "manifest larger than " + std::to_string(kMaxManifestBytes) + " bytes"});
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
