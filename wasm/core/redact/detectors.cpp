#include "core/redact/detectors.hpp"

#include <algorithm>
#include <array>

#include "core/compress/compressed.hpp"
#include "core/redact/ascii.hpp"
#include "core/redact/checksums.hpp"
#include "core/redact/net_address.hpp"
#include "core/utf8.hpp"

namespace rps::redact {
namespace {

using namespace ascii;

constexpr std::string_view kNames[kDetectorCount] = {
    "email", "phone", "ipv4",   "ipv6", "mac",    "imei",         "cn_id",       "bank_card",
    "uuid",  "hex_id", "jwt",   "bearer", "url_userinfo", "token_param", "latlng", "rtc_token",
};

struct Match {
    std::size_t begin = 0;
    std::size_t end = 0;  // 0: nothing matched at this position
    Detector kind = Detector::email;
    bool emit = true;  // false: recognised as not personal (a version), skipped over whole
};

inline char at(std::string_view s, std::size_t i) { return i < s.size() ? s[i] : '\0'; }

// The byte after a match must not extend it into a longer word.
inline bool word_ends(std::string_view s, std::size_t e) { return e >= s.size() || !is_alnum(s[e]); }

// Numbers additionally must not continue as a decimal or dotted run ("13800138000.5").
inline bool number_ends(std::string_view s, std::size_t e) {
    return word_ends(s, e) && !(at(s, e) == '.' && is_digit(at(s, e + 1)));
}

inline bool enabled_has(DetectorSet set, Detector d) { return (set & detector_bit(d)) != 0; }

std::size_t digits_from(std::string_view s, std::size_t p) {
    std::size_t q = p;
    while (q < s.size() && is_digit(s[q])) ++q;
    return q - p;
}

// ---- email -----------------------------------------------------------------------------

bool email_local_char(char c) { return is_alnum(c) || c == '.' || c == '_' || c == '%' || c == '+' || c == '-'; }

// A letter of another script in an address (josé@, münchen.de, 用户@例子.中国): the length of
// the UTF-8 character at p; 0 for ASCII, a malformed sequence, and the punctuation and spaces
// that end words in running text (U+0080..U+00BF: no-break space, «, »; U+2000..U+207F:
// general punctuation, zero-width spaces; U+3000..U+303F: CJK punctuation, "。"; U+FE00..U+FE6F:
// variation selectors, vertical and small forms; U+FEFF: the byte order mark; U+FF00..U+FF65:
// full-width forms, "，", "：", "＠").
std::size_t address_letter(std::string_view s, std::size_t p) {
    const std::size_t n = utf8_sequence(s, p);
    if (n < 2) return 0;
    const auto byte = [&](std::size_t k) { return static_cast<unsigned char>(s[p + k]); };
    if (byte(0) == 0xC2 || (byte(0) == 0xE2 && byte(1) <= 0x81) || (byte(0) == 0xE3 && byte(1) == 0x80) ||
        (byte(0) == 0xEF && (byte(1) == 0xB8 || byte(1) == 0xB9 || (byte(1) == 0xBB && byte(2) == 0xBF) ||
                             byte(1) == 0xBC || (byte(1) == 0xBD && byte(2) <= 0xA5))))
        return 0;
    return n;
}

// The character that ends right before p is such a letter: p is inside a word.
bool after_address_letter(std::string_view s, std::size_t p) {
    std::size_t k = p;
    while (k > 0 && p - k < 4 && (static_cast<unsigned char>(s[k - 1]) & 0xC0) == 0x80) --k;
    return k > 0 && k < p && address_letter(s, k - 1) == p - k + 1;
}

// A top-level domain: ASCII letters, an IDN's ACE form (xn--), or letters of another script
// only (中国, рф).
bool tld_ok(std::string_view label) {
    if (label.size() >= 4 && label.substr(0, 4) == "xn--") return true;
    if (label.size() < 2) return false;
    const bool ascii = static_cast<unsigned char>(label[0]) < 0x80;
    for (char c : label)
        if (ascii ? !is_alpha(c) : static_cast<unsigned char>(c) < 0x80) return false;
    return true;
}

Match match_email(std::string_view s, std::size_t i) {
    std::size_t p = i;
    while (p < s.size() && p - i <= 64) {
        if (email_local_char(s[p])) {
            ++p;
        } else if (const std::size_t n = address_letter(s, p)) {
            p += n;
        } else {
            break;
        }
    }
    if (p >= s.size() || s[p] != '@' || p == i || p - i > 64) return {};
    std::string_view local = s.substr(i, p - i);
    if (local.back() == '.' || local.find("..") != std::string_view::npos) return {};
    std::size_t q = p + 1, good = 0;
    int labels = 0;
    while (q - p <= 254) {
        const std::size_t ls = q;
        std::size_t ascii_end = 0;  // where a letter of another script first follows ASCII in the label
        while (q < s.size()) {
            if (is_alnum(s[q]) || s[q] == '-') {
                ++q;
            } else if (const std::size_t n = address_letter(s, q)) {
                if (!ascii_end) ascii_end = q;
                q += n;
            } else {
                break;
            }
        }
        const std::size_t len = q - ls;
        if (len == 0 || len > 63 || s[ls] == '-' || s[q - 1] == '-') break;
        ++labels;
        if (labels >= 2 && tld_ok(s.substr(ls, len))) {
            good = q;
        } else if (labels >= 2 && ascii_end > ls && tld_ok(s.substr(ls, ascii_end - ls))) {
            // "x@example.com谢谢": the address ends where the running text goes on.
            good = ascii_end;
            break;
        }
        if (at(s, q) == '.' && (is_alnum(at(s, q + 1)) || address_letter(s, q + 1))) {
            ++q;
            continue;
        }
        break;
    }
    if (good == 0 || !word_ends(s, good)) return {};
    return {i, good, Detector::email};
}

// Words that say, in Chinese or Japanese running text, that an address follows ("邮箱",
// "联系人", "メール"). Glued to the address (CJK text has no spaces), they are not its local
// part; nor is one joining word after them ("邮箱是", "发邮件到", "联系我").
constexpr std::string_view kAddressLabels[] = {
    "邮箱", "邮件", "电邮", "信箱", "邮址", "地址", "账号", "帐号", "账户", "帐户", "用户", "联系",
    "联系人", "收件人", "发件人", "发送", "发给", "抄送", "回复", "转发", "号", "メール", "アドレス", "宛先",
};
constexpr std::string_view kLabelJoiners[] = {"是", "为", "到", "至", "给", "我"};

// Where the local part starts after the last label word in [b, e), short of the '@' at `at`
// (a local part is never empty: "用户@例子.中国" is an address named 用户); npos when no label.
std::size_t after_last_label(std::string_view s, std::size_t b, std::size_t e, std::size_t at) {
    std::size_t start = std::string_view::npos;
    for (std::size_t p = b; p < e; p += std::max<std::size_t>(1, utf8_sequence(s, p))) {
        for (std::string_view label : kAddressLabels) {
            std::size_t end = p + label.size();
            if (end > e || end >= at || !has_at(s, p, label)) continue;
            for (std::string_view joiner : kLabelJoiners)
                if (end + joiner.size() < at && has_at(s, end, joiner)) end += joiner.size();
            if (start == std::string_view::npos || end > start) start = end;
        }
    }
    return start;
}

// Back from `from` over an address's local-part characters and letters of other scripts, no
// further than `floor` (what was already redacted) nor 64 bytes before the '@' at `at`.
// `capped`: the run of letters goes on past that limit.
std::size_t local_run_start(std::string_view s, std::size_t from, std::size_t at, std::size_t floor, bool& capped) {
    std::size_t b = from;
    capped = false;
    while (b > floor) {
        std::size_t lead = b - 1;
        while (lead > floor && b - lead < 4 && (static_cast<unsigned char>(s[lead]) & 0xC0) == 0x80) --lead;
        const bool letter = email_local_char(s[b - 1]) ? lead == b - 1 : address_letter(s, lead) == b - lead;
        if (!letter) break;
        if (at - lead > 64) {
            capped = true;
            break;
        }
        b = lead;
    }
    return b;
}

// The start of an address whose local part, found so far from `from` (its '@' at `at`), has
// letters of another script glued before it. A local part of those letters only ("张伟@",
// "请发邮件到张伟@") starts after the last label word, else where the run starts (at most 64
// bytes before the '@'). Before an ASCII local part, the letters after the last label word
// are a name only when they are few ("张伟53@", "联系人张伟53@"; not a sentence glued to it).
std::size_t glued_local_start(std::string_view s, std::size_t from, std::size_t at, std::size_t floor) {
    bool capped = false;
    const std::size_t b = local_run_start(s, from, at, floor, capped);
    const std::size_t labelled = after_last_label(s, b, from, at);
    const std::size_t start = labelled != std::string_view::npos ? labelled : b;
    if (from == at) return start;
    std::size_t letters = 0;
    for (std::size_t p = start; p < from; ++p) letters += static_cast<unsigned char>(s[p]) >= 0xC0;
    return (capped && start == b) || letters > 4 ? from : start;
}

// ---- numbers: phone, resident id, IMEI, bank card -------------------------------------

bool cn_mobile_head(std::string_view s, std::size_t p) {
    return at(s, p) == '1' && at(s, p + 1) >= '3' && at(s, p + 1) <= '9';
}

// 1[3-9]x xxxx xxxx, contiguous or grouped 3-4-4 with one separator (space or dash).
std::size_t match_cn_mobile(std::string_view s, std::size_t p) {
    if (!cn_mobile_head(s, p)) return 0;
    std::size_t run = digits_from(s, p);
    if (run == 11) return number_ends(s, p + 11) ? 11 : 0;
    if (run != 3) return 0;
    char sep = at(s, p + 3);
    if (sep != ' ' && sep != '-') return 0;
    if (digits_from(s, p + 4) != 4 || at(s, p + 8) != sep || digits_from(s, p + 9) != 4) return 0;
    return number_ends(s, p + 13) ? 13 : 0;
}

// After "+86" / "0086": an optional separator, then a CN mobile number.
Match match_cn_prefixed(std::string_view s, std::size_t i, std::size_t prefix_len) {
    std::size_t p = i + prefix_len;
    if (at(s, p) == ' ' || at(s, p) == '-') ++p;
    std::size_t len = match_cn_mobile(s, p);
    if (len == 0) return {};
    return {i, p + len, Detector::phone};
}

bool card_prefix_ok(char first) { return first >= '2' && first <= '6'; }

// Mobile numbers of other countries written whole from the trunk prefix 0, by their mobile
// ranges: Japan 070/080/090, Korea 010, the UK 07, Germany 015-017 (11 digits); France
// 06/07, Australia 04 (10 digits). Only those ranges: a run of 10 or 11 digits from 0 is
// otherwise no more a number than an id.
bool trunk_mobile(std::string_view d) {
    if (d.size() < 10 || d[0] != '0') return false;
    const char a = d[1], b = d[2];
    if (d.size() == 10) return a == '4' || a == '6' || a == '7';
    if (d.size() != 11) return false;
    if (a == '1') return b == '0' || (b >= '5' && b <= '7');
    return a == '7' || ((a == '8' || a == '9') && b == '0');
}

Match classify_digit_run(std::size_t i, std::string_view digits, std::size_t end) {
    std::size_t L = digits.size();
    if ((L == 11 && cn_mobile_head(digits, 0)) || trunk_mobile(digits)) return {i, end, Detector::phone};
    // 86 and a mobile number: "+86" written without its '+'.
    if (L == 13 && digits[0] == '8' && digits[1] == '6' && cn_mobile_head(digits, 2)) return {i, end, Detector::phone};
    if (L == 18 && cn_resident_id_valid(digits)) return {i, end, Detector::cn_id};
    // 15 digits: a Luhn pass is stronger evidence (1 in 10 by chance) than a plausible birth
    // date, so IMEIs win over legacy IDs; American Express (34/37) is the 15-digit card.
    if (L == 15 && luhn_valid(digits) && !(digits[0] == '3' && (digits[1] == '4' || digits[1] == '7')))
        return {i, end, Detector::imei};
    if (L == 15 && cn_resident_id_valid(digits)) return {i, end, Detector::cn_id};
    // Millisecond timestamps (13 digits from 1...) and microsecond ones (16) start with 1,
    // which no payment-card network uses.
    if (L >= 13 && L <= 19 && card_prefix_ok(digits[0]) && luhn_valid(digits)) return {i, end, Detector::bank_card};
    return {};
}

// "+1 415 555 2671", "+44 20-7946-0958", "+33 6.12.34.56.78", "+44 7700900123": a country
// code of 1 to 3 digits (not from 0) and a separator, then groups of digits joined by
// spaces and dashes, or by dots, 8 to 15 digits in all (E.164).
bool phone_separator(char c) { return c == ' ' || c == '-' || c == '.'; }

// The bytes of an opening parenthesis ending right before p, "(" or the full-width "（" that
// Chinese text writes (0: none), and of a closing one at p.
std::size_t open_paren_before(std::string_view s, std::size_t p) {
    if (p >= 1 && s[p - 1] == '(') return 1;
    return p >= 3 && has_at(s, p - 3, "\xEF\xBC\x88") ? 3 : 0;
}

std::size_t close_paren_at(std::string_view s, std::size_t p) {
    if (at(s, p) == ')') return 1;
    return has_at(s, p, "\xEF\xBC\x89") ? 3 : 0;
}

// `prefix` bytes of international prefix start at i: "+", or "00" as dialled in Europe and
// Asia ("0044 20 7946 0958").
Match match_grouped_international(std::string_view s, std::size_t i, std::size_t prefix) {
    const std::size_t code = digits_from(s, i + prefix);
    // "(+86) 138 0013 8000", "（+86）13800138000": the country code in parentheses, the match
    // from the opening one.
    const std::size_t opened = open_paren_before(s, i);
    const std::size_t closed = opened ? close_paren_at(s, i + prefix + code) : 0;
    if (code == 0 || code > 3 || s[i + prefix] == '0' || !(closed || phone_separator(at(s, i + prefix + code))))
        return {};
    std::size_t q = i + prefix + code + (closed ? closed : 1), total = code;
    if (closed && at(s, q) == ' ') ++q;
    // "+44 (0)20 7946 0958", "+1 (415) 555-2671": the national trunk prefix (not dialled from
    // abroad, so not counted) or the area code in parentheses, then a space or nothing.
    if (at(s, q) == '(') {
        const std::size_t g = digits_from(s, q + 1);
        if (g == 0 || g > 4 || at(s, q + 1 + g) != ')') return {};
        if (g > 1 || s[q + 1] != '0') total += g;
        q += g + 2;
        if (at(s, q) == ' ') ++q;
    } else if (prefix == 2 && at(s, q) == '0') {
        // After 00 a number from 0 is a zero-padded counter ("0015 0026 0031").
        return {};
    }
    // Then groups: spaces and dashes mix, as many write them ("+7 912 345-67-89",
    // "+55 11 91234-5678"), dots go with dots only. The number ends at the last group that
    // keeps it within 15 digits: "+44 7700 900123 300 200" is a number and counts after it,
    // not no number at all.
    const auto kind_of = [](char c) { return c == '.' ? '.' : c == ' ' || c == '-' ? ' ' : 0; };
    char kind = 0;
    std::size_t end = 0;
    for (;;) {
        const std::size_t g = digits_from(s, q);
        if (g == 0 || g > 14 || total + g > 15) break;
        total += g;
        q += g;
        if (is_alnum(at(s, q))) return {};  // glued to a word: "+1 415 555 2671x"
        if (total >= 8 && number_ends(s, q)) end = q;
        const char c = kind_of(at(s, q));
        if (!kind) kind = c;
        if (!c || c != kind || !is_digit(at(s, q + 1))) break;
        ++q;
    }
    if (!end) return {};
    return {closed ? i - opened : i, end, Detector::phone};
}

// A national number written with its area code set apart, the way people write them:
// China's landlines, 0 and a 2- or 3-digit area code (010, 02x, 0[3-9]xx), then 7 or 8
// digits from 2 ("010-62345678", "0755 8601 3388", "(021)61234567"); North American ones,
// [2-9]dd area and exchange codes, then 4 digits ("415-555-2671", "415.555.2671",
// "(415) 555-2671", "1-800-555-0199"; parentheses full-width too, "（010）62345678").
// Without parentheses, CN numbers take a space or a dash, North American ones a dash or a
// dot, and one kind throughout: "300 299 1200", a list of counts, is not a number. `run`
// digits start at i; after "(" the match starts there.
Match match_area_coded(std::string_view s, std::size_t i, std::size_t run) {
    const std::size_t opened = open_paren_before(s, i);
    const std::size_t closed = opened ? close_paren_at(s, i + run) : 0;
    const bool paren = closed != 0;
    const char sep = paren ? 0 : at(s, i + run);
    std::size_t p = i + run + (paren ? closed : 1);
    if (paren && at(s, p) == ' ') ++p;
    const auto ends = [&](std::size_t e) {
        return number_ends(s, e) ? Match{paren ? i - opened : i, e, Detector::phone} : Match{};
    };
    if (s[i] == '0') {
        const bool area =
            run == 3 ? (s[i + 1] == '1' && s[i + 2] == '0') || s[i + 1] == '2' : run == 4 && s[i + 1] >= '3';
        if (!area || !(paren || sep == ' ' || sep == '-') || at(s, p) < '2') return {};
        const std::size_t g = digits_from(s, p);
        if (g == 7 || g == 8) return ends(p + g);
        const char inner = at(s, p + 4);
        if (g == 4 && (inner == ' ' || inner == '-') && (paren || inner == sep) && digits_from(s, p + 5) == 4)
            return ends(p + 9);
        return {};
    }
    if (run == 1 && s[i] == '1' && (sep == '-' || sep == '.') && digits_from(s, p) == 3 && at(s, p + 3) == sep) {
        const Match m = match_area_coded(s, p, 3);
        return m.end ? Match{i, m.end, Detector::phone} : Match{};
    }
    if (run != 3 || s[i] < '2' || !(paren || sep == '-' || sep == '.')) return {};
    const char inner = at(s, p + 3);
    if (digits_from(s, p) != 3 || at(s, p) < '2' || !(paren ? phone_separator(inner) : inner == sep)) return {};
    return digits_from(s, p + 4) == 4 ? ends(p + 8) : Match{};
}

// Other countries' national numbers, written from the trunk prefix 0 with their groups set
// apart: "03-1234-5678", "090-1234-5678" (Japan), "02-1234-5678", "010-1234-5678" (Korea),
// "0161 496 0123", "07700 900123" (UK), "030 23456789" (Germany), "06 12 34 56 78",
// "01.23.45.67.89" (France), "(02) 9876 5432", "0412 345 678" (Australia). 0 and 1 to 4 more
// digits, then groups of 2 to 8 digits joined by one kind of separator (space, dash, dot),
// the first not from 0 (but in France's five pairs, "06 02 24 83 01"), 10 to 12 digits in
// all: zero-padded counters ("010-019-011", "015 026 031") are not numbers, and neither is
// Seoul's older 9-digit form, "02-123-4567".
// A single group after the trunk group is weaker evidence: it takes a space or a dash and
// starts from 2, as subscriber numbers do ("021-12345678", a counter perhaps, and
// "0755.86013388" are not numbers). `run` digits start at i.
Match match_trunk_national(std::string_view s, std::size_t i, std::size_t run) {
    const std::size_t opened = open_paren_before(s, i);
    const std::size_t closed = opened ? close_paren_at(s, i + run) : 0;
    std::size_t q = i + run, total = run, groups = 1;
    char sep = 0;
    if (closed) {
        q += closed;
        if (at(s, q) == ' ') ++q;
    } else if (phone_separator(at(s, q))) {
        sep = s[q++];
    } else {
        return {};
    }
    const char subscriber = at(s, q);
    std::size_t end = q;
    bool pairs = run == 2;
    for (std::size_t g = digits_from(s, q); g >= 2 && g <= 8; g = digits_from(s, q)) {
        total += g;
        ++groups;
        pairs = pairs && g == 2;
        end = q += g;
        if (!sep && phone_separator(at(s, q))) sep = s[q];
        if (!sep || at(s, q) != sep || !is_digit(at(s, q + 1))) break;
        ++q;
    }
    // The groups go on in a shape no number has ("03-1234-5678-9").
    if (groups < 2 || (sep && at(s, end) == sep && is_digit(at(s, end + 1)))) return {};
    if (subscriber == '0' && !(pairs && groups == 5)) return {};
    if (groups == 2 && !(subscriber >= '2' && (closed || sep == ' ' || sep == '-'))) return {};
    if (total < 10 || total > 12 || !number_ends(s, end)) return {};
    return {closed ? i - opened : i, end, Detector::phone};
}

// Russia's and Kazakhstan's national numbers, dialled from the trunk prefix 8 and written in
// their 3-2-2 layout: "8 (912) 345-67-89", "8-912-345-67-89", "8 912 345-67-89". The area
// code in parentheses or a dash among the groups: "8 400 300 20 10" is a list of counts.
Match match_trunk_eight(std::string_view s, std::size_t i) {
    const auto separator = [&](std::size_t p) { return at(s, p) == ' ' || at(s, p) == '-'; };
    std::size_t q = i + 1;
    if (separator(q)) ++q;
    const bool paren = at(s, q) == '(';
    if (paren) {
        ++q;
    } else if (q == i + 1) {
        return {};
    }
    if (digits_from(s, q) != 3 || s[q] < '3') return {};
    q += 3;
    if (paren) {
        if (at(s, q) != ')') return {};
        ++q;
    }
    bool dash = false;
    for (const std::size_t group : {3, 2, 2}) {
        if (separator(q)) {
            dash = dash || s[q] == '-';
            ++q;
        } else if (!(paren && group == 3)) {
            return {};
        }
        if (digits_from(s, q) != group) return {};
        q += group;
    }
    if (!(paren || dash) || !number_ends(s, q)) return {};
    return {i, q, Detector::phone};
}

Match match_number(std::string_view s, std::size_t i) {
    if (s[i] == '+') {
        if (has_at(s, i, "+86")) {
            Match m = match_cn_prefixed(s, i, 3);
            if (m.end) return m;
        }
        std::size_t run = digits_from(s, i + 1);
        if (run >= 8 && run <= 15 && at(s, i + 1) != '0' && number_ends(s, i + 1 + run))
            return {i, i + 1 + run, Detector::phone};
        return match_grouped_international(s, i, 1);
    }
    if (has_at(s, i, "0086")) {
        Match m = match_cn_prefixed(s, i, 4);
        if (m.end) return m;
    }
    std::size_t run = digits_from(s, i);
    std::size_t p = i + run;
    if (run >= 3 && run <= 5 && has_at(s, i, "00")) {
        const Match m = match_grouped_international(s, i, 2);
        if (m.end) return m;
    }

    // Grouped forms: "138 0013 8000", "110105 19491231 002X", "4111 1111 1111 1111".
    char sep = at(s, p);
    if ((sep == ' ' || sep == '-') && is_digit(at(s, p + 1))) {
        std::size_t len = match_cn_mobile(s, i);
        if (len) return {i, i + len, Detector::phone};
        std::array<std::size_t, 6> ends{};
        std::array<std::size_t, 6> lens{};
        char buf[24];
        std::size_t nbuf = 0;
        int groups = 0;
        std::size_t q = i;
        for (;;) {
            std::size_t g = digits_from(s, q);
            if (g == 0 || nbuf + g > 19) break;
            for (std::size_t k = 0; k < g; ++k) buf[nbuf++] = s[q + k];
            lens[groups] = g;
            ends[groups] = q + g;
            ++groups;
            q += g;
            if (groups == 6 || at(s, q) != sep || !is_digit(at(s, q + 1))) break;
            ++q;
        }
        // Resident ID printed 6-8-4 (the last group may be 3 digits + X).
        if (groups >= 3 && lens[0] == 6 && lens[1] == 8) {
            std::size_t e = ends[1] + 1;
            std::size_t g = digits_from(s, e);
            char id[18];
            bool shaped = false;
            if (g == 4 && number_ends(s, e + 4)) {
                shaped = true;
            } else if (g == 3 && (at(s, e + 3) == 'X' || at(s, e + 3) == 'x') && word_ends(s, e + 4)) {
                shaped = true;
            }
            if (shaped) {
                for (int k = 0; k < 14; ++k) id[k] = buf[k];
                for (int k = 0; k < 4; ++k) id[14 + k] = s[e + std::size_t(k)];
                if (cn_resident_id_valid(std::string_view(id, 18))) return {i, e + 4, Detector::cn_id};
            }
        }
        if (lens[0] == 4 && card_prefix_ok(buf[0])) {
            std::size_t total = 0;
            for (int k = 0; k < groups; ++k) total += lens[k];
            for (int k = groups; k >= 3; --k) {
                bool sizes_ok = true;
                for (int j = 0; j < k; ++j) sizes_ok = sizes_ok && lens[j] >= 3 && lens[j] <= 6;
                if (sizes_ok && total >= 13 && total <= 19 && number_ends(s, ends[k - 1]) &&
                    luhn_valid(std::string_view(buf, total)))
                    return {i, ends[k - 1], Detector::bank_card};
                total -= lens[k - 1];
            }
        }
    }

    if (run == 1 && s[i] == '8') {
        const Match m = match_trunk_eight(s, i);
        if (m.end) return m;
    }
    if (run == 1 || run == 3 || run == 4) {
        const Match m = match_area_coded(s, i, run);
        if (m.end) return m;
    }
    if (run >= 2 && run <= 5 && s[i] == '0' && s[i + 1] != '0') {
        const Match m = match_trunk_national(s, i, run);
        if (m.end) return m;
    }
    if (run == 17 && (at(s, p) == 'X' || at(s, p) == 'x') && word_ends(s, p + 1)) {
        if (cn_resident_id_valid(s.substr(i, 18))) return {i, p + 1, Detector::cn_id};
        return {};
    }
    if (!number_ends(s, p)) return {};
    return classify_digit_run(i, s.substr(i, run), p);
}

// Numbers as a Chinese input method types them: full-width digits (U+FF10..U+FF19, three
// bytes each in UTF-8: EF BC 90..99), read as the ASCII digits they stand for and told apart
// as a run of ASCII digits is (classify_digit_run); "＋" (U+FF0B) before them makes them an
// international number (8 to 15 digits, not from 0), "Ｘ", "ｘ" or an ASCII X after 17 of
// them a resident ID's check character.
bool fullwidth_digit_at(std::string_view s, std::size_t p) {
    return p + 2 < s.size() && s[p] == '\xEF' && s[p + 1] == '\xBC' &&
           unsigned(static_cast<unsigned char>(s[p + 2]) - 0x90) < 10;
}

Match match_fullwidth_number(std::string_view s, std::size_t i) {
    std::size_t p = i;
    const bool plus = has_at(s, p, "\xEF\xBC\x8B");
    if (plus) p += 3;
    char digits[18];
    std::size_t n = 0;
    for (; fullwidth_digit_at(s, p); p += 3) {
        if (n == sizeof digits) return {};
        digits[n++] = char('0' + (static_cast<unsigned char>(s[p + 2]) - 0x90));
    }
    if (n == 17 && !plus) {
        const std::size_t x = has_at(s, p, "\xEF\xBC\xB8") || has_at(s, p, "\xEF\xBD\x98") ? 3
                              : at(s, p) == 'X' || at(s, p) == 'x'                          ? 1
                                                                                             : 0;
        if (x) {
            digits[17] = 'X';
            const bool id = word_ends(s, p + x) && cn_resident_id_valid(std::string_view(digits, 18));
            return id ? Match{i, p + x, Detector::cn_id} : Match{};
        }
    }
    if (is_alnum(at(s, p))) return {};
    if (plus) return n >= 8 && n <= 15 && digits[0] != '0' ? Match{i, p, Detector::phone} : Match{};
    return classify_digit_run(i, std::string_view(digits, n), p);
}

// ---- coordinates ----------------------------------------------------------------------

// -?d{1,3}.d{3,12}; returns the length, the value in `out`.
std::size_t match_coordinate(std::string_view s, std::size_t p, double& out) {
    std::size_t q = p;
    bool neg = at(s, q) == '-';
    if (neg) ++q;
    std::size_t ip = digits_from(s, q);
    if (ip == 0 || ip > 3 || at(s, q + ip) != '.') return 0;
    std::size_t fp = digits_from(s, q + ip + 1);
    if (fp < 3 || fp > 12) return 0;
    double v = 0;
    for (std::size_t k = 0; k < ip; ++k) v = v * 10 + (s[q + k] - '0');
    double scale = 0.1;
    for (std::size_t k = 0; k < fp; ++k, scale /= 10) v += (s[q + ip + 1 + k] - '0') * scale;
    out = neg ? -v : v;
    return (q - p) + ip + 1 + fp;
}

// "<number>," right before `i`, optionally with one space after the comma.
bool list_item_before(std::string_view s, std::size_t i) {
    std::size_t k = i;
    if (k >= 1 && s[k - 1] == ' ') --k;
    return k >= 2 && s[k - 1] == ',' && is_digit(s[k - 2]);
}

// ",<number>" at `e`, optionally with one space after the comma.
bool list_item_after(std::string_view s, std::size_t e) {
    if (at(s, e) != ',') return false;
    std::size_t p = e + 1;
    if (at(s, p) == ' ') ++p;
    if (at(s, p) == '-') ++p;
    return is_digit(at(s, p));
}

std::uint32_t coordinate_limit(std::string_view key);  // below, with the keyed coordinates

// One coordinate after its name in running text, as log lines write them: "lat=39.904200",
// "lng: 116.407396", a JSON object inside a log line ("{\"latitude\":31.230416,…}"). The
// name is read back from the number at i: a quote perhaps, '=' or ':' (spaces around), a
// quote perhaps, then the name, judged as a member's name is (coordinate_limit).
Match match_named_coordinate(std::string_view s, std::size_t i) {
    std::size_t p = i;
    const auto skip_back = [&](bool quote) {
        while (p > 0 && (s[p - 1] == ' ' || (quote && (s[p - 1] == '"' || s[p - 1] == '\'')))) --p;
    };
    skip_back(true);
    if (p == 0 || (s[p - 1] != '=' && s[p - 1] != ':')) return {};
    --p;
    skip_back(true);
    const std::size_t name_end = p;
    while (p > 0 && name_end - p < 64 && (is_alnum(s[p - 1]) || s[p - 1] == '_' || s[p - 1] == '-')) --p;
    if (p == name_end || name_end - p >= 64) return {};
    const std::uint32_t limit = coordinate_limit(s.substr(p, name_end - p));
    if (limit == 0) return {};
    std::size_t e = i + (s[i] == '-' || s[i] == '+');
    e += digits_from(s, e);
    if (at(s, e) != '.') return {};
    e += 1 + digits_from(s, e + 1);
    if (!number_ends(s, e) || !precise_coordinate(s.substr(i, e - i), limit)) return {};
    return {i, e, Detector::latlng};
}

Match match_latlng(std::string_view s, std::size_t i) {
    double lat = 0, lon = 0;
    // Three or more comma-separated decimals ("0.312,0.298,0.305": audio levels, scores)
    // are a list, and no pair inside a list is a position.
    if (list_item_before(s, i)) return {};
    std::size_t a = match_coordinate(s, i, lat);
    if (a == 0 || at(s, i + a) != ',') return {};
    std::size_t p = i + a + 1;
    if (at(s, p) == ' ') ++p;
    std::size_t b = match_coordinate(s, p, lon);
    if (b == 0 || !number_ends(s, p + b) || at(s, p + b) == '.' || list_item_after(s, p + b)) return {};
    if (lat < -90 || lat > 90 || lon < -180 || lon > 180) return {};
    return {i, p + b, Detector::latlng};
}

// ---- hex identifiers ------------------------------------------------------------------

Match match_uuid(std::string_view s, std::size_t i) {
    static constexpr std::size_t kGroups[] = {8, 4, 4, 4, 12};
    std::size_t p = i;
    bool all_zero = true, all_f = true;
    for (int g = 0; g < 5; ++g) {
        if (g > 0) {
            if (at(s, p) != '-') return {};
            ++p;
        }
        for (std::size_t k = 0; k < kGroups[g]; ++k, ++p) {
            char c = at(s, p);
            if (!is_hex(c)) return {};
            all_zero = all_zero && c == '0';
            all_f = all_f && lower(c) == 'f';
        }
    }
    if (!word_ends(s, p) || all_zero || all_f) return {};
    return {i, p, Detector::uuid};
}

Match match_hex_id(std::string_view s, std::size_t i) {
    std::size_t p = i;
    bool digit = false, letter = false;
    while (p < s.size() && is_hex(s[p])) {
        (is_digit(s[p]) ? digit : letter) = true;
        ++p;
    }
    if (p - i < 32 || !digit || !letter || !word_ends(s, p)) return {};
    return {i, p, Detector::hex_id};
}

// ---- tokens ---------------------------------------------------------------------------

// A base64 digit's value, -1 for a byte outside the alphabet: the URL-safe one ('-', '_')
// for JWTs, the standard one ('+', '/') for RTC tokens.
int base64_value(char c, bool url_safe) {
    if (c >= 'A' && c <= 'Z') return c - 'A';
    if (c >= 'a' && c <= 'z') return c - 'a' + 26;
    if (is_digit(c)) return c - '0' + 52;
    if (c == (url_safe ? '-' : '+')) return 62;
    if (c == (url_safe ? '_' : '/')) return 63;
    return -1;
}

// Decodes base64 digits (all in the alphabet) into at most `cap` bytes; returns how many.
std::size_t decode_base64(std::string_view digits, bool url_safe, std::uint8_t* out, std::size_t cap) {
    unsigned acc = 0;
    int bits = 0;
    std::size_t n = 0;
    for (std::size_t k = 0; k < digits.size() && n < cap; ++k) {
        acc = (acc << 6) | unsigned(base64_value(digits[k], url_safe));
        bits += 6;
        if (bits >= 8) {
            bits -= 8;
            out[n++] = std::uint8_t((acc >> bits) & 0xff);
        }
    }
    return n;
}

// A JOSE header always names its algorithm, so decode it and look for "alg" rather than
// trusting the "eyJ" prefix alone.
bool jwt_header_ok(std::string_view part) {
    std::uint8_t buf[400];
    const std::size_t n = decode_base64(part, true, buf, sizeof buf);
    std::string_view header(reinterpret_cast<const char*>(buf), n);
    return !header.empty() && header[0] == '{' && header.find("\"alg\"") != std::string_view::npos;
}

// The header part is read at most this far. JOSE headers are a few dozen bytes and
// jwt_header_ok decodes only the first 400; without the cap, a long base64url run with
// "eyJ" at each word start ("eyJ-eyJ-eyJ-...") was scanned to its end from every start.
constexpr std::size_t kMaxJwtHeader = 1024;

std::size_t base64url_end(std::string_view s, std::size_t p, std::size_t limit) {
    limit = std::min(limit, s.size());
    while (p < limit && is_base64url(s[p])) ++p;
    return p;
}

Match match_jwt(std::string_view s, std::size_t i) {
    if (s.substr(i, 3) != "eyJ") return {};
    // A header longer than the cap stops short of its '.', and is not a JWT.
    const std::size_t header_end = base64url_end(s, i, i + kMaxJwtHeader);
    if (header_end - i < 10 || at(s, header_end) != '.' || !jwt_header_ok(s.substr(i, header_end - i))) return {};
    const std::size_t payload_end = base64url_end(s, header_end + 1, s.size());
    if (payload_end - header_end - 1 < 2 || at(s, payload_end) != '.') return {};
    return {i, base64url_end(s, payload_end + 1, s.size()), Detector::jwt};
}

// ---- RTC / IM access tokens ------------------------------------------------------------

// The tokens' base64 is the standard alphabet, padded. Real tokens are a few hundred
// characters; a run longer than this is some other blob.
constexpr std::size_t kMaxTokenBase64 = 2048;

// A padded standard-base64 run: its digits, its end (after any '='), and how many bytes
// it decodes to. Only the bytes a layout check reads are decoded (read_bytes), so that a
// candidate costs the same whatever the length of its run.
struct Base64Run {
    std::string_view digits;
    std::size_t end = 0;  // 0: not a whole run
    std::size_t size = 0;
};

// The run at `p`; end 0 when the run is not whole base64 (length not a multiple of 4, too
// long, or glued to a letter, digit or base64url byte).
Base64Run base64_run(std::string_view s, std::size_t p, Base64RunEnds& runs) {
    const std::size_t q = runs.end_of_run(s, p);
    std::size_t pad = 0;
    while (pad < 2 && at(s, q + pad) == '=') ++pad;
    if (q == p || (q - p + pad) % 4 != 0 || q - p > kMaxTokenBase64) return {};
    if (is_base64url(at(s, q + pad)) || at(s, q + pad) == '=') return {};
    return {s.substr(p, q - p), q + pad, (q - p) * 3 / 4};
}

// Decodes bytes [from, from + count) of the run into `out`; false when the run is shorter.
constexpr std::size_t kMaxRead = 48;
bool read_bytes(const Base64Run& run, std::size_t from, std::size_t count, std::uint8_t* out) {
    if (count > kMaxRead || from + count > run.size) return false;
    std::uint8_t group[kMaxRead + 4];
    const std::size_t skip = from % 3;
    decode_base64(run.digits.substr(from / 3 * 4, (skip + count + 2) / 3 * 4), false, group, sizeof group);
    std::copy(group + skip, group + skip + count, out);
    return true;
}

unsigned u16le(const std::uint8_t* b) { return unsigned(b[0]) | unsigned(b[1]) << 8; }
unsigned u16be(const std::uint8_t* b) { return unsigned(b[0]) << 8 | unsigned(b[1]); }

// veRTC: u16 message length, message (nonce, issued, expiry: 12 bytes; room id, user id:
// u16-prefixed; privileges: u16 count), u16 32, the HMAC-SHA256 signature, nothing after.
bool vertc_layout(const Base64Run& run) {
    std::uint8_t b[2];
    if (!read_bytes(run, 0, 2, b)) return false;
    const std::size_t message = u16le(b);
    if (message < 18 || 2 + message + 2 + 32 != run.size) return false;
    return read_bytes(run, 2 + message, 2, b) && u16le(b) == 32;
}

// Agora 006: u16 32, signature, CRC of the channel, CRC of the uid, u16 length, message.
bool agora006_layout(const Base64Run& run) {
    std::uint8_t b[44];
    if (!read_bytes(run, 0, 44, b) || u16le(b) != 32) return false;
    return 44 + u16le(b + 42) == run.size;
}

// Agora 007 (AccessToken2): a zlib stream (deflate, 32 KB window: the "e" the caller saw
// makes the first byte 0x78 once it is a zlib header; no preset dictionary).
bool zlib_header(const Base64Run& run) {
    std::uint8_t b[2];
    if (run.size < 48 || !read_bytes(run, 0, 2, b)) return false;
    const std::string_view header(reinterpret_cast<const char*>(b), sizeof b);
    return compress::sniff_container(header) == compress::Container::zlib && b[0] == 0x78 && !(b[1] & 0x20);
}

// ZEGO token04: big-endian i64 expiry (a Unix time: the high half zero), u16 IV or nonce
// length (16 for CBC, 12 for GCM), the IV, u16 cipher length, the cipher text, and for GCM
// one mode byte.
bool zego04_layout(const Base64Run& run) {
    const std::size_t n = run.size;
    std::uint8_t b[10 + 16 + 2];
    if (n < 40 || !read_bytes(run, 0, sizeof b, b) || b[0] || b[1] || b[2] || b[3]) return false;
    const std::size_t iv = u16be(b + 8);
    if ((iv != 16 && iv != 12) || 10 + iv + 2 > n) return false;
    const std::size_t cipher = u16be(b + 10 + iv);
    const std::size_t end = 10 + iv + 2 + cipher;
    return cipher >= 16 && (end == n || (iv == 12 && end + 1 == n));
}

Match match_rtc_token(std::string_view s, std::size_t i, Base64RunEnds& runs) {
    Base64Run run;
    // The fixed leading bytes are checked before anything is decoded: a zero high half of
    // the expiry ("AAAAA"), the zlib header's first byte 0x78 ('e').
    if (has_at(s, i, "04AAAAA")) {
        if ((run = base64_run(s, i + 2, runs)).end && zego04_layout(run)) return {i, run.end, Detector::rtc_token};
        return {};
    }
    if (has_at(s, i, "007e")) {
        if ((run = base64_run(s, i + 3, runs)).end && zlib_header(run)) return {i, run.end, Detector::rtc_token};
        return {};
    }
    const bool vertc = has_at(s, i, "001"), agora = has_at(s, i, "006");
    if (!vertc && !agora) return {};
    const std::size_t app_id = vertc ? 24 : 32;
    for (std::size_t k = i + 3; k < i + 3 + app_id; ++k)
        if (!(vertc ? is_alnum(at(s, k)) : is_hex(at(s, k)))) return {};
    run = base64_run(s, i + 3 + app_id, runs);
    if (run.end && (vertc ? vertc_layout(run) : agora006_layout(run))) return {i, run.end, Detector::rtc_token};
    return {};
}

constexpr std::size_t kMaxBasicRead = 96;  // user:password pairs are short; read this much of one

bool token_char(char c) {
    return is_alnum(c) || c == '-' || c == '.' || c == '_' || c == '~' || c == '+' || c == '/' || c == '=';
}

// "Bearer <token>" (8 token bytes or more), and "Basic <base64 of user:password>": the
// word "Basic" opens ordinary text too, so its token must decode to a pair.
Match match_bearer(std::string_view s, std::size_t i) {
    const bool basic = has_lower_at(s, i, "basic ");
    if (!basic && !has_lower_at(s, i, "bearer ")) return {};
    std::size_t p = i + (basic ? 5 : 6);
    while (at(s, p) == ' ') ++p;
    std::size_t t = p;
    if (!basic) {
        while (p < s.size() && token_char(s[p])) ++p;
        return p - t < 8 ? Match{} : Match{t, p, Detector::bearer};
    }
    while (p < s.size() && base64_value(s[p], false) >= 0) ++p;
    const std::size_t digits = p - t;
    while (at(s, p) == '=') ++p;
    if (p - t < 8 || !word_ends(s, p)) return {};
    std::uint8_t pair[kMaxBasicRead];
    const std::size_t n = decode_base64(s.substr(t, std::min(digits, kMaxBasicRead / 3 * 4)), false, pair, sizeof pair);
    bool colon = false;
    for (std::size_t k = 0; k < n; ++k) {
        if (pair[k] < 0x20 || pair[k] == 0x7f) return {};
        colon = colon || pair[k] == ':';
    }
    if (!colon) return {};
    return {t, p, Detector::bearer};
}

bool userinfo_char(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
    switch (c) {
        case '/': case '?': case '#': case '@': case '[': case ']': case '"': case '\'':
        case '<': case '>': case '\\': case '`': case '{': case '}': case '|':
            return false;
        default:
            return true;
    }
}

Match match_userinfo(std::string_view s, std::size_t i) {
    std::size_t p = i;
    while (p < s.size() && p - i <= 32 && (is_alnum(s[p]) || s[p] == '+' || s[p] == '.' || s[p] == '-')) ++p;
    if (s.substr(p, 3) != "://") return {};
    std::size_t u = p + 3, q = u;
    while (q < s.size() && q - u <= 256 && userinfo_char(s[q])) ++q;
    if (q == u || at(s, q) != '@') return {};
    char host = at(s, q + 1);
    if (!is_alnum(host) && host != '[') return {};
    return {u, q, Detector::url_userinfo};
}

bool param_value_char(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    if (u <= 0x20 || u == 0x7f) return false;
    switch (c) {
        case '&': case '#': case ';': case ',': case '"': case '\'': case '<': case '>': case '(':
        case ')': case '\\': case '`':
            return false;
        default:
            return true;
    }
}

// `"name":"value"` / `"name": "value"` (stringified JSON inside a log line or a string
// value), also with the quotes escaped (`\"name\":\"value\"`). Only the strict names:
// this is JSON, where "key" or "session" are ordinary data. The span is the value.
Match match_quoted_token(std::string_view s, std::size_t i, std::size_t name_end) {
    bool escaped = i >= 2 && s[i - 2] == '\\';
    std::size_t p = name_end;
    if (escaped && at(s, p) == '\\') ++p;
    if (at(s, p) != '"' || at(s, p + 1) != ':') return {};
    p += 2;
    if (at(s, p) == ' ') ++p;
    if (escaped && at(s, p) == '\\') ++p;
    if (at(s, p) != '"') return {};
    std::size_t v = p + 1, q = v;
    while (q < s.size() && s[q] != '"' && s[q] != '\\' && static_cast<unsigned char>(s[q]) >= 0x20) ++q;
    if (q == v || at(s, q) != (escaped ? '\\' : '"')) return {};
    if (escaped && at(s, q + 1) != '"') return {};
    if (!is_secret_name(s.substr(i, name_end - i), true)) return {};
    return {v, q, Detector::token_param};
}

// A header as a log line writes it, "X-Access-Token: value" or "Cookie: a=1; b=2" (strict
// names only, as in JSON): the value is the rest of the line, up to a quote or a backslash
// (the end of the string or line that holds it), without trailing spaces.
// An Authorization header keeps its scheme readable: "Bearer" and "Basic" credentials are
// the bearer detector's, any other scheme's ("Digest", "Negotiate") are the rest after it.
Match match_header_token(std::string_view s, std::size_t i, std::size_t name_end) {
    if (!is_secret_name(s.substr(i, name_end - i), true)) return {};
    std::size_t v = name_end + 1;
    while (at(s, v) == ' ') ++v;
    if (name_end - i == 13 && has_lower_at(s, i, "authorization")) {
        if (Match m = match_bearer(s, v); m.end) return m;
        std::size_t scheme = v;
        while (is_alpha(at(s, scheme))) ++scheme;
        if (scheme > v && at(s, scheme) == ' ') v = scheme + 1;
    }
    std::size_t q = v;
    while (q < s.size() && static_cast<unsigned char>(s[q]) >= 0x20 && s[q] != 0x7f && s[q] != '"' && s[q] != '\\') ++q;
    while (q > v && s[q - 1] == ' ') --q;
    if (q == v) return {};
    return {v, q, Detector::token_param};
}

Match match_token_param(std::string_view s, std::size_t i) {
    std::size_t p = i;
    const auto name_char = [](char c) { return is_alnum(c) || c == '_' || c == '-' || c == '.'; };
    while (p < s.size() && p - i <= 48 && name_char(s[p])) ++p;
    if (i >= 1 && s[i - 1] == '"') {
        Match m = match_quoted_token(s, i, p);
        if (m.end) return m;
    }
    // Bracketed parts of a form name ("password[]", "user[password]"): is_secret_name reads them.
    while (at(s, p) == '[' && p - i <= 96) {
        std::size_t close = p + 1;
        while (close < s.size() && close - p <= 48 && name_char(s[close])) ++close;
        if (at(s, close) != ']') break;
        p = close + 1;
    }
    if (at(s, p) == ':' && at(s, p + 1) == ' ') return match_header_token(s, i, p);
    if (at(s, p) != '=' || !is_secret_name(s.substr(i, p - i), false)) return {};
    std::size_t v = p + 1, q = v;
    while (q < s.size() && param_value_char(s[q])) ++q;
    if (q == v) return {};
    return {v, q, Detector::token_param};
}

// A ninth group or a second "::" right after the match means it was not an address.
bool ipv6_ends(std::string_view s, std::size_t e) {
    return word_ends(s, e) && !(at(s, e) == ':' && (is_hex(at(s, e + 1)) || at(s, e + 1) == ':'));
}

// ---- dispatch ---------------------------------------------------------------------------

// "o=<username> " right before `i`: the username is read backwards over at most 64 bytes.
bool follows_sdp_origin_user(std::string_view s, std::size_t i) {
    if (i < 4 || s[i - 1] != ' ') return false;
    std::size_t u = i - 1;  // the space after the username
    std::size_t k = u;
    while (k > 0 && u - k < 64 && s[k - 1] != ' ' && s[k - 1] != '=' && s[k - 1] != '\n') --k;
    if (k == u || k < 2 || s[k - 1] != '=' || s[k - 2] != 'o') return false;
    std::size_t o = k - 2;
    if (o == 0) return true;
    char before = s[o - 1];
    return before == '\n' || before == '\r' || before == '"' || (before == 'n' && o >= 2 && s[o - 2] == '\\');
}

// " <sess-version> IN IP" at `e`, the end of the session id.
bool sdp_origin_tail_at(std::string_view s, std::size_t e) {
    if (at(s, e) != ' ') return false;
    std::size_t version = digits_from(s, e + 1);
    return version > 0 && s.substr(e + 1 + version, 6) == " IN IP";
}

// The <sess-id> of an SDP origin line, "o=<username> <sess-id> <sess-version> IN IP4 ...":
// a random 64-bit number (often 19 digits, 1 in 10 of them Luhn-valid), never a card or a
// phone. `o=` must start a line (or the text, or follow an escaped "\n"), and the number
// must be followed by the rest of the origin (" <sess-version> IN IP"), so that a phone
// number on a line such as "o=alice 13800138000" is still one.
bool sdp_session_id(std::string_view s, std::size_t i) {
    return follows_sdp_origin_user(s, i) && sdp_origin_tail_at(s, i + digits_from(s, i));
}

// A product token of a User-Agent or SDK string: letters, digits, '-' and '_', starting the
// text or after a space or '(' ("Mozilla/5.0 (X11) Chrome/120.0.0.0", "SDK/4.68.4.1"). A
// path segment ("/lookup/203.0.113.7") or a host ("x.test/1.2.3.4") is not one.
bool product_token_ends_at(std::string_view s, std::size_t end) {
    constexpr std::size_t kMaxToken = 64;
    std::size_t k = end;
    while (k > 0 && end - k < kMaxToken && (is_alnum(s[k - 1]) || s[k - 1] == '-' || s[k - 1] == '_')) --k;
    if (k == end) return false;
    return k == 0 || s[k - 1] == ' ' || s[k - 1] == '(';
}

// `key` is read only for a dotted quad that is the whole value, so that the many values
// which hold no address never pay for looking at their key.
bool ipv4_is_version(std::string_view s, std::size_t i, std::size_t e, std::string_view key) {
    // "Chrome/120.0.0.0", "SDK/4.68.4.1": a product token's version, not a host.
    if (i >= 2 && s[i - 1] == '/' && product_token_ends_at(s, i - 1)) return true;
    if (e != s.size() || key.empty()) return false;
    return (i == 0 || (i == 1 && lower(s[0]) == 'v')) && is_version_key(key);
}

Match match_at_word(std::string_view s, std::size_t i, DetectorSet on, std::string_view key, Base64RunEnds& runs) {
    char c = s[i];
    Match m;
    if (c == '0' && enabled_has(on, Detector::rtc_token) && (m = match_rtc_token(s, i, runs)).end) return m;
    if (is_alpha(c)) {
        if (enabled_has(on, Detector::url_userinfo) && (m = match_userinfo(s, i)).end) return m;
        if (enabled_has(on, Detector::bearer) && (c == 'B' || c == 'b') && (m = match_bearer(s, i)).end) return m;
        if (enabled_has(on, Detector::token_param) && (m = match_token_param(s, i)).end) return m;
        if (enabled_has(on, Detector::jwt) && c == 'e' && (m = match_jwt(s, i)).end) return m;
    }
    if (enabled_has(on, Detector::email) && (m = match_email(s, i)).end) return m;
    if (is_hex(c)) {
        if (enabled_has(on, Detector::uuid) && (m = match_uuid(s, i)).end) return m;
        // Inside a longer colon/dash run ("aa:bb:cc:dd:ee:ff:00") nothing starts mid-way.
        bool mid_run = i >= 2 && (s[i - 1] == ':' || s[i - 1] == '-') && is_hex(s[i - 2]);
        if (enabled_has(on, Detector::mac) && !mid_run) {
            std::size_t len = match_mac(s, i);
            char next = at(s, i + len);
            bool longer = (next == at(s, i + 2) && is_hex(at(s, i + len + 1))) || is_alnum(next);
            if (len && !longer) {
                std::string_view mac = s.substr(i, len);
                bool zero = mac == "00:00:00:00:00:00" || mac == "00-00-00-00-00-00";
                bool broadcast = true;
                for (char ch : mac) broadcast = broadcast && (lower(ch) == 'f' || ch == ':' || ch == '-');
                if (!zero && !broadcast) return {i, i + len, Detector::mac};
            }
        }
        if (enabled_has(on, Detector::ipv6) && !(i > 0 && s[i - 1] == ':')) {
            Ipv6 v6;
            std::size_t len = match_ipv6(s, i, &v6);
            if (len && v6.has_digit && ipv6_ends(s, i + len) && s.substr(i, len).find(':') != std::string_view::npos)
                return {i, i + len, Detector::ipv6};
        }
    }
    if (is_digit(c)) {
        if (sdp_session_id(s, i)) return {i, i + digits_from(s, i), Detector::bank_card, false};
        bool in_decimal = i >= 2 && s[i - 1] == '.' && is_alnum(s[i - 2]);
        if (!in_decimal) {
            if (enabled_has(on, Detector::ipv4)) {
                std::size_t len = match_ipv4(s, i);
                if (len && word_ends(s, i + len) && !(at(s, i + len) == '.' && is_alnum(at(s, i + len + 1)))) {
                    Match v4{i, i + len, Detector::ipv4};
                    v4.emit = !ipv4_is_version(s, i, i + len, key);
                    return v4;
                }
            }
            if (enabled_has(on, Detector::latlng) &&
                ((m = match_latlng(s, i)).end || (m = match_named_coordinate(s, i)).end))
                return m;
            m = match_number(s, i);
            if (m.end && enabled_has(on, m.kind)) return m;
            if (m.end) return {};
        }
    }
    if (is_hex(c) && enabled_has(on, Detector::hex_id) && (m = match_hex_id(s, i)).end) return m;
    return {};
}

}  // namespace

std::string_view detector_name(Detector d) {
    std::size_t k = std::size_t(d);
    return k < kDetectorCount ? kNames[k] : std::string_view("unknown");
}

bool detector_from_name(std::string_view name, Detector& out) {
    for (std::size_t k = 0; k < kDetectorCount; ++k) {
        if (kNames[k] == name) {
            out = Detector(k);
            return true;
        }
    }
    return false;
}

bool is_version_key(std::string_view key) {
    char buf[64];
    if (key.size() > sizeof buf) return false;
    std::size_t n = 0;
    for (char c : key)
        if (c != '_' && c != '-') buf[n++] = lower(c);
    std::string_view k(buf, n);
    if (k == "ver" || k == "v") return true;
    return k.size() >= 7 && has_at(k, k.size() - 7, "version");
}

namespace {

// The name a bracketed form or query name gives its value, the way qs, PHP and Rails write
// nested fields: "password[]" and "password[0]" are password's, "user[password]" and
// "auth[token][0]" name the last bracketed part that is not an index.
std::string_view named_part(std::string_view name) {
    while (!name.empty() && name.back() == ']') {
        const std::size_t open = name.rfind('[');
        if (open == std::string_view::npos) break;
        const std::string_view inner = name.substr(open + 1, name.size() - open - 2);
        bool index = true;
        for (char c : inner) index = index && c >= '0' && c <= '9';
        if (!index) return inner;
        name = name.substr(0, open);
    }
    return name;
}

// Credential names, normalized as is_secret_name reads them (lower case, without '_', '-'
// and '.'): whole names, the short generic ones (not strict), and suffixes.
constexpr std::string_view kSecretExact[] = {"pwd",        "authorization", "credential", "credentials",
                                             "passphrase", "cookie",        "setcookie",
                                             "usersig"};  // Tencent TRTC / IM
constexpr std::string_view kSecretLoose[] = {"key", "auth", "sig", "session", "pass", "ticket"};
constexpr std::string_view kSecretSuffix[] = {"token",     "secret",    "password",   "passwd",    "signature", "apikey",
                                              "accesskey", "secretkey", "privatekey", "sessionid", "sessionkey"};

// The last two letters each strict name ends in: bit (last - 'a') of entry (before - 'a').
constexpr std::array<std::uint32_t, 26> strict_endings() {
    std::array<std::uint32_t, 26> t{};
    const auto add = [&](std::string_view e) { t[std::size_t(e[e.size() - 2] - 'a')] |= 1u << (e.back() - 'a'); };
    for (auto e : kSecretExact) add(e);
    for (auto e : kSecretSuffix) add(e);
    return t;
}

}  // namespace

const std::array<std::uint32_t, 26> kStrictSecretEndings = strict_endings();

bool may_be_strict_secret_name_slow(std::string_view name) {
    char last[2];
    std::size_t got = 0;
    for (std::size_t k = name.size(); k > 0 && got < 2; --k) {
        const char c = name[k - 1];
        if (c == '_' || c == '-' || c == '.') continue;
        if (!is_alpha(c)) return true;  // a bracket, a digit, anything else: is_secret_name decides
        last[got++] = lower(c);
    }
    return got == 2 && (kStrictSecretEndings[std::size_t(last[1] - 'a')] >> (last[0] - 'a') & 1u);
}

bool is_secret_name(std::string_view name, bool strict) {
    name = named_part(name);
    // Only the last 64 bytes are read: a long name can only end in a credential suffix
    // ("..._access_token"); the exact names are all short.
    char buf[64];
    if (name.empty()) return false;
    const bool whole = name.size() <= sizeof buf;
    if (!whole) name = name.substr(name.size() - sizeof buf);
    std::size_t n = 0;
    for (char c : name)
        if (c != '_' && c != '-' && c != '.') buf[n++] = lower(c);
    std::string_view k(buf, n);
    if (whole) {
        for (auto e : kSecretExact)
            if (k == e) return true;
        if (!strict)
            for (auto e : kSecretLoose)
                if (k == e) return true;
    }
    for (auto suf : kSecretSuffix)
        if (k.size() >= suf.size() && k.substr(k.size() - suf.size()) == suf) return true;
    return false;
}

namespace {

constexpr std::array<std::uint16_t, 256> byte_classes() {
    using S = TextSummary;
    std::array<std::uint16_t, 256> t{};
    t['\\'] = S::kBackslash;
    t['%'] = S::kPercent;
    t['+'] = S::kPlus;
    t['@'] = S::kAt;
    t['='] = S::kEquals;
    t['"'] = S::kQuote;
    t[' '] = S::kSpace;
    t['.'] = S::kDot;
    t['-'] = S::kDash;
    t[':'] = S::kColon;
    t[','] = S::kComma;
    t[0xEF] = S::kFullWidth;
    return t;
}
constexpr std::array<std::uint16_t, 256> kByteClass = byte_classes();

}  // namespace

TextSummary summarize(std::string_view s) {
    TextSummary t;
    unsigned classes = 0;
    std::size_t digits = 0;
    for (char c : s) {
        auto u = static_cast<unsigned char>(c);
        classes |= kByteClass[u];
        digits += unsigned(u - '0') < 10;
    }
    t.classes = static_cast<std::uint16_t>(classes);
    t.digits = digits;
    t.size = s.size();
    return t;
}

DetectorSet possible_detectors(std::string_view s) { return possible_detectors(summarize(s)); }

DetectorSet possible_detectors(const TextSummary& t) {
    using S = TextSummary;
    const unsigned classes = t.classes;
    const std::size_t digits = t.digits;
    auto bit = [](Detector d) { return detector_bit(d); };
    DetectorSet set = 0;
    // Each line names what the matcher cannot do without: an '@' before the domain, "://"
    // before userinfo, "name=", "\"name\":" or "Name: ", "Basic " or "Bearer " then 8
    // token bytes, the dots of a JWT or a dotted quad, the dashes of a UUID, the separators
    // of a MAC, "::" or ':' in IPv6, "lat,lng" or "lat=" / "lat:" (a coordinate of its own
    // is told by its key: keyed_coordinate), 32 hex digits, and 8 digits for the shortest number (+ and 8
    // digits), ASCII or full-width (3 bytes each).
    if (classes & S::kAt) set |= bit(Detector::email) | bit(Detector::url_userinfo);
    if (classes & (S::kEquals | S::kQuote | S::kColon)) set |= bit(Detector::token_param);
    if ((classes & S::kSpace) && t.size >= 14) set |= bit(Detector::bearer);
    if (classes & S::kDot) set |= bit(Detector::jwt) | bit(Detector::ipv4);
    if ((classes & S::kDot) && (classes & (S::kComma | S::kEquals | S::kColon))) set |= bit(Detector::latlng);
    if (classes & S::kDash) set |= bit(Detector::uuid) | bit(Detector::mac);
    if (classes & S::kColon) set |= bit(Detector::ipv6) | bit(Detector::mac);
    if (t.size >= 32) set |= bit(Detector::hex_id);
    if (t.size >= 56 && digits >= 2) set |= bit(Detector::rtc_token);
    if (digits >= 8 || ((classes & S::kFullWidth) && t.size >= 24))
        set |= bit(Detector::phone) | bit(Detector::imei) | bit(Detector::cn_id) | bit(Detector::bank_card);
    return set;
}

std::size_t Base64RunEnds::end_of_run(std::string_view s, std::size_t p) {
    if (p >= start_ && p < end_) return end_;
    std::size_t q = p;
    while (q < s.size() && base64_value(s[q], false) >= 0) {
        // Reached the run already measured from a later start: it is the same run.
        if (q == start_ && start_ < end_) {
            q = end_;
            break;
        }
        ++q;
        ++chars_read_;
    }
    start_ = p;
    end_ = q;
    return q;
}

namespace {

// The last word of a key, lower case, in `buf`: after the last '_', '-' or '.', or a
// lower-case letter before an upper-case one (geoLat, user_lng, loc.lon, LATITUDE). Empty
// when it does not fit.
std::string_view last_word(std::string_view key, char (&buf)[12]) {
    std::size_t start = key.size();
    while (start > 0) {
        const char c = key[start - 1];
        if (c == '_' || c == '-' || c == '.') break;
        if (start < key.size() && is_upper(key[start]) && !is_upper(c)) break;
        --start;
    }
    const std::size_t n = key.size() - start;
    if (n > sizeof buf) return {};
    for (std::size_t k = 0; k < n; ++k) buf[k] = lower(key[start + k]);
    return {buf, n};
}

// How far a coordinate under `key` reaches: 90 for a latitude's name, 180 for a longitude's,
// 0 for any other name.
std::uint32_t coordinate_limit(std::string_view key) {
    char buf[12];
    const std::string_view w = last_word(key, buf);
    if (w == "lat" || w == "latitude") return 90;
    if (w == "lng" || w == "lon" || w == "long" || w == "longitude") return 180;
    return 0;
}

}  // namespace

bool read_coordinate(std::string_view text, CoordinateText& out) {
    out = CoordinateText();
    std::size_t p = 0;
    if (p < text.size() && (text[p] == '-' || text[p] == '+')) out.negative = text[p++] == '-';
    const std::size_t whole_start = p;
    while (p < text.size() && is_digit(text[p]) && p - whole_start < 3)
        out.degrees = out.degrees * 10 + std::uint32_t(text[p++] - '0');
    if (p == whole_start || p >= text.size() || text[p] != '.') return false;
    const std::size_t frac_start = ++p;
    for (; p < text.size() && is_digit(text[p]); ++p) {
        if (p - frac_start < 3) out.first_decimals[p - frac_start] = std::uint32_t(text[p] - '0');
        out.fraction_zero = out.fraction_zero && text[p] == '0';
    }
    out.decimals = p - frac_start;
    if (p == frac_start || p != text.size()) return false;
    return out.degrees < 180 || (out.degrees == 180 && out.fraction_zero);
}

bool precise_coordinate(std::string_view text, std::uint32_t limit) {
    CoordinateText c;
    // Shorter than "d.ddd": settled before any reading; most values are settled by their first bytes.
    if (text.size() < 5 || !read_coordinate(text, c) || c.decimals < 3) return false;
    return c.degrees < limit || (c.degrees == limit && c.fraction_zero);
}

bool keyed_coordinate(std::string_view text, std::string_view key, DetectorSet on) {
    // The value first (most are settled by their first bytes), then the key.
    if (key.empty() || !enabled_has(on, Detector::latlng) || !precise_coordinate(text, 180)) return false;
    const std::uint32_t limit = coordinate_limit(key);
    return limit == 180 || (limit == 90 && precise_coordinate(text, 90));
}

bool coordinate_list_key(std::string_view key) {
    char buf[12];
    const std::string_view w = last_word(key, buf);
    if (w == "coordinates" || w == "coords" || w == "coord" || w == "geo" || w == "gps") return true;
    // Pairs are named whole, in any case and spelling: latLng, lng_lat, LATLON.
    std::size_t n = 0;
    for (char c : key) {
        if (c == '_' || c == '-') continue;
        if (n == 6) return false;
        buf[n++] = lower(c);
    }
    const std::string_view pair(buf, n);
    return pair == "latlng" || pair == "lnglat" || pair == "latlon" || pair == "lonlat";
}

bool coordinate_pair_value(std::string_view key, std::string_view array) {
    char buf[12];
    const std::string_view w = last_word(key, buf);
    if (w != "location" && w != "position" && w != "center" && w != "point" && w != "pos" && w != "loc") return false;
    std::size_t p = 1;
    const auto skip_space = [&] {
        while (p < array.size() && (array[p] == ' ' || array[p] == '\n' || array[p] == '\r' || array[p] == '\t')) ++p;
    };
    std::size_t numbers = 0, within_90 = 0;
    for (;; ++p) {
        skip_space();
        const std::size_t start = p;
        while (p < array.size() && (is_digit(array[p]) || array[p] == '-' || array[p] == '+' || array[p] == '.' ||
                                    array[p] == 'e' || array[p] == 'E'))
            ++p;
        const std::string_view number = array.substr(start, p - start);
        if (number.empty() || ++numbers > 3) return false;
        if (numbers <= 2) {
            if (!precise_coordinate(number, 180)) return false;
            within_90 += precise_coordinate(number, 90);
        }
        skip_space();
        if (at(array, p) != ',') break;
    }
    return at(array, p) == ']' && numbers >= 2 && within_90 > 0;
}

void find_spans(std::string_view s, DetectorSet on, std::string_view key, std::vector<Span>& out) {
    // Leaving out detectors that cannot match changes nothing else: a detector that finds
    // nothing never consumes bytes another one could have matched.
    on &= possible_detectors(s) | (keyed_coordinate(s, key, on) ? detector_bit(Detector::latlng) : 0);
    if (on != 0) find_spans_unfiltered(s, on, key, out);
}

void find_spans_unfiltered(std::string_view s, DetectorSet on, std::string_view key, std::vector<Span>& out) {
    if (keyed_coordinate(s, key, on)) {
        out.push_back(Span{0, s.size(), Detector::latlng});
        return;
    }
    std::size_t i = 0;
    const std::size_t n = s.size();
    Base64RunEnds runs;
    const std::size_t first = out.size();
    // Where this text's last span ends: an address found from its '@' starts no earlier.
    const auto floor = [&] { return out.size() > first ? out.back().end : 0; };
    while (i < n) {
        char c = s[i];
        char prev = i > 0 ? s[i - 1] : ' ';
        Match m;
        if (is_alnum(c)) {
            if (!is_alnum(prev)) m = match_at_word(s, i, on, key, runs);
            if (m.kind == Detector::email && m.end && after_address_letter(s, i)) {
                // A name glued before an ASCII local part: 张伟53@.
                const std::size_t start = glued_local_start(s, i, s.find('@', i), floor());
                if (start < i && match_email(s, start).end == m.end) m.begin = start;
            }
        } else if (c == '+') {
            if (!is_alnum(prev) && prev != '+' && enabled_has(on, Detector::phone)) {
                m = match_number(s, i);
                if (m.end && m.kind != Detector::phone) m = {};
            }
        } else if (c == '-') {
            if (!is_alnum(prev) && prev != '.' && is_digit(at(s, i + 1)) && enabled_has(on, Detector::latlng) &&
                !(m = match_latlng(s, i)).end)
                m = match_named_coordinate(s, i);
        } else if (static_cast<unsigned char>(c) >= 0xC2) {
            // The first of a run of full-width digits (or its "＋"), not glued to a word.
            const bool digits = c == '\xEF' && (fullwidth_digit_at(s, i) ||
                                                (has_at(s, i, "\xEF\xBC\x8B") && fullwidth_digit_at(s, i + 3)));
            if (digits && !is_alnum(prev) && !(i >= 3 && fullwidth_digit_at(s, i - 3))) {
                m = match_fullwidth_number(s, i);
                if (!enabled_has(on, m.kind)) m = {};
            }
        } else if (c == '@') {
            // An address whose local part is letters of another script (用户@, josé's é…):
            // found from its '@', where the run of letters before it is known.
            if (enabled_has(on, Detector::email) && after_address_letter(s, i)) {
                m = match_email(s, glued_local_start(s, i, i, floor()));
                if (m.end <= i) m = {};
            }
        } else if (c == ':') {
            if (!is_alnum(prev) && prev != ':' && at(s, i + 1) == ':' && enabled_has(on, Detector::ipv6)) {
                Ipv6 v6;
                std::size_t len = match_ipv6(s, i, &v6);
                if (len && v6.has_digit && v6.explicit_groups > 0 && ipv6_ends(s, i + len))
                    m = {i, i + len, Detector::ipv6};
            }
        }
        if (m.end > i) {
            if (m.emit) out.push_back(Span{m.begin, m.end, m.kind});
            i = m.end;
        } else if (is_alnum(c)) {
            // No token starts inside a run of letters and digits: on to the byte after it.
            do ++i;
            while (i < n && is_alnum(s[i]));
        } else {
            ++i;
        }
    }
}

}  // namespace rps::redact
