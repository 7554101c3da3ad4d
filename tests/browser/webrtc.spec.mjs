// WebRTC local addresses behind the shim. Chromium here, launched with
// --use-fake-ui-for-media-stream, treats every page as having media permission and gives raw
// host addresses (no mDNS) from the first peer connection on; an unshimmed page shows which.
import { test, expect, shimPage, MANIFEST } from './fixtures.mjs';
import { failEngineStart } from './helpers.mjs';
import { HELPERS, leaks, nativeAddresses } from './webrtc-page.mjs';

const withWebRtc = (webrtc) => ({ ...MANIFEST, defaults: { webrtc } });

test.describe('privacy mode (default)', () => {
  test('two peer connections of a page connect and exchange data; no event, SDP, candidate or stats shows a local address', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(() => window.call());
    expect(r.states).toEqual(['connected', 'connected']);
    expect(r.message).toBe('hello over the data channel');
    expect(leaks(r, own)).toEqual([]);
    // The host candidates were renamed, not dropped: the page saw names, the browser used addresses.
    const hosts = r.seen.events.filter((c) => c.type === 'host');
    expect(hosts.length).toBeGreaterThanOrEqual(own.length);
    for (const c of hosts) {
      expect(c.address).toMatch(/^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}\.local$/);
      expect(c.candidate).toContain(` ${c.address} `);
      expect(c.json.candidate).toBe(c.candidate);
    }
    expect(r.seen.offers[2]).toMatch(/a=candidate:\S+ 1 udp \d+ [0-9a-f-]{36}\.local \d+ typ host/);
    expect(r.seen.offers[2]).toMatch(/^c=IN IP4 0\.0\.0\.0$/m);
    expect(r.a.descriptions.localDescription).toMatch(/\.local \d+ typ host/);
    expect(r.a.transport.pair.local.address).toMatch(/\.local$/);
    // What RTCIceTransport says was gathered carries the names the events showed.
    const eventNames = r.seen.events.map((c) => c.address);
    expect(eventNames).toContain(r.a.transport.pair.local.address);
    const transportHosts = r.a.transport.local.filter((c) => c.type === 'host');
    expect(transportHosts.length).toBeGreaterThan(0);
    for (const c of transportHosts) expect(eventNames).toContain(c.address);
    expect(r.a.hostStats.length).toBeGreaterThan(0);
    for (const s of r.a.hostStats) expect([s.address, s.ip]).toEqual(['', '']);
    const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'webrtc'));
    expect(entries.length).toBeGreaterThan(0);
    expect(entries[0]).toMatchObject({ action: 'generalize', reason: 'ICE candidate: local addresses renamed 1, hidden 0; candidates dropped 0' });
  });

  test('without trickle: whole descriptions with names connect; after getUserMedia too, with media stats', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const plain = await page.evaluate(() => window.call({ trickle: false }));
    expect(plain.states).toEqual(['connected', 'connected']);
    expect(plain.message).toBe('hello over the data channel');
    expect(plain.b.descriptions.remoteDescription).toMatch(/\.local \d+ typ host/);
    expect(leaks(plain, own)).toEqual([]);

    const withMedia = await page.evaluate(async () => {
      RtcPrivacyShim.current.consent.grant('call');
      const stream = await navigator.mediaDevices.getUserMedia({ audio: true });
      return window.call({ track: stream.getAudioTracks()[0] });
    });
    expect(withMedia.states).toEqual(['connected', 'connected']);
    expect(withMedia.a.senders.length).toBeGreaterThan(0);
    expect(JSON.stringify(withMedia.a.senders)).toContain('local-candidate');
    expect(leaks(withMedia, own)).toEqual([]);
  });

  test('every way into a stats report is rewritten, including an iterator next taken before any entries()', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(async () => {
      const pc = await window.offerer();
      const report = await pc.getStats();
      const next = Object.getPrototypeOf(report.keys()).next;
      const viaCapturedNext = [];
      const it = report.values();
      for (let step = next.call(it); !step.done; step = next.call(it)) viaCapturedNext.push(step.value);
      const hosts = viaCapturedNext.filter((s) => s.type === 'local-candidate');
      pc.close();
      return { viaCapturedNext, hosts: hosts.map((s) => [s.address, s.ip]), tag: Object.prototype.toString.call(it),
        nextSource: Function.prototype.toString.call(next) };
    });
    expect(r.hosts.length).toBeGreaterThan(0);
    expect(r.hosts.flat().every((v) => v === '')).toBe(true);
    expect(leaks(r, own)).toEqual([]);
    expect(r.tag).toBe('[object RTCStatsReport Iterator]');
    expect(r.nextSource).toBe('function next() { [native code] }');
  });

  test('candidates the page builds or receives, and candidate error events, show no local address', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(() => {
      const c = new RTCIceCandidate({ candidate: 'candidate:1 1 udp 2122194687 10.0.0.5 5000 typ host', sdpMid: '0' });
      const srflx = new RTCIceCandidate({ candidate: 'candidate:2 1 udp 1677729535 8.8.4.4 6000 typ srflx raddr 192.168.1.9 rport 5000', sdpMid: '0' });
      const error = (address) => new RTCPeerConnectionIceErrorEvent('icecandidateerror',
        { address, port: 5000, hostCandidate: `${address}:5000`, url: 'stun:stun.example.org', errorCode: 701, errorText: 'timeout' });
      const local = error('192.168.1.5');
      const global = error('8.8.4.4');
      return { address: c.address, candidate: c.candidate, json: JSON.stringify(c), same: c.address === c.address,
        srflx: [srflx.address, srflx.relatedAddress, srflx.relatedPort, srflx.candidate],
        error: [local.address, local.hostCandidate, global.address, global.hostCandidate] };
    });
    expect(r.address).toMatch(/^[0-9a-f-]{36}\.local$/);
    expect(r.candidate).toBe(`candidate:1 1 udp 2122194687 ${r.address} 5000 typ host`);
    expect(r.json).not.toContain('10.0.0.5');
    expect(r.srflx).toEqual(['8.8.4.4', '0.0.0.0', 0, 'candidate:2 1 udp 1677729535 8.8.4.4 6000 typ srflx raddr 0.0.0.0 rport 0']);
    expect(r.error).toEqual([null, '', '8.8.4.4', '8.8.4.4:5000']);
  });

  test('a page that guesses this machine\'s address never sees it come back under the session\'s name', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(async (own) => {
      const named = new Map();  // this machine's address → the name its candidate showed
      const pc = await window.offerer(undefined, (e) => {
        if (e.candidate && e.candidate.type === 'host') named.set(e.candidate.port, e.candidate.address);
      });
      const line = (address, foundation = 1, port = 5000) => `candidate:${foundation} 1 udp 2122194687 ${address} ${port} typ host`;
      const names = [...named.values()];
      const shown = [];
      // A candidate the page builds, or dispatches in an event of its own.
      for (const a of [...own, '10.9.8.7']) shown.push(new RTCIceCandidate({ candidate: line(a), sdpMid: '0' }).address);
      const synthetic = [];
      pc.addEventListener('icecandidate', (e) => synthetic.push(e.candidate.address));
      pc.dispatchEvent(new RTCPeerConnectionIceEvent('icecandidate', { candidate: new RTCIceCandidate({ candidate: line(own[0]), sdpMid: '0' }) }));
      shown.push(...synthetic);
      // A remote description and a remote candidate.
      const remote = new RTCPeerConnection();
      await remote.setRemoteDescription(pc.localDescription);
      await remote.addIceCandidate({ candidate: line(own[0]), sdpMid: '0' });
      const remoteLines = remote.remoteDescription.sdp.split('\r\n').filter((l) => l.startsWith('a=candidate:'));
      for (const l of remoteLines) shown.push(l.split(' ')[4]);
      // A local description the page wrote a candidate into: its raw guess is not kept, a
      // name it was given is.
      const munger = new RTCPeerConnection();
      munger.createDataChannel('x');
      const offer = await munger.createOffer();
      await munger.setLocalDescription({ type: 'offer',
        sdp: offer.sdp.replace('a=mid:0\r\n', `a=mid:0\r\na=${line(own[0], 777)}\r\na=${line(names[0], 778, 5001)}\r\n`) });
      const local = munger.localDescription.sdp;
      for (const p of [pc, remote, munger]) p.close();
      return { names, shown, remoteCount: remoteLines.length, synthetic: synthetic.length, local };
    }, own);
    expect(r.names.length).toBeGreaterThan(0);
    expect(r.synthetic).toBe(1);
    expect(r.remoteCount).toBeGreaterThan(own.length);
    for (const address of r.shown) {
      expect(address).toMatch(/^[0-9a-f-]{36}\.local$/);
      expect(r.names).not.toContain(address);
    }
    expect(new Set(r.shown).size).toBe(r.shown.length);
    expect(r.local).not.toContain('candidate:777 ');
    expect(r.local).toContain(`a=candidate:778 1 udp 2122194687 ${r.names[0]} 5001 typ host`);
    expect(leaks(r, own)).toEqual([]);
  });

  test('without crypto.getRandomValues there is no seed and no name: local candidates are not shown', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.addInitScript(() => { delete Crypto.prototype.getRandomValues; });
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(async () => ({ closed: RtcPrivacyShim.current.status().closed, gathered: await window.gather() }));
    expect(r.closed).toBe(false);
    expect(r.gathered.events).toEqual([null]);
    expect(r.gathered.sdp).not.toContain('typ host');
    expect(leaks(r, own)).toEqual([]);
  });

  test('RTCPeerConnection stays the native-looking constructor; subclasses and the legacy alias work', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const r = await page.evaluate(async () => {
      const P = RTCPeerConnection;
      class Sub extends RTCPeerConnection {
        constructor() { super({ iceServers: [] }); this.tag = 'sub'; }
        hello() { return 'hi'; }
      }
      const sub = new Sub();
      const plain = new P();
      let callError = '';
      try { P(); } catch (e) { callError = `${e.constructor.name}: ${e.message}`; }
      const getter = Object.getOwnPropertyDescriptor(RTCIceCandidate.prototype, 'address').get;
      const out = {
        source: Function.prototype.toString.call(P), name: P.name, length: P.length,
        protoDescriptor: Object.getOwnPropertyDescriptor(P, 'prototype'),
        globalDescriptor: (({ writable, enumerable, configurable }) => ({ writable, enumerable, configurable }))(Object.getOwnPropertyDescriptor(window, 'RTCPeerConnection')),
        ownKeys: Object.getOwnPropertyNames(P), parent: Object.getPrototypeOf(P) === EventTarget,
        constructorBack: P.prototype.constructor === P, alias: window.webkitRTCPeerConnection === P,
        instance: plain instanceof P && Object.getPrototypeOf(plain) === P.prototype,
        sub: [sub instanceof Sub, sub instanceof P, sub.tag, sub.hello(), typeof sub.createOffer, sub.constructor === Sub],
        callError, certificate: typeof (await P.generateCertificate({ name: 'ECDSA', namedCurve: 'P-256' })).expires,
        getterSource: Function.prototype.toString.call(getter), getterName: getter.name,
        methodSource: Function.prototype.toString.call(P.prototype.addIceCandidate),
        constructMethod: (() => { try { new P.prototype.createOffer(); return 'constructed'; } catch (e) { return e.constructor.name; } })(),
      };
      sub.close();
      plain.close();
      return out;
    });
    expect(r).toEqual({
      source: 'function RTCPeerConnection() { [native code] }', name: 'RTCPeerConnection', length: 0,
      protoDescriptor: { value: {}, writable: false, enumerable: false, configurable: false },
      globalDescriptor: { writable: true, enumerable: false, configurable: true },
      ownKeys: ['length', 'name', 'prototype', 'generateCertificate', 'cancelDiagnosticLogging', 'startDiagnosticLogging', 'stopDiagnosticLogging'],
      parent: true, constructorBack: true, alias: true, instance: true,
      sub: [true, true, 'sub', 'hi', 'function', true],
      callError: "TypeError: Failed to construct 'RTCPeerConnection': Please use the 'new' operator, this DOM object constructor cannot be called as a function.",
      certificate: 'number', getterSource: 'function get address() { [native code] }', getterName: 'get address',
      methodSource: 'function addIceCandidate() { [native code] }', constructMethod: 'TypeError',
    });
  });
});

