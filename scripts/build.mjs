// Builds the WASM core with Emscripten (through CMake, the same sources as the native
// build) and bundles the JS layer around it into dist/:
//   dist/rtc-privacy-shim.js   classic script, WASM embedded, global RtcPrivacyShim
//   dist/rtc-privacy-shim.mjs  ESM entry (+ dist/auto.mjs, arms on import)
//   dist/*.d.ts                types
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, mkdirSync, rmSync, symlinkSync, readdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as esbuild from 'esbuild';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const build = join(root, 'build');
const dist = join(root, 'dist');

function run(cmd, args, env = {}) {
  execFileSync(cmd, args, { cwd: root, stdio: ['ignore', 'inherit', 'inherit'], env: { ...process.env, ...env } });
}

// Emscripten's sysroot does not see /usr/include; give it a folder holding only nlohmann/.
const jsonInclude = join(build, 'json-include');
if (!existsSync(join(jsonInclude, 'nlohmann'))) {
  mkdirSync(jsonInclude, { recursive: true });
  symlinkSync('/usr/include/nlohmann', join(jsonInclude, 'nlohmann'));
}

const emEnv = { NODE_PATH: '/usr/share/nodejs' }; // Emscripten's JS optimizer needs acorn
const wasmBuild = join(build, 'wasm');
if (!existsSync(join(wasmBuild, 'CMakeCache.txt'))) {
  run('emcmake', ['cmake', '-S', root, '-B', wasmBuild, '-DCMAKE_BUILD_TYPE=MinSizeRel',
    `-DRPS_JSON_INCLUDE=${jsonInclude}`], emEnv);
}
run('cmake', ['--build', wasmBuild, '-j', '2'], emEnv);

rmSync(dist, { recursive: true, force: true });
mkdirSync(dist, { recursive: true });
const common = {
  bundle: true,
  minify: true,
  legalComments: 'none',
  target: ['chrome100', 'firefox100', 'safari15'],
  logLevel: 'warning',
  // The Emscripten glue tests for Node before it would use these; never in a page.
  external: ['fs', 'path', 'crypto'],
};
await esbuild.build({
  ...common,
  entryPoints: [join(root, 'js-bindings/classic.js')],
  outfile: join(dist, 'rtc-privacy-shim.js'),
  format: 'iife',
  // The glue reads import.meta.url only to locate a .wasm file; the WASM is embedded.
  define: { 'import.meta.url': 'undefined' },
});
await esbuild.build({
  ...common,
  entryPoints: {
    'rtc-privacy-shim': join(root, 'js-bindings/index.js'),
    auto: join(root, 'js-bindings/auto.js'),
  },
  outdir: dist,
  format: 'esm',
  splitting: true,
  chunkNames: 'chunks/[name]-[hash]',
  outExtension: { '.js': '.mjs' },
});
for (const file of readdirSync(join(root, 'js-bindings')).filter((f) => f.endsWith('.d.ts'))) {
  copyFileSync(join(root, 'js-bindings', file), join(dist, file));
}
console.log('build: dist/ ready');
