// Cookie-free mode (the engine decides: wasm/core/engine.hpp, storage_policy.hpp).
// - document.cookie writes and cookieStore.set are dropped (cookieStore.set still resolves,
//   as a drop elsewhere looks like success); reads show the cookies that exist, and the
//   dropped ones never do.
// - localStorage / sessionStorage writes of an SDK-declared key or an identifier-like value
//   live in a per-area Map in page memory: the page reads them back until it unloads, and
//   any copy already on the device is removed. Everything else is stored as usual.
import { gpcSignal } from '../gpc.js';
import { domString, each, globalProto, hasBrand, mapHolds, mapPut, mapRemove, mapValue, natives, protoOf, push, read, realmPromises, weakGet, weakHas, weakSet } from '../natives.js';
import { wrapGetter, wrapMethod, wrapSetter } from '../wrap.js';
import { installStorageViews } from './storage-view.js';

const { apply } = natives;

function installCookies(core, realm) {
  wrapSetter(protoOf(realm, 'Document'), 'cookie', (original, self, value) => {
    if (core.allowCookieWrite('document.cookie')) apply(original, self, [value]);
  });
  if (realm.CookieStore) {
    const promises = realmPromises(realm);
    wrapMethod(realm.CookieStore.prototype, 'set', (original, self, args) => (core.allowCookieWrite('cookieStore.set')
      ? apply(original, self, args) : promises.resolve(undefined)));
  }
}

// Storage object → its area name, for the two areas of every realm the shim is installed in
// (each window has its own Storage objects for the same areas). A realm's are read when a
// Storage the shim does not know yet is first used: reading them opens the areas.
const areaNames = new natives.WeakMap();
const unnamed = [];  // WeakRefs of realms whose Storage objects are not read yet
const WeakRefCtor = natives.global.WeakRef;
const { deref } = globalProto('WeakRef');
// core → what is held in memory: one Map per area for all the page's realms, as the area
// itself is one; another Storage object (none today) gets its own.
const memories = new natives.WeakMap();
// The page's view of an area (a Proxy, storage-view.js) → the area.
const viewed = new natives.WeakMap();
const mapForEach = natives.Map.prototype.forEach;

function nameAreas() {
  each(unnamed, (ref) => {
    const realm = apply(deref, ref, []);
    if (!realm) return;
    // Read with the captured getters (an opaque origin throws).
    each([[natives.localStorage, 'localStorage'], [natives.sessionStorage, 'sessionStorage']], (entry) => {
      try {
        const storage = entry[0] && entry[0].get ? read(entry[0], realm) : null;
        if (storage) weakSet(areaNames, storage, entry[1]);
      } catch { /* no such area here */ }
    });
  });
  unnamed.length = 0;
}

function installWebStorage(core, realm) {
  if (!realm.Storage) return;
  if (deref) push(unnamed, new WeakRefCtor(realm));
  let held = weakGet(memories, core);
  if (!held) {
    held = { localStorage: { area: 'localStorage', memory: new natives.Map() },
      sessionStorage: { area: 'sessionStorage', memory: new natives.Map() }, others: new natives.WeakMap() };
    weakSet(memories, core, held);
  }
  // Storage object → { area, memory: Map }.
  const stateOf = (storage) => {
    if (unnamed.length && !weakHas(areaNames, storage)) nameAreas();
    const area = weakGet(areaNames, storage);
    if (area) return held[area];
    let s = weakGet(held.others, storage);
    if (!s) {
      s = { area: 'storage', memory: new natives.Map() };
      weakSet(held.others, storage, s);
    }
    return s;
  };
  // A real Storage, by the native length getter (instanceof could be steered by the page).
  const isStorage = (self) => hasBrand(natives.storageLength, self);
  const proto = realm.Storage.prototype;
  // Methods called on the page's view of an area (storage-view.js) act on the area itself.
  const realOf = (self) => weakGet(viewed, self) || self;
  wrapMethod(proto, 'key', (original, self, args) => apply(original, realOf(self), args));
  wrapGetter(proto, 'length', (original, self) => apply(original, realOf(self), []));
  wrapMethod(proto, 'setItem', (original, self, args) => {
    self = realOf(self);
    // Too few arguments, or a receiver that is not a Storage: the native call throws.
    if (args.length < 2 || !isStorage(self)) return apply(original, self, args);
    // Converted once; the native call gets these strings, not the objects again.
    const key = domString(args[0]);
    const value = domString(args[1]);
    const s = stateOf(self);
    if (core.decideStorage(s.area, key, value)) {
      mapPut(s.memory, key, value);
      apply(natives.storageRemoveItem, self, [key]);
      return undefined;
    }
    mapRemove(s.memory, key);
    return apply(original, self, [key, value]);
  });
  wrapMethod(proto, 'getItem', (original, self, args) => {
    self = realOf(self);
    if (args.length < 1 || !isStorage(self)) return apply(original, self, args);
    const key = domString(args[0]);
    const memory = stateOf(self).memory;
    return mapHolds(memory, key) ? mapValue(memory, key) : apply(original, self, [key]);
  });
  wrapMethod(proto, 'removeItem', (original, self, args) => {
    self = realOf(self);
    if (args.length < 1 || !isStorage(self)) return apply(original, self, args);
    const key = domString(args[0]);
    mapRemove(stateOf(self).memory, key);
    return apply(original, self, [key]);
  });
  wrapMethod(proto, 'clear', (original, self, args) => {
    self = realOf(self);
    if (isStorage(self)) apply(natives.mapClear, stateOf(self).memory, []);
    return apply(original, self, args);
  });
  // The keys held in page memory for an area, for the named-property view.
  return (area) => {
    const keys = [];
    apply(mapForEach, stateOf(area).memory, [(value, key) => { push(keys, key); }]);
    return keys;
  };
}

export function installStorage(ctx, realm) {
  const { core } = ctx;
  const g = natives.global;
  if (realm === g) core.setGlobalPrivacyControl(gpcSignal());
  installCookies(core, realm);
  const memoryKeys = installWebStorage(core, realm);
  if (memoryKeys) installStorageViews(realm, viewed, memoryKeys);
}
