#include <catch2/catch.hpp>

#include <string>
#include <vector>

#include "core/engine.hpp"
#include "core/ice_guard.hpp"
#include "core/manifest.hpp"
#include "fixtures.hpp"

using rps::Engine;
using rps::IceGuard;
using rps::test::kManifest;
using rps::test::manifest_with;

using rps::test::loaded;

using rps::test::manifest_errors;

namespace {

const std::string kHost = "candidate:579070500 1 udp 2122194687 192.0.2.2 44667 typ host generation 0";
const std::string kRelay = "candidate:1 1 udp 33562367 198.51.99.5 61000 typ relay raddr 203.0.114.7 rport 51234";

std::string with_webrtc(const std::string& settings) {
    return manifest_with(R"("sdks": [)", R"("defaults": { "webrtc": )" + settings + R"( }, "sdks": [)");
}

}  // namespace

TEST_CASE("defaults.webrtc: privacy on and relay off unless the manifest says otherwise") {
    const auto plain = rps::parse_manifest(kManifest);
    REQUIRE(plain.errors.empty());
    CHECK(plain.manifest.defaults.webrtc.hide_local_addresses);
    CHECK_FALSE(plain.manifest.defaults.webrtc.relay_only);
    const auto set = rps::parse_manifest(with_webrtc(R"({ "hideLocalAddresses": false, "relayOnly": true })"));
    REQUIRE(set.errors.empty());
    CHECK_FALSE(set.manifest.defaults.webrtc.hide_local_addresses);
    CHECK(set.manifest.defaults.webrtc.relay_only);
    CHECK(rps::parse_manifest(with_webrtc("{}")).errors.empty());
}

TEST_CASE("defaults.webrtc: mistakes name their path") {
    CHECK(manifest_errors(with_webrtc(R"({ "relayonly": true })")) ==
          std::vector<std::string>{R"(defaults.webrtc.relayonly: unknown key "relayonly")"});
    CHECK(manifest_errors(with_webrtc(R"({ "hideLocalAddresses": "yes" })")) ==
          std::vector<std::string>{"defaults.webrtc.hideLocalAddresses: expected true or false"});
    CHECK(manifest_errors(with_webrtc(R"({ "relayOnly": 1 })")) ==
          std::vector<std::string>{"defaults.webrtc.relayOnly: expected true or false"});
    CHECK(manifest_errors(with_webrtc("true")) == std::vector<std::string>{"defaults.webrtc: expected an object"});
}

TEST_CASE("IceGuard: an open engine renames local candidates and records the first sight only") {
    Engine engine = loaded(kManifest);
    IceGuard guard;
    REQUIRE(guard.seed("0123456789abcdef"));
    const auto before = engine.ledger().total();
    const std::string shown = guard.candidate(engine, kHost, false, true, 2000);
    CHECK(shown.find("192.0.2.2") == std::string::npos);
    CHECK(shown.find(".local 44667 typ host") != std::string::npos);
    REQUIRE(engine.ledger().total() == before + 1);
    const auto& entry = engine.ledger().newest();
    CHECK(entry.surface == "webrtc");
    CHECK(entry.action == "generalize");
    CHECK(entry.reason == "ICE candidate: local addresses renamed 1, hidden 0; candidates dropped 0");
    CHECK(entry.time == 2000);
    CHECK(guard.candidate(engine, kHost, false, false, 2001) == shown);
    CHECK(guard.candidate(engine, kRelay, false, true, 2002) == kRelay);  // nothing hidden, nothing recorded
    CHECK(engine.ledger().total() == before + 1);
    CHECK(guard.restore(engine, shown, false) == kHost);
    CHECK(guard.address(engine, "192.0.2.2").empty());
    CHECK(guard.address(engine, "198.51.99.5") == "198.51.99.5");
    CHECK_FALSE(guard.relay_only(engine, 2003));
    CHECK(engine.ledger().total() == before + 1);

    const std::string sdp = guard.sdp(engine, "v=0\r\nc=IN IP4 192.0.2.2\r\na=" + kHost + "\r\n", false, true, 2004);
    CHECK(sdp == "v=0\r\nc=IN IP4 0.0.0.0\r\na=" + shown + "\r\n");
    CHECK(engine.ledger().newest().reason == "SDP: local addresses renamed 1, hidden 1; candidates dropped 0");
}

