// Device information (wasm/core/device_policy.hpp, device_info.hpp): navigator.userAgent,
// appVersion, platform, vendor, userAgentData (and getHighEntropyValues), hardwareConcurrency,
// deviceMemory, connection, getBattery, screen.*, devicePixelRatio, WebGL's unmasked vendor
// and renderer, storage.estimate. Per manifest item the engine answers allow (the native
// value), generalize or deny. At the first read the natives are read once and the engine
// turns them into a book of generalized answers; a getter then costs a lookup of the cached
// decision and of the book, and a consent change only drops the decisions.
import { each, mapPut, mapValue, natives, protoOf, realmPromises, then, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapGetter, wrapMethod } from '../wrap.js';

const { apply, create, freeze, isArray, keys } = natives;
const deleteProperty = Reflect.deleteProperty;
const split = String.prototype.split;
const arraySplice = Array.prototype.splice;

// What a blocked item reads as: fixed values, nothing of the device (at least 2 cores: SDKs
// size worker pools from it). A blocked connection or battery is not handed out at all.
// They live here, not in the engine, because they are also the answer when the engine could
// not start (core.js's stand-in blocks every item), and a shared worker's before the page's
// answers reach it (realms/worker-navigator.js): one copy serves all.
export const BLOCKED = {
  navigator: { userAgent: 'Mozilla/5.0', appVersion: '5.0', platform: '', vendor: '' },
  uaData: { brands: [], mobile: false, platform: '' },
  screen: { width: 1920, height: 1080, availWidth: 1920, availHeight: 1080, availLeft: 0, availTop: 0, colorDepth: 24, pixelDepth: 24, isExtended: false },
  devicePixelRatio: 1,
  hardwareConcurrency: 4,
  deviceMemory: 8,
  connection: {},
  battery: {},
  storageEstimate: { quota: 2 ** 30, usage: 0 },
};

// [interface, its getters, the item deciding them, where their answers are in the book].
// The connection's type and downlinkMax are not in the book: generalized, they read as on a
// desktop Chrome, which has neither.
const GETTERS = [
  ['Navigator', 'userAgent appVersion platform vendor', 'userAgent', 'navigator'],
  ['Navigator', 'hardwareConcurrency', 'hardwareConcurrency'],
  ['Navigator', 'deviceMemory', 'deviceMemory'],
  ['Screen', 'width height availWidth availHeight availLeft availTop colorDepth pixelDepth isExtended', 'screen', 'screen'],
  ['NavigatorUAData', 'mobile platform', 'userAgent', 'uaData'],
  ['NetworkInformation', 'type effectiveType downlink downlinkMax rtt saveData', 'networkType', 'connection'],
  ['BatteryManager', 'charging level chargingTime dischargingTime', 'battery', 'battery'],
];
const UNMASKED_VENDOR = 0x9245;
const UNMASKED_RENDERER = 0x9246;
const DEBUG_INFO = 'WEBGL_debug_renderer_info';

// Only these two let the page see the device; any other answer (an engine error too) blocks.
const blocked = (action) => action !== 'allow' && action !== 'generalize';
// getHighEntropyValues' low-entropy members, decided with the user agent.
const lowEntropy = (name) => name === 'brands' || name === 'mobile' || name === 'platform';

// What crosses to the engine from a native: a string or a number as read, anything else
// (a getter that throws, a value of another type) as nothing, which the engine answers with
// its generic user agent and lowest buckets. Never converted here: converting an object would
// run its toString or valueOf inside the shim, and a Symbol would throw out of another getter.
const text = (value) => (typeof value === 'string' ? value : '');
const number = (value) => (typeof value === 'number' ? value : NaN);
function readNative(getter, self) {
  try {
    return getter ? apply(getter, self, []) : undefined;
  } catch {
    return undefined;
  }
}

