// Which windows the shim may patch (same origin, reachable), how it tells one realm from
// another, and how a window's child frames are reached: through the captured getters of
// the Window itself, which a page can neither replace nor reach around.
import { accessorOf, natives, push } from '../natives.js';

const { apply, getOwnPropertyDescriptor, getPrototypeOf } = natives;
const g = natives.global;
const own = (name) => (g.Window ? getOwnPropertyDescriptor(g, name) : undefined);
// [LegacyUnforgeable]: never replaced, so its getter tells which realm a window is in.
const windowSelf = own('window');
const windowDocument = own('document');
const windowLength = own('length');
const windowFrameElement = own('frameElement');
const defaultView = accessorOf('Document', 'defaultView');
const ownerDocument = accessorOf('Node', 'ownerDocument');

function call(desc, target) {
  if (!desc || !desc.get) return null;
  try {
    return apply(desc.get, target, []);
  } catch {
    return null;  // another origin's window, a closed one, or not a window at all
  }
}

// A window's realm, as a key: its Function.prototype, read from a getter the page cannot
// replace. A frame's WindowProxy stays the same object when the frame navigates to a new
// realm; this key does not. Other globals (a worker's) are their own key.
export function realmKey(realm) {
  const d = windowSelf ? getOwnPropertyDescriptor(realm, 'window') : undefined;
  return d && d.get ? getPrototypeOf(d.get) : realm;
}

// The window's document when the shim may patch it (same origin), else null.
export function documentOf(win) {
  return win !== null && typeof win === 'object' ? call(windowDocument, win) : null;
}

export function frameElementOf(win) {
  return call(windowFrameElement, win);
}

// The window a node (or document: its ownerDocument is null) lives in, or null (a detached
// or inert document). Asked on every DOM insertion: no getter here throws for a node.
export function windowOf(node) {
  if (node === null || (typeof node !== 'object' && typeof node !== 'function')) return null;
  return call(defaultView, call(ownerDocument, node) || node);
}

// The window's child browsing contexts (frames, iframes, objects, embeds), by index: the
// same WindowProxies `window[i]` gives the page.
export function childWindows(win) {
  const count = call(windowLength, win) || 0;
  const out = [];
  for (let i = 0; i < count; i++) push(out, win[i]);
  return out;
}
