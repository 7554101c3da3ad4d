// A shared worker for tests/browser/realms.spec.mjs: every connection gets the same probe,
// and a count of the connections so far.
importScripts('realm-worker-lib.js');
let connections = 0;
onconnect = (event) => {
  connections++;
  const port = event.ports[0];
  port.onmessage = async (e) => port.postMessage(e.data === 'connections' ? connections : await probe(e.data));
};
