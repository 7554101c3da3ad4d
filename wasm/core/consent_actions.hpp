// What the consent UI and the page's privacy controls ask of the engine beyond grant and
// revoke: whether to ask the user, and forgetting the receipts.
#pragma once

#include "core/engine.hpp"

namespace rps {

// A purpose is unset under the current revision (first visit, or a new revision): the
// dialog asks. Never when closed: nothing could be granted.
bool needs_prompt(const Engine& engine);

// "Forget me": the receipts go (recorded in the ledger); the caller revokes and removes what
// it stored.
void forget_receipts(Engine& engine, double now_ms);

}  // namespace rps
