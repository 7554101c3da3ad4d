// SHA-256 and HMAC-SHA256 (FIPS 180-4, RFC 2104), written out so the keyed-hash operator
// needs neither WebCrypto (async, unusable mid-redaction) nor a crypto library in the WASM.
#pragma once

#include <array>
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>

namespace rps::redact {

using Digest = std::array<std::uint8_t, 32>;

class Sha256 {
public:
    Sha256() { reset(); }
    void reset();
    void update(const std::uint8_t* data, std::size_t size);
    void update(std::string_view data) {
        update(reinterpret_cast<const std::uint8_t*>(data.data()), data.size());
    }
    Digest finish();

private:
    void block(const std::uint8_t* p);

    std::array<std::uint32_t, 8> h_{};
    std::array<std::uint8_t, 64> buf_{};
    std::size_t buf_len_ = 0;
    std::uint64_t total_ = 0;
};

Digest sha256(std::string_view data);

// Keeps the two padded-key states so each hash costs two compressions plus the message,
// instead of re-deriving the pads per value.
class HmacSha256 {
public:
    HmacSha256(const std::uint8_t* key, std::size_t key_size);
    explicit HmacSha256(std::string_view key)
        : HmacSha256(reinterpret_cast<const std::uint8_t*>(key.data()), key.size()) {}
    Digest mac(std::string_view message) const;

private:
    Sha256 inner_;
    Sha256 outer_;
};

// Lowercase hex of the first `bytes` bytes of the digest.
void append_hex(std::string& out, const Digest& digest, std::size_t bytes = 32);

}  // namespace rps::redact
