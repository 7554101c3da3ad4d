// WebTransport: HTTP/3 sessions (ZEGO Express opens its access connection this way where the
// browser has it, and falls back to a WebSocket when that fails). A session's streams and
// datagrams are bytes the redactor cannot read as they go, so to a declared endpoint the engine
// opens one only with consent and only where bytes may leave unread (router.session): a
// gate-only endpoint, as the SDK wrote it; one that declares "binary": "pass", its URL redacted.
// Otherwise the page gets a stand-in that fails as a session to an unreachable server does in
// Chromium and sends nothing: `ready` and `closed` reject with a WebTransportError "Opening
// handshake failed." (source "session"), its incoming streams and datagrams error with it, and a
// new stream is refused. A session opened with consent is closed once a consent change means
// its endpoint would no longer be reached, and the drop is recorded.
import { domString, each, natives, protoOf, push, then, withArgument } from '../natives.js';
import { wrapConstructor, wrapMethod, wrapSetter } from '../wrap.js';
import { getterOf, lookAlikes, realmTools } from '../surfaces/permissions/realm.js';
import { closedOnWithdrawal } from './event-source.js';
import { failureCounter } from './websocket.js';

const { apply, construct, create, getOwnPropertyDescriptor } = natives;
const ownNames = Object.getOwnPropertyNames;
const TRANSPORT = 'webtransport';
const HANDSHAKE_FAILED = 'Opening handshake failed.';
const NOT_OPEN = 'The WebTransport connection is not open.';
const STREAM_METHODS = ['createBidirectionalStream', 'createUnidirectionalStream'];

