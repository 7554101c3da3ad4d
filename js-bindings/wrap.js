// Replaces browser functions in a way a script cannot tell from the native ones:
// the property keeps its descriptor's shape (a method stays a writable, configurable,
// non-enumerable data property of the prototype; a getter stays a getter), the wrapper
// is not constructible, keeps `name` and `length`, and Function.prototype.toString
// reports the native source for it. SDKs check exactly this (veRTC's NativeDetector).
import { natives } from './natives.js';

const { apply, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, weakMapGet, weakMapSet } = natives;
const ownKeys = Reflect.ownKeys;
const setPrototypeOf = Object.setPrototypeOf;

// wrapper → the native function whose source it reports.
const disguises = new natives.WeakMap();

function disguise(wrapper, original) {
  defineProperty(wrapper, 'name', { value: original.name, configurable: true });
  defineProperty(wrapper, 'length', { value: original.length, configurable: true });
  apply(weakMapSet, disguises, [wrapper, original]);
  return wrapper;
}

// A method-shorthand function is not a constructor and has no `prototype`, like a
// native method; `new wrapper()` throws TypeError as `new native()` does.
function methodNamed(name, body) {
  return { [name](...args) { return body(this, args); } }[name];
}
function getterNamed(name, body) {
  return getOwnPropertyDescriptor({ get [name]() { return body(this); } }, name).get;
}
function setterNamed(name, body) {
  return getOwnPropertyDescriptor({ set [name](value) { body(this, value); } }, name).set;
}

// Wraps the method `name` of `target`. `behave(original, self, args)` is called in
// place of the native; it decides what to do with the original. Returns the original,
// or undefined when the target has no such method (the surface is then absent).
export function wrapMethod(target, name, behave) {
  const desc = target ? getOwnPropertyDescriptor(target, name) : undefined;
  if (!desc || typeof desc.value !== 'function') return undefined;
  const original = desc.value;
  const wrapper = disguise(methodNamed(name, (self, args) => behave(original, self, args)), original);
  defineProperty(target, name, {
    value: wrapper, writable: desc.writable, enumerable: desc.enumerable, configurable: desc.configurable,
  });
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
  defineProperty(target, name, {
    get: kind === 'get' ? wrapper : desc.get,
    set: kind === 'set' ? wrapper : desc.set,
    enumerable: desc.enumerable,
    configurable: desc.configurable,
  });
  return original;
}

export function wrapGetter(target, name, behave) {
  return wrapAccessor(target, name, 'get', behave);
}

export function wrapSetter(target, name, behave) {
  return wrapAccessor(target, name, 'set', behave);
}

// Replaces the constructor `name` of `realm` (a global object) with one that stays a
// constructor: same prototype object (so instanceof and the prototype's methods are the
// native ones), same statics, `prototype.constructor` pointing back at it, and subclasses
// (`class X extends Ctor`) still get instances of X. Called without `new` it throws the
// native TypeError. `build(original, args, newTarget)` makes the instance. Returns the
// original, or undefined when the realm has no such constructor.
export function wrapConstructor(realm, name, build) {
  const desc = getOwnPropertyDescriptor(realm, name);
  if (!desc || typeof desc.value !== 'function') return undefined;
  const original = desc.value;
  const wrapper = disguise({
    [name]: function (...args) {
      return new.target === undefined ? apply(original, this, args) : build(original, args, new.target);
    },
  }[name], original);
  for (const key of ownKeys(original)) {
    if (key !== 'length' && key !== 'name') defineProperty(wrapper, key, getOwnPropertyDescriptor(original, key));
  }
  setPrototypeOf(wrapper, getPrototypeOf(original));
  const proto = original.prototype;
  defineProperty(proto, 'constructor', { ...getOwnPropertyDescriptor(proto, 'constructor'), value: wrapper });
  defineProperty(realm, name, { ...desc, value: wrapper });
  return original;
}

// Function.prototype.toString itself: reports the native source for every wrapper,
// including itself, and otherwise behaves exactly like the original (same TypeError on
// a non-function receiver).
// `realm`: the global object whose Function.prototype gets the disguise (once per realm).
const toStringInstalled = new natives.WeakMap();
export function installToStringDisguise(realm) {
  const target = realm.Function.prototype;
  if (apply(weakMapGet, toStringInstalled, [target])) return;
  apply(weakMapSet, toStringInstalled, [target, true]);
  wrapMethod(target, 'toString', (original, self, args) => {
    const target = typeof self === 'function' ? apply(weakMapGet, disguises, [self]) : undefined;
    return apply(original, target || self, args);
  });
}

export function isWrapper(fn) {
  return apply(weakMapGet, disguises, [fn]) !== undefined;
}
