// Which form of each piece of device information the page gets: the native value, a
// generalized one or a blocked one, from the manifest's `collects` and consent.
//
// An SDK that declares an item for a purpose the user granted gets its declared treatment
// (keep: native; generalize; hash or remove: blocked). When several such declarations
// differ, the most permissive wins: the page's values are shared, and withholding one
// breaks the SDK that was granted it. Without a granted declaration, or with a closed
// engine, the item's default holds: blocked for battery and gpu, generalized otherwise.
#pragma once

#include <string>
#include <string_view>

#include "core/engine.hpp"

namespace rps::device {

struct ItemDecision {
    Action action = Action::deny;  // allow (native), generalize or deny (blocked)
    std::string_view purpose;      // of the declaration that decided, when one did
    std::string_view sdk;          // (both point into the engine's manifest)
    std::string_view reason;       // a fixed text: the ledger entry names the item
};

// `item`: one of the manifest's userAgent, os, browser, deviceModel, screen, devicePixelRatio,
// hardwareConcurrency, deviceMemory, networkType, battery, gpu, storageEstimate, canvas; or a
// getHighEntropyValues hint, decided as the item that governs it: os for architecture,
// bitness, platformVersion and wow64; deviceModel for model and formFactors; browser for
// uaFullVersion and fullVersionList. os, deviceModel and browser are blocked whenever
// userAgent is, so the hints never say what the user agent does not. screenDetails
// (getScreenDetails(): every screen as it is) is allowed where both screen and
// devicePixelRatio are, blocked otherwise. Anything else is denied.
ItemDecision evaluate_item(const Engine& engine, std::string_view item);

// evaluate_item, recorded in the ledger as "deviceInfo.<item>" (a hint under its item).
ItemDecision decide_item(Engine& engine, std::string_view item, double now_ms);

}  // namespace rps::device