// One set of decisions per shim, shared by its realms; a consent change drops it. (The canvas
// surface keeps its decisions here too, under "canvas.<api>".) → decided(key, ask): the
// decision kept under `key`, else ask(), kept.
const decisionSets = new natives.WeakMap();
export function decisionsOf(ctx) {
  let set = weakGet(decisionSets, ctx);
  if (!set) {
    set = { items: create(null) };
    weakSet(decisionSets, ctx, set);
    ctx.onChange(() => { set.items = create(null); });
  }
  return (key, ask) => {
    const known = set.items[key];
    return known !== undefined ? known : (set.items[key] = ask());
  };
}

export function installDeviceInfo(ctx, realm) {
  const { core } = ctx;
  const decided = decisionsOf(ctx);
  // `name`: an item, or a getHighEntropyValues hint (the engine knows its item).
  const decide = (name) => decided(name, () => core.deviceDecide(name));
  // Copies made by this realm's JSON.parse, so a frame's page sees its own Array and Object.
  const realmJson = realm.JSON;
  const parse = realmJson.parse;
  const copy = (value) => apply(parse, realmJson, [natives.jsonStringify(value)]);

  const navigator = realm.navigator;
  const uaDataProto = protoOf(realm, 'NavigatorUAData');
  const uaData = uaDataProto && navigator ? navigator.userAgentData : undefined;
  const connectionGetter = wrapGetter(protoOf(realm, 'Navigator'), 'connection', (getter, self) => {
    const value = apply(getter, self, []);
    return blocked(decide('networkType')) ? undefined : value;
  });
  // The realm's one object each getter is for; other receivers go through the native getter
  // first, for its brand check and TypeError. (A BatteryManager is not known in advance.)
  const owners = {
    Navigator: navigator,
    Screen: realm.screen,
    NavigatorUAData: uaData,
    NetworkInformation: connectionGetter && navigator ? apply(connectionGetter, navigator, []) : undefined,
  };

  // The getters the book is made from, captured as they are wrapped.
  const native = create(null);
  let book;
  const answers = (action) => {
    if (action !== 'generalize') return BLOCKED;
    if (!book) {
      const read = (name, self) => number(readNative(native[name], self));
      const brands = uaData ? readNative(native.brands, uaData) : undefined;
      let lines = '';
      if (isArray(brands)) {
        each(brands, (b) => {
          if (b && typeof b.version === 'string' && typeof b.brand === 'string') lines += `${b.version} ${b.brand}\n`;
        });
      }
      book = core.deviceInfo(text(readNative(native.userAgent, navigator)), lines, read('width', owners.Screen),
        read('height', owners.Screen), read('devicePixelRatio', realm), read('hardwareConcurrency', navigator),
        read('deviceMemory', navigator));
    }
    return book;
  };

  // The getter `name` of `target` for `item`: the native value when allowed, else pick(answers).
  function guard(target, name, item, own, pick) {
    native[name] = wrapGetter(target, name, (original, self) => {
      const action = decide(item);
      if (action === 'allow') return apply(original, self, []);
      if (self !== own) apply(original, self, []);
      return pick(answers(action), name);
    });
  }
  each(GETTERS, (entry) => {
    const iface = entry[0];
    const group = entry[3];
    const target = protoOf(realm, iface);
    each(apply(split, entry[1], [' ']), (name) => guard(target, name, entry[2], owners[iface],
      (answer) => (group ? answer[group][name] : answer[name])));
  });
  // An own accessor of the window itself, not of a prototype.
  guard(realm, 'devicePixelRatio', 'devicePixelRatio', realm, (answer) => answer.devicePixelRatio);

  if (uaData) {
    // A fresh frozen array at each read, as the browser's own.
    guard(uaDataProto, 'brands', 'userAgent', uaData, (answer) => freeze(copy(answer.uaData.brands)));
    wrapMethod(uaDataProto, 'toJSON', (original, self, args) => {
      const value = apply(original, self, args);
      const action = decide('userAgent');
      if (action !== 'allow') {
        const data = answers(action).uaData;
        each(['brands', 'mobile', 'platform'], (name) => { value[name] = copy(data[name]); });
      }
      return value;
    });
    // The browser checks the receiver and the hints; its answer is then edited in place, each
    // member as the engine decides it (one it does not know is dropped).
    wrapMethod(uaDataProto, 'getHighEntropyValues', (original, self, args) => then(apply(original, self, args), (values) => {
      each(keys(values), (name) => {
        const low = lowEntropy(name);
        const action = decide(low ? 'userAgent' : name);
        if (action === 'allow') return;
        const answer = answers(action);
        if (low) values[name] = copy(answer.uaData[name]);
        else if (action === 'generalize') values[name] = copy(answer.hints[name]);
        else deleteProperty(values, name);
      });
      return values;
    }));
  }

  installBattery(realm, decide);
  installStorageEstimate(realm, core, decide, answers);
  installWebGl(realm, core, decide, ctx);
}

