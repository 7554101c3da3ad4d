#include <catch2/catch.hpp>

#include <nlohmann/json.hpp>

#include <algorithm>
#include <cmath>
#include <string>
#include <vector>

#include "core/device_book.hpp"
#include "core/device_info.hpp"

using namespace rps::device;

namespace {

// Real user agents, as the browsers send them (full versions, real devices).
const char* const kChromeWindows =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.91 Safari/537.36";
const char* const kChromeMac =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 14_6_1) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.6723.91 Safari/537.36";
const char* const kHeadlessLinux =
    "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) HeadlessChrome/156.0.0.0 Safari/537.36";
const char* const kChromeAndroid =
    "Mozilla/5.0 (Linux; Android 14; Pixel 8 Build/AP2A.240805.005) AppleWebKit/537.36 (KHTML, like Gecko) "
    "Chrome/130.0.6723.86 Mobile Safari/537.36";
const char* const kChromeAndroidTablet =
    "Mozilla/5.0 (Linux; Android 13; SM-X710) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36";
const char* const kChromeOs =
    "Mozilla/5.0 (X11; CrOS x86_64 15917.71.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.6613.137 Safari/537.36";
const char* const kEdgeWindows =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36 "
    "Edg/130.0.2849.68";
const char* const kEdgeAndroid =
    "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36 "
    "EdgA/130.0.2849.67";
const char* const kOperaWindows =
    "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36 "
    "OPR/115.0.0.0";
const char* const kFirefoxWindows = "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0";
const char* const kFirefoxMac = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:115.0) Gecko/20100101 Firefox/115.0";
const char* const kFirefoxLinux = "Mozilla/5.0 (X11; Ubuntu; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0";
const char* const kFirefoxAndroid = "Mozilla/5.0 (Android 14; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0";
const char* const kSafariMac =
    "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 Safari/605.1.15";
const char* const kSafariIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_6_1 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.6 "
    "Mobile/15E148 Safari/604.1";
const char* const kSafariIpad =
    "Mozilla/5.0 (iPad; CPU OS 16_7 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.6 Mobile/15E148 "
    "Safari/604.1";
const char* const kChromeIphone =
    "Mozilla/5.0 (iPhone; CPU iPhone OS 17_5 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
    "CriOS/130.0.6723.90 Mobile/15E148 Safari/604.1";

const std::vector<const char*> kKnown = {kChromeWindows, kChromeMac,      kHeadlessLinux, kChromeAndroid,
                                         kChromeAndroidTablet, kChromeOs, kEdgeWindows,   kEdgeAndroid,
                                         kOperaWindows,  kFirefoxWindows, kFirefoxMac,    kFirefoxLinux,
                                         kFirefoxAndroid, kSafariMac,     kSafariIphone,  kSafariIpad,
                                         kChromeIphone};

// Every user-agent answer for the facts, as the book writes them.
struct Reduced {
    std::string user_agent;
    std::string app_version;
    std::string_view platform;
    std::string_view vendor;
    std::string_view ua_platform;
    bool mobile = false;
};

Reduced reduce(const UaFacts& f) {
    Reduced r;
    append_user_agent(r.user_agent, f, false);
    append_user_agent(r.app_version, f, true);
    r.platform = platform_of(f);
    r.vendor = vendor_of(f);
    r.ua_platform = ua_platform_of(f);
    r.mobile = f.form == Form::mobile;
    return r;
}

Reduced reduced(const char* ua) { return reduce(parse_user_agent(ua)); }

std::string brand_list(std::string_view lines, std::string_view suffix) {
    std::string out;
    append_brand_list(out, lines, suffix);
    return out;
}

struct Gpu {
    std::string vendor;
    std::string renderer;
};

Gpu gpu(std::string_view vendor, std::string_view renderer) {
    std::string out;
    append_gpu(out, vendor, renderer);
    const auto pair = nlohmann::json::parse(out);
    return {pair.at(0).get<std::string>(), pair.at(1).get<std::string>()};
}

