#include <catch2/catch.hpp>

#include <set>
#include <string>
#include <vector>

#include "core/ice_filter.hpp"
#include "core/redact/net_address.hpp"

using rps::AddressKind;
using rps::classify_address;
using rps::filter_candidate;
using rps::filter_sdp;
using rps::hide_address;
using rps::IceCounts;
using rps::IceNames;
using rps::IcePolicy;
using rps::restore_names;

namespace {

IceNames seeded(const char* hex = "0123456789abcdef") {
    IceNames names;
    REQUIRE(names.seed(hex));
    return names;
}

// What Chromium 156 in the test container emits once media permission is granted.
const std::string kHostV4 = "candidate:579070500 1 udp 2122194687 192.0.2.2 44667 typ host generation 0 ufrag hZFo network-id 1";
const std::string kHostV6 = "candidate:636585620 1 udp 2122265343 fd00::2 39623 typ host generation 0 ufrag hZFo network-id 2";
const std::string kSrflx = "candidate:842163049 1 udp 1677729535 203.0.114.7 51234 typ srflx raddr 192.168.1.20 rport 44667 generation 0 ufrag hZFo network-cost 999";
const std::string kRelay = "candidate:1853887674 1 udp 33562367 198.51.99.5 61000 typ relay raddr 203.0.114.7 rport 51234 generation 0 ufrag hZFo";

// Chrome's offer after gathering, CRLF line ends.
const std::string kOffer =
    "v=0\r\n"
    "o=- 657033206539609548 3 IN IP4 127.0.0.1\r\n"
    "s=-\r\n"
    "t=0 0\r\n"
    "a=group:BUNDLE 0\r\n"
    "m=application 44667 UDP/DTLS/SCTP webrtc-datachannel\r\n"
    "c=IN IP4 192.0.2.2\r\n"
    "a=rtcp:9 IN IP4 10.1.2.3\r\n"
    "a=candidate:1520945886 1 udp 2122194687 192.0.2.2 45109 typ host generation 0 network-id 1\r\n"
    "a=candidate:2445347646 1 udp 2122265343 fd00::2 57485 typ host generation 0 network-id 2\r\n"
    "a=candidate:2752323146 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 network-id 1\r\n"
    "a=candidate:842163049 1 udp 1677729535 203.0.114.7 51234 typ srflx raddr 192.0.2.2 rport 45109 generation 0\r\n"
    "a=ice-ufrag:hZFo\r\n"
    "a=mid:0\r\n";

// Every token of `text` (split on spaces, line ends, '/') that is a well-formed IP literal (the
// redactor's strict parsers) and local, other than the placeholders browsers write whatever
// the host (unspecified, and 127.0.0.1 in o=).
std::vector<std::string> local_addresses(const std::string& text) {
    std::vector<std::string> found;
    std::string token;
    auto flush = [&]() {
        const bool literal = !token.empty() && (rps::redact::match_ipv4(token, 0) == token.size() ||
                                                rps::redact::match_ipv6(token, 0) == token.size());
        if (literal && token != "0.0.0.0" && token != "::" && token != "127.0.0.1" &&
            classify_address(token) == AddressKind::local)
            found.push_back(token);
        token.clear();
    };
    for (char c : text) {
        if (c == ' ' || c == '\r' || c == '\n' || c == '/') flush();
        else token.push_back(c);
    }
    flush();
    return found;
}

// The lines of an SDP that carry addresses by their grammar.
std::string address_lines(const std::string& sdp) {
    std::string out;
    std::size_t pos = 0;
    while (pos < sdp.size()) {
        std::size_t end = sdp.find('\n', pos);
        end = end == std::string::npos ? sdp.size() : end + 1;
        const std::string line = sdp.substr(pos, end - pos);
        for (const char* prefix : {"a=candidate:", "c=", "o=", "a=rtcp:"})
            if (line.rfind(prefix, 0) == 0) out += line;
        pos = end;
    }
    return out;
}

}  // namespace

