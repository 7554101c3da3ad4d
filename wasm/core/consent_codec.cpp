#include "core/consent_codec.hpp"

#include <cstdint>

#include "core/json_in.hpp"
#include "core/json_out.hpp"

namespace rps {
namespace {

const std::string* string_field(const Json& object, const char* key) {
    const Json* value = object.find(key);
    return value && value->is_string() ? &value->str() : nullptr;
}

bool decode_states(const Json& object, std::vector<std::pair<std::string, ConsentState>>& out) {
    if (!object.is_object()) return false;
    for (const Json& member : object.items()) {
        if (!member.is_string()) return false;
        auto state = parse_consent_state(member.str());
        if (!state) return false;
        out.emplace_back(member.key(), std::move(*state));  // one growth path with ConsentBook::reset's
    }
    return true;
}

// Absent: unknown. Present, it must be a whole answer: a damaged one is not read as "over".
bool decode_age(const Json& object, AgeAnswer& out) {
    const Json* age = object.find("age");
    if (!age) return true;
    const std::string* bracket = age->is_object() ? string_field(*age, "bracket") : nullptr;
    const Json* guardian = age->is_object() ? age->find("guardian") : nullptr;
    const auto parsed = bracket ? parse_age_bracket(*bracket) : std::nullopt;
    if (!parsed || !guardian || !guardian->is_boolean()) return false;
    out = {*parsed, guardian->boolean()};
    return true;
}

bool decode_receipt(const Json& r, Receipt& out) {
    if (!r.is_object()) return false;
    const Json* id = r.find("id");
    const Json* time = r.find("time");
    const std::string* revision = string_field(r, "revision");
    const std::string* method = string_field(r, "method");
    const std::string* locale = string_field(r, "locale");
    const Json* purposes = r.find("purposes");
    const Json* changed = r.find("changed");
    if (!changed || !changed->is_array()) return false;
    for (const Json& c : changed->items()) {
        if (!c.is_string()) return false;
        out.changed.push_back(c.str());
    }
    if (!id || !id->is_unsigned() || !time || !time->is_number() || !revision || !method ||
        !is_consent_method(*method) || !locale || !purposes)
        return false;
    out.id = id->magnitude();
    // Receipt ids count from 1; anything past 2^53 cannot be a real counter, would not survive
    // a JS number, and would wrap the next id.
    if (out.id == 0 || out.id > (std::uint64_t(1) << 53)) return false;
    out.time = time->number();
    out.revision = *revision;
    out.method = *method;
    out.locale = *locale;
    // Absent in receipts stored before it existed.
    if (const Json* dialog_version = r.find("dialogVersion")) {
        if (!dialog_version->is_string()) return false;
        out.dialog_version = dialog_version->str();
    }
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
    const Json* version = doc.find("v");
    // Compared exactly, as the 64-bit number it was read as: neither cut to an int (4294967297
    // is not 1) nor rounded.
    if (!version || !version->is_unsigned() || version->magnitude() != 1) {
        out.error = "stored consent has an unknown format version";
        return out;
    }
    const std::string* revision = string_field(doc, "revision");
    const Json* purposes = doc.find("purposes");
    const Json* receipts = doc.find("receipts");
    if (!revision || !purposes || !decode_states(*purposes, out.states)) {
        out.error = "stored consent has no valid revision and purposes";
        return out;
    }
    out.revision = *revision;
    if (!decode_age(doc, out.age)) {
        out.error = "stored consent has a malformed age answer";
        return out;
    }
    if (receipts) {
        if (!receipts->is_array()) {
            out.error = "stored consent receipts are not an array";
            return out;
        }
        for (const Json& r : receipts->items()) {
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
