// Runs every suite (native Catch2 core tests, the published types, Playwright browser tests) and ends with
// one line `N passed, N failed` totalled over all of them. Exits non-zero on any failure.
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const results = [];

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: root, encoding: 'utf8', maxBuffer: 1 << 28, ...opts });
  if (r.stdout) process.stdout.write(r.stdout);
  if (r.stderr) process.stderr.write(r.stderr);
  return r;
}

function suite(name, fn) {
  console.log(`\n=== ${name}`);
  const { passed, failed } = fn();
  results.push({ name, passed, failed });
  console.log(`=== ${name}: ${passed} passed, ${failed} failed`);
}

// Catch2 (native g++ build of the same core sources as the WASM build).
suite('core (Catch2, native)', () => {
  const dir = join(root, 'build/native');
  const configure = existsSync(join(dir, 'CMakeCache.txt')) ? { status: 0 }
    : run('cmake', ['-S', root, '-B', dir, '-DCMAKE_BUILD_TYPE=Debug'], { stdio: 'inherit' });
  const build = configure.status === 0 ? run('cmake', ['--build', dir, '-j', '2'], { stdio: 'inherit' }) : configure;
  if (build.status !== 0) return { passed: 0, failed: 1 };
  const r = run(join(dir, 'core_tests'), []);
  const out = `${r.stdout}\n${r.stderr}`;
  let m = out.match(/All tests passed \(\d+ assertions? in (\d+) test cases?\)/);
  if (m) return { passed: Number(m[1]), failed: r.status === 0 ? 0 : 1 };
  m = out.match(/test cases:\s+(\d+)\s*\|\s*(\d+) passed\s*\|\s*(\d+) failed/);
  if (m) return { passed: Number(m[2]), failed: Number(m[3]) };
  return { passed: 0, failed: 1 };
});

// The published types (dist/*.d.ts) against a usage file, through the package's exports map.
suite('types (tsc --strict)', () => {
  const r = run(join(root, 'node_modules/.bin/tsc'), ['-p', join(root, 'tests/types/tsconfig.json')]);
  return r.status === 0 ? { passed: 1, failed: 0 } : { passed: 0, failed: 1 };
});

// Playwright in Debian's Chromium.
suite('browser (Playwright, Chromium)', () => {
  const report = join(root, 'build/playwright-results.json');
  rmSync(report, { force: true });
  const extra = process.argv.slice(2);
  const r = run(join(root, 'node_modules/.bin/playwright'), ['test', ...extra], { stdio: 'inherit' });
  if (!existsSync(report)) return { passed: 0, failed: 1 };
  const { stats, errors = [] } = JSON.parse(readFileSync(report, 'utf8'));
  // A spec file that does not load runs none of its tests and shows up only as a top-level
  // error: each such error, and a failing exit the counts do not explain, is a failure.
  const unexplained = r.status !== 0 && stats.unexpected === 0 && errors.length === 0 ? 1 : 0;
  return { passed: stats.expected + stats.flaky, failed: stats.unexpected + errors.length + unexplained };
});

const passed = results.reduce((n, r) => n + r.passed, 0);
const failed = results.reduce((n, r) => n + r.failed, 0);
console.log('');
for (const r of results) console.log(`  ${r.name}: ${r.passed} passed, ${r.failed} failed`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed === 0 && passed > 0 ? 0 : 1);