test('legacy callback createOffer gets the same filtered SDP', async ({ page, serve }) => {
  const own = await nativeAddresses(page, serve);
  await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
  const sdp = await page.evaluate(async () => {
    const pc = await window.offerer();
    const offer = await new Promise((resolve, reject) => pc.createOffer(resolve, reject));
    pc.close();
    return offer.sdp;
  });
  expect(sdp).toMatch(/\.local \d+ typ host/);
  expect(leaks(sdp, own)).toEqual([]);
});

test('relayOnly: every peer connection is relay-only and the page cannot turn it off', async ({ page, serve }) => {
  await page.goto(serve('/p.html', shimPage({ manifest: withWebRtc({ relayOnly: true }), body: HELPERS })));
  const r = await page.evaluate(async () => {
    const first = new RTCPeerConnection({ iceTransportPolicy: 'all', bundlePolicy: 'max-compat' });
    const policies = [first.getConfiguration().iceTransportPolicy, first.getConfiguration().bundlePolicy];
    first.close();
    const pc = new RTCPeerConnection({ iceTransportPolicy: 'all' });
    pc.setConfiguration({ iceTransportPolicy: 'all' });
    policies.push(pc.getConfiguration().iceTransportPolicy);
    pc.setConfiguration();
    policies.push(pc.getConfiguration().iceTransportPolicy);
    pc.close();
    class Sub extends RTCPeerConnection {}
    const sub = new Sub({ iceTransportPolicy: 'all' });
    const legacy = new webkitRTCPeerConnection();
    policies.push(sub.getConfiguration().iceTransportPolicy, legacy.getConfiguration().iceTransportPolicy);
    sub.close();
    legacy.close();
    return { policies, gathered: await window.gather({ iceTransportPolicy: 'all' }),
      ledger: RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'webrtc').map((e) => e.reason) };
  });
  expect(r.policies).toEqual(['relay', 'max-compat', 'relay', 'relay', 'relay', 'relay']);
  expect(r.gathered.events).toEqual([null]);  // no TURN server here: nothing at all
  expect(r.gathered.policy).toBe('relay');
  expect(r.gathered.sdp).not.toContain('a=candidate');
  expect(r.ledger).toContain('peer connection: ICE transport policy set to relay');
});

