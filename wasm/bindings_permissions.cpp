// Location, clipboard, notifications and sensors: the answers that are more than decide()
// (js-bindings/surfaces/permissions/). Decisions cross as JSON text, positions as numbers.
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/geo_grid.hpp"
#include "core/json_out.hpp"
#include "core/permissions.hpp"

namespace {

std::string decision_json(const rps::Decision& d) {
    std::string out;
    rps::json_out::Object(out)
        .text("action", rps::to_string(d.action))
        .text("purpose", d.purpose)
        .text("sdk", d.sdk)
        .text("reason", d.reason)
        .close();
    return out;
}

std::string decide_location(double now) { return decision_json(rps::decide_location(bound_engine(), now)); }

// For each update of a request already decided: allow, generalize or deny, not recorded.
std::string location_action() { return std::string(rps::to_string(rps::location_decision(bound_engine()).action)); }

rps::geo::CoarsePosition coarsen_position(double latitude, double longitude, double accuracy) {
    return rps::geo::coarsen(latitude, longitude, accuracy);
}

std::string decide_clipboard_read(bool transient_activation, double now) {
    return decision_json(rps::decide_clipboard_read(bound_engine(), transient_activation, now));
}

bool permission_denied(const std::string& name) { return rps::permission_denied(bound_engine(), name); }

std::string denied_permissions() {
    std::string out;
    rps::append_denied_permissions(out, bound_engine());
    return out;
}

}  // namespace

template <>
constexpr rps::bind::Fields rps::bind::fields_of<rps::geo::CoarsePosition> = {
    field<&rps::geo::CoarsePosition::ok>("ok"),
    field<&rps::geo::CoarsePosition::latitude>("latitude"),
    field<&rps::geo::CoarsePosition::longitude>("longitude"),
    field<&rps::geo::CoarsePosition::accuracy>("accuracy"),
};

RPS_BINDINGS(permissions) {
    function<&decide_location>("decideLocation"),
    function<&location_action>("locationAction"),
    function<&coarsen_position>("coarsenPosition"),
    function<&decide_clipboard_read>("decideClipboardRead"),
    function<&permission_denied>("permissionDenied"),
    function<&denied_permissions>("deniedPermissions"),
};
