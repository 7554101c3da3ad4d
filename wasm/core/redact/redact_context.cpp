#include "core/redact/redact_context.hpp"

#include "core/redact/codec.hpp"

namespace rps::redact {

RedactContext::RedactContext(const Policy& p, const KeyedHasher& h, std::string& o)
    : policy(p), hasher(h), out(o) {
    std::vector<const Selector*> selectors;
    for (const Rule& r : p.rules) selectors.push_back(&r.selector);
    rule_count = selectors.size();
    if (p.allowed_keys) {
        has_allowed = true;
        for (const Selector& s : *p.allowed_keys) selectors.push_back(&s);
        allowed_count = p.allowed_keys->size();
    }
    matcher = PathMatcher(selectors);
    counts.rules.assign(rule_count, 0);
    for (std::size_t k = 0; k < kDetectorCount; ++k)
        if (p.detectors[k].enabled) enabled |= detector_bit(Detector(k));
}

bool RedactContext::decode_mapped(std::string_view raw, Encoding enc) {
    if (enc == Encoding::json) {
        if (raw.find('\\') == std::string_view::npos) return false;
        json_unescape(raw, decoded_, map_);
        return true;
    }
    if (enc == Encoding::form) {
        if (raw.find_first_of("%+") == std::string_view::npos) return false;
        form_unescape(raw, decoded_, map_);
        return true;
    }
    return false;
}

std::string_view RedactContext::decode(std::string_view raw, Encoding enc) {
    return decode_mapped(raw, enc) ? std::string_view(decoded_) : raw;
}

void RedactContext::encode(std::string_view text, Encoding enc) {
    switch (enc) {
        case Encoding::raw: out.append(text); return;
        case Encoding::json: json_escape_append(out, text); return;
        case Encoding::form: form_escape_append(out, text); return;
    }
}

void RedactContext::scan(std::string_view raw, Encoding enc, std::string_view key) {
    if (enabled == 0 || raw.empty()) {
        out.append(raw);
        return;
    }
    bool mapped = decode_mapped(raw, enc);
    std::string_view text = mapped ? std::string_view(decoded_) : raw;
    spans_.clear();
    find_spans(text, enabled, key, spans_);
    if (spans_.empty()) {
        out.append(raw);
        return;
    }
    auto raw_at = [&](std::size_t k) { return mapped ? std::size_t(map_[k]) : k; };
    std::size_t prev = 0;
    for (const Span& sp : spans_) {
        std::size_t a = raw_at(prev), b = raw_at(sp.begin);
        out.append(raw.substr(a, b - a));
        piece_.clear();
        apply_operator(policy.detectors[std::size_t(sp.kind)].op, text.substr(sp.begin, sp.end - sp.begin),
                       replace_tag(sp.kind), hasher, piece_);
        encode(piece_, enc);
        ++counts.detectors[std::size_t(sp.kind)];
        prev = sp.end;
    }
    out.append(raw.substr(raw_at(prev)));
}

void RedactContext::write_whole_finding(std::string_view raw, Encoding enc, Detector kind) {
    std::string_view text = decode(raw, enc);
    piece_.clear();
    apply_operator(policy.detectors[std::size_t(kind)].op, text, replace_tag(kind), hasher, piece_);
    encode(piece_, enc);
    ++counts.detectors[std::size_t(kind)];
}

void RedactContext::write_rule(std::string_view raw, Encoding enc, const Operator& op) {
    std::string_view text = decode(raw, enc);
    piece_.clear();
    apply_operator(op, text, kRedactedTag, hasher, piece_);
    encode(piece_, enc);
}

}  // namespace rps::redact
