// The device-info surface's exchange with the JS layer: the natives it reads once from the
// browser come in, and every generalized answer for them goes back as one JSON "book", so
// that a wrapped getter reads a cached value instead of calling the engine. (Blocked values
// are fixed constants, nothing of the device: the JS layer holds them.)
#pragma once

#include <string>
#include <string_view>

#include "core/device_info.hpp"

namespace rps::device {

// A number the page cannot read (NaN, absent) counts as 0, which every bucket maps to its
// lowest.
struct NativeFacts {
    std::string_view user_agent;
    std::string_view brands;  // navigator.userAgentData.brands, "<version> <name>" lines
    double screen_width = 0;
    double screen_height = 0;
    double pixel_ratio = 0;
    double cores = 0;
    double memory = 0;
};

// "navigator" (userAgent, appVersion, platform, vendor, maxTouchPoints), "uaData" (brands,
// mobile, platform),
// "hints" (getHighEntropyValues' names), "screen" (width, height, availWidth, availHeight,
// availLeft, availTop, colorDepth, pixelDepth, isExtended), devicePixelRatio,
// hardwareConcurrency, deviceMemory, "memoryInfo" (performance.memory's jsHeapSizeLimit),
// "connection" (effectiveType, downlink, rtt, saveData; no
// type) and "battery" (charging, level, chargingTime, dischargingTime).
std::string answer_book(const NativeFacts& facts);

}  // namespace rps::device
