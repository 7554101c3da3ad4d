// Scripts an SDK inserts at run time with code from its cloud settings (ZEGO's inline
// <script id="dy"> in <head>), declared in the manifest as sdks[].injectedScripts selectors.
// The DOM insertion methods (insertion.js) show each inserted node here before the browser
// inserts it: a script element that matches a declaration is held (type text/plain) unless
// the engine says its purpose is granted (wasm/core/script_gate.hpp, recorded as
// "script.injected"), and locked at once: the browser marks it "already started" without
// running it (lock()), so nothing the page then does to its type, text, children or src can
// make it run. Held, it carries its purpose as data-rtc-privacy-purpose: held-scripts.js runs
// a fresh copy of it in its place once the purpose is granted (reviveInjected()), like a script
// the page holds itself. Only the main document's held scripts are run later; one inserted
// into a frame stays inert.
//
// Scripts the browser never runs (made by innerHTML, outerHTML, insertAdjacentHTML,
// setHTMLUnsafe) are marked as decided when they are made, so that moving them later neither
// records nor holds them (a held one would run on consent, which it never would unshimmed).
// Scripts inserted by the parser (document.write) run as they are parsed and do not pass here.
import { natives, read } from '../natives.js';

const { apply, getOwnPropertyDescriptor } = natives;
const g = natives.global;
const elementProto = g.Element ? g.Element.prototype : {};
const fragmentProto = g.DocumentFragment ? g.DocumentFragment.prototype : {};
const nodeProto = g.Node ? g.Node.prototype : {};
const { matches, getAttribute, setAttribute, hasAttribute, removeAttribute } = elementProto;
const { appendChild, insertBefore, removeChild } = nodeProto;
const { createTextNode, adoptNode } = g.Document ? g.Document.prototype : {};
const [isConnected, parentNode, nextSibling, ownerDocument] = ['isConnected', 'parentNode', 'nextSibling', 'ownerDocument']
  .map((name) => getOwnPropertyDescriptor(nodeProto, name));
const documentElement = g.Document ? getOwnPropertyDescriptor(g.Document.prototype, 'documentElement') : undefined;
// [querySelector, querySelectorAll] of an element and of a fragment.
const queries = [[elementProto.querySelector, elementProto.querySelectorAll], [fragmentProto.querySelector, fragmentProto.querySelectorAll]];
const nodeType = g.Node ? getOwnPropertyDescriptor(g.Node.prototype, 'nodeType') : undefined;
const nodeListLength = g.NodeList ? getOwnPropertyDescriptor(g.NodeList.prototype, 'length') : undefined;
const ELEMENT = 1;
const FRAGMENT = 11;

// One gate per shim: the manifest's selectors are read at the first inserted script.
const gates = new natives.WeakMap();
// Held injected script → its type attribute as the page set it (null: none).
const injectedTypes = new natives.WeakMap();
// Script elements decided once (held, allowed, refused, made by HTML parsing, or run on
// consent): moving them asks again for nothing.
const done = new natives.WeakSet();
const weakSetHas = natives.WeakSet.prototype.has;
const weakSetAdd = natives.WeakSet.prototype.add;

// Locks a held script: the browser prepares it once as a classic script with `nomodule` and
// some text, while connected (for a moment, at its document's root, if it is not), and so
// marks it "already started" and does not run it (HTML's "prepare the script element" checks
// nomodule after setting already-started). A started script never runs, whatever its type,
// text or src become. Its attributes, children and place are then as they were, type text/plain.
function lock(el) {
  const home = read(ownerDocument, el);
  const parent = read(parentNode, el);
  const next = read(nextSibling, el);
  const nomodule = apply(hasAttribute, el, ['nomodule']);
  const text = apply(createTextNode, home, [' ']);
  let moved = false;
  apply(setAttribute, el, ['nomodule', '']);
  apply(setAttribute, el, ['type', 'text/javascript']);
  try {
    apply(appendChild, el, [text]);  // connected: prepared now
    if (!read(isConnected, el)) {
      moved = true;  // prepared as it connects (a template's document has no root: the page's)
      apply(appendChild, read(documentElement, home) || read(documentElement, natives.document), [el]);
    }
  } finally {
    apply(removeChild, el, [text]);
    if (moved) {
      if (parent) apply(insertBefore, parent, [el, next]);
      else apply(adoptNode, home, [el]);  // out of the page, back to its own document
    }
    if (!nomodule) apply(removeAttribute, el, ['nomodule']);
    apply(setAttribute, el, ['type', 'text/plain']);
  }
}

