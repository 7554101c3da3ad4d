// Camera, microphone, screen and device list behind the shim.
import { test, expect, shimPage, COUNT_NATIVE_CALLS, withSdk } from './fixtures.mjs';

const gum = (constraints) => navigator.mediaDevices.getUserMedia(constraints).then(
  (s) => ({ ok: true, kinds: s.getTracks().map((t) => `${t.kind}:${t.readyState}`) }),
  (e) => ({ ok: false, name: e.name, isDOMException: e instanceof DOMException, message: e.message }));

test.describe('before consent', () => {
  test('getUserMedia rejects NotAllowedError without reaching the device, and the ledger records it', async ({ page, serve }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(gum, { video: true, audio: true });
    expect(result).toEqual({ ok: false, name: 'NotAllowedError', isDOMException: true, message: 'Permission denied' });
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(0);
    const entries = await page.evaluate(() => RtcPrivacyShim.current.ledger.entries());
    expect(entries.map((e) => [e.surface, e.action, e.purpose, e.sdk])).toEqual([
      ['camera', 'deny', 'call', 'vertc'], ['microphone', 'deny', 'call', 'vertc']]);
    expect(entries[0].reason).toBe('consent "call" is unset');
  });

  test('an inline script right after the shim that calls getUserMedia synchronously is denied', async ({ page, serve }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    const body = `<script>window.early = navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);</script>`;
    await page.goto(serve('/p.html', shimPage({ body })));
    expect(await page.evaluate(() => window.early)).toBe('NotAllowedError');
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(0);
  });

  test('getDisplayMedia rejects NotAllowedError without reaching the browser', async ({ page, serve }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    await page.goto(serve('/p.html', shimPage()));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call')); // screen needs "share"
    const name = await page.evaluate(() => navigator.mediaDevices.getDisplayMedia({ video: true }).then(() => 'allowed', (e) => e.name));
    expect(name).toBe('NotAllowedError');
    expect(await page.evaluate(() => window.__nativeCalls.getDisplayMedia)).toBe(0);
  });

  test('enumerateDevices returns kinds only: one entry per kind, empty label, deviceId and groupId', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices())
      .map((d) => ({ ...d.toJSON(), label2: d.label, isInfo: d instanceof MediaDeviceInfo })));
    expect(devices.length).toBeGreaterThan(0);
    const kinds = devices.map((d) => d.kind);
    expect(new Set(kinds).size).toBe(kinds.length);
    for (const d of devices) {
      expect(d).toMatchObject({ deviceId: '', label: '', groupId: '', label2: '', isInfo: true });
      expect(['audioinput', 'videoinput', 'audiooutput']).toContain(d.kind);
    }
    const entry = (await page.evaluate(() => RtcPrivacyShim.current.ledger.entries())).at(-1);
    expect(entry).toMatchObject({ surface: 'devices', action: 'generalize', purpose: 'call' });
  });
});

test.describe('with consent', () => {
  test('grant returns the real stream from the (fake) camera and microphone', async ({ page, serve }) => {
    await page.addInitScript(COUNT_NATIVE_CALLS);
    await page.goto(serve('/p.html', shimPage()));
    expect(await page.evaluate(() => RtcPrivacyShim.current.consent.grant(['call']))).toEqual(
      { call: 'granted', share: 'unset', diagnostics: 'unset' });
    const result = await page.evaluate(gum, { video: true, audio: true });
    expect(result.ok).toBe(true);
    expect(result.kinds.sort()).toEqual(['audio:live', 'video:live']);
    expect(await page.evaluate(() => window.__nativeCalls.getUserMedia)).toBe(1);
    const actions = (await page.evaluate(() => RtcPrivacyShim.current.ledger.entries())).map((e) => `${e.surface}:${e.action}`);
    expect(actions).toEqual(['camera:allow', 'microphone:allow']);
  });

  test('enumerateDevices shows labels once the purpose is granted', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.evaluate(() => navigator.mediaDevices.getUserMedia({ video: true }));
    const devices = await page.evaluate(async () => (await navigator.mediaDevices.enumerateDevices()).map((d) => d.toJSON()));
    expect(devices.some((d) => d.kind === 'videoinput' && d.label !== '' && d.deviceId !== '')).toBe(true);
    // The ledger keeps decisions, never the labels or ids it saw.
    const exported = await page.evaluate(() => RtcPrivacyShim.current.ledger.export());
    for (const d of devices) {
      if (d.label) expect(exported).not.toContain(d.label);
      if (d.deviceId) expect(exported).not.toContain(d.deviceId);
    }
  });

  test('revoke ends every live track of the purpose at once, with an ended event, clones included', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      const stream = await navigator.mediaDevices.getUserMedia({ video: true, audio: true });
      const clone = stream.getVideoTracks()[0].clone();
      const streamClone = stream.clone();
      const all = [...stream.getTracks(), clone, ...streamClone.getTracks()];
      const ended = [];
      all.forEach((t, i) => t.addEventListener('ended', () => ended.push(i)));
      shim.consent.revoke('call');
      const states = all.map((t) => t.readyState); // synchronously after revoke
      await new Promise((r) => setTimeout(r, 0));
      const again = await navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
      return { states, ended: ended.sort(), count: all.length, again, state: shim.consent.state().call };
    });
    expect(result.states).toEqual(Array(result.count).fill('ended'));
    expect(result.ended).toEqual([...Array(result.count).keys()]);
    expect(result.again).toBe('NotAllowedError');
    expect(result.state).toBe('denied');
    const stops = (await page.evaluate(() => RtcPrivacyShim.current.ledger.entries())).filter((e) => e.action === 'stop');
    expect(stops.length).toBe(5);
    expect(stops[0]).toMatchObject({ purpose: 'call', reason: 'consent withdrawn' });
  });

  test('a revoke that lands while the device is opening wins: the stream is refused and its tracks ended', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      const pending = navigator.mediaDevices.getUserMedia({ video: true });
      shim.consent.revoke('call');
      return pending.then(() => 'allowed', (e) => e.name);
    });
    expect(result).toBe('NotAllowedError');
  });
});

