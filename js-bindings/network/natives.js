// The browser functions the network interceptors use, captured when the telemetry bundle
// is evaluated: before any page script, like ../natives.js. What a frame's interceptors
// create for the page (events, responses) comes from that frame's realm instead; bodies
// are read by body.js.
const g = globalThis;
// The prototype in ctor's chain that owns `name`: a polyfill or test double may put a
// method on a parent class rather than on the constructor's own prototype.
export function ownerOf(ctor, name) {
  for (let p = ctor ? ctor.prototype : null; p; p = Object.getPrototypeOf(p)) {
    if (Object.prototype.hasOwnProperty.call(p, name)) return p;
  }
  return undefined;
}
const desc = (ctor, name) => {
  const owner = ownerOf(ctor, name);
  return owner ? Object.getOwnPropertyDescriptor(owner, name) : undefined;
};
const method = (ctor, name) => (ctor && typeof ctor.prototype[name] === 'function' ? ctor.prototype[name] : undefined);

export const net = Object.freeze({
  stringSlice: String.prototype.slice,
  typedArraySet: Object.getPrototypeOf(Uint8Array.prototype).set,
  typedArrayByteLength: Object.getOwnPropertyDescriptor(Object.getPrototypeOf(Uint8Array.prototype), 'byteLength'),
  typedArraySlice: Object.getPrototypeOf(Uint8Array.prototype).slice,
  xhrWithCredentials: desc(g.XMLHttpRequest, 'withCredentials'),
  location: g.location,
  baseURI: desc(g.Node, 'baseURI'),
  imageSrc: desc(g.HTMLImageElement, 'src'),
  URL: g.URL,
  urlHref: desc(g.URL, 'href'),
  urlOrigin: desc(g.URL, 'origin'),
  Request: g.Request,
  requestUrl: desc(g.Request, 'url'),
  requestMethod: desc(g.Request, 'method'),
  requestSignal: desc(g.Request, 'signal'),
  requestClone: method(g.Request, 'clone'),
  requestArrayBuffer: method(g.Request, 'arrayBuffer'),
  String: g.String,
  Proxy: g.Proxy,
  reflectGet: Reflect.get,
  webSocketUrl: desc(g.WebSocket, 'url'),
  dispatchEvent: method(g.EventTarget, 'dispatchEvent'),
  fetch: typeof g.fetch === 'function' ? g.fetch : undefined,
  sendBeacon: method(g.Navigator, 'sendBeacon'),
  AbortController: g.AbortController,
  abortControllerSignal: desc(g.AbortController, 'signal'),
  abortControllerAbort: method(g.AbortController, 'abort'),
  abortSignalAny: g.AbortSignal && typeof g.AbortSignal.any === 'function' ? g.AbortSignal.any : undefined,
  AbortSignal: g.AbortSignal,
});
