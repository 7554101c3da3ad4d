// The real Agora Web SDK (agora-rtc-sdk-ng 4.24.8) behind the shim and its preset (issue 6):
// the acceptance walk (tests/browser/sdk-harness.mjs), and its own switches as a second
// layer (issue 6 point 9): the preset turns its event reports and log upload off at the
// source while `diagnostics` is not granted, and the shim blocks them without the switches.
import { test, expect, acceptance, openSdk, manifestWith, grantAll, startSteps, toSdkHosts } from './sdk-harness.mjs';

acceptance('agora', { telemetry: /\/events\// });

const EVENTS = /^https:\/\/[^/]*(agora\.io|sd-rtn\.com)\/events\//;
const events = (session) => session.requests.filter((r) => EVENTS.test(r.url));
const settings = (page) => page.evaluate(() => [AgoraRTC.getParameter('ENABLE_EVENT_REPORT'), AgoraRTC.getParameter('UPLOAD_LOG')]);
const switchEntries = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === 'switch').map((e) => `${e.reason} (${e.purpose})`));

// `call` granted, `diagnostics` not: the walk up to the join (its traffic is call traffic).
async function walk(page, session) {
  await grantAll(page, session, ['call']);
  await startSteps(page, session, ['construct', 'devices', 'media', 'join']);
  await expect.poll(() => toSdkHosts(session).filter((t) => !EVENTS.test(t.split(' ')[1])).length).toBeGreaterThan(0);
}

test.describe('agora switches', () => {
  // Without the preset's endpoints the shim does not touch the reports: what stops them is the switch.
  const noEndpoints = (entry) => { entry.endpoints = []; };

  test('control: without endpoints and switches, its event reports leave', async ({ page, serve, proxyServer: recorder }) => {
    const session = await openSdk(page, serve, recorder, 'agora', { manifest: manifestWith('agora', (e) => { noEndpoints(e); delete e.switches; }) });
    await walk(page, session);
    await expect.poll(() => events(session).length).toBeGreaterThan(0);
    expect(await settings(page)).toEqual([true, false]);
  });

  test('with its switches and no endpoints: the SDK sends no event report while diagnostics is not granted; granting turns reports back on', async ({ page, serve, proxyServer: recorder }) => {
    const session = await openSdk(page, serve, recorder, 'agora', { manifest: manifestWith('agora', noEndpoints) });
    // Applied when AgoraRTC appeared, before any client existed.
    expect(await switchEntries(page)).toEqual([
      'consent not granted: AgoraRTC.disableLogUpload (diagnostics)',
      'consent not granted: AgoraRTC.setParameter (diagnostics)',
    ]);
    expect(await settings(page)).toEqual([false, false]);
    await walk(page, session);
    // The join's requests left; not one event report did.
    expect(events(session)).toEqual([]);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    expect((await settings(page))[0]).toBe(true);
    // Switched back on, its reports of the running join flow again (nothing else stopped them).
    await expect.poll(() => events(session).length).toBeGreaterThan(0);
    await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
    expect((await settings(page))[0]).toBe(false);
  });

  test('without its switches the preset still holds: event reports are dropped by the shim before consent', async ({ page, serve, proxyServer: recorder }) => {
    const session = await openSdk(page, serve, recorder, 'agora', { manifest: manifestWith('agora', (e) => { delete e.switches; }) });
    expect(await settings(page)).toEqual([true, false]);
    await walk(page, session);
    const drops = () => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
      .filter((e) => e.sdk === 'agora' && e.action === 'drop' && /\/events\//.test(e.target)).length);
    await expect.poll(drops).toBeGreaterThan(0);
    expect(events(session)).toEqual([]);
  });
});
