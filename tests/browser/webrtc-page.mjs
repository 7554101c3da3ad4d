// Shared by the WebRTC specs: page helpers that connect two peer connections and read back
// everything the page can see about addresses, and the leak check.
import { expect } from './fixtures.mjs';

// Page helpers, after the shim. call() connects two peer connections of the page (trickle
// through icecandidate events, or whole descriptions after gathering), sends a message over a
// data channel and returns everything the page could read about addresses on the way.
export const HELPERS = `<script>
const gathered = (pc) => new Promise((resolve) => {
  if (pc.iceGatheringState === 'complete') return resolve();
  pc.addEventListener('icegatheringstatechange', () => pc.iceGatheringState === 'complete' && resolve());
});
const connected = (pcs) => new Promise((resolve) => {
  const check = () => pcs.every((pc) => pc.connectionState === 'connected') && resolve();
  for (const pc of pcs) pc.addEventListener('connectionstatechange', check);
  check();
});
async function statsDump(report) {
  const out = { get: [], forEach: [], entries: [], values: [], iterator: [] };
  for (const id of report.keys()) out.get.push(report.get(id));
  report.forEach((value) => out.forEach.push(value));
  for (const [, value] of report.entries()) out.entries.push(value);
  for (const value of report.values()) out.values.push(value);
  for (const [, value] of report) out.iterator.push(value);
  return out;
}
function candidateDump(c) {
  return c && { candidate: c.candidate, address: c.address, relatedAddress: c.relatedAddress, relatedPort: c.relatedPort,
    type: c.type, port: c.port, json: c.toJSON() };
}
async function readEverything(pc) {
  const descriptions = {};
  for (const name of ['localDescription', 'currentLocalDescription', 'pendingLocalDescription', 'remoteDescription',
    'currentRemoteDescription', 'pendingRemoteDescription']) descriptions[name] = pc[name] && pc[name].sdp;
  const ice = pc.sctp && pc.sctp.transport.iceTransport;
  const pair = ice && ice.getSelectedCandidatePair();
  const stats = await statsDump(await pc.getStats());
  const local = stats.values.filter((s) => s.type === 'local-candidate' && s.candidateType === 'host');
  const senders = [];
  for (const s of pc.getSenders()) senders.push(await statsDump(await s.getStats()));
  for (const r of pc.getReceivers()) senders.push(await statsDump(await r.getStats()));
  return { descriptions, stats, hostStats: local, senders,
    transport: ice && { local: ice.getLocalCandidates().map(candidateDump), remote: ice.getRemoteCandidates().map(candidateDump),
      pair: pair && { local: candidateDump(pair.local), remote: candidateDump(pair.remote) } } };
}
window.call = async ({ trickle = true, track = null } = {}) => {
  const seen = { events: [], offers: [] };
  const a = new RTCPeerConnection(), b = new RTCPeerConnection();
  for (const [from, to] of [[a, b], [b, a]]) {
    from.onicecandidate = (e) => {
      if (!e.candidate) return;
      seen.events.push(candidateDump(e.candidate));
      if (trickle) to.addIceCandidate(e.candidate);
    };
  }
  if (track) a.addTrack(track);
  const channel = a.createDataChannel('chat');
  const opened = new Promise((resolve) => { channel.onopen = resolve; });
  const received = new Promise((resolve) => { b.ondatachannel = (e) => { e.channel.onmessage = (m) => resolve(m.data); }; });
  const offer = await a.createOffer();
  seen.offers.push(offer.sdp);
  await a.setLocalDescription(offer);
  if (!trickle) await gathered(a);
  await b.setRemoteDescription(trickle ? offer : a.localDescription);
  const answer = await b.createAnswer();
  seen.offers.push(answer.sdp);
  await b.setLocalDescription(answer);
  if (!trickle) await gathered(b);
  await a.setRemoteDescription(trickle ? answer : b.localDescription);
  await connected([a, b]);
  await opened;
  channel.send('hello over the data channel');
  const message = await received;
  const later = await a.createOffer();  // after gathering: the browser puts its candidates in
  seen.offers.push(later.sdp);
  const result = { message, states: [a.connectionState, b.connectionState], seen,
    a: await readEverything(a), b: await readEverything(b) };
  a.close();
  b.close();
  return result;
};
// The candidates of one peer connection that gathers on its own.
// A peer connection that has gathered its candidates for an offer; onCandidate sees each event.
window.offerer = async (config, onCandidate = () => {}) => {
  const pc = new RTCPeerConnection(config);
  pc.onicecandidate = onCandidate;
  pc.createDataChannel('x');
  await pc.setLocalDescription(await pc.createOffer());
  await gathered(pc);
  return pc;
};
window.gather = async (config) => {
  const events = [];
  const pc = await window.offerer(config, (e) => events.push(e.candidate && e.candidate.candidate));
  const out = { events, sdp: pc.localDescription && pc.localDescription.sdp, policy: pc.getConfiguration().iceTransportPolicy,
    stats: (await statsDump(await pc.getStats())).values.filter((s) => s.type === 'local-candidate') };
  pc.close();
  return out;
};
</script>`;

// This machine's local addresses, as an unshimmed page sees them.
export async function nativeAddresses(page, serve) {
  await page.goto(serve('/native.html', `<!doctype html><html><body>${HELPERS}</body></html>`));
  const { events } = await page.evaluate(() => window.gather());
  const addresses = [...new Set(events.filter(Boolean).map((line) => line.split(' ')[4]))]
    .filter((a) => !a.endsWith('.local'));
  expect(addresses.length, 'this browser shows raw host addresses: the leak tests below need them').toBeGreaterThan(0);
  return addresses;
}

// Local IPv4/IPv6 literals in text: this machine's own, and any private, loopback, link-local,
// CGNAT, documentation or ULA address; the placeholders browsers write whatever the host
// (0.0.0.0, "::", and 127.0.0.1 in the o= line) do not count.
export function leaks(value, own) {
  const text = JSON.stringify(value).replace(/o=(\S+ \d+ \d+) IN IP4 127\.0\.0\.1/g, '');
  const found = own.filter((a) => text.includes(a));
  for (const [quad, a, b, c] of text.matchAll(/(?<![\d.])(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.\d{1,3}(?![\d.])/g)) {
    const [x, y, z] = [a, b, c].map(Number);
    const local = x === 10 || x === 127 || (x === 172 && y >= 16 && y < 32) || (x === 192 && y === 168) || (x === 169 && y === 254)
      || (x === 100 && y >= 64 && y < 128) || (x === 192 && y === 0 && z === 2) || (x === 0 && quad !== '0.0.0.0');
    if (local) found.push(quad);
  }
  for (const [v6] of text.matchAll(/(?<![\w:-])(?:f[cd][0-9a-f]{2}|fe[89ab][0-9a-f]):[0-9a-f:]*[0-9a-f]/gi)) found.push(v6);
  return found;
}
