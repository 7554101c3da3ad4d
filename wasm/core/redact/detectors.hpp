// Finds personal data in a byte range. Each detector checks validity (checksum, ranges,
// decoded header), not only shape, so that timestamps, SSRCs, order numbers and version
// strings pass through. One left-to-right pass: a candidate is tried only where a token can
// start (the previous byte is not an ASCII letter or digit), so a match never sits inside a
// longer run of letters/digits. Bytes >= 0x80 count as separators, so a phone number right
// after CJK text is still found.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string_view>
#include <vector>

namespace rps::redact {

enum class Detector : std::uint8_t {
    email,
    phone,
    ipv4,
    ipv6,
    mac,
    imei,
    cn_id,
    bank_card,
    uuid,
    hex_id,
    jwt,
    bearer,
    url_userinfo,
    token_param,
    latlng,
    rtc_token,
};
constexpr std::size_t kDetectorCount = 16;

using DetectorSet = std::uint32_t;
constexpr DetectorSet detector_bit(Detector d) { return DetectorSet(1) << unsigned(d); }
constexpr DetectorSet kAllDetectors = (DetectorSet(1) << kDetectorCount) - 1;
// Credentials: on for every payload whatever its policy says, and never masked or
// generalized (a rule or a policy may hash or replace them, not keep any part of them).
constexpr DetectorSet kSecretDetectors = detector_bit(Detector::jwt) | detector_bit(Detector::bearer) |
                                         detector_bit(Detector::url_userinfo) | detector_bit(Detector::token_param) |
                                         detector_bit(Detector::rtc_token);
constexpr bool is_secret_detector(Detector d) { return (kSecretDetectors & detector_bit(d)) != 0; }

struct Span {
    std::size_t begin;
    std::size_t end;
    Detector kind;
};

// Stable names used in policies, counts and the ledger ("email", "bank_card", ...).
std::string_view detector_name(Detector d);
bool detector_from_name(std::string_view name, Detector& out);

// The end of the standard-base64 run (letters, digits, '+', '/') holding `p`, remembered
// across the calls of one left-to-right scan of one text: the token candidates that start
// inside one run ("007e/007e/...": '/' ends a word, not the run) share its end, so the run
// is read once rather than once per candidate (which made such text quadratic).
class Base64RunEnds {
public:
    std::size_t end_of_run(std::string_view text, std::size_t p);
    std::size_t chars_read() const { return chars_read_; }

private:
    std::size_t start_ = 0, end_ = 0, chars_read_ = 0;
};

// `key` is the name of the field the text came from (empty for free text). It only ever
// relaxes detection: a dotted quad that is the whole value of a version-like key
// ("version", "ver", "sdkVersion", ...) is a version, not an address.
// Spans are appended in order and never overlap; for bearer tokens, URL userinfo and token
// parameters the span covers the secret only, not the "Bearer " / "scheme://" / "name=" part.
// RTC / IM access tokens (rtc_token) are recognised by their binary layout, decoded, not by
// their prefix alone: veRTC "001" + 24-character app id + base64(u16 length, message,
// u16 32, HMAC), Agora "006" + 32-hex app id + base64(u16 32, HMAC, two CRCs, u16 length,
// message), Agora "007" + base64(zlib stream), ZEGO "04" + base64(i64 expiry, u16 IV length,
// IV, u16 length, cipher text). Numbers starting "001", hex ids and other base64 stay.
// Token parameters are `name=value`, or `"name":"value"` for the strict names (stringified
// JSON in text). Not findings: a "lat,lng"-shaped pair inside a longer list of numbers
// ("0.312,0.298,0.305"), and the session id of an SDP "o=" line.
void find_spans(std::string_view text, DetectorSet enabled, std::string_view key, std::vector<Span>& out);

// The detectors that could match somewhere in `text`, from the bytes it holds (no '@': no
// email; fewer than 8 digits: no phone, card, IMEI or ID number; ...). A superset: when a
// detector is not in it, find_spans cannot report it. One cheap pass, so that the many
// short values of a telemetry event ("rtc_stats", "VP8", "ok") skip the detectors.
DetectorSet possible_detectors(std::string_view text);

// What possible_detectors() reads of a text, from one pass over it; also whether it holds
// the bytes that a value's encoding escapes with ('\\' in JSON, '%' and '+' in forms).
struct TextSummary {
    enum : std::uint16_t {
        kAt = 1, kEquals = 2, kQuote = 4, kSpace = 8, kDot = 16, kDash = 32, kColon = 64, kComma = 128,
        kBackslash = 256, kPercent = 512, kPlus = 1024,
        kFullWidth = 2048,  // 0xEF: the lead byte of full-width forms (digits, "＋", "，")
    };
    std::uint16_t classes = 0;  // the k* bits of the bytes present
    std::size_t digits = 0;
    std::size_t size = 0;
};
TextSummary summarize(std::string_view text);
DetectorSet possible_detectors(const TextSummary& summary);
// find_spans without that shortcut: the reference the tests hold the shortcut to.
void find_spans_unfiltered(std::string_view text, DetectorSet enabled, std::string_view key, std::vector<Span>& out);

bool is_version_key(std::string_view key);

// A coordinate in a field of its own ({"lat":39.904211}, lng=116.407395): `text` is one
// signed decimal with at least three decimals (about 100 m), in range for what the key's
// last word names (lat / latitude: 90; lng / lon / long / longitude: 180). Found as latlng
// when that detector is in `on`; the pair detector needs both halves in one text.
bool keyed_coordinate(std::string_view text, std::string_view key, DetectorSet on);
// A coordinate as written, "[-+]d{1,3}.d+" with |v| <= 180, read into its parts (for the
// detectors here and for generalize, operators.cpp). The fraction is required: whole numbers
// are counts, ids and phone numbers.
struct CoordinateText {
    bool negative = false;
    std::uint32_t degrees = 0;
    std::uint32_t first_decimals[3] = {0, 0, 0};
    std::size_t decimals = 0;  // how many
    bool fraction_zero = true;
};
bool read_coordinate(std::string_view text, CoordinateText& out);
// `text` is one coordinate (read_coordinate) with at least three decimals, at most `limit` degrees.
bool precise_coordinate(std::string_view text, std::uint32_t limit);
// A key whose last word names a list of coordinates: GeoJSON's "coordinates" ([lng, lat], and
// the lists of them a line or a polygon holds), coords, latlng, lnglat, latlon, lonlat, geo, gps.
bool coordinate_list_key(std::string_view key);
// A key whose last word names a place (location, position, center, point, pos, loc) and a
// JSON array `array` (from its '[') that reads as one: two or three numbers, the first two
// precise coordinates (three decimals or more, at most 180 degrees, one of them at most 90):
// "location":[116.407395,39.904211]. A list of counts or a screen position is neither.
bool coordinate_pair_value(std::string_view key, std::string_view array);

// Names whose value is a credential: token, access_token, password, signature, api_key,
// userSig (Tencent TRTC / IM), ...
// `strict` leaves out the short generic names (key, auth, sig, session) that JSON payloads
// use for ordinary data; query strings and form bodies use the full list. A bracketed form
// name is read by the part that names its value ("password[]", "user[password]").
bool is_secret_name(std::string_view name, bool strict);
// False when is_secret_name(name, true) is false, read from the name's last two letters: most
// names are settled in line, without the full test. (True says nothing.)
extern const std::array<std::uint32_t, 26> kStrictSecretEndings;  // bit (last - 'a') of [before - 'a']
bool may_be_strict_secret_name_slow(std::string_view name);
inline bool may_be_strict_secret_name(std::string_view name) {
    const std::size_t n = name.size();
    if (n >= 2) {
        // (c | 0x20) - 'a' is below 26 for letters only, either case.
        const unsigned before = unsigned((name[n - 2] | 0x20) - 'a'), last = unsigned((name[n - 1] | 0x20) - 'a');
        if (before < 26 && last < 26) return (kStrictSecretEndings[before] >> last) & 1u;
    }
    return may_be_strict_secret_name_slow(name);
}

}  // namespace rps::redact
