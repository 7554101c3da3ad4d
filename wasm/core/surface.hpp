// What the page can ask for, and what the engine can answer.
#pragma once

#include <optional>
#include <string_view>

namespace rps {

enum class Surface { camera, microphone, screen, devices, location, clipboard, notifications, sensors };
enum class Action { allow, deny, generalize, stop };

std::string_view to_string(Surface surface);
std::string_view to_string(Action action);
std::optional<Surface> parse_surface(std::string_view name);
std::optional<Action> parse_action(std::string_view name);

// The names in manifest order, for error messages that list what is accepted.
std::string_view surface_names();

}  // namespace rps
