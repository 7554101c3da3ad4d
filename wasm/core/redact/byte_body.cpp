#include "core/redact/byte_body.hpp"

#include "core/compress/compressed.hpp"
#include "core/text.hpp"
#include "core/utf8.hpp"

namespace rps::redact {
namespace {

bool valid_utf8(std::string_view s) {
    for (std::size_t i = 0; i < s.size();) {
        const std::size_t n = utf8_sequence(s, i);
        if (n == 0) return false;
        i += n;
    }
    return true;
}

RedactResult dropped(std::string error) {
    RedactResult r;
    r.dropped = true;
    r.error = std::move(error);
    return r;
}

// Bytes that are not text: passed as they are, or dropped.
RedactResult binary_body(std::string_view bytes, BinaryBodies binary, std::string_view what) {
    if (binary == BinaryBodies::drop)
        return dropped(std::string(what) + " cannot be redacted: dropped (the endpoint does not declare \"binary\": \"pass\")");
    RedactResult r;
    r.body.assign(bytes);
    r.counts.push_back({"binary:pass", 1});
    return r;
}

RedactResult text_body(const Redactor& redactor, std::string_view text, Format format, const Policy& policy) {
    RedactResult r = redactor.redact(text, format, policy);
    r.copies.clear();
    return r;
}

}  // namespace

RedactResult redact_byte_body(const Redactor& redactor, std::string_view bytes, Format format, const Policy& policy,
                              BinaryBodies binary) {
    if (bytes.size() > policy.max_body_bytes)
        return dropped("body larger than " + decimal(policy.max_body_bytes) + " bytes");
    const compress::Container container = compress::sniff_container(bytes);
    if (container == compress::Container::none) {
        if (valid_utf8(bytes)) return text_body(redactor, bytes, format, policy);
        return binary_body(bytes, binary, "binary body");
    }
    compress::Opened opened = compress::open_container(bytes, container, policy.max_body_bytes);
    if (!opened.ok) {
        if (container == compress::Container::zlib && valid_utf8(bytes)) return text_body(redactor, bytes, format, policy);
        return dropped(std::move(opened.error));
    }
    if (!valid_utf8(opened.data))
        return binary_body(bytes, binary, std::string(compress::container_name(container)) + " body holding binary data");
    RedactResult r = text_body(redactor, opened.data, format, policy);
    if (r.dropped) return r;
    r.body = compress::close_container(r.body, container);
    r.counts.push_back({std::string("container:") + compress::container_name(container), 1});
    return r;
}

}  // namespace rps::redact
