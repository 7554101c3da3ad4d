#include "core/redact/codec.hpp"

#include "core/redact/ascii.hpp"

namespace rps::redact {
namespace {

constexpr char kHex[] = "0123456789ABCDEF";

void put_utf8(std::string& out, std::vector<std::uint32_t>& map, std::uint32_t cp, std::uint32_t raw_at) {
    char b[4];
    int n;
    if (cp < 0x80) {
        b[0] = char(cp);
        n = 1;
    } else if (cp < 0x800) {
        b[0] = char(0xC0 | (cp >> 6));
        b[1] = char(0x80 | (cp & 0x3F));
        n = 2;
    } else if (cp < 0x10000) {
        b[0] = char(0xE0 | (cp >> 12));
        b[1] = char(0x80 | ((cp >> 6) & 0x3F));
        b[2] = char(0x80 | (cp & 0x3F));
        n = 3;
    } else {
        b[0] = char(0xF0 | (cp >> 18));
        b[1] = char(0x80 | ((cp >> 12) & 0x3F));
        b[2] = char(0x80 | ((cp >> 6) & 0x3F));
        b[3] = char(0x80 | (cp & 0x3F));
        n = 4;
    }
    for (int k = 0; k < n; ++k) {
        out.push_back(b[k]);
        map.push_back(raw_at);
    }
}

bool hex4(std::string_view s, std::size_t i, std::uint32_t& v) {
    if (i + 4 > s.size()) return false;
    v = 0;
    for (std::size_t k = 0; k < 4; ++k) {
        int h = ascii::hex_value(s[i + k]);
        if (h < 0) return false;
        v = v * 16 + std::uint32_t(h);
    }
    return true;
}

}  // namespace

void json_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map) {
    decoded.clear();
    map.clear();
    std::size_t i = 0;
    while (i < raw.size()) {
        std::uint32_t at = std::uint32_t(i);
        char c = raw[i];
        if (c != '\\' || i + 1 >= raw.size()) {
            decoded.push_back(c);
            map.push_back(at);
            ++i;
            continue;
        }
        char e = raw[i + 1];
        i += 2;
        char simple = 0;
        switch (e) {
            case '"': simple = '"'; break;
            case '\\': simple = '\\'; break;
            case '/': simple = '/'; break;
            case 'b': simple = '\b'; break;
            case 'f': simple = '\f'; break;
            case 'n': simple = '\n'; break;
            case 'r': simple = '\r'; break;
            case 't': simple = '\t'; break;
            default: break;
        }
        if (e != 'u') {
            decoded.push_back(simple ? simple : e);
            map.push_back(at);
            continue;
        }
        std::uint32_t cp = 0;
        if (!hex4(raw, i, cp)) {
            put_utf8(decoded, map, 0xFFFD, at);
            continue;
        }
        i += 4;
        if (cp >= 0xD800 && cp <= 0xDBFF) {
            std::uint32_t lo = 0;
            if (i + 1 < raw.size() && raw[i] == '\\' && raw[i + 1] == 'u' && hex4(raw, i + 2, lo) && lo >= 0xDC00 &&
                lo <= 0xDFFF) {
                i += 6;
                cp = 0x10000 + ((cp - 0xD800) << 10) + (lo - 0xDC00);
            } else {
                cp = 0xFFFD;
            }
        } else if (cp >= 0xDC00 && cp <= 0xDFFF) {
            cp = 0xFFFD;
        }
        put_utf8(decoded, map, cp, at);
    }
    map.push_back(std::uint32_t(raw.size()));
}

void form_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map) {
    decoded.clear();
    map.clear();
    for (std::size_t i = 0; i < raw.size();) {
        std::uint32_t at = std::uint32_t(i);
        char c = raw[i];
        if (c == '+') {
            decoded.push_back(' ');
            ++i;
        } else if (c == '%' && i + 2 < raw.size() && ascii::is_hex(raw[i + 1]) && ascii::is_hex(raw[i + 2])) {
            decoded.push_back(char(ascii::hex_value(raw[i + 1]) * 16 + ascii::hex_value(raw[i + 2])));
            i += 3;
        } else {
            decoded.push_back(c);
            ++i;
        }
        map.push_back(at);
    }
    map.push_back(std::uint32_t(raw.size()));
}

void percent_unescape(std::string_view raw, std::string& decoded, std::vector<std::uint32_t>& map) {
    decoded.clear();
    map.clear();
    for (std::size_t i = 0; i < raw.size();) {
        map.push_back(std::uint32_t(i));
        if (raw[i] == '%' && i + 2 < raw.size() && ascii::is_hex(raw[i + 1]) &&
            ascii::is_hex(raw[i + 2])) {
            decoded.push_back(char(ascii::hex_value(raw[i + 1]) * 16 + ascii::hex_value(raw[i + 2])));
            i += 3;
        } else {
            decoded.push_back(raw[i]);
            ++i;
        }
    }
    map.push_back(std::uint32_t(raw.size()));
}

bool has_percent_escape(std::string_view s, bool reserved_only) {
    for (std::size_t i = s.find('%'); i != std::string_view::npos && i + 2 < s.size(); i = s.find('%', i + 1)) {
        if (!ascii::is_hex(s[i + 1]) || !ascii::is_hex(s[i + 2])) continue;
        if (!reserved_only) return true;
        char c = char(ascii::hex_value(s[i + 1]) * 16 + ascii::hex_value(s[i + 2]));
        switch (c) {
            case '%': case ':': case '/': case '?': case '#': case '[': case ']': case '@': case '!': case '$':
            case '&': case '\'': case '(': case ')': case '*': case '+': case ',': case ';': case '=': case ' ':
                return true;
            default:
                break;
        }
    }
    return false;
}

void json_escape_append(std::string& out, std::string_view text) {
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out.push_back('\\');
            out.push_back(c);
        } else if (u < 0x20) {
            out += "\\u00";
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        } else {
            out.push_back(c);
        }
    }
}

void form_escape_append(std::string& out, std::string_view text) {
    for (char c : text) {
        unsigned char u = static_cast<unsigned char>(c);
        if (ascii::is_alnum(c) || c == '*' || c == '-' || c == '.' || c == '_') {
            out.push_back(c);
        } else if (c == ' ') {
            out.push_back('+');
        } else {
            out.push_back('%');
            out.push_back(kHex[u >> 4]);
            out.push_back(kHex[u & 15]);
        }
    }
}

}  // namespace rps::redact