std::vector<std::string> gpu_adapter(std::string_view vendor, std::string_view architecture, std::string_view description) {
    std::string out;
    append_gpu_adapter(out, vendor, architecture, description);
    return nlohmann::json::parse(out).get<std::vector<std::string>>();
}

bool same_facts(const UaFacts& a, const UaFacts& b) {
    return a.os == b.os && a.browser == b.browser && a.form == b.form && a.major == b.major && a.engine_major == b.engine_major;
}

}  // namespace

TEST_CASE("parse_user_agent: OS family, browser family, major versions, form") {
    auto f = parse_user_agent(kChromeWindows);
    CHECK((f.os == Os::windows && f.browser == Browser::chrome && f.major == 130 && f.engine_major == 130));
    CHECK(f.form == Form::desktop);
    f = parse_user_agent(kHeadlessLinux);
    CHECK((f.os == Os::gnu_linux && f.browser == Browser::chrome && f.major == 156));
    f = parse_user_agent(kChromeAndroid);
    CHECK((f.os == Os::android && f.form == Form::mobile));
    CHECK(parse_user_agent(kChromeAndroidTablet).form == Form::tablet);
    CHECK(parse_user_agent(kChromeOs).os == Os::chromeos);
    f = parse_user_agent(kOperaWindows);
    CHECK((f.browser == Browser::opera && f.major == 115 && f.engine_major == 129));
    f = parse_user_agent(kEdgeAndroid);
    CHECK((f.browser == Browser::edge && f.os == Os::android && f.major == 130));
    f = parse_user_agent(kFirefoxLinux);
    CHECK((f.browser == Browser::firefox && f.os == Os::gnu_linux && f.major == 131));
    f = parse_user_agent(kSafariIpad);
    CHECK((f.browser == Browser::safari && f.os == Os::ios && f.form == Form::tablet && f.major == 16));
    // Every iOS browser is WebKit: Chrome on iOS is described as Safari of its iOS version.
    f = parse_user_agent(kChromeIphone);
    CHECK((f.browser == Browser::safari && f.os == Os::ios && f.form == Form::mobile && f.major == 17));
    CHECK(parse_user_agent("curl/8.5.0").browser == Browser::unknown);
    CHECK(parse_user_agent("Mozilla/5.0 (Windows NT 10.0) Chrome/99999.0").browser == Browser::unknown);
}

TEST_CASE("append_user_agent: Chrome's reduced user agent per OS family") {
    auto r = reduced(kChromeWindows);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");
    CHECK(r.app_version ==
          "5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");
    CHECK(r.platform == "Win32");
    CHECK(r.vendor == "Google Inc.");
    CHECK(r.ua_platform == "Windows");
    CHECK_FALSE(r.mobile);

    r = reduced(kChromeMac);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Safari/537.36");
    CHECK(r.platform == "MacIntel");
    CHECK(r.ua_platform == "macOS");

    r = reduced(kHeadlessLinux);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36");
    CHECK(r.platform == "Linux x86_64");
    CHECK(r.ua_platform == "Linux");

    r = reduced(kChromeAndroid);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile Safari/537.36");
    CHECK(r.platform == "Linux armv81");
    CHECK(r.mobile);
    CHECK(r.ua_platform == "Android");

    r = reduced(kChromeAndroidTablet);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 Safari/537.36");
    CHECK_FALSE(r.mobile);

    r = reduced(kChromeOs);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (X11; CrOS x86_64 14541.0.0) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/128.0.0.0 Safari/537.36");
    CHECK(r.ua_platform == "Chrome OS");
}

TEST_CASE("append_user_agent: Edge and Opera keep their own token and version") {
    CHECK(reduced(kEdgeWindows).user_agent ==
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 "
          "Safari/537.36 Edg/130.0.0.0");
    CHECK(reduced(kEdgeAndroid).user_agent ==
          "Mozilla/5.0 (Linux; Android 10; K) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/130.0.0.0 Mobile "
          "Safari/537.36 EdgA/130.0.0.0");
    CHECK(reduced(kOperaWindows).user_agent ==
          "Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/129.0.0.0 "
          "Safari/537.36 OPR/115.0.0.0");
}