function installBattery(realm, decide) {
  const { reject } = realmPromises(realm);
  const RealmDOMException = realm.DOMException;
  wrapMethod(protoOf(realm, 'Navigator'), 'getBattery', (original, self, args) => (blocked(decide('battery'))
    ? reject(new RealmDOMException('Permission denied', 'NotAllowedError'))
    : apply(original, self, args)));
}

function installStorageEstimate(realm, core, decide, answers) {
  wrapMethod(protoOf(realm, 'StorageManager'), 'estimate', (original, self, args) => {
    const action = decide('storageEstimate');
    const pending = apply(original, self, args);
    if (action === 'allow') return pending;
    return then(pending, (estimate) => {
      if (action === 'generalize') {
        estimate.quota = core.deviceQuota(number(estimate.quota), number(estimate.usage));
      } else {
        const fixed = answers(action).storageEstimate;
        estimate.quota = fixed.quota;
        estimate.usage = fixed.usage;
        deleteProperty(estimate, 'usageDetails');
      }
      return estimate;
    });
  });
}

// WebGL's interface objects are among the costliest the browser makes (hundreds of constants
// and methods each): a page that never uses WebGL should not pay for them at boot. Each stays unmade until the page reaches it, by its global or by a context
// from getContext, and is guarded at that moment, before the page can hold one of its natives.
const WEBGL_INTERFACES = [['WebGLRenderingContext', 'webgl'], ['WebGL2RenderingContext', 'webgl2']];
const contextInterface = (type) => (type === 'webgl' || type === 'experimental-webgl' ? 0 : type === 'webgl2' ? 1 : -1);
const functionBind = Function.prototype.bind;

