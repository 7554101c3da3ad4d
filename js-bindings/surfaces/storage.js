// Cookie-free mode (the engine decides: wasm/core/engine.hpp, storage_policy.hpp).
// - document.cookie writes and cookieStore.set are dropped (cookieStore.set still resolves,
//   as a drop elsewhere looks like success); reads show the cookies that exist, and the
//   dropped ones never do.
// - localStorage / sessionStorage writes of an SDK-declared key or an identifier-like value
//   live in a per-area Map in page memory: the page reads them back until it unloads, and
//   any copy already on the device is removed. Everything else is stored as usual.
import { hasBrand, natives, read } from '../natives.js';
import { wrapMethod, wrapSetter } from '../wrap.js';

const { apply } = natives;
const g = natives.global;

function installCookies(core) {
  if (g.Document) {
    wrapSetter(g.Document.prototype, 'cookie', (original, self, value) => {
      if (core.allowCookieWrite('document.cookie')) apply(original, self, [value]);
    });
  }
  if (g.CookieStore) {
    wrapMethod(g.CookieStore.prototype, 'set', (original, self, args) => (core.allowCookieWrite('cookieStore.set')
      ? apply(original, self, args) : natives.promiseResolve(undefined)));
  }
}

function installWebStorage(core) {
  if (!natives.Storage) return;
  // The page's two Storage objects, read with the captured getters (an opaque origin throws).
  const is = (descriptor, storage) => {
    try {
      return !!(descriptor && descriptor.get) && read(descriptor, g) === storage;
    } catch {
      return false;
    }
  };
  const areaOf = (storage) => (is(natives.localStorage, storage) ? 'localStorage'
    : is(natives.sessionStorage, storage) ? 'sessionStorage' : 'storage');
  // Storage object → { area, memory: Map }; the area name is worked out once per object.
  const held = new natives.WeakMap();
  const stateOf = (storage) => {
    let s = apply(natives.weakMapGet, held, [storage]);
    if (!s) {
      s = { area: areaOf(storage), memory: new natives.Map() };
      apply(natives.weakMapSet, held, [storage, s]);
    }
    return s;
  };
  // A real Storage, by the native length getter (instanceof could be steered by the page).
  const isStorage = (self) => hasBrand(natives.storageLength, self);
  const proto = natives.Storage.prototype;
  wrapMethod(proto, 'setItem', (original, self, args) => {
    // Too few arguments, or a receiver that is not a Storage: the native call throws.
    if (args.length < 2 || !isStorage(self)) return apply(original, self, args);
    // Converted once; the native call gets these strings, not the objects again.
    const key = natives.String(args[0]);
    const value = natives.String(args[1]);
    const s = stateOf(self);
    if (core.decideStorage(s.area, key, value)) {
      apply(natives.mapSet, s.memory, [key, value]);
      apply(natives.storageRemoveItem, self, [key]);
      return undefined;
    }
    apply(natives.mapDelete, s.memory, [key]);
    return apply(original, self, [key, value]);
  });
  wrapMethod(proto, 'getItem', (original, self, args) => {
    if (args.length < 1 || !isStorage(self)) return apply(original, self, args);
    const key = natives.String(args[0]);
    const memory = stateOf(self).memory;
    return apply(natives.mapHas, memory, [key]) ? apply(natives.mapGet, memory, [key]) : apply(original, self, [key]);
  });
  wrapMethod(proto, 'removeItem', (original, self, args) => {
    if (args.length < 1 || !isStorage(self)) return apply(original, self, args);
    const key = natives.String(args[0]);
    apply(natives.mapDelete, stateOf(self).memory, [key]);
    return apply(original, self, [key]);
  });
  wrapMethod(proto, 'clear', (original, self, args) => {
    if (isStorage(self)) apply(natives.mapClear, stateOf(self).memory, []);
    return apply(original, self, args);
  });
}

export function installStorage(ctx) {
  const { core } = ctx;
  core.setGlobalPrivacyControl(!!(g.navigator && g.navigator.globalPrivacyControl === true));
  installCookies(core);
  installWebStorage(core);
}