// Whether `el` is an injected script the gate held (whatever the page made its type since).
export const heldInjected = (el) => apply(natives.weakMapHas, injectedTypes, [el]);

// `s`: the new script held-scripts.js runs in the place of `el` once its purpose is granted
// (`el` never runs, being started), with its attributes. If `el` is an injected script the
// gate held, `s` gets the type the page gave it and its own properties (ZEGO's `param`, read
// through document.currentScript), and moving `s` later asks nothing: true.
export function reviveInjected(el, s) {
  if (!heldInjected(el)) return false;
  const type = apply(natives.weakMapGet, injectedTypes, [el]);
  if (type !== null) apply(setAttribute, s, ['type', type]);
  const keys = natives.ownKeys(el);
  for (let i = 0; i < keys.length; i++) natives.defineProperty(s, keys[i], getOwnPropertyDescriptor(el, keys[i]));
  apply(weakSetAdd, done, [s]);
  return true;
}

export function injectedScriptGate(ctx) {
  let gate = apply(natives.weakMapGet, gates, [ctx]);
  if (gate) return gate;
  let selectors;  // [selector…] once read (index: the declaration)
  let union = '';  // all of them, for one querySelectorAll

  function decide(el) {
    if (apply(weakSetHas, done, [el])) {
      // Held, and its type set back by the page before inserting it again: text/plain again,
      // as a held script shows (it could not run anyway: it is started).
      if (heldInjected(el) && apply(getAttribute, el, ['type']) !== 'text/plain') {
        apply(setAttribute, el, ['type', 'text/plain']);
      }
      return;
    }
    for (let i = 0; i < selectors.length; i++) {
      if (!apply(matches, el, [selectors[i]])) continue;
      apply(weakSetAdd, done, [el]);
      const d = ctx.core.noteInjectedScript(i);
      if (d.action === 'allow') return;
      apply(natives.weakMapSet, injectedTypes, [el, apply(getAttribute, el, ['type'])]);
      lock(el);
      if (d.action === 'hold') {
        apply(setAttribute, el, ['data-rtc-privacy-purpose', d.purpose]);
        if (ctx.heldScriptNoted) ctx.heldScriptNoted(el);
      }
      return;
    }
  }

  // The union of the declared selectors ('' when none), read at the first script.
  function declared() {
    if (!selectors) {
      selectors = ctx.core.injectedScripts();
      for (let i = 0; i < selectors.length; i++) union += (i ? ',' : '') + selectors[i];
    }
    return union;
  }

  // The declared scripts under `node` (an element or fragment), or null.
  function declaredUnder(node, query) {
    if (apply(query[0], node, ['script']) === null || !declared()) return null;
    return apply(query[1], node, [union]);
  }

  // `node`: one node about to be inserted (anything else the page passes is left alone).
  function inspect(node) {
    let type;
    try {
      type = read(nodeType, node);
    } catch {
      return;  // not a node: the native throws its own error
    }
    if (type !== ELEMENT && type !== FRAGMENT) return;
    const query = queries[type === ELEMENT ? 0 : 1];
    // Only a script asks the engine (which starts at its first question).
    if (type === ELEMENT && apply(matches, node, ['script']) && declared()) decide(node);
    const found = declaredUnder(node, query);
    for (let i = 0, n = found ? read(nodeListLength, found) : 0; i < n; i++) decide(found[i]);
  }

  gate = {
    // After HTML was parsed into `node` (an element or a shadow root): its scripts never run.
    markInert(node) {
      let found = null;
      try {
        const type = read(nodeType, node);
        if (type === ELEMENT || type === FRAGMENT) found = declaredUnder(node, queries[type === ELEMENT ? 0 : 1]);
      } catch {
        return;  // not a node
      }
      for (let i = 0, n = found ? read(nodeListLength, found) : 0; i < n; i++) apply(weakSetAdd, done, [found[i]]);
    },
    // The arguments of an insertion method, each a node or not.
    inspectAll(args) {
      for (let i = 0; i < args.length; i++) {
        const node = args[i];
        if (node !== null && typeof node === 'object') inspect(node);
      }
    },
  };
  apply(natives.weakMapSet, gates, [ctx, gate]);
  return gate;
}
