#include "core/consent_codec.hpp"

#include <cstdint>

#include "core/json_in.hpp"
#include "core/json_out.hpp"

namespace rps {
namespace {

const std::string* string_field(const Json& object, const char* key) {
    const auto it = object.find(key);
    if (it == object.end() || !it->is_string()) return nullptr;
    return &it->get_ref<const std::string&>();
}

bool decode_states(const Json& object, std::vector<std::pair<std::string, ConsentState>>& out) {
    if (!object.is_object()) return false;
    for (auto it = object.begin(); it != object.end(); ++it) {
        if (!it->is_string()) return false;
        const auto state = parse_consent_state(it->get_ref<const std::string&>());
        if (!state) return false;
        out.emplace_back(it.key(), *state);
    }
    return true;
}

// Absent: unknown. Present, it must be a whole answer: a damaged one is not read as "over".
// (Keys as const char*, like string_field: one instantiation of find for all of them.)
bool decode_age(const Json& object, AgeAnswer& out) {
    const char* age_key = "age";
    const char* guardian_key = "guardian";
    const auto it = object.find(age_key);
    if (it == object.end()) return true;
    const std::string* bracket = it->is_object() ? string_field(*it, "bracket") : nullptr;
    const auto guardian = it->is_object() ? it->find(guardian_key) : it->end();
    const auto parsed = bracket ? parse_age_bracket(*bracket) : std::nullopt;
    if (!parsed || guardian == it->end() || !guardian->is_boolean()) return false;
    out = {*parsed, guardian->get<bool>()};
    return true;
}

bool decode_receipt(const Json& r, Receipt& out) {
    if (!r.is_object()) return false;
    const auto id = r.find("id");
    const auto time = r.find("time");
    const std::string* revision = string_field(r, "revision");
    const std::string* method = string_field(r, "method");
    const std::string* locale = string_field(r, "locale");
    const auto purposes = r.find("purposes");
    const auto changed = r.find("changed");
    if (changed == r.end() || !changed->is_array()) return false;
    for (const Json& c : *changed) {
        if (!c.is_string()) return false;
        out.changed.push_back(c.get<std::string>());
    }
    if (id == r.end() || !id->is_number_unsigned() || time == r.end() || !time->is_number() || !revision ||
        !method || !is_consent_method(*method) || !locale || purposes == r.end())
        return false;
    out.id = id->get<std::uint64_t>();
    // Receipt ids count from 1; anything past 2^53 cannot be a real counter, would not survive
    // a JS number, and would wrap the next id.
    if (out.id == 0 || out.id > (std::uint64_t(1) << 53)) return false;
    out.time = time->get<double>();
    out.revision = *revision;
    out.method = *method;
    out.locale = *locale;
    return decode_age(r, out.age) && decode_states(*purposes, out.states);
}

}  // namespace

std::string encode_consent(const ConsentBook& book) {
    std::string out = "{\"v\":1,\"revision\":";
    json_out::append_string(out, book.revision());
    out += ",\"purposes\":";
    out += book.state_json();
    out += ",\"receipts\":";
    out += book.receipts_json();
    if (book.age().bracket != AgeBracket::unknown) {
        out += ",\"age\":";
        append_age_json(out, book.age());
    }
    out.push_back('}');
    return out;
}

DecodedConsent decode_consent(std::string_view stored) {
    DecodedConsent out;
    if (stored.size() > 256 * 1024) {
        out.error = "stored consent larger than 262144 bytes";
        return out;
    }
    const JsonRead read = read_json(stored, 8);
    const Json& doc = read.value;
    if (!read.ok() || !doc.is_object()) {
        out.error = "stored consent is not a JSON object";
        return out;
    }
    const auto version = doc.find("v");
    // Compared as the 64-bit number it was read as: get<int>() would cut 4294967297 to 1.
    if (version == doc.end() || !version->is_number_unsigned() || version->get<std::uint64_t>() != 1) {
        out.error = "stored consent has an unknown format version";
        return out;
    }
    const std::string* revision = string_field(doc, "revision");
    const auto purposes = doc.find("purposes");
    const auto receipts = doc.find("receipts");
    if (!revision || purposes == doc.end() || !decode_states(*purposes, out.states)) {
        out.error = "stored consent has no valid revision and purposes";
        return out;
    }
    out.revision = *revision;
    if (!decode_age(doc, out.age)) {
        out.error = "stored consent has a malformed age answer";
        return out;
    }
    if (receipts != doc.end()) {
        if (!receipts->is_array()) {
            out.error = "stored consent receipts are not an array";
            return out;
        }
        for (const Json& r : *receipts) {
            Receipt receipt;
            if (!decode_receipt(r, receipt)) {
                out.error = "stored consent holds a malformed receipt";
                return out;
            }
            out.receipts.push_back(std::move(receipt));
        }
    }
    return out;
}

}  // namespace rps