TEST_CASE("append_user_agent: Firefox's templates, appVersion and empty vendor") {
    auto r = reduced(kFirefoxWindows);
    CHECK(r.user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64; rv:132.0) Gecko/20100101 Firefox/132.0");
    CHECK(r.app_version == "5.0 (Windows)");
    CHECK(r.platform == "Win32");
    CHECK(r.vendor.empty());
    // Firefox 110 to 119 kept "rv:109.0".
    r = reduced(kFirefoxMac);
    CHECK(r.user_agent == "Mozilla/5.0 (Macintosh; Intel Mac OS X 10.15; rv:109.0) Gecko/20100101 Firefox/115.0");
    CHECK(r.app_version == "5.0 (Macintosh)");
    r = reduced(kFirefoxLinux);
    CHECK(r.user_agent == "Mozilla/5.0 (X11; Linux x86_64; rv:131.0) Gecko/20100101 Firefox/131.0");
    CHECK(r.app_version == "5.0 (X11)");
    r = reduced(kFirefoxAndroid);
    CHECK(r.user_agent == "Mozilla/5.0 (Android 10; Mobile; rv:132.0) Gecko/132.0 Firefox/132.0");
    CHECK(r.app_version == "5.0 (Android 10)");
    CHECK(r.mobile);
}

TEST_CASE("append_user_agent: Safari on macOS, iPhone and iPad") {
    auto r = reduced(kSafariMac);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.0 "
          "Safari/605.1.15");
    CHECK(r.vendor == "Apple Computer, Inc.");
    CHECK(r.platform == "MacIntel");
    r = reduced(kSafariIphone);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (iPhone; CPU iPhone OS 17_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) "
          "Version/17.0 Mobile/15E148 Safari/604.1");
    CHECK(r.platform == "iPhone");
    CHECK(r.mobile);
    r = reduced(kSafariIpad);
    CHECK(r.user_agent ==
          "Mozilla/5.0 (iPad; CPU OS 16_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/16.0 "
          "Mobile/15E148 Safari/604.1");
    CHECK(r.platform == "iPad");
    CHECK_FALSE(r.mobile);
}

TEST_CASE("append_user_agent: an unknown browser gets a generic form") {
    auto r = reduced("curl/8.5.0");
    CHECK(r.user_agent == "Mozilla/5.0");
    CHECK(r.app_version == "5.0");
    CHECK(r.platform.empty());
    CHECK(r.vendor.empty());
    CHECK_FALSE(describable(parse_user_agent("curl/8.5.0")));
    r = reduced("Mozilla/5.0 (Windows NT 6.1; WOW64) SomeBrowser/3.1");
    CHECK(r.user_agent == "Mozilla/5.0 (Windows NT 10.0; Win64; x64)");
    CHECK(r.app_version == "5.0 (Windows NT 10.0; Win64; x64)");
    CHECK(r.platform == "Win32");
    CHECK(r.ua_platform == "Windows");
    // Safari's template only describes Apple systems.
    CHECK(reduced("Mozilla/5.0 (Linux; U; Android 4.0.3) AppleWebKit/534.30 (KHTML, like Gecko) Version/4.0 Mobile Safari/534.30")
              .user_agent == "Mozilla/5.0 (Linux; Android 10; K)");
}

TEST_CASE("the reduced user agent is a fixed point and every answer agrees with the user agent") {
    for (const char* ua : kKnown) {
        INFO(ua);
        const UaFacts facts = parse_user_agent(ua);
        const Reduced r = reduce(facts);
        CHECK(describable(facts));
        // The reduced user agent says the same as the real one, down to the major version.
        CHECK(same_facts(parse_user_agent(r.user_agent), facts));
        CHECK(reduced(r.user_agent.c_str()).user_agent == r.user_agent);
        CHECK(r.mobile == (facts.form == Form::mobile));
        if (facts.os != Os::ios) CHECK(r.mobile == (r.user_agent.find("Mobile") != std::string::npos));
        if (facts.browser != Browser::firefox) CHECK(r.app_version == r.user_agent.substr(8));
        const std::string platform_word = r.platform == "Win32"          ? "Windows"
                                          : r.platform == "MacIntel"     ? "Macintosh"
                                          : r.platform == "Linux armv81" ? "Android"
                                          : r.platform == "iPhone"       ? "iPhone"
                                          : r.platform == "iPad"         ? "iPad"
                                                                         : "X11";
        CHECK(r.user_agent.find(platform_word) != std::string::npos);
        const bool chromium = facts.browser == Browser::chrome || facts.browser == Browser::edge || facts.browser == Browser::opera;
        CHECK(r.vendor == (chromium ? "Google Inc." : facts.browser == Browser::safari ? "Apple Computer, Inc." : ""));
        // The hints' full version is the user agent's major version.
        CHECK(generalized_hints(facts).major == facts.major);
    }
}

