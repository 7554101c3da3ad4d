// Telemetry from workers the page creates: the worker's fetch, XMLHttpRequest, WebSocket and
// EventSource describe each request to the page (realms/worker-boot.js: channel.ask),
// the page's engine decides and redacts with the same router as the page's own requests,
// and the worker applies the answer. A body of bytes (ArrayBuffer, typed array, Blob, a
// binary frame; a Blob read in the worker) goes to the page as bytes (a copy) and comes back
// as bytes, put in the body's own kind of container: gzip / zlib text redacted and compressed
// again, other binary data only where the endpoint declares "binary": "pass", as the page's.
// Differences a worker's script can see: every request waits for the page's answer before it
// leaves (an answer that never comes, the page being gone, means it never leaves), except a
// URL no endpoint matches, which is asked once (the manifest does not change while the page
// lives); a synchronous XMLHttpRequest to a URL not asked about yet cannot wait and fails
// with a NetworkError; a Blob frame is read and sent in order (the page drops its own: its
// send() cannot wait).
import { natives } from '../natives.js';
import { extendWorkers } from '../realms/workers.js';
import { source } from '../realms/worker-boot.js';
import { READ_FAILED, bytesSync, createBodyKit, isBinary, isBlob } from './body.js';
import { DROPPED, requestOf, sendRedacted } from './fetch.js';
import { FAKE } from './xhr.js';
import { failSocketLater, failureDelay, socketUrl } from './websocket.js';
import { keepsOpen } from './event-source.js';
import { workerClosing, workerWebTransport } from './web-transport.js';
import { workerWebSocketStream } from './websocket-stream.js';

const TRANSPORTS = { fetch: true, xhr: true, websocket: true, eventsource: true, webtransport: true };

// Page side: the services a worker asks, answered by `router` (network/route.js). An answer
// carries every field the worker reads, so that none is looked up on the worker's
// Object.prototype (its script may have given that a `pass`). GATED: a gate-only endpoint
// with consent, passed unchanged like PASS but asked again each time (consent may change).
const PASS = natives.freeze({ pass: true, send: true, gated: false });
const GATED = natives.freeze({ pass: true, send: true, gated: true });
const HOLD = natives.freeze({ pass: false, send: false, gated: false });
const SEND = natives.freeze({ pass: false, send: true, gated: false });

export function serveWorkers(ctx, router) {
  // A transport name reaches the ledger: only the known ones; anything else is dropped.
  const routeOf = (args) => (args && natives.apply(natives.objectHasOwn, TRANSPORTS, [args.transport])
    ? router.classify(natives.String(args.url)) : undefined);
  extendWorkers(ctx, {
    services: {
      'net.classify': (args) => {
        const route = routeOf(args);
        if (route === null) return PASS;
        if (!route || !route.send) {
          if (route) router.drop(route, args.transport);
          return HOLD;
        }
        if (!route.gateOnly) return SEND;
        // A gated socket is recorded when it opens, not at each of its frames.
        if (args.transport === 'websocket' && args.open !== true) return GATED;
        return router.pass(route, args.transport) ? GATED : HOLD;
      },
      // An EventSource (its URL is all it sends), decided as the page's own (event-source.js):
      // the URL to connect to, or none (recorded); `omitCredentials` in cookie-free mode.
      'net.urlOnly': (args) => {
        const route = routeOf(args);
        if (route === null) return PASS;
        const url = route ? router.urlOnly(route, natives.String(args.url), args.transport) : null;
        return { pass: false, send: url !== null, gated: false, url, omitCredentials: !route || route.omitCredentials };
      },
      // A WebTransport session, decided as the page's own (web-transport.js): the URL to open,
      // or none (recorded).
      'net.session': (args) => {
        const route = routeOf(args);
        if (route === null) return PASS;
        const url = route ? router.urlOnly(router.session(route), natives.String(args.url), args.transport) : null;
        return { pass: false, send: url !== null, gated: false, url };
      },
      // One connected to an endpoint, after a consent change: whether it stays open (a drop recorded when not).
      'net.keepsOpen': (args) => keepsOpen(router, routeOf(args), args.transport),
      'net.redact': (args) => {
        const route = routeOf(args);
        if (!route) return DROPPED;
        // Own property only: a page's Object.prototype.bytes does not turn text into bytes.
        const bytes = natives.apply(natives.objectHasOwn, args, ['bytes']) && args.bytes !== null ? args.bytes : undefined;
        const badBytes = bytes !== undefined && (!isBinary(bytes) || isBlob(bytes));
        if (!route.send || args.unreadable || badBytes) {
          const reason = badBytes ? 'body bytes from the worker are not bytes'
            : args.failed === true ? READ_FAILED : 'body is not UTF-8 text';
          router.drop(route.send ? { ...route, reason } : route, args.transport);
          return DROPPED;
        }
        // The same engine call as the page's own bodies of bytes (fetch.js, xhr.js, websocket.js).
        if (bytes !== undefined) {
          const result = router.redactBytes(route, bytesSync(bytes), args.transport);
          return { dropped: result.dropped, url: result.url, body: result.body, omitCredentials: route.omitCredentials };
        }
        const text = args.text === null || args.text === undefined ? null : natives.String(args.text);
        const result = router.redact(route, text, args.transport);
        return { dropped: result.dropped, url: result.url, body: result.body, omitCredentials: route.omitCredentials };
      },
    },
    statement: `  (${source(workerNetwork)})(kit, config, channel, w, (${source(createBodyKit)})(self), ${source(sendRedacted)}, ${source(failureDelay)}, ${source(socketUrl)}, ${source(failSocketLater)}, ${source(requestOf)}, ${source(workerWebTransport)}, ${source(workerWebSocketStream)}, ${source(workerClosing)});`,
    config: { xhrFake: FAKE },
  });
}

