// What the permission surfaces build for one realm: its own promises, errors and tasks (an
// answer handed to a frame's script is made of that frame's objects, as the browser's would
// be), and look-alikes of objects the browser cannot be asked to construct.
import { natives } from '../../natives.js';
import { wrapMethod } from '../../wrap.js';

const { apply, create, defineProperty, getOwnPropertyDescriptor, keys } = natives;

export const isObject = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');

// The getter of `name` on `proto`, or undefined.
export function getterOf(proto, name) {
  const desc = proto ? getOwnPropertyDescriptor(proto, name) : undefined;
  return desc && typeof desc.get === 'function' ? desc.get : undefined;
}

export function realmTools(realm) {
  const RealmPromise = realm.Promise;
  const promiseResolve = RealmPromise.resolve;
  const promiseReject = RealmPromise.reject;
  const { DOMException, TypeError } = realm;
  const setTimeout = realm.setTimeout;
  const eventCtor = realm.Event;
  const dispatch = realm.EventTarget && realm.EventTarget.prototype.dispatchEvent;

  return {
    resolve: (value) => apply(promiseResolve, RealmPromise, [value]),
    reject: (error) => apply(promiseReject, RealmPromise, [error]),
    notAllowed: (message) => new DOMException(message, 'NotAllowedError'),
    typeError: (message) => new TypeError(message),
    // Callbacks the browser would call from a task of its own.
    task: (fn) => apply(setTimeout, realm, [fn, 0]),
    // Fires a plain event of `type` at `target` from a task (as the browser reports a refusal).
    fireLater(target, type) {
      apply(setTimeout, realm, [() => apply(dispatch, target, [new eventCtor(type)]), 0]);
    },
  };
}

// A wrapper body for wrapMethod: the native call when the engine allows `surface`, else
// `refuse(args, self)` (what the browser answers when it refuses). Each call is recorded.
export function gated(ctx, surface, refuse) {
  return (original, self, args) => (ctx.decide(surface).action === 'allow' ? apply(original, self, args) : refuse(args, self));
}

// Makes objects of the interface whose prototype is `proto` (captured now, with its toJSON):
// `make(fields, json)` holds `fields` as read-only non-enumerable own values, so that, as with
// the browser's own (whose attributes live on the prototype), Object.keys and JSON.stringify
// show nothing of them; `json` (optional) is what its toJSON returns when the interface has one.
export function lookAlikes(proto) {
  const nativeToJSON = proto ? proto.toJSON : undefined;
  return (fields, json) => {
    const object = create(proto);
    const names = keys(fields);
    for (let i = 0; i < names.length; i++) defineProperty(object, names[i], { value: fields[names[i]] });
    if (json && typeof nativeToJSON === 'function') {
      // The native method in place first, so that the wrapper reports its source and shape.
      defineProperty(object, 'toJSON', { value: nativeToJSON, writable: true, configurable: true });
      wrapMethod(object, 'toJSON', () => json());
    }
    return object;
  };
}