TEST_CASE("append_brand_list: names kept, major versions only, bad lines dropped, eight at most") {
    const std::string lines = "8 Not:A-Brand\n156.0.8078.79 Chromium\nx1 Bad\n1 \n1\n\n99 Quote\"d";
    CHECK(brand_list(lines, "") ==
          R"([{"brand":"Not:A-Brand","version":"8"},{"brand":"Chromium","version":"156"},{"brand":"Quote\"d","version":"99"}])");
    CHECK(brand_list(lines, ".0.0.0") ==
          R"([{"brand":"Not:A-Brand","version":"8.0.0.0"},{"brand":"Chromium","version":"156.0.0.0"},)"
          R"({"brand":"Quote\"d","version":"99.0.0.0"}])");
    std::string many;
    for (int i = 0; i < 20; ++i) many += "1 B\n";
    const std::string eight = brand_list(many, "");
    CHECK(std::count(eight.begin(), eight.end(), '{') == 8);
    CHECK(brand_list("", "") == "[]");
}

TEST_CASE("generalized_hints agree with the reduced user agent") {
    const Hints h = generalized_hints(parse_user_agent(kChromeWindows));
    CHECK(h.architecture == "x86");
    CHECK(h.form_factor == "Desktop");
    CHECK(h.platform_version == "10.0.0");
    CHECK(h.major == 130);
    const Hints a = generalized_hints(parse_user_agent(kChromeAndroid));
    CHECK(a.architecture == "arm");
    CHECK(a.form_factor == "Mobile");
    CHECK(a.platform_version == "10.0.0");  // "Android 10" in the reduced user agent
    CHECK(generalized_hints(parse_user_agent(kChromeMac)).platform_version == "10.15.7");
    CHECK(generalized_hints(parse_user_agent(kChromeOs)).platform_version == "14541.0.0");
    CHECK(generalized_hints(parse_user_agent(kHeadlessLinux)).platform_version.empty());
    CHECK(generalized_hints(parse_user_agent(kChromeAndroidTablet)).form_factor == "Tablet");
    CHECK(generalized_hints(parse_user_agent(kEdgeWindows)).major == 130);
    CHECK(generalized_hints(parse_user_agent("curl/8.5.0")).major == 0);
}

TEST_CASE("generalize_screen: the smallest common size that covers the real one, orientation kept") {
    const UaFacts linux = parse_user_agent(kHeadlessLinux);
    auto s = generalize_screen(1707, 960, linux);  // 2560x1440 at 150 %
    CHECK((s.width == 1920 && s.height == 1080));
    s = generalize_screen(1920, 1080, linux);
    CHECK((s.width == 1920 && s.height == 1080));
    s = generalize_screen(1366, 768, linux);
    CHECK((s.width == 1366 && s.height == 768));
    s = generalize_screen(1280, 720, linux);
    CHECK((s.width == 1280 && s.height == 720));
    s = generalize_screen(1000, 1700, linux);  // a rotated monitor
    CHECK((s.width == 1080 && s.height == 1920));
    s = generalize_screen(5120, 2880, linux);  // larger than any bucket: the largest
    CHECK((s.width == 3840 && s.height == 2160));
    s = generalize_screen(0, std::nan(""), linux);
    CHECK((s.width == 1280 && s.height == 720));

    const UaFacts phone = parse_user_agent(kChromeAndroid);
    s = generalize_screen(393, 851, phone);
    CHECK((s.width == 393 && s.height == 873));
    s = generalize_screen(851, 393, phone);
    CHECK((s.width == 873 && s.height == 393));
    s = generalize_screen(412, 915, phone);
    CHECK((s.width == 412 && s.height == 915));
}

