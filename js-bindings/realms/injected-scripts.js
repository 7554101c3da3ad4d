// Scripts an SDK inserts at run time with code from its cloud settings (ZEGO's inline
// <script id="dy"> in <head>), declared in the manifest as sdks[].injectedScripts selectors.
// The DOM insertion methods (insertion.js) show each inserted node here before the browser
// inserts it: a script element that matches a declaration is made inert first (type
// text/plain, so the browser never runs it) unless the engine says its purpose is granted
// (wasm/core/script_gate.hpp, recorded as "script.injected"). Held, it carries its purpose as
// data-rtc-privacy-purpose: held-scripts.js then runs it once the purpose is granted, like a
// script the page holds itself (the browser never started it: given its type back and
// inserted again, the same element runs). Only the main document's held scripts are run later; one
// inserted into a frame stays inert.
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
const { matches, getAttribute, setAttribute } = elementProto;
// [querySelector, querySelectorAll] of an element and of a fragment.
const queries = [[elementProto.querySelector, elementProto.querySelectorAll], [fragmentProto.querySelector, fragmentProto.querySelectorAll]];
const nodeType = g.Node ? getOwnPropertyDescriptor(g.Node.prototype, 'nodeType') : undefined;
const nodeListLength = g.NodeList ? getOwnPropertyDescriptor(g.NodeList.prototype, 'length') : undefined;
const ELEMENT = 1;
const FRAGMENT = 11;

// One gate per shim: the manifest's selectors are read at the first inserted script.
const gates = new natives.WeakMap();
// Held injected script → its type attribute as the page set it (null: none). held-scripts.js
// runs such a script as itself, its type given back: properties the SDK set on the element
// (ZEGO's `param`, read through document.currentScript) stay with it.
export const injectedTypes = new natives.WeakMap();

export function injectedScriptGate(ctx) {
  let gate = apply(natives.weakMapGet, gates, [ctx]);
  if (gate) return gate;
  let selectors;  // [selector…] once read (index: the declaration)
  let union = '';  // all of them, for one querySelectorAll
  const done = new natives.WeakSet();  // elements decided once: moving them asks again for nothing
  const weakSetHas = natives.WeakSet.prototype.has;
  const weakSetAdd = natives.WeakSet.prototype.add;

  function decide(el) {
    if (apply(weakSetHas, done, [el])) {
      // Held, and its type set back by the page before inserting it again: inert again.
      if (apply(natives.weakMapHas, injectedTypes, [el]) && apply(getAttribute, el, ['type']) !== 'text/plain') {
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
      apply(setAttribute, el, ['type', 'text/plain']);
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
