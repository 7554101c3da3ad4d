// What the permission surfaces build for one realm: its own promises, errors and tasks (an
// answer handed to a frame's script is made of that frame's objects, as the browser's would
// be), and look-alikes of objects the browser cannot be asked to construct.
import { globalProto, natives, weakGet, weakSet } from '../../natives.js';
import { wrapGetter, wrapMethod } from '../../wrap.js';

const { apply, create, getOwnPropertyDescriptor } = natives;
const ownNames = Object.getOwnPropertyNames;

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
  const dispatch = globalProto('EventTarget', realm).dispatchEvent;

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

// Objects of the interface whose prototype is `proto` that the browser cannot be asked to
// construct. Like the browser's own, they have no own property: the prototype's getters and
// its toJSON, wrapped once here, answer from the object's fields for them and natively for
// the browser's objects. `adopt(object, fields, json)` registers `object` (of `proto` or a
// subclass): `fields` (null-prototype, kept live: a later change is what the getters answer)
// has a value for every getter; `json` (optional) is what toJSON returns. `make(fields, json)`
// adopts a new object of `proto`; `fieldsOf(object)` is undefined for anything not adopted.
export function lookAlikes(proto) {
  const records = new natives.WeakMap(); // look-alike → { fields, json }
  const recordOf = (self) => weakGet(records, self);
  const names = proto ? ownNames(proto) : [];
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    wrapGetter(proto, name, (original, self) => {
      const record = recordOf(self);
      return record ? record.fields[name] : apply(original, self, []);
    });
  }
  wrapMethod(proto, 'toJSON', (original, self, args) => {
    const record = recordOf(self);
    return record && record.json ? record.json() : apply(original, self, args);
  });
  const adopt = (object, fields, json) => {
    weakSet(records, object, { fields, json });
    return object;
  };
  return {
    adopt,
    make: (fields, json) => adopt(create(proto), fields, json),
    fieldsOf: (object) => {
      const record = recordOf(object);
      return record ? record.fields : undefined;
    },
  };
}
