#include "core/ledger.hpp"

#include "core/json_out.hpp"

namespace rps {
namespace {

// Cuts at a UTF-8 character boundary so the JSON export stays valid.
std::string_view clip(std::string_view text, std::size_t max_bytes) {
    if (text.size() <= max_bytes) return text;
    std::size_t end = max_bytes;
    while (end > 0 && (static_cast<unsigned char>(text[end]) & 0xC0) == 0x80) --end;
    return text.substr(0, end);
}

}  // namespace

void Ledger::set_capacity(std::size_t capacity) {
    std::vector<LedgerEntry> ordered = entries();
    capacity_ = capacity == 0 ? 1 : capacity;
    if (ordered.size() > capacity_) ordered.erase(ordered.begin(), ordered.end() - capacity_);
    ring_ = std::move(ordered);
    head_ = 0;
}

std::vector<LedgerEntry> Ledger::entries() const {
    std::vector<LedgerEntry> out;
    out.reserve(ring_.size());
    for (std::size_t i = 0; i < ring_.size(); ++i) out.push_back(at(i));
    return out;
}

void Ledger::add(std::string_view surface, std::string_view action, std::string_view purpose, std::string_view sdk,
                 std::string_view reason, double time) {
    LedgerEntry e;
    e.time = time;
    e.surface = std::string(surface);
    e.action = std::string(action);
    e.purpose = std::string(purpose);
    e.sdk = std::string(sdk);
    e.reason = std::string(reason);
    add(std::move(e));
}

void Ledger::add(LedgerEntry e) {
    e.seq = ++total_;
    e.surface.resize(clip(e.surface, 64).size());
    e.action.resize(clip(e.action, 32).size());
    e.purpose.resize(clip(e.purpose, 64).size());
    e.sdk.resize(clip(e.sdk, 64).size());
    e.reason.resize(clip(e.reason, kMaxReasonBytes).size());
    e.target.resize(clip(e.target, kMaxReasonBytes).size());
    if (ring_.size() < capacity_) {
        ring_.push_back(std::move(e));
    } else {
        ring_[head_] = std::move(e);
        head_ = (head_ + 1) % capacity_;
    }
    if (observer_ && !notifying_) {
        notifying_ = true;
        observer_();
        notifying_ = false;
    }
}

std::string Ledger::to_json() const {
    std::string out;
    json_out::Object ledger(out);
    ledger.integer("capacity", static_cast<std::int64_t>(capacity_))
        .integer("total", static_cast<std::int64_t>(total_))
        .integer("dropped", static_cast<std::int64_t>(dropped()));
    std::string& list = ledger.member("entries");
    list.push_back('[');
    bool first = true;
    for (std::size_t i = 0; i < ring_.size(); ++i) {
        const LedgerEntry& e = at(i);
        if (!first) list.push_back(',');
        first = false;
        json_out::Object entry(list);
        entry.integer("seq", static_cast<std::int64_t>(e.seq))
            .time("time", e.time)
            .text("surface", e.surface)
            .text("action", e.action)
            .text("purpose", e.purpose)
            .text("sdk", e.sdk)
            .text("reason", e.reason)
            .text("target", e.target);
        std::string& counts = entry.member("counts");
        json_out::Object by_name(counts);
        for (const auto& [name, count] : e.counts) by_name.integer(name, count);
        by_name.close();
        entry.close();
    }
    list.push_back(']');
    ledger.close();
    return out;
}

}  // namespace rps
