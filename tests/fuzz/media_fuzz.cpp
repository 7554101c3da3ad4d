// libFuzzer target: matchMedia's device features (core/media_query.hpp). Built and run by
// scripts/fuzz.sh.
//
// Input layout: the whole input is the query.
//
// Invariants (a broken one aborts with "INVARIANT <name>: <what>"; RPS_FUZZ_SKIP=name,...
// turns checks off):
//   - no crash, no sanitizer report;
//   - closed: the answered query holds no device feature's name, escape or comment, in any
//     case, so nothing of the device is left for the browser to evaluate;
//   - untouched: a query that names no device feature is answered as it is;
//   - idempotent: answering the answer changes nothing, and names no device feature.
#include <cstddef>
#include <cstdint>
#include <cstdlib>
#include <string>
#include <string_view>

#include "core/media_query.hpp"
#include "invariants.hpp"

namespace {

std::string lowered(std::string_view s) {
    std::string out(s);
    for (char& c : out)
        if (c >= 'A' && c <= 'Z') c = char(c - 'A' + 'a');
    return out;
}

// The first device feature's name, escape or comment in `text`, or "".
std::string_view device_name_in(std::string_view text) {
    static constexpr std::string_view kNames[] = {"device-width", "device-height", "device-aspect-ratio",
                                                  "device-pixel-ratio", "resolution", "\\", "/*"};
    const std::string low = lowered(text);
    for (std::string_view name : kNames)
        if (low.find(name) != std::string::npos) return name;
    return {};
}

}  // namespace

extern "C" int LLVMFuzzerInitialize(int*, char***) {
    rps::fuzz::skip_checks(std::getenv("RPS_FUZZ_SKIP"));
    return 0;
}

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    const std::string_view query(reinterpret_cast<const char*>(data), size);
    const rps::ScreenView view{1920, 1080, 2};
    const unsigned kinds = rps::media_device_features(query);
    const std::string answer = rps::answer_media_query(query, view);
    EXPECT("closed", device_name_in(answer).empty(), "the answer still names " + std::string(device_name_in(answer)));
    if (!kinds) EXPECT("untouched", answer == query, "a query without device features changed");
    EXPECT("idempotent", rps::media_device_features(answer) == 0, "the answer names device features");
    EXPECT("idempotent", rps::answer_media_query(answer, view) == answer, "answering the answer changed it");
    return 0;
}
