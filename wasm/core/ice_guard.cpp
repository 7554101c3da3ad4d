#include "core/ice_guard.hpp"

#include "core/json_out.hpp"

namespace rps {
namespace {

constexpr std::string_view kSurface = "webrtc";

void record(Engine& engine, const IcePolicy& policy, std::string_view what, const IceCounts& counts, double now_ms) {
    if (!counts.changed()) return;
    std::string reason(what);
    reason += ": local addresses renamed ";
    json_out::append_int(reason, counts.renamed);
    reason += ", hidden ";
    json_out::append_int(reason, counts.hidden);
    reason += "; candidates dropped ";
    json_out::append_int(reason, counts.dropped);
    if (policy.closed) reason += " (engine closed)";
    else if (policy.relay_only) reason += " (relay only)";
    const bool only_dropped = counts.renamed == 0 && counts.hidden == 0;
    engine.note(kSurface, only_dropped ? "deny" : "generalize", "", "", reason, now_ms);
}

}  // namespace

IcePolicy ice_policy(const Engine& engine) {
    IcePolicy policy;
    policy.closed = engine.closed();
    policy.hide_local = policy.closed || engine.manifest().defaults.webrtc.hide_local_addresses;
    policy.relay_only = !policy.closed && engine.manifest().defaults.webrtc.relay_only;
    return policy;
}

bool IceGuard::relay_only(Engine& engine, double now_ms) const {
    if (!ice_policy(engine).relay_only) return false;
    engine.note(kSurface, "generalize", "", "", "peer connection: ICE transport policy set to relay", now_ms);
    return true;
}

std::string IceGuard::candidate(Engine& engine, std::string_view line, bool page_text, bool record_it, double now_ms) {
    return filtered(filter_candidate, "ICE candidate", engine, line, page_text, record_it, now_ms);
}

std::string IceGuard::sdp(Engine& engine, std::string_view sdp, bool page_text, bool record_it, double now_ms) {
    return filtered(filter_sdp, "SDP", engine, sdp, page_text, record_it, now_ms);
}

std::string IceGuard::filtered(Filter filter, std::string_view what, Engine& engine, std::string_view text, bool page_text,
                               bool record_it, double now_ms) {
    IcePolicy policy = ice_policy(engine);
    policy.page_text = page_text;
    IceCounts counts;
    std::string shown = filter(text, policy, names_, counts);
    if (record_it) record(engine, policy, what, counts, now_ms);
    return shown;
}

}  // namespace rps
