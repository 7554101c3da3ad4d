// The JS face of the C++ engine (wasm/bindings.cpp). The module is instantiated
// synchronously, at the first question asked of it (lazyCore), so it always answers at once.
// If it cannot start, a stand-in that denies everything takes its place: the shim
// fails closed, never open.
import { bindEngine } from './bind.js';
import { coreWasm } from './wasm-binary.js';
import { each, instantiateWasm, natives, push, read } from './natives.js';

const { jsonParse, jsonStringify } = natives;
const now = natives.dateNow;

// The engine calls the shim makes (the names of closedStandIn below) go to the module as they
// are, but for two things. TIMED: the call also takes the time (ms since the epoch), after
// the arguments the caller gives (this many). JSON_ANSWERS: the engine answers JSON text,
// parsed here. No prototype: only the names written here count.
const TIMED = {
  __proto__: null, load: 1, forgetReceipts: 0, noteScript: 1, noteInjectedScript: 1, applyGpc: 1, importConsent: 1,
  decide: 1, decideWhole: 1, record: 4, deviceDecide: 1, canvasDecide: 1, allowCookieWrite: 1, decideStorage: 3, decideLocation: 0,
  decideClipboardRead: 1, iceRelayOnly: 0, iceCandidate: 3, iceSdp: 3,
};
const JSON_ANSWERS = {
  __proto__: null, load: true, decideScript: true, noteScript: true, injectedScripts: true, noteInjectedScript: true,
  consentState: true, purposes: true, receipt: true, receipts: true, importConsent: true, ledger: true, ageView: true,
  deviceInfo: true, deviceGpu: true, deviceGpuAdapter: true, deniedPermissions: true, decideLocation: true, decideClipboardRead: true,
};

function adapter(m) {
  const face = {};
  // Once the engine aborted (out of memory: its heap may be half updated), each call is
  // answered as the stand-in of an engine that could not start answers it: denied, nothing
  // recorded. The call that hit the abort too.
  let closed = null;
  const guarded = (key, call) => (...args) => {
    if (!m.aborted()) {
      try {
        return natives.apply(call, undefined, args);  // no spread: the page may have replaced the array iterator
      } catch (error) {
        if (!m.aborted()) throw error;
      }
    }
    if (!closed) {
      closed = closedStandIn('the engine aborted (out of memory)');
      natives.consoleError('rtc-privacy-shim: the engine aborted; every gate denies from now on');
    }
    return natives.apply(closed[key], closed, args);
  };
  each(natives.keys(closedStandIn('')), (key) => {
    const given = TIMED[key];
    const parse = JSON_ANSWERS[key] === true;
    face[key] = guarded(key, (...args) => {
      let list = args;
      if (given !== undefined) {
        list = [];
        for (let i = 0; i < given; i++) push(list, args[i]);
        push(list, now());
      }
      const answer = natives.apply(m[key], m, list);
      return parse ? jsonParse(answer) : answer;
    });
  });
  // The calls that differ more, in place of what the loop made for them.
  // '' when applied, else the engine's error message. `dialogVersion`: method 'dialog' only.
  face.setConsent = guarded('setConsent', (purposes, state, method, locale, dialogVersion = '') => {
    // The engine takes each id followed by a newline; an id with one in it cannot be a real one.
    let lines = '';
    for (let i = 0; i < purposes.length; i++) {
      if (natives.apply(natives.stringIncludes, purposes[i], ['\n'])) return `unknown purpose ${jsonStringify(purposes[i])}`;
      lines += `${purposes[i]}\n`;
    }
    return m.setConsentFrom(lines, state, method, locale, dialogVersion, now());
  });
  // The age answer ('' when applied, else why not); a call after each new ledger entry (null: none).
  face.setAge = guarded('setAge', (bracket, guardian, method, locale) => m.setAge(bracket, guardian ? '1' : '', method, locale, now()));
  face.observeLedger = guarded('observeLedger', (fn) => {
    m.onLedger = fn;
    m.observeLedger(!!fn);
  });
  // The raw module, for features that bind more of it (js-bindings/network/engine.js).
  face.module = m;
  return face;
}