TEST_CASE("classify_address: addresses that are not globally reachable are local") {
    for (const char* a : {"10.0.0.1", "172.16.0.1", "172.31.255.255", "192.168.1.20", "127.0.0.1", "169.254.10.20",
                          "100.64.0.1", "100.127.255.254", "0.0.0.0", "192.0.2.2", "198.51.100.7", "203.0.113.9",
                          "198.18.0.1", "198.19.255.1", "192.0.0.8", "224.0.0.251", "240.1.2.3", "255.255.255.255",
                          "::", "::1", "fd00::2", "fc12:3456::1", "fe80::fc:ff:fe00:1", "fe80::1%eth0", "[fd00::2]",
                          "FE80::1", "fec0::1", "ff02::fb", "::ffff:192.168.1.1", "::ffff:c0a8:101", "::10.0.0.1",
                          "64:ff9b::10.0.0.1", "64:ff9b:1::1", "2001:db8::1", "2001:2::1", "3fff::1", "100::1",
                          "::2:3",
                          // Forms that could embed a public IPv4 address, and malformed literals: local,
                          // failing closed (no browser writes them for a host candidate).
                          "::ffff:8.8.8.8", "64:ff9b::8.8.8.8", "fd00::2::3", "fd00:::2", "dead::beef", "20011::1",
                          "2001:12345::1", "1.2.3.4:5"}) {
        INFO(a);
        CHECK(classify_address(a) == AddressKind::local);
    }
}

TEST_CASE("classify_address: public addresses stay global; anything else is not an address") {
    for (const char* a : {"8.8.8.8", "203.0.114.7", "172.32.0.1", "172.15.255.255", "100.128.0.1", "100.63.255.255",
                          "192.169.0.1", "169.255.0.1", "198.51.99.5", "198.20.0.1", "223.255.255.255", "1.1.1.1",
                          "2a00:1450:4001:80b::200e", "2001:4860::8888", "[2606:4700::1111]", "2002:0808:0808::1",
                          "2001::1", "2400:cb00::1%eth0"}) {
        INFO(a);
        CHECK(classify_address(a) == AddressKind::global);
    }
    for (const char* a : {"", "a59b3115-20e1-4db3-82de-a8ae1ea37d31.local", "localhost", "192.168.1", "192.168.1.256",
                          "010.0.0.1", "1.2.3.4.5", "[fd00::2", "fe80::1%", "fe80::1%et h0", "fd00::g", "192.168.1.1 ",
                          " 10.0.0.1", "fd00::2 "}) {
        INFO(a);
        CHECK(classify_address(a) == AddressKind::not_ip);
    }
}

TEST_CASE("is_mdns_name: one label under .local") {
    CHECK(rps::is_mdns_name("a59b3115-20e1-4db3-82de-a8ae1ea37d31.local"));
    CHECK(rps::is_mdns_name("Host-1.LOCAL"));
    for (const std::string& n : {std::string(".local"), std::string("local"), std::string("a.b.local"), std::string("a_b.local"),
                                  std::string("a.localx"), std::string("192.168.1.2"), std::string(64, 'a') + ".local"}) {
        INFO(n);
        CHECK_FALSE(rps::is_mdns_name(n));
    }
}

TEST_CASE("IceNames: one v4 UUID .local name per address, stable for the session") {
    IceNames names = seeded();
    const std::string a = names.name_for("192.0.2.2");
    const std::string b = names.name_for("fd00::2");
    CHECK(a.size() == 42);
    CHECK(rps::is_mdns_name(a));
    CHECK(a[8] == '-');
    CHECK(a[14] == '4');  // version 4
    CHECK(std::string("89ab").find(a[19]) != std::string::npos);  // RFC 4122 variant
    CHECK(a != b);
    CHECK(names.name_for("192.0.2.2") == a);
    CHECK(names.name_for("[fd00::2]") == b);
    CHECK(names.address_of(a) == "192.0.2.2");
    CHECK(names.address_of(b) == "fd00::2");
    CHECK(names.address_of("00000000-0000-4000-8000-000000000000.local").empty());
    CHECK(seeded("fedcba9876543210").name_for("192.0.2.2") != a);
    CHECK(seeded().name_for("192.0.2.2") == a);  // the seed alone decides
}