TEST_CASE("generalize_screen: the available area is the size minus the OS family's bar") {
    auto s = generalize_screen(1920, 1080, parse_user_agent(kChromeWindows));
    CHECK((s.avail_width == 1920 && s.avail_height == 1040));
    s = generalize_screen(1440, 900, parse_user_agent(kSafariMac));
    CHECK((s.avail_width == 1440 && s.avail_height == 875));
    s = generalize_screen(1366, 768, parse_user_agent(kChromeOs));
    CHECK(s.avail_height == 720);
    s = generalize_screen(1280, 720, parse_user_agent(kHeadlessLinux));
    CHECK(s.avail_height == 720);
    for (const char* ua : kKnown) {
        for (double w : {320.0, 800.0, 1920.0, 4000.0}) {
            const auto g = generalize_screen(w, w * 0.6, parse_user_agent(ua));
            CHECK((g.avail_width <= g.width && g.avail_height <= g.height && g.avail_height > 0));
        }
    }
}

TEST_CASE("generalize_pixel_ratio: the nearest common ratio") {
    CHECK(generalize_pixel_ratio(1) == "1");
    CHECK(generalize_pixel_ratio(1.100000023841858) == "1");  // 110 % zoom
    CHECK(generalize_pixel_ratio(1.3) == "1.25");
    CHECK(generalize_pixel_ratio(1.75) == "1.5");  // halfway: the lower one
    CHECK(generalize_pixel_ratio(2.2) == "2");
    CHECK(generalize_pixel_ratio(2.75) == "2.625");
    CHECK(generalize_pixel_ratio(3.5) == "3");
    CHECK(generalize_pixel_ratio(0) == "1");
    CHECK(generalize_pixel_ratio(std::nan("")) == "1");
}

TEST_CASE("cores and memory buckets: 2, 4 or 8, never below 2") {
    CHECK(bucket(1) == 2);
    CHECK(bucket(2) == 2);
    CHECK(bucket(3) == 2);
    CHECK(bucket(6) == 4);
    CHECK(bucket(12) == 8);
    CHECK(bucket(128) == 8);
    CHECK(bucket(0) == 2);
    CHECK(bucket(std::nan("")) == 2);
    CHECK(bucket(0.5) == 2);  // deviceMemory in GB
    CHECK(bucket(4) == 4);
}

TEST_CASE("quota_bucket: a power of two at or below the quota, never below the usage") {
    CHECK(quota_bucket(10737418240.0, 0) == 8589934592.0);
    CHECK(quota_bucket(8589934592.0, 0) == 8589934592.0);
    CHECK(quota_bucket(299977904537.0, 1234567) == 274877906944.0);
    CHECK(quota_bucket(1000, 5000) == 8192);
    for (double quota : {1.0, 1e3, 123456789.0, 6e10, 1e15}) {
        for (double usage : {0.0, 10.0, 5e6, 3e10}) {
            const double q = quota_bucket(quota, usage);
            int exponent = 0;
            CHECK(std::frexp(q, &exponent) == 0.5);  // a power of two
            CHECK(q >= usage);
        }
    }
    CHECK(std::isfinite(quota_bucket(1e300, 0)));
}

