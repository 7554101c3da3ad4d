// Page scripts and checks more than one browser spec uses.
import { mkdtempSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

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
