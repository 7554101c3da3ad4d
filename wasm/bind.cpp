// The binder's five exports js-bindings/bind.js calls (wasm/bind.hpp).
#include "bind.hpp"

#include <emscripten.h>

#include <memory>

namespace rps::bind {

void ResultWriter::reset() {
    // The last call's strings go: a large one is not held past the next call.
    for (std::size_t k = 0; k < text_count_; ++k) std::destroy_at(&texts_[k].text);
    number_count_ = text_count_ = 0;
}

const double* ResultWriter::finish() {
    for (std::size_t k = 0; k < text_count_; ++k) {
        const std::string& text = texts_[k].text;
        slots_[number_count_ + 2 * k] = static_cast<double>(reinterpret_cast<std::uintptr_t>(text.data()));
        slots_[number_count_ + 2 * k + 1] = static_cast<double>(text.size());
    }
    return slots_;
}

void put_struct(void* object, Fields fields, ResultWriter& out) {
    for (const Field& f : fields) f.put(object, out);
}

}  // namespace rps::bind

namespace {

// Slots first, then the string bytes; replaced by a larger one when a call needs more,
// never shrunk below what a call needed. A string length JS overstates reads no further than
// the area (rps_bind_call reads within its size); its bytes are whatever the last call left.
struct ArgArea {
    std::unique_ptr<double[]> slots;
    std::size_t size = 0;

    double* reserve(std::size_t needed) {
        if (size < needed) {
            slots.reset(new double[needed]());
            size = needed;
        }
        return slots.get();
    }
};

ArgArea& args_area() {
    static ArgArea area;
    return area;
}

rps::bind::ResultWriter& result() {
    static rps::bind::ResultWriter writer;
    return writer;
}

const rps::bind::Entry* entry_at(std::size_t i) { return rps::bind::entry_at(rps::bind::all_tables, i); }

}  // namespace

extern "C" {

EMSCRIPTEN_KEEPALIVE std::size_t rps_bind_count() {
    std::size_t count = 0;
    for (const auto* table : rps::bind::all_tables) count += table->size();
    return count;
}

// Null past the last entry.
EMSCRIPTEN_KEEPALIVE const char* rps_bind_name(std::size_t i) {
    const auto* entry = entry_at(i);
    return entry ? entry->name : nullptr;
}

// Null past the last entry.
EMSCRIPTEN_KEEPALIVE const char* rps_bind_signature(std::size_t i) {
    const auto* entry = entry_at(i);
    return entry ? entry->signature : nullptr;
}

// Where JS writes the next call's arguments: rps::bind::kArgSlots f64 slots, then `bytes` of
// strings; null for more than rps::bind::kMaxArgBytes.
EMSCRIPTEN_KEEPALIVE double* rps_bind_args(std::size_t bytes) {
    const std::size_t byte_slots = rps::bind::byte_slots(bytes);
    if (bytes > 0 && byte_slots == 0) return nullptr;
    return args_area().reserve(rps::bind::kArgSlots + byte_slots);
}

// The result slots of entry i called with what rps_bind_args' area holds; no result slots
// for an index past the last entry. Strings read no further than the area reaches.
EMSCRIPTEN_KEEPALIVE const double* rps_bind_call(std::size_t i) {
    auto& area = args_area();
    const double* slots = area.reserve(rps::bind::kArgSlots);
    const std::size_t byte_count = (area.size - rps::bind::kArgSlots) * sizeof(double);
    auto& out = result();
    out.reset();
    if (const auto* entry = entry_at(i)) {
        std::string strings[rps::bind::kArgSlots];
        rps::bind::read_strings(rps::bind::arg_letters(entry->signature), slots, reinterpret_cast<const char*>(slots + rps::bind::kArgSlots),
                                byte_count, strings);
        entry->call({slots, strings}, out);
    }
    return out.finish();
}

}  // extern "C"
