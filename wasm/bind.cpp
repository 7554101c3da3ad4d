// The binder's table and the five exports js-bindings/bind.js calls (wasm/bind.hpp).
#include "bind.hpp"

#include <emscripten.h>

namespace rps::bind {

std::vector<Entry>& entries() {
    static std::vector<Entry> table;
    return table;
}

ResultWriter& result() {
    static ResultWriter writer;
    return writer;
}

const double* ResultWriter::finish() {
    out_ = slots_;
    for (const std::string& s : strings_) {
        out_.push_back(static_cast<double>(reinterpret_cast<std::uintptr_t>(s.data())));
        out_.push_back(static_cast<double>(s.size()));
    }
    return out_.data();
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

EMSCRIPTEN_KEEPALIVE const char* rps_bind_name(std::size_t i) { return rps::bind::entries()[i].name; }

// Kept until the next call: JS reads it at once.
EMSCRIPTEN_KEEPALIVE const char* rps_bind_signature(std::size_t i) {
    static std::string text;
    const auto& entry = rps::bind::entries()[i];
    text.assign(1, entry.result);
    if (entry.fields) {
        for (const auto& f : *entry.fields) {
            if (text.size() > 1) text.push_back(',');
            text += f.name;
            text.push_back(':');
            text.push_back(static_cast<char>(f.kind));
        }
        text.push_back('}');
    }
    return (text += entry.args).c_str();
}

// Where JS writes the next call's arguments: rps::bind::kArgSlots f64 slots, then `bytes` of strings.
EMSCRIPTEN_KEEPALIVE double* rps_bind_args(std::size_t bytes) {
    auto& area = args_area();
    const std::size_t needed = rps::bind::kArgSlots + (bytes + sizeof(double) - 1) / sizeof(double);
    if (area.size() < needed) area.resize(needed);
    return area.data();
}

// The result slots of entry i called with what rps_bind_args' area holds.
EMSCRIPTEN_KEEPALIVE const double* rps_bind_call(std::size_t i) {
    auto& area = args_area();
    if (area.size() < rps::bind::kArgSlots) area.resize(rps::bind::kArgSlots);
    rps::bind::ArgReader in(area.data(), reinterpret_cast<const char*>(area.data() + rps::bind::kArgSlots));
    auto& out = rps::bind::result();
    out.reset();
    const auto& entry = rps::bind::entries()[i];
    entry.call(entry.fn, in, out);
    return out.finish();
}

}  // extern "C"