TEST_CASE("IceNames: no seed, no names; the first good seed stays; the table is bounded") {
    IceNames names;
    CHECK(names.name_for("10.0.0.1").empty());
    CHECK_FALSE(names.seed(""));
    CHECK_FALSE(names.seed("0123456789abcde"));
    CHECK_FALSE(names.seed("0123456789abcdeg"));
    CHECK_FALSE(names.seed("0123456789abcdef0"));
    CHECK_FALSE(names.seeded());
    REQUIRE(names.seed("0123456789ABCDEF"));
    const std::string first = names.name_for("10.0.0.1");
    CHECK(names.seed("fedcba9876543210"));
    CHECK(names.name_for("10.0.0.1") == first);
    std::set<std::string> distinct;
    for (std::size_t i = 0; i < IceNames::kMaxNames + 10; ++i) distinct.insert(names.name_for("10.0.0." + std::to_string(i)));
    CHECK(names.size() == IceNames::kMaxNames);
    CHECK(distinct.size() == IceNames::kMaxNames + 1);  // the names, and "" once full
    CHECK(distinct.count("") == 1);
}

TEST_CASE("filter_candidate: local host addresses become the session's names, the rest of the line stays") {
    IceNames names = seeded();
    IceCounts counts;
    const IcePolicy policy;
    const std::string v4 = filter_candidate(kHostV4, policy, names, counts);
    const std::string v6 = filter_candidate("a=" + kHostV6, policy, names, counts);
    CHECK(v4 == "candidate:579070500 1 udp 2122194687 " + names.name_for("192.0.2.2") +
                    " 44667 typ host generation 0 ufrag hZFo network-id 1");
    CHECK(v6 == "a=candidate:636585620 1 udp 2122265343 " + names.name_for("fd00::2") +
                    " 39623 typ host generation 0 ufrag hZFo network-id 2");
    CHECK(counts.renamed == 2);
    CHECK(counts.dropped == 0);
    const std::string tcp = "candidate:2752323146 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0";
    CHECK(filter_candidate(tcp, policy, names, counts) ==
          "candidate:2752323146 1 tcp 1518214911 " + names.name_for("192.0.2.2") + " 9 typ host tcptype active generation 0");
}

TEST_CASE("filter_candidate: public and mDNS addresses pass; a local related address is hidden") {
    IceNames names = seeded();
    IceCounts counts;
    const IcePolicy policy;
    const std::string public_host = "candidate:1 1 udp 2122194687 8.8.4.4 5000 typ host generation 0";
    const std::string mdns = "candidate:1 1 udp 2113937151 a59b3115-20e1-4db3-82de-a8ae1ea37d31.local 34406 typ host generation 0 network-cost 999";
    CHECK(filter_candidate(public_host, policy, names, counts) == public_host);
    CHECK(filter_candidate(mdns, policy, names, counts) == mdns);
    CHECK(filter_candidate(kRelay, policy, names, counts) == kRelay);
    CHECK_FALSE(counts.changed());
    CHECK(filter_candidate(kSrflx, policy, names, counts) ==
          "candidate:842163049 1 udp 1677729535 203.0.114.7 51234 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag hZFo network-cost 999");
    CHECK(filter_candidate("candidate:9 1 udp 1677729535 2a00:1450::1 5000 typ srflx raddr fe80::1 rport 6000", policy, names, counts) ==
          "candidate:9 1 udp 1677729535 2a00:1450::1 5000 typ srflx raddr :: rport 0");
    CHECK(filter_candidate("candidate:9 1 udp 1677729535 8.8.8.8 5000 typ srflx raddr 0.0.0.0 rport 0", policy, names, counts) ==
          "candidate:9 1 udp 1677729535 8.8.8.8 5000 typ srflx raddr 0.0.0.0 rport 0");
    CHECK(filter_candidate("candidate:9 1 udp 2122194687 8.8.8.8 5000 typ host generation 0 x-addr 10.0.0.1", policy, names, counts) ==
          "candidate:9 1 udp 2122194687 8.8.8.8 5000 typ host generation 0 x-addr 0.0.0.0");
    CHECK(counts.hidden == 3);
    CHECK(names.size() == 0);
}

