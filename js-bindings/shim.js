// install(): arms the shim in this realm and returns its public API. The engine decides;
// this file wires the surfaces to it, keeps consent across reloads and tells listeners.
import { copy, each, evaluationStart, natives, push, read, weakGet, weakSet } from './natives.js';
import { lazyCore } from './core.js';
import { features } from './features.js';
import { installToStringDisguise } from './wrap.js';
import { createTrackRegistry, endTrack } from './tracks.js';
import { createConsentStore } from './consent-store.js';
import { createHeldScripts } from './held-scripts.js';
import { startBridges } from './bridges.js';
import { forgetSessionCopies } from './surfaces/indexeddb.js';
import { surfaces } from './surfaces/index.js';
import { realmGuards } from './realms/index.js';
import { realmKey } from './realms/access.js';
import { autoConsent, showConsent, DIALOG_VERSION } from './ui/dialog.js';
import { showPanel } from './ui/panel.js';

const { apply, freeze, jsonStringify } = natives;
// The open scopes are a Set the page cannot reach into: its methods captured here.
const { setAdd, setDelete, setForEach } = natives;
const { indexOf: arrayIndexOf, splice: arraySplice } = Array.prototype;
const PREFIX = 'rtc-privacy-shim';
export const VERSION = '0.1.0';

let current = null;
// Realms the shim is installed in (by realmKey): never twice.
const installedRealms = new natives.WeakMap();

export function currentShim() {
  return current;
}

function manifestText(manifest) {
  if (manifest === undefined || manifest === null) return '';
  if (typeof manifest === 'string') return manifest;
  return jsonStringify(manifest);
}

function pageLocale() {
  const doc = natives.document;
  const lang = doc && doc.documentElement && doc.documentElement.lang;
  return lang || (natives.navigator && natives.navigator.language) || 'en';
}

// The page's ids copied by index, then checked: consent calls come after page scripts have
// run, and a replaced array iterator must not make the copy differ from what was checked
// (nor empty it: a revoke that withdraws nothing).
function purposeList(purposes, caller) {
  const given = typeof purposes === 'string' ? [purposes] : purposes;
  if (!natives.isArray(given) || given.length === 0) {
    throw new natives.TypeError(`${PREFIX}: ${caller}: expected a purpose id or a non-empty array of them`);
  }
  const list = copy(given);
  each(list, (p) => {
    if (typeof p !== 'string') throw new natives.TypeError(`${PREFIX}: ${caller}: purpose ids are strings, got ${typeof p}`);
  });
  return list;
}

export function install(options = {}) {
  return installFrom(options, natives.now());
}

