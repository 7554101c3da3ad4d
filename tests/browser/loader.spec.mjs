// The loader that restores the embedded core: base64 + LZMA decoded by the tiny WASM module
// (wasm/loader/), checked against xz, the encoder the build uses. Runs in Node, no page needed.
import { test, expect } from '@playwright/test';
import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { unpackBase64 } from '../../js-bindings/wasm-binary.js';

// The properties byte, then xz's raw LZMA1 stream: what scripts/build.mjs embeds.
function pack(input, { lc, lp, pb, preset }) {
  const stream = execFileSync('xz', ['--format=raw', `--lzma1=preset=${preset},lc=${lc},lp=${lp},pb=${pb}`, '-c'],
    { input, maxBuffer: 1 << 26 });
  return Buffer.concat([Buffer.from([(pb * 5 + lp) * 9 + lc]), stream]);
}

const text = Buffer.from('user 1 joined room 7 with camera on; '.repeat(5000));
const inputs = {
  empty: Buffer.alloc(0),
  'one byte': Buffer.from('x'),
  'repetitive text (long matches, overlapping copies)': text,
  'random bytes': randomBytes(200_000),
  'the core WASM itself': readFileSync(new URL('../../build/wasm/rps_core.wasm', import.meta.url)),
};
const settings = {
  'what the build uses (lc=3 lp=0 pb=0, 9e)': { lc: 3, lp: 0, pb: 0, preset: '9e' },
  'fastest (preset 0)': { lc: 3, lp: 0, pb: 0, preset: '0' },
  'xz defaults (lc=3 lp=0 pb=2)': { lc: 3, lp: 0, pb: 2, preset: '6' },
  'positions in the literal context (lc=1 lp=2 pb=4)': { lc: 1, lp: 2, pb: 4, preset: '6' },
};

for (const [inputName, input] of Object.entries(inputs)) {
  test(`unpack round-trips ${inputName} at every setting`, () => {
    for (const [settingName, options] of Object.entries(settings)) {
      const out = unpackBase64(pack(input, options).toString('base64'), input.length);
      expect(Buffer.compare(Buffer.from(out), input), settingName).toBe(0);
    }
  });
}

test('damaged input throws with the reason, never returns bytes', () => {
  const good = pack(text, settings['what the build uses (lc=3 lp=0 pb=0, 9e)']);
  expect(() => unpackBase64(good.subarray(0, good.length >> 1).toString('base64'), text.length)).toThrow('unpack: truncated input');
  expect(() => unpackBase64(good.toString('base64'), text.length + 1)).toThrow('unpack: unexpected size');
  expect(() => unpackBase64(Buffer.from([4, ...good.subarray(1)]).toString('base64'), text.length)).toThrow('unpack: unsupported properties');
  expect(() => unpackBase64(Buffer.from([3, 1, 0, 0, 0, 0]).toString('base64'), 1)).toThrow('unpack: invalid stream');
  expect(() => unpackBase64(Buffer.from([3, 0, 0x80, ...new Array(40).fill(0)]).toString('base64'), 10)).toThrow('unpack: distance before the start');
  expect(() => unpackBase64('not base64!', 1)).toThrow('unpack: invalid base64');
});
