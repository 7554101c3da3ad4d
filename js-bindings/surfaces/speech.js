// Speech recognition (SpeechRecognition, also named webkitSpeechRecognition) opens the
// microphone itself, without getUserMedia: it is the microphone surface. start() asks the
// engine. Denied, the microphone is never opened and the page sees what the browser shows when
// the microphone permission is denied: an error event "not-allowed", then end (a second
// start() before that end throws, as on a started recognition). A recognition running when the
// purpose that allowed it is withdrawn, or started in a shim.scope() that settles, is aborted at
// once (the browser then fires its error "aborted" and end), and the ledger records the stop.
import { each, globalProto, natives, protoOf, push, weakGet, weakSet } from '../natives.js';
import { wrapMethod } from '../wrap.js';

const { apply } = natives;
const addListener = globalProto('EventTarget').addEventListener;
const weakDelete = natives.weakMapDelete;

export function installSpeech(ctx, realm) {
  const proto = protoOf(realm, 'SpeechRecognition') || protoOf(realm, 'webkitSpeechRecognition');
  if (!proto) return;
  const { Event, DOMException, setTimeout } = realm;
  const ErrorEvent = realm.SpeechRecognitionErrorEvent;
  const { abort } = proto;
  // The native getter that checks a receiver is a recognition (start() itself is not called).
  const lang = natives.getOwnPropertyDescriptor(proto, 'lang');
  const refusing = new natives.WeakMap();  // recognition → its refusal's events are pending
  let running = [];  // { recognition, purpose, revocations, ended }, allowed and not seen ending

  wrapMethod(proto, 'start', (original, self, args) => {
    if (lang && lang.get) apply(lang.get, self, []);  // the browser's TypeError for another receiver
    if (weakGet(refusing, self)) {
      throw new DOMException("Failed to execute 'start' on 'SpeechRecognition': recognition has already started.", 'InvalidStateError');
    }
    const decision = ctx.decide('microphone');
    if (decision.action !== 'allow') {
      weakSet(refusing, self, true);
      setTimeout(() => {
        apply(weakDelete, refusing, [self]);
        apply(natives.eventTargetDispatch, self, [ErrorEvent
          ? new ErrorEvent('error', { error: 'not-allowed', message: '' }) : new Event('error')]);
        apply(natives.eventTargetDispatch, self, [new Event('end')]);
      }, 0);
      return undefined;
    }
    const result = apply(original, self, args);
    const entry = { recognition: self, purpose: decision.purpose, revocations: ctx.tracks.revocationCount(decision.purpose), ended: false };
    apply(addListener, self, ['end', () => { entry.ended = true; }, { once: true }]);
    push(running, entry);
    ctx.adoptCapture(() => {
      if (entry.ended) return false;
      entry.ended = true;
      apply(abort, self, []);
      return true;
    }, 'microphone', decision.purpose);
    return result;
  });

  ctx.onChange(() => {
    const still = [];
    each(running, (entry) => {
      if (entry.ended) return;
      if (ctx.tracks.revocationCount(entry.purpose) === entry.revocations) {
        push(still, entry);
        return;
      }
      entry.ended = true;
      apply(abort, entry.recognition, []);
      ctx.core.record('microphone', 'stop', entry.purpose, 'consent withdrawn');
    });
    running = still;
  });
}
