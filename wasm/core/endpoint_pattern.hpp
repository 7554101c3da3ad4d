// Which requests belong to a declared SDK endpoint. A pattern is scheme://host[:port]/path:
// the host may start with "*." (any subdomain, at any depth, not the bare domain), the path
// may end with "*" (a prefix); the query and fragment of a request never take part.
// Requests are matched on the normalized href the browser's URL parser gives.
#pragma once

#include <string>
#include <string_view>

namespace rps {

struct EndpointPattern {
    std::string scheme;  // "https", "http", "wss", "ws"
    std::string host;    // lowercase; for "*.x.com" this holds ".x.com"
    bool any_subdomain = false;
    std::string port;    // "" matches any port; else digits without leading zeros, the
                         // scheme's default (443, 80) matching URLs that leave it out
    std::string path;    // "/report" or, with path_prefix, "/v1/"
    bool path_prefix = false;
};

// Returns "" on success, or why the pattern is unusable.
std::string parse_endpoint_pattern(std::string_view text, EndpointPattern& out);

struct UrlParts {
    std::string_view scheme;
    std::string_view host;   // as written, an IPv6 literal with its brackets
    std::string_view port;
    std::string_view path;   // from the first '/' to before '?' or '#'; may be empty
    std::string_view query;  // after '?', before '#'; empty when absent
    bool has_query = false;
    bool ok = false;
};

UrlParts split_url(std::string_view url);
bool endpoint_matches(const EndpointPattern& pattern, const UrlParts& url);

}  // namespace rps
