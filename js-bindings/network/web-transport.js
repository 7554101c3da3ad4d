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
import { domString, each, natives, protoOf, push, withArgument } from '../natives.js';
import { wrapConstructor, wrapMethod, wrapSetter } from '../wrap.js';
import { lookAlikes } from '../surfaces/permissions/realm.js';
import { keepsOpen } from './event-source.js';

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
  const { close } = proto;
  const closedOf = getOwnPropertyDescriptor(proto, 'closed').get;
  const { DOMException, ReadableStream, WritableStream, WebTransportError, setTimeout } = realm;
  const RealmPromise = realm.Promise;
  const rejectInRealm = RealmPromise.reject;
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
    if (handled) apply(natives.promiseThen, promise, [undefined, noop]);
    return promise;
  };

  // A session that fails from a task, as the browser's does; `fields` answers its getters. The
  // streams' sources and sinks have no prototype: the page's Object.prototype.pull or .type
  // must not become theirs.
  function standIn(newTarget) {
    const failing = [];  // what the failure errors: the streams
    const settlers = [];  // what it rejects with the session's error: ready, closed
    const error = errors.adopt(new WebTransportError({ __proto__: null, message: HANDSHAKE_FAILED }),
      { __proto__: null, source: 'session', streamErrorCode: null });
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
    }, 0]);
    return session;
  }

  // { session, url } opened to a declared endpoint, url absolute (as resolved at the call).
  let open = [];
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
    if (target === null) return standIn(newTarget);
    const session = construct(original, withArgument(args, 0, target), newTarget);
    const entry = { session, url: route.href, closed: false };
    apply(natives.promiseThen, apply(closedOf, session, []), [() => { entry.closed = true; }, () => { entry.closed = true; }]);
    const still = [];
    each(open, (e) => { if (!e.closed) push(still, e); });
    push(still, entry);
    open = still;
    return session;
  });

  each(STREAM_METHODS, (name) => {
    wrapMethod(proto, name, (original, self, args) => {
      const fields = sessions.fieldsOf(self);
      if (!fields) return apply(original, self, args);
      if (!fields.failed) return pending(fields.streamRequests, false);
      return apply(rejectInRealm, RealmPromise,
        [new DOMException(`Failed to execute '${name}' on 'WebTransport': ${NOT_OPEN}`, 'InvalidStateError')]);
    });
  });
  // A stand-in is failing already: closing it changes nothing the page could see sooner.
  wrapMethod(proto, 'close', (original, self, args) => (sessions.fieldsOf(self) ? undefined : apply(original, self, args)));

  onChange(() => {
    const still = [];
    each(open, (entry) => {
      if (entry.closed) return;
      if (keepsOpen(router, router.session(router.classify(entry.url)), TRANSPORT)) {
        push(still, entry);
        return;
      }
      apply(close, entry.session, []);
    });
    open = still;
  });
}
