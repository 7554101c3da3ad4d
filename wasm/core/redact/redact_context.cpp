#include "core/redact/redact_context.hpp"

#include "core/redact/ascii.hpp"
#include "core/redact/codec.hpp"

namespace rps::redact {

RedactContext::RedactContext(const Policy& p, const KeyedHasher& h, std::string& o, std::string_view input,
                             std::vector<CopySpan>& copies)
    : policy(p), hasher(h), out(o), input_(input), copies_(copies) {
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
    enabled |= kSecretDetectors;  // no policy lets a credential through
}

RedactContext::RedactContext(const RedactContext& parent, std::string& o, std::string_view input,
                             std::vector<CopySpan>& copies)
    : policy(parent.policy),
      hasher(parent.hasher),
      out(o),
      matcher(parent.matcher),
      rule_count(parent.rule_count),
      allowed_count(parent.allowed_count),
      has_allowed(parent.has_allowed),
      enabled(parent.enabled),
      input_(input),
      copies_(copies) {
    counts.rules.assign(rule_count, 0);
}

void RedactContext::append(std::string_view bytes) {
    if (bytes.empty()) return;
    // Pointer comparison within one buffer: the input is a single contiguous view.
    const std::uintptr_t at = reinterpret_cast<std::uintptr_t>(bytes.data());
    const std::uintptr_t begin = reinterpret_cast<std::uintptr_t>(input_.data());
    if (at >= begin && at + bytes.size() <= begin + input_.size()) {
        const auto out_at = static_cast<std::uint32_t>(out.size());
        const auto in_at = static_cast<std::uint32_t>(at - begin);
        const auto length = static_cast<std::uint32_t>(bytes.size());
        if (!copies_.empty()) {
            CopySpan& last = copies_.back();
            if (last.out_begin + last.length == out_at && last.in_begin + last.length == in_at) {
                last.length += length;
                out.append(bytes.data(), bytes.size());
                return;
            }
        }
        copies_.push_back(CopySpan{out_at, in_at, length});
    }
    out.append(bytes.data(), bytes.size());
}

void RedactContext::truncate(std::size_t size) {
    out.resize(size);
    while (!copies_.empty() && copies_.back().out_begin >= size) copies_.pop_back();
    if (!copies_.empty()) {
        CopySpan& last = copies_.back();
        if (last.out_begin + last.length > size) last.length = static_cast<std::uint32_t>(size - last.out_begin);
    }
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

namespace {

// Where a URL-ish token ends: whitespace, control bytes, quotes and angle brackets (log
// lines quote URLs, stringified JSON wraps them in '"').
bool token_break(char c) {
    unsigned char u = static_cast<unsigned char>(c);
    return u <= 0x20 || u == 0x7f || c == '"' || c == '\'' || c == '<' || c == '>' || c == '`';
}

}  // namespace

void RedactContext::find_encoded(std::string_view text, std::string_view key) {
    encoded_hits_.clear();
    values_.clear();
    const std::size_t n = text.size();
    std::size_t t = 0;
    while (t < n) {
        while (t < n && token_break(text[t])) ++t;
        std::size_t e = t;
        while (e < n && !token_break(text[e])) ++e;
        std::string_view token = text.substr(t, e - t);
        if (!has_percent_escape(token, false)) {
            t = e;
            continue;
        }
        // Round 1 maps into the token; each further round is composed with the previous
        // map, so pct_map_[cur] always maps the current view into the token.
        int cur = 0;
        percent_unescape(token, pct_[cur], pct_map_[cur]);
        for (int round = 0; round < kExtraRounds && has_percent_escape(pct_[cur], true); ++round) {
            int nxt = 1 - cur;
            percent_unescape(pct_[cur], pct_[nxt], pct_step_);
            pct_map_[nxt].assign(pct_step_.size(), 0);  // assign, not resize: no second growth path
            for (std::size_t k = 0; k < pct_step_.size(); ++k) pct_map_[nxt][k] = pct_map_[cur][pct_step_[k]];
            cur = nxt;
        }
        const std::string& view = pct_[cur];
        const std::vector<std::uint32_t>& m = pct_map_[cur];
        pct_spans_.clear();
        find_spans(view, enabled, token.size() == n ? key : std::string_view(), pct_spans_);
        for (const Span& sp : pct_spans_) {
            Hit h{t + m[sp.begin], t + m[sp.end], sp.kind, true, values_.size(), 0};
            values_.append(view, sp.begin, sp.end - sp.begin);
            h.value_end = values_.size();
            encoded_hits_.push_back(h);
        }
        t = e;
    }
}

// hits_ (plain findings, in order) and encoded_hits_ (in order) into one ordered list with
// no overlaps. Two plain findings never overlap, nor do two encoded ones. When a plain and
// an encoded finding overlap, one containing the other keeps the container (a tie keeps the
// plain one): a partial plain match on the encoded bytes must not leave the rest of the value
// behind. When they only cross, the plain one wins: in "rtmp://u:p%23w@host" the userinfo
// is the finding, not the "w@host" address the decoded view shows.
void RedactContext::merge_hits() {
    if (encoded_hits_.empty()) return;
    merged_.clear();
    std::size_t a = 0, b = 0;
    while (a < hits_.size() || b < encoded_hits_.size()) {
        bool take_plain = b >= encoded_hits_.size() || (a < hits_.size() && hits_[a].begin <= encoded_hits_[b].begin);
        const Hit& h = take_plain ? hits_[a++] : encoded_hits_[b++];
        if (merged_.empty() || h.begin >= merged_.back().end) {
            merged_.push_back(h);
            continue;
        }
        // Sorted by begin, so h.begin >= back.begin. Everything kept before back ends at or
        // before back.begin, so replacing back cannot create an overlap further back.
        Hit& back = merged_.back();
        bool h_contains = h.begin == back.begin && h.end > back.end;
        bool back_contains = h.end <= back.end;
        if (h_contains || (!back_contains && !h.own_value)) back = h;
    }
    hits_.swap(merged_);
}

bool RedactContext::find(std::string_view raw, Encoding enc, std::string_view key) {
    hits_.clear();
    if (enabled == 0 || raw.empty()) return false;
    // Most values hold no escape, no %XX and nothing any enabled detector needs: one pass
    // over their bytes settles them.
    const TextSummary summary = summarize(raw);
    const unsigned escapes = enc == Encoding::json   ? TextSummary::kBackslash
                             : enc == Encoding::form ? TextSummary::kPercent | TextSummary::kPlus
                                                     : 0;
    const bool escaped = (summary.classes & escapes) != 0;
    // A coordinate of its own starts with a digit or a sign (keyed_coordinate).
    const bool coordinate = !key.empty() && (ascii::is_digit(raw[0]) || raw[0] == '-' || raw[0] == '+') &&
                            keyed_coordinate(raw, key, enabled);
    const DetectorSet possible =
        (possible_detectors(summary) | (coordinate ? detector_bit(Detector::latlng) : 0)) & enabled;
    if (!escaped && !(summary.classes & TextSummary::kPercent) && possible == 0) return false;
    // The summary says whether there is anything to decode; the text scanned is then either
    // `raw` itself, which the summary describes, or its decoded copy, summarized anew.
    mapped_ = escaped && decode_mapped(raw, enc);
    text_ = mapped_ ? std::string_view(decoded_) : raw;
    spans_.clear();
    if (mapped_) find_spans(text_, enabled, key, spans_);
    else if (possible != 0) find_spans_unfiltered(text_, possible, key, spans_);
    for (const Span& sp : spans_) hits_.push_back(Hit{sp.begin, sp.end, sp.kind, false, 0, 0});
    if ((mapped_ || (summary.classes & TextSummary::kPercent)) && has_percent_escape(text_, false)) {
        find_encoded(text_, key);
        merge_hits();
    }
    return !hits_.empty();
}

void RedactContext::write_found(std::string_view raw, Encoding enc) {
    auto raw_at = [&](std::size_t k) { return mapped_ ? std::size_t(map_[k]) : k; };
    std::size_t prev = 0;
    for (const Hit& h : hits_) {
        std::size_t a = raw_at(prev), b = raw_at(h.begin);
        append(raw.substr(a, b - a));
        std::string_view value = h.own_value ? std::string_view(values_).substr(h.value_begin, h.value_end - h.value_begin)
                                             : text_.substr(h.begin, h.end - h.begin);
        write_finding(value, h.kind, enc);
        prev = h.end;
    }
    append(raw.substr(raw_at(prev)));
}

void RedactContext::scan(std::string_view raw, Encoding enc, std::string_view key) {
    if (find(raw, enc, key)) write_found(raw, enc);
    else append(raw);
}

void RedactContext::write_finding(std::string_view value, Detector kind, Encoding enc) {
    piece_.clear();
    apply_finding_operator(policy.detectors[std::size_t(kind)].op, value, kind, hasher, piece_);
    encode(piece_, enc);
    ++counts.detectors[std::size_t(kind)];
}

void RedactContext::write_whole_finding(std::string_view raw, Encoding enc, Detector kind) {
    write_finding(decode(raw, enc), kind, enc);
}

void RedactContext::write_rule(std::string_view raw, Encoding enc, const Operator& op) {
    std::string_view text = decode(raw, enc);
    piece_.clear();
    if (op.kind == OpKind::mask || op.kind == OpKind::generalize) {
        // These two can keep part of the value; a credential inside it is kept by neither.
        spans_.clear();
        find_spans(text, kSecretDetectors, {}, spans_);
        if (!spans_.empty()) {
            write_finding(text, spans_.front().kind, enc);
            return;
        }
    }
    apply_rule_operator(op, text, hasher, piece_);
    encode(piece_, enc);
}

}  // namespace rps::redact
