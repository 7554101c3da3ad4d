// The permission surfaces (location, clipboard, notifications, sensors) where their answer is
// more than decide(): how precise a position may be, the user-gesture rule of clipboard reads,
// and what a Permissions API query may report. Free functions over the engine's public API.
#pragma once

#include <optional>
#include <string>
#include <string_view>

#include "core/engine.hpp"

namespace rps {

// Location: allow (the browser's position), generalize (a position to about 1 km, see
// geo_grid.hpp) or deny. The permission that allowed it sets the precision: "precise" in the
// manifest (on every location line of that SDK for that purpose), else coarse.
// location_decision records nothing (each update of a running watch asks it);
// decide_location records the decision.
Decision location_decision(const Engine& engine);
Decision decide_location(Engine& engine, double now_ms);

// Clipboard reads need consent and a transient user activation (the page passes what
// navigator.userActivation.isActive says): without the gesture, a granted purpose still
// denies. Recorded.
Decision decide_clipboard_read(Engine& engine, bool transient_activation, double now_ms);

// The surface a Permissions API name (navigator.permissions.query({name})) stands for, when
// the shim gates it.
std::optional<Surface> surface_of_permission(std::string_view name);

// Whether the shim refuses what `name` stands for right now, so a query must report "denied"
// whatever the browser's own state is. Unknown and ungated names: false (the browser's state
// is the truth). Records nothing: reading a state accesses nothing.
bool permission_denied(const Engine& engine, std::string_view name);

// Appends the Permissions API names permission_denied says yes to now, as a JSON array of
// strings: what a worker, which cannot ask the engine when its script reads a state, is told
// after each consent change. Records nothing.
void append_denied_permissions(std::string& out, const Engine& engine);

}  // namespace rps