TEST_CASE("filter_candidate: without a seed local candidates drop; a closed engine drops every host candidate") {
    IceNames unseeded;
    IceCounts counts;
    CHECK(filter_candidate(kHostV4, IcePolicy{}, unseeded, counts).empty());
    CHECK(counts.dropped == 1);

    IceNames names = seeded();
    IcePolicy closed;
    closed.closed = true;
    CHECK(filter_candidate(kHostV4, closed, names, counts).empty());
    CHECK(filter_candidate("candidate:1 1 udp 2122194687 8.8.4.4 5000 typ host", closed, names, counts).empty());
    CHECK(filter_candidate("candidate:1 1 udp 2113937151 abc.local 5000 typ host", closed, names, counts).empty());
    CHECK(filter_candidate("candidate:1 1 udp 1677729535 10.9.9.9 5000 typ srflx raddr 10.0.0.1 rport 1", closed, names, counts).empty());
    CHECK(filter_candidate(kRelay, closed, names, counts) ==
          "candidate:1853887674 1 udp 33562367 198.51.99.5 61000 typ relay raddr 0.0.0.0 rport 0 generation 0 ufrag hZFo");
    CHECK(names.size() == 0);
}

TEST_CASE("filter_candidate: relay-only shows relay candidates only; privacy off shows everything") {
    IceNames names = seeded();
    IceCounts counts;
    IcePolicy relay;
    relay.relay_only = true;
    CHECK(filter_candidate(kHostV4, relay, names, counts).empty());
    CHECK(filter_candidate(kSrflx, relay, names, counts).empty());
    CHECK(filter_candidate(kRelay, relay, names, counts) == kRelay);
    IcePolicy off;
    off.hide_local = false;
    CHECK(filter_candidate(kHostV4, off, names, counts) == kHostV4);
    CHECK(filter_candidate(kSrflx, off, names, counts) == kSrflx);
    CHECK(filter_candidate(kRelay + "\na=candidate:1 1 udp 1 10.0.0.1 5 typ host", off, names, counts).empty());
    off.relay_only = true;
    CHECK(filter_candidate(kHostV4, off, names, counts).empty());
    CHECK(filter_candidate("", off, names, counts).empty());
    CHECK(counts.dropped == 4);
}

TEST_CASE("filter_candidate: lines a browser does not write are dropped") {
    IceNames names = seeded();
    // Within the limit as the browser wrote it, past it with the name in place of the address.
    std::string near_limit = kHostV4 + " x-pad ";
    near_limit += std::string(rps::kMaxCandidateBytes - near_limit.size(), 'p');
    IceCounts long_counts;
    CHECK(filter_candidate(near_limit, IcePolicy{}, names, long_counts).empty());
    CHECK(long_counts.dropped == 1);
    for (const std::string& line : std::vector<std::string>{
             "candidate:1 1 udp 2122194687 192.0.2.2 44667 typ",
             "candidate:1 1 udp 2122194687 192.0.2.2 44667 type host",
             "candidate:1 1 udp 2122194687 192.0.2.2 44667 typ host generation",
             "candidate:1 1 udp 2122194687 192.0.2.2  44667 typ host",
             "candidate:1 1 udp 2122194687 192.0.2.2 44667 typ host ",
             " candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ router",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host\r",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host x\ty",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host x \xC3\xA9",
             "candidate:1 1 udp 2122194687 myhost.corp.example 44667 typ host",
             "candidate:1 1 udp 2122194687 [fd00::2 44667 typ host",
             "cand:1 1 udp 2122194687 8.8.8.8 44667 typ host",
             "b=candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host" + std::string(1024, 'x'),
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host" + std::string(40, ' ') + "a",
             "candidate:10.0.0.1 1 udp 2122194687 8.8.8.8 44667 typ host",
             "candidate:" + std::string(33, 'f') + " 1 udp 2122194687 8.8.8.8 44667 typ host",
             "candidate:1 one udp 2122194687 8.8.8.8 44667 typ host",
             "candidate:1 1 udp 2122194687 8.8.8.8 4466x typ host",
             "candidate:1 1 udp 21221946870000 8.8.8.8 44667 typ host",
             "candidate:1 1 udp 2122194687 8.8.8.8 44667 typ host 10.0.0.1 x",
             "candidate:1 1 fd00::2 2122194687 8.8.8.8 44667 typ host",
         }) {
        INFO(line);
        IceCounts counts;
        CHECK(filter_candidate(line, IcePolicy{}, names, counts).empty());
        CHECK(counts.dropped == 1);
    }
}

