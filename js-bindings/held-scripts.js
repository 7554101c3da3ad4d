// Scripts held until their purpose is granted: <script type="text/plain"
// data-rtc-privacy-purpose="call" src="…"> (or inline) in the document, and shim.load(src,
// purpose). The engine answers run, hold or refuse (wasm/core/script_gate.hpp); this file
// finds the scripts and runs them.
//
// A held script runs as itself: its type becomes the page's default, or "module" with
// data-rtc-privacy-type="module" (both data- attributes go), and it is moved to where it is,
// so that the browser prepares it again (its type text/plain stopped the browser before it
// marked the script started). Its text, src, attributes and nonce are the page's own: a page
// that enforces Trusted Types runs it as any of its scripts, and the shim needs no policy (a
// copy whose text or src the shim set would be refused). One the browser has started (made by
// innerHTML, as React makes every script element: realms/injected-scripts.js marks them)
// cannot run again: it runs as a new <script> in its place, its attributes, nonce and text
// copied, which a page that enforces Trusted Types refuses unless its own "default" policy
// lets them through (the console says it could not run). Held scripts run once each, in
// document order: a src script gets async = false (downloads in parallel, runs in
// insertion order; an `async` attribute opts out of the order) and an inline script waits for
// the ordered src scripts before it. `defer` means nothing to a script inserted again. Under a
// CSP without 'unsafe-inline', an inline held script runs only with the page's nonce; src
// scripts need only their source allowed.
//
// Scripts an SDK inserts at run time that the manifest declares (injectedScripts) arrive here
// held, as <script type="text/plain" data-rtc-privacy-purpose> (realms/injected-scripts.js):
// started (locked), they run as a copy, with the type and properties the SDK gave the element
// (reviveInjected()).
//
// Found by a MutationObserver from arm time, which sees a script when it is parsed or added,
// so one whose purpose is already granted (restored consent, or added by the app later) runs
// at once; a scan on each consent change runs the waiting ones in document order.
import { accessorOf, each, globalProto, mapPut, mapRemove, mapValue, natives, read, weakGet, weakSet } from './natives.js';
import {
  appendChild, documentElement, eachNode, getAttribute, hasAttribute, heldInjected, insertBefore, isConnected, isStarted, isStartedCopy, matches,
  nextSibling, nodeType, noteConnected, parentNode, removeAttribute, reviveInjected, scriptText, setAttribute,
} from './realms/injected-scripts.js';

const { apply } = natives;
const PREFIX = 'rtc-privacy-shim';
const SELECTOR = 'script[data-rtc-privacy-purpose]';  // held if type text/plain, or injected (heldInjected)
const PURPOSE = 'data-rtc-privacy-purpose';
const TYPE = 'data-rtc-privacy-type';
const MO = natives.global.MutationObserver;
const observe = globalProto('MutationObserver').observe;
const addedNodes = accessorOf('MutationRecord', 'addedNodes');
const childElementCount = accessorOf('Element', 'childElementCount');
const { querySelectorAll, getAttributeNames, replaceWith } = globalProto('Element');
const { createElement, querySelectorAll: documentQueryAll } = globalProto('Document');
const documentHead = accessorOf('Document', 'head');
const scriptAsync = accessorOf('HTMLScriptElement', 'async');
const nonce = accessorOf('HTMLElement', 'nonce');
const addListener = globalProto('EventTarget').addEventListener;
const { shift: arrayShift, splice: arraySplice } = Array.prototype;

