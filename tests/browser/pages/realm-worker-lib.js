// What a test worker reports, for tests/browser/realms.spec.mjs. `what`: 'navigator', or
// { fetch | xhr | websocket: url, body }: the transport's outcome as the worker's script sees it.
self.probe = async (what) => {
  if (what === 'navigator') return { userAgent: navigator.userAgent, location: location.href, relative: new URL('x', location).href };
  if (what.fetch) return fetch(what.fetch, { method: 'POST', body: what.body }).then((r) => r.status, (e) => `error ${e.message}`);
  if (what.xhr) {
    return new Promise((resolve) => {
      const xhr = new XMLHttpRequest();
      xhr.onloadend = () => resolve(xhr.status);
      xhr.open('POST', what.xhr);
      xhr.send(what.body);
    });
  }
  if (what.websocket) {
    // Sent at once: a native send on a connecting socket throws.
    try {
      new WebSocket(what.websocket).send(what.body);
      return 'sent';
    } catch (e) {
      return e.name;
    }
  }
  return null;
};
