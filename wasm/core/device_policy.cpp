#include "core/device_policy.hpp"

namespace rps::device {
namespace {

// The items, their defaults by position: battery and gpu are blocked, the rest generalized
// (for canvas: read back with the session's perturbation, core/canvas_noise.hpp).
// Then getHighEntropyValues' hints, each standing for the item that governs it (kHintOf).
// Last, screenDetails: getScreenDetails(), decided from two items (evaluate).
constexpr const char* kNames[] = {
    "userAgent",    "os",      "browser",         "deviceModel", "screen", "devicePixelRatio", "hardwareConcurrency",
    "deviceMemory", "networkType", "storageEstimate", "canvas", "battery",  "gpu",
    "architecture", "bitness", "platformVersion", "wow64",       "model",  "formFactors",      "uaFullVersion",
    "fullVersionList", "screenDetails"};
constexpr int kItemCount = 13;
constexpr int kFirstBlocked = 11;
constexpr int kNameCount = sizeof(kNames) / sizeof(kNames[0]);
constexpr int kOs = 1, kBrowser = 2, kDeviceModel = 3, kScreen = 4, kPixelRatio = 5;
constexpr int kHintOf[] = {kOs, kOs, kOs, kOs, kDeviceModel, kDeviceModel, kBrowser, kBrowser};
constexpr int kScreenDetails = kNameCount - 1;

// The item `name` is or stands for, or -1.
int find_item(std::string_view name) {
    for (int i = 0; i < kNameCount; ++i)
        if (name == kNames[i]) return i < kItemCount || i == kScreenDetails ? i : kHintOf[i - kItemCount];
    return -1;
}

// keep: native; generalize; hash, remove: blocked (a value the page reads cannot be hashed usefully).
Action action_of(std::string_view treatment) {
    return treatment == "keep" ? Action::allow : treatment == "generalize" ? Action::generalize : Action::deny;
}

// allow > generalize > deny.
int openness(Action a) { return a == Action::allow ? 2 : a == Action::generalize ? 1 : 0; }

ItemDecision evaluate(const Engine& engine, int item) {
    if (item < 0) return {Action::deny, "", "", "unknown item"};
    // Every screen's size, place, pixel ratio and model name: the browser's only where the page
    // may see the screen and the pixel ratio as they are. There are no generalized screens to
    // give (a ScreenDetailed cannot be made), so short of that it is blocked.
    if (item == kScreenDetails) {
        const ItemDecision screen = evaluate(engine, kScreen);
        const ItemDecision ratio = evaluate(engine, kPixelRatio);
        if (screen.action == Action::allow && ratio.action == Action::allow)
            return {Action::allow, screen.purpose, screen.sdk, "screen and devicePixelRatio kept"};
        const ItemDecision& short_of = screen.action != Action::allow ? screen : ratio;
        return {Action::deny, short_of.purpose, short_of.sdk, "no generalized screens: needs screen and devicePixelRatio kept"};
    }
    const Action fallback = item < kFirstBlocked ? Action::generalize : Action::deny;
    if (engine.closed()) return {fallback, "", "", "engine closed: default"};
    ItemDecision chosen{fallback, "", "", "not declared: default"};
    bool granted = false;
    for (const Sdk& sdk : engine.manifest().sdks) {
        for (const Collect& c : sdk.collects) {
            if (c.item != kNames[item]) continue;
            const ConsentState state = engine.consent().state(c.purpose);
            // The first declaration explains the default; a granted one decides, the most
            // permissive of them if several.
            if (state != ConsentState::granted) {
                const char* why = state == ConsentState::denied ? "consent denied: default" : "consent unset: default";
                if (chosen.purpose.empty()) chosen = {fallback, c.purpose, sdk.id, why};
                continue;
            }
            const Action action = action_of(c.treatment);
            if (granted && openness(action) <= openness(chosen.action)) continue;
            granted = true;
            chosen = {action, c.purpose, sdk.id, "consent granted: declared treatment"};
        }
    }
    // os, browser and deviceModel only govern client hints, which never say more than the user
    // agent does.
    if (item >= kOs && item <= kDeviceModel && evaluate(engine, 0).action == Action::deny)
        chosen = {Action::deny, chosen.purpose, chosen.sdk, "userAgent blocked: so are its hints"};
    return chosen;
}

}  // namespace

ItemDecision evaluate_item(const Engine& engine, std::string_view name) { return evaluate(engine, find_item(name)); }

ItemDecision decide_item(Engine& engine, std::string_view name, double now_ms) {
    const int item = find_item(name);
    const ItemDecision d = evaluate(engine, item);
    // A fixed name, never the caller's string.
    const std::string what = std::string("deviceInfo.") + (item < 0 ? "(unknown)" : kNames[item]);
    engine.note(what, to_string(d.action), d.purpose, d.sdk, d.reason, now_ms);
    return d;
}

}  // namespace rps::device
