// Devices past the camera and microphone: WebHID (a headset's call buttons), WebUSB, Web Serial
// and Web Bluetooth. Their lists name the user's hardware (product names, vendor and product
// ids, a USB serial number), so they are the device list's surface, `devices`.
//
// Refused, the list of devices the user granted the site before is empty, a request ends as
// when the user closes the browser's chooser (WebHID: no device; the others: its NotFoundError),
// and connect / disconnect events do not reach the page's listeners (the shim's own listener,
// registered before any of the page's, stops them). A device handed out while allowed is closed
// when its purpose is withdrawn (a Bluetooth one disconnected), and the ledger records the stop.
import { each, globalProto, natives, protoOf, then, weakGet, weakSet } from '../../natives.js';
import { source } from '../../realms/worker-boot.js';
import { extendWorkers } from '../../realms/workers.js';
import { wrapGetter, wrapMethod } from '../../wrap.js';
import { getterOf } from './realm.js';

const { apply, isArray, mapDelete, mapGet, mapSet } = natives;
const addListener = globalProto('EventTarget').addEventListener;
const stopImmediatePropagation = globalProto('Event').stopImmediatePropagation;

// [interface, navigator's name for it, list method, request method, what a closed chooser
// rejects with (none: it resolves with no device), the device interface]
export const PERIPHERALS = [
  ['HID', 'hid', 'getDevices', 'requestDevice', '', 'HIDDevice'],
  ['USB', 'usb', 'getDevices', 'requestDevice', 'No device selected.', 'USBDevice'],
  ['Serial', 'serial', 'getPorts', 'requestPort', 'No port selected by the user.', 'SerialPort'],
  ['Bluetooth', 'bluetooth', 'getDevices', 'requestDevice', 'User cancelled the requestDevice() chooser.', 'BluetoothDevice'],
];

export function installPeripherals(ctx, realm, tools) {
  const { DOMException } = realm;
  // The engine's word for the device list, denied where it would be generalized: a peripheral
  // has no generalized form (an empty list is a refusal), and the ledger says so.
  const decideWhole = () => ctx.core.decideWhole('devices');
  const RealmArray = realm.Array;
  // device → { end, purpose, revocations }: handed out while allowed, not yet withdrawn.
  const handedOut = new natives.Map();
  const listened = new natives.WeakMap();  // navigator.hid, .usb, … → the shim listens to it
  const ending = (proto) => {
    const close = proto && proto.close;
    if (typeof close === 'function') return (device) => apply(close, device, []);
    // A Bluetooth device has no close: its GATT connection is what stays open.
    const gattOf = getterOf(proto, 'gatt');
    const server = protoOf(realm, 'BluetoothRemoteGATTServer');
    const disconnect = server && server.disconnect;
    return gattOf && typeof disconnect === 'function' ? (device) => apply(disconnect, apply(gattOf, device, []), []) : () => {};
  };
  const hold = (value, purpose, end) => {
    each(isArray(value) ? value : [value], (device) => {
      if (device !== null && typeof device === 'object' && !apply(mapGet, handedOut, [device])) {
        apply(mapSet, handedOut, [device, { end, purpose, revocations: ctx.tracks.revocationCount(purpose) }]);
      }
    });
    return value;
  };

  each(PERIPHERALS, (entry) => {
    const proto = protoOf(realm, entry[0]);
    if (!proto) return;
    const cancelled = entry[4];
    const end = ending(protoOf(realm, entry[5]));
    const allowing = (refuse) => (original, self, args) => {
      const decision = decideWhole();
      if (decision.action !== 'allow') return refuse();
      return then(apply(original, self, args), (value) => hold(value, decision.purpose, end));
    };
    wrapMethod(proto, entry[2], allowing(() => tools.resolve(new RealmArray())));
    wrapMethod(proto, entry[3], allowing(() => (cancelled
      ? tools.reject(new DOMException(cancelled, 'NotFoundError'))
      : tools.resolve(new RealmArray()))));
    // The page reaches the object only through navigator's getter: the shim's listener goes on
    // at the first read, ahead of any of the page's. (Not when the realm is installed: Chromium
    // 156 crashes on leaving a page that listened to a new frame's navigator.hid from a
    // MutationObserver callback, the moment the shim settles a frame.)
    wrapGetter(protoOf(realm, 'Navigator'), entry[1], (original, self) => {
      const target = apply(original, self, []);
      if (target && !weakGet(listened, target)) {
        weakSet(listened, target, true);
        each(['connect', 'disconnect'], (type) => {
          apply(addListener, target, [type, (event) => {
            if (decideWhole().action !== 'allow') apply(stopImmediatePropagation, event, []);
          }]);
        });
      }
      return target;
    });
  });

  if (!weakGet(workersGuarded, ctx)) {
    weakSet(workersGuarded, ctx, true);
    extendWorkers(ctx, {
      services: {
        // → the purpose that allows the list, '' when refused.
        'devices.list': () => {
          const decision = decideWhole();
          return decision.action === 'allow' ? decision.purpose : '';
        },
        'devices.stopped': (purpose) => {
          if (typeof purpose === 'string') ctx.core.record('devices', 'stop', purpose, 'consent withdrawn');
        },
      },
      config: { peripherals: PERIPHERALS },
      live: { devicesAllow: () => ctx.core.surfaceAction('devices') === 'allow' },
      statement: `  (${source(workerPeripherals)})(kit, config, channel, w);`,
    });
  }

  ctx.onChange(() => {
    apply(natives.mapForEach, handedOut, [(held, device) => {
      if (ctx.tracks.revocationCount(held.purpose) === held.revocations) return;
      apply(mapDelete, handedOut, [device]);
      try {
        const closing = held.end(device);
        if (closing) then(closing, undefined, () => {});  // already closed, or a port still being read
      } catch { /* not the browser's device after all */ }
      ctx.core.record('devices', 'stop', held.purpose, 'consent withdrawn');
    }]);
  });
}
const workersGuarded = new natives.WeakMap();  // ctx → its workers' device lists are guarded

