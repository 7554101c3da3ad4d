// WebSocket to a declared endpoint. The URL is a payload too: its query is redacted before
// the socket opens. Before consent the socket is not opened at all: the page gets a stand-in
// that fails as a socket to an unreachable host does in Chromium (readyState CONNECTING,
// then, from a task, `error` and `close` with code 1006, wasClean false). An SDK that
// reconnects on close would spin on failures that come at once, so repeated failures to an
// endpoint come later and later (as Chromium throttles failing connections), and no loop
// of the shim's own runs in between.
// send(): text frames are redacted with consent and dropped without it; binary frames go to
// the engine as bytes (zlib / gzip text opened, redacted and closed again; other binary data
// only where the endpoint declares "binary": "pass"). A Blob frame would have to be read
// asynchronously, letting later frames overtake it, so it is dropped.
import { domString, isObject, mapHolds, mapPut, mapRemove, mapValue, natives, push, read, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapMethod, wrapSetter } from '../wrap.js';
import { net, ownerOf } from './natives.js';
import { bytesSync, isBlob, isBinary, readSync, rewrap } from './body.js';
import { lookAlikes } from '../surfaces/permissions/realm.js';

const { apply, construct } = natives;
const CONNECTING = 0;
const CLOSED = 3;
const HANDLERS = ['onopen', 'onmessage', 'onerror', 'onclose'];
const ATTRIBUTES = ['url', 'readyState', 'bufferedAmount', 'extensions', 'protocol', 'binaryType'];
// The delay before the n-th failure in a row to one endpoint (n from 0): at once, then
// doubling from 200 ms to a minute. Self-contained: a worker's bootstrap runs its source too.
export function failureDelay(n) {
  const first = 100;
  const longest = 60000;
  if (n === 0) return 0;
  const delay = first * 2 ** (n < 10 ? n : 10);
  return delay < longest ? delay : longest;
}

// Failures in a row of a realm's stand-ins (sockets, streams, sessions) per endpoint: next()
// counts one and gives the delay before it is told (failureDelay); reset() once one connects.
export function failureCounter() {
  const failures = new natives.Map();
  return {
    next(endpoint) {
      const count = mapHolds(failures, endpoint) ? mapValue(failures, endpoint) : 0;
      mapPut(failures, endpoint, count + 1);
      return failureDelay(count);
    },
    reset: (endpoint) => mapRemove(failures, endpoint),
  };
}

// ws: / wss: as the browser makes them of http: / https: URLs, so that an endpoint declared
// with wss:// matches a socket the page opened with an https:// URL. Self-contained (a
// worker's bootstrap runs its source too): `n` holds { apply, URL, urlHref (its getter),
// slice, indexOf (String.prototype's) }. → undefined for what the native refuses.
export function socketUrl(n, url, base) {
  try {
    let href = n.apply(n.urlHref, new n.URL(url, base), []);
    // A fragment is no part of what a socket sends (the browser strips it, or older ones throw):
    // the URL is checked without it, never let through unchecked.
    const hash = n.apply(n.indexOf, href, ['#']);
    if (hash >= 0) href = n.apply(n.slice, href, [0, hash]);
    if (n.apply(n.slice, href, [0, 6]) === 'https:') return `wss:${n.apply(n.slice, href, [6])}`;
    if (n.apply(n.slice, href, [0, 5]) === 'http:') return `ws:${n.apply(n.slice, href, [5])}`;
    return href;
  } catch {
    return undefined;  // the native throws its own SyntaxError
  }
}
export const urlNatives = { apply, URL: net.URL, urlHref: net.urlHref && net.urlHref.get, slice: net.stringSlice, indexOf: natives.stringIndexOf };

// A socket that never connected, failing `delay` ms from now as one does in Chromium:
// closed() (readyState CLOSED), then `error` and `close` 1006. Self-contained, as socketUrl:
// `n` holds { apply, setTimeout, global (its receiver), dispatch, Event, CloseEvent } of the
// socket's realm.
export function failSocketLater(n, socket, delay, closed) {
  n.apply(n.setTimeout, n.global, [() => {
    closed();
    n.apply(n.dispatch, socket, [new n.Event('error')]);
    n.apply(n.dispatch, socket, [new n.CloseEvent('close', { code: 1006, reason: '', wasClean: false })]);
  }, delay]);
}

