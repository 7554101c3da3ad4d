#include "core/manifest.hpp"

#include <initializer_list>
#include "core/json_in.hpp"
#include "core/json_out.hpp"
#include "core/redact/ascii.hpp"
#include "core/script_gate.hpp"
#include "core/storage_policy.hpp"
#include "core/text.hpp"

namespace rps {
namespace {

// A key that would not read back as one path segment (empty, or with a '.', '[' or '"')
// is written in brackets: controller[""], sdks[0]["a.b"].
std::string child(const std::string& path, std::string_view key) {
    const bool plain = !key.empty() && key.find_first_of(".[\"") == std::string_view::npos;
    if (plain) return path == "$" ? std::string(key) : path + "." + std::string(key);
    return (path == "$" ? std::string() : path) + "[\"" + std::string(key) + "\"]";
}

std::string item(const std::string& path, std::size_t index) {
    return path + "[" + std::to_string(index) + "]";
}

// Walks the parsed document, collecting every error instead of stopping at the first:
// a developer fixing a manifest wants the whole list at once.
class Validator {
public:
    explicit Validator(std::vector<ManifestError>& errors) : errors_(errors) {}

    void fail(const std::string& path, std::string reason) { errors_.push_back({path, std::move(reason)}); }

    bool expect_object(const Json& value, const std::string& path, std::initializer_list<std::string_view> allowed) {
        if (!value.is_object()) {
            fail(path, "expected an object");
            return false;
        }
        for (const Json& member : value.items()) {
            bool known = false;
            for (std::string_view k : allowed) known = known || k == member.key();
            if (!known) fail(child(path, member.key()), "unknown key " + in_quotes(member.key()));
        }
        return true;
    }

    const Json* field(const Json& object, const std::string& path, std::string_view key, bool required) {
        const Json* value = object.find(key);
        if (!value && required) fail(child(path, key), "missing required field");
        return value;
    }

    // Returns "" (with an error recorded) when the field is missing, not a string, or empty.
    std::string text(const Json& object, const std::string& path, std::string_view key, bool required,
                     std::size_t max_length = 2048) {
        const Json* value = field(object, path, key, required);
        if (!value) return "";
        if (!value->is_string()) {
            fail(child(path, key), "expected a string");
            return "";
        }
        const std::string& s = value->str();
        if (s.empty()) fail(child(path, key), "must not be empty");
        if (s.size() > max_length) fail(child(path, key), "longer than " + std::to_string(max_length) + " characters");
        return s;
    }

    std::string identifier(const Json& object, const std::string& path, std::string_view key) {
        std::string id = text(object, path, key, true);
        if (!id.empty() && !is_identifier(id))
            fail(child(path, key), "expected an identifier of 1 to 64 characters from A-Z a-z 0-9 _ - .");
        return id;
    }

    std::string one_of(const Json& object, const std::string& path, std::string_view key, bool required,
                       std::initializer_list<std::string_view> choices, std::string_view fallback) {
        const Json* value = field(object, path, key, required);
        if (!value) return std::string(fallback);
        std::string expected = "expected one of ";
        bool first = true;
        for (std::string_view c : choices) {
            expected += (first ? "" : ", ") + in_quotes(c);
            first = false;
        }
        if (!value->is_string()) {
            fail(child(path, key), expected);
            return std::string(fallback);
        }
        const std::string& s = value->str();
        for (std::string_view c : choices)
            if (c == s) return s;
        fail(child(path, key), expected + ", got " + in_quotes(s));
        return std::string(fallback);
    }

    bool flag(const Json& object, const std::string& path, std::string_view key, bool fallback) {
        const Json* value = field(object, path, key, false);
        if (!value) return fallback;
        if (!value->is_boolean()) {
            fail(child(path, key), "expected true or false");
            return fallback;
        }
        return value->boolean();
    }

