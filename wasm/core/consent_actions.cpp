#include "core/consent_actions.hpp"

namespace rps {

bool needs_prompt(const Engine& engine) { return !engine.closed() && engine.consent().any_unset(); }

void forget_receipts(Engine& engine, double now_ms) {
    engine.clear_receipts();
    engine.note("consent", "forget", "", "", "receipts and stored consent removed", now_ms);
}

}  // namespace rps
