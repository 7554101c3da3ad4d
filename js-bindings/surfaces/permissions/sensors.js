// Motion and orientation: devicemotion / deviceorientation / deviceorientationabsolute
// listeners (addEventListener on any target, and the window's on* handlers),
// DeviceMotionEvent / DeviceOrientationEvent.requestPermission where the browser has them, and
// the Generic Sensor API (Accelerometer, Gyroscope, … start()).
//
// Refused, a listener is not registered at all (the browser never starts the sensor for it).
// Allowed, the browser gets a stand-in that checks the engine at every event: after a revoke
// it removes itself (or clears the handler), so nothing more reaches the page and the sensor
// can stop. EventTarget.prototype.addEventListener is on every page's hot path: any other event
// type goes straight to the native.
import { globalProto, isObject, natives, protoOf, weakGet, weakSet, withArgument } from '../../natives.js';
import { wrapGetter, wrapMethod, wrapSetter } from '../../wrap.js';
import { gated, getterOf } from './realm.js';

const { apply, getOwnPropertyDescriptor, setAdd, setDelete, setForEach, setClear } = natives;

// Chrome's message when a sensor is refused.
const SENSOR_DENIED = 'Permissions to access sensor are not granted';
// A Permissions API name of the sensors surface: asks the engine about it without a record.
const SENSORS_PERMISSION = 'accelerometer';
const HANDLERS = ['ondevicemotion', 'ondeviceorientation', 'ondeviceorientationabsolute'];

const isSensorEvent = (type) => type === 'devicemotion' || type === 'deviceorientation' || type === 'deviceorientationabsolute';

export function installSensors(ctx, realm, tools) {
  const eventTarget = protoOf(realm, 'EventTarget');
  if (eventTarget) installListeners(ctx, realm, eventTarget);
  // Safari's prompt for motion and orientation.
  for (const name of ['DeviceMotionEvent', 'DeviceOrientationEvent']) {
    wrapMethod(realm[name], 'requestPermission', gated(ctx, 'sensors', () => tools.resolve('denied')));
  }
  installGenericSensors(ctx, realm, tools);
}

function installListeners(ctx, realm, eventTarget) {
  const { core } = ctx;
  const eventType = getterOf(realm.Event.prototype, 'type');
  const withdrawn = () => core.permissionDenied(SENSORS_PERMISSION);
  const stopped = (purpose) => core.record('sensors', 'stop', purpose, 'consent withdrawn');

  // page listener → the function registered in its place (one per listener, so that adding
  // the same listener twice and removing it behave as natively).
  const proxies = new natives.WeakMap();
  let nativeRemove;
  function proxyFor(listener, purpose) {
    let proxy = weakGet(proxies, listener);
    if (proxy) return proxy;
    proxy = function (event) {
      if (withdrawn()) {
        const type = apply(eventType, event, []);
        apply(nativeRemove, this, [type, proxy, false]);
        apply(nativeRemove, this, [type, proxy, true]);
        stopped(purpose);
        return undefined;
      }
      if (typeof listener === 'function') return apply(listener, this, [event]);
      const { handleEvent } = listener;
      return typeof handleEvent === 'function' ? apply(handleEvent, listener, [event]) : undefined;
    };
    weakSet(proxies, listener, proxy);
    return proxy;
  }

  // The event type converted once (the browser gets that string); a symbol is left to the
  // browser's TypeError. `onSensor(type, args)` handles the three sensor types.
  function route(original, self, args, onSensor) {
    if (args.length < 2) return apply(original, self, args);
    const raw = args[0];
    if (typeof raw === 'string') return isSensorEvent(raw) ? onSensor(raw, args) : apply(original, self, args);
    if (typeof raw === 'symbol') return apply(original, self, args);
    const type = natives.String(raw);
    const passed = withArgument(args, 0, type);
    return isSensorEvent(type) ? onSensor(type, passed) : apply(original, self, passed);
  }

  wrapMethod(eventTarget, 'addEventListener', (original, self, args) => route(original, self, args, (type, passed) => {
    const listener = passed[1];
    if (!isObject(listener)) return apply(original, self, passed); // null: nothing; else the TypeError
    // A receiver that is no EventTarget gets the browser's TypeError, refused or not: with a
    // null listener the native checks it and registers nothing.
    apply(original, self, [type, null]);
    const decision = ctx.decide('sensors');
    if (decision.action !== 'allow') return undefined;
    return apply(original, self, withArgument(passed, 1, proxyFor(listener, decision.purpose)));
  }));
  nativeRemove = wrapMethod(eventTarget, 'removeEventListener', (original, self, args) => route(original, self, args, (type, passed) => {
    const proxy = isObject(passed[1]) ? weakGet(proxies, passed[1]) : undefined;
    return apply(original, self, proxy ? withArgument(passed, 1, proxy) : passed);
  }));

  // The window's handlers: the native one holds a stand-in, the getter shows the page's.
  const handlerOf = new natives.WeakMap(); // stand-in → the page's handler
  for (const name of HANDLERS) {
    const holder = getOwnPropertyDescriptor(realm, name) ? realm : protoOf(realm, 'Window');
    const nativeSet = wrapSetter(holder, name, (original, self, value) => {
      if (!isObject(value)) return apply(original, self, [value]);
      const decision = ctx.decide('sensors');
      if (decision.action !== 'allow') return apply(original, self, [null]);
      const handler = function (event) {
        if (withdrawn()) {
          apply(nativeSet, this, [null]);
          stopped(decision.purpose);
          return undefined;
        }
        return typeof value === 'function' ? apply(value, this, [event]) : undefined;
      };
      weakSet(handlerOf, handler, value);
      return apply(original, self, [handler]);
    });
    wrapGetter(holder, name, (original, self) => {
      const value = apply(original, self, []);
      const page = isObject(value) ? weakGet(handlerOf, value) : undefined;
      return page === undefined ? value : page;
    });
  }
}

// Sensor objects: start() asks the engine; refused, the sensor reports the browser's error
// event instead of starting. Started ones are stopped (with the same error) on a revoke.
function installGenericSensors(ctx, realm, tools) {
  const proto = protoOf(realm, 'Sensor');
  const SensorErrorEvent = realm.SensorErrorEvent;
  const dispatch = globalProto('EventTarget', realm).dispatchEvent;
  if (!proto || !SensorErrorEvent || !dispatch) return;
  const refuse = (sensor) => tools.task(() => {
    apply(dispatch, sensor, [new SensorErrorEvent('error', { error: tools.notAllowed(SENSOR_DENIED) })]);
  });
  const running = new natives.Set();
  const purposes = new natives.WeakMap();
  wrapMethod(proto, 'start', (original, self, args) => {
    const decision = ctx.decide('sensors');
    if (decision.action !== 'allow') {
      refuse(self);
      return undefined;
    }
    apply(setAdd, running, [self]);
    weakSet(purposes, self, decision.purpose);
    return apply(original, self, args);
  });
  const nativeStop = wrapMethod(proto, 'stop', (original, self, args) => {
    apply(setDelete, running, [self]);
    return apply(original, self, args);
  });
  ctx.onChange(() => {
    if (!ctx.core.permissionDenied(SENSORS_PERMISSION)) return;
    apply(setForEach, running, [(sensor) => {
      apply(nativeStop, sensor, []);
      ctx.core.record('sensors', 'stop', weakGet(purposes, sensor), 'consent withdrawn');
      refuse(sensor);
    }]);
    apply(setClear, running, []);
  });
}
