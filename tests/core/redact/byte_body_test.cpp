// Bodies that come as bytes: compressed text opened, redacted and closed again; other
// binary data passed only where the endpoint says so.
#include <catch2/catch.hpp>

#include "../zlib_reference.hpp"
#include "core/compress/compressed.hpp"
#include "core/redact/byte_body.hpp"
#include "helpers.hpp"

using namespace rps::redact;
using rps::redact::testing::test_key;
using rps::test::zlib_compress;
using rps::test::zlib_decompress;

namespace {

const std::string kLog = R"({"event":"join","mail":"alice@example.com","ip":"203.0.113.77"})";
const std::string kRedacted = R"({"event":"join","mail":"[EMAIL]","ip":"[IPV4]"})";

RedactResult bytes_body(std::string_view bytes, BinaryBodies binary = BinaryBodies::drop, Policy policy = Policy()) {
    Redactor redactor(test_key());
    return redact_byte_body(redactor, bytes, Format::json, policy, binary);
}

bool has_count(const RedactResult& r, const std::string& name) {
    for (const auto& c : r.counts)
        if (c.name == name) return true;
    return false;
}

}  // namespace

TEST_CASE("a gzip body is redacted and stays gzip; a zlib body stays zlib") {
    REQUIRE(Redactor(test_key()).redact(kLog, Format::json, Policy()).body == kRedacted);
    for (auto [bits, container] : {std::pair{31, "gzip"}, std::pair{15, "zlib"}}) {
        INFO(container);
        const RedactResult r = bytes_body(zlib_compress(kLog, bits));
        REQUIRE_FALSE(r.dropped);
        CHECK(std::string(rps::compress::container_name(rps::compress::sniff_container(r.body))) == container);
        CHECK(zlib_decompress(r.body, bits) == kRedacted);
        CHECK(r.copies.empty());
        CHECK(has_count(r, std::string("container:") + container));
        CHECK(has_count(r, "email"));
    }
}

TEST_CASE("uncompressed bytes: UTF-8 is redacted as text, other binary follows the endpoint") {
    CHECK(bytes_body(kLog).body == kRedacted);
    const std::string protobuf("\x0a\x05hello\x12\x03\xff\xfe\x00", 12);
    const RedactResult dropped = bytes_body(protobuf);
    CHECK(dropped.dropped);
    CHECK(dropped.body.empty());
    CHECK(dropped.error == "binary body cannot be redacted: dropped (the endpoint does not declare \"binary\": \"pass\")");
    const RedactResult passed = bytes_body(protobuf, BinaryBodies::pass);
    CHECK_FALSE(passed.dropped);
    CHECK(passed.body == protobuf);
    CHECK(has_count(passed, "binary:pass"));
}

TEST_CASE("compressed binary data follows the endpoint's binary setting, compressed as it came") {
    const std::string packed = zlib_compress(std::string("\xff\x00\xfe", 3), 15);
    CHECK(bytes_body(packed).error == "zlib body holding binary data cannot be redacted: dropped (the endpoint does not declare \"binary\": \"pass\")");
    CHECK(bytes_body(packed, BinaryBodies::pass).body == packed);
}

TEST_CASE("a corrupt, truncated or oversized compressed body is dropped, with or without binary pass") {
    const std::string gz = zlib_compress(kLog, 31);
    std::string bad_crc = gz;
    bad_crc[gz.size() - 6] ^= 1;
    CHECK(bytes_body(bad_crc, BinaryBodies::pass).error == "gzip body: CRC-32 mismatch");
    CHECK(bytes_body(gz.substr(0, gz.size() / 2), BinaryBodies::pass).dropped);
    // Small compressed, large open: the cap is on what comes out, not only what goes in.
    std::string batch = "[" + kLog;
    for (int i = 0; i < 50; ++i) batch += "," + kLog;
    batch += "]";
    const std::string packed = zlib_compress(batch, 31);
    Policy small;
    small.max_body_bytes = batch.size() - 1;
    REQUIRE(packed.size() < small.max_body_bytes);
    const RedactResult bomb = bytes_body(packed, BinaryBodies::pass, small);
    CHECK(bomb.dropped);
    CHECK(bomb.error == "gzip body: decompresses to more than " + std::to_string(batch.size() - 1) + " bytes");
}

TEST_CASE("text that only looks like a zlib header is redacted as the text it is") {
    const std::string text = "HK mail alice@example.com";  // 'H' 'K' passes the zlib header check
    REQUIRE(rps::compress::sniff_container(text) == rps::compress::Container::zlib);
    Redactor redactor(test_key());
    const RedactResult r = redact_byte_body(redactor, text, Format::text, Policy(), BinaryBodies::drop);
    CHECK_FALSE(r.dropped);
    CHECK(r.body == "HK mail [EMAIL]");
}