TEST_CASE("IceGuard: the page's own text gets names no table holds; its local-description lines are dropped") {
    Engine engine = loaded(kManifest);
    IceGuard guard;
    REQUIRE(guard.seed("0123456789abcdef"));
    const std::string shown = guard.candidate(engine, kHost, false, true, 1);
    const auto before = engine.ledger().total();
    const std::string guessed = guard.candidate(engine, kHost, true, false, 2);
    CHECK(guessed.find(".local 44667 typ host") != std::string::npos);
    CHECK(guessed != shown);
    CHECK(guard.restore(engine, guessed, false) == guessed);
    const std::string sdp = guard.sdp(engine, "a=" + kHost + "\r\n", true, false, 3);
    CHECK(sdp.find(".local 44667 typ host") != std::string::npos);
    CHECK(sdp != "a=" + shown + "\r\n");
    CHECK(engine.ledger().total() == before);
    // A local description: the page's raw line goes, the named one comes back as the address.
    CHECK(guard.restore(engine, "a=" + kHost + "\r\na=" + shown + "\r\n", true) == "a=" + kHost + "\r\n");
    CHECK(guard.restore(engine, "a=" + kHost + "\r\n", false) == "a=" + kHost + "\r\n");
    // Privacy off: nothing to guess, the page's lines pass.
    Engine off = loaded(with_webrtc(R"({ "hideLocalAddresses": false })"));
    CHECK(guard.restore(off, "a=" + kHost + "\r\n", true) == "a=" + kHost + "\r\n");
}

TEST_CASE("IceGuard: relay-only is forced and recorded; privacy off passes addresses") {
    Engine engine = loaded(with_webrtc(R"({ "hideLocalAddresses": false, "relayOnly": true })"));
    IceGuard guard;
    REQUIRE(guard.seed("0123456789abcdef"));
    CHECK(guard.relay_only(engine, 10));
    CHECK(engine.ledger().newest().reason == "peer connection: ICE transport policy set to relay");
    CHECK(guard.candidate(engine, kHost, false, true, 11).empty());
    CHECK(engine.ledger().newest().action == "deny");
    CHECK(engine.ledger().newest().reason == "ICE candidate: local addresses renamed 0, hidden 0; candidates dropped 1 (relay only)");
    CHECK(guard.candidate(engine, kRelay, false, true, 12) == kRelay);
    CHECK(guard.address(engine, "192.0.2.2") == "192.0.2.2");
}

TEST_CASE("IceGuard: a closed engine drops host candidates, hides every address, forces nothing") {
    Engine engine;  // no manifest: closed
    REQUIRE(engine.closed());
    IceGuard guard;
    REQUIRE(guard.seed("0123456789abcdef"));
    CHECK(guard.candidate(engine, kHost, false, true, 5).empty());
    CHECK(engine.ledger().newest().reason == "ICE candidate: local addresses renamed 0, hidden 0; candidates dropped 1 (engine closed)");
    CHECK(guard.candidate(engine, kRelay, false, false, 6) == "candidate:1 1 udp 33562367 198.51.99.5 61000 typ relay raddr 0.0.0.0 rport 0");
    CHECK(guard.address(engine, "8.8.8.8").empty());
    CHECK_FALSE(guard.relay_only(engine, 7));
    // A manifest that turns privacy off cannot do so once it fails to load.
    Engine broken;
    CHECK_FALSE(broken.load(with_webrtc(R"({ "hideLocalAddresses": false, "x": 1 })"), 8).empty());
    CHECK(guard.candidate(broken, kHost, false, false, 9).empty());
    CHECK(guard.address(broken, "192.0.2.2").empty());
}

TEST_CASE("IceGuard: without a seed local candidates are dropped") {
    Engine engine = loaded(kManifest);
    IceGuard guard;
    CHECK_FALSE(guard.seed("not hex"));
    CHECK(guard.candidate(engine, kHost, false, true, 1).empty());
    CHECK(engine.ledger().newest().action == "deny");
}