// Other surfaces guard more of a WebGL interface when it is guarded: ctx.webglGuards holds
// their guard(proto) functions (the canvas surface's readPixels).
function installWebGl(realm, core, decide, ctx) {
  const generalized = new natives.Map();  // "vendor\nrenderer" → [vendor, renderer]
  const guardPrototype = (proto) => {
    wrapMethod(proto, 'getParameter', (original, self, args) => {
      if (args.length === 0) return apply(original, self, args);
      // Converted once, as the browser would (a GLenum is ToUint32 of ToNumber): an object's
      // valueOf or 0x9246 + 2 ** 32 cannot show the check one value and WebGL another.
      const raw = args[0];
      const pname = typeof raw === 'number' ? raw >>> 0 : (+raw) >>> 0;
      const value = apply(original, self, typeof raw === 'number' ? args : withArgument(args, 0, pname));
      if (pname !== UNMASKED_VENDOR && pname !== UNMASKED_RENDERER) return value;
      const action = decide('gpu');
      if (action === 'allow') return value;
      if (action !== 'generalize' || typeof value !== 'string') return null;
      const vendor = text(apply(original, self, [UNMASKED_VENDOR]));
      const renderer = text(apply(original, self, [UNMASKED_RENDERER]));
      const key = `${vendor}\n${renderer}`;
      let answer = mapValue(generalized, key);
      if (!answer) mapPut(generalized, key, answer = core.deviceGpu(vendor, renderer));
      return answer[pname === UNMASKED_VENDOR ? 0 : 1];
    });
    wrapMethod(proto, 'getExtension', (original, self, args) => {
      if (args.length === 0) return apply(original, self, args);
      const name = `${args[0]}`;
      const extension = apply(original, self, withArgument(args, 0, name));
      // Extension names are matched without regard to case.
      const debugInfo = extension !== null && apply(natives.stringToUpperCase, name, []) === 'WEBGL_DEBUG_RENDERER_INFO';
      return debugInfo && blocked(decide('gpu')) ? null : extension;
    });
    wrapMethod(proto, 'getSupportedExtensions', (original, self, args) => {
      const list = apply(original, self, args);
      if (list && blocked(decide('gpu'))) {
        for (let i = list.length - 1; i >= 0; i--) if (list[i] === DEBUG_INFO) apply(arraySplice, list, [i, 1]);
      }
      return list;
    });
    if (ctx.webglGuards) each(ctx.webglGuards, (guardMore) => guardMore(proto));
  };

  const offscreen = protoOf(realm, 'OffscreenCanvas');
  const offscreenGetContext = offscreen && natives.getOwnPropertyDescriptor(offscreen, 'getContext');
  const makeOffscreen = realm.OffscreenCanvas;
  // Per interface: pending (the global is the shim's accessor) until guarded.
  const pending = [false, false];

  // Guards the interface whose context `context` is, then puts the global back as the
  // browser's own data property (unless the page has replaced it meanwhile).
  function guard(index, context) {
    if (!pending[index]) return;
    const proto = natives.getPrototypeOf(context);
    const ctorDesc = proto && natives.getOwnPropertyDescriptor(proto, 'constructor');
    if (!ctorDesc || typeof ctorDesc.value !== 'function') return;
    pending[index] = false;
    guardPrototype(proto);
    const name = WEBGL_INTERFACES[index][0];
    const desc = natives.getOwnPropertyDescriptor(realm, name);
    if (desc && desc.get === accessors[index]) {
      natives.defineProperty(realm, name, { value: ctorDesc.value, writable: true, enumerable: false, configurable: true });
    }
  }
  // The page reads the global first: a throwaway context shows the interface (the browser's
  // getContext, not the page's). Where WebGL cannot make one, the page cannot use the
  // interface either: it reads undefined, and the global stays pending for a later context.
  function reach(index) {
    if (pending[index] && offscreenGetContext && makeOffscreen) {
      try {
        const context = apply(offscreenGetContext.value, new makeOffscreen(1, 1), [WEBGL_INTERFACES[index][1]]);
        if (context) guard(index, context);
      } catch {
        // no context: stays pending
      }
    }
    return pending[index] ? undefined : realm[WEBGL_INTERFACES[index][0]];
  }
  const accessors = [];
  each(WEBGL_INTERFACES, (entry, index) => {
    const name = entry[0];
    if (!apply(natives.objectHasOwn, realm, [name])) return;
    // A bound function reports native source, like the browser's own functions.
    const get = apply(functionBind, ({ get() { return reach(index); } }).get, [undefined]);
    const set = apply(functionBind, ({ set(value) {
      natives.defineProperty(realm, name, { value, writable: true, enumerable: false, configurable: true });
    } }).set, [undefined]);
    natives.defineProperty(get, 'name', { value: `get ${name}` });
    natives.defineProperty(set, 'name', { value: `set ${name}` });
    accessors[index] = get;
    if (!deleteProperty(realm, name)) return;
    natives.defineProperty(realm, name, { get, set, enumerable: false, configurable: true });
    pending[index] = true;
  });

  // Contexts come from getContext: the first of each kind guards its interface before the
  // page holds it. The type is converted once, as the browser does.
  const hook = (proto) => wrapMethod(proto, 'getContext', (original, self, args) => {
    if (args.length === 0) return apply(original, self, args);
    const type = `${args[0]}`;
    const context = apply(original, self, withArgument(args, 0, type));
    const index = contextInterface(type);
    if (context && index >= 0) guard(index, context);
    return context;
  });
  hook(protoOf(realm, 'HTMLCanvasElement'));
  hook(offscreen);
}
