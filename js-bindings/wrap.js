// Replaces browser functions in a way a script cannot tell from the native ones:
// the property keeps its descriptor's shape (a method stays a writable, configurable,
// non-enumerable data property of the prototype; a getter stays a getter), the wrapper
// is not constructible (a wrapped constructor stays one), keeps `name`, `length` and the
// native's [[Prototype]] (the Function.prototype of the native's realm), and
// Function.prototype.toString reports the native source for it, from every realm the kit
// has disguised. SDKs check exactly this (veRTC's NativeDetector).

// The kit refers to nothing outside its own body and reads the built-ins it needs when it
// is called: the page calls it once, below, before any page script; a worker's bootstrap
// runs the same source (realms/worker-boot.js) before the worker's own script.
export function createWrapKit() {
  const apply = Reflect.apply;
  const { defineProperty, getOwnPropertyDescriptor, getOwnPropertyNames, getPrototypeOf, setPrototypeOf } = Object;
  const weakMapGet = WeakMap.prototype.get;
  const weakMapSet = WeakMap.prototype.set;
  // wrapper → the native function whose source it reports.
  const disguises = new WeakMap();
  // Function.prototype objects whose toString is disguised already.
  const disguisedRealms = new WeakMap();

  // Only what differs is changed: a wrapper is made by hundreds at boot, and setting a
  // function's [[Prototype]] or name costs more than comparing them.
  function disguise(wrapper, original) {
    if (wrapper.name !== original.name) defineProperty(wrapper, 'name', { __proto__: null, value: original.name, configurable: true });
    defineProperty(wrapper, 'length', { __proto__: null, value: original.length, configurable: true });
    // A wrapper put into another realm is an instance of that realm's Function.
    const proto = getPrototypeOf(original);
    if (getPrototypeOf(wrapper) !== proto) setPrototypeOf(wrapper, proto);
    // A wrapper of a wrapper (a worker's network wrapper, wrapped again by worker-scope.js) reports the native's source.
    apply(weakMapSet, disguises, [wrapper, apply(weakMapGet, disguises, [original]) || original]);
    return wrapper;
  }

  // A method-shorthand function is not a constructor and has no `prototype`, like a
  // native method; `new wrapper()` throws TypeError as `new native()` does.
  const methodNamed = (name, body) => ({ [name](...args) { return body(this, args); } })[name];
  const getterNamed = (name, body) => getOwnPropertyDescriptor({ get [name]() { return body(this); } }, name).get;
  const setterNamed = (name, body) => getOwnPropertyDescriptor({ set [name](value) { body(this, value); } }, name).set;

  // Wraps the method `name` of `target`. `behave(original, self, args)` is called in
  // place of the native; it decides what to do with the original. Returns the original,
  // or undefined when the target has no such method (the surface is then absent).
  function wrapMethod(target, name, behave) {
    const desc = target ? getOwnPropertyDescriptor(target, name) : undefined;
    if (!desc || typeof desc.value !== 'function') return undefined;
    const original = desc.value;
    const wrapper = disguise(methodNamed(name, (self, args) => behave(original, self, args)), original);
    // The native's own descriptor with the wrapper in its place: the same shape. No prototype:
    // a page's Object.prototype.get must not turn it into an accessor or make this throw (the
    // lazily wrapped WebGL interfaces are wrapped after the page's scripts ran).
    defineProperty(target, name, { __proto__: null, ...desc, value: wrapper });
    return original;
  }

  // Wraps one half (`kind`: 'get' or 'set') of the accessor property `name` of `target`; it
  // stays an accessor, the other half untouched. `behave(original, self[, value])` runs in
  // place of the native. Returns the original function or undefined.
  function wrapAccessor(target, name, kind, behave) {
    const desc = target ? getOwnPropertyDescriptor(target, name) : undefined;
    if (!desc || typeof desc[kind] !== 'function') return undefined;
    const original = desc[kind];
    const wrapper = disguise(kind === 'get'
      ? getterNamed(name, (self) => behave(original, self))
      : setterNamed(name, (self, value) => behave(original, self, value)), original);
    defineProperty(target, name, { __proto__: null, ...desc, [kind]: wrapper });
    return original;
  }

  // Wraps the constructor `name` of `target` (a global object). Called without `new`, the
  // native throws its own TypeError; with it, `behave(original, args, newTarget)` builds the
  // object (newTarget is the native itself unless a subclass is being constructed). The
  // wrapper shares the native's prototype object, whose `constructor` now names the wrapper,
  // and carries the native's static properties (wrap those on the returned wrapper).
  function wrapConstructor(target, name, behave) {
    const desc = target ? getOwnPropertyDescriptor(target, name) : undefined;
    if (!desc || typeof desc.value !== 'function') return undefined;
    const original = desc.value;
    const wrapper = disguise(({ [name]: function (...args) {
      if (new.target === undefined) return apply(original, this, args);
      return behave(original, args, new.target === wrapper ? original : new.target);
    } })[name], original);
    const keys = getOwnPropertyNames(original);
    for (let i = 0; i < keys.length; i++) {
      if (keys[i] !== 'name' && keys[i] !== 'length') defineProperty(wrapper, keys[i], { __proto__: null, ...getOwnPropertyDescriptor(original, keys[i]) });
    }
    const proto = original.prototype;
    const ctor = proto && getOwnPropertyDescriptor(proto, 'constructor');
    if (ctor && ctor.value === original) defineProperty(proto, 'constructor', { __proto__: null, ...ctor, value: wrapper });
    defineProperty(target, name, { __proto__: null, ...desc, value: wrapper });
    return wrapper;
  }

  // Function.prototype.toString itself: reports the native source for every wrapper,
  // including itself, and otherwise behaves exactly like the original (same TypeError on
  // a non-function receiver). `realm`: the global object whose Function.prototype gets the
  // disguise (once per realm); every disguised realm knows every wrapper of the kit.
  function installToStringDisguise(realm) {
    const target = realm.Function.prototype;
    if (apply(weakMapGet, disguisedRealms, [target])) return;
    apply(weakMapSet, disguisedRealms, [target, true]);
    wrapMethod(target, 'toString', (original, self, args) => {
      // A wrapper's native (nothing for anything else: the WeakMap answers undefined).
      return apply(original, apply(weakMapGet, disguises, [self]) || self, args);
    });
  }

  const isWrapper = (fn) => apply(weakMapGet, disguises, [fn]) !== undefined;

  return { wrapMethod, wrapGetter: (target, name, behave) => wrapAccessor(target, name, 'get', behave),
    wrapSetter: (target, name, behave) => wrapAccessor(target, name, 'set', behave),
    wrapConstructor, installToStringDisguise, isWrapper };
}

const kit = createWrapKit();
export const { wrapMethod, wrapGetter, wrapSetter, wrapConstructor, installToStringDisguise, isWrapper } = kit;
