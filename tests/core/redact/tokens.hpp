// RTC / IM access tokens laid out as their providers' token builders write them, with
// made-up keys and signatures: what the rtc_token detector must find. Shared by the
// detector and redactor tests.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace rps::redact::testing {

using Bytes = std::vector<std::uint8_t>;

inline std::string base64(const Bytes& b) {
    static constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
    std::string out;
    for (std::size_t i = 0; i < b.size(); i += 3) {
        unsigned v = unsigned(b[i]) << 16;
        if (i + 1 < b.size()) v |= unsigned(b[i + 1]) << 8;
        if (i + 2 < b.size()) v |= b[i + 2];
        out += kAlphabet[(v >> 18) & 63];
        out += kAlphabet[(v >> 12) & 63];
        out += i + 1 < b.size() ? kAlphabet[(v >> 6) & 63] : '=';
        out += i + 2 < b.size() ? kAlphabet[v & 63] : '=';
    }
    return out;
}

inline void put_le16(Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v));
    b.push_back(std::uint8_t(v >> 8));
}
inline void put_le32(Bytes& b, std::uint32_t v) {
    for (int k = 0; k < 4; ++k) b.push_back(std::uint8_t(v >> (8 * k)));
}
inline void put_be16(Bytes& b, unsigned v) {
    b.push_back(std::uint8_t(v >> 8));
    b.push_back(std::uint8_t(v));
}
inline void put_string16(Bytes& b, std::string_view s) {
    put_le16(b, unsigned(s.size()));
    b.insert(b.end(), s.begin(), s.end());
}
// Bytes that look random, from a seed.
inline void put_noise(Bytes& b, std::size_t n, std::uint32_t seed) {
    for (std::size_t k = 0; k < n; ++k) {
        seed = seed * 1103515245u + 12345u;
        b.push_back(std::uint8_t(seed >> 16));
    }
}

// veRTC: "001" + app id (24) + base64(u16 length, message, u16 32, HMAC-SHA256).
inline std::string vertc_token(std::string_view room = "room-1", std::string_view user = "alice",
                               std::string_view app_id = "5f2d8e1a9b3c4d7e6f801a2b") {
    Bytes message;
    put_le32(message, 7654321);      // nonce
    put_le32(message, 1732350000);   // issued at
    put_le32(message, 1732436400);   // expires at
    put_string16(message, room);
    put_string16(message, user);
    put_le16(message, 1);            // one privilege
    put_le16(message, 0);            // publish
    put_le32(message, 1732436400);
    Bytes content;
    put_le16(content, unsigned(message.size()));
    content.insert(content.end(), message.begin(), message.end());
    put_le16(content, 32);
    put_noise(content, 32, 1);
    return "001" + std::string(app_id) + base64(content);
}

// Agora 006: "006" + app id (32 hex) + base64(u16 32, signature, CRC, CRC, u16 length, message).
inline std::string agora006_token() {
    Bytes content;
    put_le16(content, 32);
    put_noise(content, 32, 2);
    put_le32(content, 0x1badb002);  // CRC of the channel name
    put_le32(content, 0x0badf00d);  // CRC of the uid
    Bytes message;
    put_le32(message, 424242);      // salt
    put_le32(message, 1732436400);  // expiry
    put_le16(message, 1);
    put_le16(message, 1);
    put_le32(message, 0);
    put_le16(content, unsigned(message.size()));
    content.insert(content.end(), message.begin(), message.end());
    return "006" + std::string("0a1b2c3d4e5f60718293a4b5c6d7e8f9") + base64(content);
}

// Agora 007 (AccessToken2): "007" + base64(zlib stream). Only the header is real here.
inline std::string agora007_token() {
    Bytes z = {0x78, 0x9c};
    put_noise(z, 94, 3);
    return "007" + base64(z);
}

// ZEGO token04: "04" + base64(i64 expiry, u16 16, IV, u16 length, AES-CBC cipher text), big-endian.
inline std::string zego04_token() {
    Bytes b = {0, 0, 0, 0};
    b.push_back(0x67);
    b.push_back(0x41);
    b.push_back(0x2e);
    b.push_back(0x30);
    put_be16(b, 16);
    for (char c : std::string_view("abcdefghij012345")) b.push_back(std::uint8_t(c));
    put_be16(b, 96);
    put_noise(b, 96, 4);
    return "04" + base64(b);
}

}  // namespace rps::redact::testing
