// WebRTC local addresses (js-bindings/surfaces/webrtc.js): the session's IceGuard around the
// one bound engine. Strings in, strings out; nothing throws across.
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/ice_guard.hpp"

namespace {

// The names this page session gave out live as long as the page, like the engine.
rps::IceGuard& guard() {
    static rps::IceGuard instance;
    return instance;
}

bool ice_seed(const std::string& hex) { return guard().seed(hex); }
bool ice_relay_only(double now) { return guard().relay_only(bound_engine(), now); }
std::string ice_candidate(const std::string& line, bool page_text, bool record, double now) {
    return guard().candidate(bound_engine(), line, page_text, record, now);
}
std::string ice_sdp(const std::string& sdp, bool page_text, bool record, double now) {
    return guard().sdp(bound_engine(), sdp, page_text, record, now);
}
std::string ice_address(const std::string& address) { return guard().address(bound_engine(), address); }
std::string ice_restore(const std::string& text, bool local_description) {
    return guard().restore(bound_engine(), text, local_description);
}

}  // namespace

RPS_BINDINGS(webrtc) {
    function<&ice_seed>("iceSeed"),
    function<&ice_relay_only>("iceRelayOnly"),
    function<&ice_candidate>("iceCandidate"),
    function<&ice_sdp>("iceSdp"),
    function<&ice_address>("iceAddress"),
    function<&ice_restore>("iceRestore"),
};
