// The worker bootstrap: what runs inside a worker the page creates, before the worker's own
// script. The page cannot inject code into a worker, so the shim creates every worker from a
// blob: script of its own that installs the guards and then loads the page's script
// (importScripts, or a static import for module workers: the bootstrap module is imported
// first, so it is evaluated first). The worker has no engine: it describes each call to the
// page's engine over a MessagePort and applies the answer (workerChannel).
//
// The functions here that run in the worker refer to nothing outside their bodies: the page
// sends their source (Function.prototype.toString of the bundled code). They read the
// built-ins they use when called, i.e. before the worker's script runs.
//
// Fails closed: if a guard cannot be installed the bootstrap closes the worker and throws
// (the page's Worker gets an error event), and the worker's script is never loaded; a
// request whose answer never comes (the page is gone) is never sent.
import { natives } from '../natives.js';
import { createWrapKit } from '../wrap.js';

// The source of a function that runs in the worker, as the bootstrap carries it.
export const source = (fn) => natives.apply(natives.functionToString, fn, []);

// Worker side: the natives and helpers every part of the bootstrap uses, captured before the
// worker's script runs. Index loops only in the parts: the script may replace the array
// iterator.
export function workerNatives() {
  const apply = Reflect.apply;
  const { getPrototypeOf, getOwnPropertyDescriptor } = Object;
  const hasOwn = Object.prototype.hasOwnProperty;
  const PromiseCtor = Promise;
  const has = (object, name) => apply(hasOwn, object, [name]);
  const ownerOf = (object, name) => {
    for (let p = object; p; p = getPrototypeOf(p)) if (has(p, name)) return p;
    return undefined;
  };
  // The getter of `name` wherever `object`'s chain has it.
  const getter = (object, name) => {
    const owner = ownerOf(object, name);
    const d = owner && getOwnPropertyDescriptor(owner, name);
    return d ? d.get : undefined;
  };
  const requestUrl = typeof Request === 'function' ? getter(Request.prototype, 'url') : undefined;
  const defineProperty = Object.defineProperty;
  return {
    // list.push(item), defined, not set: the worker's script may give Array.prototype an
    // accessor for that index, which would take a set item and answer its own.
    push: (list, item) => defineProperty(list, list.length, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true }),
    apply, construct: Reflect.construct, create: Object.create, getPrototypeOf, getOwnPropertyDescriptor, has, ownerOf, getter, toString: String,
    keys: Object.keys, freeze: Object.freeze, isArray: Array.isArray, requestUrl, Promise: PromiseCtor,
    isRequest(value) {
      try {
        apply(requestUrl, value, []);
        return true;
      } catch {
        return false;
      }
    },
  };
}

// Worker side. The event handler properties (onopen, onsuccess…) of the stand-ins the worker's
// guards hand out before the page answers (a socket, an EventSource, an IndexedDB request), kept
// as the browser keeps a handler: its listener joins the target's listeners when the handler is
// first set, keeps its place when the handler is replaced and leaves when it is set to null, so
// handlers and listeners run in the order the browser runs them. → handler(owner, name,
// isStandIn): wraps owner's property `name` for the targets isStandIn(target) knows.
export function standInHandlers(kit, w) {
  const { apply } = w;
  const { addEventListener: add, removeEventListener: remove } = EventTarget.prototype;
  const slice = String.prototype.slice;
  const { get: weakGet, set: weakSet } = WeakMap.prototype;
  const slots = new WeakMap();  // stand-in → name → { handler, listener }
  return (owner, name, isStandIn) => {
    const type = apply(slice, name, [2]);
    const slotOf = (me) => {
      let slot = apply(weakGet, slots, [me]);
      if (!slot) apply(weakSet, slots, [me, slot = { __proto__: null }]);
      return slot;
    };
    kit.wrapGetter(owner, name, (original, me) => {
      if (!isStandIn(me)) return apply(original, me, []);
      const entry = slotOf(me)[name];
      return entry ? entry.handler : null;
    });
    kit.wrapSetter(owner, name, (original, me, value) => {
      if (!isStandIn(me)) return apply(original, me, [value]);
      const slot = slotOf(me);
      const entry = slot[name];
      if (value === null || (typeof value !== 'object' && typeof value !== 'function')) {
        if (entry) apply(remove, me, [type, entry.listener]);
        slot[name] = undefined;
      } else if (entry) {
        entry.handler = value;
      } else {
        const made = { __proto__: null, handler: value, listener: null };
        made.listener = function (event) {
          return typeof made.handler === 'function' ? apply(made.handler, this, [event]) : undefined;
        };
        slot[name] = made;
        apply(add, me, [type, made.listener]);
      }
      return undefined;
    });
  };
}

