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
// setHTMLUnsafe: it marks them started) are marked as started when they are made, so that
// moving them later neither records nor holds them (a held one would run on consent, which it
// never would unshimmed); held-scripts.js runs a page's held script that is started as a
// copy (React makes every script element with innerHTML; apps parse markup into a
// <template>, whose contents' scripts are started too). The browser copies "already started"
// into a script's clones (cloneNode, importNode), marked as they are made (copied()): a
// parsed one's copy is as its original (held, it runs as a copy); a copy of a script that ran
// or was locked (held by the gate) never runs, and held-scripts.js runs none
// (isStartedCopy). The scripts the browser ran are started too: one
// the gate allowed, as it is inserted (inserted()), and one the parser made, as held-scripts.js's
// MutationObserver first sees it (noteConnected()): moved or copied, they are never held or
// run again, as unshimmed.
// Scripts inserted by the parser (document.write) run as they are parsed and do not pass here.
import { accessorOf, each, globalProto, hasBrand, natives, push, read, weakGet, weakHas, weakSet } from '../natives.js';

const { apply, getOwnPropertyDescriptor } = natives;
// The DOM natives, exported: held-scripts.js and the realms read the DOM with them too.
const elementProto = globalProto('Element');
const fragmentProto = globalProto('DocumentFragment');
export const { matches, getAttribute, setAttribute, hasAttribute, removeAttribute } = elementProto;
export const { appendChild, insertBefore, removeChild } = globalProto('Node');
const { createTextNode, adoptNode } = globalProto('Document');
export const [isConnected, nodeType, parentNode, nextSibling, ownerDocument] = ['isConnected', 'nodeType', 'parentNode', 'nextSibling', 'ownerDocument']
  .map((name) => accessorOf('Node', name));
export const documentElement = accessorOf('Document', 'documentElement');
const defaultView = accessorOf('Document', 'defaultView');
const nodeListLength = accessorOf('NodeList', 'length');
export const scriptText = accessorOf('HTMLScriptElement', 'text');  // its child text content
// fn(node) for each node of `list` (a NodeList, or null for none), by index and the captured
// length: the page may have replaced NodeList's iterator and its length.
export const eachNode = (list, fn) => {
  for (let i = 0, n = list ? read(nodeListLength, list) : 0; i < n; i++) fn(list[i]);
};
// [querySelector, querySelectorAll] of an element and of a fragment.
const queries = [[elementProto.querySelector, elementProto.querySelectorAll], [fragmentProto.querySelector, fragmentProto.querySelectorAll]];
const ELEMENT = 1;
const FRAGMENT = 11;

// One gate per shim: the manifest's selectors are read at the first inserted script.
const gates = new natives.WeakMap();
// Held injected script → its type attribute as the page set it (null: none).
const injectedTypes = new natives.WeakMap();
// Script elements decided once (held, allowed, refused, made by HTML parsing, or run on
// consent): moving them asks again for nothing. → true, or where the browser marked them
// started: PARSED (made by a fragment's parsing, never run: held, it runs as a copy, and so do
// its copies), RAN (run by the browser, or locked) or COPY (a copy of one that ran or was
// locked, which never runs, though it looks held when its original is: type text/plain, a purpose).
const done = new natives.WeakMap();
const PARSED = 2;
const COPY = 3;
const RAN = 4;
const isDone = (el) => weakHas(done, el);
export const isStarted = (el) => weakGet(done, el) >= PARSED;
export const isStartedCopy = (el) => weakGet(done, el) === COPY;
const markDone = (el, state = true) => weakSet(done, el, state);
// `copy`, cloned from `el`, a started script: started as it is.
const markCopyOf = (el, copy) => markDone(copy, weakGet(done, el) === PARSED ? PARSED : COPY);

// The types the browser runs a script of (HTML's JavaScript MIME types, and module), matched
// trimmed and in any case; no type attribute: its `language`, else JavaScript, as an empty
// type. A type not listed here counts as not run: a copy of such a script is gated as a new
// one would be.
const RUN_TYPES = natives.create(null);
each(apply(natives.stringSplit, 'module application/ecmascript application/javascript application/x-ecmascript '
  + 'application/x-javascript text/ecmascript text/javascript text/javascript1.0 text/javascript1.1 text/javascript1.2 '
  + 'text/javascript1.3 text/javascript1.4 text/javascript1.5 text/jscript text/livescript text/x-ecmascript '
  + 'text/x-javascript', [' ']), (type) => { RUN_TYPES[type] = true; });