export function installWebTransport(router, realm, onChange) {
  const WebTransport = realm.WebTransport;
  if (!WebTransport) return;
  const proto = WebTransport.prototype;
  const { DOMException, ReadableStream, WritableStream, WebTransportError, setTimeout } = realm;
  const RealmPromise = realm.Promise;
  const tools = realmTools(realm);
  const readableError = protoOf(realm, 'ReadableStreamDefaultController').error;
  const writableError = protoOf(realm, 'WritableStreamDefaultController').error;
  const sessions = lookAlikes(proto);
  const datagramProto = protoOf(realm, 'WebTransportDatagramDuplexStream');
  const datagrams = lookAlikes(datagramProto);
  const errors = lookAlikes(protoOf(realm, 'WebTransportError'));
  // The datagrams' settings a script may change before the session fails: kept in the fields.
  each(datagramProto ? ownNames(datagramProto) : [], (name) => {
    const desc = getOwnPropertyDescriptor(datagramProto, name);
    if (!desc.set) return;
    wrapSetter(datagramProto, name, (original, self, value) => {
      const fields = datagrams.fieldsOf(self);
      if (!fields) return apply(original, self, [value]);
      fields[name] = value;
      return undefined;
    });
  });
  const noop = () => {};
  // A promise of the realm that the session's failure rejects (its reject put in `settlers`);
  // `handled`: as the browser's `ready` and `closed`, which raise no unhandledrejection unread.
  const pending = (settlers, handled) => {
    const promise = new RealmPromise((resolve, reject) => { push(settlers, reject); });
    if (handled) then(promise, undefined, noop);
    return promise;
  };

  const failures = failureCounter();
  // A session that fails from a task, as the browser's does, later and later to an endpoint that
  // keeps failing (an SDK that tries again at once would spin); `fields` answers its getters.
  // The streams' sources and sinks have no prototype: the page's Object.prototype.pull or .type
  // must not become theirs.
  function standIn(newTarget, endpoint) {
    const failing = [];  // what the failure errors: the streams
    const settlers = [];  // what it rejects with the session's error: ready, closed
    // The browser's error (a NetworkError where it has no WebTransportError).
    const error = WebTransportError
      ? errors.adopt(new WebTransportError({ __proto__: null, message: HANDSHAKE_FAILED }), { __proto__: null, source: 'session', streamErrorCode: null })
      : new DOMException(HANDSHAKE_FAILED, 'NetworkError');
    const readable = () => new ReadableStream({
      __proto__: null,
      start: (controller) => push(failing, () => apply(readableError, controller, [error])),
    });
    const fields = create(null);
    fields.ready = pending(settlers, true);
    fields.closed = pending(settlers, true);
    fields.incomingBidirectionalStreams = readable();
    fields.incomingUnidirectionalStreams = readable();
    fields.protocol = '';
    fields.datagrams = datagrams.make({
      __proto__: null,
      readable: readable(),
      writable: new WritableStream({
        __proto__: null,
        start: (controller) => push(failing, () => apply(writableError, controller, [error])),
      }),
      maxDatagramSize: 1024,
      incomingMaxAge: null,
      outgoingMaxAge: null,
      incomingHighWaterMark: 1,
      outgoingHighWaterMark: 1,
      incomingMaxBufferedDatagrams: 1,
      outgoingMaxBufferedDatagrams: 1,
    });
    fields.failed = false;
    fields.streamRequests = [];  // streams asked for before the failure: refused by it
    const session = sessions.adopt(create(newTarget.prototype), fields);
    apply(setTimeout, realm, [() => {
      fields.failed = true;
      each(settlers, (reject) => reject(error));
      each(fields.streamRequests, (reject) => reject(new DOMException(NOT_OPEN, 'InvalidStateError')));
      each(failing, (fail) => fail());
    }, failures.next(endpoint)]);
    return session;
  }

  // Opened to a declared endpoint, with its URL absolute (as resolved at the call).
  const track = closedOnWithdrawal(router, onChange, {
    close: proto.close, closedOf: getterOf(proto, 'closed'), routeOf: (href) => router.session(router.classify(href)), transport: TRANSPORT,
  });
  wrapConstructor(realm, 'WebTransport', (original, args, newTarget) => {
    if (!args.length) return construct(original, args, newTarget);
    const given = domString(args[0]);  // a Symbol throws, as the native's conversion does
    const route = router.session(router.classify(given));
    // Not telemetry; or a URL the browser refuses at once (not https:, a fragment): its SyntaxError.
    if (!route || (route.href && (apply(natives.stringSlice, route.href, [0, 6]) !== 'https:'
      || apply(natives.stringIncludes, route.href, ['#'])))) {
      return construct(original, withArgument(args, 0, given), newTarget);
    }
    const target = router.urlOnly(route, given, TRANSPORT);
    if (target === null) return standIn(newTarget, route.endpoint);
    failures.reset(route.endpoint);
    return track(construct(original, withArgument(args, 0, target), newTarget), route.href);
  });

  each(STREAM_METHODS, (name) => {
    wrapMethod(proto, name, (original, self, args) => {
      const fields = sessions.fieldsOf(self);
      if (!fields) return apply(original, self, args);
      if (!fields.failed) return pending(fields.streamRequests, false);
      return tools.reject(new DOMException(`Failed to execute '${name}' on 'WebTransport': ${NOT_OPEN}`, 'InvalidStateError'));
    });
  });
  // A stand-in is failing already: closing it changes nothing the page could see sooner.
  wrapMethod(proto, 'close', (original, self, args) => (sessions.fieldsOf(self) ? undefined : apply(original, self, args)));
}

