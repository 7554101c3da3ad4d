// The binder's table and the five exports js-bindings/bind.js calls (wasm/bind.hpp).
#include "bind.hpp"

#include <emscripten.h>

namespace rps::bind {

std::vector<Entry>& entries() {
    static std::vector<Entry> table;
    return table;
}

void add(const char* name, void* fn, const Signature& signature) { entries().push_back({name, fn, &signature}); }

ResultWriter& result() {
    static ResultWriter writer;
    return writer;
}

const double* ResultWriter::finish() {
    for (const std::string& s : strings_) {
        slots_.push_back(static_cast<double>(reinterpret_cast<std::uintptr_t>(s.data())));
        slots_.push_back(static_cast<double>(s.size()));
    }
    return slots_.data();
}

}  // namespace rps::bind

namespace {

// Slots first, then the string bytes; grown, never shrunk below what a call needed.
std::vector<double>& args_area() {
    static std::vector<double> area;
    return area;
}

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE std::size_t rps_bind_count() { return rps::bind::entries().size(); }

// Null past the last entry.
EMSCRIPTEN_KEEPALIVE const char* rps_bind_name(std::size_t i) {
    const auto* entry = rps::bind::entry_at(rps::bind::entries(), i);
    return entry ? entry->name : nullptr;
}

// Kept until the next call: JS reads it at once.
EMSCRIPTEN_KEEPALIVE const char* rps_bind_signature(std::size_t i) {
    static std::string text;
    const auto* found = rps::bind::entry_at(rps::bind::entries(), i);
    if (!found) return nullptr;
    const auto& entry = *found->signature;
    text.assign(1, entry.result);
    if (entry.fields) {
        for (const auto& f : entry.fields()) {
            if (text.size() > 1) text.push_back(',');
            text += f.name;
            text.push_back(':');
            text.push_back(static_cast<char>(f.kind));
        }
        text.push_back('}');
    }
    return (text += entry.args).c_str();
}

// Where JS writes the next call's arguments: rps::bind::kArgSlots f64 slots, then `bytes` of
// strings; null for more than rps::bind::kMaxArgBytes.
EMSCRIPTEN_KEEPALIVE double* rps_bind_args(std::size_t bytes) {
    auto& area = args_area();
    const std::size_t byte_slots = rps::bind::byte_slots(bytes);
    if (bytes > 0 && byte_slots == 0) return nullptr;
    const std::size_t needed = rps::bind::kArgSlots + byte_slots;
    if (area.size() < needed) area.resize(needed);
    return area.data();
}

// The result slots of entry i called with what rps_bind_args' area holds; no result slots
// for an index past the last entry. Strings read no further than the area reaches.
EMSCRIPTEN_KEEPALIVE const double* rps_bind_call(std::size_t i) {
    auto& area = args_area();
    if (area.size() < rps::bind::kArgSlots) area.resize(rps::bind::kArgSlots);
    const std::size_t byte_count = (area.size() - rps::bind::kArgSlots) * sizeof(double);
    rps::bind::ArgReader in(area.data(), reinterpret_cast<const char*>(area.data() + rps::bind::kArgSlots), byte_count);
    auto& out = rps::bind::result();
    out.reset();
    if (const auto* entry = rps::bind::entry_at(rps::bind::entries(), i)) entry->signature->call(entry->fn, in, out);
    return out.finish();
}

}  // extern "C"
