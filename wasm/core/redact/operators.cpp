#include "core/redact/operators.hpp"

#include "core/json_out.hpp"
#include "core/redact/ascii.hpp"
#include "core/redact/net_address.hpp"

namespace rps::redact {
namespace {

using ascii::is_digit;
using json_out::append_int;

void append_hex16(std::string& out, std::uint16_t v) {
    static constexpr char kHex[] = "0123456789abcdef";
    bool started = false;
    for (int shift = 12; shift >= 0; shift -= 4) {
        unsigned nib = (v >> shift) & 15;
        if (nib || started || shift == 0) {
            out.push_back(kHex[nib]);
            started = true;
        }
    }
}

// A coordinate (read_coordinate) rounded half away from zero to hundredths of a degree
// (done on the magnitude); "13800138000" never comes back as "13800138000.00".
bool read_coordinate(std::string_view value, bool& negative, std::uint32_t& hundredths) {
    CoordinateText c;
    if (!read_coordinate(value, c)) return false;
    negative = c.negative;
    hundredths = c.degrees * 100 + c.first_decimals[0] * 10 + c.first_decimals[1] + (c.first_decimals[2] >= 5 ? 1 : 0);
    return true;
}

}  // namespace

std::string_view operator_name(OpKind kind) {
    switch (kind) {
        case OpKind::remove: return "remove";
        case OpKind::replace: return "replace";
        case OpKind::mask: return "mask";
        case OpKind::hash: return "hash";
        case OpKind::generalize: return "generalize";
    }
    return "replace";
}

bool parse_operator(std::string_view text, Operator& out) {
    Operator op;
    if (text == "remove") {
        op.kind = OpKind::remove;
    } else if (text == "replace") {
        op.kind = OpKind::replace;
    } else if (text == "hash") {
        op.kind = OpKind::hash;
    } else if (text == "generalize") {
        op.kind = OpKind::generalize;
    } else if (text == "mask") {
        op.kind = OpKind::mask;
    } else if (text.size() > 6 && text.substr(0, 5) == "mask(" && text.back() == ')') {
        std::string_view n = text.substr(5, text.size() - 6);
        if (n.empty() || n.size() > 2) return false;
        unsigned v = 0;
        for (char c : n) {
            if (!is_digit(c)) return false;
            v = v * 10 + unsigned(c - '0');
        }
        if (v > 64) return false;
        op.kind = OpKind::mask;
        op.keep_last = std::uint8_t(v);
    } else {
        return false;
    }
    out = op;
    return true;
}

std::string_view replace_tag(Detector d) {
    switch (d) {
        case Detector::email: return "[EMAIL]";
        case Detector::phone: return "[PHONE]";
        case Detector::ipv4: return "[IPV4]";
        case Detector::ipv6: return "[IPV6]";
        case Detector::mac: return "[MAC]";
        case Detector::imei: return "[IMEI]";
        case Detector::cn_id: return "[ID]";
        case Detector::bank_card: return "[CARD]";
        case Detector::uuid: return "[UUID]";
        case Detector::hex_id: return "[HEX_ID]";
        case Detector::jwt: return "[JWT]";
        case Detector::bearer: return "[TOKEN]";
        case Detector::url_userinfo: return "[CREDENTIALS]";
        case Detector::token_param: return "[TOKEN]";
        case Detector::latlng: return "[GEO]";
        case Detector::rtc_token: return "[TOKEN]";
    }
    return kRedactedTag;
}

void KeyedHasher::append_hash(std::string& out, std::string_view value) const {
    append_hex(out, mac_.mac(value), 8);
}

void append_mask(std::string& out, std::string_view value, std::size_t keep) {
    // Count code points (UTF-8 lead bytes), so a kept tail never starts mid-character.
    std::size_t points = 0;
    for (char c : value)
        if ((static_cast<unsigned char>(c) & 0xC0) != 0x80) ++points;
    std::size_t hide = points > keep ? points - keep : points;
    std::size_t seen = 0, k = 0;
    for (; k < value.size(); ++k) {
        if ((static_cast<unsigned char>(value[k]) & 0xC0) != 0x80) {
            if (seen == hide) break;
            ++seen;
            out.push_back('*');
        }
    }
    if (hide < points) out.append(value.substr(k));
}

bool generalize_ipv4(std::string_view value, std::string& out) {
    std::array<std::uint8_t, 4> a{};
    if (value.empty() || match_ipv4(value, 0, &a) != value.size()) return false;
    for (int i = 0; i < 3; ++i) {
        append_int(out, a[i]);
        out.push_back('.');
    }
    out.push_back('0');
    return true;
}

bool generalize_ipv6(std::string_view value, std::string& out) {
    Ipv6 v6;
    if (value.empty() || match_ipv6(value, 0, &v6) != value.size() || value.find(':') == std::string_view::npos)
        return false;
    const auto& g = v6.groups;
    bool mapped = g[0] == 0 && g[1] == 0 && g[2] == 0 && g[3] == 0 && g[4] == 0 && g[5] == 0xffff;
    if (mapped) {
        // An IPv4 address in IPv6 clothing gets the IPv4 treatment (/24), not /48 (= nothing left).
        out += "::ffff:";
        for (int i = 0; i < 3; ++i) {
            append_int(out, i % 2 == 0 ? unsigned(g[6 + i / 2] >> 8) : unsigned(g[6 + i / 2] & 0xff));
            out.push_back('.');
        }
        out.push_back('0');
        return true;
    }
    int last = 2;
    while (last >= 0 && g[last] == 0) --last;
    for (int i = 0; i <= last; ++i) {
        if (i > 0) out.push_back(':');
        append_hex16(out, g[i]);
    }
    out += "::";
    return true;
}

bool generalize_coordinate(std::string_view value, std::string& out) {
    bool negative = false;
    std::uint32_t hundredths = 0;
    if (!read_coordinate(value, negative, hundredths)) return false;
    if (negative && hundredths != 0) out.push_back('-');
    append_int(out, hundredths / 100);
    out.push_back('.');
    out.push_back(char('0' + hundredths / 10 % 10));
    out.push_back(char('0' + hundredths % 10));
    return true;
}

bool generalize_latlng(std::string_view value, std::string& out) {
    std::size_t comma = value.find(',');
    if (comma == std::string_view::npos) return false;
    std::size_t second = comma + 1;
    if (second < value.size() && value[second] == ' ') ++second;
    std::size_t mark = out.size();
    if (!generalize_coordinate(value.substr(0, comma), out)) return false;
    out.append(value.substr(comma, second - comma));
    if (!generalize_coordinate(value.substr(second), out)) {
        out.resize(mark);
        return false;
    }
    return true;
}

// A "lat,lng" pair, or one coordinate in a field of its own (keyed_coordinate).
bool generalize_geo(std::string_view value, std::string& out) {
    return generalize_latlng(value, out) || generalize_coordinate(value, out);
}

bool generalize_user_agent(std::string_view ua, std::string& out) {
    struct Family {
        std::string_view token;
        std::string_view name;
    };
    // Most specific first: Edge, Opera, WeChat... all also carry "Chrome/" and "Safari/".
    static constexpr Family kFamilies[] = {
        {"MicroMessenger/", "WeChat"}, {"EdgA/", "Edge"},     {"EdgiOS/", "Edge"},
        {"Edg/", "Edge"},              {"Edge/", "Edge"},     {"OPR/", "Opera"},
        {"SamsungBrowser/", "SamsungBrowser"},                 {"UCBrowser/", "UCBrowser"},
        {"FxiOS/", "Firefox"},         {"Firefox/", "Firefox"}, {"CriOS/", "Chrome"},
        {"Chrome/", "Chrome"},
    };
    for (const auto& f : kFamilies) {
        std::size_t at = ua.find(f.token);
        if (at == std::string_view::npos) continue;
        std::size_t p = at + f.token.size(), start = p;
        while (p < ua.size() && is_digit(ua[p]) && p - start < 6) ++p;
        if (p == start) continue;
        out += f.name;
        out.push_back('/');
        out.append(ua.substr(start, p - start));
        return true;
    }
    std::size_t ver = ua.find("Version/");
    if (ver != std::string_view::npos && ua.find("Safari/") != std::string_view::npos) {
        std::size_t p = ver + 8, start = p;
        while (p < ua.size() && is_digit(ua[p]) && p - start < 6) ++p;
        if (p > start) {
            out += "Safari/";
            out.append(ua.substr(start, p - start));
            return true;
        }
    }
    if (ua.substr(0, 8) == "Mozilla/") {
        out += "Other";
        return true;
    }
    return false;
}

bool generalize_any(std::string_view value, std::string& out) {
    return generalize_ipv4(value, out) || generalize_ipv6(value, out) || generalize_latlng(value, out) ||
           generalize_coordinate(value, out) || generalize_user_agent(value, out);
}

Generalizer generalizer_for(Detector d) {
    switch (d) {
        case Detector::ipv4: return generalize_ipv4;
        case Detector::ipv6: return generalize_ipv6;
        case Detector::latlng: return generalize_geo;
        default: return nullptr;
    }
}

void apply_operator(const Operator& op, std::string_view value, std::string_view tag, Generalizer generalize,
                    const KeyedHasher& hasher, std::string& out) {
    switch (op.kind) {
        case OpKind::remove:
            return;
        case OpKind::replace:
            out.append(tag);
            return;
        case OpKind::mask:
            append_mask(out, value, op.keep_last);
            return;
        case OpKind::hash:
            hasher.append_hash(out, value);
            return;
        case OpKind::generalize:
            if (!generalize || !generalize(value, out)) out.append(tag);
            return;
    }
}

void apply_finding_operator(const Operator& op, std::string_view value, Detector kind, const KeyedHasher& hasher,
                            std::string& out) {
    // A masked credential would still show its tail: credentials are replaced instead.
    if (is_secret_detector(kind) && op.kind == OpKind::mask) {
        out.append(replace_tag(kind));
        return;
    }
    apply_operator(op, value, replace_tag(kind), generalizer_for(kind), hasher, out);
}

void apply_rule_operator(const Operator& op, std::string_view value, const KeyedHasher& hasher, std::string& out) {
    apply_operator(op, value, kRedactedTag, generalize_any, hasher, out);
}

}  // namespace rps::redact
