// Shared by the device-information specs: manifests that declare items, and consent and
// ledger helpers.
import { withSdk } from './fixtures.mjs';

export const ITEMS = ['userAgent', 'os', 'browser', 'deviceModel', 'screen', 'devicePixelRatio', 'hardwareConcurrency',
  'deviceMemory', 'networkType', 'battery', 'gpu', 'storageEstimate'];
export const collects = (list) => withSdk({ collects: list });
export const declare = (items, treatment, purpose = 'diagnostics') => items.map((item) => ({ item, necessity: 'optional', purpose, treatment }));
export const KEEP_ALL = collects(declare(ITEMS, 'keep'));
export { grant, revoke, ledgerOf } from './helpers.mjs';
