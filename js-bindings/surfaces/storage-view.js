// Named properties of localStorage / sessionStorage (`localStorage.RTC_DEVICE_ID = id`,
// `localStorage['k']`, `delete localStorage.k`, `Object.keys(localStorage)`) are the Storage
// methods by another name, but they never call them. The page therefore gets a view of each
// area: a Proxy whose traps go through the Storage methods as storage.js wrapped them, so a
// named write meets the same cookie-free decision as setItem. Which accesses are items is
// the browser's (Chromium's) rule: a string key that is not on the area's prototype chain.
// Anything else (symbols, `length`, `getItem`, a write through another receiver) is passed to
// the area itself, which treats it as the browser would; it never reaches the device.
import { each, natives, protoOf, push, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod } from '../wrap.js';

const { apply, objectHasOwn: hasOwn } = natives;
const R = {
  get: Reflect.get, set: Reflect.set, has: Reflect.has, ownKeys: Reflect.ownKeys, deleteProperty: Reflect.deleteProperty,
  defineProperty: Reflect.defineProperty, getOwnPropertyDescriptor: Reflect.getOwnPropertyDescriptor,
  getPrototypeOf: Reflect.getPrototypeOf,
};
const ProxyCtor = Proxy;
// StorageEventInit with the EventInit members, in the order WebIDL reads a dictionary.
const EVENT_INIT = ['bubbles', 'cancelable', 'composed', 'key', 'newValue', 'oldValue', 'storageArea', 'url'];

// Whether `key` names an item of `area` rather than a property.
function isItemKey(area, key) {
  if (typeof key !== 'string') return false;
  const proto = R.getPrototypeOf(area);
  return proto === null || !R.has(proto, key);
}

// `viewed`: view → area, shared with storage.js so its wrappers act on the area.
// `memoryKeys(area)`: the keys storage.js holds in page memory for that area.
export function installStorageViews(realm, viewed, memoryKeys) {
  const proto = protoOf(realm, 'Storage');
  if (!proto) return;
  // The wrapped methods, as storage.js left them (before any page script runs).
  const { getItem, setItem, removeItem } = proto;
  const views = new natives.WeakMap();  // area → its view
  const isView = (area, receiver) => weakGet(views, area) === receiver;

  const handler = {
    get(area, key) {
      if (isItemKey(area, key)) {
        const item = apply(getItem, area, [key]);
        if (item !== null) return item;
      }
      return R.get(area, key, area);
    },
    // Through another receiver (an object whose prototype is the view, Reflect.set's fourth
    // argument) the browser sets the property on that receiver, not an item.
    set(area, key, value, receiver) {
      if (!isView(area, receiver)) return R.set(area, key, value, receiver);
      if (!isItemKey(area, key)) return R.set(area, key, value, area);
      apply(setItem, area, [key, value]);
      return true;
    },
    // A data (or generic) descriptor sets the item to its value (undefined: "undefined"); an
    // accessor is refused (Object.defineProperty throws its TypeError). Own fields only: the
    // page may have put a `value` on Object.prototype.
    defineProperty(area, key, desc) {
      if (!isItemKey(area, key)) return R.defineProperty(area, key, desc);
      if (apply(hasOwn, desc, ['get']) || apply(hasOwn, desc, ['set'])) return false;
      apply(setItem, area, [key, apply(hasOwn, desc, ['value']) ? desc.value : undefined]);
      return true;
    },
    deleteProperty(area, key) {
      if (!isItemKey(area, key)) return R.deleteProperty(area, key);
      apply(removeItem, area, [key]);
      return true;
    },
    has(area, key) {
      return (isItemKey(area, key) && apply(getItem, area, [key]) !== null) || R.has(area, key);
    },
    // The browser lists the area's keys; the ones held in page memory are added to them.
    ownKeys(area) {
      const keys = R.ownKeys(area);
      const held = memoryKeys(area);
      for (let i = 0; i < held.length; i++) {
        if (!R.getOwnPropertyDescriptor(area, held[i])) push(keys, held[i]);
      }
      return keys;
    },
    getOwnPropertyDescriptor(area, key) {
      const own = R.getOwnPropertyDescriptor(area, key);
      if (own || !isItemKey(area, key)) return own;
      const item = apply(getItem, area, [key]);
      return item === null ? undefined : { value: item, writable: true, enumerable: true, configurable: true };
    },
  };

  const viewOf = (area) => {
    if (area === null || typeof area !== 'object') return area;
    let view = weakGet(views, area);
    if (!view) {
      view = new ProxyCtor(area, handler);
      weakSet(views, area, view);
      weakSet(viewed, view, area);
    }
    return view;
  };
  // window.localStorage / sessionStorage (own accessors of the window in Chromium, on
  // Window.prototype elsewhere) and StorageEvent#storageArea hand out the view.
  const names = ['localStorage', 'sessionStorage'];
  for (let i = 0; i < names.length; i++) {
    const owner = R.getOwnPropertyDescriptor(realm, names[i]) ? realm : protoOf(realm, 'Window');
    wrapGetter(owner, names[i], (original, self) => viewOf(apply(original, self, [])));
  }
  if (!realm.StorageEvent) return;
  wrapGetter(realm.StorageEvent.prototype, 'storageArea', (original, self) => viewOf(apply(original, self, [])));
  // A view given back to the browser as a storage event's area is that area: the browser
  // takes nothing but a real Storage there, and would throw on the view.
  const areaOf = (value) => weakGet(viewed, value) || value;
  wrapConstructor(realm, 'StorageEvent', (original, args, newTarget) => {
    const init = args[1];
    if (init === null || typeof init !== 'object') return natives.construct(original, args, newTarget);
    // The dictionary read once, member by member in the order the browser reads it; the
    // copy has no prototype, so the browser finds in it exactly what was read.
    const copy = natives.create(null);
    each(EVENT_INIT, (name) => {
      const value = init[name];
      if (value !== undefined) copy[name] = name === 'storageArea' ? areaOf(value) : value;
    });
    return natives.construct(original, withArgument(args, 1, copy), newTarget);
  });
  wrapMethod(realm.StorageEvent.prototype, 'initStorageEvent', (original, self, args) => (args.length > 7
    ? apply(original, self, withArgument(args, 7, areaOf(args[7]))) : apply(original, self, args)));
}
