// WebHID, WebUSB, Web Serial and Web Bluetooth: their devices are the device list's surface (`devices`).
// The browser here has no such device, so natives with devices in them are installed before
// the shim, as a browser would answer for devices the user granted the site before.
import { test, expect, shimPage } from './fixtures.mjs';
import { grant, revoke, ledgerOf, failEngineStart } from './helpers.mjs';

const FAKE_PERIPHERALS = () => {
  window.__closed = [];
  window.__events = [];
  const make = (iface, label) => Object.defineProperty(Object.create(window[iface].prototype), 'label', { value: label });
  const define = (proto, name, fn) => Object.defineProperty(proto, name, { value: fn, writable: true, configurable: true, enumerable: true });
  const devices = { hid: make('HIDDevice', 'Jabra Evolve2 65'), usb: make('USBDevice', 'YubiKey 5'), serial: make('SerialPort', 'CP2102') };
  define(HID.prototype, 'getDevices', function getDevices() { return Promise.resolve([devices.hid]); });
  define(HID.prototype, 'requestDevice', function requestDevice() { return Promise.resolve([devices.hid]); });
  define(USB.prototype, 'getDevices', function getDevices() { return Promise.resolve([devices.usb]); });
  define(USB.prototype, 'requestDevice', function requestDevice() { return Promise.resolve(devices.usb); });
  define(Serial.prototype, 'getPorts', function getPorts() { return Promise.resolve([devices.serial]); });
  define(Serial.prototype, 'requestPort', function requestPort() { return Promise.resolve(devices.serial); });
  for (const iface of ['HIDDevice', 'USBDevice', 'SerialPort']) {
    define(window[iface].prototype, 'close', function close() { window.__closed.push(this.label); return Promise.resolve(); });
  }
  // Web Bluetooth, which this Chromium leaves out on Linux: the interfaces as a browser with it
  // has them; a device's GATT connection is what a revoke ends.
  window.Bluetooth = class Bluetooth extends EventTarget {};
  window.BluetoothDevice = class BluetoothDevice {};
  window.BluetoothRemoteGATTServer = class BluetoothRemoteGATTServer {};
  const bluetooth = new Bluetooth();
  Object.defineProperty(Navigator.prototype, 'bluetooth', { get() { return bluetooth; }, enumerable: true, configurable: true });
  devices.bluetooth = make('BluetoothDevice', 'Polar H10');
  const server = Object.defineProperty(Object.create(BluetoothRemoteGATTServer.prototype), 'label', { value: 'Polar H10' });
  Object.defineProperty(BluetoothDevice.prototype, 'gatt', { get() { return server; }, enumerable: true, configurable: true });
  define(BluetoothRemoteGATTServer.prototype, 'disconnect', function disconnect() { window.__closed.push(`${this.label} (GATT)`); });
  define(Bluetooth.prototype, 'getDevices', function getDevices() { return Promise.resolve([devices.bluetooth]); });
  define(Bluetooth.prototype, 'requestDevice', function requestDevice() { return Promise.resolve(devices.bluetooth); });
};

const READ = () => {
  const labels = (list) => list.map((d) => d.label);
  const refused = (e) => `${e.name}: ${e.message}`;
  return Promise.all([
    navigator.hid.getDevices().then(labels),
    navigator.hid.requestDevice({ filters: [] }).then(labels),
    navigator.usb.getDevices().then(labels),
    navigator.usb.requestDevice({ filters: [] }).then((d) => d.label, refused),
    navigator.serial.getPorts().then(labels),
    navigator.serial.requestPort().then((d) => d.label, refused),
    navigator.bluetooth.getDevices().then(labels),
    navigator.bluetooth.requestDevice({ acceptAllDevices: true }).then((d) => d.label, refused),
  ]);
};
const REFUSED = [[], [], [], 'NotFoundError: No device selected.', [], 'NotFoundError: No port selected by the user.',
  [], 'NotFoundError: User cancelled the requestDevice() chooser.'];
const ALLOWED = [['Jabra Evolve2 65'], ['Jabra Evolve2 65'], ['YubiKey 5'], 'YubiKey 5', ['CP2102'], 'CP2102',
  ['Polar H10'], 'Polar H10'];

// connect events, to a listener and to an on* handler.
const LISTEN = () => {
  navigator.hid.addEventListener('connect', () => window.__events.push('hid'));
  navigator.usb.onconnect = () => window.__events.push('usb');
  navigator.serial.addEventListener('disconnect', () => window.__events.push('serial'));
};
const FIRE = () => {
  navigator.hid.dispatchEvent(new Event('connect'));
  navigator.usb.dispatchEvent(new Event('connect'));
  navigator.serial.dispatchEvent(new Event('disconnect'));
  return window.__events.splice(0);
};