// Whether the browser started `el`, connected now: in a document with a window, with a src or
// a text, of a type it runs.
function ran(el) {
  let type = apply(getAttribute, el, ['type']);
  if (type === null) {
    const language = apply(getAttribute, el, ['language']);
    type = language ? `text/${language}` : '';
  }
  return read(isConnected, el) && read(defaultView, read(ownerDocument, el)) !== null
    && (apply(hasAttribute, el, ['src']) || read(scriptText, el) !== '')
    && (type === '' || RUN_TYPES[apply(natives.stringToLowerCase, apply(natives.stringTrim, type, []), [])] === true);
}
// A script of the document seen connected (parsed, or inserted): started if the browser ran it.
export const noteConnected = (el) => {
  if (!isStarted(el) && ran(el)) markDone(el, RAN);
};

// Locks a held script: the browser prepares it once as a classic script with `nomodule`, as it
// connects (moved for a moment to its document's root), and so marks it "already started" and
// does not run it (HTML's "prepare the script element" checks nomodule after setting
// already-started). A started script never runs, whatever its type, text or src become. Its
// attributes and place are then as they were, type text/plain. Its text is left as it is: a
// page that enforces Trusted Types would refuse to prepare a script whose text changed. Only an
// empty script (which is not prepared at all) gets a space for the moment.
function lock(el) {
  const home = read(ownerDocument, el);
  const parent = read(parentNode, el);
  const next = read(nextSibling, el);
  const nomodule = apply(hasAttribute, el, ['nomodule']);
  const text = !apply(hasAttribute, el, ['src']) && read(scriptText, el) === '' ? apply(createTextNode, home, [' ']) : null;
  apply(setAttribute, el, ['nomodule', '']);
  apply(setAttribute, el, ['type', 'text/javascript']);
  try {
    if (text) apply(appendChild, el, [text]);
    // The root: the document's, the page's for a document without one (a template's), or the
    // document itself when it has none either (the script is its root for the moment).
    const root = read(documentElement, home) || read(documentElement, natives.document) || home;
    apply(appendChild, root, [el]);
  } finally {
    if (text) apply(removeChild, el, [text]);
    if (parent) apply(insertBefore, parent, [el, next]);
    else apply(adoptNode, home, [el]);  // out of the page, back to its own document
    if (!nomodule) apply(removeAttribute, el, ['nomodule']);
    apply(setAttribute, el, ['type', 'text/plain']);
  }
}

const templateContent = accessorOf('HTMLTemplateElement', 'content');
const isTemplate = (el) => apply(matches, el, ['template']) && hasBrand(templateContent, el);
// The script elements under `node` (an element or a fragment; else none), those in the
// contents of its templates too, at any depth (the fragment parser starts them as well, and
// cloning copies them): `out`, an array in document order, a template's contents in its place.
function scriptsIn(node, out = []) {
  let type;
  try {
    type = read(nodeType, node);
  } catch {
    return out;  // not a node
  }
  if (type !== ELEMENT && type !== FRAGMENT) return out;
  if (type === ELEMENT && isTemplate(node)) scriptsIn(read(templateContent, node), out);
  eachNode(apply(queries[type === ELEMENT ? 0 : 1][1], node, ['script,template']), (el) => {
    if (isTemplate(el)) scriptsIn(read(templateContent, el), out);
    else push(out, el);
  });
  return out;
}

// Whether `el` is an injected script the gate held (whatever the page made its type since).
export const heldInjected = (el) => weakHas(injectedTypes, el);

