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
// (isStartedCopy); so do a Range's copies (cloneContents, extractContents). The scripts the
// browser prepared are started too, run or not: one the gate allowed, as it is inserted
// (inserted()), one the parser made in the page, as held-scripts.js's MutationObserver first
// sees it (noteConnected()), one connected in a document with no window (DOMParser's,
// Document.parseHTMLUnsafe's, an XMLHttpRequest's, createHTMLDocument's, written there too:
// never run) as it is parsed or inserted there: moved or copied into the page, they are never
// held or run, as unshimmed. Scripts the browser does run when moved in
// (createContextualFragment's, a template's contents', one whose type the page gave after it
// was parsed) are gated as any other; document.write's are not (they run as they are parsed).
// Those document.write made in a frame, where they ran as they were parsed, are left
// undecided (gate.parsing says why).
import { accessorOf, each, globalProto, hasBrand, natives, push, read, weakGet, weakHas, weakSet } from '../natives.js';

const { apply, getOwnPropertyDescriptor } = natives;
// The DOM natives, exported: held-scripts.js and the realms read the DOM with them too.
const elementProto = globalProto('Element');
const fragmentProto = globalProto('DocumentFragment');
const documentProto = globalProto('Document');
export const { matches, getAttribute, setAttribute, hasAttribute, removeAttribute } = elementProto;
export const { appendChild, insertBefore, removeChild } = globalProto('Node');
const { createTextNode, adoptNode } = documentProto;

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
const ELEMENT = 1;
const FRAGMENT = 11;
// nodeType → [querySelector, querySelectorAll] of an element, a document and a fragment.
const queries = { __proto__: null, [ELEMENT]: [elementProto.querySelector, elementProto.querySelectorAll],
  9: [documentProto.querySelector, documentProto.querySelectorAll], [FRAGMENT]: [fragmentProto.querySelector, fragmentProto.querySelectorAll] };

