// Global Privacy Control as the browser (or an extension) gives it, read by the storage
// surface (cookie-free default) and the bridges (purposes denied for it).
import { natives } from './natives.js';

// A getter that throws is the page's (the browser's never does): read as not set, so the
// shim still arms and restores consent.
export function gpcSignal() {
  const nav = natives.navigator;
  try {
    return !!nav && nav.globalPrivacyControl === true;
  } catch (error) {
    natives.consoleError('rtc-privacy-shim: navigator.globalPrivacyControl could not be read; treated as not set', error);
    return false;
  }
}
