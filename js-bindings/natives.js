// Captured once, before any other module of the shim runs and before any later script
// can replace them. The shim only ever calls these copies, so a page that later swaps
// Function.prototype.call, JSON.parse or Object.defineProperty cannot steer it.
const g = globalThis;
// When the shim's code started to run: boot time is measured from here.
export const evaluationStart = g.performance && typeof g.performance.now === 'function' ? g.performance.now() : 0;
const proto = (ctor) => (typeof ctor === 'function' ? ctor.prototype : undefined);
const method = (ctor, name) => {
  const p = proto(ctor);
  return p && typeof p[name] === 'function' ? p[name] : undefined;
};
// The property descriptor of `name` on ctor.prototype (an accessor's get and set).
const descriptor = (ctor, name) => {
  const p = proto(ctor);
  return p ? Object.getOwnPropertyDescriptor(p, name) : undefined;
};
const wasm = g.WebAssembly;
// The descriptor of a window's storage getter (on Window.prototype, or the window itself).
const storageArea = (name) => (g.Window ? descriptor(g.Window, name) || Object.getOwnPropertyDescriptor(g, name) : undefined);

const objectDefineProperty = Object.defineProperty;
const ownField = Object.prototype.hasOwnProperty;
const reflectApply = Reflect.apply;
const DESCRIPTOR_FIELDS = ['value', 'writable', 'get', 'set', 'enumerable', 'configurable'];
// Object.defineProperty that reads only the descriptor's own fields: a page's
// Object.prototype.get (or value, set…) can neither turn the property into something else nor
// make the definition throw, which matters where the shim defines properties after the page's
// scripts ran (lazy guards, SDK switches, scripts run on consent).
function defineOwn(target, key, desc) {
  const own = { __proto__: null };
  for (let i = 0; i < DESCRIPTOR_FIELDS.length; i++) {
    const field = DESCRIPTOR_FIELDS[i];
    if (reflectApply(ownField, desc, [field])) own[field] = desc[field];
  }
  return objectDefineProperty(target, key, own);
}

