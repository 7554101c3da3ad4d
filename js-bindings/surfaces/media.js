// Camera, microphone, screen and the device list: getUserMedia, getDisplayMedia,
// enumerateDevices and the legacy callback forms. Each call asks the engine; a denial
// looks exactly like the browser's own (a NotAllowedError DOMException) and never
// reaches the device.
import { accessorOf, each, natives, protoOf, push, read, realmPromises, then } from '../natives.js';
import { wrapMethod } from '../wrap.js';

const { apply, create, defineProperty } = natives;
const navigatorMediaDevices = accessorOf('Navigator', 'mediaDevices');

// The kinds a constraints dictionary requests, read once: the same values are handed to
// the native call, so a getter cannot answer "no video" to the shim and "video" to the
// browser.
function readConstraints(constraints) {
  if (constraints === null || typeof constraints !== 'object') return undefined;
  const copy = { audio: constraints.audio, video: constraints.video };
  const peerIdentity = constraints.peerIdentity;
  if (peerIdentity !== undefined) copy.peerIdentity = peerIdentity;
  return copy;
}
const requested = (value) => value !== undefined && value !== null && value !== false;

// A device entry with nothing but its kind, as the browser itself lists devices before
// any permission: empty deviceId, label and groupId. `protos`: the realm's { input, other }
// device prototypes, read when the surface was installed there.
function blankDevice(protos, kind) {
  const isInput = kind === 'audioinput' || kind === 'videoinput';
  const proto = isInput ? protos.input : protos.other;
  const info = create(proto);
  const fields = { deviceId: '', kind, label: '', groupId: '' };
  each(natives.keys(fields), (name) => defineProperty(info, name, { value: fields[name], enumerable: true }));
  defineProperty(info, 'toJSON', { value: function toJSON() { return { ...fields }; } });
  if (isInput) defineProperty(info, 'getCapabilities', { value: function getCapabilities() { return {}; } });
  return info;
}

// One entry per kind: the number of devices is itself a fingerprint. The kinds seen are keys
// of an object without a prototype, not a Set: the page can replace Set.prototype.has.
function kindsOnly(protos, devices) {
  const seen = create(null);
  const out = [];
  for (let i = 0; i < devices.length; i++) {
    const kind = read(natives.deviceInfoKind, devices[i]);
    if (seen[kind] === true) continue;
    seen[kind] = true;
    push(out, blankDevice(protos, kind));
  }
  return out;
}

const surfaceOfTrack = (track) => (read(natives.trackKind, track) === 'video' ? 'camera' : 'microphone');

