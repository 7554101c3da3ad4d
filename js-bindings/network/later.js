// fetchLater(): a deferred fetch, sent once the page goes away or its activateAfter has passed.
// Telemetry to a declared endpoint keeps fetch's rules: dropped before consent, its URL and
// body redacted with it. Both are decided at the call, because the browser hands the page its
// FetchLaterResult at once; a body the shim cannot read at the call (a Blob, a stream, the
// body of a Request) is dropped. A dropped call still gets the browser's own result: one made
// for the same URL with no body and aborted at once, so nothing leaves and `activated` stays
// false (an http: URL throws the browser's TypeError, as the page's own call would). A deferred
// fetch may leave long after the call: one made with consent is aborted (never sent) once a
// consent change means its endpoint would no longer be reached, and the drop is recorded.
import { each, isObject, natives, push, read, withArgument } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net } from './natives.js';
import { keepsOpen } from './event-source.js';
import { targetOf } from './route.js';
import { pageNatives, requestOf } from './fetch.js';
import { bytesSync, isBinary, isBlob, isForm, isStream, readSync, rewrap } from './body.js';

const { apply } = natives;
const TRANSPORT = 'fetchLater';

export function installFetchLater(router, realm, onChange) {
  if (typeof realm.fetchLater !== 'function' || !net.AbortController || !net.abortSignalAny) return;
  const activated = realm.FetchLaterResult && natives.getOwnPropertyDescriptor(realm.FetchLaterResult.prototype, 'activated');
  const sent = (result) => {
    try {
      return activated && activated.get ? apply(activated.get, result, []) === true : false;
    } catch {
      return false;
    }
  };
  let pending = [];  // { controller, url, result } made with consent, not seen sent
  const requestProto = net.Request.prototype;
  const abortable = () => new net.AbortController();
  onChange(() => {
    const still = [];
    each(pending, (entry) => {
      if (sent(entry.result)) return;
      if (keepsOpen(router, router.classify(entry.url), TRANSPORT)) push(still, entry);
      else apply(net.abortControllerAbort, entry.controller, []);
    });
    pending = still;
  });
  wrapMethod(realm, 'fetchLater', (original, self, args) => {
    if (!args.length) return apply(original, self, args);
    const target = targetOf(args[0]);
    if (!target) return apply(original, self, args);
    const input = target.isRequest ? args[0] : target.url;
    const route = router.classify(target.url);
    if (!route) return apply(original, self, withArgument(args, 0, input));
    const neverSent = () => {
      const controller = abortable();
      // No prototype: the browser reads every RequestInit member, and the page's
      // Object.prototype must answer none of them.
      const result = apply(original, self, [target.url, { __proto__: null, signal: read(net.abortControllerSignal, controller) }]);
      apply(net.abortControllerAbort, controller, []);
      return result;
    };
    const drop = (reason) => {
      router.drop(reason ? { ...route, reason } : route, TRANSPORT);
      return neverSent();
    };
    if (!route.send) return drop();
    if (route.gateOnly) return router.pass(route, TRANSPORT) ? apply(original, self, withArgument(args, 0, input)) : neverSent();
    // The page's init is read once, as the browser reads it: by the Request made from it, and
    // its activateAfter, which a Request has no place for.
    const { request, body, members } = requestOf(pageNatives, input, args[1]);
    const activateAfter = isObject(members) ? members.activateAfter : undefined;
    const method = read(net.requestMethod, request);
    const hasBody = method !== 'GET' && method !== 'HEAD';
    if (hasBody && target.isRequest && (body === undefined || body === null)) return drop('a Request\'s body cannot be read at a fetchLater call');
    if (hasBody && (isBlob(body) || isStream(body))) return drop('a Blob or stream body cannot be read at a fetchLater call');
    const bytes = hasBody && isBinary(body) ? bytesSync(body) : undefined;
    const text = hasBody && !bytes ? readSync(body) : { none: true };
    if (text.unreadable) return drop(isForm(body) ? 'a form with files cannot be redacted' : 'body is not UTF-8 text');
    const result = bytes ? router.redactBytes(route, bytes, TRANSPORT) : router.redact(route, text.none ? null : text.text, TRANSPORT);
    if (result.dropped) return neverSent();
    // The Request's own members, as the browser read them (nothing from a prototype of the
    // page's), with the redacted body, no credentials in cookie-free mode, and a signal the
    // shim can abort as well as the page.
    const outgoing = text.none && !bytes ? undefined : rewrap(body, result.body);
    const controller = abortable();
    const signal = apply(net.abortSignalAny, net.AbortSignal, [[read(net.requestSignal, request), read(net.abortControllerSignal, controller)]]);
    const options = new net.Proxy(request, { __proto__: null, get: (object, key) => {
      if (key === 'body') return outgoing;
      if (key === 'activateAfter') return activateAfter;
      if (key === 'signal') return signal;
      if (key === 'credentials' && route.omitCredentials) return 'omit';
      if (key === 'duplex' || !apply(natives.objectHasOwn, requestProto, [key])) return undefined;
      return apply(net.reflectGet, undefined, [object, key]);
    } });
    const deferred = apply(original, self, [result.url, options]);
    const still = [];
    each(pending, (entry) => { if (!sent(entry.result)) push(still, entry); });
    push(still, { controller, url: route.href, result: deferred });  // absolute: a later <base> must not move it
    pending = still;
    return deferred;
  });
}
