#include "core/surface.hpp"

#include <array>
#include <utility>

namespace rps {
namespace {

constexpr std::array<std::pair<Surface, std::string_view>, 8> kSurfaces{{
    {Surface::camera, "camera"},
    {Surface::microphone, "microphone"},
    {Surface::screen, "screen"},
    {Surface::devices, "devices"},
    {Surface::location, "location"},
    {Surface::clipboard, "clipboard"},
    {Surface::notifications, "notifications"},
    {Surface::sensors, "sensors"},
}};

constexpr std::array<std::pair<Action, std::string_view>, 4> kActions{{
    {Action::allow, "allow"},
    {Action::deny, "deny"},
    {Action::generalize, "generalize"},
    {Action::stop, "stop"},
}};

template <typename Table, typename Value>
std::string_view name_of(const Table& table, Value value) {
    for (const auto& [v, name] : table)
        if (v == value) return name;
    return "unknown";
}

template <typename Value, typename Table>
std::optional<Value> value_of(const Table& table, std::string_view name) {
    for (const auto& [v, n] : table)
        if (n == name) return v;
    return std::nullopt;
}

}  // namespace

std::string_view to_string(Surface surface) { return name_of(kSurfaces, surface); }
std::string_view to_string(Action action) { return name_of(kActions, action); }
std::optional<Surface> parse_surface(std::string_view name) { return value_of<Surface>(kSurfaces, name); }
std::optional<Action> parse_action(std::string_view name) { return value_of<Action>(kActions, name); }

std::string_view surface_names() {
    return "camera, microphone, screen, devices, location, clipboard, notifications, sensors";
}

}  // namespace rps
