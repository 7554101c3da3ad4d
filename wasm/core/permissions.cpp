#include "core/permissions.hpp"

#include <array>
#include <utility>

namespace rps {
namespace {

// The decision names the SDK and purpose that allowed, not which of their location lines did:
// a scoped precise line beside an unscoped coarse one for the same purpose must not make the
// unscoped answer precise. So every location line of that SDK for that purpose must say precise.
bool declares_precise(const Manifest& manifest, const Decision& d) {
    bool precise = false;
    for (const Sdk& sdk : manifest.sdks) {
        if (sdk.id != d.sdk) continue;
        for (const Permission& perm : sdk.permissions) {
            if (perm.surface != Surface::location || perm.purpose != d.purpose) continue;
            if (!perm.precise) return false;
            precise = true;
        }
    }
    return precise;
}

Decision recorded(Engine& engine, Surface surface, Decision d, double now_ms) {
    engine.note(to_string(surface), to_string(d.action), d.purpose, d.sdk, d.reason, now_ms);
    return d;
}

// Permissions API names (https://w3c.github.io/permissions-registry/) of what the shim gates.
constexpr std::array<std::pair<std::string_view, Surface>, 11> kPermissionNames{{
    {"geolocation", Surface::location},
    {"clipboard-read", Surface::clipboard},
    {"notifications", Surface::notifications},
    {"push", Surface::notifications},  // a push subscription asks for the notification permission
    {"camera", Surface::camera},
    {"microphone", Surface::microphone},
    {"display-capture", Surface::screen},
    {"accelerometer", Surface::sensors},
    {"gyroscope", Surface::sensors},
    {"magnetometer", Surface::sensors},
    {"ambient-light-sensor", Surface::sensors},
}};

}  // namespace

Decision location_decision(const Engine& engine) {
    Decision d = engine.evaluate(Surface::location);
    if (d.action == Action::allow && !declares_precise(engine.manifest(), d)) {
        d.action = Action::generalize;
        d.reason += ": position to about 1 km";
    }
    return d;
}

Decision decide_location(Engine& engine, double now_ms) {
    return recorded(engine, Surface::location, location_decision(engine), now_ms);
}

Decision decide_clipboard_read(Engine& engine, bool transient_activation, double now_ms) {
    Decision d = engine.evaluate(Surface::clipboard);
    if (d.action == Action::allow && !transient_activation) {
        d.action = Action::deny;
        d.reason = "a clipboard read needs a user gesture (no transient user activation)";
    }
    return recorded(engine, Surface::clipboard, std::move(d), now_ms);
}

std::optional<Surface> surface_of_permission(std::string_view name) {
    for (const auto& [n, surface] : kPermissionNames)
        if (n == name) return surface;
    return std::nullopt;
}

bool permission_denied(const Engine& engine, std::string_view name) {
    const auto surface = surface_of_permission(name);
    if (!surface) return false;
    // A coarse position is still a yes to "may the page use it": only a refusal overrides.
    return engine.evaluate(*surface).action == Action::deny;
}

void append_denied_permissions(std::string& out, const Engine& engine) {
    // The names are ours, plain ASCII: no JSON escaping.
    out.push_back('[');
    bool first = true;
    for (const auto& entry : kPermissionNames) {
        const std::string_view name = entry.first;
        if (!permission_denied(engine, name)) continue;
        if (!first) out.push_back(',');
        first = false;
        out.push_back('"');
        out.append(name);
        out.push_back('"');
    }
    out.push_back(']');
}

}  // namespace rps