// Stands in when the engine could not start: every gate denies, nothing is recorded. Its
// names are the engine calls the shim makes (adapter).
function closedStandIn(reason) {
  const refuse = `engine closed: ${reason}`;
  const deny = { action: 'deny', purpose: '', reason: refuse };
  return {
    load: () => ({ ok: false, errors: [refuse] }),
    closed: () => true,
    closedReason: () => reason,
    revision: () => '',
    setConsent: () => refuse,
    // Consent beyond grant and revoke (wasm/bindings_consent.cpp).
    needsPrompt: () => false,
    forgetReceipts: () => {},
    // Held scripts: { action: 'allow' | 'hold' | 'deny', reason }; noteScript also records it.
    decideScript: () => deny,
    noteScript: () => deny,
    // Scripts SDKs insert at run time (manifest injectedScripts): their selectors, and for an
    // inserted match { action, reason, purpose }, recorded.
    injectedScripts: () => [],
    noteInjectedScript: () => deny,
    // Google Consent Mode's consent object as JSON text, '' when the manifest maps nothing.
    googleConsent: () => '',
    applyGpc: () => false,
    consentState: () => ({}),
    purposes: () => [],
    receipt: () => null,
    receipts: () => [],
    exportConsent: () => '',
    importConsent: () => ({ kind: 'rejected', message: refuse }),
    openScope: () => ({ id: 0, error: refuse }),
    closeScope: () => {},
    decide: () => deny,
    decideWhole: () => deny,
    surfaceAction: () => 'deny',
    record: () => {},
    ledger: () => ({ capacity: 0, total: 0, dropped: 0, entries: [] }),
    // The consent dialog and the panel (wasm/bindings_ui.cpp): the age answer, and
    // { ask, minorAge, bracket, guardian, locked } for an answer ('' : the recorded one).
    setAge: () => refuse,
    ageView: () => null,
    observeLedger: () => {},
    // Device information (js-bindings/surfaces/device-info.js). Every device item blocked:
    // the surface then needs none of the others.
    deviceDecide: () => 'deny',
    deviceAction: () => 'deny',
    deviceInfo: () => null,
    deviceGpu: () => null,
    deviceGpuAdapter: () => null,
    deviceQuota: () => 0,
    // matchMedia (device-info.js): a query that may name a device feature (its name anywhere,
    // an escape, a comment) is false as a whole; any other is the browser's. The words are
    // those of may_name_a_device_feature (wasm/core/media_query.cpp): keep them in step.
    mediaFeatures: (query) => {
      const text = natives.apply(natives.stringToLowerCase, query, []);
      let named = 0;
      each(['device-width', 'device-height', 'device-aspect-ratio', 'device-pixel-ratio', 'resolution', '\\', '/*'], (name) => {
        if (natives.apply(natives.stringIncludes, text, [name])) named = 3;
      });
      return named;
    },
    mediaAnswer: () => 'not all',
    // Canvas readback (js-bindings/surfaces/canvas.js): the session's secret (32 hex digits),
    // 'allow' or a perturbed read per API; the pixels go through core.module's memory. Every
    // read perturbed, and without the engine's noise (module undefined) read as empty.
    canvasSeed: () => false,
    canvasDecide: () => 'deny',
    canvasAllowed: () => false,
    setGlobalPrivacyControl: () => {},
    cookieFree: () => true,
    allowCookieWrite: () => false,
    decideStorage: () => true,  // nothing the page stores reaches the device
    // Permission surfaces (wasm/bindings_permissions.cpp). Location: action allow (precise),
    // generalize (coarse) or deny; locationAction() re-checks a running request unrecorded.
    decideLocation: () => deny,
    locationAction: () => 'deny',
    coarsenPosition: () => ({ ok: false, latitude: 0, longitude: 0, accuracy: 0 }),
    decideClipboardRead: () => deny,
    // Whether a Permissions API name's state must read "denied" now (not recorded).
    permissionDenied: () => true,
    deniedPermissions: () => null,
    // WebRTC local addresses (wasm/core/ice_guard.hpp): lines and SDP the page may see ('' drops
    // a candidate; pageText when the page may have written them), stats fields ('' hides them),
    // and the page's own lines turned back. Without the engine nothing can be told apart: relay only, no candidate shown, no SDP
    // (null: refused), no address.
    iceSeed: () => false,
    iceRelayOnly: () => true,
    iceCandidate: () => '',
    iceSdp: () => null,
    iceAddress: () => '',
    iceRestore: (text) => text,
    module: undefined,
  };
}

