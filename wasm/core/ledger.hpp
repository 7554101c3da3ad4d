// A bounded ring of what was asked and what the engine answered. Entries hold names from
// the manifest and fixed reasons only, never a value read from the user or the device.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace rps {

struct LedgerEntry {
    std::uint64_t seq = 0;
    double time = 0;
    std::string surface;
    std::string action;
    std::string purpose;
    std::string sdk;
    std::string reason;
    std::string target;                                       // the endpoint pattern, for requests
    std::vector<std::pair<std::string, std::uint32_t>> counts;  // what redaction changed, per detector / rule
};

class Ledger {
public:
    using Observer = void (*)();
    static constexpr std::size_t kMaxReasonBytes = 240;

    explicit Ledger(std::size_t capacity = 500) : capacity_(capacity) {}

    // Changing the capacity keeps the newest entries that still fit.
    void set_capacity(std::size_t capacity);
    void add(std::string_view surface, std::string_view action, std::string_view purpose, std::string_view sdk,
             std::string_view reason, double time);
    // The full form; seq is assigned here, long texts are clipped.
    void add(LedgerEntry entry);
    // Told after each add (nullptr: nobody). An entry it adds itself is kept but not told
    // again: an observer that writes to the ledger would otherwise recurse without end.
    void set_observer(Observer observer) { observer_ = observer; }

    std::size_t capacity() const { return capacity_; }
    std::uint64_t total() const { return total_; }
    std::uint64_t dropped() const { return total_ - ring_.size(); }
    std::size_t size() const { return ring_.size(); }
    // Oldest first; i < size().
    const LedgerEntry& at(std::size_t i) const { return ring_[(head_ + i) % ring_.size()]; }
    const LedgerEntry& newest() const { return at(ring_.size() - 1); }
    std::vector<LedgerEntry> entries() const;  // a copy, oldest first

    // {"capacity":…,"total":…,"dropped":…,"entries":[{seq,time,surface,action,purpose,sdk,reason,target,counts}]}
    std::string to_json() const;

private:
    std::size_t capacity_;
    std::uint64_t total_ = 0;
    // A ring: once full, head_ is the oldest entry and the next one to be overwritten.
    std::vector<LedgerEntry> ring_;
    std::size_t head_ = 0;
    Observer observer_ = nullptr;
    bool notifying_ = false;
};

}  // namespace rps
