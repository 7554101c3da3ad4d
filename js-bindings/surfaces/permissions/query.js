// navigator.permissions.query({ name }): the PermissionStatus it returns reads "denied" while
// the shim refuses what the name stands for (the engine maps names to surfaces), and the
// browser's own state otherwise, so a page that checks before asking is told the truth about
// what it would get. The state is asked at every read: consent given or withdrawn later shows
// at once. `onchange` stays the browser's: it fires for the browser's changes only.
import { isObject, natives, protoOf, then, weakGet, weakSet } from '../../natives.js';
import { wrapGetter, wrapMethod } from '../../wrap.js';

const { apply } = natives;

// The descriptor read once: the browser gets this copy, so a getter cannot show the shim one
// name and the browser another. PermissionDescriptor and the dictionaries that extend it
// (push, midi, camera). The copy has no prototype: a setter and getter the page put on
// Object.prototype under `name` would take the value and answer the browser and the shim
// differently. Self-contained (a worker's bootstrap runs its source too): `n` holds
// { String, create }.
export function readDescriptor(n, descriptor) {
  const MEMBERS = ['name', 'userVisibleOnly', 'sysex', 'panTiltZoom', 'allowWithoutGesture', 'allowWithoutSanitization'];
  const copy = n.create(null);
  for (let i = 0; i < MEMBERS.length; i++) {
    const member = MEMBERS[i];
    const value = descriptor[member];
    if (value !== undefined) copy[member] = value;
  }
  const { name } = copy;
  if (name !== undefined && typeof name !== 'string' && typeof name !== 'symbol') copy.name = n.String(name);
  return copy;
}
const descriptorNatives = { String: natives.String, create: natives.create };

export function installPermissionQuery(ctx, realm, tools) {
  const proto = protoOf(realm, 'Permissions');
  const statusProto = protoOf(realm, 'PermissionStatus');
  if (!proto || !statusProto) return;
  // status → the name it was queried for
  const names = new natives.WeakMap();

  wrapMethod(proto, 'query', (original, self, args) => {
    const descriptor = args[0];
    if (!isObject(descriptor)) return apply(original, self, args); // the browser's own TypeError
    let copy;
    try {
      copy = readDescriptor(descriptorNatives, descriptor);
    } catch (error) {
      return tools.reject(error);
    }
    return then(apply(original, self, [copy]), (status) => {
      if (typeof copy.name === 'string') weakSet(names, status, copy.name);
      return status;
    });
  });

  wrapGetter(statusProto, 'state', (original, self) => {
    const name = weakGet(names, self);
    return name !== undefined && ctx.core.permissionDenied(name) ? 'denied' : apply(original, self, []);
  });
}