export function createHeldScripts(ctx) {
  const { core } = ctx;
  const doc = natives.document;
  // Element → 1: its hold is recorded; 2: queued, run or refused (never again).
  const seen = new natives.WeakMap();
  const waitingLoads = [];  // shim.load() calls not granted yet, in call order
  const queue = [];
  let loading = 0;  // ordered src scripts inserted and not yet loaded

  const attr = (el, name) => apply(getAttribute, el, [name]);

  // `s`, the copy of `el`, a held script the browser started: false if the page's Trusted
  // Types refused it. Only they make these setters throw (a text, src or on* attribute no
  // policy of the page's made); the shim makes no policy.
  function copy(el, s, injected, inline) {
    if (injected) reviveInjected(el, s);
    else if (attr(el, TYPE) === 'module') apply(setAttribute, s, ['type', 'module']);
    try {
      each(apply(getAttributeNames, el, []), (name) => {
        if (name !== 'type' && name !== 'nonce' && name !== PURPOSE && name !== TYPE) apply(setAttribute, s, [name, attr(el, name)]);
      });
      if (nonce) apply(nonce.set, s, [read(nonce, el)]);
      if (inline) apply(scriptText.set, s, [read(natives.nodeTextContent, el)]);
    } catch (error) {
      natives.consoleError(`${PREFIX}: a held script could not run: Trusted Types refused its copy`, el, error);
      return false;
    }
    return true;
  }

  function insert(item) {
    const el = item.el;
    // An injected script's copy: its load or error event is told to the SDK's element too.
    const injected = el && heldInjected(el);
    const s = el && !isStarted(el) ? el : apply(createElement, doc, ['script']);
    if (s === el) {
      if (attr(el, TYPE) === 'module') apply(setAttribute, el, ['type', 'module']);
      else apply(removeAttribute, el, ['type']);
      apply(removeAttribute, el, [PURPOSE]);
      apply(removeAttribute, el, [TYPE]);
    } else if (el) {
      if (!copy(el, s, injected, !item.src)) return;
    } else {
      apply(setAttribute, s, ['src', item.src]);
    }
    const ordered = item.src && !apply(hasAttribute, s, ['async']);
    if (ordered) apply(scriptAsync.set, s, [false]);
    const settle = (ok) => () => {
      if (ordered) loading--;
      if (injected) apply(natives.eventTargetDispatch, el, [new natives.Event(ok ? 'load' : 'error')]);
      if (item.resolve) (ok ? item.resolve : item.reject)(ok ? undefined : new natives.Error(`${PREFIX}: load: ${item.src} failed to load`));
      pump();
    };
    if (item.src) {
      apply(addListener, s, ['load', settle(true)]);
      apply(addListener, s, ['error', settle(false)]);
    }
    if (s === el) apply(insertBefore, read(parentNode, el), [el, read(nextSibling, el)]);
    else if (el) apply(replaceWith, el, [s]);
    else apply(appendChild, read(documentHead, doc) || read(documentElement, doc), [s]);
    if (ordered) loading++;
  }

  // Runs what is queued, in order; an inline script waits for the ordered src scripts before it.
  function pump() {
    while (queue.length && (queue[0].src || !loading)) {
      const item = apply(arrayShift, queue, []);
      // The app removed a held script before its turn: it does not run.
      if (item.el && !read(isConnected, item.el)) continue;
      // Asked again at its turn, recorded: consent withdrawn meanwhile holds it again.
      if (core.noteScript(item.purpose).action !== 'allow') {
        if (item.el) weakSet(seen, item.el, 1);
        else apply(natives.arrayPush, waitingLoads, [item]);
        continue;
      }
      try {
        insert(item);
      } catch (error) {
        natives.consoleError(`${PREFIX}: a held script could not be inserted`, error);
        if (item.reject) item.reject(error);
      }
    }
  }

  // Items have no prototype: a page that defines Object.prototype.el or .resolve cannot make
  // a load look like a held element or be called back as one.
  function enqueue(item) {
    apply(natives.arrayPush, queue, [item]);
    pump();
  }

  // A held script seen for the first time, or again on a consent change. A copy of a held
  // injected script looks held, and never runs: the browser copied its "already started".
  function consider(el) {
    const state = weakGet(seen, el);
    if (state === 2 || isStartedCopy(el) || !(apply(matches, el, ['[type="text/plain"]']) || heldInjected(el))) return;
    const purpose = attr(el, PURPOSE);
    const src = attr(el, 'src');
    const d = core.decideScript(purpose);
    if (d.action === 'allow') {
      weakSet(seen, el, 2);
      return enqueue({ __proto__: null, el, purpose, src: src === null ? '' : src });
    }
    if (state === 1) return;
    weakSet(seen, el, d.action === 'deny' ? 2 : 1);
    core.noteScript(purpose);
    if (d.action === 'deny') {
      natives.consoleError(`${PREFIX}: <script ${PURPOSE}="${purpose}"${src === null ? '' : ` src="${src}"`}> not run: ${d.reason}`, el);
    }
  }

  // Each script the observer sees: one the browser ran is started (realms/injected-scripts.js),
  // so that moving or copying it later neither holds nor runs it; a held one is considered.
  const arrived = (el) => {
    noteConnected(el);
    if (apply(matches, el, [SELECTOR])) consider(el);
  };
  const scanDocument = () => eachNode(apply(documentQueryAll, doc, [SELECTOR]), consider);

  function onMutations(records) {
    for (let r = 0; r < records.length; r++) {
      eachNode(read(addedNodes, records[r]), (node) => {
        if (read(nodeType, node) !== 1) return;
        if (apply(matches, node, ['script'])) arrived(node);
        else if (read(childElementCount, node)) eachNode(apply(querySelectorAll, node, ['script']), arrived);
      });
    }
  }

  function onChange() {
    if (doc) scanDocument();
    const loads = apply(arraySplice, waitingLoads, [0]);
    each(loads, (item) => {
      if (core.decideScript(item.purpose).action === 'allow') enqueue(item);
      else apply(natives.arrayPush, waitingLoads, [item]);
    });
  }

  // An injected script the insertion gate held (realms/injected-scripts.js) has its hold
  // recorded already.
  ctx.heldScriptNoted = (el) => { if (!weakGet(seen, el)) weakSet(seen, el, 1); };

  if (doc && MO) {
    eachNode(apply(documentQueryAll, doc, ['script']), arrived);
    apply(observe, new MO(onMutations), [doc, { childList: true, subtree: true }]);
  }
  ctx.onChange(onChange);

  // shim.load(src, purpose): a Promise settled when the script has loaded (or failed to);
  // pending until the purpose is granted; rejected at once for a purpose it can never get.
  // The same src for the same purpose is loaded once: a second call gets the first call's
  // Promise while it is pending or after the script ran; after a failure it tries again.
  const loads = new natives.Map();
  return function load(src, purpose) {
    const key = typeof purpose === 'string' ? `${purpose}\n${src}` : undefined;
    const known = key === undefined ? undefined : mapValue(loads, key);
    if (known) return known;
    const promise = new natives.Promise((resolve, reject) => {
      if (typeof purpose !== 'string') throw new natives.TypeError(`${PREFIX}: load: expected a purpose id as the second argument`);
      const forget = (error) => {
        mapRemove(loads, key);
        reject(error);
      };
      const item = { __proto__: null, src: `${src}`, purpose, resolve, reject: forget };
      const d = core.decideScript(purpose);
      if (d.action === 'allow') return enqueue(item);
      core.noteScript(purpose);
      if (d.action === 'deny') throw new natives.RangeError(`${PREFIX}: load: ${d.reason}`);
      apply(natives.arrayPush, waitingLoads, [item]);
    });
    // A refused purpose is not kept: the next call is asked again.
    if (key !== undefined && core.decideScript(purpose).action !== 'deny') mapPut(loads, key, promise);
    return promise;
  };
}
