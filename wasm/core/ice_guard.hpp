// The engine's side of WebRTC local-address privacy: the policy from the manifest
// (defaults.webrtc; a closed engine drops every host candidate), the session's names for local
// addresses, and a ledger entry for what was hidden. The text work is ice_filter.hpp.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.hpp"
#include "core/ice_filter.hpp"

namespace rps {

IcePolicy ice_policy(const Engine& engine);

class IceGuard {
public:
    // 16 hex digits from crypto.getRandomValues; until then local candidates are dropped.
    bool seed(std::string_view hex) { return names_.seed(hex); }

    // Whether a new peer connection (or setConfiguration) must be relay-only; recorded when so.
    bool relay_only(Engine& engine, double now_ms) const;

    // What the page may see of a candidate line ("" to drop it) or an SDP; `page_text` when the
    // page could have written its addresses (IcePolicy::page_text); `record` leaves a ledger
    // entry when something was hidden (the first sight of a candidate or an offer, not every
    // later read of it).
    std::string candidate(Engine& engine, std::string_view line, bool page_text, bool record, double now_ms);
    std::string sdp(Engine& engine, std::string_view sdp, bool page_text, bool record, double now_ms);

    // A stats or event address field: itself or "".
    std::string address(const Engine& engine, std::string_view address) const {
        return hide_address(address, ice_policy(engine));
    }

    // A candidate line or SDP from the page, with this session's names turned back into the
    // addresses they stand for, so that the browser can reach them; for a local description,
    // without the lines the page wrote itself (restore_names).
    std::string restore(const Engine& engine, std::string_view text, bool local_description) const {
        return restore_names(text, names_, local_description && ice_policy(engine).hide_local);
    }

private:
    using Filter = std::string (*)(std::string_view, const IcePolicy&, IceNames&, IceCounts&);
    std::string filtered(Filter filter, std::string_view what, Engine& engine, std::string_view text, bool page_text,
                         bool record_it, double now_ms);

    IceNames names_;
};

}  // namespace rps
