// What happens to a value once a rule or a detector picked it. Operators work on decoded
// text and append their result; encoding it for JSON / URLs is the caller's job.
#pragma once

#include <array>
#include <cstdint>
#include <string>
#include <string_view>

#include "core/redact/detectors.hpp"
#include "core/redact/sha256.hpp"

namespace rps::redact {

enum class OpKind : std::uint8_t { remove, replace, mask, hash, generalize };

struct Operator {
    OpKind kind = OpKind::replace;
    std::uint8_t keep_last = 4;  // mask only
};

std::string_view operator_name(OpKind kind);

// "remove" | "replace" | "mask" | "mask(N)" (N <= 64) | "hash" | "generalize".
bool parse_operator(std::string_view text, Operator& out);

// "[EMAIL]", "[PHONE]", "[IPV4]", "[ID]" ...; rule matches without a detector use kRedactedTag.
std::string_view replace_tag(Detector d);
inline constexpr std::string_view kRedactedTag = "[REDACTED]";

// Owns the per-session key. Same value, same output for the life of the object, so joins
// made by the SDK's backend still line up; nothing links two sessions.
class KeyedHasher {
public:
    explicit KeyedHasher(const std::array<std::uint8_t, 32>& key) : mac_(key.data(), key.size()) {}
    // 16 lowercase hex characters (the first 64 bits of HMAC-SHA256).
    void append_hash(std::string& out, std::string_view value) const;

private:
    HmacSha256 mac_;
};

// Keep the last `keep` code points, one '*' per other code point. A value no longer than
// `keep` is masked entirely: a mask must never show the whole value.
void append_mask(std::string& out, std::string_view value, std::size_t keep);

// Each generalizer takes the whole value; it appends and returns true only if it recognised
// the value. IPv4 -> a.b.c.0, IPv6 -> first 48 bits ("2001:db8:1::"), a coordinate (a decimal
// with a fraction, |v| <= 180) or a "lat,lng" pair -> 2 decimals, a user agent -> "Chrome/131".
bool generalize_ipv4(std::string_view value, std::string& out);
bool generalize_ipv6(std::string_view value, std::string& out);
bool generalize_coordinate(std::string_view value, std::string& out);
bool generalize_latlng(std::string_view value, std::string& out);
bool generalize_user_agent(std::string_view value, std::string& out);
bool generalize_any(std::string_view value, std::string& out);

// Appends a coarser form of the whole value and returns true, or returns false without
// appending when it does not recognise the value.
using Generalizer = bool (*)(std::string_view value, std::string& out);

// The generalizer for a detector's findings: the one of its kind (an IPv4 finding is
// coarsened as an IPv4 address and nothing else), nullptr for kinds that have no coarser
// form (a phone or card number generalized is its tag, not a number with ".00" appended).
Generalizer generalizer_for(Detector d);

// `tag` is what replace writes, and what generalize writes when `generalize` is null or does
// not recognise the value (a generalize rule on an email address must not let it through).
// remove appends nothing; the caller drops the surrounding member.
void apply_operator(const Operator& op, std::string_view value, std::string_view tag, Generalizer generalize,
                    const KeyedHasher& hasher, std::string& out);

// A detector's finding: its kind's tag and generalizer.
void apply_finding_operator(const Operator& op, std::string_view value, Detector kind, const KeyedHasher& hasher,
                            std::string& out);
// A value a path rule selected, which may be any kind of value: kRedactedTag and generalize_any.
void apply_rule_operator(const Operator& op, std::string_view value, const KeyedHasher& hasher, std::string& out);

}  // namespace rps::redact
