// matchMedia's device features, answered from the screen the page is shown rather than the
// device's: with the screen or the pixel ratio generalized or blocked, a query such as
// "(device-width: 2560px)" or "(min-resolution: 2dppx)" would otherwise tell the real value
// that screen.width and devicePixelRatio hide (by trying sizes until one matches).
//
// Each condition on a device feature (device-width, device-height, device-aspect-ratio,
// resolution, with their min- and max- forms and the range syntax; -webkit-device-pixel-ratio
// and its min- and max- forms) is replaced by a condition that is always true or always
// false for the screen the page sees; the rest of the query is left to the browser, which
// still answers the viewport, colours and preferences, and keeps its own syntax rules.
// A device condition this reader cannot evaluate (an unknown unit, calc()) is always false:
// it never reaches the browser, which would evaluate it on the device.
#pragma once

#include <string>
#include <string_view>

namespace rps {

// The screen the page sees, in CSS pixels, and its pixel ratio.
struct ScreenView {
    double width = 0;
    double height = 0;
    double pixel_ratio = 1;
};

// Which kinds of device feature `query` names: kScreenFeatures (device-width, device-height,
// device-aspect-ratio), kRatioFeatures (resolution, -webkit-device-pixel-ratio), both, or 0.
enum : unsigned { kScreenFeatures = 1, kRatioFeatures = 2 };
unsigned media_device_features(std::string_view query);

// `query` with every device condition replaced, answered for `view`.
std::string answer_media_query(std::string_view query, const ScreenView& view);

}  // namespace rps
