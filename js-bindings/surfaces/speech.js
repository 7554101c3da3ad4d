// Speech recognition (SpeechRecognition, also named webkitSpeechRecognition) opens the
// microphone itself, without getUserMedia: it is the microphone surface. start() asks the
// engine. Denied, the microphone is never opened and the page sees what the browser shows when
// the microphone permission is denied: an error event "not-allowed", then end (a second
// start() before that end throws, as on a started recognition). A recognition running when the
// purpose that allowed it is withdrawn, or started in a shim.scope() that settles, is aborted at
// once (the browser then fires its error "aborted" and end), and the ledger records the stop.
import { each, globalProto, natives, protoOf, push, weakGet, weakSet } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { realmTools } from './permissions/realm.js';

const { apply } = natives;
const addListener = globalProto('EventTarget').addEventListener;
const weakDelete = natives.weakMapDelete;

export function installSpeech(ctx, realm) {
  // One interface under two names in Chromium; each guarded should a browser make them two.
  const protos = [];
  each(['SpeechRecognition', 'webkitSpeechRecognition'], (name) => {
    const proto = protoOf(realm, name);
    if (proto && (protos.length === 0 || protos[0] !== proto)) push(protos, proto);
  });
  if (protos.length === 0) return;
  const { Event, DOMException } = realm;
  const ErrorEvent = realm.SpeechRecognitionErrorEvent;
  const { task } = realmTools(realm);
  const refusing = new natives.WeakMap();  // recognition → its refusal's events are pending
  let running = [];  // { recognition, abort, purpose, revocations, ended }, allowed and not seen ending

  each(protos, (proto) => {
    const { abort } = proto;
    // The native getter that checks a receiver is a recognition (start() itself is not called).
    const lang = natives.getOwnPropertyDescriptor(proto, 'lang');
    wrapMethod(proto, 'start', (original, self, args) => {
      if (lang && lang.get) apply(lang.get, self, []);  // the browser's TypeError for another receiver
      if (weakGet(refusing, self)) {
        throw new DOMException("Failed to execute 'start' on 'SpeechRecognition': recognition has already started.", 'InvalidStateError');
      }
      const decision = ctx.decide('microphone');
      if (decision.action !== 'allow') {
        weakSet(refusing, self, true);
        task(() => {
          apply(weakDelete, refusing, [self]);
          apply(natives.eventTargetDispatch, self, [ErrorEvent
            ? new ErrorEvent('error', { __proto__: null, error: 'not-allowed', message: '' }) : new Event('error')]);
          apply(natives.eventTargetDispatch, self, [new Event('end')]);
        });
        return undefined;
      }
      const result = apply(original, self, args);
      const entry = { recognition: self, abort, purpose: decision.purpose, revocations: ctx.tracks.revocationCount(decision.purpose), ended: false };
      // Only the browser's own end counts (isTrusted is an unforgeable own property): an `end`
      // the page dispatches must not make a withdrawal leave the microphone open. No options
      // object: a page's Object.prototype.signal would be read from it.
      apply(addListener, self, ['end', (event) => { if (event.isTrusted === true) entry.ended = true; }]);
      // Ended ones go now too: a page starting recognition after recognition between consent
      // changes must not pile them up here.
      const live = [];
      each(running, (other) => { if (!other.ended) push(live, other); });
      push(live, entry);
      running = live;
      ctx.adoptCapture(() => stop(entry), 'microphone', decision.purpose);
      return result;
    });
  });

  // → whether the recognition was still running.
  function stop(entry) {
    if (entry.ended) return false;
    entry.ended = true;
    apply(entry.abort, entry.recognition, []);
    return true;
  }
  ctx.onChange(() => {
    const still = [];
    each(running, (entry) => {
      if (entry.ended) return;
      if (ctx.tracks.revocationCount(entry.purpose) === entry.revocations) {
        push(still, entry);
        return;
      }
      if (stop(entry)) ctx.core.record('microphone', 'stop', entry.purpose, 'consent withdrawn');
    });
    running = still;
  });
}
