// What a blocked device item reads as (device-info.js): fixed values, nothing of the device
// (at least 2 cores: SDKs size worker pools from it). A blocked connection or battery is not
// handed out at all. They live here, not in the engine, because they are also the answer when
// the engine could not start (core.js's stand-in blocks every item), and a shared worker's
// before the page's answers reach it (realms/worker-navigator.js): one copy serves all. A
// module of their own: device-info.js needs the workers' module, which needs these.
export const BLOCKED = {
  navigator: { userAgent: 'Mozilla/5.0', appVersion: '5.0', platform: '', vendor: '', maxTouchPoints: 0 },
  uaData: { brands: [], mobile: false, platform: '' },
  screen: { width: 1920, height: 1080, availWidth: 1920, availHeight: 1080, availLeft: 0, availTop: 0, colorDepth: 24, pixelDepth: 24, isExtended: false },
  devicePixelRatio: 1,
  hardwareConcurrency: 4,
  deviceMemory: 8,
  memoryInfo: { jsHeapSizeLimit: 4294705152 },
  connection: {},
  battery: {},
  storageEstimate: { quota: 2 ** 30, usage: 0 },
};