TEST_CASE("filter_sdp: no local address is left in an offer, the rest is as the browser wrote it") {
    IceNames names = seeded();
    IceCounts counts;
    const std::string shown = filter_sdp(kOffer, IcePolicy{}, names, counts);
    CHECK(local_addresses(kOffer).size() == 6);
    CHECK(local_addresses(shown).empty());
    // The offer with its addresses replaced, nothing else.
    std::string expected = kOffer;
    for (const auto& [from, to] : std::vector<std::pair<std::string, std::string>>{
             {"c=IN IP4 192.0.2.2", "c=IN IP4 0.0.0.0"},
             {"a=rtcp:9 IN IP4 10.1.2.3", "a=rtcp:9 IN IP4 0.0.0.0"},
             {"raddr 192.0.2.2 rport 45109", "raddr 0.0.0.0 rport 0"},
             {" 192.0.2.2 ", " " + names.name_for("192.0.2.2") + " "},
             {" fd00::2 ", " " + names.name_for("fd00::2") + " "}}) {
        for (std::size_t at = expected.find(from); at != std::string::npos; at = expected.find(from, at + to.size()))
            expected.replace(at, from.size(), to);
    }
    CHECK(shown == expected);
    CHECK(shown.find("o=- 657033206539609548 3 IN IP4 127.0.0.1\r\n") != std::string::npos);
    CHECK(counts.renamed == 3);
    CHECK(counts.hidden == 3);
    CHECK(counts.dropped == 0);
}

TEST_CASE("filter_sdp: session lines of every shape") {
    IceNames names = seeded();
    IceCounts counts;
    const IcePolicy policy;
    CHECK(filter_sdp("c=IN IP6 fd00::2\nc=IN IP4 224.2.1.1/127\nc=IN IP4 8.8.8.8\nc=IN IP4 0.0.0.0", policy, names, counts) ==
          "c=IN IP6 ::\nc=IN IP4 0.0.0.0\nc=IN IP4 8.8.8.8\nc=IN IP4 0.0.0.0");
    CHECK(filter_sdp("o=- 1 2 IN IP4 192.168.0.9\r\no=- 1 2 IN IP6 ::1\r\na=rtcp:9\r\na=rtcp:9 IN IP6 fe80::1\r\n", policy, names, counts) ==
          "o=- 1 2 IN IP4 0.0.0.0\r\no=- 1 2 IN IP6 ::1\r\na=rtcp:9\r\na=rtcp:9 IN IP6 ::\r\n");
    // Shapes a browser does not write are left out rather than vouched for.
    CHECK(filter_sdp("v=0\r\nc=IN IP4\r\nc=IN IP4 10.0.0.1 10.0.0.2\r\nc=IN  IP4 10.0.0.1\r\na=rtcp:9 IN IP4 10.0.0.1 x\r\no=- 1 IN IP4 10.0.0.1\r\ns=-\r\n",
                     policy, names, counts) == "v=0\r\ns=-\r\n");
    CHECK(filter_sdp("c=IN IP4 8.8.8.8/10.0.0.1\nc=XX IP4 10.0.0.1\nc=IN IPX 10.0.0.1\no=10.0.0.1 1 2 IN IP4 8.8.8.8\n"
                     "o=- 1 fd00::2 IN IP4 8.8.8.8\na=rtcp:9 IP4 IN 10.0.0.1\na=rtcp:9\r10.0.0.1\na=rtcp:\nc=IN IP4 8.8.8.8/127\n",
                     policy, names, counts) == "c=IN IP4 8.8.8.8/127\n");
    CHECK(filter_sdp("a=candidate:broken\r\na=mid:0", policy, names, counts) == "a=mid:0");
    CHECK(filter_sdp("", policy, names, counts).empty());
}

