#include <catch2/catch.hpp>

#include <string>

#include "core/redact/sha256.hpp"

using rps::redact::append_hex;
using rps::redact::Digest;
using rps::redact::HmacSha256;

namespace {

std::string hex(const Digest& d, std::size_t bytes = 32) {
    std::string s;
    append_hex(s, d, bytes);
    return s;
}

std::string bytes_from_hex(std::string_view h) {
    std::string out;
    auto nib = [](char c) { return c <= '9' ? c - '0' : (c | 0x20) - 'a' + 10; };
    for (std::size_t i = 0; i + 1 < h.size(); i += 2) out.push_back(char(nib(h[i]) * 16 + nib(h[i + 1])));
    return out;
}

}  // namespace

TEST_CASE("sha256 matches FIPS 180-4 examples") {
    CHECK(hex(rps::redact::sha256("")) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
    CHECK(hex(rps::redact::sha256("abc")) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad");
    CHECK(hex(rps::redact::sha256("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq")) ==
          "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1");
    // A million 'a', fed in uneven chunks to cover the buffering paths.
    rps::redact::Sha256 s;
    std::string chunk(997, 'a');
    std::size_t left = 1000000;
    while (left > 0) {
        std::size_t n = left < chunk.size() ? left : chunk.size();
        s.update(std::string_view(chunk.data(), n));
        left -= n;
    }
    CHECK(hex(s.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0");
}

TEST_CASE("hmac-sha256 matches RFC 4231") {
    struct Vector {
        std::string key, data, mac;
        std::size_t bytes;
    };
    const Vector vectors[] = {
        {std::string(20, '\x0b'), "Hi There",
         "b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7", 32},
        {"Jefe", "what do ya want for nothing?",
         "5bdcc146bf60754e6a042426089575c75a003f089d2739839dec58b964ec3843", 32},
        {std::string(20, '\xaa'), std::string(50, '\xdd'),
         "773ea91e36800e46854db8ebd09181a72959098b3ef8c122d9635514ced565fe", 32},
        {bytes_from_hex("0102030405060708090a0b0c0d0e0f10111213141516171819"), std::string(50, '\xcd'),
         "82558a389a443c0ea4cc819899f2083a85f0faa3e578f8077a2e3ff46729665b", 32},
        {std::string(20, '\x0c'), "Test With Truncation", "a3b6167473100ee06e0c796c2955552b", 16},
        {std::string(131, '\xaa'), "Test Using Larger Than Block-Size Key - Hash Key First",
         "60e431591ee0b67f0d8a26aacbf5b77f8e0bc6213728c5140546040f0ee37f54", 32},
        {std::string(131, '\xaa'),
         "This is a test using a larger than block-size key and a larger than block-size data. The key needs to "
         "be hashed before being used by the HMAC algorithm.",
         "9b09ffa71b942fcb27635fbcd5b0e944bfdc63644f0713938a7f51535c3a35e2", 32},
    };
    for (const auto& v : vectors) {
        HmacSha256 h(v.key);
        CHECK(hex(h.mac(v.data), v.bytes) == v.mac);
        CHECK(hex(h.mac(v.data), v.bytes) == v.mac);  // the object is reusable
    }
}
