// Device information (wasm/core/device_policy.hpp, device_info.hpp): navigator.userAgent,
// appVersion, platform, vendor, maxTouchPoints, userAgentData (and getHighEntropyValues),
// hardwareConcurrency, deviceMemory, performance.memory's heap limit, connection, getBattery,
// screen.*, devicePixelRatio, matchMedia's device features, getScreenDetails, WebGL's unmasked
// vendor and renderer, WebGPU's adapter info, storage.estimate; in workers, the GPU (workerGpu)
// and storage.estimate (workerStorageEstimate). Per manifest item the engine answers allow (the
// native value), generalize or deny. At the first read the natives are read once and the
// engine turns them into a book of generalized answers; a getter then costs a lookup of the
// cached decision and of the book, and a consent change only drops the decisions.
import { accessorOf, domString, each, mapPut, mapValue, natives, protoOf, read, then, weakGet, weakSet, withArgument } from '../natives.js';
import { wrapGetter, wrapMethod } from '../wrap.js';
import { BLOCKED } from './device-blocked.js';
import { realmTools } from './permissions/realm.js';
import { source } from '../realms/worker-boot.js';
import { extendWorkers } from '../realms/workers.js';

const { apply, create, freeze, isArray, keys } = natives;
const deleteProperty = Reflect.deleteProperty;
const split = String.prototype.split;

// [interface, its getters, the item deciding them, where their answers are in the book].
// The connection's type and downlinkMax are not in the book: generalized, they read as on a
// desktop Chrome, which has neither.
const GETTERS = [
  ['Navigator', 'userAgent appVersion platform vendor maxTouchPoints', 'userAgent', 'navigator'],
  ['Navigator', 'hardwareConcurrency', 'hardwareConcurrency'],
  ['Navigator', 'deviceMemory', 'deviceMemory'],
  // performance.memory (Chromium): the heap limit follows the device's memory.
  ['MemoryInfo', 'jsHeapSizeLimit', 'deviceMemory', 'memoryInfo'],
  ['Screen', 'width height availWidth availHeight availLeft availTop colorDepth pixelDepth isExtended', 'screen', 'screen'],
  ['NavigatorUAData', 'mobile platform', 'userAgent', 'uaData'],
  ['NetworkInformation', 'type effectiveType downlink downlinkMax rtt saveData', 'networkType', 'connection'],
  ['BatteryManager', 'charging level chargingTime dischargingTime', 'battery', 'battery'],
];
// The window's geometry (own accessors of the window), each with the inner size it reads as.
const WINDOW_GEOMETRY = [['outerWidth', 'innerWidth'], ['outerHeight', 'innerHeight'], ['screenX'], ['screenY'], ['screenLeft'], ['screenTop']];
const UNMASKED_VENDOR = 0x9245;
const UNMASKED_RENDERER = 0x9246;

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

// MemoryInfo has no global: its prototype is that of the object performance.memory makes
// (Chromium; none elsewhere).
function memoryInfoProto(realm) {
  const memory = natives.getOwnPropertyDescriptor(protoOf(realm, 'Performance') || {}, 'memory');
  try {
    return memory && memory.get ? natives.getPrototypeOf(read(memory, realm.performance)) : undefined;
  } catch {
    return undefined;  // no Performance object there: nothing to read it from either
  }
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
    const target = iface === 'MemoryInfo' ? memoryInfoProto(realm) : protoOf(realm, iface);
    each(apply(split, entry[1], [' ']), (name) => guard(target, name, entry[2], owners[iface],
      (answer) => (group ? answer[group][name] : answer[name])));
  });
  // An own accessor of the window itself, not of a prototype.
  guard(realm, 'devicePixelRatio', 'devicePixelRatio', realm, (answer) => answer.devicePixelRatio);
  // The window's place and outer size tell of the screen (a maximized window's outer size is
  // the screen's, a negative screenX a second monitor): with the screen, as a window filling the
  // screen's corner without browser chrome, its outer size its inner size, at 0, 0.
  each(WINDOW_GEOMETRY, (entry) => {
    const inner = entry[1] && natives.getOwnPropertyDescriptor(realm, entry[1]);
    guard(realm, entry[0], 'screen', realm, () => (inner && inner.get ? number(readNative(inner.get, realm)) : 0));
  });

  // matchMedia (wasm/core/media_query.hpp): a query naming the screen's size or the pixel ratio
  // is answered for the screen and ratio the page sees, unless the engine allows what it names.
  const seen = (action, name) => (action === 'allow' ? number(readNative(native[name], name === 'devicePixelRatio' ? realm : owners.Screen))
    : name === 'devicePixelRatio' ? answers(action).devicePixelRatio : answers(action).screen[name]);
  installMatchMedia(realm, core, (kinds) => {
    const screen = kinds & 1 ? decide('screen') : 'allow';
    const ratio = kinds & 2 ? decide('devicePixelRatio') : 'allow';
    if (screen === 'allow' && ratio === 'allow') return null;
    return [seen(screen, 'width'), seen(screen, 'height'), seen(ratio, 'devicePixelRatio')];
  });

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
  installScreenDetails(realm, decide);
  installStorageEstimate(realm, core, decide);
  installWebGl(realm, core, decide, ctx);
  installWebGpu(realm, core, decide);
  if (!weakGet(workersGuarded, ctx)) {
    weakSet(workersGuarded, ctx, true);
    const figure = (args, name) => (args !== null && typeof args === 'object' && typeof args[name] === 'number' ? args[name] : NaN);
    extendWorkers(ctx, {
      services: {
        'gpu.read': () => { decide('gpu'); },
        'storage.estimate': (args) => estimateAnswer(core, decide('storageEstimate'), figure(args, 'quota'), figure(args, 'usage')),
      },
      config: { blockedEstimate: estimateAnswer(core, 'deny') },
      live: { gpuAllow: () => core.deviceAction('gpu') === 'allow' },
      statement: `  (${source(workerGpu)})(kit, config, channel, w, ${source(guardDebugInfo)});\n  (${source(workerStorageEstimate)})(kit, config, channel, w, ${source(applyEstimate)});`,
    });
  }
}
const workersGuarded = new natives.WeakMap();  // ctx → its workers' GPU reads and storage estimates are guarded