TEST_CASE("filter_sdp: privacy off changes nothing but relay-only still drops non-relay candidates") {
    IceNames names = seeded();
    IceCounts counts;
    IcePolicy off;
    off.hide_local = false;
    CHECK(filter_sdp(kOffer, off, names, counts) == kOffer);
    off.relay_only = true;
    const std::string shown = filter_sdp(kOffer, off, names, counts);
    CHECK(shown.find("a=candidate") == std::string::npos);
    CHECK(shown.find("c=IN IP4 192.0.2.2") != std::string::npos);
    CHECK(counts.dropped == 4);
}

TEST_CASE("hide_address: stats and event fields") {
    const IcePolicy policy;
    CHECK(hide_address("192.0.2.2", policy).empty());
    CHECK(hide_address("fd00::2", policy).empty());
    CHECK(hide_address("[fe80::1]", policy).empty());
    CHECK(hide_address("garbage", policy).empty());
    CHECK(hide_address("8.8.8.8", policy) == "8.8.8.8");
    CHECK(hide_address("a59b3115-20e1-4db3-82de-a8ae1ea37d31.local", policy) == "a59b3115-20e1-4db3-82de-a8ae1ea37d31.local");
    CHECK(hide_address("", policy).empty());
    IcePolicy closed;
    closed.closed = true;
    CHECK(hide_address("8.8.8.8", closed).empty());
    IcePolicy off;
    off.hide_local = false;
    CHECK(hide_address("192.168.1.1", off) == "192.168.1.1");
}

TEST_CASE("restore_names: what the page hands back reaches the browser with the real addresses") {
    IceNames names = seeded();
    IceCounts counts;
    CHECK(restore_names(kHostV4, names, false) == kHostV4);  // no names given out yet: a plain copy
    const std::string shown = filter_candidate(kHostV4, IcePolicy{}, names, counts);
    REQUIRE(shown != kHostV4);
    CHECK(restore_names(shown, names, false) == kHostV4);
    CHECK(restore_names("a=" + shown, names, false) == "a=" + kHostV4);

    const std::string offer = filter_sdp(kOffer, IcePolicy{}, names, counts);
    const std::string back = restore_names(offer, names, false);
    for (const char* line : {"a=candidate:1520945886 1 udp 2122194687 192.0.2.2 45109 typ host generation 0 network-id 1\r\n",
                             "a=candidate:2445347646 1 udp 2122265343 fd00::2 57485 typ host generation 0 network-id 2\r\n",
                             "a=candidate:2752323146 1 tcp 1518214911 192.0.2.2 9 typ host tcptype active generation 0 network-id 1\r\n"}) {
        INFO(line);
        CHECK(back.find(line) != std::string::npos);
    }
    CHECK(back.size() < kOffer.size());  // c=, a=rtcp and raddr stay hidden: the browser does not need them

    // Names of another page, and lines that are not candidates, pass as they are.
    for (const std::string& text : {std::string("candidate:1 1 udp 1 a59b3115-20e1-4db3-82de-a8ae1ea37d31.local 5 typ host"),
                                    "a=mid:" + names.name_for("192.0.2.2"), std::string("candidate:1 1 udp"),
                                    std::string("candidate:"), std::string("\r\n\n")}) {
        INFO(text);
        CHECK(restore_names(text, names, false) == text);
    }
}

TEST_CASE("filter_candidate, filter_sdp: the page's own text never gets the session's names") {
    IceNames names = seeded();
    IceCounts counts;
    const std::string own = filter_candidate(kHostV4, IcePolicy{}, names, counts);
    REQUIRE(names.size() == 1);
    IcePolicy page;
    page.page_text = true;
    // A page that guesses this machine's address sees a name, but not the one its own
    // candidate showed, nor the same one twice: a right guess looks like a wrong one.
    const std::string guessed = filter_candidate(kHostV4, page, names, counts);
    const std::string wrong = filter_candidate("candidate:579070500 1 udp 2122194687 10.9.8.7 44667 typ host generation 0 ufrag hZFo network-id 1",
                                               page, names, counts);
    const std::string again = filter_candidate(kHostV4, page, names, counts);
    for (const std::string& line : {guessed, wrong, again}) {
        INFO(line);
        CHECK(line.size() == own.size());
        CHECK(rps::is_mdns_name(line.substr(37, 42)));
        CHECK(local_addresses(line).empty());
    }
    CHECK(guessed != own);
    CHECK(guessed != again);
    CHECK(guessed.substr(37, 42) != wrong.substr(37, 42));
    CHECK(names.size() == 1);  // nothing added: no page can fill the table either
    CHECK(restore_names(guessed, names, false) == guessed);
    CHECK(counts.renamed == 4);

    const std::string sdp = filter_sdp(kOffer, page, names, counts);
    CHECK(local_addresses(sdp).empty());
    CHECK(sdp.find(names.name_for("192.0.2.2")) == std::string::npos);
    CHECK(names.size() == 1);
    IceNames unseeded;
    CHECK(filter_candidate(kHostV4, page, unseeded, counts).empty());
    CHECK(filter_candidate(kSrflx, page, names, counts) ==
          "candidate:842163049 1 udp 1677729535 203.0.114.7 51234 typ srflx raddr 0.0.0.0 rport 0 generation 0 ufrag hZFo network-cost 999");
}

