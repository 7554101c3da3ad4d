// Bringing a same-origin window under the shim: its realm is installed (ctx.installRealm:
// once per realm), a srcdoc document it is about to load is written into it instead
// (srcdoc.js), then its own child frames follow. Every path that can reach a frame's realm
// (insertion, contentWindow, frames/length, load, window.open) ends here. Never throws: a
// hook that calls it must not throw where the native does not.
import { each, globalProto, natives, push, weakGet, weakSet } from '../natives.js';
import { childWindows, documentOf, frameElementOf, realmKey } from './access.js';

const { apply } = natives;
const g = natives.global;
const elementRemove = globalProto('Element').remove;
const windowClose = g.Window ? natives.getOwnPropertyDescriptor(g, 'close') : undefined;

// realm key → what re-arms that realm's document-level watchers (frames.js), after a
// document.open() erased its listeners or a navigation that kept the realm brought a new
// document.
const armers = new natives.WeakMap();
// Run on every window settled: srcdoc.js registers its check here.
const checks = [];

export function onSettle(check) {
  push(checks, check);
}

export function registerArmer(realm, arm) {
  weakSet(armers, realmKey(realm), arm);
}

export function rearm(win) {
  if (!win) return;
  const arm = weakGet(armers, realmKey(win));
  if (arm) arm();
}

export function settleWindow(ctx, win) {
  if (!documentOf(win)) return;  // another origin's, or gone
  try {
    const fresh = ctx.installRealm(win);
    each(checks, (check) => check(ctx, win));
    if (fresh) settleChildren(ctx, win);
  } catch (error) {
    natives.consoleError('rtc-privacy-shim: a same-origin frame could not be guarded; it is discarded', error);
    discard(win);
  }
}

// Fails closed: a realm the shim could not guard does not stay reachable. A frame leaves
// the document (its realm goes with it), a popup is closed.
function discard(win) {
  try {
    const element = frameElementOf(win);
    if (element && elementRemove) apply(elementRemove, element, []);
    else if (windowClose) apply(windowClose.value, win, []);
  } catch { /* nothing more can be done from here */ }
}

export function settleChildren(ctx, win) {
  if (!win) return;
  each(childWindows(win), (child) => settleWindow(ctx, child));
}
