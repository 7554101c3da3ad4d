#include "core/minors.hpp"

#include "core/json_out.hpp"
#include "core/manifest.hpp"
#include "core/text.hpp"

namespace rps {

std::string_view to_string(AgeBracket bracket) {
    switch (bracket) {
        case AgeBracket::under: return "under";
        case AgeBracket::over: return "over";
        case AgeBracket::unknown: break;
    }
    return "unknown";
}

std::optional<AgeBracket> parse_age_bracket(std::string_view name) {
    if (name == "under") return AgeBracket::under;
    if (name == "over") return AgeBracket::over;
    return std::nullopt;
}

std::string minor_refusal(const Manifest& manifest, const AgeAnswer& age, std::string_view purpose) {
    const std::string under = "the user is under " + decimal(manifest.defaults.minor_age);
    // With askAge the developer wants the age known before anything is granted: an unknown
    // age could be a child's.
    if (age.bracket == AgeBracket::unknown && manifest.defaults.ask_age)
        return "the user's age is not known yet (defaults.askAge): set it first";
    if (age.bracket != AgeBracket::under) return "";
    if (!age.guardian) return under + ": a guardian must confirm first";
    const Purpose* p = manifest.find_purpose(purpose);
    if (p && !p->required)
        return "purpose " + in_quotes(purpose) + " is optional and " + under + ": teen mode keeps it off";
    return "";
}

Status check_minor_grant(const Manifest& manifest, const AgeAnswer& age, const std::vector<std::string>& purposes) {
    for (const std::string& purpose : purposes) {
        std::string why = minor_refusal(manifest, age, purpose);
        if (!why.empty()) return Status::failure(std::move(why));
    }
    return Status::success();
}

std::vector<std::string> locked_purposes(const Manifest& manifest, const AgeAnswer& age) {
    std::vector<std::string> out;
    for (const Purpose& p : manifest.purposes)
        if (!minor_refusal(manifest, age, p.id).empty()) out.push_back(p.id);
    return out;
}

void append_age_json(std::string& out, const AgeAnswer& age) {
    json_out::Object(out).text("bracket", to_string(age.bracket)).raw("guardian", age.guardian ? "true" : "false").close();
}

std::string age_view_json(const Manifest& manifest, const AgeAnswer& age) {
    std::string out;
    json_out::Object view(out);
    view.raw("ask", manifest.defaults.ask_age ? "true" : "false")
        .integer("minorAge", manifest.defaults.minor_age)
        .text("bracket", to_string(age.bracket))
        .raw("guardian", age.guardian ? "true" : "false");
    json_out::append_string_array(view.member("locked"), locked_purposes(manifest, age));
    view.close();
    return out;
}

}  // namespace rps