// Worker side (self-contained: its source runs in the worker bootstrap, before the worker's
// script). A worker has the lists (getDevices, getPorts) but no chooser. Each list asks the
// page's engine (devices.list, recorded by the page); refused or unanswered, no device.
// connect / disconnect events reach the worker's listeners only while the page's engine
// allows the device list (config.devicesAllow, sent again after each consent change; a
// shared worker, whose bootstrap may be stale, refuses until its first message), and a
// change that refuses it closes the devices handed out in the worker, the page recording
// each stop (devices.stopped).
export function workerPeripherals(kit, config, channel, w) {
  const { apply } = w;
  const promiseThen = Promise.prototype.then;
  const stop = Event.prototype.stopImmediatePropagation;
  const listen = EventTarget.prototype.addEventListener;
  const { get: mapGet, set: mapSet, forEach: mapForEach, clear: mapClear } = Map.prototype;
  const handedOut = new Map();  // device → [its close, the purpose that allowed it]
  const listened = new WeakMap();
  const { get: weakGet, set: weakSet } = WeakMap.prototype;
  const skip = () => {};
  if (config.shared) config.devicesAllow = false;
  let allow = config.devicesAllow === true;
  channel.onPush((push) => {
    if (!w.has(push, 'devicesAllow')) return;
    config.devicesAllow = allow = push.devicesAllow === true;  // config: what the workers this one creates start with
    if (allow) return;
    apply(mapForEach, handedOut, [(held, device) => {
      try {
        const closing = apply(held[0], device, []);
        if (closing) apply(promiseThen, closing, [undefined, skip]);
      } catch { /* closed already, or not a device */ }
      channel.ask('devices.stopped', held[1], skip, skip);
    }]);
    apply(mapClear, handedOut, []);
  });
  const table = config.peripherals;
  const navigatorProto = self.WorkerNavigator && self.WorkerNavigator.prototype;
  for (let i = 0; i < table.length; i++) {
    const entry = table[i];
    const Iface = self[entry[0]];
    if (typeof Iface !== 'function') continue;
    const Device = self[entry[5]];
    const close = typeof Device === 'function' ? Device.prototype.close : undefined;
    kit.wrapMethod(Iface.prototype, entry[2], (original, me, args) => new w.Promise((resolve, reject) => {
      channel.ask('devices.list', null, (purpose) => {
        if (typeof purpose !== 'string' || purpose === '') {
          resolve([]);
          return;
        }
        apply(promiseThen, apply(original, me, args), [(list) => {
          for (let k = 0; w.isArray(list) && typeof close === 'function' && k < list.length; k++) {
            if (list[k] !== null && typeof list[k] === 'object' && !apply(mapGet, handedOut, [list[k]])) {
              apply(mapSet, handedOut, [list[k], [close, purpose]]);
            }
          }
          resolve(list);
        }, reject]);
      }, () => resolve([]));
    }));
    kit.wrapGetter(navigatorProto, entry[1], (original, me) => {
      const target = apply(original, me, []);
      if (target && !apply(weakGet, listened, [target])) {
        apply(weakSet, listened, [target, true]);
        const gate = (event) => { if (!allow) apply(stop, event, []); };
        apply(listen, target, ['connect', gate]);
        apply(listen, target, ['disconnect', gate]);
      }
      return target;
    });
  }
}
