// A static server on 127.0.0.1 for the demo, the browser tests and the bench.
// `?csp=strict` on a page adds the strictest policy the shim must live under:
//   Content-Security-Policy: script-src 'self' 'wasm-unsafe-eval'
import { createServer } from 'node:http';
import { readFile, stat } from 'node:fs/promises';
import { dirname, extname, join, normalize, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), '..');

const TYPES = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
  '.wasm': 'application/wasm',
};
export const STRICT_CSP = "script-src 'self' 'wasm-unsafe-eval'";

export function startServer({ port = 0, root = repoRoot } = {}) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, 'http://127.0.0.1');
    let path = normalize(join(root, decodeURIComponent(url.pathname)));
    if (path !== root && !path.startsWith(root + sep)) {
      res.writeHead(403).end('forbidden');
      return;
    }
    try {
      if ((await stat(path)).isDirectory()) path = join(path, 'index.html');
      const body = await readFile(path);
      // ?cache: cacheable like a script from a CDN (the bench's repeat visits); else no-store.
      const cacheControl = url.searchParams.has('cache') ? 'public, max-age=3600' : 'no-store';
      const headers = { 'content-type': TYPES[extname(path)] || 'application/octet-stream', 'cache-control': cacheControl };
      if (url.searchParams.get('csp') === 'strict') headers['content-security-policy'] = STRICT_CSP;
      res.writeHead(200, headers).end(body);
    } catch {
      res.writeHead(404, { 'content-type': 'text/plain' }).end('not found');
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => {
      const { port: bound } = server.address();
      resolve({ url: `http://127.0.0.1:${bound}`, close: () => new Promise((r) => server.close(r)) });
    });
  });
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const portArg = process.argv.indexOf('--port');
  const port = portArg > 0 ? Number(process.argv[portArg + 1]) : Number(process.env.PORT || 8377);
  const { url } = await startServer({ port });
  const page = process.argv.includes('--demo') ? '/demo/' : '/';
  console.log(`rtc-privacy-shim: serving ${url}${page}  (Ctrl+C to stop)`);
}