// Worker side. → { ask(op, args, onAnswer, onError), onPush(fn) (fn(push): each push, an
// object), sealed(), relay(port) }.
// A dedicated worker gets its port in the first message it receives; a shared worker in the
// first message of each connection (each connecting page brings a port; the latest is used).
// The answer reaches onAnswer as the page sent it, not through a promise: resolving one with
// an object asks the object for its `then`, and the worker's script may have defined
// Object.prototype.then to answer in the engine's place.
export function workerChannel(config, w) {
  const { apply, has } = w;
  const scope = self;
  const addListener = EventTarget.prototype.addEventListener;
  const stopImmediate = Event.prototype.stopImmediatePropagation;
  const eventData = w.getter(MessageEvent.prototype, 'data');
  const eventPorts = w.getter(MessageEvent.prototype, 'ports');
  const portPost = MessagePort.prototype.postMessage;
  const portStart = MessagePort.prototype.start;
  const pending = new Map();
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;
  const mapDelete = Map.prototype.delete;
  const waiting = [];
  const pushHandlers = [];
  const children = [];
  let port = null;
  let nextId = 1;
  const each = (list, fn) => { for (let i = 0; i < list.length; i++) fn(list[i]); };
  const isObject = (value) => value !== null && typeof value === 'object';

  const post = (target, message) => apply(portPost, target, [message]);
  function onAnswer(event) {
    const data = apply(eventData, event, []);
    if (!isObject(data)) return;
    if (has(data, 'push')) return pushed(data.push);
    const entry = apply(mapGet, pending, [data.id]);
    if (!entry) return;
    apply(mapDelete, pending, [data.id]);
    // What the callee throws stays with it, as it would in a promise's reaction.
    try {
      if (data.ok === true) entry.onAnswer(data.value);
      else entry.onError(data.error);
    } catch { /* the callee's own failure */ }
  }
  const listen = (target, onMessage) => {
    apply(addListener, target, ['message', onMessage]);
    apply(portStart, target, []);
  };
  function attach(candidate) {
    port = candidate;
    listen(port, onAnswer);
    each(waiting, (message) => post(port, message));
    waiting.length = 0;
  }
  // The first message of a connection, if it is the shim's, is taken out of the stream. It
  // brings the port, and the sealed data (a first push, before any message of the page's):
  // what the worker's script must not read, which the bootstrap's source (a blob: script the
  // script can find and fetch) therefore does not carry. `sealed` is that and every push
  // since, merged: the page's latest word, which the workers this one creates start with.
  const sealed = w.create(null);
  // A push from the page (or the first message's sealed data), told to this worker's features
  // and to the workers it created, those created before it came too.
  function pushed(data) {
    if (!isObject(data)) return;
    const names = w.keys(data);
    for (let i = 0; i < names.length; i++) sealed[names[i]] = data[names[i]];
    each(children, (child) => post(child, { push: data }));
    each(pushHandlers, (fn) => fn(data));
  }
  // → the listener for a connection's messages, which takes control with its first.
  const takeControl = () => {
    let first = true;
    return (event) => {
      if (!first) return;
      first = false;
      const ports = apply(eventPorts, event, []);
      const data = apply(eventData, event, []);
      if (!isObject(data) || !has(data, 'control') || data.control !== config.control || ports.length !== 1) return;
      apply(stopImmediate, event, []);
      attach(ports[0]);
      if (has(data, 'sealed')) pushed(data.sealed);
    };
  };
  // A shared worker's connections: each port is started here, before the worker's script
  // sees it, so the script's listeners get messages even if it never calls start() itself.
  if (config.shared) apply(addListener, scope, ['connect', (connect) => listen(apply(eventPorts, connect, [])[0], takeControl()), true]);
  else apply(addListener, scope, ['message', takeControl(), true]);

  function ask(op, args, onAnswer, onError) {
    const id = nextId++;
    apply(mapSet, pending, [id, { onAnswer, onError }]);
    const message = { id, op, args };
    if (port) post(port, message);
    else w.push(waiting, message);
  }
  return {
    ask,
    onPush(fn) { w.push(pushHandlers, fn); },
    sealed: () => sealed,  // for the workers this one creates
    // A nested worker's port: its questions go on to the page, the page's pushes come back.
    relay(child) {
      w.push(children, child);
      listen(child, (event) => {
        const data = apply(eventData, event, []);
        if (!isObject(data)) return;
        const id = data.id;
        ask(data.op, data.args, (value) => post(child, { id, ok: true, value }), (error) => post(child, { id, ok: false, error }));
      });
    },
  };
}