test('HID, USB, serial and Bluetooth devices: none listed or chosen and no connect events without consent; closed when it is withdrawn', async ({ page, serve }) => {
  await page.addInitScript(FAKE_PERIPHERALS);
  await page.goto(serve('/peripherals.html', shimPage()));
  await page.evaluate(LISTEN);
  expect(await page.evaluate(READ)).toEqual(REFUSED);
  expect(await page.evaluate(FIRE)).toEqual([]);
  expect((await ledgerOf(page, 'devices'))[0]).toMatchObject({ action: 'deny' });  // no generalized form: refused, and recorded so

  await grant(page, 'call');
  expect(await page.evaluate(READ)).toEqual(ALLOWED);
  expect(await page.evaluate(FIRE)).toEqual(['hid', 'usb', 'serial']);
  expect(await page.evaluate(() => window.__closed)).toEqual([]);

  await revoke(page, 'call');
  // Each device handed out is closed once, however many times it was handed out.
  expect((await page.evaluate(() => window.__closed)).sort()).toEqual(['CP2102', 'Jabra Evolve2 65', 'Polar H10 (GATT)', 'YubiKey 5']);
  expect((await ledgerOf(page, 'devices')).filter((e) => e.action === 'stop')).toHaveLength(4);
  expect(await page.evaluate(READ)).toEqual(REFUSED);
  expect(await page.evaluate(FIRE)).toEqual([]);
});

test('a frame\'s HID devices follow the page\'s consent', async ({ page, serve }) => {
  await page.goto(serve('/peripherals-frame.html', shimPage({ body: '<iframe id="f"></iframe>' })));
  const read = () => document.getElementById('f').contentWindow.navigator.hid.requestDevice({ filters: [] }).then((d) => d.length);
  // No fake here: the browser's own requestDevice would open its chooser; refused, the shim answers first.
  expect(await page.evaluate(read)).toBe(0);
  expect((await ledgerOf(page, 'devices'))[0]).toMatchObject({ action: 'deny' });  // no generalized form: refused, and recorded so
  // The wrappers keep the natives' shape: methods, and navigator.hid a getter on the prototype.
  expect(await page.evaluate(() => {
    const native = (f) => Function.prototype.toString.call(f).includes('[native code]');
    const hid = Object.getOwnPropertyDescriptor(Navigator.prototype, 'hid');
    return [native(HID.prototype.getDevices), native(USB.prototype.requestDevice), native(Serial.prototype.getPorts),
      typeof hid.get, hid.set, native(hid.get), Object.prototype.hasOwnProperty.call(navigator, 'hid')];
  })).toEqual([true, true, true, 'function', undefined, true, false]);
  // A page that read a new frame's navigator.hid while the frame was being settled can still be left.
  await page.goto(serve('/peripherals-next.html', shimPage()));
  expect(await page.evaluate(() => typeof navigator.hid.getDevices)).toBe('function');
});

// A worker has the lists (no chooser): each asks the page's engine, and its connect events follow
// the page's consent as pushed to it.
test('a worker\'s HID, USB and serial lists ask the page\'s engine; its connect events follow the page\'s consent', async ({ page, serve }) => {
  await page.goto(serve('/peripherals-worker.html', shimPage()));
  const inWorker = () => {
    window.deviceWorker = window.deviceWorker || new Worker(URL.createObjectURL(new Blob([`
      const heard = [];
      navigator.hid.addEventListener('connect', () => heard.push('hid'));
      navigator.usb.onconnect = () => heard.push('usb');
      onmessage = async () => {
        const lists = await Promise.all([navigator.hid.getDevices(), navigator.usb.getDevices(), navigator.serial.getPorts()]);
        navigator.hid.dispatchEvent(new Event('connect'));
        navigator.usb.dispatchEvent(new Event('connect'));
        postMessage({ lists: lists.map((l) => Array.isArray(l) && l.length), heard: heard.splice(0) });
      };`])));
    return new Promise((resolve) => { deviceWorker.onmessage = (e) => resolve(e.data); deviceWorker.postMessage('go'); });
  };
  const decisions = async () => (await ledgerOf(page, 'devices')).map((e) => e.action);
  expect(await page.evaluate(inWorker)).toEqual({ lists: [0, 0, 0], heard: [] });
  expect(await decisions()).toEqual(['deny', 'deny', 'deny']);
  await grant(page, 'call');
  // The browser here has no device to list: the answer is its own empty list, the page's engine allowing it.
  expect(await page.evaluate(inWorker)).toEqual({ lists: [0, 0, 0], heard: ['hid', 'usb'] });
  expect((await decisions()).slice(3)).toEqual(['allow', 'allow', 'allow']);
  await revoke(page, 'call');
  expect(await page.evaluate(inWorker)).toEqual({ lists: [0, 0, 0], heard: [] });
});

