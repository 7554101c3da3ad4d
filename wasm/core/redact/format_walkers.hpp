// The per-format passes behind Redactor::redact. Each appends to ctx.out.
#pragma once

#include <string_view>

#include "core/redact/redact_context.hpp"

namespace rps::redact {

// One JSON document (a whole body, or one NDJSON line). Returns false with a fixed
// `error` when the document is not valid JSON; ctx.out then holds a partial result that
// the caller discards.
bool walk_json(RedactContext& ctx, std::string_view doc, const char*& error);

// application/x-www-form-urlencoded. With `query`, a leading URL up to '?' and a '#fragment'
// are scanned as text around the parameters.
void walk_form(RedactContext& ctx, std::string_view body, bool query);

}  // namespace rps::redact
