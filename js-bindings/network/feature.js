// The telemetry bundle's network interceptors, one file per transport, registered to be
// installed when the shim arms.
import { addFeature } from '../features.js';
import { createRouter } from './route.js';
import { installFetch } from './fetch.js';
import { installXhr } from './xhr.js';
import { installBeacon } from './beacon.js';
import { installWebSocket } from './websocket.js';
import { installImage } from './image.js';

addFeature((ctx, core) => {
  if (!core.telemetry) return;
  const router = createRouter(core);
  installFetch(router);
  installXhr(router);
  installBeacon(router);
  installWebSocket(router);
  installImage(router);
});