// Worker side (self-contained: its source runs in the worker bootstrap, before the worker's
// script). The GPU a worker can read: WebGL's renderer info on an OffscreenCanvas and WebGPU's
// adapter info. Their reads return at once and cannot ask the page's engine: the worker shows
// the browser's values when the page's engine allows them (config.gpuAllow, sent again after
// each consent change), otherwise what a blocked GPU shows in the page (no
// WEBGL_debug_renderer_info, null, empty adapter info): a GPU the page would generalize is
// blocked here, as the worker has no engine to generalize it. A shared worker, whose bootstrap
// may be stale, is blocked until its first message. The page records a read when the worker
// tells it of one (gpu.read, once until the next change).
export function workerGpu(kit, config, channel, w, guardDebugInfo) {
  const { apply, has } = w;
  if (config.shared) config.gpuAllow = false;
  let allow = config.gpuAllow === true;
  let told = false;
  channel.onPush((push) => {
    if (!has(push, 'gpuAllow')) return;
    config.gpuAllow = allow = push.gpuAllow === true;  // config: what the workers this one creates start with
    told = false;
  });
  const skip = () => {};
  const allowed = () => {
    if (!told) channel.ask('gpu.read', null, skip, skip);
    told = true;
    return allow;
  };
  const n = { apply, toUpperCase: String.prototype.toUpperCase, splice: Array.prototype.splice };
  const contexts = ['WebGLRenderingContext', 'WebGL2RenderingContext'];
  for (let i = 0; i < contexts.length; i++) {
    const context = self[contexts[i]];
    if (typeof context === 'function') {
      guardDebugInfo(kit.wrapMethod, n, context.prototype, (pname, value) => (allowed() ? value : null), () => !allowed());
    }
  }
  const info = self.GPUAdapterInfo;
  if (typeof info === 'function') {
    const names = ['vendor', 'architecture', 'device', 'description'];
    for (let i = 0; i < names.length; i++) {
      kit.wrapGetter(info.prototype, names[i], (original, me) => {
        const value = apply(original, me, []);  // the browser's receiver check first
        return allowed() ? value : '';
      });
    }
  }
}

