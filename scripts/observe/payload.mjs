// What a captured request or frame carries, by name only: its format and the paths of its
// fields, each tagged with the kinds of known test values it contains (the dummy token, user
// id, a device id the browser listed…). Values themselves never leave this module.
import { gunzipSync, inflateSync } from 'node:zlib';

const MAX_PATHS = 200;

// markers: [{ tag, values: [string] }]; a leaf carrying one of the values gets the tag.
export function tagsOf(text, markers) {
  const tags = [];
  if (typeof text !== 'string' || !text) return tags;
  for (const { tag, values } of markers) {
    if (values.some((v) => v && v.length >= 4 && text.includes(v))) tags.push(tag);
  }
  // An address, not a version number ("Chrome/156.0.0.0", "4.68.4.1").
  // The page's own 127.0.0.1 is the "pageUrl" marker's.
  const addresses = text.match(/(?<![\w./-])(?:\d{1,3}\.){3}\d{1,3}(?![\w.])/g) || [];
  if (addresses.some((a) => a !== '127.0.0.1')) tags.push('ipv4?');
  return tags;
}

// Adds "a.b[*].c" → Set(tags) for every leaf; a string holding JSON is walked too, its paths
// written under "field<json>".
function walk(value, path, out, markers, depth = 0) {
  if (out.size >= MAX_PATHS || depth > 12) return;
  if (Array.isArray(value)) {
    if (!value.length) add(out, `${path}[]`, []);
    for (const v of value) walk(v, `${path}[*]`, out, markers, depth + 1);
    return;
  }
  if (value && typeof value === 'object') {
    const keys = Object.keys(value);
    if (!keys.length) add(out, `${path}{}`, []);
    // A map (API names, ids as keys) rather than a record: its keys are data, not fields.
    if (keys.length > 64) {
      add(out, `${path}{${keys.length} keys}`, []);
      for (const k of keys) walk(value[k], `${path}.*`, out, markers, depth + 1);
      return;
    }
    for (const k of keys) walk(value[k], path ? `${path}.${k}` : k, out, markers, depth + 1);
    return;
  }
  if (typeof value === 'string' && /^\s*[[{]/.test(value)) {
    try {
      walk(JSON.parse(value), `${path}<json>`, out, markers, depth + 1);
      return;
    } catch { /* a string that only starts like JSON */ }
  }
  add(out, path || '(value)', tagsOf(typeof value === 'string' ? value : String(value), markers));
}

function add(out, path, tags) {
  const set = out.get(path) || new Set();
  for (const t of tags) set.add(t);
  out.set(path, set);
}

const looksText = (buf) => {
  let printable = 0;
  const n = Math.min(buf.length, 512);
  for (let i = 0; i < n; i++) {
    const c = buf[i];
    if (c === 9 || c === 10 || c === 13 || (c >= 32 && c < 127) || c >= 128) printable++;
  }
  return n === 0 || printable / n > 0.95;
};

// The format of a body (Buffer or string) and its field paths.
export function describeBody(body, contentType, markers) {
  const paths = new Map();
  if (body == null || body.length === 0) return { format: 'none', paths };
  let buf = Buffer.isBuffer(body) ? body : Buffer.from(String(body), 'utf8');
  let prefix = '';
  if (buf[0] === 0x1f && buf[1] === 0x8b) {
    try { buf = gunzipSync(buf); prefix = 'gzip+'; } catch { return { format: 'gzip (unreadable)', paths }; }
  } else if (buf[0] === 0x78 && [0x01, 0x5e, 0x9c, 0xda].includes(buf[1])) {
    try { buf = inflateSync(buf); prefix = 'deflate+'; } catch { /* not zlib after all */ }
  }
  if (!looksText(buf)) {
    // Binary (protobuf and the like): the printable runs still say what it carries.
    const runs = buf.toString('latin1').match(/[\x20-\x7e]{4,}/g) || [];
    add(paths, '(binary strings)', tagsOf(runs.join('\n'), markers));
    return { format: `${prefix}binary`, paths };
  }
  const text = buf.toString('utf8');
  const type = (contentType || '').toLowerCase();
  try {
    walk(JSON.parse(text), '', paths, markers);
    return { format: `${prefix}json`, paths };
  } catch { /* not one JSON document */ }
  const lines = text.split('\n').filter(Boolean);
  if (lines.length > 1 && lines.every((l) => { try { JSON.parse(l); return true; } catch { return false; } })) {
    for (const l of lines) walk(JSON.parse(l), '', paths, markers);
    return { format: `${prefix}ndjson`, paths };
  }
  const boundary = /boundary=("?)([^";]+)\1/i.exec(contentType || '');
  if (boundary) {
    for (const part of text.split(`--${boundary[2]}`)) {
      const name = /name="([^"]+)"/.exec(part);
      if (!name) continue;
      const body = part.slice(part.indexOf('\r\n\r\n') + 4).replace(/\r\n$/, '');
      walk(body, name[1], paths, markers);
    }
    return { format: `${prefix}multipart`, paths };
  }
  if (type.includes('x-www-form-urlencoded') || /^[\w.%[\]-]+=[^&]*(&[\w.%[\]-]+=[^&]*)*$/.test(text)) {
    for (const [k, v] of new URLSearchParams(text)) walk(v, k, paths, markers);
    return { format: `${prefix}form`, paths };
  }
  add(paths, '(text)', tagsOf(text, markers));
  return { format: `${prefix}text`, paths };
}

// The query of a URL, by parameter name.
export function describeQuery(url, markers) {
  const paths = new Map();
  for (const [k, v] of url.searchParams) walk(v, k, paths, markers);
  return paths;
}

// Merges path maps into `into` (Map path → Set tags).
export function mergePaths(into, from) {
  for (const [p, tags] of from) add(into, p, tags);
  return into;
}

export function formatPaths(paths) {
  return [...paths].sort(([a], [b]) => (a < b ? -1 : 1))
    .map(([p, tags]) => (tags.size ? `${p} {${[...tags].sort().join(',')}}` : p));
}
