// The one Engine of this realm, owned by bindings.cpp. The other bindings_*.cpp files (one
// per surface) bind their calls to it; nothing else holds engine state.
#pragma once

#include "core/engine.hpp"

rps::Engine& bound_engine();