// window.matchMedia: view(kinds) is null when the page may see the device's values for the
// kinds of feature a query names, else [width, height, ratio] to answer it for. An answered
// query's MediaQueryList (and its change events) still show the page's own query as `media`.
function installMatchMedia(realm, core, view) {
  const mediaOf = accessorOf('MediaQueryList', 'media', realm);
  const eventMediaOf = accessorOf('MediaQueryListEvent', 'media', realm);
  const targetOf = accessorOf('Event', 'target', realm);
  const asked = new natives.WeakMap();  // answered list → the page's query, as the browser writes it
  wrapMethod(realm, 'matchMedia', (original, self, args) => {
    if (args.length < 1) return apply(original, self, args);
    const query = domString(args[0]);
    const kinds = core.mediaFeatures(query);
    const values = kinds ? view(kinds) : null;
    if (!values) return apply(original, self, [query]);
    const list = apply(original, self, [core.mediaAnswer(query, values[0], values[1], values[2])]);
    if (mediaOf) {
      // A list of the page's own query, never evaluated: only for how the browser writes it.
      weakSet(asked, list, apply(mediaOf.get, apply(original, self, [query]), []));
    }
    return list;
  });
  if (mediaOf) {
    wrapGetter(protoOf(realm, 'MediaQueryList'), 'media', (original, self) => {
      const media = apply(original, self, []);
      const own = weakGet(asked, self);
      return own === undefined ? media : own;
    });
  }
  if (eventMediaOf && targetOf) {
    // By the list the event was fired at, not by its text: the page's own list of the same
    // text as an answered query ("(min-width: 0px)") keeps its own.
    wrapGetter(protoOf(realm, 'MediaQueryListEvent'), 'media', (original, self) => {
      const media = apply(original, self, []);
      const own = weakGet(asked, apply(targetOf.get, self, []));
      return own === undefined ? media : own;
    });
  }
}

// A rejection with the realm's NotAllowedError, as the browser gives when the user refuses.
function refusal(realm) {
  const tools = realmTools(realm);
  return (message) => tools.reject(tools.notAllowed(message));
}

function installBattery(realm, decide) {
  const refuse = refusal(realm);
  wrapMethod(protoOf(realm, 'Navigator'), 'getBattery', (original, self, args) => (blocked(decide('battery'))
    ? refuse('Permission denied')
    : apply(original, self, args)));
}

// window.getScreenDetails (Window Management API): every screen's size, place, pixel ratio and
// name (a monitor's model: "DELL U2720Q"), past the screen and pixel ratio the page sees. No
// generalized screens can be made (ScreenDetailed has no constructor): the browser's answer
// when the engine allows it (the item screenDetails), else the refusal of a user who says no
// to the permission.
function installScreenDetails(realm, decide) {
  const refuse = refusal(realm);
  wrapMethod(realm, 'getScreenDetails', (original, self, args) => (
    decide('screenDetails') === 'allow' ? apply(original, self, args) : refuse('Permission denied.')));
}

// What a storage estimate of `quota` and `usage` (numbers, NaN where unreadable) reads as under
// `action`: allow, the browser's own; generalized, the engine's quota bucket; blocked, fixed
// figures and no usageDetails. Every field is the answer's own, whatever the action: it crosses
// to workers by structured clone, and a field missing there would be read from the worker's
// Object.prototype, which its script may have given an `allow`.
function estimateAnswer(core, action, quota, usage) {
  const allow = action === 'allow';
  const generalize = action === 'generalize';
  return {
    allow,
    quota: allow ? quota : generalize ? core.deviceQuota(quota, usage) : BLOCKED.storageEstimate.quota,
    usage: allow || generalize ? usage : BLOCKED.storageEstimate.usage,
    blocked: !allow && !generalize,
  };
}
// `estimate` (the browser's) edited as `answer` (estimateAnswer's) says. Self-contained: a
// worker's bootstrap runs its source too.
export function applyEstimate(estimate, answer) {
  if (answer.allow === true) return estimate;
  estimate.quota = answer.quota;
  if (answer.blocked === true) {
    estimate.usage = answer.usage;
    delete estimate.usageDetails;  // the operator: a page cannot replace it
  }
  return estimate;
}

function installStorageEstimate(realm, core, decide) {
  wrapMethod(protoOf(realm, 'StorageManager'), 'estimate', (original, self, args) => {
    const action = decide('storageEstimate');
    const pending = apply(original, self, args);
    if (action === 'allow') return pending;
    return then(pending, (estimate) => applyEstimate(estimate, estimateAnswer(core, action, number(estimate.quota), number(estimate.usage))));
  });
}

// Worker side (self-contained): navigator.storage.estimate() in a worker, answered as the
// page's (the worker's figures go to the page, whose engine decides and records); without
// an answer from the page, as a blocked one (config.blockedEstimate).
export function workerStorageEstimate(kit, config, channel, w, applyEstimate) {
  const Manager = self.StorageManager;
  if (typeof Manager !== 'function') return;
  const { apply } = w;
  const promiseThen = Promise.prototype.then;
  const number = (value) => (typeof value === 'number' ? value : NaN);
  kit.wrapMethod(Manager.prototype, 'estimate', (original, me, args) => {
    const pending = apply(original, me, args);  // the browser's checks, and its figures
    return new w.Promise((resolve, reject) => apply(promiseThen, pending, [(estimate) => {
      const blocked = () => resolve(applyEstimate(estimate, config.blockedEstimate));
      channel.ask('storage.estimate', { quota: number(estimate.quota), usage: number(estimate.usage) },
        (answer) => (answer !== null && typeof answer === 'object' ? resolve(applyEstimate(estimate, answer)) : blocked()), blocked);
    }, reject]));
  });
}

