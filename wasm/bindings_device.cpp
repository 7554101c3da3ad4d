// Device information (js-bindings/surfaces/device-info.js): the answer book computed once
// from the natives the JS layer read, the per-item (and per-hint) decisions it caches until
// consent changes, and the answers that depend on a value read later (WebGL's and WebGPU's
// GPU strings, storage quota).
#include "bind.hpp"

#include "bound_engine.hpp"
#include "core/device_book.hpp"
#include "core/device_policy.hpp"
#include "core/media_query.hpp"

namespace {

// No real native comes near 4 KiB; a longer text is a page's own spoof and is cut.
std::string_view cut(const std::string& native) { return std::string_view(native).substr(0, 4096); }

// The natives the book is made from: navigator.userAgent, userAgentData.brands as
// "<version> <name>" lines, screen.width / height, devicePixelRatio, hardwareConcurrency,
// deviceMemory (NaN where the browser has none).
std::string device_info(const std::string& ua, const std::string& brands, double width, double height, double ratio,
                        double cores, double memory) {
    return rps::device::answer_book({cut(ua), cut(brands), width, height, ratio, cores, memory});
}

std::string device_decide(const std::string& item, double now) {
    return std::string(rps::to_string(rps::device::decide_item(bound_engine(), item, now).action));
}

// The action decide_item would take, not recorded: what the page's workers are told after each
// consent change, before they read anything (a worker's read is recorded when it tells the page).
std::string device_action(const std::string& item) {
    return std::string(rps::to_string(rps::device::evaluate_item(bound_engine(), item).action));
}

std::string device_gpu(const std::string& vendor, const std::string& renderer) {
    std::string out;
    rps::device::append_gpu(out, cut(vendor), cut(renderer));
    return out;
}

std::string device_gpu_adapter(const std::string& vendor, const std::string& architecture, const std::string& description) {
    std::string out;
    rps::device::append_gpu_adapter(out, cut(vendor), cut(architecture), cut(description));
    return out;
}

double device_quota(double quota, double usage) { return rps::device::quota_bucket(quota, usage); }

// matchMedia: the kinds of device feature a query names (1: the screen's size, 2: the pixel
// ratio), and the query answered for the screen and ratio the page sees. Not cut: a query
// passed on shortened would change its meaning.
double media_features(const std::string& query) { return rps::media_device_features(query); }

std::string media_answer(const std::string& query, double width, double height, double ratio) {
    return rps::answer_media_query(query, {width, height, ratio});
}

}  // namespace

RPS_BINDINGS(device) {
    function<&device_info>("deviceInfo"),
    function<&device_decide>("deviceDecide"),
    function<&device_action>("deviceAction"),
    function<&device_gpu>("deviceGpu"),
    function<&device_gpu_adapter>("deviceGpuAdapter"),
    function<&device_quota>("deviceQuota"),
    function<&media_features>("mediaFeatures"),
    function<&media_answer>("mediaAnswer"),
};
