// The permission surfaces a worker has: `new Notification()` (which shows a notification from
// a worker too, once the site holds the browser's permission), Notification.permission and
// navigator.permissions.query's states. Their answers return at once and cannot ask the page's
// engine: the page tells each worker which permission names the shim refuses now
// (deniedPermissions, sent again after each consent change), and a refused notification is a
// stand-in that shows nothing and fires `error`, as in the page (notifications.js). A shared
// worker, whose bootstrap may be stale, refuses every name until its first message. Each
// `new Notification()` is recorded by the page (notifications.record).
import { natives, weakGet, weakSet } from '../../natives.js';
import { extendWorkers } from '../../realms/workers.js';
import { source } from '../../realms/worker-boot.js';
import { HANDLER_TYPES, notificationValues } from './notifications.js';
import { readDescriptor } from './query.js';

const guarded = new natives.WeakMap();  // ctx → its workers' permission surfaces are guarded

export function guardWorkerPermissions(ctx) {
  if (weakGet(guarded, ctx)) return;
  weakSet(guarded, ctx, true);
  extendWorkers(ctx, {
    services: { 'notifications.record': () => { ctx.decide('notifications'); } },
    config: { notificationHandlers: HANDLER_TYPES },
    live: { deniedPermissions: () => ctx.core.deniedPermissions() },
    statement: `  (${source(workerPermissions)})(kit, config, channel, w, ${source(notificationValues)}, ${source(readDescriptor)});`,
  });
}

// Worker side (self-contained: its source runs in the worker bootstrap, before the worker's script).
export function workerPermissions(kit, config, channel, w, notificationValues, readDescriptor) {
  const { apply, has } = w;
  const scope = self;
  let denied = null;  // name → true; null: every name refused
  const learn = (list) => {
    denied = null;
    if (!w.isArray(list)) return;
    const names = w.create(null);
    for (let i = 0; i < list.length; i++) if (typeof list[i] === 'string') names[list[i]] = true;
    denied = names;
  };
  if (!config.shared) learn(config.deniedPermissions);
  channel.onPush((push) => {
    if (!has(push, 'deniedPermissions')) return;
    config.deniedPermissions = push.deniedPermissions;  // what the workers this one creates start with
    learn(push.deniedPermissions);
  });
  const refused = (name) => denied === null || denied[name] === true;
  const WeakMapCtor = WeakMap;
  const weakGet = WeakMap.prototype.get;
  const weakSet = WeakMap.prototype.set;
  const isObject = (value) => value !== null && (typeof value === 'object' || typeof value === 'function');

  const Permissions = scope.Permissions;
  const Status = scope.PermissionStatus;
  if (typeof Permissions === 'function' && typeof Status === 'function') {
    const names = new WeakMapCtor();  // status → the name it was queried for
    const promiseThen = Promise.prototype.then;
    const descriptorNatives = { String, create: w.create };
    kit.wrapMethod(Permissions.prototype, 'query', (original, me, args) => {
      if (!isObject(args[0])) return apply(original, me, args);  // the browser's own TypeError
      let copy;
      try {
        copy = readDescriptor(descriptorNatives, args[0]);
      } catch (error) {
        return new w.Promise((resolve, reject) => reject(error));
      }
      return apply(promiseThen, apply(original, me, [copy]), [(status) => {
        if (typeof copy.name === 'string') apply(weakSet, names, [status, copy.name]);
        return status;
      }]);
    });
    kit.wrapGetter(w.ownerOf(Status.prototype, 'state'), 'state', (original, me) => {
      const own = apply(original, me, []);  // the browser's receiver check first
      const name = apply(weakGet, names, [me]);
      return name !== undefined && refused(name) ? 'denied' : own;
    });
  }

  const NotificationCtor = scope.Notification;
  if (typeof NotificationCtor !== 'function') return;
  const proto = NotificationCtor.prototype;
  const EventTargetCtor = scope.EventTarget;
  const dispatch = EventTargetCtor.prototype.dispatchEvent;
  const EventCtor = scope.Event;
  const TypeErrorCtor = TypeError;
  const setTimeoutFn = scope.setTimeout;
  const valueNatives = { create: w.create, freeze: w.freeze, now: Date.now };
  // Read as the bootstrap runs, before the worker's script: its own names only.
  const HANDLERS = config.notificationHandlers;
  const standIns = new WeakMapCtor();  // stand-in → its attributes and handlers
  const skip = () => {};
  const wrapper = kit.wrapConstructor(scope, 'Notification', (original, args, newTarget) => {
    if (args.length === 0) return w.construct(original, args, newTarget);  // the browser's TypeError
    channel.ask('notifications.record', null, skip, skip);
    if (!refused('notifications')) return w.construct(original, args, newTarget);
    const values = notificationValues(valueNatives, args[0], args[1], (message) => new TypeErrorCtor(message));
    const notification = w.construct(EventTargetCtor, [], newTarget);
    apply(weakSet, standIns, [notification, values]);
    apply(setTimeoutFn, scope, [() => apply(dispatch, notification, [new EventCtor('error')]), 0]);
    return notification;
  });
  if (!wrapper) return;
  kit.wrapGetter(wrapper, 'permission', (original, me) => (refused('notifications') ? 'denied' : apply(original, me, [])));
  // The prototype's attributes answer for stand-ins; for real notifications, the native.
  const isStandIn = (me) => apply(weakGet, standIns, [me]) !== undefined;
  const names = Object.getOwnPropertyNames(proto);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const d = w.getOwnPropertyDescriptor(proto, name);
    if (!d || typeof d.get !== 'function') continue;
    if (has(HANDLERS, name)) {
      w.handler(proto, name, isStandIn);
      continue;
    }
    kit.wrapGetter(proto, name, (original, me) => {
      const values = apply(weakGet, standIns, [me]);
      return values ? values[name] : apply(original, me, []);
    });
  }
  kit.wrapMethod(proto, 'close', (original, me, args) => (apply(weakGet, standIns, [me]) ? undefined : apply(original, me, args)));
}