// WebGPU's adapter info (GPUAdapterInfo, from GPUAdapter.info and GPUDevice.adapterInfo) under
// the item gpu, as WebGL's renderer: allowed, the browser's; generalized, what the engine
// keeps of it (the maker); blocked, empty strings, which WebGPU gives for any it withholds.
const ADAPTER_INFO = ['vendor', 'architecture', 'device', 'description'];
function installWebGpu(realm, core, decide) {
  const proto = protoOf(realm, 'GPUAdapterInfo');
  if (!proto) return;
  const native = create(null);
  const generalized = new natives.Map();  // "vendor\narchitecture\ndescription" → the engine's four answers
  each(ADAPTER_INFO, (name, index) => {
    native[name] = wrapGetter(proto, name, (original, self) => {
      const value = apply(original, self, []);  // the browser's receiver check first
      const action = decide('gpu');
      if (action === 'allow') return value;
      if (action !== 'generalize' || typeof value !== 'string') return '';
      const facts = [text(readNative(native.vendor, self)), text(readNative(native.architecture, self)),
        text(readNative(native.description, self))];
      const key = apply(natives.arrayJoin, facts, ['\n']);
      let answer = mapValue(generalized, key);
      if (!answer) {
        answer = core.deviceGpuAdapter(facts[0], facts[1], facts[2]);
        if (answer) mapPut(generalized, key, answer);
      }
      return answer ? text(answer[index]) : '';
    });
  });
}

// WebGL's renderer info on `proto` (a WebGL context prototype): UNMASKED_VENDOR/RENDERER
// answer what `unmasked(pname, value, original, self)` says, and while `hidden()` the
// WEBGL_debug_renderer_info extension is neither given nor listed. Self-contained (a worker's
// bootstrap runs its source too): `wrapMethod` is the realm's wrapper kit's, `n` holds
// { apply, toUpperCase, splice } (String's and Array's, captured).
export function guardDebugInfo(wrapMethod, n, proto, unmasked, hidden) {
  const VENDOR = 0x9245;
  const RENDERER = 0x9246;
  wrapMethod(proto, 'getParameter', (original, self, args) => {
    if (args.length === 0) return n.apply(original, self, args);
    // Converted once, as the browser would (a GLenum is ToUint32 of ToNumber): an object's
    // valueOf or 0x9246 + 2 ** 32 cannot show the check one value and WebGL another.
    const raw = args[0];
    const pname = typeof raw === 'number' ? raw >>> 0 : (+raw) >>> 0;
    const value = n.apply(original, self, typeof raw === 'number' ? args : [pname]);
    return pname === VENDOR || pname === RENDERER ? unmasked(pname, value, original, self) : value;
  });
  wrapMethod(proto, 'getExtension', (original, self, args) => {
    if (args.length === 0) return n.apply(original, self, args);
    const name = `${args[0]}`;  // a Symbol throws, as the native's conversion does
    const extension = n.apply(original, self, [name]);
    // Extension names are matched without regard to case.
    const debugInfo = extension !== null && n.apply(n.toUpperCase, name, []) === 'WEBGL_DEBUG_RENDERER_INFO';
    return debugInfo && hidden() ? null : extension;
  });
  wrapMethod(proto, 'getSupportedExtensions', (original, self, args) => {
    const list = n.apply(original, self, args);
    if (list && hidden()) {
      for (let i = list.length - 1; i >= 0; i--) if (list[i] === 'WEBGL_debug_renderer_info') n.apply(n.splice, list, [i, 1]);
    }
    return list;
  });
}
const debugInfoNatives = { apply, toUpperCase: natives.stringToUpperCase, splice: Array.prototype.splice };

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
  // The renderer strings as the engine decides: the browser's, the engine's generalized pair, or null.
  const unmasked = (pname, value, original, self) => {
    const action = decide('gpu');
    if (action === 'allow') return value;
    if (action !== 'generalize' || typeof value !== 'string') return null;
    const vendor = text(apply(original, self, [UNMASKED_VENDOR]));
    const renderer = text(apply(original, self, [UNMASKED_RENDERER]));
    const key = `${vendor}\n${renderer}`;
    let answer = mapValue(generalized, key);
    if (!answer) mapPut(generalized, key, answer = core.deviceGpu(vendor, renderer));
    return answer[pname === UNMASKED_VENDOR ? 0 : 1];
  };
  const guardPrototype = (proto) => {
    guardDebugInfo(wrapMethod, debugInfoNatives, proto, unmasked, () => blocked(decide('gpu')));
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
