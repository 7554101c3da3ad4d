// navigator.geolocation: getCurrentPosition and watchPosition. The engine answers each call
// (deny, a coarse position, or the browser's own) and again at every update, so a revoke in
// the middle of a watch stops it (natively cleared) and a coarse permission never lets a
// precise fix through. A denial never reaches the device.
import { mapPut, mapRemove, mapValue, natives, protoOf, withArgument } from '../../natives.js';
import { wrapMethod } from '../../wrap.js';
import { getterOf, lookAlikes } from './realm.js';

const { apply } = natives;

// GeolocationPositionError codes, with Chrome's messages for them.
const PERMISSION_DENIED = 1;
const POSITION_UNAVAILABLE = 2;
const DENIED_MESSAGE = 'User denied Geolocation';
const UNAVAILABLE_MESSAGE = 'Position unavailable';

export function installGeolocation(ctx, realm, tools) {
  const proto = protoOf(realm, 'Geolocation');
  if (!proto) return;
  const { core } = ctx;
  const positionProto = protoOf(realm, 'GeolocationPosition');
  const coordsProto = protoOf(realm, 'GeolocationCoordinates');
  const coordsOf = getterOf(positionProto, 'coords');
  const timestampOf = getterOf(positionProto, 'timestamp');
  const latitudeOf = getterOf(coordsProto, 'latitude');
  const longitudeOf = getterOf(coordsProto, 'longitude');
  const accuracyOf = getterOf(coordsProto, 'accuracy');
  // After the getters above are captured: lookAlikes wraps them.
  const makePosition = lookAlikes(positionProto).make;
  const makeCoords = lookAlikes(coordsProto).make;
  // GeolocationPositionError has no constructor: an object of its prototype with the code and
  // message the browser gives (its constants come from the prototype).
  const makeError = lookAlikes(protoOf(realm, 'GeolocationPositionError')).make;

  // The engine's generalization of the browser's position, or undefined when it could not
  // make one (a value that is not a position on Earth, or a read that throws): then nothing
  // of the position is reported.
  function coarse(position) {
    let fix;
    let timestamp;
    try {
      const coords = apply(coordsOf, position, []);
      fix = core.coarsenPosition(apply(latitudeOf, coords, []), apply(longitudeOf, coords, []), apply(accuracyOf, coords, []));
      timestamp = apply(timestampOf, position, []);
    } catch {
      return undefined;
    }
    if (!fix.ok) return undefined;
    const fields = {
      __proto__: null, accuracy: fix.accuracy, latitude: fix.latitude, longitude: fix.longitude,
      altitude: null, altitudeAccuracy: null, heading: null, speed: null,
    };
    const coords = makeCoords(fields, () => ({ ...fields }));
    return makePosition({ __proto__: null, coords, timestamp }, () => ({ coords: { ...fields }, timestamp }));
  }

  // The page's watch ids are the shim's own: a watch denied from the start has no native id,
  // and a page cannot clear a native watch the shim did not hand it.
  const watches = new natives.Map();
  let lastWatchId = 0;

  const nativeClearWatch = wrapMethod(proto, 'clearWatch', (original, self, args) => {
    if (args.length === 0) return apply(original, self, args); // the browser's own TypeError
    const watch = mapValue(watches, +args[0] | 0); // WebIDL long: ToNumber, then ToInt32
    if (watch) watch.stop();
    return undefined;
  });

  function request(method, original, self, args, watch) {
    // The browser's own argument check, made here: a denial must not depend on the native
    // throwing.
    const badCallback = typeof args[0] !== 'function' ? 1 : args[1] != null && typeof args[1] !== 'function' ? 2 : 0;
    if (badCallback) {
      throw tools.typeError(`Failed to execute '${method}' on 'Geolocation': The callback provided as parameter ${badCallback} is not a function.`);
    }
    const success = args[0];
    const failure = args[1];
    const fail = (code, message) => { if (failure) apply(failure, undefined, [makeError({ __proto__: null, code, message })]); };
    const decision = core.decideLocation();
    const id = watch ? ++lastWatchId : undefined;
    if (decision.action !== 'allow' && decision.action !== 'generalize') {
      tools.task(() => fail(PERMISSION_DENIED, DENIED_MESSAGE));
      return id;
    }
    const entry = {
      nativeId: undefined,
      stopped: false,
      stop() {
        entry.stopped = true;
        if (watch) mapRemove(watches, id);
        if (entry.nativeId !== undefined) apply(nativeClearWatch, self, [entry.nativeId]);
      },
    };
    // Every answer from the browser, position or error, is checked against the engine first:
    // after a revoke the request ends with PERMISSION_DENIED, whatever the browser had.
    const withdraw = () => {
      entry.stop();
      core.record('location', 'stop', decision.purpose, 'consent withdrawn');
      fail(PERMISSION_DENIED, DENIED_MESSAGE);
    };
    const deliver = (position) => {
      if (entry.stopped) return;
      const action = core.locationAction();
      if (action === 'deny') return withdraw();
      const out = action === 'generalize' ? coarse(position) : position;
      if (out) apply(success, undefined, [out]);
      else fail(POSITION_UNAVAILABLE, UNAVAILABLE_MESSAGE);
    };
    const report = (error) => {
      if (entry.stopped) return;
      if (core.locationAction() === 'deny') withdraw();
      else if (failure) apply(failure, undefined, [error]);
    };
    entry.nativeId = apply(original, self, withArgument(withArgument(args, 0, deliver), 1, report));
    if (watch) mapPut(watches, id, entry);
    return id;
  }

  wrapMethod(proto, 'getCurrentPosition', (original, self, args) => request('getCurrentPosition', original, self, args, false));
  wrapMethod(proto, 'watchPosition', (original, self, args) => request('watchPosition', original, self, args, true));
}
