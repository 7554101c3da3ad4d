// The one Engine of this realm, owned by bindings.cpp. The other bindings_*.cpp files (one
// per surface) bind their calls to it; nothing else holds engine state.
#pragma once

#include "bind.hpp"
#include "core/engine.hpp"

rps::Engine& bound_engine();

// Each bindings_<surface>.cpp's table (RPS_BINDINGS), listed in bindings.cpp's all_tables.
extern const rps::bind::Table rps_bindings_canvas, rps_bindings_consent, rps_bindings_device, rps_bindings_permissions,
    rps_bindings_ui, rps_bindings_webrtc;
#ifdef RPS_WITH_TELEMETRY
extern const rps::bind::Table rps_bindings_switches;
#endif