// Worker side (self-contained: its source runs in the worker's bootstrap, before the worker's
// script). The page's engine decides (net.session: router.session, then urlOnly, as for the
// page's own) and the answer takes a round trip, so the script gets a stand-in at once whose
// every part follows the real session made behind it once the page allows it (the URL as
// given, or redacted): `ready`, `closed`, new streams, the incoming streams and the datagrams
// (piped both ways). Refused, unanswered or closed before the answer, it fails as the page's
// stand-in does. A URL known to pass gets the browser's own session at once. One opened to an
// endpoint is asked about after each consent change and closed when its endpoint is no longer
// reached (recorded by the page): a round trip after the page's own.
// `net`: { known(url) (no endpoint matches it), remember(answer, url), isObject, base, failureAfter,
// failuresReset, closing (workerClosing) } of the worker's network guard (network/worker.js).
export function workerWebTransport(kit, channel, w, net) {
  const Session = self.WebTransport;
  if (typeof Session !== 'function') return;
  const { apply, getter } = w;
  const proto = Session.prototype;
  const DatagramProto = self.WebTransportDatagramDuplexStream && self.WebTransportDatagramDuplexStream.prototype;
  const ErrorCtor = self.WebTransportError;
  const DOMExceptionCtor = self.DOMException;
  const TransformStreamCtor = self.TransformStream;
  const URLCtor = self.URL;
  const urlHref = getter(URLCtor.prototype, 'href');
  const urlProtocol = getter(URLCtor.prototype, 'protocol');
  const urlHash = getter(URLCtor.prototype, 'hash');
  const pipeTo = self.ReadableStream.prototype.pipeTo;
  const cancel = self.ReadableStream.prototype.cancel;
  const abort = self.WritableStream.prototype.abort;
  const readableOf = getter(TransformStreamCtor.prototype, 'readable');
  const writableOf = getter(TransformStreamCtor.prototype, 'writable');
  const promiseThen = Promise.prototype.then;
  const promiseReject = Promise.reject;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const native = {
    ready: getter(proto, 'ready'), closed: getter(proto, 'closed'), datagrams: getter(proto, 'datagrams'),
    incomingBidirectionalStreams: getter(proto, 'incomingBidirectionalStreams'),
    incomingUnidirectionalStreams: getter(proto, 'incomingUnidirectionalStreams'),
    readable: DatagramProto && getter(DatagramProto, 'readable'), writable: DatagramProto && getter(DatagramProto, 'writable'),
  };
  const NOT_OPEN = 'The WebTransport connection is not open.';
  const noop = () => {};
  const then = (promise, onOk, onError) => apply(promiseThen, promise, [onOk, onError]);
  const sessions = new WeakMap();  // stand-in → its fields
  const datagramsOf = new WeakMap();  // stand-in's datagrams → the stand-in's fields
  const sessionErrors = new WeakMap();  // the errors of refused sessions: source "session"
  const setTimeoutFn = self.setTimeout;
  const fieldsOf = (me) => (me !== null && (typeof me === 'object' || typeof me === 'function') ? apply(weakGet, sessions, [me]) : undefined);
  const settled = (f, name) => {
    let settle;
    const promise = new w.Promise((resolve, reject) => { settle = { resolve, reject }; });
    apply(promiseThen, promise, [undefined, noop]);  // as the browser's: unread, no unhandledrejection
    f[name] = promise;
    f[`${name}Settle`] = settle;
  };
  const pipe = (from, to) => then(apply(pipeTo, from, [to]), noop, noop);
  // Fails later and later to a URL that keeps failing, as the page's stand-in does (a
  // NetworkError where the browser has no WebTransportError).
  const fail = (f) => {
    if (f.real || f.failing) return;
    f.failing = true;
    apply(setTimeoutFn, self, [() => {
      f.failed = true;
      const message = 'Opening handshake failed.';
      const error = ErrorCtor ? new ErrorCtor({ __proto__: null, message }) : new DOMExceptionCtor(message, 'NetworkError');
      apply(weakSet, sessionErrors, [error, true]);
      f.readySettle.reject(error);
      f.closedSettle.reject(error);
      for (let i = 0; i < f.pipes.length; i++) {
        const p = f.pipes[i];
        then(p[1] ? apply(cancel, apply(readableOf, p[0], []), [error]) : apply(abort, apply(writableOf, p[0], []), [error]), noop, noop);
      }
      for (let i = 0; i < f.streams.length; i++) f.streams[i].reject(new DOMExceptionCtor(NOT_OPEN, 'InvalidStateError'));
    }, net.failureAfter(f.url)]);
  };
  const watch = net.closing(proto, fieldsOf, fail, 'webtransport');
  const open = (original, f, url) => {
    if (f.failing) return;
    let real;
    try {
      real = w.construct(original, f.options === undefined ? [url] : [url, f.options]);
    } catch {
      return fail(f);
    }
    f.real = real;
    net.failuresReset(f.url);
    then(apply(native.ready, real, []), f.readySettle.resolve, f.readySettle.reject);
    then(apply(native.closed, real, []), (info) => { f.ended = true; f.closedSettle.resolve(info); },
      (error) => { f.ended = true; f.closedSettle.reject(error); });
    const datagrams = apply(native.datagrams, real, []);
    // [transform, outgoing]: incoming streams and datagrams flow from the real one into the
    // transform, outgoing datagrams from the transform into it.
    const ends = [apply(native.incomingBidirectionalStreams, real, []), apply(native.incomingUnidirectionalStreams, real, []),
      apply(native.readable, datagrams, []), apply(native.writable, datagrams, [])];
    for (let i = 0; i < f.pipes.length; i++) {
      const p = f.pipes[i];
      if (p[1]) pipe(apply(readableOf, p[0], []), ends[i]);
      else pipe(ends[i], apply(writableOf, p[0], []));
    }
    const names = w.keys(f.settings);
    for (let i = 0; i < names.length; i++) {
      const desc = w.getOwnPropertyDescriptor(DatagramProto, names[i]);
      try { apply(desc.set, datagrams, [f.settings[names[i]]]); } catch { /* the browser's own refusal */ }
    }
    for (let i = 0; i < f.streams.length; i++) {
      const s = f.streams[i];
      try { s.resolve(apply(s.method, real, s.args)); } catch (error) { s.reject(error); }
    }
    f.streams = [];
  };

  kit.wrapConstructor(self, 'WebTransport', (original, args, newTarget) => {
    if (!args.length) return w.construct(original, args, newTarget);
    const given = `${args[0]}`;  // converted once (a Symbol throws, as in the native)
    let url;
    let refused = false;
    try {
      const parsed = new URLCtor(given, net.base);
      url = apply(urlHref, parsed, []);
      refused = apply(urlProtocol, parsed, []) !== 'https:' || apply(urlHash, parsed, []) !== '' || url[url.length - 1] === '#';
    } catch {
      refused = true;
    }
    // The browser's own SyntaxError, or a URL no endpoint matches.
    if (refused || net.known(url)) return w.construct(original, args, newTarget);
    const f = { __proto__: null, url, options: args[1], real: null, failing: false, failed: false, ended: false, streams: [],
      settings: { __proto__: null } };
    settled(f, 'ready');
    settled(f, 'closed');
    f.pipes = [[new TransformStreamCtor(), false], [new TransformStreamCtor(), false], [new TransformStreamCtor(), false],
      [new TransformStreamCtor(), true]];
    const session = w.create(newTarget.prototype);
    apply(weakSet, sessions, [session, f]);
    f.datagrams = w.create(DatagramProto);
    apply(weakSet, datagramsOf, [f.datagrams, f]);
    channel.ask('net.session', { url, transport: 'webtransport' }, (answer) => {
      if (!net.isObject(answer)) return fail(f);
      net.remember(answer, url);
      if (answer.pass === true) return open(original, f, given);
      if (answer.send !== true || typeof answer.url !== 'string') return fail(f);
      open(original, f, answer.url);
      if (f.real) watch(f);
      return undefined;
    }, () => fail(f));
    return session;
  });

  // A stand-in's parts: its own promises and streams; anything else the real session's, once made.
  const OWN = { __proto__: null, ready: true, closed: true, datagrams: true };
  const INCOMING = { __proto__: null, incomingBidirectionalStreams: 0, incomingUnidirectionalStreams: 1 };
  const names = Object.getOwnPropertyNames(proto);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    kit.wrapGetter(proto, name, (original, me) => {
      const f = fieldsOf(me);
      if (!f) return apply(original, me, []);
      if (OWN[name]) return f[name];
      if (INCOMING[name] !== undefined) return apply(readableOf, f.pipes[INCOMING[name]][0], []);
      if (f.real) return apply(original, f.real, []);
      return name === 'protocol' ? '' : undefined;
    });
  }
  const DEFAULTS = { __proto__: null, maxDatagramSize: 1024, incomingMaxAge: null, outgoingMaxAge: null };
  const datagramNames = DatagramProto ? Object.getOwnPropertyNames(DatagramProto) : [];
  for (let i = 0; i < datagramNames.length; i++) {
    const name = datagramNames[i];
    const fieldsOfDatagrams = (me) => (me !== null && typeof me === 'object' ? apply(weakGet, datagramsOf, [me]) : undefined);
    kit.wrapGetter(DatagramProto, name, (original, me) => {
      const f = fieldsOfDatagrams(me);
      if (!f) return apply(original, me, []);
      if (name === 'readable') return apply(readableOf, f.pipes[2][0], []);
      if (name === 'writable') return apply(writableOf, f.pipes[3][0], []);
      if (f.real) return apply(original, apply(native.datagrams, f.real, []), []);
      if (name in f.settings) return f.settings[name];
      return name in DEFAULTS ? DEFAULTS[name] : 1;
    });
    kit.wrapSetter(DatagramProto, name, (original, me, value) => {
      const f = fieldsOfDatagrams(me);
      if (!f) return apply(original, me, [value]);
      if (f.real) return apply(original, apply(native.datagrams, f.real, []), [value]);
      f.settings[name] = value;
      return undefined;
    });
  }
  if (ErrorCtor) {
    kit.wrapGetter(ErrorCtor.prototype, 'source', (original, me) => (apply(weakGet, sessionErrors, [me]) ? 'session' : apply(original, me, [])));
  }
  const streamMethods = ['createBidirectionalStream', 'createUnidirectionalStream'];
  for (let i = 0; i < streamMethods.length; i++) {
    const name = streamMethods[i];
    kit.wrapMethod(proto, name, (original, me, args) => {
      const f = fieldsOf(me);
      if (!f) return apply(original, me, args);
      if (f.real) return apply(original, f.real, args);
      if (f.failed) {
        return apply(promiseReject, w.Promise, [new DOMExceptionCtor(`Failed to execute '${name}' on 'WebTransport': ${NOT_OPEN}`, 'InvalidStateError')]);
      }
      return new w.Promise((resolve, reject) => w.push(f.streams, { __proto__: null, method: original, args, resolve, reject }));
    });
  }
}