export function installWebSocket(router, realm, baseUrl) {
  if (!realm.WebSocket) return;
  const { EventTarget, Event, CloseEvent, DOMException, setTimeout } = realm;
  const dispatch = EventTarget.prototype.dispatchEvent;
  const failNatives = { apply, setTimeout, global: realm, dispatch, Event, CloseEvent };
  const addListener = EventTarget.prototype.addEventListener;
  const failures = failureCounter();
  // The prototypes that hold the sockets' accessors (one for the browser's WebSocket), each
  // answering for stand-ins. A test double (Playwright's routeWebSocket mock) keeps some
  // attributes as instance fields: a stand-in gets those as own properties.
  const owners = [];
  const accessorOwner = (name) => {
    const owner = ownerOf(realm.WebSocket, name);
    const desc = owner && natives.getOwnPropertyDescriptor(owner, name);
    return desc && desc.get ? owner : undefined;
  };
  for (let i = 0; i < ATTRIBUTES.length; i++) {
    const owner = accessorOwner(ATTRIBUTES[i]);
    let known = !owner;
    for (let k = 0; k < owners.length; k++) if (owners[k] === owner) known = true;
    if (!known) push(owners, owner);
  }
  const looks = [];
  for (let i = 0; i < owners.length; i++) push(looks, lookAlikes(owners[i]));
  const standIns = new natives.WeakMap();  // stand-in → its fields
  const fieldsOf = (socket) => weakGet(standIns, socket);
  const setField = (socket, fields, name, value) => {
    fields[name] = value;
    if (!accessorOwner(name)) natives.defineProperty(socket, name, { value, writable: true, enumerable: true, configurable: true });
  };

  function failLater(socket, fields, endpoint) {
    failSocketLater(failNatives, socket, failures.next(endpoint), () => setField(socket, fields, 'readyState', CLOSED));
  }

  // A socket that never connects: its attributes answered from `fields`, its handler
  // attributes called by one listener per event type, added first.
  function standIn(href, newTarget, endpoint) {
    const socket = construct(EventTarget, [], newTarget);
    const fields = natives.create(null);
    weakSet(standIns, socket, fields);
    for (let i = 0; i < looks.length; i++) looks[i].adopt(socket, fields);
    const initial = { url: href, readyState: CONNECTING, bufferedAmount: 0, extensions: '', protocol: '', binaryType: 'blob' };
    for (let i = 0; i < ATTRIBUTES.length; i++) setField(socket, fields, ATTRIBUTES[i], initial[ATTRIBUTES[i]]);
    for (let i = 0; i < HANDLERS.length; i++) {
      const name = HANDLERS[i];
      fields[name] = null;
      apply(addListener, socket, [apply(net.stringSlice, name, [2]), function (event) {
        const handler = fields[name];
        return typeof handler === 'function' ? apply(handler, this, [event]) : undefined;
      }]);
    }
    failLater(socket, fields, endpoint);
    return socket;
  }

  wrapConstructor(realm, 'WebSocket', (original, args, newTarget) => {
    if (!args.length) return construct(original, args, newTarget);
    const given = domString(args[0]);
    const href = socketUrl(urlNatives, given, baseUrl());
    const route = href === undefined ? null : router.classify(href);
    if (!route) return construct(original, withArgument(args, 0, given), newTarget);
    if (!route.send) {
      router.drop(route, 'websocket');
      return standIn(href, newTarget, route.endpoint);
    }
    // A gate-only endpoint with consent: the SDK's own URL, untouched (recorded by pass()).
    if (route.gateOnly) {
      if (!router.pass(route, 'websocket')) return standIn(href, newTarget, route.endpoint);
      failures.reset(route.endpoint);
      return construct(original, withArgument(args, 0, given), newTarget);
    }
    failures.reset(route.endpoint);
    const result = router.redact(route, null, 'websocket');
    if (result.dropped) return standIn(href, newTarget, route.endpoint);
    return construct(original, withArgument(args, 0, result.url), newTarget);
  });

  for (let i = 0; i < HANDLERS.length; i++) {
    const name = HANDLERS[i];
    wrapSetter(ownerOf(realm.WebSocket, name), name, (original, self, value) => {
      const fields = fieldsOf(self);
      if (!fields) return apply(original, self, [value]);
      fields[name] = isObject(value) ? value : null;
      return undefined;
    });
  }
  wrapSetter(ownerOf(realm.WebSocket, 'binaryType'), 'binaryType', (original, self, value) => {
    const fields = fieldsOf(self);
    if (!fields) return apply(original, self, [value]);
    if (value === 'blob' || value === 'arraybuffer') fields.binaryType = value;
    return undefined;
  });
  wrapMethod(ownerOf(realm.WebSocket, 'close'), 'close', (original, self, args) => {
    // The stand-in is failing already; closing it changes nothing the page could see sooner.
    if (fieldsOf(self)) return undefined;
    return apply(original, self, args);
  });

  // The URL getter is the browser's; a socket class without one (a test double) keeps it on the instance.
  const urlOfSocket = (socket) => (net.webSocketUrl && net.webSocketUrl.get ? read(net.webSocketUrl, socket) : socket.url);
  wrapMethod(ownerOf(realm.WebSocket, 'send'), 'send', (original, self, args) => {
    const fields = fieldsOf(self);
    if (fields) {
      if (fields.readyState === CONNECTING) {
        throw new DOMException("Failed to execute 'send' on 'WebSocket': Still in CONNECTING state.", 'InvalidStateError');
      }
      return undefined;  // a closed socket discards what it is given
    }
    const route = router.classify(urlOfSocket(self));
    if (!route) return apply(original, self, args);
    if (!route.send) return router.drop(route, 'websocket');
    // Gate-only: the frames of a socket the engine let open go as they are, text or binary.
    if (route.gateOnly) return apply(original, self, args);
    const frame = redactFrame(router, route, args[0]);
    return frame === DROPPED_FRAME ? undefined : apply(original, self, [frame]);
  });
}

// What a frame to a redacting endpoint whose consent is given (`route`) goes as: its text or
// bytes redacted, in the frame's own kind of container; DROPPED_FRAME when the engine drops it
// (recorded). A Blob would have to be read asynchronously, letting later frames overtake it.
export const DROPPED_FRAME = natives.freeze({ dropped: true });
export function redactFrame(router, route, frame) {
  if (isBlob(frame)) {
    router.drop({ ...route, reason: 'Blob frames cannot be redacted in order' }, 'websocket');
    return DROPPED_FRAME;
  }
  if (isBinary(frame)) {
    const result = router.redactBytes(route, bytesSync(frame), 'websocket');
    return result.dropped ? DROPPED_FRAME : rewrap(frame, result.body);
  }
  const r = readSync(frame);
  const result = router.redact(route, r.none ? '' : r.text, 'websocket');
  return result.dropped ? DROPPED_FRAME : rewrap(frame, result.body);
}