TEST_CASE("append_gpu: the GPU maker only") {
    auto g = gpu("Google Inc. (NVIDIA)",
                            "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060 (0x00002504) Direct3D11 vs_5_0 ps_5_0, D3D11)");
    CHECK(g.vendor == "Google Inc. (NVIDIA)");
    CHECK(g.renderer == "ANGLE (NVIDIA)");
    g = gpu("Google Inc. (AMD)", "ANGLE (AMD, AMD Radeon(TM) Graphics (0x00001638) Direct3D11 vs_5_0 ps_5_0, D3D11)");
    CHECK(g.renderer == "ANGLE (AMD)");
    g = gpu("Google Inc. (Intel)", "ANGLE (Intel, Mesa Intel(R) UHD Graphics 620 (KBL GT2), OpenGL 4.6)");
    CHECK(g.renderer == "ANGLE (Intel)");
    g = gpu("Google Inc. (Apple)", "ANGLE (Apple, ANGLE Metal Renderer: Apple M1, Unspecified Version)");
    CHECK(g.renderer == "ANGLE (Apple)");
    g = gpu("Google Inc. (Qualcomm)", "ANGLE (Qualcomm, Adreno (TM) 730, OpenGL ES 3.2)");
    CHECK(g.renderer == "ANGLE (Qualcomm)");
    g = gpu("Google Inc. (ARM)", "ANGLE (ARM, Mali-G78 MP20, OpenGL ES 3.2)");
    CHECK(g.renderer == "ANGLE (ARM)");
    g = gpu("Google Inc. (Google)",
                       "ANGLE (Google, Vulkan 1.3.0 (SwiftShader Device (Subzero) (0x0000C0DE)), SwiftShader driver)");
    CHECK(g.vendor == "Google Inc. (Google)");
    CHECK(g.renderer == "ANGLE (Google)");
    // Without ANGLE's wrapper (Firefox, Safari): the maker's name.
    g = gpu("NVIDIA Corporation", "NVIDIA GeForce GTX 980/PCIe/SSE2");
    CHECK((g.vendor == "NVIDIA" && g.renderer == "NVIDIA GPU"));
    g = gpu("Apple Inc.", "Apple GPU");
    CHECK((g.vendor == "Apple" && g.renderer == "Apple GPU"));
    // Words, not substrings: "Corporation" names no ATI, "Harmony" no ARM.
    g = gpu("Acme Corporation", "Harmony Renderer 3");
    CHECK((g.vendor == "WebKit" && g.renderer == "WebKit WebGL"));
    g = gpu("", "");
    CHECK(g.renderer == "WebKit WebGL");
}

namespace {

// The book as nlohmann reads it: Infinity, which JSON cannot spell, is written 1e999 (JSON.parse
// reads it as Infinity, nlohmann refuses it).
nlohmann::json parse_book(std::string text) {
    const std::string infinity = R"("dischargingTime":1e999)";
    const auto at = text.find(infinity);
    REQUIRE(at != std::string::npos);
    return nlohmann::json::parse(text.replace(at, infinity.size(), R"("dischargingTime":"Infinity")"));
}

}  // namespace

