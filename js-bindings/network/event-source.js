// EventSource to a declared endpoint: its URL is all it sends, redacted with consent, without
// cookies in cookie-free mode (withCredentials false). Before consent (or when the redacted URL
// is dropped) it never connects: the page gets the browser's own EventSource made for
// about:blank, which fails at once as a stream served with the wrong type does (`error`,
// readyState CLOSED: no reconnection loop), its `url` still the page's. An EventSource
// reconnects by itself: one opened with consent is closed the same way (`error`, CLOSED) once
// a consent change means its endpoint would no longer be reached, and the drop is recorded.
// A worker's EventSource asks the page, answered with the same router.urlOnly and keepsOpen
// (network/worker.js).
import { domString, each, natives, push, then, weakGet, weakHas, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter } from '../wrap.js';

const { apply, construct, getOwnPropertyDescriptor } = natives;
const TRANSPORT = 'eventsource';
const CLOSED = 2;

export function installEventSource(router, realm, onChange) {
  const EventSource = realm.EventSource;
  if (!EventSource) return;
  const proto = EventSource.prototype;
  const { close } = proto;
  const readyState = getOwnPropertyDescriptor(proto, 'readyState').get;
  const { Event } = realm;
  const shown = new natives.WeakMap();  // a source that never connects → the URL the page gave
  // { source, url } opened to a declared endpoint, not seen closed; url absolute (as resolved
  // at the call: a <base> the page changes later must not move it to another endpoint).
  let open = [];
  wrapConstructor(realm, 'EventSource', (original, args, newTarget) => {
    if (!args.length) return construct(original, args, newTarget);
    const url = domString(args[0]);  // a Symbol throws, as the native's conversion does
    const route = router.classify(url);
    if (!route) return construct(original, withArgument(args, 0, url), newTarget);
    const target = router.urlOnly(route, url, TRANSPORT);
    if (target !== null) {
      const init = route.omitCredentials ? [target, { __proto__: null, withCredentials: false }] : withArgument(args, 0, target);
      const source = construct(original, init, newTarget);
      const still = [];
      each(open, (entry) => { if (apply(readyState, entry.source, []) !== CLOSED) push(still, entry); });
      push(still, { source, url: route.href });
      open = still;
      return source;
    }
    const source = construct(original, withArgument(args, 0, 'about:blank'), newTarget);
    weakSet(shown, source, route.href);
    return source;
  });
  wrapGetter(proto, 'url', (original, self) => (weakHas(shown, self) ? weakGet(shown, self) : apply(original, self, [])));
  onChange(() => {
    const still = [];
    each(open, (entry) => {
      if (apply(readyState, entry.source, []) === CLOSED) return;
      if (keepsOpen(router, router.classify(entry.url))) {
        push(still, entry);
        return;
      }
      apply(close, entry.source, []);
      apply(natives.eventTargetDispatch, entry.source, [new Event('error')]);
    });
    open = still;
  });
}

// Sessions a realm opened to declared endpoints (a WebTransport, a WebSocketStream): after each
// consent change, one whose endpoint would no longer be reached (`routeOf(href)`, keepsOpen) is
// closed and its drop recorded as `transport`. `closedOf`: the `closed` getter, whose promise
// settling ends the watch (none: watched until then). → track(session, href), which returns
// the session.
export function closedOnWithdrawal(router, onChange, { close, closedOf, routeOf, transport }) {
  let open = [];  // { session, href, closed }
  onChange(() => {
    const still = [];
    each(open, (entry) => {
      if (entry.closed) return;
      if (keepsOpen(router, routeOf(entry.href), transport)) {
        push(still, entry);
        return;
      }
      apply(close, entry.session, []);
    });
    open = still;
  });
  return (session, href) => {
    const entry = { session, href, closed: false };
    const ended = () => { entry.closed = true; };
    if (closedOf) then(apply(closedOf, session, []), ended, ended);
    const still = [];
    each(open, (e) => { if (!e.closed) push(still, e); });
    push(still, entry);
    open = still;
    return session;
  };
}

// After a consent change, whether an EventSource (page's or worker's, network/worker.js) or a
// pending fetchLater (`transport`, later.js) to the endpoint of `route` may go on; when not, its
// drop is recorded.
export function keepsOpen(router, route, transport = TRANSPORT) {
  if (route && route.send) return true;
  if (route) router.drop(route, transport);
  return false;
}
