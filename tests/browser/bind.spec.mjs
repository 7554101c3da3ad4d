// The engine's binder (wasm/bind.hpp, js-bindings/bind.js) in Node: every kind of result and
// argument crosses intact, and a wrong argument is refused before the engine sees it.
import { test, expect } from '@playwright/test';
import { spawnSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { startCore } from '../../js-bindings/core.js';

const { core: started, error } = startCore();
const m = started.module;

test('the engine starts in Node and every bound call is a function', () => {
  expect(error).toBe('');
  for (const name of ['load', 'decide', 'openScope', 'coarsenPosition', 'purposes', 'deviceQuota', 'cookieFree'])
    expect(typeof m[name], name).toBe('function');
});

test('strings cross as UTF-8 both ways: non-ASCII, a leading BOM and NUL survive', () => {
  const label = '\uFEFF音视频 \u0000 call ✓ 😀';
  const manifest = {
    revision: '1',
    controller: { name: 'Test App' },
    purposes: [{ id: 'call', label: { en: label } }],
    sdks: [{ id: 'x', name: 'X', provider: 'P', policyUrl: 'https://example.com/p', permissions: [{ surface: 'camera', purpose: 'call' }] }],
  };
  expect(JSON.parse(m.load(JSON.stringify(manifest), 0))).toEqual({ ok: true });
  expect(JSON.parse(m.purposes())[0].label.en).toBe(label);
});

test('structs come back as objects with numbers, bools and strings in their fields', () => {
  const position = m.coarsenPosition(52.5, 13.4, 10);
  expect(typeof position.ok).toBe('boolean');
  expect(position.ok).toBe(true);
  expect(typeof position.latitude).toBe('number');
  expect(Math.abs(position.latitude - 52.5)).toBeLessThan(0.02);
  const decision = m.decide('camera', 0);
  expect(decision).toEqual({ action: 'deny', purpose: 'call', reason: expect.any(String) });
  const scope = m.openScope('no-such-purpose');
  expect(scope.id).toBe(0);
  expect(scope.error).toContain('no-such-purpose');
});

test('numbers and bools cross as themselves', () => {
  expect(m.deviceQuota(3e9, 0)).toBe(2 ** 31);
  expect(m.cookieFree()).toBe(true);
  expect(m.closed()).toBe(false);
});

test('a string argument that is not a string is a TypeError naming the call; the engine is untouched', () => {
  expect(() => m.decide({ toString: () => 'camera' }, 0)).toThrow(TypeError);
  expect(() => m.decide(undefined, 0)).toThrow('decide: argument 1 must be a string');
  expect(m.decide('camera', 0).action).toBe('deny');
});

test('the engine is compiled with the WebAssembly captured at load, not what the page put there before its first question', () => {
  const saved = { Module: WebAssembly.Module, Instance: WebAssembly.Instance, exports: Object.getOwnPropertyDescriptor(WebAssembly.Instance.prototype, 'exports') };
  let pageCalls = 0;
  WebAssembly.Module = function Module() { pageCalls++; throw new Error('page module'); };
  WebAssembly.Instance = function Instance() { pageCalls++; throw new Error('page instance'); };
  Object.defineProperty(saved.Instance.prototype, 'exports', { get() { pageCalls++; return {}; }, configurable: true });
  try {
    const { core, error } = startCore();
    expect(error).toBe('');
    expect(core.decide('camera').action).toBe('deny');
  } finally {
    WebAssembly.Module = saved.Module;
    WebAssembly.Instance = saved.Instance;
    Object.defineProperty(saved.Instance.prototype, 'exports', saved.exports);
  }
  expect(pageCalls).toBe(0);
});

// The engine tells JS of each new ledger entry from inside the call that made it. A listener
// that asked the engine there would reuse the call's result slots: the shim calls it later.
test('a ledger listener that asks the engine leaves the result of the call that recorded intact', async () => {
  const { core } = startCore();
  const manifest = {
    revision: '1',
    controller: { name: 'Test App' },
    purposes: [{ id: 'call', label: { en: 'Calls' } }],
    sdks: [{ id: 'x', name: 'X', provider: 'P', policyUrl: 'https://example.com/p', permissions: [{ surface: 'camera', purpose: 'call' }] }],
  };
  expect(JSON.parse(core.module.load(JSON.stringify(manifest), 0))).toEqual({ ok: true });
  const heard = [];
  core.observeLedger(() => heard.push(core.ledger().total));
  const decision = core.module.decide('camera', 0);
  expect(decision).toEqual({ action: 'deny', purpose: 'call', reason: expect.any(String) });
  expect(heard).toEqual([]);  // not yet: after the call, in a microtask
  await Promise.resolve();
  expect(heard).toEqual([1]);
});

// An engine out of memory aborts (its heap may be half updated). Made real in a Node whose
// WebAssembly memories may not pass 24 MiB (a V8 flag, so in a process of its own): a 30 MiB
// argument cannot be copied in.
test('an engine that aborted answers every later call as a closed engine: denied, nothing recorded, no throw', () => {
  const script = `
    const { startCore } = await import(${JSON.stringify(new URL('../../js-bindings/core.js', import.meta.url).href)});
    const { core } = startCore();
    const manifest = { revision: '1', controller: { name: 'A' }, purposes: [{ id: 'call', label: { en: 'Calls' } }],
      sdks: [{ id: 'x', name: 'X', provider: 'P', policyUrl: 'https://example.com/p', permissions: [{ surface: 'camera', purpose: 'call' }] }] };
    const out = { loaded: core.load(JSON.stringify(manifest)), granted: core.setConsent(['call'], 'granted', 'api', 'en') };
    out.before = core.decide('camera').action;
    out.hit = core.load('x'.repeat(30 << 20));
    Object.assign(out, { after: core.decide('camera'), whole: core.decideWhole('devices').action, closed: core.closed(), granted2: core.setConsent(['call'], 'granted', 'api', 'en'),
      storage: core.decideStorage('localStorage', 'k', 'v'), cookieFree: core.cookieFree(), ledger: core.ledger().entries.length });
    console.log(JSON.stringify(out));`;
  const run = spawnSync(process.execPath, ['--wasm-max-mem-pages=384', '--input-type=module', '-e', script], { encoding: 'utf8' });
  expect(run.status, run.stderr).toBe(0);
  const out = JSON.parse(run.stdout);
  expect(out.loaded).toEqual({ ok: true });
  expect(out.granted).toBe('');
  expect(out.before).toBe('allow');
  expect(out.hit.ok).toBe(false);
  expect(out.after).toEqual({ action: 'deny', purpose: '', reason: 'engine closed: the engine aborted (out of memory)' });
  expect(out).toMatchObject({ closed: true, whole: 'deny', storage: true, cookieFree: true, ledger: 0 });
  expect(out.granted2).toContain('engine closed');
  expect(run.stderr).toContain('the engine aborted; every gate denies from now on');
});

// The closed engine's matchMedia stand-in (js-bindings/core.js) treats a query as naming a device
// feature by the words of the engine's reader (may_name_a_device_feature in
// wasm/core/media_query.cpp): a word the engine gained and the stand-in lacks would let a query
// through to the browser when the engine cannot answer it.
test('the closed engine\'s matchMedia words are the engine\'s reader\'s', () => {
  const read = (path) => readFileSync(new URL(`../../${path}`, import.meta.url), 'utf8');
  const listAfter = (text, marker, open, close) => {
    const from = text.indexOf(marker);
    expect(from, marker).toBeGreaterThan(-1);
    const start = text.indexOf(open, from) + 1;
    return text.slice(start, text.indexOf(close, start));
  };
  const words = (list) => [...list.matchAll(/"((?:[^"\\]|\\.)*)"|'((?:[^'\\]|\\.)*)'/g)]
    .map((m) => (m[1] ?? m[2]).replace(/\\(.)/g, '$1')).sort();
  const engine = words(listAfter(read('wasm/core/media_query.cpp'), 'kWords[] =', '{', '}'));
  const coreJs = read('js-bindings/core.js');
  const standIn = words(listAfter(coreJs.slice(coreJs.indexOf('mediaFeatures:')), 'each([', '[', ']'));
  expect(engine).toContain('device-width');
  expect(engine).toContain('\\');
  expect(standIn).toEqual(engine);
});
