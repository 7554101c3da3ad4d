// Manifest "bridges" (the engine computes both: wasm/core/bridges.hpp).
// - Global Privacy Control: at arm, the purposes the manifest lists for it that the user has
//   not chosen are denied (receipt method "gpc"); a later grant by the user stands.
// - Google Consent Mode v2: at arm, gtag('consent', 'default', …) with every mapped type
//   denied, then an 'update' when restored consent grants some; an 'update' after every
//   consent change. Told as gtag() tells it: its arguments object pushed to window.dataLayer,
//   which gtag.js or Tag Manager reads when it loads (and whose push it then replaces to hear
//   later commands: that push is meant to be the page's, so it is called as found).
import { gpcSignal } from './gpc.js';
import { natives } from './natives.js';

const PREFIX = 'rtc-privacy-shim';

// gtag.js tells its commands from Tag Manager's events by this: an arguments object.
function gtagArguments() {
  return arguments;
}

function tell(kind, json) {
  if (!json) return;
  const g = natives.global;
  try {
    if (!g.dataLayer) g.dataLayer = [];
    g.dataLayer.push(gtagArguments('consent', kind, natives.jsonParse(json)));
  } catch (error) {
    natives.consoleError(`${PREFIX}: Google Consent Mode '${kind}' could not be pushed to dataLayer`, error);
  }
}

// → whether Global Privacy Control changed consent (the caller stores it).
export function startBridges(ctx, locale) {
  const { core } = ctx;
  const changed = gpcSignal() && core.applyGpc(locale);
  const initial = core.googleConsent(true);
  tell('default', initial);
  const now = core.googleConsent(false);
  if (now !== initial) tell('update', now);
  ctx.onChange(() => tell('update', core.googleConsent(false)));
  return changed;
}
