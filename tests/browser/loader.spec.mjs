// The loader that restores the embedded core: base64 + raw DEFLATE decoded by the tiny
// WASM module (wasm/loader/), checked against Node's zlib. Runs in Node, no page needed.
import { test, expect } from '@playwright/test';
import { deflateRawSync, constants } from 'node:zlib';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { inflateBase64 } from '../../js-bindings/wasm-binary.js';

const text = Buffer.from('user 1 joined room 7 with camera on; '.repeat(5000));
const inputs = {
  empty: Buffer.alloc(0),
  'one byte': Buffer.from('x'),
  'repetitive text (long matches, overlapping copies)': text,
  'random bytes (stored blocks)': randomBytes(200_000),
  'the core WASM itself': readFileSync(new URL('../../build/wasm/rps_core.wasm', import.meta.url)),
};
const settings = {
  'level 0': { level: 0 },
  'level 1': { level: 1 },
  'level 9': { level: 9 },
  'fixed Huffman': { level: 9, strategy: constants.Z_FIXED },
  'Huffman only': { level: 9, strategy: constants.Z_HUFFMAN_ONLY },
};

for (const [inputName, input] of Object.entries(inputs)) {
  test(`inflate round-trips ${inputName} at every setting`, () => {
    for (const [settingName, options] of Object.entries(settings)) {
      const base64 = deflateRawSync(input, options).toString('base64');
      const out = inflateBase64(base64, input.length);
      expect(Buffer.compare(Buffer.from(out), input), settingName).toBe(0);
    }
  });
}

test('damaged input throws with the reason, never returns bytes', () => {
  const good = deflateRawSync(text, { level: 9 });
  expect(() => inflateBase64(good.subarray(0, good.length >> 1).toString('base64'), text.length)).toThrow('inflate: truncated input');
  expect(() => inflateBase64(good.toString('base64'), text.length + 1)).toThrow('inflate: unexpected size');
  expect(() => inflateBase64(Buffer.from([0x07]).toString('base64'), 1)).toThrow('inflate: invalid block');
  expect(() => inflateBase64('not base64!', 1)).toThrow('inflate: invalid base64');
});