    int integer(const Json& object, const std::string& path, std::string_view key, int low, int high, int fallback) {
        const Json* value = field(object, path, key, false);
        if (!value) return fallback;
        if (!value->is_integer() || value->number() < low || value->number() > high) {
            fail(child(path, key), "expected a whole number from " + std::to_string(low) + " to " + std::to_string(high));
            return fallback;
        }
        return static_cast<int>(value->number());
    }

    // Calls each(element, path) for every element of an array field.
    template <typename Each>
    void array(const Json& object, const std::string& path, std::string_view key, bool required, bool non_empty,
               Each each) {
        const Json* value = field(object, path, key, required);
        if (!value) return;
        const std::string here = child(path, key);
        if (!value->is_array()) {
            fail(here, "expected an array");
            return;
        }
        if (non_empty && value->empty()) fail(here, "must not be empty");
        for (std::size_t i = 0; i < value->size(); ++i) each(value->items()[i], item(here, i));
    }

    std::vector<std::string> strings(const Json& object, const std::string& path, std::string_view key) {
        std::vector<std::string> out;
        array(object, path, key, false, false, [&](const Json& v, const std::string& p) {
            if (!v.is_string() || v.str().empty()) fail(p, "expected a non-empty string");
            else out.push_back(v.str());
        });
        return out;
    }

    LocalizedText localized(const Json& object, const std::string& path, std::string_view key, bool required) {
        LocalizedText out;
        const Json* value = field(object, path, key, required);
        if (!value) return out;
        const std::string here = child(path, key);
        if (!value->is_object() || value->empty()) {
            fail(here, "expected an object of locale to text, like {\"en\": \"Calls\"}");
            return out;
        }
        for (const Json& member : value->items()) {
            if (!member.is_string() || member.str().empty()) fail(child(here, member.key()), "expected a non-empty string");
            else out.emplace_back(member.key(), member.str());
        }
        return out;
    }

private:
    std::vector<ManifestError>& errors_;
};

const std::initializer_list<std::string_view> kCollectItems = {
    "userAgent", "os", "browser", "deviceBrand", "deviceModel", "screen", "devicePixelRatio",
    "hardwareConcurrency", "deviceMemory", "networkType", "battery", "gpu", "storageEstimate", "canvas", "ip",
    "location", "deviceId", "userId", "logs", "stats", "crashReports"};

class ManifestReader {
public:
    ManifestReader(Manifest& m, std::vector<ManifestError>& errors) : m_(m), v_(errors) {}

    void read(const Json& doc) {
        if (!v_.expect_object(doc, "$", {"$schema", "revision", "controller", "purposes", "sdks", "defaults", "bridges"})) return;
        m_.revision = v_.text(doc, "$", "revision", true, 128);
        if (const Json* c = v_.field(doc, "$", "controller", true)) {
            if (v_.expect_object(*c, "controller", {"name", "policyUrl"})) {
                m_.controller_name = v_.text(*c, "controller", "name", true);
                m_.controller_policy_url = v_.text(*c, "controller", "policyUrl", false);
            }
        }
        v_.array(doc, "$", "purposes", true, true, [&](const Json& p, const std::string& path) { purpose(p, path); });
        v_.array(doc, "$", "sdks", true, false, [&](const Json& s, const std::string& path) { sdk(s, path); });
        if (const Json* d = v_.field(doc, "$", "defaults", false)) defaults(*d);
        if (const Json* b = v_.field(doc, "$", "bridges", false)) bridges(*b);
    }

private:
    void purpose(const Json& p, const std::string& path) {
        if (!v_.expect_object(p, path, {"id", "label", "description", "necessity"})) return;
        Purpose out;
        out.id = v_.identifier(p, path, "id");
        out.label = v_.localized(p, path, "label", true);
        out.description = v_.localized(p, path, "description", false);
        out.required = v_.one_of(p, path, "necessity", false, {"required", "optional"}, "optional") == "required";
        if (!out.id.empty() && m_.find_purpose(out.id)) v_.fail(child(path, "id"), "duplicate purpose " + in_quotes(out.id));
        m_.purposes.push_back(std::move(out));
    }

