// XMLHttpRequest: the URL is known at open(), the body at send(). Before consent a request
// to a declared endpoint is never sent: it completes as a 204 with the usual events. With
// consent the URL and body are redacted; a URL that changes reopens the request and
// replays the headers the SDK set.
import { each, natives, push, then, withArgument } from '../natives.js';
import { wrapGetter, wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { targetOf } from './route.js';
import { READ_FAILED, bytesSync, isBinary, isBlob, needsAsync, readAsync, readBytes, readSync, rewrap } from './body.js';

const { apply, weakMapGet, weakMapSet, weakMapHas, weakMapDelete } = natives;
// The route of a request whose classification did not finish: dropped at send().
const UNCLASSIFIED = natives.freeze({ endpoint: -1, href: '', send: false, omitCredentials: true, reason: 'request not classified: dropped' });
// What a request answered by the shim reports (a worker's bootstrap gets it too).
export const FAKE = natives.freeze({ readyState: 4, status: 204, statusText: 'No Content', response: '', responseText: '' });

// The captured WeakMap methods, so that a page replacing WeakMap.prototype.get cannot make
// send() forget the route of a request.
const weakMap = () => {
  const map = new natives.WeakMap();
  return {
    get: (key) => apply(weakMapGet, map, [key]),
    set: (key, value) => apply(weakMapSet, map, [key, value]),
    has: (key) => apply(weakMapHas, map, [key]),
    delete: (key) => apply(weakMapDelete, map, [key]),
  };
};
// One for every realm: a request opened with one window's open() and sent with another's
// send() is still known.
const state = weakMap();  // xhr → { method, url, async, headers, route }
const completed = weakMap();  // xhr → its URL, for the ones answered with FAKE
const abortedEarly = weakMap();  // xhr → its readyState, aborted before the browser had it (read, answered by the shim)

export function installXhr(router, realm) {
  const XHR = realm.XMLHttpRequest;
  if (!XHR) return;
  const proto = XHR.prototype;
  const { Event, ProgressEvent, DOMException } = realm;

  const open = wrapMethod(proto, 'open', (original, self, args) => {
    const target = args.length > 1 ? targetOf(args[1]) : undefined;
    if (target === null) return apply(original, self, args);  // the native's TypeError
    const url = target && target.url;
    // The native validates first. One it refuses leaves the earlier request opened, so its
    // state stays: a send() then goes where that request goes, decided as it was.
    const result = apply(original, self, args.length > 1 ? withArgument(args, 1, url) : args);
    completed.delete(self);
    abortedEarly.delete(self);
    // The browser's request is now this one. Until classify() has answered (if anything
    // below throws), it counts as one to drop.
    const s = { method: '', url, async: args.length < 3 || !!args[2], user: args[3], password: args[4],
      headers: [], route: UNCLASSIFIED };
    state.set(self, s);
    // The browser accepted the method (it stringifies it); keep the string it used.
    s.method = net.String(args[0]);
    s.route = router.classify(url);
    return result;
  });
  const setHeader = wrapMethod(proto, 'setRequestHeader', (original, self, args) => {
    const result = apply(original, self, args);
    const s = state.get(self);
    if (s) push(s.headers, [args[0], args[1]]);
    return result;
  });

  // s.taken says where a request the page sent is when the browser does not have it:
  // 'reading' (the shim reads its body), 'answering' (the shim's answer is on its way),
  // 'answered' (done, as the shim's 204), 'native' (handed to the browser after all).
  //
  // abort() of a request the browser never had: the native abort does nothing, so the shim's
  // read or answer must not go on, and the page sees what the browser's abort shows: in
  // flight, readystatechange (readyState 4), abort and loadend, then readyState 0; once done,
  // no events, readyState 0 and the response gone.
  wrapMethod(proto, 'abort', (original, self, args) => {
    const s = state.get(self);
    const result = apply(original, self, args);
    if (!s || s.aborted) return result;
    s.aborted = true;
    if (s.taken === 'reading' || s.taken === 'answering') {
      abortedEarly.set(self, 4);
      fire(self, 'readystatechange');
      fire(self, 'abort');
      fire(self, 'loadend');
    }
    if (s.taken && s.taken !== 'native') {
      completed.delete(self);
      abortedEarly.set(self, 0);
    }
    return result;
  });
  // Still the request send() read the body for: not reopened, not aborted since.
  const current = (xhr, s) => state.get(xhr) === s && !s.aborted;

  const fire = (xhr, type) => {
    const event = type === 'readystatechange' ? new Event(type) : new ProgressEvent(type, { loaded: 0, total: 0 });
    apply(net.dispatchEvent, xhr, [event]);
  };
  // The shim's 204: a synchronous request has it before send() returns, as from the browser;
  // an asynchronous one in a later task, unless it was reopened or aborted meanwhile.
  const answer = (xhr, s) => {
    s.taken = 'answering';
    const deliver = () => {
      if (!current(xhr, s)) return;
      s.taken = 'answered';
      completed.set(xhr, s.route.href);
      fire(xhr, 'readystatechange');
      fire(xhr, 'load');
      fire(xhr, 'loadend');
    };
    if (s.async) natives.setTimeout(deliver, 0);
    else deliver();
  };
  // `text` (null: no body) or `bytes` (a Uint8Array, for a body of bytes) is what is redacted.
  const sendRedacted = (original, xhr, s, text, body, bytes) => {
    const result = bytes ? router.redactBytes(s.route, bytes, 'xhr') : router.redact(s.route, text, 'xhr');
    if (result.dropped) return answer(xhr, s);
    if (result.url !== s.route.href) {
      apply(open, xhr, [s.method, result.url, s.async, s.user, s.password]);
      each(s.headers, (header) => apply(setHeader, xhr, [header[0], header[1]]));
    }
    if (s.route.omitCredentials && net.xhrWithCredentials) apply(net.xhrWithCredentials.set, xhr, [false]);
    s.taken = 'native';
    return apply(original, xhr, text === null && !bytes ? [] : [rewrap(body, result.body)]);
  };

  wrapMethod(proto, 'send', (original, self, args) => {
    const s = state.get(self);
    if (!s || !s.route) return apply(original, self, args);
    // Sent already as far as the page can tell: a second send() fails as the browser's does.
    if (s.taken) throw new DOMException("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.", 'InvalidStateError');
    // Consent may have changed since open(): decide again.
    s.route = router.classify(s.url) || s.route;
    if (!s.route.send) {
      router.drop(s.route, 'xhr');
      return answer(self, s);
    }
    // A gate-only endpoint with consent: the SDK's own request, its body never read.
    if (s.route.gateOnly) return router.pass(s.route, 'xhr') ? apply(original, self, args) : answer(self, s);
    const body = args[0];
    const method = apply(natives.stringToUpperCase, s.method, []);
    const hasBody = body !== undefined && body !== null && method !== 'GET' && method !== 'HEAD';
    // A body the shim cannot redact: the request is dropped, and ends as a dropped one does.
    const refuse = (reason) => {
      router.drop({ ...s.route, reason }, 'xhr');
      return answer(self, s);
    };
    if (hasBody && needsAsync(body)) {
      if (!s.async) return refuse('a Blob body on a synchronous request cannot be redacted');
      // The read's end acts only for the request it was read for.
      s.taken = 'reading';
      const later = (fn) => (value) => (current(self, s) ? fn(value) : undefined);
      const unread = later(() => refuse(READ_FAILED));
      // A Blob goes to the engine as bytes (compressed or binary data is told apart there).
      if (isBlob(body)) {
        then(readBytes(body), later((bytes) => sendRedacted(original, self, s, null, body, bytes)), unread);
        return undefined;
      }
      then(readAsync(body), later((r) => (r.unreadable ? refuse('body is not UTF-8 text') : sendRedacted(original, self, s, r.text, body))), unread);
      return undefined;
    }
    if (hasBody && isBinary(body)) return sendRedacted(original, self, s, null, body, bytesSync(body));
    const r = hasBody ? readSync(body) : { none: true };
    if (r.unreadable) return refuse('body is not UTF-8 text');
    return sendRedacted(original, self, s, r.none ? null : r.text, body);
  });

  // A request answered by the shim reports the synthetic response; others, the browser's.
  each(['readyState', 'status', 'statusText', 'response', 'responseText'], (name) => {
    wrapGetter(proto, name, (original, self) => (completed.has(self) ? FAKE[name]
      : name === 'readyState' && abortedEarly.has(self) ? abortedEarly.get(self) : apply(original, self, [])));
  });
  wrapGetter(proto, 'responseURL', (original, self) => (completed.has(self) ? completed.get(self) : apply(original, self, [])));
}
