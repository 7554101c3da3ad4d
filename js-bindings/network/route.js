// Which requests are telemetry. Every interceptor asks here first, with nothing but the
// URL: a request that matches no declared endpoint goes on untouched, its body never read.
import { hasBrand, natives, read } from '../natives.js';
import { net } from './natives.js';
import { NO_ENDPOINT } from './engine.js';
import { documentOf } from '../realms/access.js';

// What a route says when the engine itself failed (a trap in the module): nobody can tell
// telemetry from the rest, so the request is dropped.
const ENGINE_FAILED = natives.freeze({ endpoint: NO_ENDPOINT, href: '', send: false, omitCredentials: true,
  reason: 'the engine failed: request dropped' });
// What a route says about a URL a worker asked about that is not absolute: the worker's
// interceptors resolve every URL before asking, so this one is nothing they sent; dropped.
const NOT_ABSOLUTE = natives.freeze({ ...ENGINE_FAILED, reason: 'a worker asked about a URL that is not absolute: request dropped' });

// What the browser resolves a relative URL against in `realm`: its document's base URL (a
// <base> element changes it; srcdoc and about:blank documents inherit one).
export function baseUrlOf(realm) {
  return () => {
    const doc = documentOf(realm);
    return doc && net.baseURI ? read(net.baseURI, doc) : net.location ? net.location.href : undefined;
  };
}

// `baseUrl()`: what relative URLs resolve against (baseUrlOf), or null for the router that
// answers workers: the URLs a worker asks about are absolute, and one that is not is dropped.
// Every same-origin realm of the page shares its origin.
export function createRouter(core, baseUrl) {
  // A realm's origin never changes (a navigation makes a new realm).
  const pageOrigin = net.location ? net.location.origin : '';

  const router = {
    // → null to pass untouched, or { endpoint, href, send, omitCredentials, gateOnly, reason }
    // (gateOnly: a "redact": false endpoint, sent unread through pass() when send). A URL
    // the browser cannot parse passes: the native call rejects it the way the page expects
    // (a worker's is dropped, see above).
    classify(url) {
      let parsed;
      try {
        parsed = new net.URL(url, baseUrl ? baseUrl() : undefined);
      } catch {
        return baseUrl ? null : NOT_ABSOLUTE;
      }
      try {
        const href = read(net.urlHref, parsed);
        const endpoint = core.matchEndpoint(href, read(net.urlOrigin, parsed) !== pageOrigin);
        if (endpoint === NO_ENDPOINT) return null;
        const decision = core.decideRequest(endpoint);
        return { endpoint, href, send: decision.send, omitCredentials: decision.omitCredentials, gateOnly: decision.gateOnly,
          reason: decision.reason };
      } catch {
        return ENGINE_FAILED;
      }
    },
    // The same for a session whose streams carry bytes as they go (WebTransport): the engine
    // lets one open only where it passes bytes unread (decideSession). Null stays null.
    session(route) {
      if (!route || route === ENGINE_FAILED || route === NOT_ABSOLUTE) return route;
      try {
        const decision = core.decideSession(route.endpoint);
        return { ...route, send: decision.send, gateOnly: decision.gateOnly, reason: decision.reason };
      } catch {
        return ENGINE_FAILED;
      }
    },
    drop(route, transport) {
      core.recordRequest(route.endpoint, 'drop', transport, route.reason);
    },
    // A gate-only request with consent: true when the engine lets it go as the SDK wrote it
    // (recorded); false, recorded as a drop, when it no longer does.
    pass(route, transport) {
      try {
        return core.passRequest(route.endpoint, transport) === true;
      } catch {
        return false;
      }
    },
    // → { dropped, url, body, reason }; `text` null when there is no body.
    redact(route, text, transport) {
      return core.redactRequest(route.endpoint, route.href, text, transport);
    },
    // A request whose URL is all it sends (an image beacon, an EventSource), `url` as the page
    // gave it: → the URL to request (as given, for a gate-only endpoint that may pass; else
    // redacted), or null when it is not to be made (recorded).
    urlOnly(route, url, transport) {
      if (route.gateOnly) {
        if (route.send && router.pass(route, transport)) return url;
        if (!route.send) router.drop(route, transport);
        return null;
      }
      if (!route.send) {
        router.drop(route, transport);
        return null;
      }
      const result = router.redact(route, null, transport);
      return result.dropped ? null : result.url;
    },
    // The same for a body of bytes (Uint8Array): → { dropped, url, body: Uint8Array, reason }.
    redactBytes(route, bytes, transport) {
      return core.redactRequestBytes(route.endpoint, route.href, bytes, transport);
    },
  };
  return router;
}

// The URL a fetch/XHR/beacon argument names, read once: a Request's URL (the Request goes
// to the browser as it is), a URL's href, anything else converted to a string, which the
// caller then passes on instead of the object (see withArgument in ../natives.js). Null for a
// Symbol: the caller hands it to the native, whose own conversion throws the browser's
// TypeError (String() would make it "Symbol(…)" and the call would go on). Any other value
// converts here once; what its toString throws is what the native would throw.
export function targetOf(input) {
  if (typeof input === 'symbol') return null;
  if (hasBrand(net.requestUrl, input)) return { url: read(net.requestUrl, input), isRequest: true };
  if (hasBrand(net.urlHref, input)) return { url: read(net.urlHref, input), isRequest: false };
  return { url: net.String(input), isRequest: false };
}
