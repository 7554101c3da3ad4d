// Page scripts and checks more than one browser spec uses.
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

// Consent from the page's side, as its own code gives it, and the ledger's entries of one surface.
export const grant = (page, purpose = 'diagnostics') => page.evaluate((p) => { RtcPrivacyShim.current.consent.grant(p); }, purpose);
export const revoke = (page, purpose = 'diagnostics') => page.evaluate((p) => { RtcPrivacyShim.current.consent.revoke(p); }, purpose);
export const ledgerOf = (page, surface) => page.evaluate((s) => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === s), surface);

// A shared worker (blob:) that reads at its start and again at each message; it holds a Web
// Lock while it lives, so the page knows when it is gone. `defineReads`: a page-side
// expression whose value is worker source defining `reads()`. The script defines
// sharedReads(what, name = ''): 'read' connects (a new SharedWorker of the same URL and name)
// and answers { top, later }; 'close' closes it and resolves 'gone' once it is gone.
export const sharedReaderScript = (defineReads) => `
window.sharedUrl = URL.createObjectURL(new Blob([(${defineReads}) + ' const top = reads();'
  + ' const held = new Promise((r) => navigator.locks.request("shared-reader " + self.name, () => { r(); return new Promise(() => {}); }));'
  + ' onconnect = (e) => { const port = e.ports[0]; port.onmessage = async (m) => { await held;'
  + ' if (m.data === "close") { port.postMessage("closing"); return close(); } port.postMessage({ top, later: reads() }); }; };']));
window.sharedReads = (what, name = '') => new Promise((resolve) => {
  const worker = new SharedWorker(sharedUrl, name);
  worker.port.onmessage = (e) => resolve(what === 'close' ? navigator.locks.request('shared-reader ' + name, () => 'gone') : e.data);
  worker.port.postMessage(what);
});
`;

// idb.open(name) (version 1, with an object store `kv`), idb.put(name, key, value) and
// idb.get(name, key) → { value, name (IDBDatabase.name) }, in a page or a worker (`self.idb`).
export const IDB_SCRIPT = `
  self.idb = {
    open(name) {
      return new Promise((resolve, reject) => {
        const req = indexedDB.open(name, 1);
        req.onupgradeneeded = () => req.result.createObjectStore('kv');
        req.onsuccess = () => resolve(req.result);
        req.onerror = () => reject(req.error);
      });
    },
    async put(name, key, value) {
      const db = await idb.open(name);
      await new Promise((resolve, reject) => { const tx = db.transaction('kv', 'readwrite'); tx.objectStore('kv').put(value, key); tx.oncomplete = resolve; tx.onerror = () => reject(tx.error); });
      db.close();
    },
    async get(name, key) {
      const db = await idb.open(name);
      const value = await new Promise((resolve) => { const r = db.transaction('kv').objectStore('kv').get(key); r.onsuccess = () => resolve(r.result); });
      const seen = db.name;
      db.close();
      return { value, name: seen };
    },
  };`;

// Why a telemetry body whose read failed is dropped (network/body.js), and the reasons of the
// drops the ledger recorded for `surface`.
export const READ_FAILED = 'body could not be read';
export const dropReasons = (page, surface) => page.evaluate((s) => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === s && e.action === 'drop').map((e) => e.reason), surface);

// A File whose read fails for real: `text` written to disk, chosen in the page's
// <input type=file id="upload">, then deleted (Chromium's read then rejects).
export async function chooseDeletedFile(page, text) {
  const file = join(mkdtempSync(join(tmpdir(), 'rps-body-')), 'report.json');
  writeFileSync(file, text);
  await page.setInputFiles('#upload', file);
  unlinkSync(file);
}

// Makes the shim's engine fail to start on the next pages of `page`: WebAssembly.Module throws.
export const failEngineStart = (page) => page.addInitScript(() => {
  const Original = WebAssembly.Module;
  WebAssembly.Module = function Module() { throw new Error('simulated compile failure'); };
  WebAssembly.Module.prototype = Original.prototype;
});
