#include "core/redact/redactor.hpp"

#include "core/redact/format_walkers.hpp"
#include "core/redact/redact_context.hpp"
#include "core/text.hpp"

namespace rps::redact {
namespace {

void collect_counts(const RedactContext& ctx, RedactResult& result) {
    for (std::size_t k = 0; k < kDetectorCount; ++k)
        if (ctx.counts.detectors[k]) result.counts.push_back({std::string(detector_name(Detector(k))), ctx.counts.detectors[k]});
    for (std::size_t k = 0; k < ctx.counts.rules.size(); ++k)
        if (ctx.counts.rules[k])
            result.counts.push_back({"rule:" + ctx.policy.rules[k].selector.text, ctx.counts.rules[k]});
    if (ctx.counts.allowed_drops) result.counts.push_back({"allowedKeys", ctx.counts.allowed_drops});
}

// One JSON document appended to ctx.out, or its fallback. Returns false when the whole body
// must be dropped.
bool json_document(RedactContext& ctx, std::string_view doc, RedactResult& result) {
    std::size_t mark = ctx.out.size();
    Counts before = ctx.counts;
    const char* error = nullptr;
    if (walk_json(ctx, doc, error)) return true;
    ctx.truncate(mark);
    ctx.counts = before;
    result.malformed = true;
    if (result.error.empty()) result.error = std::string("malformed json: ") + error;
    if (ctx.policy.on_malformed == OnMalformed::drop || ctx.has_allowed) return false;
    // Scanned with JSON escapes decoded ("alice\u0040example.com" is an address); what
    // nothing matched is still copied from the document as written.
    ctx.scan(doc, Encoding::json, {});
    return true;
}

bool walk_ndjson(RedactContext& ctx, std::string_view body, RedactResult& result) {
    std::size_t p = 0;
    while (p < body.size()) {
        std::size_t nl = body.find('\n', p);
        std::size_t end = nl == std::string_view::npos ? body.size() : nl;
        std::string_view line = body.substr(p, end - p);
        bool blank = line.find_first_not_of(" \t\r") == std::string_view::npos;
        if (blank) ctx.append(line);
        else if (!json_document(ctx, line, result)) return false;
        if (nl == std::string_view::npos) break;
        ctx.out.push_back('\n');
        p = nl + 1;
    }
    return true;
}

// An output equal to its input (nothing found, or replacements equal to what they replaced:
// "10.1.2.0" generalized) is reported as one copy of the whole input, so the JS side can
// hand back the string it already has.
void collapse_unchanged_copies(std::string_view input, RedactResult& result) {
    if (input.empty() || result.body != input) return;
    result.copies.assign(1, CopySpan{0, 0, static_cast<std::uint32_t>(input.size())});
}

}  // namespace

bool format_from_name(std::string_view name, Format& out) {
    static constexpr std::pair<std::string_view, Format> kFormats[] = {
        {"json", Format::json}, {"ndjson", Format::ndjson}, {"form", Format::form},
        {"query", Format::query}, {"text", Format::text}};
    for (const auto& f : kFormats) {
        if (f.first == name) {
            out = f.second;
            return true;
        }
    }
    return false;
}

RedactResult Redactor::redact(std::string_view body, Format format, const Policy& policy) const {
    RedactResult result;
    if (body.size() > policy.max_body_bytes) {
        result.dropped = true;
        result.error = "body larger than " + decimal(policy.max_body_bytes) + " bytes";
        return result;
    }
    result.body.reserve(body.size() + body.size() / 8 + 16);
    RedactContext ctx(policy, hasher_, result.body, body, result.copies);
    bool kept = true;
    switch (format) {
        case Format::json:
            kept = json_document(ctx, body, result);
            break;
        case Format::ndjson:
            kept = walk_ndjson(ctx, body, result);
            break;
        case Format::form:
            walk_form(ctx, body, false);
            break;
        case Format::query:
            walk_form(ctx, body, true);
            break;
        case Format::text:
            ctx.scan(body, Encoding::raw, {});
            break;
    }
    if (!kept) {
        result.body.clear();
        result.body.shrink_to_fit();
        result.copies.clear();
        result.dropped = true;
        return result;
    }
    collapse_unchanged_copies(body, result);
    collect_counts(ctx, result);
    return result;
}

}  // namespace rps::redact