// `s`: the new script held-scripts.js runs in the place of `el`, an injected script the gate
// held, once its purpose is granted (`el` never runs, being started), with its attributes.
// `s` gets the type the page gave `el` and its own properties (ZEGO's `param`, read through
// document.currentScript), and moving `s` later asks nothing.
export function reviveInjected(el, s) {
  const type = weakGet(injectedTypes, el);
  if (type !== null) apply(setAttribute, s, ['type', type]);
  const keys = natives.ownKeys(el);
  for (let i = 0; i < keys.length; i++) natives.defineProperty(s, keys[i], getOwnPropertyDescriptor(el, keys[i]));
  markDone(s);
}

export function injectedScriptGate(ctx) {
  let gate = weakGet(gates, ctx);
  if (gate) return gate;
  let selectors;  // [selector…] once read (index: the declaration)
  let union = '';  // all of them, for one querySelectorAll
  let allowed = [];  // the scripts allowed since the last insertion ended

  function decide(el) {
    if (isDone(el)) {
      // Held, and its type set back by the page before inserting it again: text/plain again,
      // as a held script shows (it could not run anyway: it is started).
      if (heldInjected(el) && apply(getAttribute, el, ['type']) !== 'text/plain') {
        apply(setAttribute, el, ['type', 'text/plain']);
      }
      return;
    }
    for (let i = 0; i < selectors.length; i++) {
      if (!apply(matches, el, [selectors[i]])) continue;
      markDone(el);
      let d;
      try {
        d = ctx.core.noteInjectedScript(i);
        if (d.action === 'allow') return push(allowed, el);
        weakSet(injectedTypes, el, apply(getAttribute, el, ['type']));
        lock(el);
        markDone(el, RAN);
      } catch (error) {
        // No decision (the engine failed), or not locked for sure (the page's code ran in
        // between): the insertion fails, and the next one decides again.
        apply(natives.weakMapDelete, done, [el]);
        throw error;
      }
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
      union = apply(natives.arrayJoin, selectors, [',']);
    }
    return union;
  }

  // The declared scripts under `node`, of nodeType `type` (null unless an element or fragment).
  function declaredUnder(node, type) {
    if (type !== ELEMENT && type !== FRAGMENT) return null;
    const query = queries[type === ELEMENT ? 0 : 1];
    if (apply(query[0], node, ['script']) === null || !declared()) return null;
    return apply(query[1], node, [union]);
  }

  gate = {
    // HTML is about to be parsed into `node` (an element or a shadow root; or next to an
    // element, into its parent): → what to call after, which marks the scripts it made.
    parsing(node) {
      const before = scriptsIn(node);
      return () => {
        const old = new natives.WeakMap();
        each(before, (el) => weakSet(old, el, true));
        each(scriptsIn(node), (el) => { if (!weakHas(old, el)) markDone(el, PARSED); });
      };
    },
    // After `copy` was cloned from `node` (the native returned): the copies of its started
    // scripts, the node itself or under it, are started. Its scripts and theirs pair up in
    // document order; if they do not (the page's code ran while cloning, a custom element's),
    // every copy is, if any original was.
    copied(node, copy) {
      if (isStarted(node)) markCopyOf(node, copy);
      const originals = scriptsIn(node);
      const copies = scriptsIn(copy);
      const paired = originals.length === copies.length;
      let started = false;
      for (let i = 0; i < originals.length; i++) {
        if (!isStarted(originals[i])) continue;
        started = true;
        if (paired) markCopyOf(originals[i], copies[i]);
      }
      if (started && !paired) each(copies, (el) => markDone(el, COPY));
    },
    // An insertion method returned (or threw): the scripts it was allowed to insert that the
    // browser ran are started.
    inserted() {
      if (!allowed.length) return;
      const list = allowed;
      allowed = [];
      each(list, noteConnected);
    },
    // The arguments of an insertion method, each a node about to be inserted or not (left alone).
    inspectAll(args) {
      for (let i = 0; i < args.length; i++) {
        const node = args[i];
        if (node === null || typeof node !== 'object') continue;
        let type;
        try {
          type = read(nodeType, node);
        } catch {
          continue;  // not a node: the native throws its own error
        }
        // Only a script asks the engine (which starts at its first question).
        if (type === ELEMENT && apply(matches, node, ['script']) && declared()) decide(node);
        eachNode(declaredUnder(node, type), decide);
      }
    },
  };
  weakSet(gates, ctx, gate);
  return gate;
}
