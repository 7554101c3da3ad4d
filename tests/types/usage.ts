// Compiled with tsc --noEmit --strict against dist/*.d.ts: the public types accept what the
// README documents and reject what the engine would refuse. Each @ts-expect-error fails
// the suite if the line it guards ever type-checks.
import { install, current, type Manifest, type Receipt, type ConsentState } from 'rtc-privacy-shim';
import { shim as autoShim } from 'rtc-privacy-shim/auto';
import { presetManifest, preset, PRESET_VERSIONS, type PresetId } from 'rtc-privacy-shim/presets';

const manifest: Manifest = {
  revision: '2026-11-23',
  controller: { name: 'Example Meet' },
  purposes: [{ id: 'call', label: { en: 'Calls' } }],
  sdks: [{
    id: 'vertc', name: 'veRTC Web SDK', provider: 'Volcengine',
    collects: [{ item: 'ip', necessity: 'required', purpose: 'call', treatment: 'generalize' }],
    permissions: [{ surface: 'camera', purpose: 'call', scoped: true }],
    endpoints: [{ match: 'https://log.example/report', purpose: 'call', format: 'ndjson', onMalformed: 'scan' }],
  }],
  defaults: { cookieFree: true, unknownEndpoints: 'scan', minorAge: 14, ledgerSize: 100, webrtc: { hideLocalAddresses: true, relayOnly: false } },
};

const shim = install({ manifest, locale: 'zh-CN', persist: false });
const status: { armed: boolean; closed: boolean; reason: string } = shim.status();
const state: Record<string, ConsentState> = shim.consent.grant(['call']);
shim.consent.revoke('call');
const receipt: Receipt | null = shim.consent.receipt();
if (receipt) {
  const id: number = receipt.id;
  const changed: string[] = receipt.changed;
  void id; void changed;
}
const value: Promise<number> = shim.scope('call', async () => 42);
const unsubscribe: () => void = shim.on('change', (event) => { void event; });
const exported: string = shim.ledger.export();
const firstReason: string | undefined = shim.ledger.entries()[0]?.reason;
const withBridges: Manifest = { ...manifest, bridges: {
  googleConsentMode: { analytics_storage: ['call'], ad_storage: [] }, globalPrivacyControl: { deny: ['call'] } } };
const loaded: Promise<void> = shim.load('/sdk.js', 'call');
const forgotten: Promise<Record<string, ConsentState>> = shim.consent.forgetMe();
const asks: boolean = shim.consent.needsPrompt();
const withdrawn: Record<string, ConsentState> = shim.consent.withdrawAll();
const dialogVersion: string | undefined = receipt?.dialogVersion;
void withBridges; void loaded; void forgotten; void asks; void withdrawn; void dialogVersion;
void status; void state; void value; void unsubscribe; void exported; void firstReason; void current; void autoShim;

// The consent dialog, the age answer and the collection-list panel.
const shown: Promise<Record<string, ConsentState>> = shim.consent.show({ locale: 'zh-CN' });
const afterAge: Record<string, ConsentState> = shim.consent.setAge({ bracket: 'under', guardian: true });
const bracket: 'unknown' | 'under' | 'over' | undefined = shim.consent.age()?.bracket;
const closedPanel: Promise<void> = shim.panel.show();
const teen: Manifest = { ...manifest, purposes: [{ id: 'call', label: { en: 'Calls' }, necessity: 'required' }], defaults: { askAge: true } };
install({ manifest: teen, dialog: 'auto' });
void shown; void afterAge; void bracket; void closedPanel;

// @ts-expect-error: a permission names a surface the engine knows
const typo: Manifest['sdks'][number]['permissions'] = [{ surface: 'camra', purpose: 'call' }];
// @ts-expect-error: the controller is required
const noController: Manifest = { revision: 'r', purposes: [], sdks: [] };
// @ts-expect-error: only 'change' events exist
shim.on('changed', () => {});
// @ts-expect-error: Google Consent Mode has no such consent type
const gcmTypo: Manifest['bridges'] = { googleConsentMode: { ad_storag: [] } };
void typo; void noController; void gcmTypo;

// rtc-privacy-shim/presets: a manifest from preset ids and the app's own SDK entries.
const fromPresets: Manifest = presetManifest({
  controller: { name: 'Example Meet' },
  sdks: ['vertc', 'zego-zim', { id: 'mine', name: 'Mine', provider: 'Example Ltd.' }],
});
const vertcId: PresetId = 'vertc';
const vertcVersion: string = PRESET_VERSIONS[vertcId];
const vertcEntry: Manifest['sdks'][number] = preset('vertc').sdks[0];
// @ts-expect-error: only the shipped presets have ids
presetManifest({ controller: { name: 'Example Meet' }, sdks: ['vertcc'] });
void fromPresets; void vertcVersion; void vertcEntry;
// @ts-expect-error: an age answer is a bracket, not an age
shim.consent.setAge({ bracket: 12 });
// @ts-expect-error: necessity is required or optional
const badNecessity: Manifest['purposes'][number] = { id: 'x', label: { en: 'X' }, necessity: 'needed' };
void badNecessity;