test('hideLocalAddresses false: the page sees what the browser gives', async ({ page, serve }) => {
  const own = await nativeAddresses(page, serve);
  await page.goto(serve('/p.html', shimPage({ manifest: withWebRtc({ hideLocalAddresses: false }), body: HELPERS })));
  const r = await page.evaluate(() => window.gather());
  expect(leaks(r.events, own)).toEqual(expect.arrayContaining(own));
});

test.describe('closed', () => {
  test('an invalid manifest hides every host candidate', async ({ page, serve }) => {
    const own = await nativeAddresses(page, serve);
    await page.goto(serve('/p.html', shimPage({ manifest: withWebRtc({ relayonly: true }), body: HELPERS })));
    const r = await page.evaluate(async () => ({ status: RtcPrivacyShim.current.status(), gathered: await window.gather() }));
    expect(r.status.closed).toBe(true);
    expect(r.status.errors).toContain('defaults.webrtc.relayonly: unknown key "relayonly"');
    expect(r.gathered.events).toEqual([null]);
    expect(r.gathered.sdp).not.toContain('a=candidate');
    expect(r.gathered.sdp).toMatch(/^c=IN IP4 0\.0\.0\.0\r$/m);
    expect(r.gathered.stats.length).toBeGreaterThan(0);
    expect(leaks(r, own)).toEqual([]);
  });

  test('an engine that fails to start: relay only, no candidate, no SDP', async ({ page, serve }) => {
    await failEngineStart(page);
    await page.goto(serve('/p.html', shimPage({ body: HELPERS })));
    const r = await page.evaluate(async () => {
      const pc = new RTCPeerConnection();
      pc.createDataChannel('x');
      const offer = await pc.createOffer().then(() => 'resolved', (e) => `${e.name}: ${e.message}`);
      const c = new RTCIceCandidate({ candidate: 'candidate:1 1 udp 2122194687 10.0.0.5 5000 typ host', sdpMid: '0' });
      const out = { closed: RtcPrivacyShim.current.status().closed, policy: pc.getConfiguration().iceTransportPolicy, offer,
        candidate: c.candidate, address: c.address };
      pc.close();
      return out;
    });
    expect(r).toEqual({ closed: true, policy: 'relay', offer: 'OperationError: The session description cannot be shown without local addresses',
      candidate: '', address: null });
  });
});