    // Purposes are declared before SDKs in the schema, but a manifest may list them in any
    // order; references are checked against the full list when the document is read.
    std::string purpose_ref(const Json& object, const std::string& path) {
        std::string id = v_.text(object, path, "purpose", true);
        if (!id.empty()) pending_refs_.push_back({child(path, "purpose"), id});
        return id;
    }

    void sdk(const Json& s, const std::string& path) {
        if (!v_.expect_object(s, path, {"id", "name", "provider", "policyUrl", "collects", "permissions", "endpoints",
                                        "storage", "switches", "injectedScripts"}))
            return;
        Sdk out;
        out.id = v_.identifier(s, path, "id");
        out.name = v_.text(s, path, "name", true);
        out.provider = v_.text(s, path, "provider", true);
        out.policy_url = v_.text(s, path, "policyUrl", false);
        for (const Sdk& other : m_.sdks)
            if (!out.id.empty() && other.id == out.id) v_.fail(child(path, "id"), "duplicate SDK " + in_quotes(out.id));
        v_.array(s, path, "collects", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"item", "necessity", "purpose", "treatment"})) return;
            Collect col;
            col.item = v_.one_of(c, p, "item", true, kCollectItems, "");
            col.necessity = v_.one_of(c, p, "necessity", true, {"required", "optional"}, "optional");
            col.purpose = purpose_ref(c, p);
            col.treatment = v_.one_of(c, p, "treatment", false, {"keep", "generalize", "hash", "remove"}, "generalize");
            out.collects.push_back(std::move(col));
        });
        v_.array(s, path, "permissions", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"surface", "purpose", "scoped", "precision"})) return;
            Permission perm;
            const std::string name = v_.text(c, p, "surface", true);
            const auto surface = parse_surface(name);
            if (surface) perm.surface = *surface;
            else if (!name.empty())
                v_.fail(child(p, "surface"), "unknown surface " + in_quotes(name) + " (known: " + std::string(surface_names()) + ")");
            perm.purpose = purpose_ref(c, p);
            perm.scoped = v_.flag(c, p, "scoped", false);
            if (c.find("precision")) {
                perm.precise = v_.one_of(c, p, "precision", false, {"coarse", "precise"}, "coarse") == "precise";
                if (surface && *surface != Surface::location)
                    v_.fail(child(p, "precision"), "only a location permission takes a precision");
            }
            out.permissions.push_back(std::move(perm));
        });
        v_.array(s, path, "endpoints", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"match", "purpose", "redact", "format", "rules", "allowedKeys", "onMalformed",
                                            "binary"}))
                return;
            Endpoint e;
            e.match = v_.text(c, p, "match", true);
            if (!e.match.empty()) {
                const std::string problem = parse_endpoint_pattern(e.match, e.pattern);
                if (!problem.empty()) v_.fail(child(p, "match"), problem);
            }
            e.purpose = purpose_ref(c, p);
            e.redact = v_.flag(c, p, "redact", true);
            if (!e.redact) gate_only_conflicts(c, p);
            e.format = v_.one_of(c, p, "format", false, {"json", "ndjson", "form", "query", "text"}, "json");
            e.on_malformed = v_.one_of(c, p, "onMalformed", false, {"scan", "drop"}, "drop");
            e.binary = v_.one_of(c, p, "binary", false, {"pass", "drop"}, "drop");
            e.rules = v_.strings(c, p, "rules");
            e.has_allowed_keys = c.find("allowedKeys") != nullptr;
            e.allowed_keys = v_.strings(c, p, "allowedKeys");
            compile_endpoint(e, p);
            out.endpoints.push_back(std::move(e));
        });
        v_.array(s, path, "storage", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"key", "purpose"})) return;
            StorageKey k;
            k.key = v_.text(c, p, "key", true);
            // An empty key is already reported by text().
            if (!k.key.empty()) {
                const std::string problem = storage::key_pattern_problem(k.key);
                if (!problem.empty()) v_.fail(child(p, "key"), problem);
            }
            k.purpose = purpose_ref(c, p);
            out.storage.push_back(std::move(k));
        });
        v_.array(s, path, "switches", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"global", "call", "args", "purpose", "when"})) return;
            SdkSwitch sw;
            sw.global = js_name(c, p, "global");
            sw.call = js_name(c, p, "call");
            sw.args_json = switch_args(c, p);
            sw.purpose = purpose_ref(c, p);
            sw.when_granted = v_.one_of(c, p, "when", false, {"notGranted", "granted"}, "notGranted") == "granted";
            out.switches.push_back(std::move(sw));
        });
        v_.array(s, path, "injectedScripts", false, false, [&](const Json& c, const std::string& p) {
            if (!v_.expect_object(c, p, {"selector", "purpose"})) return;
            InjectedScript script;
            script.selector = v_.text(c, p, "selector", true, 256);
            if (!script.selector.empty()) {
                const std::string problem = script_selector_problem(script.selector);
                if (!problem.empty()) v_.fail(child(p, "selector"), problem);
            }
            script.purpose = purpose_ref(c, p);
            out.injected_scripts.push_back(std::move(script));
        });
        for (Endpoint& e : out.endpoints) apply_collects(out.collects, e.policy);
        m_.sdks.push_back(std::move(out));
    }

    // A JavaScript identifier of at most 64 characters (a global or a method name): nothing
    // the shim would have to evaluate.
    std::string js_name(const Json& object, const std::string& path, std::string_view key) {
        std::string name = v_.text(object, path, key, true, 64);
        bool ok = !name.empty() && !redact::ascii::is_digit(name[0]);
        for (char ch : name) ok = ok && (redact::ascii::is_alnum(ch) || ch == '_' || ch == '$');
        if (!name.empty() && !ok) v_.fail(child(path, key), "expected a JavaScript name like AgoraRTC (A-Z a-z 0-9 _ $)");
        return name;
    }

    // switches[].args: at most 8 strings, whole numbers (that a JavaScript number holds
    // exactly), booleans or nulls, kept as JSON text for the JS layer's JSON.parse.
    std::string switch_args(const Json& object, const std::string& path) {
        std::string out = "[";
        std::size_t count = 0;
        v_.array(object, path, "args", false, false, [&](const Json& a, const std::string& p) {
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
    void gate_only_conflicts(const Json& endpoint, const std::string& path) {
        for (std::string_view key : {"format", "rules", "allowedKeys", "onMalformed", "binary"})
            if (endpoint.find(key))
                v_.fail(child(path, key), in_quotes(key) + " configures a redaction, but \"redact\": false passes the "
                                          "endpoint's traffic unread with consent: remove one of them");
    }

    // Rule and allowedKeys errors come back as "rules[2]: …"; they are placed under the endpoint.
    void compile_endpoint(Endpoint& e, const std::string& path) {
        redact::format_from_name(e.format, e.body_format);
        e.policy.on_malformed = e.on_malformed == "scan" ? redact::OnMalformed::scan : redact::OnMalformed::drop;
        e.binary_bodies = e.binary == "pass" ? redact::BinaryBodies::pass : redact::BinaryBodies::drop;
        const Status rules = redact::parse_rules(e.rules, e.policy.rules);
        if (!rules.ok()) v_.fail(path + "." + rules.error.substr(0, rules.error.find(':')), rules.error.substr(rules.error.find(':') + 2));
        if (e.has_allowed_keys) {
            std::vector<redact::Selector> selectors;
            const Status keys = redact::parse_allowed_keys(e.allowed_keys, selectors);
            if (!keys.ok()) v_.fail(path + "." + keys.error.substr(0, keys.error.find(':')), keys.error.substr(keys.error.find(':') + 2));
            else e.policy.allowed_keys = std::move(selectors);
        }
    }

    // What the SDK's policy declares it collects decides how the detectors of that kind treat
    // it on the SDK's endpoints: "keep" lets it through, the other treatments are operators.
    // Undeclared personal data is replaced by its type tag.
    static void apply_collects(const std::vector<Collect>& collects, redact::Policy& policy) {
        using redact::Detector;
        for (const Collect& c : collects) {
            std::vector<Detector> kinds;
            if (c.item == "ip") kinds = {Detector::ipv4, Detector::ipv6};
            else if (c.item == "deviceId") kinds = {Detector::uuid, Detector::hex_id, Detector::imei, Detector::mac};
            else if (c.item == "location") kinds = {Detector::latlng};
            for (Detector d : kinds) {
                redact::DetectorSetting& setting = policy.detectors[static_cast<std::size_t>(d)];
                if (c.treatment == "keep") {
                    setting.enabled = false;
                } else {
                    redact::OpKind op = redact::OpKind::generalize;
                    if (c.treatment == "hash") op = redact::OpKind::hash;
                    if (c.treatment == "remove") op = redact::OpKind::remove;
                    setting.op.kind = op;
                }
            }
        }
    }

    void defaults(const Json& d) {
        const std::string path = "defaults";
        if (!v_.expect_object(d, path, {"cookieFree", "unknownEndpoints", "minorAge", "askAge", "ledgerSize", "webrtc"})) return;
        Defaults& out = m_.defaults;
        out.cookie_free = v_.flag(d, path, "cookieFree", true);
        out.unknown_endpoints = v_.one_of(d, path, "unknownEndpoints", false, {"pass", "scan", "drop"}, "pass");
        out.minor_age = v_.integer(d, path, "minorAge", 1, 21, 14);
        out.ask_age = v_.flag(d, path, "askAge", false);
        out.ledger_size = v_.integer(d, path, "ledgerSize", 16, 10000, 500);
        if (const Json* w = v_.field(d, path, "webrtc", false)) {
            const std::string here = path + ".webrtc";
            if (v_.expect_object(*w, here, {"hideLocalAddresses", "relayOnly"})) {
                out.webrtc.hide_local_addresses = v_.flag(*w, here, "hideLocalAddresses", true);
                out.webrtc.relay_only = v_.flag(*w, here, "relayOnly", false);
            }
        }
    }

    void bridges(const Json& b) {
        const std::string path = "bridges";
        if (!v_.expect_object(b, path, {"googleConsentMode", "globalPrivacyControl"})) return;
        if (const Json* g = v_.field(b, path, "googleConsentMode", false)) {
            const std::string here = path + ".googleConsentMode";
            if (v_.expect_object(*g, here, {"ad_storage", "ad_user_data", "ad_personalization", "analytics_storage",
                                            "functionality_storage", "personalization_storage", "security_storage"}))
                for (const Json& type : g->items())
                    m_.bridges.google_consent_mode.emplace_back(type.key(), purpose_list(*g, here, type.key()));
        }
        if (const Json* p = v_.field(b, path, "globalPrivacyControl", false)) {
            const std::string here = path + ".globalPrivacyControl";
            if (v_.expect_object(*p, here, {"deny"})) m_.bridges.gpc_deny = purpose_list(*p, here, "deny");
        }
    }

    std::vector<std::string> purpose_list(const Json& object, const std::string& path, std::string_view key) {
        std::vector<std::string> out;
        v_.array(object, path, key, true, false, [&](const Json& v, const std::string& p) {
            if (!v.is_string()) return v_.fail(p, "expected a purpose id");
            pending_refs_.push_back({p, v.str()});
            out.push_back(v.str());
        });
        return out;
    }

public:
    void check_references() {
        for (const auto& [path, id] : pending_refs_)
            if (!m_.find_purpose(id)) v_.fail(path, "unknown purpose " + in_quotes(id));
    }

private:
    Manifest& m_;
    Validator v_;
    std::vector<std::pair<std::string, std::string>> pending_refs_;
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
