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
// from the title and options it was given (read once, converted simply: strings, booleans and
// the browser's defaults; icon URLs are not resolved), with working on* handlers and a close()
// that does nothing.
import { natives } from '../../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod, wrapSetter } from '../../wrap.js';
import { gated, isObject } from './realm.js';

const { apply, construct, create, freeze, getOwnPropertyDescriptor, weakMapGet, weakMapSet } = natives;
const ownNames = Object.getOwnPropertyNames;

const DENIED = 'denied';
const HANDLER_TYPES = { __proto__: null, onclick: 'click', onshow: 'show', onerror: 'error', onclose: 'close' };
// Chrome's refusals on the service-worker routes.
const SHOW_DENIED = "Failed to execute 'showNotification' on 'ServiceWorkerRegistration': No notification permission has been granted for this origin.";
const SUBSCRIBE_DENIED = 'Registration failed - permission denied';

// What a refused notification reports when its options do not say: the browser's defaults.
const DEFAULTS = {
  __proto__: null,
  dir: 'auto', lang: '', body: '', tag: '', icon: '', badge: '', image: '',
  data: null, renotify: false, silent: false, requireInteraction: false,
};

// Its attributes from the title and the options, each option read once (at construction, as
// the browser does) and converted the simple way (to the default's type).
function standInValues(title, options) {
  const given = isObject(options) ? options : {};
  const values = create(null);
  for (const name in DEFAULTS) {
    const value = given[name];
    const fallback = DEFAULTS[name];
    values[name] = value === undefined ? fallback
      : typeof fallback === 'string' ? natives.String(value) : typeof fallback === 'boolean' ? !!value : value;
  }
  const { timestamp } = given;
  values.title = natives.String(title);
  values.timestamp = timestamp === undefined ? natives.dateNow() : +timestamp;
  // The browser copies these lists; the stand-in, which shows nothing, keeps them empty.
  values.actions = freeze([]);
  values.vibrate = freeze([]);
  return values;
}

export function installNotifications(ctx, realm, tools) {
  const { core } = ctx;
  const deniedNow = () => core.permissionDenied('notifications');
  installNotificationConstructor(ctx, realm, tools, deniedNow);

  const registration = realm.ServiceWorkerRegistration && realm.ServiceWorkerRegistration.prototype;
  wrapMethod(registration, 'showNotification', gated(ctx, 'notifications', () => tools.reject(tools.typeError(SHOW_DENIED))));
  const push = realm.PushManager && realm.PushManager.prototype;
  wrapMethod(push, 'subscribe', gated(ctx, 'notifications', () => tools.reject(tools.notAllowed(SUBSCRIBE_DENIED))));
  wrapMethod(push, 'permissionState', (original, self, args) => (deniedNow() ? tools.resolve(DENIED) : apply(original, self, args)));
}

function installNotificationConstructor(ctx, realm, tools, deniedNow) {
  const EventTarget = realm.EventTarget;
  const addListener = EventTarget && EventTarget.prototype.addEventListener;
  // stand-in → { values, handlers }: null-prototype records, so a lookup never reaches a
  // property the page put on Object.prototype.
  const standIns = new natives.WeakMap();

  function standIn(args, newTarget) {
    const notification = construct(EventTarget, [], newTarget);
    apply(weakMapSet, standIns, [notification, { values: standInValues(args[0], args[1]), handlers: create(null) }]);
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
  const names = ownNames(proto);
  for (let i = 0; i < names.length; i++) {
    const name = names[i];
    const desc = getOwnPropertyDescriptor(proto, name);
    if (!desc.get) continue;
    const type = HANDLER_TYPES[name];
    const isHandler = type !== undefined;
    wrapGetter(proto, name, (original, self) => {
      const record = apply(weakMapGet, standIns, [self]);
      if (!record) return apply(original, self, []);
      if (isHandler) return record.handlers[name] === undefined ? null : record.handlers[name];
      return record.values[name];
    });
    if (!isHandler || !desc.set) continue;
    wrapSetter(proto, name, (original, self, value) => {
      const record = apply(weakMapGet, standIns, [self]);
      if (!record) return apply(original, self, [value]);
      const listening = record.handlers[name] !== undefined;
      record.handlers[name] = isObject(value) ? value : null;
      // Like an event handler attribute: one listener, added the first time it is set.
      if (!listening) {
        apply(addListener, self, [type, function (event) {
          const handler = record.handlers[name];
          return typeof handler === 'function' ? apply(handler, this, [event]) : undefined;
        }]);
      }
      return undefined;
    });
  }
  wrapMethod(proto, 'close', (original, self, args) => (apply(weakMapGet, standIns, [self]) ? undefined : apply(original, self, args)));
}