export const natives = Object.freeze({
  global: g,
  apply: Reflect.apply,
  construct: Reflect.construct,
  defineProperty: defineOwn,
  getOwnPropertyDescriptor: Object.getOwnPropertyDescriptor,
  getPrototypeOf: Object.getPrototypeOf,
  create: Object.create,
  freeze: Object.freeze,
  assign: Object.assign,
  keys: Object.keys,
  ownKeys: Reflect.ownKeys,
  isArray: Array.isArray,
  jsonParse: JSON.parse,
  jsonStringify: JSON.stringify,
  dateNow: Date.now,
  atob: typeof g.atob === 'function' ? g.atob.bind(g) : undefined,
  btoa: typeof g.btoa === 'function' ? g.btoa.bind(g) : undefined,
  fromCharCode: String.fromCharCode,
  Uint8Array: g.Uint8Array,
  Uint32Array: g.Uint32Array,
  Float64Array: g.Float64Array,
  mathCeil: Math.ceil,
  crypto: g.crypto,
  getRandomValues: g.crypto ? g.crypto.getRandomValues : undefined,
  numberToString: Number.prototype.toString,
  String: g.String,
  TextEncoder: g.TextEncoder,
  textEncodeInto: method(g.TextEncoder, 'encodeInto'),
  TextDecoder: g.TextDecoder,
  textDecode: method(g.TextDecoder, 'decode'),
  typedArraySubarray: Object.getPrototypeOf(Uint8Array.prototype).subarray,
  // Native base64 (recent browsers only): the loader falls back to its own decoder.
  setFromBase64: typeof Uint8Array.prototype.setFromBase64 === 'function' ? Uint8Array.prototype.setFromBase64 : undefined,
  memoryGrow: wasm && method(wasm.Memory, 'grow'),
  // The engine starts at the first question, after page scripts may have run: its module is
  // compiled and instantiated with these, never with what the page's WebAssembly holds then.
  WasmModule: wasm && wasm.Module,
  WasmInstance: wasm && wasm.Instance,
  instanceExports: wasm && descriptor(wasm.Instance, 'exports'),
  memoryBuffer: wasm && descriptor(wasm.Memory, 'buffer'),
  stringCharCodeAt: String.prototype.charCodeAt,
  now: g.performance && typeof g.performance.now === 'function'
    ? g.performance.now.bind(g.performance) : Date.now,
  Promise: g.Promise,
  promiseThen: g.Promise.prototype.then,
  promiseResolve: g.Promise.resolve.bind(g.Promise),
  promiseReject: g.Promise.reject.bind(g.Promise),
  WeakMap: g.WeakMap,
  weakMapGet: g.WeakMap.prototype.get,
  weakMapSet: g.WeakMap.prototype.set,
  weakMapHas: g.WeakMap.prototype.has,
  weakMapDelete: g.WeakMap.prototype.delete,
  Map: g.Map,
  mapGet: g.Map.prototype.get,
  mapSet: g.Map.prototype.set,
  mapHas: g.Map.prototype.has,
  mapDelete: g.Map.prototype.delete,
  mapClear: g.Map.prototype.clear,
  mapForEach: g.Map.prototype.forEach,
  Set: g.Set,
  setAdd: g.Set.prototype.add,
  setHas: g.Set.prototype.has,
  setDelete: g.Set.prototype.delete,
  setForEach: g.Set.prototype.forEach,
  setClear: g.Set.prototype.clear,
  Error: g.Error,
  TypeError: g.TypeError,
  RangeError: g.RangeError,
  DOMException: g.DOMException,
  Event: g.Event,
  arrayPush: Array.prototype.push,
  arrayJoin: Array.prototype.join,
  stringIncludes: String.prototype.includes,
  stringSlice: String.prototype.slice,
  stringIndexOf: String.prototype.indexOf,
  stringSplit: String.prototype.split,
  stringToUpperCase: String.prototype.toUpperCase,
  stringToLowerCase: String.prototype.toLowerCase,
  stringTrim: String.prototype.trim,
  objectHasOwn: Object.prototype.hasOwnProperty,
  functionToString: Function.prototype.toString,
  queueMicrotask: typeof g.queueMicrotask === 'function' ? g.queueMicrotask.bind(g) : undefined,
  setTimeout: typeof g.setTimeout === 'function' ? g.setTimeout.bind(g) : undefined,
  consoleError: g.console ? g.console.error.bind(g.console) : () => {},
  consoleWarn: g.console ? g.console.warn.bind(g.console) : () => {},
  // DOM pieces the shim reads for itself (may be absent in workers).
  documentQuerySelector: method(g.Document, 'querySelector'),
  document: g.document,
  nodeTextContent: descriptor(g.Node, 'textContent'),
  localStorage: storageArea('localStorage'),
  sessionStorage: storageArea('sessionStorage'),
  storageLength: descriptor(g.Storage, 'length'),
  storageGetItem: method(g.Storage, 'getItem'),
  storageSetItem: method(g.Storage, 'setItem'),
  storageRemoveItem: method(g.Storage, 'removeItem'),
  eventTargetDispatch: method(g.EventTarget, 'dispatchEvent'),
  // Media: the track methods the surfaces apply answers with.
  streamGetTracks: method(g.MediaStream, 'getTracks'),
  trackStop: method(g.MediaStreamTrack, 'stop'),
  trackReadyState: descriptor(g.MediaStreamTrack, 'readyState'),
  trackKind: descriptor(g.MediaStreamTrack, 'kind'),
  deviceInfoKind: descriptor(g.MediaDeviceInfo, 'kind'),
  navigator: g.navigator,
});

// The exports of `bytes` compiled and instantiated synchronously with the captured natives.
export function instantiateWasm(bytes, imports) {
  const module = natives.construct(natives.WasmModule, [bytes]);
  return read(natives.instanceExports, natives.construct(natives.WasmInstance, [module, imports]));
}

// Calls a captured getter (a property descriptor's get) on an object.
export function read(descriptor, target) {
  return natives.apply(descriptor.get, target, []);
}

// Whether `value` is an object (a function too): what can have properties of its own.
export const isObject = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');

// Whether `target` is a real instance of the interface a captured getter belongs to: the
// getter throws on anything else. Unlike instanceof, a page cannot steer it (by replacing the
// global constructor or defining Symbol.hasInstance on it).
export function hasBrand(descriptor, target) {
  if (!descriptor || !descriptor.get || !isObject(target)) return false;
  try {
    natives.apply(descriptor.get, target, []);
    return true;
  } catch {
    return false;
  }
}

