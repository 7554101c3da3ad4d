#include "core/device_info.hpp"

#include <cmath>
#include <initializer_list>

#include "core/json_out.hpp"
#include "core/redact/ascii.hpp"

namespace rps::device {
namespace {

using redact::ascii::is_alnum;
using redact::ascii::is_digit;
using redact::ascii::lower;

bool has(std::string_view text, const char* token) { return text.find(token) != std::string_view::npos; }

// The major version right after `token` ("Chrome/" in "Chrome/130.0.6723.91" gives 130); 0
// when absent or not a plausible version.
int major_after(std::string_view ua, std::string_view token) {
    std::size_t i = ua.find(token);
    if (i == std::string_view::npos) return 0;
    int value = 0;
    for (i += token.size(); i < ua.size() && is_digit(ua[i]) && value < 1000; ++i) value = value * 10 + (ua[i] - '0');
    return value < 1000 ? value : 0;
}

// What each OS family says of itself in the reduced forms, in the order of enum Os: the
// platform part of Chrome's reduced user agent, of Firefox's, Firefox's appVersion part,
// navigator.platform, userAgentData.platform and platformVersion.
enum Field { chromium, firefox, firefox_app, platform, ua_platform, platform_version };
constexpr const char* kOs[][6] = {
    {"", "", "", "", "", ""},
    {"Windows NT 10.0; Win64; x64", "Windows NT 10.0; Win64; x64", "Windows", "Win32", "Windows", "10.0.0"},
    {"Macintosh; Intel Mac OS X 10_15_7", "Macintosh; Intel Mac OS X 10.15", "Macintosh", "MacIntel", "macOS", "10.15.7"},
    {"X11; Linux x86_64", "X11; Linux x86_64", "X11", "Linux x86_64", "Linux", ""},
    {"Linux; Android 10; K", "Android 10", "Android 10", "Linux armv81", "Android", "10.0.0"},
    {"X11; CrOS x86_64 14541.0.0", "X11; Linux x86_64", "X11", "Linux x86_64", "Chrome OS", "14541.0.0"},
    {"", "", "", "iPhone", "iOS", ""},
};
const char* os_field(Os os, Field field) { return kOs[static_cast<int>(os)][field]; }

// The templates: %o " (<Chrome's OS part>)" when there is one, %t Chrome's OS part, %E
// Chrome's major, %M the browser's major, %m "Mobile " on phones, %x Edge's or Opera's token,
// %a "A" on Android, %f Firefox's OS part, %n its form on Android, %R its "rv:", %g its Gecko
// date, %F its appVersion part, %i the iOS device. Each starts with "Mozilla/": appVersion is
// the rest, except Firefox's.
constexpr const char* kGeneric = "Mozilla/5.0%o";
constexpr const char* kChrome =
    "Mozilla/5.0 (%t) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/%E.0.0.0 %mSafari/537.36%x";
constexpr const char* kFirefox = "Mozilla/5.0 (%f%n; rv:%R.0) Gecko/%g Firefox/%M.0";
constexpr const char* kSafariMac =
    "Mozilla/5.0 (%t) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%M.0 Safari/605.1.15";
constexpr const char* kSafariIos =
    "Mozilla/5.0 (%i %M_0 like Mac OS X) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/%M.0 Mobile/15E148 Safari/604.1";

void expand(std::string& out, const char* tpl, const UaFacts& f) {
    const bool android = f.os == Os::android;
    for (; *tpl; ++tpl) {
        if (*tpl != '%') {
            out.push_back(*tpl);
            continue;
        }
        switch (*++tpl) {
            case 'o':
                if (*os_field(f.os, chromium)) expand(out, " (%t)", f);
                break;
            case 't': out += os_field(f.os, chromium); break;
            case 'f': out += os_field(f.os, firefox); break;
            case 'F': out += os_field(f.os, firefox_app); break;
            case 'E': json_out::append_int(out, f.engine_major); break;
            case 'M': json_out::append_int(out, f.major); break;
            // Firefox 110 to 119 kept "rv:109.0"; from 120 on it follows the version again.
            case 'R': json_out::append_int(out, f.major >= 110 && f.major < 120 ? 109 : f.major); break;
            case 'm': out += f.form == Form::mobile ? "Mobile " : ""; break;
            case 'x':
                if (f.browser == Browser::edge) expand(out, " Edg%a/%M.0.0.0", f);
                if (f.browser == Browser::opera) expand(out, " OPR/%M.0.0.0", f);
                break;
            case 'a': out += android ? "A" : ""; break;
            case 'n': out += !android ? "" : f.form == Form::mobile ? "; Mobile" : "; Tablet"; break;
            case 'g': expand(out, android ? "%M.0" : "20100101", f); break;
            case 'i': out += f.form == Form::tablet ? "iPad; CPU OS" : "iPhone; CPU iPhone OS"; break;
        }
    }
}

}  // namespace

UaFacts parse_user_agent(std::string_view ua) {
    // The first token found names the OS: iOS and Android before the desktop systems their
    // user agents also name.
    static constexpr const char* kOsTokens[] = {"Windows", "CrOS",      "Android",  "iPhone", "iPod",
                                                "iPad",    "Macintosh", "Mac OS X", "Linux",  "X11"};
    static constexpr Os kOsOf[] = {Os::windows, Os::chromeos, Os::android, Os::ios,       Os::ios,
                                   Os::ios,     Os::mac,      Os::mac,     Os::gnu_linux, Os::gnu_linux};
    // The first token with a version names the browser: every Chromium browser also says
    // Chrome/, and Safari's Version/ comes last.
    static constexpr const char* kBrowserTokens[] = {"Edg/", "EdgA/", "OPR/", "Firefox/", "Chrome/", "Version/"};
    static constexpr Browser kBrowserOf[] = {Browser::edge,    Browser::edge,   Browser::opera,
                                             Browser::firefox, Browser::chrome, Browser::safari};
    UaFacts f;
    for (int i = 0; i < 10 && f.os == Os::unknown; ++i)
        if (has(ua, kOsTokens[i])) f.os = kOsOf[i];
    if (f.os == Os::android) f.form = has(ua, "Mobile") ? Form::mobile : Form::tablet;
    if (f.os == Os::ios) f.form = has(ua, "iPad") ? Form::tablet : Form::mobile;
    for (int i = 0; i < 6 && !f.major; ++i)
        if ((f.major = major_after(ua, kBrowserTokens[i]))) f.browser = kBrowserOf[i];
    const bool chromium = f.browser != Browser::firefox && f.browser != Browser::safari;
    if (chromium) f.engine_major = major_after(ua, "Chrome/");
    if (f.os == Os::ios) {
        // Every iOS browser is WebKit; each is described as Safari of the iOS version.
        f.browser = Browser::safari;
        f.major = major_after(ua, "Version/");
        if (!f.major) f.major = major_after(ua, "OS ");
    }
    if (!f.major || (chromium && f.os != Os::ios && !f.engine_major)) f.browser = Browser::unknown;
    return f;
}

bool describable(const UaFacts& f) {
    if (f.browser == Browser::unknown) return false;
    if (f.browser == Browser::safari) return f.os == Os::mac || f.os == Os::ios;
    return f.os != Os::unknown && f.os != Os::ios;
}

void append_user_agent(std::string& out, const UaFacts& f, bool app_version) {
    const char* tpl = kGeneric;
    if (describable(f)) {
        if (f.browser == Browser::firefox) tpl = app_version ? "Mozilla/5.0 (%F)" : kFirefox;
        else if (f.browser == Browser::safari) tpl = f.os == Os::mac ? kSafariMac : kSafariIos;
        else tpl = kChrome;
    }
    expand(out, app_version ? tpl + 8 : tpl, f);
}

std::string_view platform_of(const UaFacts& f) {
    return f.os == Os::ios && f.form == Form::tablet ? "iPad" : os_field(f.os, platform);
}

std::string_view vendor_of(const UaFacts& f) {
    if (!describable(f) || f.browser == Browser::firefox) return "";
    return f.browser == Browser::safari ? "Apple Computer, Inc." : "Google Inc.";
}

std::string_view ua_platform_of(const UaFacts& f) { return os_field(f.os, ua_platform); }

void append_brand_list(std::string& out, std::string_view lines, std::string_view suffix) {
    out.push_back('[');
    int count = 0;
    while (!lines.empty()) {
        std::size_t end = lines.find('\n');
        if (end == std::string_view::npos) end = lines.size();
        const std::string_view line = lines.substr(0, end);
        lines.remove_prefix(end < lines.size() ? end + 1 : end);
        std::size_t digits = 0;
        while (digits < line.size() && digits < 4 && is_digit(line[digits])) ++digits;
        // "<digits>[.more] <name>": the name starts after the first space.
        const std::size_t space = line.find(' ');
        if (!digits || space == std::string_view::npos || space + 1 == line.size() || line.size() - space > 65 || count == 8)
            continue;
        out += count++ ? ",{\"brand\":" : "{\"brand\":";
        json_out::append_string(out, line.substr(space + 1));
        out += ",\"version\":\"";
        out.append(line.substr(0, digits));
        out += suffix;
        out += "\"}";
    }
    out.push_back(']');
}

Hints generalized_hints(const UaFacts& f) {
    Hints h;
    h.architecture = f.os == Os::unknown ? "" : f.os == Os::android || f.os == Os::ios ? "arm" : "x86";
    h.form_factor = f.form == Form::mobile ? "Mobile" : f.form == Form::tablet ? "Tablet" : "Desktop";
    h.platform_version = os_field(f.os, platform_version);
    h.major = describable(f) ? f.major : 0;
    return h;
}

ScreenAnswer generalize_screen(double width, double height, const UaFacts& f) {
    // The common sizes in CSS pixels, by area: desktop (and tablet) landscape, phone portrait.
    static constexpr short kDesktop[][2] = {{1280, 720},  {1280, 800},  {1366, 768},  {1440, 900},  {1536, 864},
                                            {1600, 900},  {1680, 1050}, {1920, 1080}, {1920, 1200}, {2560, 1440},
                                            {2560, 1600}, {3440, 1440}, {3840, 2160}};
    static constexpr short kPhone[][2] = {{360, 640}, {375, 667}, {360, 800}, {375, 812}, {390, 844},
                                          {393, 873}, {414, 896}, {412, 915}, {428, 926}, {430, 932}};
    const bool phone = f.form == Form::mobile;
    const bool portrait = height > width;
    // Compared in the list's own orientation; NaN and nonsense count as 0.
    const double longer = portrait ? height : width;
    const double shorter = portrait ? width : height;
    const double along = phone ? shorter : longer;
    const double across = phone ? longer : shorter;
    const short(*s)[2] = phone ? kPhone : kDesktop;
    const short(*last)[2] = phone ? kPhone + 9 : kDesktop + 12;
    while (s != last && ((*s)[0] < along || (*s)[1] < across)) ++s;
    const int a = (*s)[0];
    const int b = (*s)[1];
    ScreenAnswer out;
    out.width = out.avail_width = portrait ? (a < b ? a : b) : (a < b ? b : a);
    out.height = portrait ? (a < b ? b : a) : (a < b ? a : b);
    // The task bar (menu bar, shelf) the OS keeps off the available height.
    out.avail_height = out.height - (f.os == Os::windows ? 40 : f.os == Os::mac ? 25 : f.os == Os::chromeos ? 48 : 0);
    return out;
}

std::string_view generalize_pixel_ratio(double ratio) {
    static constexpr double kRatios[] = {1, 1.25, 1.5, 2, 2.625, 3};
    static constexpr const char* kTexts[] = {"1", "1.25", "1.5", "2", "2.625", "3"};
    int best = 0;
    for (int i = 1; i < 6; ++i)
        if (std::fabs(kRatios[i] - ratio) < std::fabs(kRatios[best] - ratio)) best = i;
    return kTexts[best];
}

int bucket(double value) { return value >= 8 ? 8 : value >= 4 ? 4 : 2; }

double quota_bucket(double quota, double usage) {
    constexpr double kMax = 4503599627370496.0;  // 2^52: every step below is an exact double
    double q = 1;
    while (q * 2 <= quota && q < kMax) q *= 2;
    while (q < usage && q < kMax) q *= 2;
    return q;
}

namespace {

// Lower-case words, each run of them followed by the maker they name. Specific makers first:
// a Mesa driver or an ANGLE wrapper names the hardware maker too.
constexpr const char* kMakers[] = {
    "nvidia", "geforce", "quadro", "NVIDIA", "amd", "radeon", "ati", "AMD", "intel", "Intel", "apple", "Apple",
    "qualcomm", "adreno", "Qualcomm", "arm", "mali", "ARM", "powervr", "imagination", "img", "Imagination Technologies",
    "samsung", "xclipse", "Samsung", "broadcom", "videocore", "Broadcom", "google", "swiftshader", "Google",
    "microsoft", "Microsoft", "mesa", "llvmpipe", "Mesa",
};

bool has_word(std::string_view text, std::string_view word) {
    for (std::size_t i = 0; i + word.size() <= text.size(); ++i) {
        const std::size_t end = i + word.size();
        if ((i > 0 && is_alnum(text[i - 1])) || (end < text.size() && is_alnum(text[end]))) continue;
        std::size_t k = 0;
        while (k < word.size() && lower(text[i + k]) == word[k]) ++k;
        if (k == word.size()) return true;
    }
    return false;
}

// What is inside "<prefix>…)", or the whole text without that wrapper.
std::string_view inside(std::string_view text, std::string_view prefix, bool& wrapped) {
    if (text.size() <= prefix.size() || text.substr(0, prefix.size()) != prefix || text.back() != ')') return text;
    wrapped = true;
    return text.substr(prefix.size(), text.size() - prefix.size() - 1);
}

// The maker that `texts` name (the first found in kMakers' order), or null.
const char* maker_of(std::initializer_list<std::string_view> texts) {
    bool found = false;
    for (const char* entry : kMakers) {
        if (lower(*entry) != *entry) {
            if (found) return entry;  // a maker's name ends its words
            continue;
        }
        for (const std::string_view text : texts) found = found || has_word(text, entry);
    }
    return nullptr;
}

}  // namespace

void append_gpu_adapter(std::string& out, std::string_view vendor, std::string_view architecture,
                        std::string_view description) {
    out += "[\"";
    const char* maker = maker_of({vendor, architecture, description});
    // WebGPU's vendor names are the makers' in lower case, but for Imagination's "img-tec":
    // an answer no browser gives would mark the device.
    if (maker && std::string_view(maker) == "Imagination Technologies") out += "img-tec";
    else if (maker)
        for (const char* c = maker; *c; ++c) out.push_back(lower(*c));
    out += "\",\"\",\"\",\"\"]";
}

void append_gpu(std::string& out, std::string_view vendor, std::string_view renderer) {
    bool angle = false;
    // Chrome wraps the real vendor as "Google Inc. (<maker>)"; that "Google" names no GPU.
    const std::string_view v = inside(vendor, "Google Inc. (", angle);
    const std::string_view r = inside(renderer, "ANGLE (", angle);
    const char* maker = maker_of({v, r});
    // The names are plain ASCII: no JSON escaping.
    if (!maker) out += "[\"WebKit\",\"WebKit WebGL\"";
    else if (angle) out.append("[\"Google Inc. (").append(maker).append(")\",\"ANGLE (").append(maker).append(")\"");
    else out.append("[\"").append(maker).append("\",\"").append(maker).append(" GPU\"");
    out.push_back(']');
}

}  // namespace rps::device