test.describe('scope', () => {
  const scoped = withSdk({ permissions: [{ surface: 'camera', purpose: 'call', scoped: true }] });

  test('a scoped permission works only inside shim.scope(); its tracks end when the scope settles', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage({ manifest: scoped })));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      const outside = await navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
      let track;
      let insideState;
      const value = await shim.scope('call', async () => {
        const s = await navigator.mediaDevices.getUserMedia({ video: true });
        track = s.getVideoTracks()[0];
        insideState = track.readyState;
        return 42;
      });
      const after = await navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
      return { outside, insideState, value, afterState: track.readyState, after };
    });
    expect(result).toEqual({ outside: 'NotAllowedError', insideState: 'live', value: 42, afterState: 'ended', after: 'NotAllowedError' });
  });

  test('tracks obtained in a scope end when it rejects too, and the rejection passes through', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      shim.consent.grant('call');
      let track;
      const error = await shim.scope('call', async () => {
        track = (await navigator.mediaDevices.getUserMedia({ audio: true })).getAudioTracks()[0];
        throw new Error('feature failed');
      }).then(() => 'resolved', (e) => e.message);
      return { error, state: track.readyState };
    });
    expect(result).toEqual({ error: 'feature failed', state: 'ended' });
  });

  test('a scope needs consent and a known purpose', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const result = await page.evaluate(async () => {
      const shim = RtcPrivacyShim.current;
      const noConsent = await shim.scope('call', () => navigator.mediaDevices.getUserMedia({ video: true }))
        .then(() => 'allowed', (e) => e.name);
      const unknown = await shim.scope('nope', () => 1).then(() => 'ran', (e) => `${e.name}: ${e.message}`);
      return { noConsent, unknown };
    });
    expect(result.noConsent).toBe('NotAllowedError');
    expect(result.unknown).toBe('RangeError: rtc-privacy-shim: scope: unknown purpose "nope"');
  });
});

