#include "core/device_book.hpp"

#include "core/json_out.hpp"

namespace rps::device {
namespace {

// %U %A %P %V the navigator strings, %B the brands, %b mobile, %p the userAgentData platform,
// %a %f %q %L %u the hints (architecture, form factor, platform version, fullVersionList,
// uaFullVersion), %w %h %v the screen (width, height, available height), %r the pixel ratio,
// %c %d cores and memory, %t the touch points (none on a desktop, 5 on a phone or tablet).
// performance.memory's heap limit is the one every 64-bit desktop Chrome shows. The connection is a fast one and the battery full on mains (as a
// desktop without one reports); dischargingTime is Infinity, which JSON cannot spell:
// JSON.parse reads 1e999 as Infinity.
constexpr const char* kBook =
    R"({"navigator":{"userAgent":"%U","appVersion":"%A","platform":"%P","vendor":"%V","maxTouchPoints":%t},)"
    R"("uaData":{"brands":%B,"mobile":%b,"platform":"%p"},)"
    R"("hints":{"architecture":"%a","bitness":"64","formFactors":["%f"],"fullVersionList":%L,"model":"",)"
    R"("platformVersion":"%q","uaFullVersion":"%u","wow64":false},)"
    R"("screen":{"width":%w,"height":%h,"availWidth":%w,"availHeight":%v,"availLeft":0,"availTop":0,)"
    R"("colorDepth":24,"pixelDepth":24,"isExtended":false},)"
    R"("devicePixelRatio":%r,"hardwareConcurrency":%c,"deviceMemory":%d,"memoryInfo":{"jsHeapSizeLimit":4294705152},)"
    R"("connection":{"effectiveType":"4g","downlink":10,"rtt":50,"saveData":false},)"
    R"("battery":{"charging":true,"level":1,"chargingTime":0,"dischargingTime":1e999}})";

}  // namespace

std::string answer_book(const NativeFacts& facts) {
    using json_out::append_int;
    const UaFacts ua = parse_user_agent(facts.user_agent);
    const Hints hints = generalized_hints(ua);
    const ScreenAnswer screen = generalize_screen(facts.screen_width, facts.screen_height, ua);
    // Brands only for a browser the user agent names.
    const std::string_view brands = describable(ua) ? facts.brands : std::string_view();
    std::string out;
    // Every text below is ours (templates, tables, numbers) and needs no JSON escaping, except
    // the brand names, which append_brand_list escapes.
    for (const char* p = kBook; *p; ++p) {
        if (*p != '%') {
            out.push_back(*p);
            continue;
        }
        switch (const char c = *++p) {
            case 'U':
            case 'A': append_user_agent(out, ua, c == 'A'); break;
            case 'P': out += platform_of(ua); break;
            case 'V': out += vendor_of(ua); break;
            case 'B':
            case 'L': append_brand_list(out, brands, c == 'L' ? ".0.0.0" : ""); break;
            case 'b': out += ua.form == Form::mobile ? "true" : "false"; break;
            case 't': out += ua.form == Form::desktop ? "0" : "5"; break;
            case 'p': out += ua_platform_of(ua); break;
            case 'a': out += hints.architecture; break;
            case 'f': out += hints.form_factor; break;
            case 'q': out += hints.platform_version; break;
            case 'u':
                if (hints.major) {
                    append_int(out, hints.major);
                    out += ".0.0.0";
                }
                break;
            case 'w': append_int(out, screen.width); break;
            case 'h': append_int(out, screen.height); break;
            case 'v': append_int(out, screen.avail_height); break;
            case 'r': out += generalize_pixel_ratio(facts.pixel_ratio); break;
            case 'c': append_int(out, bucket(facts.cores)); break;
            case 'd': append_int(out, bucket(facts.memory)); break;
        }
    }
    return out;
}

}  // namespace rps::device
