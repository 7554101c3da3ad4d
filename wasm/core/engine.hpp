// The one object that decides. The bindings own a single instance; everything the
// JS layer applies comes from here, so there is one source of truth per realm.
#pragma once

#include <cstdint>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

#include "core/consent.hpp"
#include "core/ledger.hpp"
#include "core/manifest.hpp"
#include "core/status.hpp"
#include "core/surface.hpp"

namespace rps {

struct Decision {
    Action action = Action::deny;
    std::string purpose;  // the purpose that allowed it, or the one that was missing
    std::string sdk;      // the SDK whose declaration decided, when one did
    std::string reason;   // human-readable, never raw personal data
};

struct ScopeResult {
    std::uint32_t id = 0;  // 0 when the scope could not open
    std::string error;
};

class Engine {
public:
    Engine();

    // Replaces the manifest. On any error the engine is closed (every decision denies
    // or generalizes) and the errors are returned, each naming its JSON path.
    // Consent is reset to unset for every purpose of the new manifest.
    std::vector<ManifestError> load(std::string_view manifest_json, double now_ms);

    bool closed() const { return !closed_reason_.empty(); }
    const std::string& closed_reason() const { return closed_reason_; }  // "" when open
    const Manifest& manifest() const { return manifest_; }

    // All-or-nothing: one unknown purpose and nothing changes.
    Status set_consent(const std::vector<std::string>& purposes, ConsentState state, std::string_view method,
                       std::string_view locale, double now_ms);
    const ConsentBook& consent() const { return consent_; }

    // Persistence (the JS layer stores the string in localStorage, never a cookie).
    std::string export_consent_json() const;
    // Applies stored consent when its revision equals the manifest's; a different
    // revision leaves everything unset and reports it. Malformed input: error, unchanged.
    ImportOutcome import_consent_json(std::string_view stored, double now_ms);

    // A scope makes a purpose's scoped permissions usable while it is open.
    ScopeResult open_scope(std::string_view purpose);
    void close_scope(std::uint32_t scope_id);

    // Decides and records the decision in the ledger.
    Decision decide(Surface surface, double now_ms);

    // For what JS did on the engine's word (tracks stopped on revoke, scope end).
    void record(Surface surface, Action action, std::string_view purpose, std::string_view reason, double now_ms);

    const Ledger& ledger() const { return ledger_; }

private:
    Decision evaluate(Surface surface) const;
    bool scope_open(std::string_view purpose) const;

    Manifest manifest_;
    ConsentBook consent_;
    Ledger ledger_;
    std::string closed_reason_;
    std::vector<std::pair<std::uint32_t, std::string>> scopes_;
    std::uint32_t next_scope_id_ = 1;
};

}  // namespace rps
