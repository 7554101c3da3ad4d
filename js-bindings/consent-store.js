// Keeps the engine's consent across reloads in localStorage (never a cookie). The engine
// owns the format and decides whether a stored value still applies (same revision).
import { natives, read } from './natives.js';

const { apply } = natives;
const DEFAULT_KEY = 'rtc-privacy-shim:consent';

function storage() {
  try {
    return natives.localStorage ? read(natives.localStorage, natives.global) : null;
  } catch {
    return null; // storage disabled (sandboxed frame, blocked third-party storage)
  }
}

export function createConsentStore(core, options) {
  const enabled = options.persist !== false;
  const key = typeof options.storageKey === 'string' && options.storageKey ? options.storageKey : DEFAULT_KEY;

  return {
    // → { kind: 'applied' | 'reset_revision_changed' | 'rejected' | 'none', message }
    restore() {
      const store = enabled ? storage() : null;
      if (!store || core.closed()) return { kind: 'none', message: '' };
      let stored = null;
      try { stored = apply(natives.storageGetItem, store, [key]); } catch { stored = null; }
      if (stored === null) return { kind: 'none', message: '' };
      const outcome = core.importConsent(stored);
      if (outcome.kind === 'rejected') {
        natives.consoleWarn(`rtc-privacy-shim: stored consent ignored: ${outcome.message}`);
      }
      if (outcome.kind !== 'applied') this.save();
      return outcome;
    },
    // "Forget me": the stored consent goes, whether or not this page persists it.
    forget() {
      const store = storage();
      try { if (store) apply(natives.storageRemoveItem, store, [key]); } catch { /* storage disabled */ }
    },
    save() {
      const store = enabled ? storage() : null;
      if (!store || core.closed()) return;
      try {
        apply(natives.storageSetItem, store, [key, core.exportConsent()]);
      } catch (error) {
        natives.consoleWarn(`rtc-privacy-shim: consent could not be stored (${error.message}); it holds for this page only`);
      }
    },
  };
}
