// Shape parsers for network addresses, shared by the detectors (find them in text) and the
// generalize operator (truncate them). They read a prefix of `s` starting at `at` and return
// its length, 0 when there is none; boundary rules are the caller's business.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>

namespace rps::redact {

// Dotted quad, each octet 0..255 without leading zeros ("010" is octal to some parsers and a
// version component to others, so it is not taken as an address).
std::size_t match_ipv4(std::string_view s, std::size_t at, std::array<std::uint8_t, 4>* out = nullptr);

struct Ipv6 {
    std::array<std::uint16_t, 8> groups{};
    bool v4_tail = false;     // written as ...:1.2.3.4
    bool has_digit = false;   // "dead::beef" and "a::b" read as words, not addresses
    int explicit_groups = 0;  // groups written out (0 for "::")
};

// RFC 4291 text forms: full, "::" compression, embedded IPv4 tail, optional "%zone".
std::size_t match_ipv6(std::string_view s, std::size_t at, Ipv6* out = nullptr);

// aa:bb:cc:dd:ee:ff or aa-bb-cc-dd-ee-ff (one separator throughout).
std::size_t match_mac(std::string_view s, std::size_t at);

}  // namespace rps::redact
