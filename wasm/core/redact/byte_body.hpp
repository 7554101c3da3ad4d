// A telemetry body that arrived as bytes (ArrayBuffer, typed array, Blob, binary WebSocket
// frame), told apart by its content, never by a header the sender set:
//   - gzip or zlib (compress/compressed.hpp): opened (at most Policy::max_body_bytes out),
//     the text inside redacted like a body of its format, and closed again in the same
//     container. A stream that does not open (corrupt, truncated, a bomb, a checksum that
//     does not match) is dropped, its reason naming the problem, except a "zlib" body that
//     is valid UTF-8: two bytes of text can look like a zlib header, and it is redacted as
//     the text it then is.
//   - UTF-8 text: redacted as a body of its format (the result is its UTF-8 bytes).
//   - anything else is binary (protobuf, media, or compressed data that is not text):
//     nothing in it can be redacted, so it is dropped unless the endpoint declares binary
//     bodies passable, and then it goes on unchanged (as it came, compressed or not).
#pragma once

#include <cstdint>
#include <string_view>

#include "core/redact/redactor.hpp"

namespace rps::redact {

enum class BinaryBodies : std::uint8_t { drop, pass };

// The result's body is bytes; its copy spans are empty.
RedactResult redact_byte_body(const Redactor& redactor, std::string_view bytes, Format format, const Policy& policy,
                              BinaryBodies binary);

}  // namespace rps::redact
