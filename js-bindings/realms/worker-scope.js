// What the bootstrap changes last in a worker (self-contained: it runs there, see
// worker-boot.js), so the worker's script finds the world it was written for:
// - it runs from a blob: URL, but `location` reports the script's URL, and the relative URLs
//   it gives fetch, Request, XMLHttpRequest, WebSocket, EventSource and importScripts resolve
//   against the script's URL, as they would have;
// - the workers it creates in turn go through the same bootstrap: their questions reach the
//   page through this worker (channel.relay).
export function workerScope(kit, config, channel, w, spawn, boot) {
  const { apply, construct, ownerOf } = w;
  const scope = self;
  const URLCtor = URL;
  const urlHref = w.getter(URL.prototype, 'href');

  const script = new URLCtor(config.url);
  const LOCATION_PARTS = ['href', 'origin', 'protocol', 'host', 'hostname', 'port', 'pathname', 'search', 'hash'];
  const parts = {};
  for (let i = 0; i < LOCATION_PARTS.length; i++) parts[LOCATION_PARTS[i]] = script[LOCATION_PARTS[i]];
  const locationProto = scope.WorkerLocation && scope.WorkerLocation.prototype;
  const locationOf = w.getter(scope, 'location');
  const real = locationOf ? apply(locationOf, scope, []) : undefined;
  for (let i = 0; i < LOCATION_PARTS.length; i++) {
    const name = LOCATION_PARTS[i];
    kit.wrapGetter(locationProto, name, (original, me) => {
      const own = apply(original, me, []);
      return me === real ? parts[name] : own;
    });
  }
  kit.wrapMethod(locationProto, 'toString', (original, me, args) => {
    const own = apply(original, me, args);
    return me === real ? parts.href : own;
  });

  // A string (or anything but a Request) converted once, as the browser converts it (a Symbol
  // throws its TypeError), and resolved against the script's URL; what cannot be parsed goes
  // to the browser as it was converted, for its own error.
  const resolve = (value) => {
    if (w.isRequest(value)) return value;
    const text = `${value}`;
    try {
      return apply(urlHref, new URLCtor(text, config.url), []);
    } catch {
      return text;
    }
  };
  const resolvedAt = (args, index) => {
    const out = [];
    for (let i = 0; i < args.length; i++) out[i] = i === index || index < 0 ? resolve(args[i]) : args[i];
    return out;
  };
  const METHODS = [[ownerOf(scope, 'fetch'), 'fetch', 0], [ownerOf(scope, 'importScripts'), 'importScripts', -1],
    [scope.XMLHttpRequest && scope.XMLHttpRequest.prototype, 'open', 1]];
  for (let i = 0; i < METHODS.length; i++) {
    const index = METHODS[i][2];
    kit.wrapMethod(METHODS[i][0], METHODS[i][1], (original, me, args) => {
      let given;
      try {
        given = resolvedAt(args, index);
      } catch (error) {
        if (index) throw error;
        return new w.Promise((_, reject) => reject(error));  // fetch rejects, as the browser's
      }
      return apply(original, me, given);
    });
  }
  const CONSTRUCTORS = ['Request', 'WebSocket', 'EventSource'];
  for (let i = 0; i < CONSTRUCTORS.length; i++) {
    kit.wrapConstructor(scope, CONSTRUCTORS[i], (original, args, newTarget) => construct(original, resolvedAt(args, 0), newTarget));
  }

  const WORKERS = ['Worker', 'SharedWorker'];
  for (let i = 0; i < WORKERS.length; i++) {
    const shared = WORKERS[i] === 'SharedWorker';
    const env = {
      boot,
      shared,
      base: () => config.url,
      origin: config.origin,
      // pageMade: false, whatever this worker's: the page did not make this one (its config
      // is this worker's, which a shared worker may have from an earlier page load).
      config: (url, module) => ({ ...config, url, module, shared, pageMade: false }),
      sealed: channel.sealed,
      connect: (port) => channel.relay(port),
    };
    kit.wrapConstructor(scope, WORKERS[i], (original, args, newTarget) => spawn(original, args, newTarget, env));
  }
}