// Page and worker side: creates a worker from the bootstrap. `env`: { boot (the bootstrap's
// source), shared, base() (what the script URL is resolved against), origin,
// config(url, module) (the bootstrap's config), sealed() (data for the worker's first message,
// not its source: workerChannel), connect(port) (the end of the channel that answers the worker) }.
export function createSpawner() {
  const apply = Reflect.apply;
  const construct = Reflect.construct;
  const getter = (ctor, name) => Object.getOwnPropertyDescriptor(ctor.prototype, name).get;
  const URLCtor = URL;
  const urlHref = getter(URL, 'href');
  const urlOrigin = getter(URL, 'origin');
  const urlProtocol = getter(URL, 'protocol');
  const createObjectURL = URL.createObjectURL;
  const BlobCtor = Blob;
  const ChannelCtor = MessageChannel;
  const port1 = getter(MessageChannel, 'port1');
  const port2 = getter(MessageChannel, 'port2');
  const workerPost = typeof Worker === 'function' ? Worker.prototype.postMessage : undefined;
  const sharedPort = typeof SharedWorker === 'function' ? getter(SharedWorker, 'port') : undefined;
  const portPost = MessagePort.prototype.postMessage;
  const DOMExceptionCtor = DOMException;
  const toString = String;
  const stringify = JSON.stringify;
  const { keys, setPrototypeOf } = Object;
  const isArray = Array.isArray;
  const sharedScripts = new Map();
  const mapGet = Map.prototype.get;
  const mapSet = Map.prototype.set;

  // The config's data in objects and arrays without a prototype: JSON.stringify asks every
  // object for a toJSON, which a page could put on Object.prototype to rewrite the config.
  const detached = (value) => {
    if (value === null || typeof value !== 'object') return value;
    const out = setPrototypeOf(isArray(value) ? [] : {}, null);
    const names = keys(value);
    for (let i = 0; i < names.length; i++) out[names[i]] = detached(value[names[i]]);
    return out;
  };
  const script = (text) => apply(createObjectURL, URLCtor, [new BlobCtor([text], { type: 'text/javascript' })]);
  function bootstrap(boot, url, module, config) {
    const run = `(${boot})(${stringify(detached(config))});`;
    return module ? script(`import ${stringify(script(run))};\nimport ${stringify(url)};\n`)
      : script(`${run}\nimportScripts(${stringify(url)});\n`);
  }

  return function spawn(original, args, newTarget, env) {
    if (args.length < 1) return construct(original, args, newTarget);  // the browser's TypeError
    const raw = toString(args[0]);  // converted once; the browser gets this string
    const options = args[1];
    let parsed;
    try {
      parsed = new URLCtor(raw, env.base());
    } catch {
      return construct(original, args.length > 1 ? [raw, options] : [raw], newTarget);  // the browser's SyntaxError
    }
    const url = apply(urlHref, parsed, []);
    const protocol = apply(urlProtocol, parsed, []);
    // A data: worker runs in an opaque origin: wrapped in the bootstrap it would run in the
    // page's instead, so it is refused rather than left unguarded or given more rights.
    if (protocol === 'data:' || (protocol !== 'blob:' && apply(urlOrigin, parsed, []) !== env.origin)) {
      throw new DOMExceptionCtor(`Failed to construct '${env.shared ? 'SharedWorker' : 'Worker'}': Script at '${url}' cannot be accessed from origin '${env.origin}'.`, 'SecurityError');
    }
    // The type and name as read here decide the bootstrap; the browser reads the options
    // itself (and rejects a bad type). A getter that answers each differently gets a worker
    // whose bootstrap does not parse as what the browser loads: it fails, closed.
    let name = '';
    let module = false;
    if (options !== null && typeof options === 'object') {
      module = options.type === 'module';
      const given = options.name;
      if (given !== undefined) name = toString(given);
    } else if (env.shared && options !== undefined) {
      name = toString(options);
    }
    const config = env.config(url, module);
    config.control = 'rtc-privacy-shim';
    let scriptUrl;
    if (env.shared) {
      // One bootstrap per script, name and type: the page's SharedWorkers with the same URL
      // and name still meet in one worker. It keeps the config of the first: a worker that
      // starts from it later (the first one closed) reads canvases as denied and answers its
      // navigator as a blocked device (config.shared) until its first message brings the
      // page's current word (env.sealed).
      const key = `${module}\n${name}\n${url}`;
      scriptUrl = apply(mapGet, sharedScripts, [key]);
      if (!scriptUrl) apply(mapSet, sharedScripts, [key, scriptUrl = bootstrap(env.boot, url, module, config)]);
    } else {
      scriptUrl = bootstrap(env.boot, url, module, config);
    }
    const worker = construct(original, args.length > 1 ? [scriptUrl, options] : [scriptUrl], newTarget);
    const channel = new ChannelCtor();
    env.connect(apply(port1, channel, []));
    const control = [{ control: config.control, sealed: env.sealed() }, [apply(port2, channel, [])]];
    if (env.shared) apply(portPost, apply(sharedPort, worker, []), control);
    else apply(workerPost, worker, control);
    return worker;
  };
}

// The bootstrap's source: `(function boot(config) {…})`. `statements`: what features add to
// it, run in order with `kit`, `config`, `channel` and `w` in scope; `scopeSource` runs last
// (realms/worker-scope.js), given a spawner and the bootstrap's own source for nested workers.
export function bootSource(statements, scopeSource) {
  return `(function boot(config) {
'use strict';
try {
  const kit = (${source(createWrapKit)})();
  kit.installToStringDisguise(self);
  const w = (${source(workerNatives)})();
  w.handler = (${source(standInHandlers)})(kit, w);
  const channel = (${source(workerChannel)})(config, w);
${natives.apply(natives.arrayJoin, statements, ['\n'])}
  const spawn = (${source(createSpawner)})();
  (${scopeSource})(kit, config, channel, w, spawn, Reflect.apply(Function.prototype.toString, boot, []));
} catch (error) {
  close();
  throw error;
}
})`;
}