// Worker side (self-contained): close() of the stand-ins a worker's script gets for a session
// (WebTransport, WebSocketStream: `fieldsOf` their fields { url, real, ended }), forwarded to
// the real one once made, and before that failing the stand-in (`fail`): it never opens. After
// each consent change (the page's push) the ones opened to an endpoint are asked about and
// closed when the page says their endpoint is no longer reached (recorded there as `transport`).
// → watch(fields): one opened to an endpoint.
export function workerClosing(kit, channel, w, proto, fieldsOf, fail, transport) {
  const { apply } = w;
  let watched = [];
  const open = () => {
    const still = [];
    for (let i = 0; i < watched.length; i++) if (!watched[i].ended) w.push(still, watched[i]);
    watched = still;
  };
  const close = kit.wrapMethod(proto, 'close', (original, me, args) => {
    const f = fieldsOf(me);
    if (!f) return apply(original, me, args);
    if (f.real) return apply(original, f.real, args);
    return fail(f);
  });
  channel.onPush(() => {
    open();
    for (let i = 0; i < watched.length; i++) {
      const f = watched[i];
      const shut = () => { if (!f.ended) apply(close, f.real, []); };
      channel.ask('net.keepsOpen', { url: f.url, transport }, (keep) => { if (keep !== true) shut(); }, shut);
    }
  });
  return (f) => {
    open();
    w.push(watched, f);
  };
}
