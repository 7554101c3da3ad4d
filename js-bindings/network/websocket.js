// WebSocket#send to a declared endpoint: text frames (and binary frames that are UTF-8 text)
// are redacted with consent and dropped without it. A Blob frame would have to be read
// asynchronously, letting later frames overtake it, so it is dropped.
import { natives, read } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { net, ownerOf } from './natives.js';
import { isBlob, readSync, rewrap } from './body.js';

const { apply } = natives;

export function installWebSocket(router, realm) {
  if (!realm.WebSocket) return;
  // The URL getter is the browser's; a socket class without one (a test double) keeps it on the instance.
  const urlOfSocket = (socket) => (net.webSocketUrl && net.webSocketUrl.get ? read(net.webSocketUrl, socket) : socket.url);
  wrapMethod(ownerOf(realm.WebSocket, 'send'), 'send', (original, self, args) => {
    const route = router.classify(urlOfSocket(self));
    if (!route) return apply(original, self, args);
    if (!route.send) return router.drop(route, 'websocket');
    const frame = args[0];
    if (isBlob(frame)) return router.drop({ ...route, reason: 'Blob frames cannot be redacted in order' }, 'websocket');
    const r = readSync(frame);
    if (r.unreadable) return router.drop({ ...route, reason: 'binary frame is not UTF-8 text' }, 'websocket');
    const result = router.redact(route, r.none ? '' : r.text, 'websocket');
    if (result.dropped) return undefined;
    return apply(original, self, [rewrap(frame, result.body)]);
  });
}
