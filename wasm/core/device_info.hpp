// Device information a page can read (user agent and its client hints, screen, pixel ratio,
// cores, memory, GPU, storage quota) and the coarser forms the shim answers with instead.
// Pure functions on values: the engine decides which form a page gets (device_policy.hpp).
// The text answers are appended to the caller's buffer or point into static tables: the
// device book (device_book.hpp) is written in one pass, without a string per value.
//
// Generalized values are the common buckets real browsers show, and agree with each other:
// the user agent, navigator.platform / vendor / appVersion and the client hints all come from
// one UaFacts, so a reduced Chrome on Windows never claims "MacIntel".
#pragma once

#include <string>
#include <string_view>

namespace rps::device {

enum class Os { unknown, windows, mac, gnu_linux, android, chromeos, ios };
enum class Browser { unknown, chrome, edge, opera, firefox, safari };
enum class Form { desktop, mobile, tablet };

// What a user agent string says, down to the major versions only.
struct UaFacts {
    Os os = Os::unknown;
    Browser browser = Browser::unknown;  // unknown also when no major version could be read
    Form form = Form::desktop;
    int major = 0;         // the browser's own (Edg/, OPR/, Firefox/, Version/, Chrome/)
    int engine_major = 0;  // Chrome/ of the Chromium family (Opera's differs from its own)
};

UaFacts parse_user_agent(std::string_view ua);

// Whether the templates describe this browser on this OS. When they do not, the user agent is
// "Mozilla/5.0 (<os>)" and userAgentData has no brands.
bool describable(const UaFacts& facts);

// Appends the canonical reduced navigator.userAgent of the facts' browser on the facts' OS
// (Chrome's reduced user agent, with Edge's and Opera's tokens; Firefox's and Safari's own
// templates), or with `app_version` navigator.appVersion. The text needs no JSON escaping.
void append_user_agent(std::string& out, const UaFacts& facts, bool app_version);

// navigator.platform ("Win32", "MacIntel", "Linux x86_64"…), navigator.vendor and
// userAgentData.platform ("Windows", "macOS"…), from the same facts; userAgentData.mobile is
// facts.form == Form::mobile.
std::string_view platform_of(const UaFacts& facts);
std::string_view vendor_of(const UaFacts& facts);
std::string_view ua_platform_of(const UaFacts& facts);

// Appends userAgentData.brands, a JSON array, from "<version> <name>" lines: names kept,
// versions cut to the major (real ones already are), each followed by `suffix` (".0.0.0" for
// fullVersionList). A line without a version or a name, and any past the eighth, is dropped.
void append_brand_list(std::string& out, std::string_view lines, std::string_view suffix);

// getHighEntropyValues' hints that depend on the facts, generalized to agree with
// append_user_agent (bitness "64", model "" and wow64 false hold for every device).
struct Hints {
    std::string_view architecture;      // "x86" | "arm" | ""
    std::string_view form_factor;       // "Desktop" | "Mobile" | "Tablet"
    std::string_view platform_version;  // per OS family, matching the reduced user agent
    int major = 0;                      // uaFullVersion is "<major>.0.0.0"; 0: ""
};

Hints generalized_hints(const UaFacts& facts);

// screen.*: width, height and the available area; availLeft/availTop are 0, color and pixel
// depth 24.
struct ScreenAnswer {
    int width = 0;
    int height = 0;
    int avail_width = 0;
    int avail_height = 0;
};

// The smallest common resolution of the device's class (desktop and tablet, or phone) that
// covers the real size, in the real orientation; the available height is that minus the OS
// family's fixed task bar.
ScreenAnswer generalize_screen(double width, double height, const UaFacts& facts);

// devicePixelRatio: the nearest of the common ratios (1, 1.25, 1.5, 2, 2.625, 3), as its
// exact decimal text, e.g. "2.625".
std::string_view generalize_pixel_ratio(double ratio);

// hardwareConcurrency and deviceMemory: 2, 4 or 8 (the bucket at or below the real value, never
// below 2: SDKs size worker pools from the core count).
int bucket(double value);

// navigator.storage.estimate().quota: the largest power of two at or below the real quota,
// or the smallest at or above the usage if that is larger.
double quota_bucket(double quota, double usage);

// Appends [vendor, renderer], a JSON array: WEBGL_debug_renderer_info's UNMASKED_VENDOR and
// UNMASKED_RENDERER reduced to the GPU maker. ANGLE's "ANGLE (NVIDIA, NVIDIA GeForce RTX 3060
// Direct3D11 vs_5_0 ps_5_0, D3D11)" becomes "ANGLE (NVIDIA)", its vendor "Google Inc. (NVIDIA)";
// without ANGLE, "NVIDIA" and "NVIDIA GPU"; an unknown maker gets WebGL's masked "WebKit" /
// "WebKit WebGL".
void append_gpu(std::string& out, std::string_view vendor, std::string_view renderer);

// Appends [vendor, architecture, device, description], a JSON array: WebGPU's GPUAdapterInfo
// reduced to the GPU maker, as WebGPU spells vendors ("nvidia", "img-tec"; "" for an
// unknown maker). The architecture (a GPU generation), the device id and the description
// name the model: all "", which WebGPU allows for any of them.
void append_gpu_adapter(std::string& out, std::string_view vendor, std::string_view architecture,
                        std::string_view description);

}  // namespace rps::device