// The engine module (a standalone WASM, wasm/bind.hpp) instantiated synchronously from its
// bytes: its three imports, its constructors run, and one JS function per bound call (bind.js)
// on the object returned, with views of its memory that follow its growth.
export function instantiateEngine(bytes) {
  const m = {};
  let memory;
  let aborted = false;
  const views = () => {
    const buffer = read(natives.memoryBuffer, memory);
    m.HEAPU8 = new natives.Uint8Array(buffer);
    m.HEAPU32 = new natives.Uint32Array(buffer);
    m.HEAPF64 = new natives.Float64Array(buffer);
  };
  const e = instantiateWasm(bytes, {
    env: {
      // After each new ledger entry while observed (wasm/bindings_ui.cpp), from inside the
      // engine call that recorded it: the listener runs after that call has returned, since
      // a call into the engine from here would reuse the running call's result slots.
      rps_ledger_grew: () => natives.queueMicrotask(() => { if (m.onLedger) m.onLedger(); }),
      emscripten_notify_memory_growth: views,
    },
    // abort(): an engine that ran out of memory stops the call that hit it, and every later
    // call (bind.js): its heap may be half updated.
    wasi_snapshot_preview1: { proc_exit: (code) => { aborted = true; throw new natives.Error(`engine aborted (exit ${code})`); } },
  });
  memory = e.memory;
  views();
  e._initialize();
  each(['count', 'name', 'signature', 'args', 'call'], (name) => { m[`_rps_bind_${name}`] = e[`rps_bind_${name}`]; });
  m.aborted = () => aborted;
  bindEngine(m, m.aborted);
  return m;
}

export function startCore() {
  try {
    const module = instantiateEngine(coreWasm());
    if (typeof module.decide !== 'function') throw new natives.Error('WebAssembly module has no engine calls');
    return { core: adapter(module), error: '' };
  } catch (error) {
    const reason = `engine failed to start: ${error && error.message ? error.message : String(error)}`;
    return { core: closedStandIn(reason), error: reason };
  }
}

// Calls made while the shim arms that change the engine's state and return nothing the
// caller uses: kept, and made in order once the engine has started.
const DEFERRED = { setGlobalPrivacyControl: true, iceSeed: true, canvasSeed: true };

// The engine as the shim uses it, started at its first question: unpacking, compiling and
// instantiating it is most of what arming would cost, and a page that asks nothing at once
// (its first scripts neither read the device nor store nor call) should not wait for it. The
// wrappers are in place either way; no answer is ever given without the engine (or, if it
// cannot start, the stand-in that denies). `loaded(core, error, startedAt)`: right after
// start (begun at startedAt), before the deferred calls; `ready(core)`: after them. `start()` starts it now (idempotent).
export function lazyCore({ loaded, ready }) {
  let real = null;
  const queued = [];
  function start() {
    if (real) return real;
    const startedAt = natives.now();
    const started = startCore();
    real = started.core;  // first: what follows may call back through the face
    loaded(real, started.error, startedAt);
    each(queued, (call) => natives.apply(real[call[0]], real, call[1]));
    ready(real);
    return real;
  }
  const face = { start };
  each(natives.keys(closedStandIn('')), (key) => {
    if (key === 'module') {
      natives.defineProperty(face, key, { get: () => start().module, enumerable: true });
    } else if (DEFERRED[key]) {
      face[key] = (...args) => {
        if (real) return natives.apply(real[key], real, args);
        push(queued, [key, args]);
        return undefined;
      };
    } else {
      face[key] = (...args) => natives.apply(start()[key], real, args);
    }
  });
  return face;
}
