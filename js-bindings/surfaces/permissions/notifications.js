// Notifications: Notification.requestPermission (promise and legacy callback forms),
// Notification.permission, new Notification(...), and the service-worker routes to the same
// permission (showNotification, pushManager.subscribe / permissionState).
//
// Refused, requestPermission answers "denied" without the browser's prompt, and the permission
// reads "denied" while the engine refuses. `new Notification()` then does what Chrome does
// when the permission is not granted: no exception, the object is returned and an `error`
// event fires on it from a task. The native constructor is never reached (it would show the
// notification when the browser's permission is granted), so the object is a stand-in: a real
// EventTarget whose prototype is Notification.prototype, answering the Notification getters
// from the title and options it was given, with working on* handlers and a close() that does
// nothing. The arguments are read and converted as the browser does before it looks at the
// permission (members in its order, its TypeErrors for what it cannot convert), so a call the
// browser would refuse throws here too. Simplified: `actions` and `vibrate` are read but
// reported empty (nothing is shown), `data` is kept rather than cloned, icon URLs are not
// resolved.
import { natives, protoOf } from '../../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod, wrapSetter } from '../../wrap.js';
import { standInHandlers } from '../../realms/worker-boot.js';
import { gated, lookAlikes } from './realm.js';

const { apply, construct, create, freeze } = natives;
// The stand-ins' on* handlers, kept as the browser keeps an event handler (in order with the
// listeners); the workers' stand-ins are kept by the same code. Made as the shim loads.
const standInHandler = standInHandlers({ wrapGetter, wrapSetter }, { apply });

const DENIED = 'denied';
// A notification's handler attributes and the events they handle (workers get them too).
export const HANDLER_TYPES = { __proto__: null, onclick: 'click', onshow: 'show', onerror: 'error', onclose: 'close' };
// Chrome's refusals on the service-worker routes.
const SHOW_DENIED = "Failed to execute 'showNotification' on 'ServiceWorkerRegistration': No notification permission has been granted for this origin.";
const SUBSCRIBE_DENIED = 'Registration failed - permission denied';
// A stand-in's attributes from the title and the options, each option read once, at
// construction, converted as WebIDL converts them, with Chrome's TypeErrors (`typeError(message)`
// makes one) for what it cannot convert: a symbol is refused with the browser's own message;
// anything else converts as the language does, a throwing toString propagating as it would.
// Self-contained (a worker's bootstrap runs its source too): `n` holds { create, freeze, now }.
export function notificationValues(n, title, options, typeError) {
  const CONSTRUCT = "Failed to construct 'Notification': ";
  const refuse = (message) => { throw typeError(CONSTRUCT + message); };
  const asString = (value, no) => (typeof value === 'symbol' ? no('Cannot convert a Symbol value to a string') : `${value}`);
  const asBoolean = (value) => !!value;
  // EpochTimeStamp (unsigned long long): what is not finite is 0, the rest truncated.
  const asTime = (value, no) => {
    if (typeof value === 'symbol') return no('Cannot convert a Symbol value to a number');
    const number = +value;
    return number - number === 0 ? number - (number % 1) : 0;
  };
  const asDirection = (value, no) => {
    const text = asString(value, no);
    return text === 'auto' || text === 'ltr' || text === 'rtl' ? text
      : no(`The provided value '${text}' is not a valid enum value of type NotificationDirection.`);
  };
  const kept = (value) => value;
  const ignored = () => undefined;
  // NotificationOptions in the order the browser reads them (a dictionary's members,
  // lexicographic): each member's conversion and what it reports when the page gives none.
  const MEMBERS = [
    ['actions', ignored, undefined], ['badge', asString, ''], ['body', asString, ''], ['data', kept, null],
    ['dir', asDirection, 'auto'], ['icon', asString, ''], ['image', asString, ''], ['lang', asString, ''],
    ['renotify', asBoolean, false], ['requireInteraction', asBoolean, false], ['silent', asBoolean, false],
    ['tag', asString, ''], ['timestamp', asTime, undefined], ['vibrate', ignored, undefined],
  ];
  const values = n.create(null);
  values.title = asString(title, refuse);
  if (options !== undefined && options !== null && typeof options !== 'object' && typeof options !== 'function') {
    refuse('The provided value is not of type \'NotificationOptions\'.');
  }
  const given = options == null ? n.create(null) : options;
  for (let i = 0; i < MEMBERS.length; i++) {
    const member = MEMBERS[i];
    const name = member[0];
    const value = given[name];
    values[name] = value === undefined ? member[2]
      : member[1](value, (message) => refuse(`Failed to read the '${name}' property from 'NotificationOptions': ${message}`));
  }
  if (values.renotify && values.tag === '') refuse('Notifications which set the renotify flag must specify a non-empty tag.');
  if (values.timestamp === undefined) values.timestamp = n.now();
  // The browser copies these lists; the stand-in, which shows nothing, keeps them empty.
  values.actions = n.freeze([]);
  values.vibrate = n.freeze([]);
  return values;
}
const valueNatives = { create, freeze, now: natives.dateNow };

export function installNotifications(ctx, realm, tools) {
  const { core } = ctx;
  const deniedNow = () => core.permissionDenied('notifications');
  installNotificationConstructor(ctx, realm, tools, deniedNow);

  const registration = protoOf(realm, 'ServiceWorkerRegistration');
  wrapMethod(registration, 'showNotification', gated(ctx, 'notifications', () => tools.reject(tools.typeError(SHOW_DENIED))));
  const push = protoOf(realm, 'PushManager');
  wrapMethod(push, 'subscribe', gated(ctx, 'notifications', () => tools.reject(tools.notAllowed(SUBSCRIBE_DENIED))));
  wrapMethod(push, 'permissionState', (original, self, args) => (deniedNow() ? tools.resolve(DENIED) : apply(original, self, args)));
}

function installNotificationConstructor(ctx, realm, tools, deniedNow) {
  const EventTarget = realm.EventTarget;
  // Look-alikes of Notification.prototype, once the constructor is wrapped.
  let standIns;

  function standIn(args, newTarget) {
    const values = notificationValues(valueNatives, args[0], args[1], tools.typeError);
    const notification = standIns.adopt(construct(EventTarget, [], newTarget), values);
    tools.fireLater(notification, 'error');
    return notification;
  }

  const Notification = wrapConstructor(realm, 'Notification', (original, args, newTarget) => {
    // Called without new, or without a title: the browser's own TypeError, nothing shown.
    if (newTarget === undefined) return apply(original, undefined, args);
    if (args.length === 0) return construct(original, args, newTarget);
    if (ctx.decide('notifications').action === 'allow') return construct(original, args, newTarget);
    return standIn(args, newTarget);
  });
  if (!Notification) return;

  wrapMethod(Notification, 'requestPermission', gated(ctx, 'notifications', (args) => {
    const callback = args[0];
    if (typeof callback === 'function') tools.task(() => apply(callback, undefined, [DENIED]));
    return tools.resolve(DENIED);
  }));
  wrapGetter(Notification, 'permission', (original, self) => (deniedNow() ? DENIED : apply(original, self, [])));

  // The prototype's attributes answer for stand-ins; for real notifications, the native.
  const proto = Notification.prototype;
  standIns = lookAlikes(proto);
  const isStandIn = (self) => standIns.fieldsOf(self) !== undefined;
  for (const name in HANDLER_TYPES) standInHandler(proto, name, isStandIn);
  wrapMethod(proto, 'close', (original, self, args) => (standIns.fieldsOf(self) ? undefined : apply(original, self, args)));
}
