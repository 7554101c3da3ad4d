#include "core/consent.hpp"

#include "core/json_out.hpp"

namespace rps {

std::string_view to_string(ConsentState state) {
    switch (state) {
        case ConsentState::granted: return "granted";
        case ConsentState::denied: return "denied";
        case ConsentState::unset: break;
    }
    return "unset";
}

std::optional<ConsentState> parse_consent_state(std::string_view name) {
    if (name == "unset") return ConsentState::unset;
    if (name == "granted") return ConsentState::granted;
    if (name == "denied") return ConsentState::denied;
    return std::nullopt;
}

bool is_consent_method(std::string_view method) {
    return method == "api" || method == "dialog" || method == "gpc" || method == "scope" || method == "storage";
}

std::string_view to_string(ImportOutcome::Kind kind) {
    switch (kind) {
        case ImportOutcome::Kind::applied: return "applied";
        case ImportOutcome::Kind::reset_revision_changed: return "reset_revision_changed";
        case ImportOutcome::Kind::rejected: break;
    }
    return "rejected";
}

void ConsentBook::reset(const std::vector<std::string>& purposes, std::string revision) {
    revision_ = std::move(revision);
    age_ = {};
    states_.clear();
    for (const auto& p : purposes) states_.emplace_back(p, ConsentState::unset);
}

bool ConsentBook::knows(std::string_view purpose) const {
    for (const auto& [id, _] : states_)
        if (id == purpose) return true;
    return false;
}

ConsentState ConsentBook::state(std::string_view purpose) const {
    for (const auto& [id, s] : states_)
        if (id == purpose) return s;
    return ConsentState::unset;
}

bool ConsentBook::apply(const std::vector<std::string>& purposes, ConsentState state, std::string_view method,
                        std::string_view locale, double now_ms, std::string_view dialog_version) {
    Receipt receipt;
    for (auto& [id, s] : states_) {
        bool named = false;
        for (const auto& p : purposes) named = named || p == id;
        if (named && s != state) {
            s = state;
            receipt.changed.push_back(id);
        }
    }
    if (receipt.changed.empty()) return false;
    receipt.id = next_receipt_id_++;
    receipt.revision = revision_;
    receipt.time = now_ms;
    receipt.method = std::string(method);
    receipt.locale = std::string(locale);
    receipt.dialog_version = std::string(dialog_version);
    receipt.states = decltype(states_)(states_);  // copied by constructor: no vector::assign in the module
    receipt.age = age_;
    receipts_.push_back(std::move(receipt));
    // Bounded so a page that toggles consent in a loop cannot grow memory; the oldest go first.
    if (receipts_.size() > kMaxReceipts) receipts_.erase(receipts_.begin(), receipts_.end() - kMaxReceipts);
    return true;
}

bool ConsentBook::any_unset() const {
    for (const auto& [_, s] : states_)
        if (s == ConsentState::unset) return true;
    return false;
}

void ConsentBook::restore(const std::vector<std::pair<std::string, ConsentState>>& states, std::vector<Receipt> receipts,
                          const AgeAnswer& age) {
    age_ = age;
    for (auto& [id, s] : states_)
        for (const auto& [saved_id, saved] : states)
            if (saved_id == id) s = saved;
    receipts_ = std::move(receipts);
    if (receipts_.size() > kMaxReceipts) receipts_.erase(receipts_.begin(), receipts_.end() - kMaxReceipts);
    for (const Receipt& r : receipts_)
        if (r.id >= next_receipt_id_) next_receipt_id_ = r.id + 1;
}

namespace {

void append_states(std::string& out, const std::vector<std::pair<std::string, ConsentState>>& states) {
    out.push_back('{');
    for (std::size_t i = 0; i < states.size(); ++i) {
        if (i) out.push_back(',');
        json_out::append_key(out, states[i].first);
        json_out::append_string(out, to_string(states[i].second));
    }
    out.push_back('}');
}

}  // namespace

std::string ConsentBook::state_json() const {
    std::string out;
    append_states(out, states_);
    return out;
}

void ConsentBook::append_receipt_json(std::string& out, const Receipt& r) {
    json_out::Object receipt(out);
    receipt.integer("id", static_cast<std::int64_t>(r.id))
        .text("revision", r.revision)
        .time("time", r.time)
        .text("method", r.method)
        .text("locale", r.locale)
        .text("dialogVersion", r.dialog_version);
    json_out::append_string_array(receipt.member("changed"), r.changed);
    append_states(receipt.member("purposes"), r.states);
    if (r.age.bracket != AgeBracket::unknown) append_age_json(receipt.member("age"), r.age);
    receipt.close();
}

std::string ConsentBook::last_receipt_json() const {
    if (receipts_.empty()) return "null";
    std::string out;
    append_receipt_json(out, receipts_.back());
    return out;
}

std::string ConsentBook::receipts_json() const {
    std::string out = "[";
    for (std::size_t i = 0; i < receipts_.size(); ++i) {
        if (i) out.push_back(',');
        append_receipt_json(out, receipts_[i]);
    }
    out.push_back(']');
    return out;
}

}  // namespace rps