// `startedAt`: when the boot being measured began (the script's first line when armed
// from the document, the call otherwise).
function installFrom(options, startedAt) {
  if (current) {
    natives.consoleWarn(`${PREFIX}: already installed in this page; install() returned the running shim and ignored the new options`);
    return current;
  }
  const errors = [];
  let text = '';
  try {
    text = manifestText(options.manifest);
  } catch (error) {
    push(errors, `$: manifest could not be serialised: ${error.message}`);
  }
  // The engine starts at its first question (or when the page is idle after arming): then it
  // loads the manifest, takes the calls the surfaces made while arming, restores consent and
  // says on the console if it is closed.
  let restored = { kind: 'none', message: '' };
  let engineMs = -1;
  let engineStartedAt = 0;
  const core = lazyCore({
    loaded(engine, startError, startedAt) {
      engineStartedAt = startedAt;
      if (startError) {
        push(errors, startError);
        return;
      }
      const loaded = engine.load(text);
      if (!loaded.ok) each(loaded.errors, (e) => push(errors, e));
    },
    ready(engine) {
      restored = store.restore();
      if (startBridges(ctx, locale)) store.save();
      engineMs = natives.now() - engineStartedAt;
      if (engine.closed()) {
        natives.consoleError(`${PREFIX}: the shim is closed, every gated surface denies: ${status().reason}` +
          (errors.length > 1 ? `\n  ${apply(natives.arrayJoin, errors, ['\n  '])}` : ''));
      }
    },
  });

  const locale = typeof options.locale === 'string' && options.locale ? options.locale : pageLocale();
  // No prototype: on('__proto__') or on('toString') is an unknown event, not Object.prototype.
  const listeners = { __proto__: null, change: [] };
  const tracks = createTrackRegistry();
  const openScopes = new natives.Set();
  const store = createConsentStore(core, options);

  const changeHooks = [];
  const ctx = {
    core,
    manifestText: text,
    decide: (surface) => core.decide(surface),
    // Surfaces that cache an answer drop it here: called after every consent change.
    onChange(fn) { push(changeHooks, fn); },
    tracks,
    adoptTrack(track, surface, purpose) {
      tracks.add(track, surface, purpose);
      apply(setForEach, openScopes, [(scope) => { if (scope.purpose === purpose) push(scope.tracks, track); }]);
    },
    endTrack(track, reason) {
      const owner = tracks.ownerOf(track);
      if (endTrack(track) && owner) core.record(owner.surface, 'stop', owner.purpose, reason);
    },
    // A capture that is not a track (a speech recognition): `stop()` ends it, true when it was
    // still running. The open scopes of its purpose end it when they settle, as their tracks.
    adoptCapture(stop, surface, purpose) {
      apply(setForEach, openScopes, [(scope) => { if (scope.purpose === purpose) push(scope.captures, { stop, surface }); }]);
    },
  };

  // Every surface and feature, then the realm guards, into one realm (this window; the
  // guards bring same-origin frames and opened windows here too). Features return the shim
  // API they add. → false when the realm had them already.
  const extras = {};
  const featureList = features();
  ctx.installRealm = (realm) => {
    const key = realmKey(realm);
    if (weakGet(installedRealms, key)) return false;
    weakSet(installedRealms, key, true);
    installToStringDisguise(realm);
    each(surfaces, (installSurface) => installSurface(ctx, realm));
    each(featureList, (install) => natives.assign(extras, install(ctx, core, realm) || {}));
    each(realmGuards, (guard) => guard(ctx, realm));
    return true;
  };
  ctx.installRealm(natives.global);

  const load = createHeldScripts(ctx);
  // Google Consent Mode's 'default' must reach dataLayer before the page's own gtag calls:
  // with bridges declared, the engine starts now rather than at its first question.
  if (apply(natives.stringIncludes, text, ['"bridges"'])) core.start();

  function emit(event, detail) {
    each(copy(listeners[event]), (fn) => {
      try { fn(detail); } catch (error) { natives.consoleError(`${PREFIX}: a '${event}' listener threw`, error); }
    });
  }

  // `lang`: the locale the user read the choice in (the dialog's), else the page's;
  // `dialogVersion`: the dialog that asked (method 'dialog' only), for the receipt.
  function change(purposes, state, caller, method, lang = locale, dialogVersion = '') {
    const list = purposeList(purposes, caller);
    const error = core.setConsent(list, state, method, lang, dialogVersion);
    if (error) throw new natives.RangeError(`${PREFIX}: ${caller}: ${error}`);
    return changed(list, state);
  }

  // After the engine changed consent: a withdrawal ends what it covered; store, tell.
  function changed(list, state) {
    if (state === 'denied') {
      each(list, (purpose) => {
        tracks.noteRevocation(purpose);
        each(tracks.endPurpose(purpose), (ended) => core.record(ended.surface, 'stop', purpose, 'consent withdrawn'));
      });
    }
    store.save();
    each(changeHooks, (hook) => hook());
    const detail = { state: core.consentState(), receipt: core.receipt(), changed: list };
    emit('change', detail);
    return detail.state;
  }

  // For the consent UI and held scripts: the API's own consent path.
  ctx.change = change;

  // Every purpose of the manifest denied; a closed shim has none to deny.
  function withdrawAll(caller) {
    const ids = [];
    each(core.purposes(), (p) => push(ids, p.id));
    return ids.length ? change(ids, 'denied', caller, 'api') : core.consentState();
  }

  // The engine withdraws what a new age answer no longer allows (teen mode): found by the
  // difference, then ended like any withdrawal.
  function setAge(bracket, guardian, method, lang = locale) {
    const before = core.consentState();
    const error = core.setAge(typeof bracket === 'string' ? bracket : '', guardian === true, method, lang);
    if (error) throw new natives.RangeError(`${PREFIX}: consent.setAge: ${error}`);
    const after = core.consentState();
    const withdrawn = [];
    each(natives.keys(before), (id) => { if (before[id] === 'granted' && after[id] !== 'granted') push(withdrawn, id); });
    if (withdrawn.length) return changed(withdrawn, 'denied');
    store.save();
    return after;
  }

  const ledgerExport = () => jsonStringify(core.ledger());
  // What the dialog and the panel (js-bindings/ui/) may do: the API's own paths, method 'dialog'.
  const ui = {
    core,
    locale: options.locale,
    manifestText: text,
    change: (purposes, state, lang) => change(purposes, state, 'consent dialog', 'dialog', lang, DIALOG_VERSION),
    setAge: (bracket, guardian, lang) => setAge(bracket, guardian, 'dialog', lang),
    exportLedger: ledgerExport,
  };

  const consent = freeze({
    grant: (purposes) => change(purposes, 'granted', 'consent.grant', 'api'),
    revoke: (purposes) => change(purposes, 'denied', 'consent.revoke', 'api'),
    withdrawAll: () => withdrawAll('consent.withdrawAll'),
    // Revokes (live tracks end, listeners hear it), then removes what the shim stored on the
    // device: the stored consent and receipts, and IndexedDB session copies.
    forgetMe() {
      const state = withdrawAll('consent.forgetMe');
      core.forgetReceipts();
      store.forget();
      return apply(natives.promiseThen, forgetSessionCopies(), [() => state]);
    },
    needsPrompt: () => core.needsPrompt(),
    state: () => core.consentState(),
    purposes: () => core.purposes(),
    receipt: () => core.receipt(),
    receipts: () => core.receipts(),
    show: (opts) => showConsent(ui, opts),
    setAge: (answer) => setAge(answer && answer.bracket, answer && answer.guardian, 'api'),
    age: () => core.ageView('', ''),
  });

  const ledger = freeze({
    entries: () => core.ledger().entries,
    export: ledgerExport,
  });
  const panel = freeze({ show: (opts) => showPanel(ui, opts) });

  function scope(purpose, fn) {
    if (typeof fn !== 'function') {
      return natives.promiseReject(new natives.TypeError(`${PREFIX}: scope: expected a function as the second argument`));
    }
    const opened = core.openScope(purpose);
    if (!opened.id) return natives.promiseReject(new natives.RangeError(`${PREFIX}: scope: ${opened.error}`));
    const entry = { purpose, tracks: [], captures: [] };
    apply(setAdd, openScopes, [entry]);
    const finish = () => {
      core.closeScope(opened.id);
      apply(setDelete, openScopes, [entry]);
      each(entry.tracks, (track) => ctx.endTrack(track, 'scope ended'));
      each(entry.captures, (capture) => { if (capture.stop()) core.record(capture.surface, 'stop', purpose, 'scope ended'); });
    };
    let result;
    try {
      result = natives.promiseResolve(fn());
    } catch (error) {
      finish();
      return natives.promiseReject(error);
    }
    return apply(natives.promiseThen, result, [
      (value) => { finish(); return value; },
      (error) => { finish(); throw error; },
    ]);
  }

  function on(event, fn) {
    if (!listeners[event]) throw new natives.RangeError(`${PREFIX}: on: unknown event "${String(event)}" (known: change)`);
    if (typeof fn !== 'function') throw new natives.TypeError(`${PREFIX}: on: expected a function`);
    push(listeners[event], fn);
    return () => {
      const list = listeners[event];
      const at = apply(arrayIndexOf, list, [fn]);
      if (at >= 0) apply(arraySplice, list, [at, 1]);
    };
  }

  const bootMs = natives.now() - startedAt;
  function status() {
    const closed = core.closed();
    return {
      armed: true,
      closed,
      reason: closed ? core.closedReason() || errors[0] || 'closed' : '',
      errors: copy(errors),
      revision: core.revision(),
      consentRestored: restored.kind,
      bootMs,
      engineMs,
    };
  }

  // Without the telemetry feature, redact() says which bundle has it.
  const redact = extras.redact || (() => {
    throw new natives.Error(`${PREFIX}: redact: this is the core bundle; use rtc-privacy-shim-telemetry.js (or 'rtc-privacy-shim/telemetry')`);
  });

  current = freeze({ status, consent, scope, on, ledger, panel, redact, load, version: VERSION });
  if (options.dialog === 'auto') autoConsent(ui);

  // Not asked by then, the engine starts once the page's current scripts have run.
  if (natives.setTimeout) natives.setTimeout(core.start, 0);
  else core.start();
  return current;
}

// Arms from an inline manifest: <script type="application/json" data-rtc-privacy-manifest>.
// `required`: with no manifest in the document, arm closed rather than not at all.
export function armFromDocument({ required }) {
  const doc = natives.document;
  const el = doc && natives.documentQuerySelector
    ? apply(natives.documentQuerySelector, doc, ['script[type="application/json"][data-rtc-privacy-manifest]'])
    : null;
  if (!el) {
    if (!required) return null;
    return installFrom({ manifest: '' }, evaluationStart);
  }
  const text = read(natives.nodeTextContent, el);
  return installFrom({
    manifest: text,
    locale: el.getAttribute('data-locale') || undefined,
    dialog: el.getAttribute('data-dialog') || undefined,
  }, evaluationStart);
}
