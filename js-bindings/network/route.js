// Which requests are telemetry. Every interceptor asks here first, with nothing but the
// URL: a request that matches no declared endpoint goes on untouched, its body never read.
import { natives, read } from '../natives.js';

const { apply } = natives;
import { net } from './natives.js';

const NO_ENDPOINT = -1;

// "scheme:" at the start: the URL needs no base (RFC 3986 scheme characters).
function hasScheme(url) {
  for (let i = 0; i < url.length; i++) {
    const c = apply(natives.stringCharCodeAt, url, [i]);
    const letter = (c >= 97 && c <= 122) || (c >= 65 && c <= 90);
    if (c === 58) return i > 0;  // ':'
    if (!letter && !(i > 0 && ((c >= 48 && c <= 57) || c === 43 || c === 45 || c === 46))) return false;
  }
  return false;
}

// `cookieFree()`: whether requests to declared endpoints go without credentials.
export function createRouter(core, cookieFree = () => true) {
  // A realm's origin never changes (a navigation makes a new realm); its URL does
  // (history.pushState), so that is read when a relative URL needs it as a base.
  const pageOrigin = net.location ? net.location.origin : '';
  const pageHref = () => (net.location ? net.location.href : undefined);

  return {
    // → null to pass untouched, or { endpoint, href, send, reason }. A URL the browser
    // cannot parse passes: the native call rejects it the way the page expects.
    classify(url) {
      let parsed;
      try {
        parsed = hasScheme(url) ? new net.URL(url) : new net.URL(url, pageHref());
      } catch {
        return null;
      }
      const href = read(net.urlHref, parsed);
      const endpoint = core.matchEndpoint(href, read(net.urlOrigin, parsed) !== pageOrigin);
      if (endpoint === NO_ENDPOINT) return null;
      const decision = core.decideRequest(endpoint);
      return { endpoint, href, send: decision.send, reason: decision.reason };
    },
    // Cookie-free mode: a request to a declared endpoint carries no cookies (an undeclared
    // one scanned under unknownEndpoints "scan" keeps the page's choice).
    withoutCredentials: (route) => route.endpoint >= 0 && cookieFree(),
    drop(route, transport) {
      core.recordRequest(route.endpoint, 'drop', transport, route.reason);
    },
    // → { dropped, url, body, reason }; `text` null when there is no body.
    redact(route, text, transport) {
      return core.redactRequest(route.endpoint, route.href, text, transport);
    },
  };
}

// The URL a fetch/XHR/beacon argument names, read the way the browser reads it, without
// calling anything the page could have replaced (URL#toString, Request#url).
export function urlOf(input) {
  if (input instanceof net.URL) return read(net.urlHref, input);
  if (net.Request && input instanceof net.Request) return read(net.requestUrl, input);
  return net.String(input);
}

export { natives };