// Speech recognition opens the microphone without getUserMedia. Denied, it shows what the
// browser shows for a denied microphone permission (checked with Chromium launched with
// --deny-permission-prompts: "error not-allowed", then "end", no "start"); allowed, the
// browser's own recognition runs (here it starts, then fails on the fake device:
// "audio-capture"); withdrawn while it runs, it is aborted at once (seen by the browser's
// abort(), counted by an init script: here the fake device's failure may be on its way already).
test.describe('speech recognition', () => {
  const listen = (revokeOnStart) => new Promise((resolve) => {
    const recognition = new webkitSpeechRecognition();
    const events = [];
    for (const type of ['start', 'audiostart', 'error', 'end']) {
      recognition.addEventListener(type, (e) => {
        events.push(e.error !== undefined ? `${type} ${e.error} ${e.constructor.name}` : type);
        if (type === 'start' && revokeOnStart) RtcPrivacyShim.current.consent.revoke('call');
        if (type === 'end') resolve(events);
      });
    }
    recognition.start();
    try {
      recognition.start();
    } catch (error) {
      events.push(`second start: ${error.name}`);
    }
  });

  // Counts the recognitions aborted (window.aborts), by the shim or anyone.
  const countAborts = () => {
    const abort = SpeechRecognition.prototype.abort;
    window.aborts = 0;
    SpeechRecognition.prototype.abort = function () { window.aborts++; return abort.call(this); };
  };

  test('denied before consent as a denied permission is; the browser\'s recognition with consent; aborted when consent is withdrawn', async ({ page, serve }) => {
    await page.addInitScript(countAborts);
    await page.goto(serve('/p.html', shimPage()));
    expect(await page.evaluate(listen, false)).toEqual(['second start: InvalidStateError', 'error not-allowed SpeechRecognitionErrorEvent', 'end']);
    const ledger = () => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
      .filter((e) => e.surface === 'microphone').map((e) => `${e.action} ${e.purpose}${e.action === 'stop' ? ` ${e.reason}` : ''}`));
    expect(await ledger()).toEqual(['deny call']);
    // A recognition may start again once it has ended, and is refused again.
    expect(await page.evaluate(() => new Promise((resolve) => {
      const recognition = new SpeechRecognition();
      recognition.onend = () => {
        recognition.onend = () => resolve('ended twice');
        recognition.start();
      };
      recognition.start();
    }))).toBe('ended twice');

    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    expect(await page.evaluate(listen, false)).toEqual(['second start: InvalidStateError', 'start', 'error audio-capture SpeechRecognitionErrorEvent', 'end']);
    expect(await page.evaluate(() => window.aborts)).toBe(0);
    const withdrawn = await page.evaluate(listen, true);
    expect(withdrawn.slice(0, 2)).toEqual(['second start: InvalidStateError', 'start']);
    expect(withdrawn[withdrawn.length - 1]).toBe('end');
    expect(await page.evaluate(() => window.aborts)).toBe(1);
    expect((await ledger()).slice(-2)).toEqual(['allow call', 'stop call consent withdrawn']);
  });

  test('a refused recognition fires its error and end although the page\'s Object.prototype has a throwing bubbles getter', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    const events = await page.evaluate(() => new Promise((resolve) => {
      Object.defineProperty(Object.prototype, 'bubbles', { get() { throw new Error('from the page'); }, configurable: true });
      const seen = [];
      const recognition = new SpeechRecognition();
      recognition.onerror = (e) => seen.push(`error ${e.error}`);
      recognition.onend = () => {
        delete Object.prototype.bubbles;
        resolve([...seen, 'end']);
      };
      recognition.start();
      setTimeout(() => { delete Object.prototype.bubbles; resolve([...seen, 'no end']); }, 2000);
    }));
    expect(events).toEqual(['error not-allowed', 'end']);
  });

  test('an end event the page dispatches itself does not keep a withdrawal from aborting the recognition', async ({ page, serve }) => {
    await page.addInitScript(countAborts);
    await page.goto(serve('/p.html', shimPage()));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    await page.evaluate(() => new Promise((resolve) => {
      const recognition = new SpeechRecognition();
      recognition.onstart = () => {
        recognition.dispatchEvent(new Event('end'));
        RtcPrivacyShim.current.consent.revoke('call');
      };
      recognition.addEventListener('end', (e) => { if (e.isTrusted) resolve(); });
      recognition.start();
    }));
    expect(await page.evaluate(() => window.aborts)).toBe(1);
  });

  test('a recognition started in a scope of a scoped microphone is aborted when the scope settles', async ({ page, serve }) => {
    await page.addInitScript(countAborts);
    const scopedMicrophone = withSdk({ permissions: [{ surface: 'microphone', purpose: 'call', scoped: true }] });
    await page.goto(serve('/p.html', shimPage({ manifest: scopedMicrophone })));
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('call'));
    const events = await page.evaluate(() => new Promise((resolve) => {
      const events = [];
      RtcPrivacyShim.current.scope('call', () => new Promise((settle) => {
        const recognition = new SpeechRecognition();
        recognition.onstart = () => { events.push('start'); settle(); };
        recognition.onend = () => { events.push('end'); resolve(events); };
        recognition.start();
      }));
    }));
    expect(events).toEqual(['start', 'end']);
    expect(await page.evaluate(() => window.aborts)).toBe(1);
    expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'microphone')
      .map((e) => `${e.action} ${e.reason}`).slice(-1))).toEqual(['stop scope ended']);
    // Outside the scope the scoped microphone is refused.
    expect(await page.evaluate(() => new Promise((resolve) => {
      const recognition = new SpeechRecognition();
      recognition.onerror = (e) => resolve(e.error);
      recognition.start();
    }))).toBe('not-allowed');
  });

  test('start() on another object throws the browser\'s TypeError, never asks the engine', async ({ page, serve }) => {
    await page.goto(serve('/p.html', shimPage()));
    expect(await page.evaluate(() => {
      try {
        SpeechRecognition.prototype.start.call({});
        return 'no error';
      } catch (error) {
        return error.constructor.name;
      }
    })).toBe('TypeError');
    expect(await page.evaluate(() => RtcPrivacyShim.current.ledger.entries().filter((e) => e.surface === 'microphone'))).toEqual([]);
  });
});
