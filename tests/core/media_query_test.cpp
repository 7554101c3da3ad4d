// matchMedia's device features answered for the screen the page sees (core/media_query.hpp).
#include <catch2/catch.hpp>

#include <string>

#include "core/media_query.hpp"

using rps::answer_media_query;
using rps::media_device_features;

namespace {

const rps::ScreenView kView{1920, 1080, 2};  // what screen.width / height and devicePixelRatio read as
const std::string kTrue = "(min-width: 0px)";
const std::string kFalse = "((min-width: 1px) and (max-width: 0px))";

std::string answer(const std::string& query) { return answer_media_query(query, kView); }

}  // namespace

TEST_CASE("media queries: device conditions become constants for the screen the page sees") {
    CHECK(answer("(device-width: 1920px)") == kTrue);
    CHECK(answer("(device-width: 2560px)") == kFalse);
    CHECK(answer("(min-device-width: 1921px)") == kFalse);
    CHECK(answer("(max-device-width: 1920px)") == kTrue);
    CHECK(answer("(MIN-DEVICE-HEIGHT: 1080PX)") == kTrue);
    CHECK(answer("(device-height: 67.5em)") == kTrue);  // 16px each
    CHECK(answer("(device-width: 20in)") == kTrue);     // 96px each
    CHECK(answer("(device-aspect-ratio: 16/9)") == kTrue);
    CHECK(answer("(device-aspect-ratio: 16 / 10)") == kFalse);
    CHECK(answer("(min-device-aspect-ratio: 1.5)") == kTrue);
    CHECK(answer("(resolution: 2dppx)") == kTrue);
    CHECK(answer("(resolution: 192dpi)") == kTrue);
    CHECK(answer("(min-resolution: 2.5x)") == kFalse);
    CHECK(answer("(max-resolution: 75.6dpcm)") == kTrue);
    CHECK(answer("(resolution: infinite)") == kFalse);
    CHECK(answer("(-webkit-device-pixel-ratio: 2)") == kTrue);
    CHECK(answer("(-webkit-min-device-pixel-ratio: 3)") == kFalse);
    CHECK(answer("(-webkit-max-device-pixel-ratio: 2)") == kTrue);
    // Range syntax, either way round, and between two values.
    CHECK(answer("(device-width >= 1920px)") == kTrue);
    CHECK(answer("(device-width > 1920px)") == kFalse);
    CHECK(answer("(2000px > device-width)") == kTrue);
    CHECK(answer("(1000px < device-width <= 1920px)") == kTrue);
    CHECK(answer("(1000px < device-width < 1920px)") == kFalse);
    CHECK(answer("(16/9 = device-aspect-ratio)") == kTrue);
    CHECK(answer("(resolution < 3dppx)") == kTrue);
    // Boolean context: true for a screen.
    CHECK(answer("(device-width)") == kTrue);
    CHECK(answer("(resolution)") == kTrue);
}

TEST_CASE("media queries: the rest is the browser's") {
    CHECK(answer("screen and (device-width: 1920px) and (orientation: landscape)") ==
          "screen and " + kTrue + " and (orientation: landscape)");
    CHECK(answer("(min-width: 600px), print and (min-resolution: 3dppx)") == "(min-width: 600px), print and " + kFalse);
    CHECK(answer("not all and (not (device-width: 1px))") == "not all and (not " + kFalse + ")");
    for (const char* query : {"(prefers-color-scheme: dark)", "(min-width: 600px) and (max-width: 900px)", "screen", "",
                              "(device-posture: folded)", "(hover: hover) or (pointer: coarse)", "(width >= 600px)"}) {
        CHECK(answer(query) == query);
        CHECK(media_device_features(query) == 0);
    }
    CHECK(media_device_features("(device-width: 1px)") == rps::kScreenFeatures);
    CHECK(media_device_features("(min-resolution: 2dppx)") == rps::kRatioFeatures);
    CHECK(media_device_features("(device-height > 1px), (-webkit-device-pixel-ratio: 2)") ==
          (rps::kScreenFeatures | rps::kRatioFeatures));
}

TEST_CASE("media queries: a device condition that cannot be read is false, never the browser's") {
    // Escapes and comments that the browser would read as a device feature; unknown units,
    // calc(), a prefix with the range syntax, a group left open (CSS closes it).
    for (const char* query : {"(\\64 evice-width: 1920px)", "(/**/device-width: 1920px)", "(device-width: 1920vw)",
                              "(device-width: calc(1920px))", "(min-device-width > 1px)", "(device-width: 1920px",
                              "(-webkit-device-pixel-ratio > 1)", "(device-width: 1920px 1px)", "(resolution: 2)",
                              "(device-width:)", "(device-aspect-ratio: 16/0)"}) {
        INFO(query);
        CHECK(media_device_features(query) != 0);
        CHECK(answer(query).find("device") == std::string::npos);
        CHECK(answer(query).find("resolution") == std::string::npos);
    }
    CHECK(answer("(device-width: 1920px") == kTrue);
    CHECK(answer("(device-width: 1920vw)") == kFalse);
    CHECK(answer("(min-width: 1px), (device-width: calc(1920px))") == "not all");
}
