// Init script for scripts/observe-sdk.mjs: counts what the page's scripts read of the device
// and what they store, per phase, without changing any answer. Injected before any script of
// the page, so it sees every read. Wrappers answer Function.prototype.toString as natives do:
// veRTC checks that the media APIs look native and reports the ones that do not.
(() => {
  const probe = { phase: 'import', reads: {}, writes: {}, scripts: [], iceServers: [], secrets: { deviceIds: [], labels: [], gpu: [] } };
  Object.defineProperty(window, '__probe', { value: probe, enumerable: false });
  const wrappers = new WeakMap();
  const nativeToString = Function.prototype.toString;
  const toStringWrapper = function toString() {
    return wrappers.has(this) ? `function ${wrappers.get(this)}() { [native code] }` : nativeToString.call(this);
  };
  wrappers.set(toStringWrapper, 'toString');
  Object.defineProperty(Function.prototype, 'toString', { value: toStringWrapper, writable: true, configurable: true });

  const count = (table, name) => {
    const byPhase = table[name] || (table[name] = {});
    byPhase[probe.phase] = (byPhase[probe.phase] || 0) + 1;
  };
  const read = (name) => count(probe.reads, name);
  const write = (name) => count(probe.writes, name);
  const own = (target, key) => Object.getOwnPropertyDescriptor(target, key);

  function getter(target, key, label) {
    const d = target && own(target, key);
    if (!d || !d.get) return;
    const get = d.get;
    const wrapped = { get [key]() { read(label); return get.call(this); } };
    const fn = own(wrapped, key).get;
    wrappers.set(fn, `get ${key}`);
    Object.defineProperty(target, key, { ...d, get: fn });
  }
  // describe(args, result) names what was asked (a permission, a WebGL parameter); `after`
  // sees the answer (kept only in probe.secrets, to recognise it later in what is sent).
  function method(target, key, label, describe, after) {
    const d = target && own(target, key);
    if (!d || typeof d.value !== 'function') return;
    const original = d.value;
    const wrapped = {
      [key](...args) {
        read(describe ? `${label}(${describe(args)})` : label);
        const result = original.apply(this, args);
        if (after) after(args, result);
        return result;
      },
    }[key];
    wrappers.set(wrapped, key);
    Object.defineProperty(target, key, { ...d, value: wrapped });
  }
  function constructor(name, describe) {
    const Original = window[name];
    if (typeof Original !== 'function') return;
    const Wrapped = new Proxy(Original, {
      construct(target, args, newTarget) {
        read(describe ? `new ${name}(${describe(args)})` : `new ${name}`);
        return Reflect.construct(target, args, newTarget === Wrapped ? target : newTarget);
      },
    });
    wrappers.set(Wrapped, name);
    Object.defineProperty(window, name, { value: Wrapped, writable: true, configurable: true });
  }
  const arg0 = (args) => String(args[0]);
  const scheme = (args) => { try { return new URL(String(args[0]), location.href).protocol; } catch { return '?'; } };

  const N = Navigator.prototype;
  for (const key of ['userAgent', 'appVersion', 'platform', 'vendor', 'language', 'languages', 'hardwareConcurrency',
    'deviceMemory', 'connection', 'userAgentData', 'maxTouchPoints', 'cookieEnabled', 'doNotTrack', 'globalPrivacyControl',
    'onLine', 'webdriver', 'plugins', 'mimeTypes', 'product', 'productSub', 'vendorSub', 'appName', 'appCodeName',
    'geolocation', 'clipboard', 'storage', 'gpu', 'mediaDevices', 'permissions', 'serviceWorker']) {
    getter(N, key, `navigator.${key}`);
  }
  method(N, 'getBattery', 'navigator.getBattery');
  method(N, 'sendBeacon', 'navigator.sendBeacon');
  method(N, 'vibrate', 'navigator.vibrate');
  const MD = window.MediaDevices && MediaDevices.prototype;
  method(MD, 'enumerateDevices', 'mediaDevices.enumerateDevices', null, (args, result) => {
    Promise.resolve(result).then((list) => {
      for (const d of list) {
        if (d.deviceId && d.deviceId !== 'default') probe.secrets.deviceIds.push(d.deviceId);
        if (d.groupId) probe.secrets.deviceIds.push(d.groupId);
        if (d.label) probe.secrets.labels.push(d.label);
      }
    }, () => {});
  });
  method(MD, 'getUserMedia', 'mediaDevices.getUserMedia', (args) => Object.keys(args[0] || {}).join('+'));
  method(MD, 'getDisplayMedia', 'mediaDevices.getDisplayMedia');
  method(MD, 'getSupportedConstraints', 'mediaDevices.getSupportedConstraints');
  method(window.Permissions && Permissions.prototype, 'query', 'permissions.query', (args) => String(args[0] && args[0].name));
  method(window.Geolocation && Geolocation.prototype, 'getCurrentPosition', 'geolocation.getCurrentPosition');
  method(window.Geolocation && Geolocation.prototype, 'watchPosition', 'geolocation.watchPosition');
  method(window.Clipboard && Clipboard.prototype, 'readText', 'clipboard.readText');
  method(window.Clipboard && Clipboard.prototype, 'read', 'clipboard.read');
  method(window.StorageManager && StorageManager.prototype, 'estimate', 'storage.estimate');
  if (window.Notification) method(Notification, 'requestPermission', 'Notification.requestPermission');
  if (window.Notification) getter(Notification, 'permission', 'Notification.permission');

  const S = Screen.prototype;
  for (const key of ['width', 'height', 'availWidth', 'availHeight', 'availLeft', 'availTop', 'colorDepth', 'pixelDepth', 'orientation']) {
    getter(S, key, `screen.${key}`);
  }
  for (const key of ['devicePixelRatio', 'outerWidth', 'outerHeight', 'screenX', 'screenY']) getter(window, key, `window.${key}`);
  const NI = window.NetworkInformation && NetworkInformation.prototype;
  for (const key of ['effectiveType', 'type', 'downlink', 'downlinkMax', 'rtt', 'saveData']) getter(NI, key, `connection.${key}`);
  const UAD = window.NavigatorUAData && NavigatorUAData.prototype;
  for (const key of ['brands', 'mobile', 'platform']) getter(UAD, key, `userAgentData.${key}`);
  method(UAD, 'getHighEntropyValues', 'userAgentData.getHighEntropyValues', (args) => (args[0] || []).join('+'));
  getter(window.Performance && Performance.prototype, 'memory', 'performance.memory');

  const GL_PARAMS = { 0x9245: 'UNMASKED_VENDOR_WEBGL', 0x9246: 'UNMASKED_RENDERER_WEBGL', 0x1F00: 'VENDOR', 0x1F01: 'RENDERER', 0x1F02: 'VERSION', 0x8B8C: 'SHADING_LANGUAGE_VERSION' };
  for (const GL of [window.WebGLRenderingContext, window.WebGL2RenderingContext]) {
    if (!GL) continue;
    method(GL.prototype, 'getParameter', 'webgl.getParameter', (args) => GL_PARAMS[args[0]] || 'other', (args, result) => {
      if ((args[0] === 0x9245 || args[0] === 0x9246) && typeof result === 'string') probe.secrets.gpu.push(result);
    });
    method(GL.prototype, 'getExtension', 'webgl.getExtension', arg0);
    method(GL.prototype, 'getSupportedExtensions', 'webgl.getSupportedExtensions');
  }
  method(HTMLCanvasElement.prototype, 'getContext', 'canvas.getContext', arg0);
  method(HTMLCanvasElement.prototype, 'toDataURL', 'canvas.toDataURL');
  method(HTMLCanvasElement.prototype, 'toBlob', 'canvas.toBlob');
  method(CanvasRenderingContext2D.prototype, 'getImageData', 'canvas2d.getImageData');
  method(CanvasRenderingContext2D.prototype, 'fillText', 'canvas2d.fillText', (args) => JSON.stringify(String(args[0])));
  method(Intl.DateTimeFormat.prototype, 'resolvedOptions', 'Intl.DateTimeFormat.resolvedOptions');
  method(Date.prototype, 'getTimezoneOffset', 'Date.getTimezoneOffset');
  method(window, 'matchMedia', 'matchMedia', arg0);

  constructor('AudioContext');
  constructor('OfflineAudioContext');
  constructor('Worker', scheme);
  constructor('SharedWorker', scheme);
  constructor('WebSocket', scheme);
  // ICE servers would make the browser send STUN/TURN packets, which no route can stop: they
  // are counted and removed.
  const PC = window.RTCPeerConnection;
  if (PC) {
    const strip = (config) => {
      if (config && Array.isArray(config.iceServers) && config.iceServers.length) {
        for (const s of config.iceServers) for (const u of [].concat(s.urls || s.url || [])) probe.iceServers.push(String(u).split('?')[0].replace(/^(\w+:)[^@]*@/, '$1'));
        return { ...config, iceServers: [] };
      }
      return config;
    };
    const WrappedPC = new Proxy(PC, {
      construct(target, args, newTarget) {
        read('new RTCPeerConnection');
        return Reflect.construct(target, [strip(args[0]), ...args.slice(1)], newTarget === WrappedPC ? target : newTarget);
      },
    });
    wrappers.set(WrappedPC, 'RTCPeerConnection');
    Object.defineProperty(window, 'RTCPeerConnection', { value: WrappedPC, writable: true, configurable: true });
    const setConfiguration = PC.prototype.setConfiguration;
    PC.prototype.setConfiguration = function setConfiguration_(config) { return setConfiguration.call(this, strip(config)); };
    wrappers.set(PC.prototype.setConfiguration, 'setConfiguration');
    method(PC.prototype, 'createDataChannel', 'RTCPeerConnection.createDataChannel');
    method(PC.prototype, 'getStats', 'RTCPeerConnection.getStats');
  }

  const D = Document.prototype;
  const cookie = own(D, 'cookie');
  const cookieAccessors = own({
    get cookie() { read('document.cookie'); return cookie.get.call(this); },
    set cookie(v) { write(`cookie:${String(v).split('=')[0].trim()}`); cookie.set.call(this, v); },
  }, 'cookie');
  wrappers.set(cookieAccessors.get, 'get cookie');
  wrappers.set(cookieAccessors.set, 'set cookie');
  Object.defineProperty(D, 'cookie', { ...cookie, get: cookieAccessors.get, set: cookieAccessors.set });
  const area = (storage) => (storage === window.sessionStorage ? 'sessionStorage' : 'localStorage');
  for (const [key, verb] of [['setItem', 'set'], ['removeItem', 'remove']]) {
    const original = Storage.prototype[key];
    const wrapped = { [key](name, ...rest) { write(`${area(this)}.${verb}:${String(name)}`); return original.call(this, name, ...rest); } }[key];
    wrappers.set(wrapped, key);
    Storage.prototype[key] = wrapped;
  }
  method(Storage.prototype, 'getItem', 'storage.getItem');
  const open = IDBFactory.prototype.open;
  IDBFactory.prototype.open = function open_(name, ...rest) { write(`indexedDB.open:${String(name)}`); return open.call(this, name, ...rest); };
  wrappers.set(IDBFactory.prototype.open, 'open');
  const deleteDatabase = IDBFactory.prototype.deleteDatabase;
  IDBFactory.prototype.deleteDatabase = function deleteDatabase_(name) { write(`indexedDB.delete:${String(name)}`); return deleteDatabase.call(this, name); };
  wrappers.set(IDBFactory.prototype.deleteDatabase, 'deleteDatabase');
  if (window.CacheStorage) method(CacheStorage.prototype, 'open', 'caches.open', arg0);

  // Scripts the SDK inserts: where from (host), or inline.
  new MutationObserver((records) => {
    for (const r of records) {
      for (const node of r.addedNodes) {
        if (node.nodeName !== 'SCRIPT') continue;
        let from = 'inline';
        if (node.src) { try { from = new URL(node.src).host; } catch { from = '?'; } }
        probe.scripts.push({ phase: probe.phase, from, id: node.id || '' });
      }
    }
  }).observe(document, { childList: true, subtree: true });
})();