// One gate per shim: the manifest's selectors are read at the first inserted script.
const gates = new natives.WeakMap();
// Held injected script → its type attribute as the page set it (null: none).
const injectedTypes = new natives.WeakMap();
// Script elements decided once (held, allowed, refused, made by HTML parsing, or run on
// consent): moving them asks again for nothing. → true, or where the browser marked them
// started: PARSED (made by a fragment's parsing, never run: held, it runs as a copy, and so do
// its copies), RAN (prepared by the browser: run, or never in a document with no window; or
// locked) or COPY (a copy of one of those, which never runs, though it looks held when its
// original is: type text/plain, a purpose).
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
// Whether the browser started `el` as it connected it (prepared it): an HTML script, connected
// now, with a src or a text, of a type it runs. It ran it if its document has a window; in one
// without (DOMParser's, an XMLHttpRequest's, createHTMLDocument's) it never runs it.
// Whether `el` is an HTML script of a type the browser runs.
function runnable(el) {
  if (!hasBrand(scriptText, el)) return false;
  let type = apply(getAttribute, el, ['type']);
  if (type === null) {
    const language = apply(getAttribute, el, ['language']);
    type = language ? `text/${language}` : '';
  }
  return type === '' || RUN_TYPES[apply(natives.stringToLowerCase, apply(natives.stringTrim, type, []), [])] === true;
}
// `typed`: the script was runnable when the browser connected it (read before page code could
// change its type).
const prepared = (el, typed) => typed && read(isConnected, el) && (apply(hasAttribute, el, ['src']) || read(scriptText, el) !== '');
const noteStarted = (el, typed) => {
  if (!isStarted(el) && prepared(el, typed)) markDone(el, RAN);
};
// A script seen connected (parsed, or inserted): started if the browser prepared it.
export const noteConnected = (el) => noteStarted(el, runnable(el));
// A document a parser made (else nothing), seen for the first time: its scripts the browser
// prepared are started (ran; never run in one with no window: DOMParser's,
// Document.parseHTMLUnsafe's, an XMLHttpRequest's), not its templates' contents' (they run
// when copied into a page). Only once: the page may have changed it since.
export const noteParsedDocument = (doc) => {
  if (!hasBrand(documentElement, doc) || isDone(doc)) return;
  markDone(doc);
  each(scriptsIn(doc, [], false, true), noteConnected);
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

// `list`'s items as the keys of a WeakMap.
const setOf = (list) => {
  const set = new natives.WeakMap();
  each(list, (el) => weakSet(set, el, true));
  return set;
};
const rangeAncestor = accessorOf('Range', 'commonAncestorContainer');
const { intersectsNode } = globalProto('Range');
const templateContent = accessorOf('HTMLTemplateElement', 'content');
const shadowRootOf = accessorOf('Element', 'shadowRoot');
const isTemplate = (el) => apply(matches, el, ['template']) && hasBrand(templateContent, el);
// The script elements at and under `node` (an element, a document or a fragment; else none),
// unless `flat` those in the contents of its templates too, at any depth (the fragment parser
// starts them as well, and cloning copies them): `out`, an array in document order, a
// template's contents in its place. `shadows`: those in the open shadow roots at and under
// `node` too (declarative shadow roots a parser made), after the others.
function scriptsIn(node, out = [], flat, shadows) {
  let type;
  try {
    type = read(nodeType, node);
  } catch {
    return out;  // not a node
  }
  const query = queries[type];
  if (!query) return out;
  if (type === ELEMENT) {
    if (apply(matches, node, ['script'])) push(out, node);
    else if (!flat && isTemplate(node)) scriptsIn(read(templateContent, node), out);
  }
  eachNode(apply(query[1], node, ['script,template']), (el) => {
    if (!isTemplate(el)) push(out, el);
    else if (!flat) scriptsIn(read(templateContent, el), out);
  });
  if (shadows) {
    const inShadow = (el) => {
      const root = read(shadowRootOf, el);
      if (root) scriptsIn(root, out, flat, true);
    };
    if (type === ELEMENT) inShadow(node);
    eachNode(apply(query[1], node, ['*']), inShadow);
  }
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
    const query = queries[type];
    if (apply(query[0], node, ['script']) === null || !declared()) return null;
    return apply(query[1], node, [union]);
  }

  // An insertion method returned (or threw): the scripts it was allowed to insert that the
  // browser ran are started.
  function inserted() {
    if (!allowed.length) return;
    const list = allowed;
    allowed = [];
    each(list, noteConnected);
  }

  // The arguments of an insertion method, each a node about to be inserted or not (left alone).
  function inspectAll(args) {
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
  }

  gate = {
    // HTML is about to be parsed into `node` (an element, a shadow root or, `written` by
    // document.write, a document; or next to an element, into its parent): → what to call
    // after, which marks the scripts it made: the fragment parser's are started whatever their
    // type; a written one, in a document with no window, as the browser prepared it (it never
    // runs them). In one with a window, the written scripts run as they are parsed, and one of
    // them may change a later one's type or src before the write returns: what they look like
    // afterwards does not tell which the browser started, so they are left undecided (moved
    // into the page, a declared one is held, and run on consent).
    parsing(node, written, shadows) {
      if (written && read(defaultView, node)) return () => {};
      const old = setOf(scriptsIn(node, [], false, shadows));
      return () => each(scriptsIn(node, [], false, shadows), (el) => {
        if (!weakHas(old, el)) (written ? noteConnected(el) : markDone(el, PARSED));
      });
    },
    // After `copy` was cloned from `node` (the native returned), or made by a Range from
    // `ranged`, the scripts it copied or moved (its templates' contents left out on both
    // sides): the copies of started scripts, the node itself or under it, are started. The
    // scripts and their copies pair up in document order; if they do not (the page's code ran
    // while cloning, a custom element's), every copy is, if any original was.
    copied(node, copy, ranged) {
      const originals = ranged || scriptsIn(node);
      const copies = scriptsIn(copy, [], ranged);
      const paired = originals.length === copies.length;
      let started = false;
      for (let i = 0; i < originals.length; i++) {
        // extractContents moves what the range holds whole: only what it cuts is copied.
        if (!isStarted(originals[i]) || originals[i] === copies[i]) continue;
        started = true;
        if (paired) markCopyOf(originals[i], copies[i]);
      }
      if (started && !paired) {
        const own = setOf(originals);
        each(copies, (el) => { if (!weakHas(own, el)) markDone(el, COPY); });
      }
    },
    // The scripts a Range intersects, in document order (those its cloneContents or
    // extractContents copies or moves), read before the call.
    ranged(range) {
      const out = [];
      if (hasBrand(rangeAncestor, range)) {
        each(scriptsIn(read(rangeAncestor, range), [], true), (el) => { if (apply(intersectsNode, range, [el])) push(out, el); });
      }
      return out;
    },
    // An insertion method is about to insert `nodes` (its arguments: nodes or not) into
    // `target`: → what to call once it returned (or threw). The declared scripts among them are
    // decided first, and those it was allowed to insert that the browser ran are started after.
    // Into a document with no window (DOMParser's, createHTMLDocument's, a template's) nothing
    // runs and nothing is decided: the scripts it connects (`target` too, given a text) are
    // started after, as the browser marks them, never to be held or run when moved.
    inserting(target, nodes) {
      if (!hasBrand(ownerDocument, target) || read(defaultView, read(ownerDocument, target) || target)) {
        inspectAll(nodes);
        return inserted;
      }
      const scripts = [target];
      each(nodes, (node) => scriptsIn(node, scripts));
      // Their types as the browser sees them when it connects them: a custom element's
      // callbacks run after the insertion and may change them.
      const typed = [];
      each(scripts, (el) => push(typed, runnable(el)));
      return () => each(scripts, (el, i) => noteStarted(el, typed[i]));
    },
  };
  weakSet(gates, ctx, gate);
  return gate;
}