TEST_CASE("answer_book: every generalized answer, consistent with each other") {
    NativeFacts facts;
    facts.user_agent = kHeadlessLinux;
    facts.brands = "8 Not:A-Brand\n156 Chromium\n";
    facts.screen_width = 1707;
    facts.screen_height = 960;
    facts.pixel_ratio = 2.2;
    facts.cores = 6;
    facts.memory = 16;
    const auto g = parse_book(answer_book(facts));
    CHECK(g["navigator"] == nlohmann::json::parse(R"({
        "userAgent":"Mozilla/5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        "appVersion":"5.0 (X11; Linux x86_64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/156.0.0.0 Safari/537.36",
        "platform":"Linux x86_64","vendor":"Google Inc.","maxTouchPoints":0})"));
    CHECK(g["uaData"] == nlohmann::json::parse(
                             R"({"brands":[{"brand":"Not:A-Brand","version":"8"},{"brand":"Chromium","version":"156"}],"mobile":false,"platform":"Linux"})"));
    CHECK(g["hints"] == nlohmann::json::parse(R"({"architecture":"x86","bitness":"64","formFactors":["Desktop"],
        "fullVersionList":[{"brand":"Not:A-Brand","version":"8.0.0.0"},{"brand":"Chromium","version":"156.0.0.0"}],
        "model":"","platformVersion":"","uaFullVersion":"156.0.0.0","wow64":false})"));
    CHECK(g["screen"] == nlohmann::json::parse(R"({"width":1920,"height":1080,"availWidth":1920,"availHeight":1080,
        "availLeft":0,"availTop":0,"colorDepth":24,"pixelDepth":24,"isExtended":false})"));
    CHECK(g["devicePixelRatio"] == 2);
    CHECK(g["hardwareConcurrency"] == 4);
    CHECK(g["deviceMemory"] == 8);
    CHECK(g["memoryInfo"] == nlohmann::json::parse(R"({"jsHeapSizeLimit":4294705152})"));
    CHECK(g["connection"] == nlohmann::json::parse(R"({"effectiveType":"4g","downlink":10,"rtt":50,"saveData":false})"));
    CHECK(g["battery"] == nlohmann::json::parse(R"({"charging":true,"level":1,"chargingTime":0,"dischargingTime":"Infinity"})"));

    // A phone on Windows' neighbour: Android, portrait, the phone list.
    facts.user_agent = kChromeAndroid;
    facts.brands = "99 Not?A_Brand\n130 Chromium\n130 Google Chrome";
    facts.screen_width = 393;
    facts.screen_height = 851;
    const auto a = parse_book(answer_book(facts));
    CHECK(a["navigator"]["platform"] == "Linux armv81");
    CHECK(a["uaData"]["mobile"] == true);
    CHECK(a["navigator"]["maxTouchPoints"] == 5);
    CHECK(a["uaData"]["platform"] == "Android");
    CHECK(a["hints"]["formFactors"] == nlohmann::json::parse(R"(["Mobile"])"));
    CHECK(a["hints"]["architecture"] == "arm");
    CHECK(a["hints"]["fullVersionList"][2]["version"] == "130.0.0.0");
    CHECK(a["screen"]["width"] == 393);
    CHECK(a["screen"]["height"] == 873);

    // An unknown browser: no brands, no full version.
    facts.user_agent = "curl/8.5.0";
    const auto u = parse_book(answer_book(facts));
    CHECK(u["navigator"]["userAgent"] == "Mozilla/5.0");
    CHECK(u["uaData"]["brands"].empty());
    CHECK(u["hints"]["fullVersionList"].empty());
    CHECK(u["hints"]["uaFullVersion"] == "");
}

TEST_CASE("append_gpu_adapter: WebGPU's adapter info reduced to the maker, in WebGPU's lower case") {
    using V = std::vector<std::string>;
    CHECK(gpu_adapter("nvidia", "ampere", "") == V{"nvidia", "", "", ""});
    CHECK(gpu_adapter("amd", "rdna-2", "AMD Radeon RX 6800") == V{"amd", "", "", ""});
    CHECK(gpu_adapter("intel", "gen-12lp", "") == V{"intel", "", "", ""});
    CHECK(gpu_adapter("apple", "metal-3", "") == V{"apple", "", "", ""});
    CHECK(gpu_adapter("img-tec", "rogue", "") == V{"img-tec", "", "", ""});
    CHECK(gpu_adapter("google", "swiftshader", "") == V{"google", "", "", ""});
    // No vendor: the architecture or the description may still name the maker.
    CHECK(gpu_adapter("", "", "NVIDIA GeForce RTX 3060") == V{"nvidia", "", "", ""});
    CHECK(gpu_adapter("", "adreno", "") == V{"qualcomm", "", "", ""});
    // Unknown, or a maker's name inside another word: nothing.
    CHECK(gpu_adapter("acme", "harmony", "Corporation GPU") == V{"", "", "", ""});
    CHECK(gpu_adapter("", "", "") == V{"", "", "", ""});
    // A page's spoof with quotes never reaches the output.
    CHECK(gpu_adapter("\"nvidia\"", "\\", "\"") == V{"nvidia", "", "", ""});
}

TEST_CASE("append_gpu: appends one JSON array, never the raw strings") {
    std::string out = "x";
    append_gpu(out, "Google Inc. (\"NVIDIA\")", "ANGLE (NVIDIA, \\)");
    CHECK(out == R"j(x["Google Inc. (NVIDIA)","ANGLE (NVIDIA)"])j");
}
