// Named properties of localStorage / sessionStorage (`localStorage.RTC_DEVICE_ID = id`,
// `localStorage['k']`, `delete localStorage.k`, `Object.keys(localStorage)`) are the Storage
// methods by another name, but they never call them. The page therefore gets a view of each
// area: a Proxy whose traps go through the Storage methods as storage.js wrapped them, so a
// named write meets the same cookie-free decision as setItem. Everything that is not a string
// key (symbols, the prototype's members when read) behaves as on the area itself.
import { natives } from '../natives.js';
import { wrapGetter } from '../wrap.js';

const { apply } = natives;
const R = {
  get: Reflect.get, set: Reflect.set, has: Reflect.has, ownKeys: Reflect.ownKeys, deleteProperty: Reflect.deleteProperty,
  defineProperty: Reflect.defineProperty, getOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor,
};
const ProxyCtor = Proxy;

// `viewed`: view → area, shared with storage.js so its wrappers act on the area.
// `memoryKeys(area)`: the keys storage.js holds in page memory for that area.
export function installStorageViews(realm, viewed, memoryKeys) {
  const proto = realm.Storage && realm.Storage.prototype;
  if (!proto) return;
  // The wrapped methods, as storage.js left them (before any page script runs).
  const { getItem, setItem, removeItem } = proto;
  const views = new natives.WeakMap();  // area → its view

  const handler = {
    get(area, key) {
      if (typeof key === 'string' && !R.has(proto, key)) {
        const item = apply(getItem, area, [key]);
        if (item !== null) return item;
      }
      return R.get(area, key, area);
    },
    // A string key is an item even when the prototype has a member of that name, as in the browser.
    set(area, key, value) {
      if (typeof key !== 'string') return R.set(area, key, value, area);
      apply(setItem, area, [key, natives.String(value)]);
      return true;
    },
    defineProperty(area, key, desc) {
      if (typeof key !== 'string' || !desc || !('value' in desc)) return R.defineProperty(area, key, desc);
      apply(setItem, area, [key, natives.String(desc.value)]);
      return true;
    },
    deleteProperty(area, key) {
      if (typeof key !== 'string') return R.deleteProperty(area, key);
      apply(removeItem, area, [key]);
      return true;
    },
    has(area, key) {
      return (typeof key === 'string' && apply(getItem, area, [key]) !== null) || R.has(area, key);
    },
    // The browser lists the area's keys; the ones held in page memory are added to them.
    ownKeys(area) {
      const keys = R.ownKeys(area);
      const held = memoryKeys(area);
      for (let i = 0; i < held.length; i++) {
        if (!R.getOwnPropertyDescriptor(area, held[i])) apply(natives.arrayPush, keys, [held[i]]);
      }
      return keys;
    },
    getOwnPropertyDescriptor(area, key) {
      const own = R.getOwnPropertyDescriptor(area, key);
      if (own || typeof key !== 'string' || R.has(proto, key)) return own;
      const item = apply(getItem, area, [key]);
      return item === null ? undefined : { value: item, writable: true, enumerable: true, configurable: true };
    },
  };

  const viewOf = (area) => {
    if (area === null || typeof area !== 'object') return area;
    let view = apply(natives.weakMapGet, views, [area]);
    if (!view) {
      view = new ProxyCtor(area, handler);
      apply(natives.weakMapSet, views, [area, view]);
      apply(natives.weakMapSet, viewed, [view, area]);
    }
    return view;
  };
  // window.localStorage / sessionStorage (own accessors of the window in Chromium, on
  // Window.prototype elsewhere) and StorageEvent#storageArea hand out the view.
  const names = ['localStorage', 'sessionStorage'];
  for (let i = 0; i < names.length; i++) {
    const owner = R.getOwnPropertyDescriptor(realm, names[i]) ? realm : realm.Window && realm.Window.prototype;
    wrapGetter(owner, names[i], (original, self) => viewOf(apply(original, self, [])));
  }
  if (realm.StorageEvent) {
    wrapGetter(realm.StorageEvent.prototype, 'storageArea', (original, self) => viewOf(apply(original, self, [])));
  }
}
