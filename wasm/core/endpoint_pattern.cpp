#include "core/endpoint_pattern.hpp"

#include "core/redact/ascii.hpp"

namespace rps {
namespace {

using redact::ascii::lower;

bool equal_ignoring_case(std::string_view a, std::string_view b) {
    if (a.size() != b.size()) return false;
    for (std::size_t i = 0; i < a.size(); ++i)
        if (lower(a[i]) != lower(b[i])) return false;
    return true;
}

bool host_char(char c) {
    return redact::ascii::is_alnum(c) || c == '-' || c == '.' || c == '[' || c == ']' || c == ':';
}

// The port a scheme implies. The URL parser leaves it out of href ("https://x:443/" becomes
// "https://x/"), so a pattern that spells it out must match URLs without a port.
std::string_view default_port(std::string_view scheme) {
    if (equal_ignoring_case(scheme, "https") || equal_ignoring_case(scheme, "wss")) return "443";
    if (equal_ignoring_case(scheme, "http") || equal_ignoring_case(scheme, "ws")) return "80";
    return "";
}

// A URL's port as a number in text, the way both sides are compared: the scheme's default
// when none is written, without leading zeros (the URL parser drops them too).
std::string_view effective_port(std::string_view scheme, std::string_view port) {
    while (port.size() > 1 && port.front() == '0') port.remove_prefix(1);
    return port.empty() ? default_port(scheme) : port;
}

}  // namespace

UrlParts split_url(std::string_view url) {
    UrlParts parts;
    const auto scheme_end = url.find("://");
    if (scheme_end == std::string_view::npos || scheme_end == 0) return parts;
    parts.scheme = url.substr(0, scheme_end);
    std::string_view rest = url.substr(scheme_end + 3);
    const auto authority_end = rest.find_first_of("/?#");
    std::string_view authority = rest.substr(0, authority_end);
    rest = authority_end == std::string_view::npos ? std::string_view() : rest.substr(authority_end);
    const auto at = authority.rfind('@');
    if (at != std::string_view::npos) authority = authority.substr(at + 1);
    // A port follows the last ':' unless that colon is inside an IPv6 literal.
    const auto colon = authority.rfind(':');
    const auto bracket = authority.rfind(']');
    if (colon != std::string_view::npos && (bracket == std::string_view::npos || colon > bracket)) {
        parts.host = authority.substr(0, colon);
        parts.port = authority.substr(colon + 1);
    } else {
        parts.host = authority;
    }
    const auto fragment = rest.find('#');
    if (fragment != std::string_view::npos) rest = rest.substr(0, fragment);
    const auto question = rest.find('?');
    if (question != std::string_view::npos) {
        parts.query = rest.substr(question + 1);
        parts.has_query = true;
        rest = rest.substr(0, question);
    }
    parts.path = rest;
    parts.ok = !parts.host.empty();
    return parts;
}

std::string parse_endpoint_pattern(std::string_view text, EndpointPattern& out) {
    const UrlParts parts = split_url(text);
    if (!parts.ok) return "expected a URL pattern like https://*.example.com/report";
    const std::string_view scheme = parts.scheme;
    if (scheme != "https" && scheme != "http" && scheme != "wss" && scheme != "ws")
        return "expected a URL pattern starting with https://, http://, wss:// or ws://";
    if (parts.has_query || text.find('#') != std::string_view::npos) return "a pattern has no query or fragment";
    if (text.find('@') != std::string_view::npos) return "a pattern has no user name or password";
    out.scheme = std::string(scheme);
    std::string_view host = parts.host;
    if (host.substr(0, 2) == "*.") {
        out.any_subdomain = true;
        host.remove_prefix(1);  // keep the dot: "*.x.com" matches "a.x.com", never "evilx.com"
    }
    if (host.empty() || host == ".") return "the pattern has no host";
    for (char c : host)
        if (!host_char(c)) return "the host may use letters, digits, '-', '.' and a leading \"*.\" only";
    out.host.clear();
    for (char c : host) out.host.push_back(lower(c));
    for (char c : parts.port)
        if (!redact::ascii::is_digit(c)) return "the port must be a number";
    // A written port is kept as the number it names (":0443" and the default ":443" too):
    // endpoint_matches compares it with the URL's port or, when the URL has none, its
    // scheme's default. No port at all matches any port.
    if (!parts.port.empty()) out.port = std::string(effective_port(scheme, parts.port));
    std::string_view path = parts.path.empty() ? std::string_view("/") : parts.path;
    if (!path.empty() && path.back() == '*') {
        out.path_prefix = true;
        path.remove_suffix(1);
    }
    if (path.find('*') != std::string_view::npos) return "'*' is allowed only at the start of the host and the end of the path";
    out.path = std::string(path);
    return "";
}

bool endpoint_matches(const EndpointPattern& pattern, const UrlParts& url) {
    if (!url.ok || !equal_ignoring_case(url.scheme, pattern.scheme)) return false;
    if (!pattern.port.empty() && effective_port(url.scheme, url.port) != pattern.port) return false;
    const std::string_view host = url.host;
    if (pattern.any_subdomain) {
        const std::string_view suffix = pattern.host;  // ".x.com"
        if (host.size() <= suffix.size() || !equal_ignoring_case(host.substr(host.size() - suffix.size()), suffix))
            return false;
    } else if (!equal_ignoring_case(host, pattern.host)) {
        return false;
    }
    const std::string_view path = url.path.empty() ? std::string_view("/") : url.path;
    if (pattern.path_prefix) return path.substr(0, pattern.path.size()) == pattern.path;
    return path == pattern.path;
}

}  // namespace rps
