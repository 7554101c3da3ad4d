// Consent per purpose, tied to the manifest revision it was given under, with a receipt
// for every change (who asked is the method; what changed is the diff; when is the time).
#pragma once

#include <cstdint>
#include <optional>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/minors.hpp"

namespace rps {

enum class ConsentState { unset, granted, denied };

std::string_view to_string(ConsentState state);
std::optional<ConsentState> parse_consent_state(std::string_view name);
bool is_consent_method(std::string_view method);  // api | dialog | gpc | scope | storage

struct Receipt {
    std::uint64_t id = 0;
    std::string revision;
    double time = 0;
    std::string method;
    std::string locale;
    std::string dialog_version;                                // which dialog asked (method "dialog" only)
    std::vector<std::string> changed;                          // the purposes this change altered
    std::vector<std::pair<std::string, ConsentState>> states;  // every purpose, after the change
    AgeAnswer age;  // the age answer the change was made under (written when known)
};

class ConsentBook {
public:
    static constexpr std::size_t kMaxReceipts = 64;

    // A new manifest (or a new revision): every purpose starts unset.
    void reset(const std::vector<std::string>& purposes, std::string revision);

    bool knows(std::string_view purpose) const;
    ConsentState state(std::string_view purpose) const;
    const std::string& revision() const { return revision_; }
    const std::vector<std::pair<std::string, ConsentState>>& states() const { return states_; }
    const std::vector<Receipt>& receipts() const { return receipts_; }
    // The age answer (core/minors.hpp); kept and reset with the consent it constrains.
    const AgeAnswer& age() const { return age_; }
    void set_age(const AgeAnswer& age) { age_ = age; }

    // Sets the purposes (all known, checked by the caller). A receipt is written only when
    // something actually changed; returns whether it did.
    bool apply(const std::vector<std::string>& purposes, ConsentState state, std::string_view method,
               std::string_view locale, double now_ms, std::string_view dialog_version = {});
    bool any_unset() const;
    // "Forget me": the receipts go; the states stay as they are.
    void clear_receipts() { receipts_.clear(); }

    // Restores a saved state without writing a receipt (the receipts come with it).
    void restore(const std::vector<std::pair<std::string, ConsentState>>& states, std::vector<Receipt> receipts,
                 const AgeAnswer& age = {});

    std::string state_json() const;         // {"call":"granted",…}
    std::string last_receipt_json() const;  // the newest receipt, or null
    std::string receipts_json() const;      // oldest first
    static void append_receipt_json(std::string& out, const Receipt& receipt);

private:
    std::string revision_;
    std::vector<std::pair<std::string, ConsentState>> states_;
    std::vector<Receipt> receipts_;
    AgeAnswer age_;
    std::uint64_t next_receipt_id_ = 1;
};

struct ImportOutcome {
    enum class Kind { applied, reset_revision_changed, rejected };
    Kind kind = Kind::rejected;
    std::string message;
};

std::string_view to_string(ImportOutcome::Kind kind);

}  // namespace rps
