// What ICE candidates, SDP and WebRTC stats may show of this machine's own addresses.
// Pure text functions: the browser's lines go in, the lines the page may see come out. The
// engine glue (policy from the manifest, ledger) is ice_guard.hpp.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rps {

// `global`: an IP literal a page may see. `local`: one IANA lists as not globally reachable
// (private, loopback, link-local, CGNAT, documentation, benchmarking, reserved, multicast,
// unspecified; IPv6 ULA, link-local, site-local, and every v4-mapped, v4-compatible and NAT64
// form), or an IPv6 literal whose first two groups do not parse. IPv6 is told by those two
// groups alone: a 6to4 address (2002::/16) is global whatever IPv4 address it embeds.
// `not_ip`: anything else (an mDNS name, a host name, garbage). Brackets and a %zone are read.
enum class AddressKind { not_ip, global, local };
AddressKind classify_address(std::string_view text);

// A name of the form browsers use for mDNS host candidates ("<uuid>.local").
bool is_mdns_name(std::string_view text);

struct IcePolicy {
    bool hide_local = true;   // local addresses never shown
    bool relay_only = false;  // only relay candidates shown
    bool closed = false;      // engine closed: every host candidate dropped, no names given out
    // The text may hold addresses the page wrote: a remote description, a candidate the page
    // built or added. Its local addresses get a new name at each sight, never the session's:
    // were a page's guess at this machine's address shown under the session's name for it, the
    // page would know it guessed right.
    bool page_text = false;
};

// Opaque per-session names that stand for local addresses, so that two peer connections of
// the same page still connect: the page sees the name, the browser gets the address back
// (restore_names). The names come from a seed drawn with crypto.getRandomValues; they only
// need to say nothing about the address behind them and to differ per session, so a small
// generator is enough.
class IceNames {
public:
    static constexpr std::size_t kMaxNames = 256;

    // 16 hex digits. Anything else leaves it unseeded: no names, local candidates drop.
    // The first good seed stays; later calls change nothing and return true.
    bool seed(std::string_view hex);
    bool seeded() const { return seeded_; }
    // The name for `address` (the same one every time), or "" when unseeded or full.
    std::string name_for(std::string_view address);
    // A name of the same form that no address stands behind (a new one each call), or "" when
    // unseeded.
    std::string stand_in();
    // The address behind a name this session gave out, or "".
    std::string_view address_of(std::string_view name) const;
    std::size_t size() const { return names_.size(); }

private:
    std::uint64_t next();
    std::string make_name();

    bool seeded_ = false;
    std::uint64_t state_ = 0;
    std::vector<std::pair<std::string, std::string>> names_;  // (address, name)
};

// What a filter changed, for the ledger.
struct IceCounts {
    std::uint32_t renamed = 0;  // local candidate addresses replaced by a name
    std::uint32_t hidden = 0;   // other local addresses replaced by the unspecified address
    std::uint32_t dropped = 0;  // candidates removed
    bool changed() const { return renamed || hidden || dropped; }
};

inline constexpr std::size_t kMaxCandidateBytes = 1024;

// One candidate attribute, "candidate:…" or "a=candidate:…" (no line end): the line the page
// may see, or "" to drop it. A line that does not parse as RFC 8839, or that is (or would
// become) longer than kMaxCandidateBytes, is dropped.
std::string filter_candidate(std::string_view line, const IcePolicy& policy, IceNames& names, IceCounts& counts);

// A whole SDP: candidate lines filtered as above; local addresses in c=, a=rtcp: and o= lines
// replaced by the unspecified address (o= keeps loopback, the fixed value browsers write).
std::string filter_sdp(std::string_view sdp, const IcePolicy& policy, IceNames& names, IceCounts& counts);

// A lone address (a stats field, an error event): itself, or "" when it may not be shown.
std::string hide_address(std::string_view address, const IcePolicy& policy);

// Candidate lines of a line or an SDP the page hands back: names this session gave out become
// their addresses again. Everything else is copied as it is, except with `drop_local` (a local
// description, privacy on): there a candidate line is left out unless its address is global or
// an mDNS name. The page only ever saw the browser's own candidates named, so a line with a
// local address is one it wrote; the browser would show it in the local description, under the
// session's name when the page guessed this machine's address.
std::string restore_names(std::string_view text, const IceNames& names, bool drop_local);

}  // namespace rps