// Worker side (self-contained, runs in the bootstrap). The page's answers reach each step as
// callback arguments (channel.ask), never through a promise the worker's script could steer
// with an Object.prototype.then; the constants below have no prototype at all.
export function workerNetwork(kit, config, channel, w, body, sendRedacted, failureDelay, socketUrl, failSocketLater, requestOf,
  workerWebTransport, workerWebSocketStream, workerClosing) {
  const { apply, getter, ownerOf } = w;
  const promiseThen = Promise.prototype.then;
  const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
  const withArgument = (args, index, value) => {
    const out = [];
    for (let i = 0; i < args.length; i++) w.push(out, i === index ? value : args[i]);
    return out;
  };
  const scope = self;
  const toUpperCase = String.prototype.toUpperCase;
  const shift = Array.prototype.shift;
  const MapCtor = Map;
  const mapHas = Map.prototype.has;
  const mapSet = Map.prototype.set;
  const mapClear = Map.prototype.clear;
  const mapSize = getter(Map.prototype, 'size');
  const mapGet = Map.prototype.get;
  const mapDelete = Map.prototype.delete;
  const WeakMapCtor = WeakMap;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const weakHas = WeakMap.prototype.has;
  const weakDelete = WeakMap.prototype.delete;
  const PromiseCtor = w.Promise;
  const RequestCtor = scope.Request;
  const n = {
    apply, then, get: Reflect.get, Proxy, Promise: PromiseCtor, Request: RequestCtor, requestOf, Uint8Array: scope.Uint8Array,
    requestMethod: getter(RequestCtor.prototype, 'method'), requestClone: RequestCtor.prototype.clone,
    requestArrayBuffer: RequestCtor.prototype.arrayBuffer, readSync: body.readSync, rewrap: body.rewrap,
    isBinary: body.isBinary,
  };
  const PASSING = { __proto__: null, pass: true, send: true };
  const NOT_SENT = { __proto__: null, pass: false, send: false };
  const DROP = { __proto__: null, dropped: true };
  const NO_BODY = { __proto__: null, none: true };
  const ResponseCtor = scope.Response;
  const noContent = () => new ResponseCtor(null, { status: 204, statusText: 'No Content' });
  const isObject = (value) => value !== null && typeof value === 'object';
  const EventTargetCtor = scope.EventTarget;
  const addListener = EventTargetCtor.prototype.addEventListener;
  const dispatch = EventTargetCtor.prototype.dispatchEvent;
  const fire = (target, event) => apply(dispatch, target, [event]);
  const EventCtor = scope.Event;
  const MessageEventCtor = scope.MessageEvent;
  const messageData = getter(MessageEventCtor.prototype, 'data');
  const messageOrigin = getter(MessageEventCtor.prototype, 'origin');
  const messageLastEventId = getter(MessageEventCtor.prototype, 'lastEventId');
  const stringSlice = String.prototype.slice;
  const stringIndexOf = String.prototype.indexOf;
  const URLCtor = scope.URL;
  const urlHref = getter(URLCtor.prototype, 'href');
  // The browser's base here, the bootstrap's blob: URL: a relative URL reaches the socket and
  // event source wrappers only when worker-scope.js could not resolve it against the script's,
  // and fails here too.
  const baseHref = scope.location.href;

  // URLs no endpoint matches: asked once (bounded).
  const passing = new MapCtor();
  const remember = (answer, url) => {
    if (answer.pass !== true || answer.gated === true) return;
    if (apply(mapSize, passing, []) >= 512) apply(mapClear, passing, []);
    apply(mapSet, passing, [url, true]);
  };
  // next(answer): { pass, send }. A question the page could not answer is a drop.
  // `open`: a socket asks before it opens (recorded), its frames without.
  const classify = (url, transport, next, open) => {
    if (apply(mapHas, passing, [url])) return next(PASSING);
    return channel.ask('net.classify', { url, transport, open: open === true }, (answer) => {
      if (!isObject(answer)) return next(NOT_SENT);
      remember(answer, url);
      return next(answer);
    }, () => next(NOT_SENT));
  };
  // → redact(text, unreadable, done, bytes, failed): done({ dropped, url, body, omitCredentials }).
  // `bytes` (a Uint8Array) goes to the page as bytes, in place of the text (sendRedacted
  // marks it unreadable: the page's engine tells compressed text and binary data apart).
  // `failed`: the body could not be read; the page records the drop.
  const redactor = (url, transport) => (text, unreadable, done, bytes, failed) => channel.ask('net.redact',
    bytes ? { url, transport, text: null, unreadable: false, bytes } : { url, transport, text, unreadable, failed: failed === true },
    (answer) => done(isObject(answer) ? answer : DROP), () => done(DROP));
  // What a body whose read failed is told as: dropped, and recorded so by the page.
  const UNREAD = { __proto__: null, unreadable: true, failed: true };

  kit.wrapMethod(ownerOf(scope, 'fetch'), 'fetch', (original, me, args) => {
    if (!args.length) return apply(original, me, args);
    const input = w.isRequest(args[0]) ? args[0] : w.toString(args[0]);
    return new PromiseCtor((resolve, reject) => {
      // The init is read now, as the browser's fetch reads it, not once the page has answered:
      // the worker's script may change it meanwhile (one options object for many requests).
      // A URL the Request cannot resolve rejects here with the browser's error, never asked about.
      const made = sendRedacted(n, original, me, input, args[1]);
      const url = apply(w.requestUrl, made.request, []);
      classify(url, 'fetch', (answer) => {
        try {
          if (answer.pass) resolve(apply(original, me, [made.request]));
          else if (!answer.send) resolve(noContent());
          else resolve(made.send(redactor(url, 'fetch'), noContent));
        } catch (error) {
          reject(error);
        }
      });
    });
  });

  const XHR = scope.XMLHttpRequest;
  if (XHR) {
    const proto = XHR.prototype;
    const states = new WeakMapCtor();  // xhr → { method, url, async, user, password, headers, aborted }
    const completed = new WeakMapCtor();  // xhr → its URL, for the ones answered with config.xhrFake
    const abortedEarly = new WeakMapCtor();  // xhr → its readyState, aborted before the shim sent or answered it
    const withCredentials = w.getOwnPropertyDescriptor(ownerOf(proto, 'withCredentials'), 'withCredentials');
    const ProgressEventCtor = scope.ProgressEvent;
    const DOMExceptionCtor = scope.DOMException;
    const open = kit.wrapMethod(proto, 'open', (original, me, args) => {
      const url = args.length > 1 ? w.toString(args[1]) : undefined;
      // The native validates first. One it refuses leaves the earlier request opened, so its
      // state stays: a send() then goes where that request goes, asked about as it was.
      const result = apply(original, me, args.length > 1 ? withArgument(args, 1, url) : args);
      apply(weakDelete, completed, [me]);
      apply(weakDelete, abortedEarly, [me]);
      const s = { method: '', url, async: args.length < 3 || !!args[2], user: args[3], password: args[4], headers: [], aborted: false };
      apply(weakSet, states, [me, s]);
      s.method = w.toString(args[0]);  // accepted by the browser, which stringified it too
      return result;
    });
    const setHeader = kit.wrapMethod(proto, 'setRequestHeader', (original, me, args) => {
      const result = apply(original, me, args);
      const s = apply(weakGet, states, [me]);
      if (s) w.push(s.headers, [args[0], args[1]]);
      return result;
    });
    // readystatechange, then the progress events `types`.
    const fire = (xhr, types) => {
      apply(dispatch, xhr, [new EventCtor('readystatechange')]);
      for (let i = 0; i < types.length; i++) apply(dispatch, xhr, [new ProgressEventCtor(types[i], { loaded: 0, total: 0 })]);
    };
    // Aborted before the shim sent it (the page had not answered, or its body was being read):
    // the native abort does nothing, so the events of the browser's abort of a request in
    // flight are fired (readyState 4 meanwhile, then 0), and nothing is sent later. Aborted
    // once answered by the shim: no events, readyState 0 and the response gone.
    kit.wrapMethod(proto, 'abort', (original, me, args) => {
      const s = apply(weakGet, states, [me]);
      const result = apply(original, me, args);
      if (!s || s.aborted) return result;
      s.aborted = true;
      if (s.pending) {
        apply(weakSet, abortedEarly, [me, 4]);
        fire(me, ['abort', 'loadend']);
      }
      if (s.pending || apply(weakDelete, completed, [me])) apply(weakSet, abortedEarly, [me, 0]);
      return result;
    });
    const fake = (xhr, s) => {
      s.pending = false;
      apply(weakSet, completed, [xhr, s.url]);
      fire(xhr, ['load', 'loadend']);
    };
    const current = (xhr, s) => apply(weakGet, states, [xhr]) === s && !s.aborted;
    // The engine's answer applied: a changed URL reopens the request and replays its headers.
    const applyAnswer = (original, xhr, s, bodyArg, read, result) => {
      if (!current(xhr, s)) return;
      if (result.dropped) return fake(xhr, s);
      if (result.url !== s.url) {
        apply(open, xhr, [s.method, result.url, true, s.user, s.password]);
        for (let i = 0; i < s.headers.length; i++) apply(setHeader, xhr, s.headers[i]);
      }
      if (result.omitCredentials && withCredentials) apply(withCredentials.set, xhr, [false]);
      s.pending = false;
      apply(original, xhr, read.none ? [] : [body.rewrap(bodyArg, result.body)]);
    };
    kit.wrapMethod(proto, 'send', (original, me, args) => {
      const s = apply(weakGet, states, [me]);
      if (!s) return apply(original, me, args);
      if (!s.async) {
        if (apply(mapHas, passing, [s.url])) return apply(original, me, args);
        throw new DOMExceptionCtor("Failed to execute 'send' on 'XMLHttpRequest': a synchronous request from a worker cannot wait for the privacy check.", 'NetworkError');
      }
      // Sent already as far as the script can tell: a second send() fails as the browser's does.
      if (s.sent) throw new DOMExceptionCtor("Failed to execute 'send' on 'XMLHttpRequest': The object's state must be OPENED.", 'InvalidStateError');
      s.sent = true;
      const bodyArg = args[0];
      const method = apply(toUpperCase, s.method, []);
      const hasBody = bodyArg !== undefined && bodyArg !== null && method !== 'GET' && method !== 'HEAD';
      // The browser refusing the deferred send (the request was reset meanwhile) ends it there.
      const attempt = (fn) => (value) => {
        try { fn(value); } catch { /* ends there */ }
      };
      s.pending = true;
      classify(s.url, 'xhr', attempt((answer) => {
        if (!current(me, s)) return undefined;
        if (answer.pass) {
          s.pending = false;
          return apply(original, me, args);
        }
        if (!answer.send) return fake(me, s);
        const withBody = attempt((read) => redactor(s.url, 'xhr')(read.none ? null : read.text, !!read.unreadable,
          attempt((result) => applyAnswer(original, me, s, bodyArg, read, result)), read.bytes, read.failed));
        if (!hasBody) return withBody(NO_BODY);
        // A body whose read fails is dropped: the request ends as a dropped one does.
        const unread = () => withBody(UNREAD);
        // A body of bytes goes as bytes, read only now that the page has said it is telemetry.
        if (body.isBinary(bodyArg)) return then(body.readBytes(bodyArg), attempt((bytes) => withBody({ __proto__: null, bytes })), unread);
        return then(body.readAsync(bodyArg), withBody, unread);
      }));
      return undefined;
    });
    const names = ['readyState', 'status', 'statusText', 'response', 'responseText', 'responseURL'];
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      kit.wrapGetter(proto, name, (original, me) => {
        const own = apply(original, me, []);
        if (!apply(weakHas, completed, [me])) return name === 'readyState' && apply(weakHas, abortedEarly, [me]) ? apply(weakGet, abortedEarly, [me]) : own;
        return name === 'responseURL' ? apply(weakGet, completed, [me]) : config.xhrFake[name];
      });
    }
  }

  // Failures in a row of the stand-ins for sockets, streams and sessions, counted per URL
  // without its query, so a fresh token in each reconnect URL does not start the count over (a
  // few hundred URLs at most are remembered): failureAfter(url) counts one and gives the delay
  // before it is told (failureDelay), failuresReset(url) once one connects.
  const failures = new MapCtor();
  const failureKey = (url) => {
    const q = apply(stringIndexOf, url, ['?']);
    return q < 0 ? url : apply(stringSlice, url, [0, q]);
  };
  const failureAfter = (url) => {
    const key = failureKey(url);
    const count = apply(mapHas, failures, [key]) ? apply(mapGet, failures, [key]) : 0;
    if (count === 0 && apply(mapSize, failures, []) >= 512) apply(mapClear, failures, []);
    apply(mapSet, failures, [key, count + 1]);
    return failureDelay(count);
  };
  const failuresReset = (url) => apply(mapDelete, failures, [failureKey(url)]);
  const closing = (proto, fieldsOf, fail, transport) => workerClosing(kit, channel, w, proto, fieldsOf, fail, transport);
  workerWebTransport(kit, channel, w, { known: (url) => apply(mapHas, passing, [url]), remember, isObject, base: baseHref, failureAfter,
    failuresReset, closing });

  // A socket's frame to `url`, classified and redacted: next(the frame to send) or next(undefined)
  // when it is dropped (called once; a frame whose read fails is dropped, recorded by the page).
  const socketFrame = (url, frame, next) => {
    let called = false;
    const once = (out) => {
      if (called) return;
      called = true;
      next(out);
    };
    const guarded = (fn) => (value) => {
      try { fn(value); } catch { once(undefined); }
    };
    classify(url, 'websocket', guarded((answer) => {
      if (answer.pass) return once(frame);
      if (!answer.send) return once(undefined);
      const sendAnswer = guarded((result) => once(result.dropped ? undefined : body.rewrap(frame, result.body)));
      const unread = guarded(() => redactor(url, 'websocket')(null, true, sendAnswer, undefined, true));
      // A binary frame (a Blob read here: frames wait in order) goes as bytes.
      if (body.isBinary(frame)) return then(body.readBytes(frame), guarded((bytes) => redactor(url, 'websocket')(null, true, sendAnswer, bytes)), unread);
      return then(body.readAsync(frame), guarded((read) => redactor(url, 'websocket')(read.none ? '' : read.text, !!read.unreadable,
        sendAnswer)), unread);
    }));
  };
  const socketUrlOf = (given) => socketUrl({ apply, URL: URLCtor, urlHref, slice: stringSlice, indexOf: stringIndexOf }, given, baseHref);
  workerWebSocketStream(kit, channel, w, { known: (url) => apply(mapHas, passing, [url]), remember, classify, redactor, socketFrame,
    socketUrl: socketUrlOf, failureAfter, failuresReset, closing });

  const WS = scope.WebSocket;
  if (WS) {
    const socketUrl = getter(WS.prototype, 'url');
    const bufferSlice = ArrayBuffer.prototype.slice;
    const bufferLength = getter(ArrayBuffer.prototype, 'byteLength');
    const isView = ArrayBuffer.isView;
    const Uint8ArrayCtor = Uint8Array;
    const typed = w.getPrototypeOf(Uint8Array.prototype);
    const viewBuffer = getter(typed, 'buffer');
    const viewOffset = getter(typed, 'byteOffset');
    const viewLength = getter(typed, 'byteLength');
    const dataViewBuffer = getter(DataView.prototype, 'buffer');
    const typedSlice = typed.slice;
    const queues = new WeakMapCtor();  // socket → { frames (waiting, in order), busy, draining }
    // Binary data is copied at send(): the page may reuse its buffer once send() returns.
    const snapshot = (frame) => {
      try {
        apply(bufferLength, frame, []);
        return apply(bufferSlice, frame, [0]);
      } catch { /* not an ArrayBuffer */ }
      if (!isView(frame)) return frame;
      let buffer;
      let offset;
      let length;
      try {
        buffer = apply(viewBuffer, frame, []);
        offset = apply(viewOffset, frame, []);
        length = apply(viewLength, frame, []);
      } catch {  // a DataView
        buffer = apply(dataViewBuffer, frame, []);
        offset = frame.byteOffset;
        length = frame.byteLength;
      }
      return apply(typedSlice, new Uint8ArrayCtor(buffer, offset, length), []);
    };
    // One frame, classified and redacted; done() once it is sent or dropped (called once).
    const step = (original, me, url, frame, done) => {
      socketFrame(url, frame, (out) => {
        try {
          if (out !== undefined) apply(original, me, [out]);
        } catch { /* closed meanwhile: as if sent to a closed socket */ }
        done();
      });
    };
    // The frames go one at a time: the next is taken once the previous is done, in a loop
    // when that was at once (a URL known to pass), so a long queue does not nest calls.
    const drain = (queue, handle) => {
      if (queue.draining) return;
      queue.draining = true;
      while (!queue.busy && queue.frames.length) {
        queue.busy = true;
        const frame = apply(shift, queue.frames, []);
        let finished = false;
        const done = () => {
          if (finished) return;
          finished = true;
          queue.busy = false;
          drain(queue, handle);
        };
        try { handle(frame, done); } catch { done(); }
      }
      queue.draining = false;
    };
    const deferred = deferredSockets(WS);
    kit.wrapMethod(ownerOf(WS.prototype, 'send'), 'send', (original, me, args) => {
      const standIn = deferred.fieldsOf(me);
      if (standIn) {
        if (!standIn.real && standIn.readyState === 0) {
          throw new scope.DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
        }
        if (!standIn.real) return undefined;  // a closed socket discards what it is given
        me = standIn.real;
      }
      if (!args.length) return apply(original, me, args);
      const url = apply(socketUrl, me, []);  // the browser's own error on a wrong receiver
      let queue = apply(weakGet, queues, [me]);
      if (!queue) apply(weakSet, queues, [me, queue = { frames: [], busy: false, draining: false }]);
      // In order: once a frame waits, every later frame waits behind it.
      if (!queue.busy && apply(mapHas, passing, [url])) return apply(original, me, args);
      w.push(queue.frames, snapshot(args[0]));
      drain(queue, (frame, done) => step(original, me, url, frame, done));
      return undefined;
    });
  }

  // The worker's EventSource (its URL is all it sends) asks the page before it connects, and
  // the page decides as for its own (network/event-source.js, router.urlOnly): the script gets
  // a stand-in at once (CONNECTING, its url the one given, resolved) that connects the real one
  // behind it (no endpoint, a gate-only endpoint with consent: the URL as given; telemetry with
  // consent: the redacted URL; to an endpoint without credentials in cookie-free mode) and
  // relays its events, or fails as the page's does (`error`, CLOSED, no reconnection). A URL
  // known to pass gets the browser's own at once. One connected to an endpoint is asked about
  // after each consent change (the page's push) and closed (`error`, CLOSED) when the page says
  // its endpoint is no longer reached (recorded there): a round trip after the page's own.
  // Named events (the stream's `event:` field) are relayed for the types the script listens
  // to on the stand-in: addEventListener tells them (nothing else can), so it is wrapped,
  // changing nothing for any other target.
  const ES = scope.EventSource;
  if (ES) {
    const readyState = getter(ES.prototype, 'readyState');
    // stand-in → { url, withCredentials, readyState, on*, real, types (relayed), target }
    const sources = standIns(ES, ['onopen', 'onmessage', 'onerror'], { url: undefined, withCredentials: undefined, readyState: null });
    let watched = [];  // the fields of those connected to an endpoint
    const fail = (f) => {
      if (f.readyState !== 0) return;  // closed before the page answered
      f.readyState = 2;
      fire(f.target, new EventCtor('error'));
    };
    const connect = (original, f, url, withCredentials) => {
      if (f.readyState !== 0) return false;
      try {
        f.real = w.construct(original, [url, { withCredentials }]);
      } catch {
        fail(f);
        return false;
      }
      for (let i = 0; i < f.types.length; i++) sources.relay(f.target, f.real, f.types[i]);
      return true;
    };
    kit.wrapConstructor(scope, 'EventSource', (original, args, newTarget) => {
      if (!args.length) return w.construct(original, args, newTarget);
      const given = `${args[0]}`;  // converted once (a Symbol throws, as in the native)
      let url;
      try {
        url = apply(urlHref, new URLCtor(given, baseHref), []);
      } catch {
        return w.construct(original, withArgument(args, 0, given), newTarget);  // the native's own SyntaxError
      }
      if (apply(mapHas, passing, [url])) return w.construct(original, withArgument(args, 0, given), newTarget);
      const init = args[1];
      const none = init === undefined || init === null;
      if (!none && !isObject(init) && typeof init !== 'function') {
        throw new scope.TypeError("Failed to construct 'EventSource': The provided value is not of type 'EventSourceInit'.");
      }
      const withCredentials = !none && !!init.withCredentials;
      const f = { __proto__: null, url, withCredentials, readyState: 0, real: null, types: ['open', 'message', 'error'], target: null };
      f.target = sources.make(newTarget, f);
      channel.ask('net.urlOnly', { url, transport: 'eventsource' }, (answer) => {
        if (!isObject(answer)) return fail(f);
        remember(answer, url);
        if (answer.pass === true) return connect(original, f, url, withCredentials);
        if (answer.send !== true || typeof answer.url !== 'string') return fail(f);
        if (connect(original, f, answer.url, answer.omitCredentials !== true && withCredentials)) {
          // Closed ones go now too: an SDK that makes a new one after each error must not pile them up here.
          watched = stillOpen(watched);
          w.push(watched, f);
        }
        return undefined;
      }, () => fail(f));
      return f.target;
    });
    const close = kit.wrapMethod(ownerOf(ES.prototype, 'close'), 'close', (original, me, args) => {
      const f = sources.fieldsOf(me);
      if (!f) return apply(original, me, args);
      if (f.real) return apply(original, f.real, args);
      f.readyState = 2;  // before the page answered: it never connects; no event, as the browser's close
      return undefined;
    });
    const shut = (f) => {
      if (apply(readyState, f.real, []) === 2) return;
      apply(close, f.real, []);
      fire(f.target, new EventCtor('error'));
    };
    // The ones of `list` not closed.
    const stillOpen = (list) => {
      const still = [];
      for (let i = 0; i < list.length; i++) if (apply(readyState, list[i].real, []) !== 2) w.push(still, list[i]);
      return still;
    };
    channel.onPush(() => {
      watched = stillOpen(watched);
      for (let i = 0; i < watched.length; i++) {
        const f = watched[i];
        channel.ask('net.keepsOpen', { url: f.url, transport: 'eventsource' }, (keep) => { if (keep !== true) shut(f); }, () => shut(f));
      }
    });
    kit.wrapMethod(EventTargetCtor.prototype, 'addEventListener', (original, me, args) => {
      const f = sources.fieldsOf(me);
      if (!f || args.length < 2 || typeof args[0] === 'symbol') return apply(original, me, args);
      const type = `${args[0]}`;  // converted once: the type listened to is the type relayed
      const result = apply(original, me, withArgument(args, 0, type));
      for (let i = 0; i < f.types.length; i++) if (f.types[i] === type) return result;
      w.push(f.types, type);
      if (f.real) sources.relay(me, f.real, type);
      return result;
    });
  }

  // Stand-ins for what the worker's script constructs before the page has answered (a
  // WebSocket, an EventSource): an EventTarget with the constructor's prototype, its fields `f`
  // answering for it (the handlers in `handlers`; the attributes in `initial`: from `f` where
  // the value is null until `f.real` exists, then from the real one; from `f` always where it
  // is undefined; else the value, until the real one exists); `relay` dispatches the real
  // one's events on it as its own.
  function standIns(Ctor, handlers, initial) {
    const proto = Ctor.prototype;
    const fieldsMap = new WeakMapCtor();
    const fieldsOf = (target) => (isObject(target) ? apply(weakGet, fieldsMap, [target]) : undefined);
    const make = (newTarget, f) => {
      const target = w.construct(EventTargetCtor, [], newTarget);
      apply(weakSet, fieldsMap, [target, f]);
      return target;
    };
    const names = w.keys(initial);
    for (let i = 0; i < names.length; i++) {
      const name = names[i];
      kit.wrapGetter(ownerOf(proto, name), name, (original, me) => {
        const f = fieldsOf(me);
        if (!f) return apply(original, me, []);
        if (initial[name] === undefined) return f[name];
        if (f.real) return apply(original, f.real, []);
        return initial[name] === null ? f[name] : initial[name];
      });
    }
    const isStandIn = (target) => !!fieldsOf(target);
    for (let i = 0; i < handlers.length; i++) w.handler(ownerOf(proto, handlers[i]), handlers[i], isStandIn);
    // A MessageEvent keeps its data, origin and lastEventId; any other event is a plain one.
    const copyOf = (event, type) => {
      let data;
      try {
        data = apply(messageData, event, []);
      } catch {
        return new EventCtor(type);
      }
      return new MessageEventCtor(type, { data, origin: apply(messageOrigin, event, []), lastEventId: apply(messageLastEventId, event, []) });
    };
    const relay = (target, real, type) => apply(addListener, real, [type, (event) => fire(target, copyOf(event, type))]);
    return { make, fieldsOf, relay };
  }

  // The worker's WebSocket constructor asks the page's engine before anything connects, as the
  // page's does (network/websocket.js). The answer takes a round trip, so the page's script gets
  // a stand-in at once (readyState CONNECTING) that either opens a real socket behind it (no
  // endpoint, a gate-only endpoint with consent: the URL as given; telemetry with consent: the
  // redacted URL) and relays its events, or fails as on a network error (error, close 1006),
  // later and later for repeated failures to one URL, as the page's stand-in does.
  function deferredSockets(WSCtor) {
    const CloseEventCtor = scope.CloseEvent;
    const urlNatives = { apply, URL: URLCtor, urlHref, slice: stringSlice, indexOf: stringIndexOf };
    const failNatives = { apply, setTimeout: scope.setTimeout, global: scope, dispatch, Event: EventCtor, CloseEvent: CloseEventCtor };
    const closed = (f) => () => { f.readyState = 3; };
    const binaryTypeSet = w.getOwnPropertyDescriptor(ownerOf(WSCtor.prototype, 'binaryType'), 'binaryType').set;
    // stand-in → { url, readyState, binaryType, on*, real }
    const sockets = standIns(WSCtor, ['onopen', 'onmessage', 'onerror', 'onclose'],
      { url: undefined, readyState: null, bufferedAmount: 0, extensions: '', protocol: '', binaryType: null });
    const fail = (socket, f) => {
      if (f.readyState !== 0 || f.failing) return;  // closed meanwhile: its failure was already told
      f.failing = true;
      failSocketLater(failNatives, socket, failureAfter(f.url), closed(f));
    };
    // The real socket behind a stand-in: its events relayed as the stand-in's own.
    const open = (original, socket, f, url) => {
      if (f.readyState !== 0) return;
      failuresReset(f.url);
      let real;
      try {
        real = w.construct(original, f.protocols === undefined ? [url] : [url, f.protocols]);
      } catch {
        return fail(socket, f);
      }
      if (f.binaryType !== 'blob') apply(binaryTypeSet, real, [f.binaryType]);
      f.real = real;
      sockets.relay(socket, real, 'open');
      sockets.relay(socket, real, 'error');
      sockets.relay(socket, real, 'message');
      apply(addListener, real, ['close', (e) => fire(socket, new CloseEventCtor('close', { code: e.code, reason: e.reason, wasClean: e.wasClean }))]);
    };
    kit.wrapConstructor(scope, 'WebSocket', (original, args, newTarget) => {
      if (!args.length) return w.construct(original, args, newTarget);
      // Converted once (a Symbol throws, as in the native), and the browser gets that string:
      // an object converts again to whatever it likes. Checked as the page's are: ws(s): for
      // http(s):, without its fragment.
      const given = `${args[0]}`;
      const url = socketUrl(urlNatives, given, baseHref);
      // The native's own SyntaxError, or a URL no endpoint matches.
      if (url === undefined || apply(mapHas, passing, [url])) return w.construct(original, withArgument(args, 0, given), newTarget);
      const f = { __proto__: null, url, readyState: 0, binaryType: 'blob', protocols: args[1], real: null };
      const socket = sockets.make(newTarget, f);
      classify(url, 'websocket', (answer) => {
        if (answer.pass) return open(original, socket, f, url);
        if (!answer.send) return fail(socket, f);
        return redactor(url, 'websocket')(null, false, (result) => (result.dropped ? fail(socket, f) : open(original, socket, f, result.url)));
      }, true);
      return socket;
    });
    kit.wrapSetter(ownerOf(WSCtor.prototype, 'binaryType'), 'binaryType', (original, me, value) => {
      const f = sockets.fieldsOf(me);
      if (!f) return apply(original, me, [value]);
      if (value === 'blob' || value === 'arraybuffer') f.binaryType = value;
      if (f.real) apply(original, f.real, [value]);
      return undefined;
    });
    kit.wrapMethod(ownerOf(WSCtor.prototype, 'close'), 'close', (original, me, args) => {
      const f = sockets.fieldsOf(me);
      if (!f) return apply(original, me, args);
      if (f.real) return apply(original, f.real, args);
      // Closed before the page answered: it never opens, and fails as a socket closed while connecting does.
      if (f.readyState === 0) {
        f.readyState = 2;
        failSocketLater(failNatives, me, 0, closed(f));
      }
      return undefined;
    });
    return { fieldsOf: sockets.fieldsOf };
  }
}
