// Minors (seeds 000 §7, 004 §十): the age bracket the user gave, relative to the manifest's
// defaults.minorAge, and whether a guardian confirmed. Under minorAge a grant needs the
// guardian, and purposes the manifest marks optional stay off even then (teen mode). Only the
// bracket is kept, never an age.
#pragma once

#include <optional>
#include <string>
#include <string_view>
#include <vector>

#include "core/status.hpp"

namespace rps {

struct Manifest;

enum class AgeBracket { unknown, under, over };  // under: younger than defaults.minorAge

struct AgeAnswer {
    AgeBracket bracket = AgeBracket::unknown;
    bool guardian = false;  // a guardian confirmed; meaningful only under minorAge

    bool operator==(const AgeAnswer& other) const { return bracket == other.bracket && guardian == other.guardian; }
};

std::string_view to_string(AgeBracket bracket);
// "under" or "over": an answer cannot be taken back to unknown.
std::optional<AgeBracket> parse_age_bracket(std::string_view name);

// Why `purpose` may not be granted under `age`, or "" when it may.
std::string minor_refusal(const Manifest& manifest, const AgeAnswer& age, std::string_view purpose);
// The first refusal among `purposes`: a grant is all-or-nothing.
Status check_minor_grant(const Manifest& manifest, const AgeAnswer& age, const std::vector<std::string>& purposes);
// The manifest's purposes that `age` keeps from being granted, in manifest order.
std::vector<std::string> locked_purposes(const Manifest& manifest, const AgeAnswer& age);

// {"bracket":"under","guardian":true}
void append_age_json(std::string& out, const AgeAnswer& age);
// What the consent dialog needs for an answer (the recorded one, or one on screen not yet
// saved): {"ask":bool,"minorAge":14,"bracket":…,"guardian":bool,"locked":[the purposes it locks]}.
std::string age_view_json(const Manifest& manifest, const AgeAnswer& age);

}  // namespace rps