// An engine that failed to start refuses the list in workers too: their connect events stop
// (the closed engine's surfaceAction).
test('an engine that failed to start: a worker\'s lists are empty and its connect events stopped', async ({ page, serve }) => {
  await failEngineStart(page);
  await page.goto(serve('/peripherals-failed.html', shimPage()));
  expect(await page.evaluate(() => RtcPrivacyShim.current.status().reason)).toContain('engine failed to start');
  expect(await page.evaluate(() => new Promise((resolve) => {
    const worker = new Worker(URL.createObjectURL(new Blob([`
      const heard = [];
      navigator.hid.addEventListener('connect', () => heard.push('hid'));
      navigator.hid.getDevices().then((list) => {
        navigator.hid.dispatchEvent(new Event('connect'));
        postMessage({ listed: list.length, heard });
      });`])));
    worker.onmessage = (e) => resolve(e.data);
  }))).toEqual({ listed: 0, heard: [] });
});

// The worker side on its own, in a page with natives that have a device to hand out (a worker's
// bootstrap wraps its natives before any script could fake them): the device a list handed out
// is closed, and the stop told to the page, when a push says the list is refused.
test('the worker side closes the devices it handed out when the page\'s engine refuses the list', async ({ page, serve }) => {
  await page.addInitScript(FAKE_PERIPHERALS);
  await page.goto(serve('/peripherals-worker-side.html', '<!doctype html><p>worker side</p>'));
  const result = await page.evaluate(async () => {
    const { workerPeripherals, PERIPHERALS } = await import('/js-bindings/surfaces/permissions/peripherals.js');
    const { createWrapKit } = await import('/js-bindings/wrap.js');
    const { workerNatives } = await import('/js-bindings/realms/worker-boot.js');
    const asked = [];
    const pushes = [];
    const channel = {
      ask(op, args, onAnswer) { asked.push([op, args]); onAnswer(op === 'devices.list' ? 'call' : undefined); },
      onPush(fn) { pushes.push(fn); },
    };
    workerPeripherals(createWrapKit(), { devicesAllow: true, peripherals: PERIPHERALS }, channel, workerNatives());
    const listed = (await navigator.hid.getDevices()).map((d) => d.label);
    await navigator.hid.getDevices();  // the same device again: closed once
    pushes.forEach((fn) => fn({ devicesAllow: true }));
    const closedWhileAllowed = window.__closed.slice();
    pushes.forEach((fn) => fn({ devicesAllow: false }));
    return { listed, closedWhileAllowed, closed: window.__closed, asked };
  });
  expect(result).toEqual({
    listed: ['Jabra Evolve2 65'],
    closedWhileAllowed: [],
    closed: ['Jabra Evolve2 65'],
    asked: [['devices.list', null], ['devices.list', null], ['devices.stopped', 'call']],
  });
});

// A shared worker's bootstrap may be older than the page's last consent change: its connect
// events stop, whatever the bootstrap says, until the page's first push.
test('the worker side of a shared worker stops connect events until the page\'s first answer', async ({ page, serve }) => {
  await page.goto(serve('/peripherals-shared-side.html', '<!doctype html><p>worker side</p>'));
  expect(await page.evaluate(async () => {
    const { workerPeripherals, PERIPHERALS } = await import('/js-bindings/surfaces/permissions/peripherals.js');
    const { createWrapKit } = await import('/js-bindings/wrap.js');
    const { workerNatives } = await import('/js-bindings/realms/worker-boot.js');
    window.WorkerNavigator = Navigator;  // a worker's navigator, here the page's
    const pushes = [];
    const channel = { ask() {}, onPush(fn) { pushes.push(fn); } };
    workerPeripherals(createWrapKit(), { shared: true, devicesAllow: true, peripherals: PERIPHERALS }, channel, workerNatives());
    const heard = [];
    navigator.hid.addEventListener('connect', () => heard.push(heard.length));
    const fire = () => { navigator.hid.dispatchEvent(new Event('connect')); return heard.length; };
    const before = fire();
    pushes.forEach((fn) => fn({ devicesAllow: true }));
    return [before, fire()];
  })).toEqual([0, 1]);
});