TEST_CASE("restore_names: a local description keeps only candidate lines with a name or a global address") {
    IceNames names = seeded();
    IceCounts counts;
    const std::string named = filter_candidate(kHostV4, IcePolicy{}, names, counts);
    const std::string mdns = "a=candidate:1 1 udp 2113937151 a59b3115-20e1-4db3-82de-a8ae1ea37d31.local 34406 typ host";
    const std::string sdp = "v=0\r\n"
                            "c=IN IP4 0.0.0.0\r\n"
                            "a=" + named + "\r\n" +
                            mdns + "\r\n"
                            "a=candidate:2 1 udp 1677729535 8.8.8.8 5000 typ srflx raddr 0.0.0.0 rport 0\r\n"
                            "a=candidate:3 1 udp 2122194687 192.0.2.2 5000 typ host\r\n"
                            "a=candidate:4 1 udp 2122194687 10.9.8.7 5000 typ host\r\n"
                            "a=candidate:5 1 udp 2122194687  192.0.2.2 5000 typ host\r\n"
                            "a=candidate:6 1 udp 2122194687 0xC0.0.2.2 5000 typ host\n"
                            "a=candidate:7 1 udp\r\n"
                            "a=mid:0\r\n";
    CHECK(restore_names(sdp, names, true) == "v=0\r\nc=IN IP4 0.0.0.0\r\na=" + kHostV4 + "\r\n" + mdns +
                                                 "\r\na=candidate:2 1 udp 1677729535 8.8.8.8 5000 typ srflx raddr 0.0.0.0 rport 0\r\n"
                                                 "a=mid:0\r\n");
    // The same without a name given out yet, and for a remote description: as the page wrote it.
    CHECK(restore_names(sdp, IceNames(), true).find("192.0.2.2") == std::string::npos);
    CHECK(restore_names("a=candidate:3 1 udp 2122194687 192.0.2.2 5000 typ host", names, false) ==
          "a=candidate:3 1 udp 2122194687 192.0.2.2 5000 typ host");
}

// A browser writes none of these; what matters is that the address-bearing lines still show no
// local address and nothing reads out of bounds (npm run fuzz builds with ASan).
TEST_CASE("filters never leak and never fail on damaged input") {
    IceNames names = seeded();
    const IcePolicy policy;
    // Every prefix, and every one-byte change to bytes that matter to the grammar.
    for (std::size_t cut = 0; cut <= kOffer.size(); ++cut) {
        IceCounts counts;
        const std::string part = kOffer.substr(0, cut);
        INFO(part);
        CHECK(local_addresses(address_lines(filter_sdp(part, policy, names, counts))).empty());
        restore_names(part, names, false);
        restore_names(part, names, true);
    }
    const std::string bytes = std::string(" \r\n:./=a0\0\xff", 12);
    for (std::size_t at = 0; at < kOffer.size(); ++at) {
        for (char b : bytes) {
            std::string damaged = kOffer;
            damaged[at] = b;
            IceCounts counts;
            const std::string shown = filter_sdp(damaged, policy, names, counts);
            INFO(damaged);
            CHECK(local_addresses(address_lines(shown)).empty());
            CHECK(local_addresses(filter_candidate(damaged.substr(at), policy, names, counts)).empty());
        }
    }
}