// A value converted as the browser converts a DOMString argument: String() but for a Symbol,
// which is a TypeError (String() would make it "Symbol(…)" and the call would go on).
export function domString(value) {
  return `${value}`;
}

// realm[name].prototype, or nothing when the realm has no such interface (a prototype the
// wrappers then leave alone).
export function protoOf(realm, name) {
  const ctor = realm[name];
  return ctor && ctor.prototype;
}

// The interface `name` of `realm` (the shim's own by default: the natives a module captures
// when it loads): its prototype ({} where the realm has none, as a worker has no DOM), and
// the descriptor of one of that prototype's own properties.
export const globalProto = (name, realm = g) => protoOf(realm, name) || {};
export const accessorOf = (name, key, realm) => natives.getOwnPropertyDescriptor(globalProto(name, realm), key);

// `count` random bytes (the captured crypto.getRandomValues) as lower-case hex. Throws where
// there is no crypto or it throws.
export function randomHex(count) {
  const bytes = new natives.Uint8Array(count);
  natives.apply(natives.getRandomValues, natives.crypto, [bytes]);
  let hex = '';
  for (let i = 0; i < count; i++) hex += natives.apply(natives.stringSlice, natives.apply(natives.numberToString, 256 + bytes[i], [16]), [1]);
  return hex;
}

// list.push(item) with the captured push.
// Defined, not set: a page's Array.prototype accessor for that index would take a set item and
// answer its own.
export function push(list, item) {
  objectDefineProperty(list, list.length, { __proto__: null, value: item, writable: true, enumerable: true, configurable: true });
}

// map.get(key), map.set(key, value), map.has(key) of a WeakMap, with the captured methods.
export const weakGet = (map, key) => natives.apply(natives.weakMapGet, map, [key]);
export const weakSet = (map, key, value) => natives.apply(natives.weakMapSet, map, [key, value]);
export const weakHas = (map, key) => natives.apply(natives.weakMapHas, map, [key]);
// The same of a Map, and map.delete(key).
export const mapValue = (map, key) => natives.apply(natives.mapGet, map, [key]);
export const mapPut = (map, key, value) => natives.apply(natives.mapSet, map, [key, value]);
export const mapHolds = (map, key) => natives.apply(natives.mapHas, map, [key]);
export const mapRemove = (map, key) => natives.apply(natives.mapDelete, map, [key]);

// A copy of `list` made by index (not by the array iterator, which a page can replace).
export function copy(list) {
  const out = [];
  for (let i = 0; i < list.length; i++) push(out, list[i]);
  return out;
}

// A copy of a call's arguments with one replaced: the shim converts a URL or key once and
// hands the browser that string, so an object cannot show the check one value and the
// native call another.
export function withArgument(args, index, value) {
  const out = [];
  for (let i = 0; i < args.length; i++) push(out, i === index ? value : args[i]);
  return out;
}

// Promise.resolve / reject of `realm`, read once: a wrapper installed in a frame returns that
// frame's promises, as the native would.
export function realmPromises(realm) {
  const P = realm.Promise;
  const { resolve, reject } = P;
  return { resolve: (value) => natives.apply(resolve, P, [value]), reject: (error) => natives.apply(reject, P, [error]) };
}

// fn(element, index) for every element, by index. Code that runs once page scripts have
// started (installing a frame's realm, a hook) does not use the array iterator: a page can
// replace it.
export function each(list, fn) {
  for (let i = 0; i < list.length; i++) fn(list[i], i);
}

// An object with a method per key of `keys` that builds the real object at the first call of
// any of them (`build()`, once) and hands the call on. Arguments travel by apply, never by
// spread: a page may have replaced the array iterator.
export function lazyFace(keys, build) {
  let real = null;
  const face = {};
  each(keys, (key) => {
    face[key] = (...args) => {
      if (!real) real = build();
      return natives.apply(real[key], real, args);
    };
  });
  return face;
}

// `value.then(onOk, onErr)` with the captured Promise.prototype.then.
export function then(promise, onOk, onErr) {
  return natives.apply(natives.promiseThen, promise, [onOk, onErr]);
}
