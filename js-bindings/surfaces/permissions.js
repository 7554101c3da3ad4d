// The permission surfaces: location, clipboard reads, notifications, motion sensors, the
// devices of WebHID, WebUSB, Web Serial and Web Bluetooth, and what
// navigator.permissions.query reports about them (js-bindings/surfaces/permissions/), in the
// page's realms and, for what a worker has of them, in its workers.
import { installClipboard } from './permissions/clipboard.js';
import { installGeolocation } from './permissions/geolocation.js';
import { installNotifications } from './permissions/notifications.js';
import { installPeripherals } from './permissions/peripherals.js';
import { installPermissionQuery } from './permissions/query.js';
import { realmTools } from './permissions/realm.js';
import { installSensors } from './permissions/sensors.js';
import { guardWorkerPermissions } from './permissions/worker.js';

export function installPermissions(ctx, realm) {
  const tools = realmTools(realm);
  installGeolocation(ctx, realm, tools);
  installClipboard(ctx, realm, tools);
  installNotifications(ctx, realm, tools);
  installSensors(ctx, realm, tools);
  installPeripherals(ctx, realm, tools);
  installPermissionQuery(ctx, realm, tools);
  guardWorkerPermissions(ctx);
}
