// A classic worker for tests/browser/realms.spec.mjs, loaded from its URL: its library comes
// from a relative importScripts, as a real worker's would.
importScripts('realm-worker-lib.js');
onmessage = async (event) => postMessage(await self.probe(event.data));
