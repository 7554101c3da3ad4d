// SDK switches (sdks[].switches; the engine decides in wasm/core/sdk_switches.hpp): an SDK's
// own off switch, such as AgoraRTC.disableLogUpload(), called when the SDK's global appears
// and again at each consent change, as long as the engine says it applies. A second layer
// only: the shim's gates hold whether or not the switch exists, works or is declared.
import { each, natives, push } from '../natives.js';

const { apply, defineProperty, getOwnPropertyDescriptor, jsonParse } = natives;
const PREFIX = 'rtc-privacy-shim';

export function installSwitches(ctx, core, realm) {
  // SDKs put their global on the page's window; a manifest without switches does not start
  // the engine at arm time for them.
  // A cheap look at the text, not a parse: a manifest that may declare switches (the key
  // written plainly, or any \u escape that could spell it) starts the engine now; the engine
  // says which globals to watch.
  const text = ctx.manifestText;
  if (realm !== natives.global || typeof text !== 'string' || !(apply(natives.stringIncludes, text, ['switches']) || apply(natives.stringIncludes, text, ['\\u']))) return;
  const m = core.module;
  if (!m) return;  // no engine: nothing is granted, the gates deny on their own
  const appeared = [];

  // Runs inside the SDK's own `window.X = …` assignment: nothing it meets (a getter that throws,
  // an engine error) may throw into the SDK.
  function switchNow(name) {
    try {
      const sdk = realm[name];
      if (sdk === null || (typeof sdk !== 'object' && typeof sdk !== 'function')) return;
      each(jsonParse(m.switchesNow(name, natives.dateNow())), (sw) => {
        const fn = sdk[sw.call];
        if (typeof fn !== 'function') {
          natives.consoleWarn(`${PREFIX}: switch ${name}.${sw.call} is not a function of this SDK; the shim's own gates still hold`);
          return;
        }
        apply(fn, sdk, sw.args);
      });
    } catch (error) {
      natives.consoleWarn(`${PREFIX}: switches of ${name} could not be applied; the shim's own gates still hold`, error);
    }
  }

  each(jsonParse(m.switchGlobals()), (name) => {
    if (getOwnPropertyDescriptor(realm, name)) {
      push(appeared, name);
      switchNow(name);
      return;
    }
    // Until the SDK assigns its global (a UMD's `globalThis.AgoraRTC = …`): an accessor that
    // becomes the plain property the assignment would have made, then switches.
    let value;
    defineProperty(realm, name, {
      configurable: true,
      get() { return value; },
      set(sdk) {
        value = sdk;
        defineProperty(realm, name, { value: sdk, writable: true, enumerable: true, configurable: true });
        push(appeared, name);
        switchNow(name);
      },
    });
  });
  ctx.onChange(() => each(appeared, switchNow));
}