export function installMedia(ctx, realm) {
  const mdProto = protoOf(realm, 'MediaDevices');
  if (!mdProto) return;
  // A denial is this realm's NotAllowedError in this realm's promise, as the browser's is.
  const { DOMException } = realm;
  const promises = realmPromises(realm);
  const notAllowed = () => new DOMException('Permission denied', 'NotAllowedError');
  const other = protoOf(realm, 'MediaDeviceInfo');
  const deviceProtos = { other, input: protoOf(realm, 'InputDeviceInfo') || other };

  // Resolves with the stream once every requested kind is allowed; the tracks are
  // registered under the purpose that allowed them. `surfaceFor(track)` names a track's
  // surface; a revoke that lands while the browser is still opening the device wins.
  function guardedCapture(original, self, callArgs, decisions, surfaceFor) {
    const purposeBySurface = {};
    const revocationsBefore = {};
    // Index loops here and below: a page can replace the array iterator, and a decision it
    // made a loop skip would be a device opened without one.
    each(decisions, ({ surface, decision }) => {
      purposeBySurface[surface] = decision.purpose;
      revocationsBefore[decision.purpose] = ctx.tracks.revocationCount(decision.purpose);
    });
    return then(apply(original, self, callArgs), (stream) => {
      const tracks = apply(natives.streamGetTracks, stream, []);
      let withdrawn = false;
      each(tracks, (track) => {
        const surface = surfaceFor(track);
        const purpose = purposeBySurface[surface] || purposeBySurface.screen;
        if (ctx.tracks.revocationCount(purpose) !== revocationsBefore[purpose]) withdrawn = true;
        ctx.adoptTrack(track, surface, purpose);
      });
      if (withdrawn) {
        each(tracks, (track) => ctx.endTrack(track, 'consent withdrawn while the device was opening'));
        throw notAllowed();
      }
      return stream;
    });
  }

  function userMedia(original, self, args) {
    const constraints = readConstraints(args[0]);
    if (!constraints) return apply(original, self, args); // the browser's own TypeError
    const decisions = [];
    if (requested(constraints.video)) push(decisions, { surface: 'camera' });
    if (requested(constraints.audio)) push(decisions, { surface: 'microphone' });
    if (decisions.length === 0) return apply(original, self, [constraints]);
    let denied = false;
    each(decisions, (d) => {
      d.decision = ctx.decide(d.surface);
      if (d.decision.action !== 'allow') denied = true;
    });
    if (denied) return promises.reject(notAllowed());
    return guardedCapture(original, self, [constraints], decisions, surfaceOfTrack);
  }

  const guard = (fn) => (original, self, args) => {
    try { return fn(original, self, args); } catch (error) { return promises.reject(error); }
  };

  const nativeGetUserMedia = wrapMethod(mdProto, 'getUserMedia', guard(userMedia));

  wrapMethod(mdProto, 'getDisplayMedia', guard((original, self, args) => {
    const decision = ctx.decide('screen');
    if (decision.action !== 'allow') return promises.reject(notAllowed());
    return guardedCapture(original, self, args, [{ surface: 'screen', decision }], () => 'screen');
  }));

  wrapMethod(mdProto, 'enumerateDevices', guard((original, self, args) => {
    const decision = ctx.decide('devices');
    return then(apply(original, self, args),
      (devices) => (decision.action === 'allow' ? devices : kindsOnly(deviceProtos, devices)));
  }));

  // Legacy callback forms delegate to the guarded promise path with the Navigator's own
  // MediaDevices object (read with the captured getter), so they can never be the unguarded
  // way in.
  const navProto = protoOf(realm, 'Navigator');
  const mediaDevicesOf = (self) => {
    try { return read(navigatorMediaDevices, self); } catch { return undefined; }
  };
  each(['getUserMedia', 'webkitGetUserMedia', 'mozGetUserMedia'], (name) => {
    wrapMethod(navProto, name, (original, self, args) => {
      const mediaDevices = mediaDevicesOf(self);
      if (args.length < 3 || typeof args[1] !== 'function' || typeof args[2] !== 'function' || !mediaDevices) {
        return apply(original, self, args); // the browser's own argument errors
      }
      const onSuccess = args[1];
      const onError = args[2];
      then(guard(userMedia)(nativeGetUserMedia, mediaDevices, [args[0]]),
        (stream) => { onSuccess(stream); }, (error) => { onError(error); });
      return undefined;
    });
  });

  // A clone of a gated track is gated with it: revoke must end clones too.
  const trackProto = protoOf(realm, 'MediaStreamTrack');
  wrapMethod(trackProto, 'clone', (original, self, args) => {
    const copy = apply(original, self, args);
    const owner = ctx.tracks.ownerOf(self);
    if (owner) ctx.adoptTrack(copy, owner.surface, owner.purpose);
    return copy;
  });
  const streamProto = protoOf(realm, 'MediaStream');
  wrapMethod(streamProto, 'clone', (original, self, args) => {
    const copy = apply(original, self, args);
    const from = apply(natives.streamGetTracks, self, []);
    const to = apply(natives.streamGetTracks, copy, []);
    for (let i = 0; i < from.length && i < to.length; i++) {
      const owner = ctx.tracks.ownerOf(from[i]);
      if (owner) ctx.adoptTrack(to[i], owner.surface, owner.purpose);
    }
    return copy;
  });
}
