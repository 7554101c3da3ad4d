// Generates tests/corpus/pii.jsonl: a labeled corpus of SDK telemetry payloads for measuring
// the redactor's recall and precision (see tests/corpus/README.md). Deterministic: a seeded
// PRNG (mulberry32) and no clock, so the same seed always writes the same bytes.
//   node scripts/gen-corpus.mjs [--seed N] [--count N] [--out path]
//
// Each line: {"format", "payload", "pii": [{"type", "value"}], "keep": [...]}. A pii value is
// the exact substring of the payload that the matching detector (wasm/core/redact/detectors.cpp)
// is expected to replace, as written in the payload (JSON-escaped in JSON, percent-encoded in
// forms and queries); a keep value is a look-alike that must come out unchanged. Every label is
// checked before it is written: each pii value occurs exactly once, pii values do not overlap,
// every keep value occurs and no occurrence of it overlaps a pii value.
import { mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { agora006Token, agora007Token, vertcToken, zego04Token } from './rtc-tokens.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const args = process.argv.slice(2);
const arg = (name, def) => {
  const i = args.indexOf(name);
  return i >= 0 && i + 1 < args.length ? args[i + 1] : def;
};
const SEED = Number(arg('--seed', 0x5eed2026));
const COUNT = Number(arg('--count', 3400));
const OUT = arg('--out', join(root, 'tests/corpus/pii.jsonl'));

const TYPES = ['email', 'phone', 'ipv4', 'ipv6', 'mac', 'imei', 'cn_id', 'bank_card', 'uuid', 'hex_id', 'jwt',
  'bearer', 'url_userinfo', 'token_param', 'latlng'];
// Types drawn only for the payloads appended after the main ones (RTC / IM access tokens), so
// that adding them left the main payloads as they were.
const EXTRA_TYPES = ['rtc_token'];
const ALL_TYPES = [...TYPES, ...EXTRA_TYPES];
const FORMATS = ['json', 'ndjson', 'form', 'query', 'text'];

// ---- PRNG and helpers ------------------------------------------------------------------

function mulberry32(a) {
  return () => {
    a |= 0;
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
const rnd = mulberry32(SEED);
const int = (a, b) => a + Math.floor(rnd() * (b - a + 1));
const pick = (arr) => arr[Math.floor(rnd() * arr.length)];
const chance = (p) => rnd() < p;
const digits = (n) => Array.from({ length: n }, () => int(0, 9)).join('');
const pad = (n, w) => String(n).padStart(w, '0');
const HEX = '0123456789abcdef';
const hexs = (n) => Array.from({ length: n }, () => HEX[int(0, 15)]).join('');
const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';
const alnum = (n) => Array.from({ length: n }, () => ALNUM[int(0, 61)]).join('');
const bytes = (n) => Buffer.from(Array.from({ length: n }, () => int(0, 255)));
const b64url = (b) => Buffer.from(b).toString('base64url');
function weighted(pairs) {
  let total = 0;
  for (const [, w] of pairs) total += w;
  let r = rnd() * total;
  for (const [v, w] of pairs) if ((r -= w) < 0) return v;
  return pairs[pairs.length - 1][0];
}
function shuffle(a) {
  for (let i = a.length - 1; i > 0; --i) {
    const j = int(0, i);
    [a[i], a[j]] = [a[j], a[i]];
  }
  return a;
}
function assert(cond, msg) {
  if (!cond) throw new Error(`gen-corpus: ${msg}`);
}

// ---- checksums (mirror of wasm/core/redact/checksums.cpp) -------------------------------

function luhnOk(d) {
  let sum = 0;
  let twice = false;
  for (let i = d.length - 1; i >= 0; --i) {
    let v = d.charCodeAt(i) - 48;
    if (twice) {
      v *= 2;
      if (v > 9) v -= 9;
    }
    sum += v;
    twice = !twice;
  }
  return sum % 10 === 0;
}
function luhnComplete(prefix) {
  for (let c = 0; c < 10; ++c) if (luhnOk(prefix + c)) return prefix + c;
  throw new Error('unreachable');
}
const PROVINCES = [11, 12, 13, 14, 15, 21, 22, 23, 31, 32, 33, 34, 35, 36, 37, 41, 42, 43, 44, 45, 46, 50, 51, 52,
  53, 54, 61, 62, 63, 64, 65];
const provinceOk = (p) => PROVINCES.includes(p) || [71, 81, 82, 83, 91].includes(p);
function dateOk(y, m, d) {
  if (y < 1900 || y > 2099 || m < 1 || m > 12 || d < 1) return false;
  const days = [31, (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31];
  return d <= days[m - 1];
}
const GB_W = [7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2];
function gbCheck(d17) {
  let s = 0;
  for (let i = 0; i < 17; ++i) s += (d17.charCodeAt(i) - 48) * GB_W[i];
  return '10X98765432'[s % 11];
}
function cnIdValid(id) {
  if (id.length === 15) {
    if (!/^\d{15}$/.test(id) || !provinceOk(+id.slice(0, 2))) return false;
    return dateOk(1900 + +id.slice(6, 8), +id.slice(8, 10), +id.slice(10, 12));
  }
  if (id.length !== 18 || !/^\d{17}[\dXx]$/.test(id) || !provinceOk(+id.slice(0, 2))) return false;
  if (!dateOk(+id.slice(6, 10), +id.slice(10, 12), +id.slice(12, 14))) return false;
  return gbCheck(id) === id[17].toUpperCase();
}
// What a bare run of digits is taken for (classify_digit_run in detectors.cpp), or null.
function digitRunKind(d) {
  const L = d.length;
  if (L === 11 && /^1[3-9]/.test(d)) return 'phone';
  if (L === 18 && cnIdValid(d)) return 'cn_id';
  if (L === 15 && luhnOk(d) && !/^3[47]/.test(d)) return 'imei';
  if (L === 15 && cnIdValid(d)) return 'cn_id';
  if (L >= 13 && L <= 19 && /^[2-6]/.test(d) && luhnOk(d)) return 'bank_card';
  return null;
}

// Key names the redactor treats specially (is_secret_name / is_version_key in detectors.cpp).
function isSecretName(name, strict) {
  if (!name || name.length > 64) return false;
  const k = name.replace(/[_\-.]/g, '').toLowerCase();
  if (['pwd', 'authorization', 'credential', 'credentials', 'passphrase'].includes(k)) return true;
  if (!strict && ['key', 'auth', 'sig', 'session', 'pass', 'ticket'].includes(k)) return true;
  return ['token', 'secret', 'password', 'passwd', 'signature', 'apikey', 'accesskey', 'secretkey', 'privatekey',
    'sessionid', 'sessionkey'].some((s) => k.endsWith(s));
}
function isVersionKey(key) {
  const k = key.replace(/[_-]/g, '').toLowerCase();
  return k === 'ver' || k === 'v' || k.endsWith('version');
}

// ---- encoders ----------------------------------------------------------------------------

class Raw {
  // A JSON literal written as is (integers beyond 2^53 keep every digit).
  constructor(text) {
    this.text = String(text);
  }
}
// JSON string contents. `slash`: "\/" as Android's org.json and PHP write it; `ascii`:
// \uXXXX for everything outside ASCII as Python's json.dumps does by default; `html`: <, >
// and & as \u003c... as Go's encoding/json does by default.
function jesc(s, o = {}) {
  let r = '';
  for (const ch of s) {
    const c = ch.codePointAt(0);
    if (ch === '"') r += '\\"';
    else if (ch === '\\') r += '\\\\';
    else if (ch === '\n') r += '\\n';
    else if (ch === '\r') r += '\\r';
    else if (ch === '\t') r += '\\t';
    else if (c < 0x20) r += '\\u' + pad(c.toString(16), 4);
    else if (ch === '/' && o.slash) r += '\\/';
    else if (o.html && (ch === '<' || ch === '>' || ch === '&')) r += '\\u00' + c.toString(16);
    else if (c > 0x7e && o.ascii) for (let i = 0; i < ch.length; ++i) r += '\\u' + pad(ch.charCodeAt(i).toString(16), 4);
    else r += ch;
  }
  return r;
}
function ser(v, o = {}, ind = '') {
  if (v instanceof Raw) return v.text;
  if (typeof v === 'string') return '"' + jesc(v, o) + '"';
  if (typeof v === 'number' || typeof v === 'boolean' || v === null) return String(v);
  const nl = o.pretty ? '\n' : '';
  const ind2 = o.pretty ? ind + '  ' : '';
  const colon = o.pretty || o.spaced ? ': ' : ':';
  const comma = o.spaced && !o.pretty ? ', ' : ',';
  if (Array.isArray(v)) {
    if (!v.length) return '[]';
    return '[' + nl + v.map((x) => ind2 + ser(x, o, ind2)).join(comma + nl) + nl + ind + ']';
  }
  const keys = Object.keys(v);
  if (!keys.length) return '{}';
  return '{' + nl + keys.map((k) => ind2 + '"' + jesc(k, o) + '"' + colon + ser(v[k], o, ind2)).join(comma + nl) + nl + ind + '}';
}
// application/x-www-form-urlencoded as URLSearchParams writes it.
function formEnc(s) {
  let r = '';
  for (const b of Buffer.from(s, 'utf8')) {
    const c = String.fromCharCode(b);
    if (/[A-Za-z0-9*\-._]/.test(c)) r += c;
    else if (c === ' ') r += '+';
    else r += '%' + pad(b.toString(16).toUpperCase(), 2);
  }
  return r;
}
const uriEnc = (s) => encodeURIComponent(s);

// ---- values that are personal data --------------------------------------------------------

const FIRST = ['alice', 'bob', 'carol', 'dave', 'emma', 'frank', 'grace', 'henry', 'li', 'wei', 'fang', 'na', 'jing',
  'lei', 'min', 'yang', 'tao', 'hui', 'xin', 'yuki', 'kenji', 'haruto', 'sakura', 'minjun', 'jiwoo', 'maria', 'jose',
  'lucas', 'olivia', 'noah', 'mia', 'anna', 'ivan', 'omar', 'lena', 'sofia', 'arjun', 'priya'];
const LAST = ['wang', 'li', 'zhang', 'liu', 'chen', 'yang', 'zhao', 'huang', 'zhou', 'wu', 'xu', 'sun', 'ma', 'zhu',
  'hu', 'guo', 'lin', 'he', 'gao', 'luo', 'smith', 'jones', 'tanaka', 'sato', 'kim', 'park', 'garcia', 'silva',
  'mueller', 'rossi', 'novak', 'khan'];
const MAIL_DOMAINS = ['example.com', 'mail.example.com', 'example.cn', 'corp.example.com.cn', 'example.org',
  'dev.example.io', 'eu.mail.example.net', 'qq.com', '163.com', '126.com', 'foxmail.com', 'gmail.com', 'outlook.com',
  'hotmail.com', 'icloud.com', 'yahoo.co.jp', 'sina.com', 'aliyun.com', 'example.co.uk', 'staff.example.edu'];

// Addresses with letters of other scripts (internationalized, IDN domains): drawn only for
// the payloads after the token ones.
const INTL_LOCAL = ['josé', 'müller', 'søren.åberg', 'zoë', 'françois', 'élise', 'почта'];
const CJK_LOCAL = ['张伟', '李娜', '用户', 'ユーザー', '사용자'];
const INTL_DOMAIN = ['例子.中国', '公司.cn', 'münchen.de', 'bücher.example', 'пример.рф', '例え.jp', 'example.com', 'qq.com'];
// Digits only after Latin or Cyrillic letters: Chinese, Japanese or Korean text right before
// ASCII is read as text followed by an address ("邮箱alice@example.com", match_email).
function genIntlEmail() {
  const local = chance(0.4) ? pick(CJK_LOCAL) : `${pick(INTL_LOCAL)}${chance(0.3) ? int(1, 99) : ''}`;
  return `${local}@${pick(INTL_DOMAIN)}`;
}

function genEmail() {
  if (laterForms) return genIntlEmail();
  const f = pick(FIRST);
  const l = pick(LAST);
  const local = weighted([
    [() => `${f}.${l}`, 4],
    [() => `${f}${l}${int(1, 99)}`, 3],
    [() => `${f}_${l}`, 2],
    [() => `${f[0]}${l}`, 2],
    [() => `${f}+${pick(['rtc', 'im', 'test', 'work', 'live', 'news'])}`, 2],
    [() => `${f}.${l}.${int(1980, 2005)}`, 1],
    [() => `${int(10000, 99999999)}`, 2], // QQ-style numeric local part
    [() => `${f}-${l}`, 1],
    [() => `${f.toUpperCase()}.${l[0].toUpperCase()}${l.slice(1)}`, 1],
  ])();
  return `${local}@${pick(MAIL_DOMAINS)}`;
}

const CN_PREFIX = ['130', '131', '132', '133', '134', '135', '136', '137', '138', '139', '145', '147', '150', '151',
  '152', '153', '155', '156', '157', '158', '159', '166', '170', '171', '173', '175', '176', '177', '178', '180', '181',
  '182', '183', '184', '185', '186', '187', '188', '189', '191', '193', '195', '196', '198', '199'];
const cnMobile = () => pick(CN_PREFIX) + digits(8);
const group344 = (m, sep) => `${m.slice(0, 3)}${sep}${m.slice(3, 7)}${sep}${m.slice(7)}`;
const E164 = [
  () => `+1${int(2, 9)}${digits(2)}${int(2, 9)}${digits(6)}`, // NANP
  () => `+447${int(4, 9)}${digits(8)}`, // UK mobile
  () => `+8190${digits(8)}`, // JP
  () => `+4915${digits(9)}`, // DE
  () => `+65${pick(['8', '9'])}${digits(7)}`, // SG
  () => `+336${digits(8)}`, // FR
  () => `+91${int(7, 9)}${digits(9)}`, // IN
  () => `+852${pick(['5', '6', '9'])}${digits(7)}`, // HK
  () => `+8869${digits(8)}`, // TW
  () => `+628${int(1, 5)}${digits(9)}`, // ID
  () => `+614${digits(8)}`, // AU
  () => `+8210${digits(8)}`, // KR
];
// National numbers with the area code set apart (match_area_coded in detectors.cpp): CN
// landlines and North American numbers; and mobile numbers in full-width digits, as Chinese
// input methods type them. Drawn only for the payloads after the token ones (laterForms).
const CN_AREAS = ['010', '020', '021', '022', '023', '024', '025', '027', '028', '029', '0755', '0571', '0512', '0731', '0871', '0991'];
const nanpGroup = () => `${int(2, 9)}${digits(2)}`;
function genNationalPhone() {
  const area = pick(CN_AREAS);
  const local = `${int(2, 8)}${digits(area.length === 3 ? 7 : pick([6, 7]))}`;
  const [a, e, l] = [nanpGroup(), nanpGroup(), digits(4)];
  return pick([
    () => `${area}-${local}`,
    () => `${area} ${local}`,
    () => `(${area})${local}`,
    () => (local.length === 8 ? `${area}-${local.slice(0, 4)}-${local.slice(4)}` : `(${area}) ${local}`),
    () => `${a}-${e}-${l}`,
    () => `${a}.${e}.${l}`,
    () => `(${a}) ${e}-${l}`,
    () => `1-${a}-${e}-${l}`,
  ])();
}
// Other countries' national numbers from their trunk prefix 0 (match_trunk_national), and
// international numbers dialled with 00 for + or written with spaces and dashes mixed: drawn only for the payloads after the national
// and full-width ones (trunkForms).
const subscriber = () => `${int(2, 9)}${digits(3)}`;
function genTrunkPhone() {
  const fr = [`0${int(1, 9)}`, digits(2), digits(2), digits(2), digits(2)];
  return pick([
    () => `0${int(1, 9)}-${subscriber()}-${digits(4)}`, // Japan, landline
    () => `0${pick(['70', '80', '90'])}-${subscriber()}-${digits(4)}`, // Japan, mobile
    () => `010-${subscriber()}-${digits(4)}`, // Korea, mobile
    () => `0${int(3, 6)}${int(1, 5)}-${int(2, 9)}${digits(2)}-${digits(4)}`, // Korea, landline
    () => `07${int(4, 9)}${digits(2)} ${int(2, 9)}${digits(5)}`, // UK, mobile
    () => `0${pick(['161', '113', '131'])} ${int(2, 9)}${digits(2)} ${digits(4)}`, // UK, landline
    () => fr.join(pick([' ', '.'])), // France
    () => `0${pick(['30', '40', '89'])} ${int(2, 9)}${digits(pick([6, 7]))}`, // Germany
    () => `(0${int(2, 8)}) ${subscriber()} ${digits(4)}`, // Australia
    () => `00${pick(['44', '33', '49', '81', '82', '61', '1'])} ${int(2, 9)}${digits(2)} ${digits(3)} ${digits(4)}`,
    // International numbers with spaces and dashes mixed: Russia, Brazil, Malaysia.
    () => `+7 9${digits(2)} ${digits(3)}-${digits(2)}-${digits(2)}`,
    () => `+55 ${int(11, 99)} 9${digits(4)}-${digits(4)}`,
    () => `+60 1${int(0, 9)}-${digits(3)} ${digits(4)}`,
    // Mobile numbers written whole (trunk_mobile): Japan, Korea, the UK, Germany; France, Australia.
    () => `${pick(['070', '080', '090', '010', '077', '015', '017'])}${digits(8)}`,
    () => `0${pick(['6', '7', '4'])}${digits(8)}`,
  ])();
}
let trunkForms = false;
const fullWidth = (ascii) => ascii.replace(/[0-9+]/g, (c) => String.fromCharCode(c.charCodeAt(0) + 0xfee0));
let laterForms = false;

// { v, plain }: plain = 11 bare digits (may be written as a JSON number).
function genPhone() {
  if (trunkForms) return { v: genTrunkPhone() };
  if (laterForms) return { v: chance(0.2) ? fullWidth(cnMobile()) : genNationalPhone() };
  const m = cnMobile();
  return weighted([
    [() => ({ v: m, plain: true }), 36],
    [() => ({ v: `+86${m}` }), 14],
    [() => ({ v: `+86 ${m}` }), 7],
    [() => ({ v: `+86-${group344(m, '-')}` }), 4],
    [() => ({ v: `+86 ${group344(m, ' ')}` }), 3],
    [() => ({ v: `0086${m}` }), 3],
    [() => ({ v: `0086 ${m}` }), 3],
    [() => ({ v: group344(m, pick([' ', '-'])) }), 10],
    [() => ({ v: pick(E164)() }), 20],
  ])();
}

function genIPv4() {
  return weighted([
    [() => `192.168.${int(0, 255)}.${int(1, 254)}`, 20],
    [() => `10.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, 10],
    [() => `172.${int(16, 31)}.${int(0, 255)}.${int(1, 254)}`, 6],
    [() => `100.${int(64, 127)}.${int(0, 255)}.${int(1, 254)}`, 5],
    [() => `${pick(['203.0.113', '198.51.100', '192.0.2'])}.${int(1, 254)}`, 12],
    [() => `${pick([1, 8, 13, 14, 23, 27, 36, 39, 42, 49, 52, 54, 58, 59, 60, 61, 101, 103, 106, 110, 111, 112, 113,
      114, 115, 116, 117, 118, 119, 120, 121, 122, 123, 124, 125, 140, 150, 157, 171, 175, 180, 182, 183, 202, 211,
      218, 219, 220, 221, 222, 223])}.${int(0, 255)}.${int(0, 255)}.${int(1, 254)}`, 47],
  ])();
}

function compressV6(groups) {
  // RFC 5952: the longest run (>= 2) of zero groups becomes "::".
  let best = -1;
  let bestLen = 1;
  for (let i = 0; i < 8; ) {
    if (groups[i] !== 0) {
      ++i;
      continue;
    }
    let j = i;
    while (j < 8 && groups[j] === 0) ++j;
    if (j - i > bestLen) {
      best = i;
      bestLen = j - i;
    }
    i = j;
  }
  const h = groups.map((g) => g.toString(16));
  if (best < 0) return h.join(':');
  return h.slice(0, best).join(':') + '::' + h.slice(best + bestLen).join(':');
}
function genIPv6() {
  const prefix = () => pick([[0x2001, 0x0db8], [0x2408, 0x8207], [0x240e, 0x0388], [0x2409, 0x8a1e], [0x2408, 0x8456],
    [0x240e, 0x0470], [0x2a02, 0x0810], [0x2600, 0x1700], [0x2001, 0x0da8]]);
  const g = () => int(0, 0xffff);
  const v = weighted([
    [() => { // full, zero-padded
      const gs = [...prefix(), g(), g(), chance(0.4) ? 0 : g(), chance(0.4) ? 0 : g(), g(), g()];
      return gs.map((x) => pad(x.toString(16), 4)).join(':');
    }, 15],
    [() => { // compressed, site prefix + interface id
      const gs = [...prefix(), g(), g(), 0, 0, 0, 0];
      const tail = int(1, 4);
      for (let k = 0; k < tail; ++k) gs[7 - k] = g() || 1;
      return compressV6(gs);
    }, 35],
    [() => compressV6([...prefix(), g(), g(), g(), g(), g(), g() || 1]), 12], // 8 groups, no zeros dropped
    [() => `::ffff:${genIPv4()}`, 13],
    [() => { // link-local, SLAAC interface id, sometimes with a zone
      const gs = [0xfe80, 0, 0, 0, g(), g(), g(), g() || 1];
      const z = chance(0.5) ? `%${pick(['en0', 'en1', 'wlan0', 'eth0', 'rmnet_data0', '12', '3'])}` : '';
      return compressV6(gs) + z;
    }, 20],
    [() => `64:ff9b::${genIPv4()}`, 5],
  ])();
  if (chance(0.12)) return v.toUpperCase().replace(/%([A-Z0-9_]+)$/, (m) => m.toLowerCase());
  return v;
}

const OUIS = ['00:1a:2b', 'f0:18:98', '3c:22:fb', 'ac:de:48', '02:42:ac', 'b8:27:eb', 'dc:a6:32', '08:00:27', 'a4:83:e7',
  '7c:d1:c3', '28:6c:07', 'f4:f5:e8', '64:09:80', '34:ce:00', 'e4:5f:01', '8c:85:90'];
function genMac() {
  let parts = chance(0.7) ? pick(OUIS).split(':') : [pad(((int(0, 255) & 0xfc) | 0x02).toString(16), 2), hexs(2), hexs(2)];
  parts = parts.concat([hexs(2), hexs(2), hexs(2)]);
  let s = parts.join(chance(0.75) ? ':' : '-');
  if (chance(0.3)) s = s.toUpperCase();
  return s;
}

const TACS = ['35332011', '35694106', '35875609', '35145120', '86012345', '86520403', '86725104', '86891203',
  '01326300', '01234500', '99000123', '49015420', '35391110', '86769004', '35823609', '86403504'];
function genImei() {
  for (;;) {
    const tac = chance(0.6) ? pick(TACS) : pick(['35', '86', '01', '99', '49']) + digits(6);
    const v = luhnComplete(tac + digits(6));
    if (digitRunKind(v) === 'imei') return v;
  }
}

function genCnId18(wantX) {
  for (;;) {
    const prov = pick(PROVINCES);
    const y = int(1950, 2008);
    const m = int(1, 12);
    const d = int(1, 28 + (m === 2 ? 0 : 2));
    const d17 = `${prov}${pad(int(1, 20), 2)}${pad(int(1, 30), 2)}${y}${pad(m, 2)}${pad(d, 2)}${digits(3)}`;
    const c = gbCheck(d17);
    if ((c === 'X') !== wantX) continue;
    const id = d17 + c;
    assert(cnIdValid(id), `bad id ${id}`);
    if (c !== 'X' && digitRunKind(id) !== 'cn_id') continue;
    return id;
  }
}
// { v, plain }: plain = 18 digits without X (may be written as a JSON number).
function genCnId() {
  return weighted([
    [() => ({ v: genCnId18(false), plain: true }), 62],
    [() => ({ v: genCnId18(true) }), 16],
    [() => ({ v: genCnId18(true).replace(/X$/, 'x') }), 3],
    [() => { // printed 6-8-4
      const id = genCnId18(chance(0.3));
      return { v: `${id.slice(0, 6)} ${id.slice(6, 14)} ${id.slice(14)}` };
    }, 7],
    [() => { // 15-digit legacy number: 6-digit region, YYMMDD, 3-digit sequence
      for (;;) {
        const v = `${pick(PROVINCES)}${pad(int(1, 20), 2)}${pad(int(1, 30), 2)}${pad(int(30, 99), 2)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(3)}`;
        if (digitRunKind(v) === 'cn_id') return { v };
      }
    }, 12],
  ])();
}

function genCard() {
  for (;;) {
    const [prefix, len] = weighted([
      [() => ['4', chance(0.08) ? 13 : 16], 28],
      [() => [String(int(51, 55)), 16], 14],
      [() => [String(int(2221, 2720)), 16], 5],
      [() => [pick(['34', '37']), 15], 8],
      [() => [pick(['6222', '6228', '6217', '6212', '6225', '6226', '6214', '6230', '6259']), pick([16, 16, 17, 19, 19])], 28],
      [() => ['6011', 16], 5],
      [() => [String(int(3528, 3589)), 16], 6],
      [() => ['36', 14], 3],
      [() => ['5', 18], 1],
    ])();
    const d = luhnComplete(prefix + digits(len - prefix.length - 1));
    if (digitRunKind(d) !== 'bank_card') continue;
    if (chance(0.25)) {
      const sep = chance(0.7) ? ' ' : '-';
      const sizes = { 16: [4, 4, 4, 4], 15: [4, 6, 5], 19: [4, 4, 4, 4, 3], 14: [4, 6, 4] }[len];
      if (sizes) {
        const out = [];
        let at = 0;
        for (const n of sizes) {
          out.push(d.slice(at, at + n));
          at += n;
        }
        return { v: out.join(sep) };
      }
    }
    return { v: d, plain: true };
  }
}

function genUuid() {
  const h = hexs(32).split('');
  h[12] = '4';
  h[16] = '89ab'[int(0, 3)];
  const s = h.join('');
  const u = `${s.slice(0, 8)}-${s.slice(8, 12)}-${s.slice(12, 16)}-${s.slice(16, 20)}-${s.slice(20)}`;
  return chance(0.2) ? u.toUpperCase() : u;
}
// { embed, label }: Windows SDKs print GUIDs in braces.
function genUuidEmbed() {
  const u = genUuid();
  return chance(0.08) ? { embed: `{${u.toUpperCase()}}`, label: u.toUpperCase() } : { embed: u, label: u };
}

function genHexId() {
  for (;;) {
    const v = hexs(pick([32, 32, 32, 40, 64]));
    if (!/[0-9]/.test(v) || !/[a-f]/.test(v)) continue;
    return chance(0.15) ? v.toUpperCase() : v;
  }
}

const TS_BASE = 1732350000000;
function genJwt() {
  const alg = pick(['HS256', 'HS256', 'RS256', 'ES256']);
  const header = alg === 'HS256' ? { alg, typ: 'JWT' } : { alg, typ: 'JWT', kid: hexs(8) };
  const iat = Math.floor(TS_BASE / 1000) + int(0, 3000000);
  const body = pick([
    () => ({ sub: `u_${int(1, 999999)}`, room: `r_${int(100, 99999)}`, iat, exp: iat + 3600 }),
    () => ({ iss: pick(['rtc.example.com', 'auth.example.cn', 'im.example.com']), uid: `${int(10000, 9999999)}`, iat, exp: iat + 86400 }),
    () => ({ app_id: `${int(100000000, 999999999)}`, user_id: `u_${int(1, 99999)}`, privilege: { publish: 1, subscribe: 1 }, exp: iat + 7200 }),
  ])();
  const sig = bytes(alg === 'HS256' ? 32 : 64);
  return `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(body))}.${b64url(sig)}`;
}

function genOpaqueToken() {
  return weighted([
    [() => alnum(int(24, 40)), 4],
    [() => `ya29.a0${alnum(int(30, 44))}`, 1],
    [() => `${pick(['sk_live_', 'at_', 'tk_', 'v2.'])}${alnum(int(20, 32))}`, 2],
    [() => bytes(int(18, 30)).toString('base64'), 2], // may carry '+', '/', '='
    [() => hexs(int(4, 6) * 8), 1],
    [() => `${alnum(8)}-${alnum(12)}_${alnum(8)}`, 1],
  ])();
}
const genBearerToken = () => (chance(0.3) ? genJwt() : genOpaqueToken());
const genSecretValue = () => (chance(0.2) ? genJwt() : genOpaqueToken());

// RTC / IM access tokens (scripts/rtc-tokens.mjs) with random keys, ids and signatures.
const tokenExpiry = () => Math.floor(TS_BASE / 1000) + int(3600, 86400);
function genVertcToken() {
  return vertcToken({ appId: hexWord(24), roomId: genRoom(), userId: genUid(), nonce: int(1, 99999999), expire: tokenExpiry(),
    signature: bytes(32) });
}
function genAgoraToken() {
  if (chance(0.5)) return agora007Token({ deflated: bytes(int(90, 140)) });
  return agora006Token({ appId: hexWord(32), salt: int(1, 99999999), expire: tokenExpiry(), signature: bytes(32), crcs: bytes(8) });
}
const genZegoToken = () => zego04Token({ expire: tokenExpiry(), iv: alnum(16).toLowerCase(), cipher: bytes(16 * int(5, 9)) });
const genRtcToken = () => pick([genVertcToken, genAgoraToken, genZegoToken])();
// Strings that start like a token and are not one: numbers, short hex, other base64.
const genTokenLookalike = () => pick([
  () => `001${digits(17)}`,
  () => `006${hexWord(20)}`,
  () => `04AAAAA${alnum(int(20, 40))}`,
  () => `007e${alnum(int(20, 40))}`,
  () => '04' + Buffer.concat([Buffer.from([int(1, 255)]), bytes(int(30, 45))]).toString('base64'),
  () => `001${alnum(24)}` + Buffer.concat([Buffer.from([int(40, 255), int(1, 255)]), bytes(int(40, 60))]).toString('base64'),
])();

// { url, userinfo, host4 }: host4 is set when the host is an IPv4 address (IP cameras, proxies).
function genUserinfoUrl(allowIpHost = false) {
  const scheme = pick(['rtmp', 'rtmp', 'rtsp', 'https', 'http', 'wss', 'ftp', 'socks5']);
  const user = pick([`${pick(FIRST)}${int(1, 999)}`, `live_${int(100, 9999)}`, `push${int(10, 99)}`, 'admin', 'rtc_svc',
    `cam${pad(int(1, 64), 2)}`, `u${int(100000, 999999)}`]);
  const pass = weighted([
    [() => alnum(int(8, 16)), 4],
    [() => `${pick(['Pa55', 'Secr3t', 'Rtc', 'live'])}${pick(['!', '.', '_', '~', '$', '%40', '%23'])}${alnum(int(4, 8))}`, 2],
    [() => `${int(100000, 99999999)}`, 1],
  ])();
  const userinfo = chance(0.85) ? `${user}:${pass}` : `${user}_${alnum(6)}`;
  const host4 = allowIpHost && chance(0.2) ? genIPv4() : null;
  const host = host4 ? `${host4}:${pick([554, 8554, 3128, 1935])}` : pick(['push.example.com', 'live.example.cn',
    'cam01.example.net', 'proxy.example.com:3128', 'media.example.org:1935', 'nvr.example.local:554', 'turn.example.com',
    'files.example.com']);
  const path = pick(['/live/s_' + int(1, 9999), '/app/stream' + int(1, 99), '/Streaming/Channels/101', '', '/',
    '/upload/logs', '/ws/signal']);
  return { url: `${scheme}://${userinfo}@${host}${path}`, userinfo, host4 };
}

const CITIES = [[39.9042, 116.4074], [31.2304, 121.4737], [22.5431, 114.0579], [23.1291, 113.2644], [30.5728, 104.0668],
  [30.2741, 120.1551], [34.3416, 108.9398], [29.563, 106.5516], [35.6762, 139.6503], [37.5665, 126.978],
  [1.3521, 103.8198], [-33.8688, 151.2093], [51.5074, -0.1278], [40.7128, -74.006], [-23.5505, -46.6333],
  [48.8566, 2.3522], [25.033, 121.5654], [22.3193, 114.1694], [-6.2088, 106.8456], [19.076, 72.8777]];
function genLatLng() {
  const [la, lo] = pick(CITIES);
  const dec = int(4, 6);
  const lat = (la + (rnd() - 0.5) * 0.3).toFixed(dec);
  const lng = (lo + (rnd() - 0.5) * 0.3).toFixed(dec);
  return `${lat},${chance(0.2) ? ' ' : ''}${lng}`;
}

// One value of a type: { type, embed, label, plain }. `embed` is what goes into the payload
// (decoded), `label` the part of it the detector replaces.
function genPii(type) {
  switch (type) {
    case 'email': { const v = genEmail(); return { type, embed: v, label: v }; }
    case 'phone': { const p = genPhone(); return { type, embed: p.v, label: p.v, plain: p.plain }; }
    case 'ipv4': { const v = genIPv4(); return { type, embed: v, label: v }; }
    case 'ipv6': { const v = genIPv6(); return { type, embed: v, label: v }; }
    case 'mac': { const v = genMac(); return { type, embed: v, label: v }; }
    case 'imei': { const v = genImei(); return { type, embed: v, label: v, plain: v[0] !== '0' }; }
    case 'cn_id': { const p = genCnId(); return { type, embed: p.v, label: p.v, plain: p.plain }; }
    case 'bank_card': { const p = genCard(); return { type, embed: p.v, label: p.v, plain: p.plain }; }
    case 'uuid': { const u = genUuidEmbed(); return { type, embed: u.embed, label: u.label }; }
    case 'hex_id': { const v = genHexId(); return { type, embed: v, label: v }; }
    case 'jwt': { const v = genJwt(); return { type, embed: v, label: v }; }
    case 'bearer': { const t = genBearerToken(); return { type, embed: `${pick(['Bearer', 'Bearer', 'bearer'])} ${t}`, label: t }; }
    case 'url_userinfo': {
      const u = genUserinfoUrl(true);
      return { type, embed: u.url, label: u.userinfo, extra: u.host4 ? [['ipv4', u.host4]] : [] };
    }
    case 'token_param': { const v = genSecretValue(); return { type, embed: v, label: v }; }
    case 'latlng': { const v = genLatLng(); return { type, embed: v, label: v }; }
    case 'rtc_token': { const v = genRtcToken(); return { type, embed: v, label: v }; }
  }
  throw new Error(type);
}

// Contexts real telemetry has beyond "key: value":
// - a page / request URL carried as a value, its query already percent-encoded by the page
//   (referrer, GA "dl", access logs): the personal data is written encoded inside the URL;
// - a JSON document stringified into one string field ("ext_info": "{\"token\":...}");
// - vendor credentials: Tencent TRTC's UserSig (zlib + base64 with * - _), and presigned
//   upload URLs for SDK log files (X-Amz-Signature).
const URL_PARAMS = { email: ['email', 'invite', 'u'], phone: ['phone', 'mobile'], ipv4: ['ip', 'client_ip'], ipv6: ['ip'],
  latlng: ['ll', 'loc'], uuid: ['did', 'device_id'], mac: ['mac'] };
function pageUrl(type, value) {
  return `https://${pick(['app.example.com', 'meet.example.cn', 'm.example.com'])}/${pick(['join', 'invite', 'room/r_12', 's/landing'])}?` +
    `${pick(URL_PARAMS[type])}=${uriEnc(value)}&${pick(['from=share', 'lang=zh-CN', 'utm_source=wechat', 'ch=ios'])}`;
}
const STRINGIFIED_KEYS = { email: ['email', 'mail'], phone: ['phone', 'mobile'], ipv4: ['ip', 'client_ip'], uuid: ['device_id', 'did'],
  token_param: ['access_token', 'token', 'password', 'userToken'] };
function genUserSig() {
  return 'eJw' + bytes(int(90, 130)).toString('base64').replace(/\+/g, '*').replace(/\//g, '-').replace(/=/g, '_');
}
// { url, sig, cred }: both X-Amz-Signature and X-Amz-Credential are token parameters (in
// running text a parameter name is also matched from a '-', '_' or '.' inside it, and
// "Credential" is a credential name).
function s3Url() {
  const region = pick(['us-east-1', 'ap-southeast-1', 'eu-central-1']);
  const sig = hex64();
  const cred = `AKIA${alnum(16).toUpperCase()}%2F20241123%2F${region}%2Fs3%2Faws4_request`;
  const url = `https://sdk-logs-${pick(['prod', 'cn', 'intl'])}.s3.${region}.amazonaws.com/logs/2024/11/${pad(int(1, 28), 2)}/${genUid()}.zip?` +
    `X-Amz-Algorithm=AWS4-HMAC-SHA256&X-Amz-Credential=${cred}&` +
    `X-Amz-Date=20241123T${pad(int(0, 23), 2)}${pad(int(0, 59), 2)}00Z&X-Amz-Expires=900&X-Amz-SignedHeaders=host&X-Amz-Signature=${sig}`;
  return { url, sig, cred };
}
const hex64 = () => { for (;;) { const v = hexs(64); if (/[a-f]/.test(v) && /\d/.test(v)) return v; } };
// A pii value inside a page URL: { type, embed (the URL), label (encoded value) }.
function genInUrl(type) {
  const g = genPii(type);
  return { type, embed: pageUrl(type, g.embed), label: uriEnc(g.label) };
}

function addPii(ctx, g) {
  ctx.p(g.type, g.label);
  for (const [t, v] of g.extra || []) ctx.p(t, v);
}

// ---- look-alikes that must survive --------------------------------------------------------

const genTs = () => String(TS_BASE + int(0, 5000000000)); // 13-digit milliseconds
const genTsUs = () => genTs() + digits(3); // 16-digit microseconds
const genSsrc = () => String(int(1000000, 4294967295)); // <= 10 digits
const genVersion4 = () => pick([() => '4.68.4.1', () => `${int(3, 5)}.${int(40, 70)}.${int(0, 9)}.${int(1, 200)}`,
  () => `1.${int(0, 9)}.${int(0, 30)}.${int(1, 255)}`, () => `${int(2, 9)}.${int(0, 9)}.${int(0, 9)}.${int(0, 9)}`])();
const genVersion3 = () => `${int(1, 6)}.${int(0, 40)}.${int(0, 20)}`;
function keepDigits(len, head) {
  for (;;) {
    const v = head + digits(len - head.length);
    if (digitRunKind(v) === null) return v;
  }
}
const genOrder16 = () => keepDigits(16, pick(['2024112', '2025', '6', '4', '5', '3', '2']));
function genFake18() {
  // Looks like a resident id (province, birth date) but the check digit is wrong; or a
  // business serial. Neither a valid id nor a Luhn-valid card number.
  for (;;) {
    const v = chance(0.6)
      ? `${pick(PROVINCES)}${pad(int(1, 20), 2)}${pad(int(1, 30), 2)}${int(1950, 2008)}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(4)}`
      : `${pick(['2024', '2025', '2026'])}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(10)}`;
    if (digitRunKind(v) === null) return v;
  }
}
const genSnowflake = () => `1${int(7, 8)}${digits(17)}`; // 19-digit message / order ids starting with 1
const genTradeNo = () => `42000${digits(5)}${2024}${pad(int(1, 12), 2)}${pad(int(1, 28), 2)}${digits(10)}`; // 28 digits
const genRoom = () => pick([() => `r_${int(100, 99999)}`, () => `room_${int(1000, 9999)}`, () => String(int(1000000, 99999999)),
  () => `live-${hexs(4)}`, () => `conf_${int(10, 999)}_${pick(['daily', 'sync', 'class', 'demo'])}`])();
const genUid = () => pick([() => `u_${int(1, 99999)}`, () => String(int(10000, 99999999)), () => `user_${alnum(6)}`])();
const genRes = () => pick(['1280x720', '1920x1080', '640x360', '960x540', '320x240', '2560x1440', '720x1280', '480x640']);
const genDuration = () => pick([() => `00:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}`, () => `${int(1, 9999)}ms`,
  () => `${int(1, 59)}m${pad(int(0, 59), 2)}s`, () => `${int(1, 600)}.${int(0, 9)}s`])();
// Hex shorter than a hex_id; with a letter, so that no digits-only draw reads as a number.
function hexWord(n) {
  for (;;) {
    const v = hexs(n);
    if (/[a-f]/.test(v)) return v;
  }
}
const genShortHex = () => pick([() => hexWord(6), () => `#${hexWord(6)}`, () => `0x${hexWord(4)}`, () => hexWord(16), () => hexWord(8), () => hexWord(24)])();
const genAppId = () => String(int(100000000, 4294967295));
const genGaCid = () => `${int(100000000, 2147483647)}.${Math.floor(TS_BASE / 1000) + int(0, 5000000)}`;
const EVENTS = ['rtc_stats', 'join_room', 'leave_room', 'publish', 'subscribe', 'first_frame', 'network_quality',
  'audio_volume', 'device_check', 'reconnect', 'ice_state', 'login', 'logout', 'send_msg', 'recv_msg', 'heartbeat'];
const WORDS = ['connected', 'publishing', 'stable', 'excellent', 'degraded', 'wifi', 'cellular', 'speaker', 'opus',
  'VP8', 'H264', 'AV1', 'simulcast', 'muted', 'unmuted', 'foreground', 'background', 'portrait', 'landscape'];

// ---- payload context ------------------------------------------------------------------------

class Ctx {
  constructor() {
    this.pii = [];
    this.keep = [];
  }
  // `raw`: written into the payload without the format's encoding (JSON number literals,
  // the part of a URL before '?').
  p(type, value, raw = false) {
    assert(ALL_TYPES.includes(type), `unknown type ${type}`);
    this.pii.push({ type, value, raw });
    return value;
  }
  k(value, raw = false) {
    value = String(value);
    if (value.length >= 3) this.keep.push({ value, raw });
    return value;
  }
}

function occurrences(hay, needle) {
  const at = [];
  for (let i = hay.indexOf(needle); i >= 0; i = hay.indexOf(needle, i + 1)) at.push(i);
  return at;
}

// Turns recorded values into labels as written in the payload and checks them. Returns null
// when the pii labels are ambiguous (a value occurring twice, overlapping values): the caller
// draws again. Keep values overlapping a pii value are left out.
function finalize(format, payload, ctx, enc) {
  const pii = ctx.pii.map((r) => ({ type: r.type, value: r.raw ? r.value : enc(r.value) }));
  const spans = [];
  for (const r of pii) {
    const at = occurrences(payload, r.value);
    if (at.length !== 1) return null;
    spans.push([at[0], at[0] + r.value.length]);
  }
  for (let i = 0; i < spans.length; ++i)
    for (let j = i + 1; j < spans.length; ++j)
      if (spans[i][0] < spans[j][1] && spans[j][0] < spans[i][1]) return null;
  const keep = [];
  for (const r of ctx.keep) {
    const v = r.raw ? r.value : enc(r.value);
    if (keep.includes(v)) continue;
    const at = occurrences(payload, v);
    if (!at.length) throw new Error(`keep value not in payload: ${v}\n${payload}`);
    const clash = at.some((a) => spans.some(([b, e]) => a < e && b < a + v.length));
    if (!clash) keep.push(v);
  }
  return { format, payload, pii, keep };
}

// ---- JSON events ----------------------------------------------------------------------------

const raw = (ctx, v) => new Raw(ctx.k(v, true));

function baseEvent(ctx, small) {
  const kind = pick(['stats', 'stats', 'join', 'im', 'device', 'probe', 'error', 'order', 'quality']);
  const ts = raw(ctx, genTs());
  const versionKey = pick(['sdk_version', 'sdkVersion', 'version', 'app_version', 'ver']);
  const version = () => ctx.k(versionKey === 'ver' && chance(0.5) ? `v${genVersion4()}` : genVersion4());
  switch (kind) {
    case 'stats': {
      const e = { event: ctx.k('rtc_stats'), room_id: ctx.k(genRoom()), uid: genUid(), ts, [versionKey]: version() };
      e.net = { type: pick(['wifi', '4g', '5g', 'ethernet']), rtt: int(8, 400), loss: Number((rnd() * 0.08).toFixed(3)), jitter: int(0, 60) };
      if (!small) {
        e.audio = { ssrc: raw(ctx, genSsrc()), bitrate: int(16, 128), level: int(0, 32767) };
        e.video = { ssrc: raw(ctx, genSsrc()), bitrate: Number(ctx.k(int(300, 4000))), fps: pick([15, 24, 30, 60]), resolution: ctx.k(genRes()), codec: pick(['VP8', 'H264', 'AV1']) };
        if (chance(0.3)) e.video.mime = ctx.k(pick(['avc1.42e01f', 'avc1.64001f', 'vp09.00.10.08', 'av01.0.04M.08', 'hvc1.1.6.L93.B0']));
      }
      return e;
    }
    case 'join': {
      const e = { cmd: pick(['login_room', 'join_channel', 'enter_room']), app_id: raw(ctx, genAppId()), room_id: ctx.k(genRoom()), user_id: genUid(), timestamp: ts };
      if (!small) Object.assign(e, { platform: pick(['android', 'ios', 'web', 'windows', 'macos']), [versionKey]: version(), seq: int(1, 500), elapsed_ms: int(80, 4000) });
      return e;
    }
    case 'im': {
      const e = { type: 'im_msg', msg_id: ctx.k(genSnowflake()), conv_id: `c_${int(1000, 999999)}`, from: genUid(), to: genUid(), ts };
      e.content = { type: 'text', text: pick(['好的，马上到', 'see you in the meeting', '收到', 'ok 👍', '明天十点开会', 'mic is muted?', '网络有点卡']) };
      return e;
    }
    case 'device': {
      const e = { event: 'device_info', os: pick(['Android 14', 'Android 13', 'iOS 17.5.1', 'Windows 11', 'macOS 14.5', 'HarmonyOS 4.2']), model: pick(['Pixel 8', 'SM-S9180', 'iPhone15,2', 'V2309A', 'PJD110', 'MacBookPro18,3']), [versionKey]: version(), ts };
      if (!small) Object.assign(e, { screen: ctx.k(genRes()), cpu_cores: pick([4, 6, 8, 10]), mem_mb: int(2048, 16384), battery: int(5, 100), locale: pick(['zh-CN', 'en-US', 'ja-JP']), tz: pick(['Asia/Shanghai', 'UTC', 'America/New_York']) });
      if (!small && chance(0.5)) {
        const chrome = `Chrome/${int(118, 131)}.0.${int(5000, 6999)}.${int(10, 200)}`;
        e.ua = `Mozilla/5.0 (${pick(['Windows NT 10.0; Win64; x64', 'Macintosh; Intel Mac OS X 10_15_7', 'Linux; Android 14; Pixel 8'])}) AppleWebKit/537.36 (KHTML, like Gecko) ${ctx.k(chrome)} Safari/537.36`;
      } else if (!small) {
        e.build_fp = ctx.k(`${pick(['google/husky/husky', 'samsung/dm3qzcx/dm3q', 'Xiaomi/houji/houji'])}:14/${pick(['AP2A', 'UP1A', 'UKQ1'])}.${int(230101, 240930)}.${pad(int(1, 20), 3)}/${int(10000000, 12999999)}:user/release-keys`);
      }
      return e;
    }
    case 'probe': {
      const e = { event: 'net_probe', target: pick(['rtc.example.com', 'edge-sh.example.cn', 'turn.example.com']), dns_ms: int(1, 200), connect_ms: int(5, 600), ts };
      if (!small) e.results = [{ proto: 'udp', port: 3478, rtt: int(5, 300) }, { proto: 'tcp', port: 443, rtt: int(5, 300) }];
      return e;
    }
    case 'error': {
      const e = { event: 'sdk_error', code: int(10000, 19999), message: pick(['ice connection failed', 'publish timeout', 'token expired', 'device busy', 'join room rejected']), elapsed: ctx.k(genDuration()), ts };
      if (!small) e.trace = { span_id: ctx.k(hexWord(16)), parent: ctx.k(hexWord(16)) };
      if (!small && chance(0.5)) {
        const frames = [pick(['webrtc::aec3::EchoRemoverImpl::ProcessCapture', 'rtc::Thread::ProcessMessages', 'cricket::P2PTransportChannel::OnReadPacket', 'webrtc::RtpVideoStreamReceiver2::OnRtpPacket']), 'rtc::Thread::Run', 'base::debug::StackTrace'];
        e.stack = frames.map((f, k) => `#${k} ${pad(int(0, 0xffffff).toString(16), 8)} ${ctx.k(f)}`).join('\n');
      }
      return e;
    }
    case 'order': {
      const e = { event: 'gift_send', order_no: ctx.k(genOrder16()), amount: `${int(1, 999)}.${pad(int(0, 99), 2)}`, currency: 'CNY', ts };
      if (!small) Object.assign(e, { trade_no: ctx.k(genTradeNo()), waybill_no: ctx.k(genFake18()), room_id: ctx.k(genRoom()) });
      return e;
    }
    case 'quality': {
      const e = { event: 'network_quality', uid: genUid(), tx: int(0, 6), rx: int(0, 6), ts, ts_us: raw(ctx, genTsUs()) };
      if (!small) Object.assign(e, { duration: ctx.k(genDuration()), theme: ctx.k(genShortHex()), [versionKey]: version() });
      return e;
    }
  }
  throw new Error(kind);
}

const JSON_KEYS = {
  email: [['user', 'email'], [null, 'email'], ['user', 'account'], [null, 'user_email'], ['user', 'contact'], [null, 'login_name'], ['ext', 'mail']],
  phone: [['user', 'phone'], ['user', 'mobile'], [null, 'tel'], ['user', 'bind_phone'], [null, 'msisdn'], ['ext', 'contact_phone']],
  ipv4: [['net', 'ip'], ['net', 'local_ip'], ['net', 'public_ip'], [null, 'client_ip'], ['net', 'server_ip'], ['net', 'relay']],
  ipv6: [['net', 'ipv6'], ['net', 'local_ip6'], [null, 'client_ipv6'], ['net', 'server'], ['net', 'ip']],
  mac: [['device', 'mac'], ['device', 'wifi_mac'], ['net', 'bssid'], ['device', 'ble_addr'], [null, 'mac']],
  imei: [['device', 'imei'], ['device', 'imei1'], [null, 'imei'], ['device', 'imei2']],
  cn_id: [['user', 'id_card'], ['user', 'id_no'], [null, 'idcard'], ['ext', 'cert_no']],
  bank_card: [['user', 'card_no'], ['ext', 'bank_card'], [null, 'pay_card'], ['ext', 'card']],
  uuid: [['device', 'id'], ['device', 'idfa'], ['device', 'idfv'], [null, 'install_id'], [null, 'request_id'], ['device', 'oaid'], [null, 'client_uuid']],
  hex_id: [['device', 'fp'], ['device', 'did'], [null, 'user_hash'], ['device', 'android_fp'], ['ext', 'openid_hash']],
  jwt: [[null, 'jwt'], ['ext', 'sso'], ['user', 'auth'], [null, 'id_jwt'], ['ext', 'login_ticket']],
  bearer: [['ext', 'auth_header'], [null, 'req_auth'], ['headers', 'X-Forwarded-Authorization']],
  url_userinfo: [[null, 'push_url'], ['ext', 'stream_url'], ['net', 'proxy'], [null, 'src']],
  token_param: [[null, 'token'], ['user', 'access_token'], [null, 'accessToken'], ['ext', 'app_token'], ['user', 'password'],
    [null, 'secret'], ['ext', 'signature'], [null, 'api_key'], [null, 'sessionId'], ['ext', 'refresh_token'], ['headers', 'Authorization']],
  latlng: [['ext', 'loc'], [null, 'gps'], ['user', 'location'], ['net', 'geo']],
  rtc_token: [['join', 'tk'], [null, 'rtc_auth'], ['ext', 'login_arg'], [null, 'join_cred'], ['join', 'zego_t']],
};
// Keys must mean to the redactor what the labels say: only token_param keys are credential
// names, and no key holding an address is a version key (which would keep a dotted quad).
for (const [type, list] of Object.entries(JSON_KEYS))
  for (const [, key] of list) {
    assert(isSecretName(key, true) === (type === 'token_param'), `json key ${key} for ${type}`);
    assert(!isVersionKey(key), `json key ${key} is a version key`);
  }

// Sentences carrying a value inside a free-text field ("{}" is the value as embedded).
const SENTENCES = {
  email: ['contact me: {}', '请发邮件到{}，谢谢', 'invite {} to the room', 'account {} logged in', 'mail <{}> bounced'],
  phone: ['我的手机号是{}，有事打我', 'call me at {}', 'tel:{}', 'sms code sent to {}', '联系电话 {}'],
  ipv4: ['relay {}:3478 selected', 'connected from {}', 'local candidate {} 54321 typ host', 'dns resolved to {}'],
  ipv6: ['local candidate [{}]:50000', 'v6 route via {}', 'server [{}]:443 unreachable'],
  mac: ['ap {} rssi -61', 'ble peer {} paired', 'wifi bssid={}'],
  imei: ['imei {}', '设备IMEI：{}', 'device imei={} bound'],
  cn_id: ['身份证号码{}', 'id {} verified', '实名认证：{}'],
  bank_card: ['卡号 {}', 'refund to card {}', 'pay with {} ok'],
  uuid: ['install {}', 'device {} registered', 'session uuid {} resumed'],
  hex_id: ['fp {}', 'device hash {}', 'did={}'],
  jwt: ['ws url wss://signal.example.com/v1?t={}', 'sso jwt {} accepted', 'claims={}'],
  bearer: ['curl -H "Authorization: {}" https://api.example.com/v1/rooms', 'Authorization: {}', 'retry with auth header {}'],
  url_userinfo: ['push {}', 'proxy {} failed', 'open {} timeout'],
  token_param: ['GET https://api.example.com/v1/join?room=r_1&access_token={}&uid=u_2', 'callback /cb?token={} ok', 'refresh password={}'],
  latlng: ['位置 {}', 'at {} accuracy 12m', 'gps fix {}'],
  rtc_token: ['joinRoom({}, "r_1")', 'loginRoom with {} ok', 'renew {} before expiry'],
};

function putField(obj, section, key, value) {
  let target = obj;
  if (section) {
    if (!(section in obj)) obj[section] = {};
    if (obj[section] && typeof obj[section] === 'object' && !Array.isArray(obj[section]) && !(obj[section] instanceof Raw)) target = obj[section];
    else return false;
  }
  if (key in target) return false;
  target[key] = value;
  return true;
}
function textField(obj) {
  if (obj.content && typeof obj.content.text === 'string') return [obj.content, 'text'];
  for (const k of ['msg', 'message', 'detail', 'log']) if (typeof obj[k] === 'string') return [obj, k];
  const k = pick(['msg', 'detail', 'log']);
  obj[k] = '';
  return [obj, k];
}

function placeJson(ctx, obj, type) {
  if (URL_PARAMS[type] && chance(0.06)) {
    const g = genInUrl(type);
    if (putField(obj, pick([null, 'ext', 'page']), pick(['page_url', 'referrer', 'href', 'request_url']), g.embed)) return addPii(ctx, g);
  }
  if (STRINGIFIED_KEYS[type] && chance(0.06)) {
    const g = type === 'token_param' ? { type, embed: alnum(int(24, 40)), label: null } : genPii(type);
    if (!g.label) g.label = g.embed;
    const inner = { uid: genUid(), [pick(STRINGIFIED_KEYS[type])]: g.embed, scene: pick(['live', 'call', 'im']) };
    if (putField(obj, null, pick(['ext_info', 'extra', 'biz_data', 'custom']), ser(inner))) return addPii(ctx, g);
  }
  if (type === 'token_param' && chance(0.12)) {
    if (chance(0.5)) {
      const v = genUserSig();
      if (putField(obj, pick([null, 'auth', 'user']), pick(['userSig', 'user_sig', 'usersig']), v)) return ctx.p(type, v);
    } else {
      const u = s3Url();
      if (putField(obj, pick([null, 'ext']), pick(['upload_url', 'log_upload_url']), u.url)) {
        ctx.p(type, u.cred);
        return ctx.p(type, u.sig);
      }
    }
  }
  const g = genPii(type);
  const mode = weighted([['field', 6], ['sentence', type === 'token_param' || type === 'bearer' ? 2 : 3], ['number', g.plain ? 2 : 0], ['candidate', type === 'ipv4' || type === 'ipv6' ? 1 : 0]]);
  if (mode === 'number') {
    const keys = shuffle(JSON_KEYS[type].slice());
    for (const [section, key] of keys) {
      if (putField(obj, section, key, new Raw(g.label))) {
        ctx.p(type, g.label, true);
        return;
      }
    }
  }
  if (mode === 'candidate') {
    if (!Array.isArray(obj.candidates)) {
      if ('candidates' in obj) return placeJson(ctx, obj, type);
      obj.candidates = [];
    }
    obj.candidates.push(`candidate:${int(1, 4294967295)} 1 udp ${int(1000000000, 2122262783)} ${g.embed} ${int(1024, 65535)} typ ${pick(['host', 'srflx', 'relay'])} generation 0`);
    addPii(ctx, g);
    return;
  }
  if (mode === 'sentence') {
    const [holder, k] = textField(obj);
    const s = pick(SENTENCES[type]).replace('{}', g.embed);
    holder[k] = holder[k] ? `${holder[k]} ${s}` : s;
    addPii(ctx, g);
    return;
  }
  let value = g.embed;
  if (type === 'ipv4' && chance(0.3)) value = `${g.embed}:${int(1024, 65535)}`;
  if (type === 'ipv6' && chance(0.2)) value = `[${g.embed}]:${pick([443, 3478, 8443])}`;
  const keys = shuffle(JSON_KEYS[type].slice());
  for (const [section, key] of keys) {
    let v = value;
    let label = g.label;
    if (type === 'token_param' && key === 'Authorization') {
      v = `Bearer ${g.embed}`; // a credential-like key: the whole value is the finding
      label = v;
    }
    if (putField(obj, section, key, v)) {
      addPii(ctx, { ...g, label });
      return;
    }
  }
  // Every key taken: fall back to a sentence.
  const [holder, k] = textField(obj);
  const s = pick(SENTENCES[type]).replace('{}', g.embed);
  holder[k] = holder[k] ? `${holder[k]} ${s}` : s;
  addPii(ctx, g);
}

// Realistic hard negatives: float lists (audio levels) and SDP session ids. Rare on purpose.
function addHardNegative(ctx, obj) {
  const n = int(3, 5);
  obj.audio_levels = ctx.k(Array.from({ length: n }, () => (rnd() * 0.9).toFixed(3)).join(','));
}

function jsonOpts(ndjson) {
  return {
    pretty: !ndjson && chance(0.12),
    spaced: chance(0.15),
    slash: chance(0.2),
    ascii: chance(0.2),
    html: chance(0.12),
  };
}

function genJsonPayload(types) {
  const ctx = new Ctx();
  const obj = baseEvent(ctx, false);
  for (const t of types) placeJson(ctx, obj, t);
  if (chance(0.01)) addHardNegative(ctx, obj);
  const o = jsonOpts(false);
  const payload = ser(obj, o);
  return finalize('json', payload, ctx, (s) => jesc(s, o));
}

function genNdjsonPayload(types) {
  const ctx = new Ctx();
  const n = int(2, 3);
  const events = Array.from({ length: n }, (_, i) => {
    const e = baseEvent(ctx, true);
    e.seq = i + 1;
    return e;
  });
  for (const t of types) placeJson(ctx, pick(events), t);
  if (chance(0.01)) addHardNegative(ctx, pick(events));
  const o = jsonOpts(true);
  const eol = chance(0.1) ? '\r\n' : '\n';
  const payload = events.map((e) => ser(e, o)).join(eol) + (chance(0.5) ? eol : '');
  return finalize('ndjson', payload, ctx, (s) => jesc(s, o));
}

// ---- form bodies and query strings -----------------------------------------------------------

const FORM_KEYS = {
  email: ['email', 'account', 'user_email', 'contact', 'u'],
  phone: ['phone', 'mobile', 'tel', 'msisdn', 'user[phone]'],
  ipv4: ['ip', 'client_ip', 'lip', 'sip', 'cip'],
  ipv6: ['ip6', 'ipv6', 'client_ip6'],
  mac: ['mac', 'wifi_mac', 'bssid'],
  imei: ['imei', 'imei1', 'dev_imei'],
  cn_id: ['id_card', 'idno', 'cert_no'],
  bank_card: ['card_no', 'bank_card', 'card'],
  uuid: ['did', 'device_id', 'idfa', 'cid', 'install_id'],
  hex_id: ['fp', 'device_fp', 'uh', 'did_hash'],
  jwt: ['jwt', 't', 'assertion', 'id_jwt'],
  bearer: ['auth_header', 'hdr'],
  url_userinfo: ['push_url', 'src', 'proxy', 'ref'],
  token_param: ['token', 'access_token', 'key', 'sig', 'auth', 'session', 'pass', 'ticket', 'password', 'pwd', 'api_key',
    'signature', 'client_secret', 'x-api-key', 'refresh_token'],
  latlng: ['loc', 'gps', 'll', 'pos'],
  rtc_token: ['tk', 't0', 'rtc_auth', 'login_arg'],
};
for (const [type, list] of Object.entries(FORM_KEYS))
  for (const key of list) {
    assert(isSecretName(key, false) === (type === 'token_param'), `form key ${key} for ${type}`);
    assert(!isVersionKey(key), `form key ${key} is a version key`);
  }

function formFiller(ctx) {
  const pairs = [];
  const versionKey = pick(['sdk_version', 'sdkVersion', 'v', 'app_version', 'ver']);
  pairs.push(['event', ctx.k(pick(EVENTS))]);
  if (chance(0.8)) pairs.push(['room_id', ctx.k(genRoom())]);
  if (chance(0.7)) pairs.push(['uid', genUid()]);
  pairs.push([pick(['ts', '_t', 'timestamp', 'time']), ctx.k(genTs())]);
  if (chance(0.7)) pairs.push([versionKey, ctx.k(genVersion4())]);
  const extra = shuffle([
    () => ['rtt', String(int(8, 400))],
    () => ['fps', String(pick([15, 24, 30, 60]))],
    () => ['br', ctx.k(int(300, 4000))],
    () => ['res', ctx.k(genRes())],
    () => ['sr', ctx.k(genRes())],
    () => ['net', pick(['wifi', '4g', '5g'])],
    () => ['os', pick(['android', 'ios', 'web', 'win'])],
    () => ['ssrc', ctx.k(genSsrc())],
    () => ['seq', String(int(1, 9999))],
    () => ['order_no', ctx.k(genOrder16())],
    () => ['waybill', ctx.k(genFake18())],
    () => ['msg_id', ctx.k(genSnowflake())],
    () => ['dur', ctx.k(genDuration())],
    () => ['color', ctx.k(genShortHex())],
    () => ['_ga', ctx.k(genGaCid())],
    () => ['lib_ver', ctx.k(genVersion3())],
    () => ['state', ctx.k(pick(WORDS))],
    () => ['ts_us', ctx.k(genTsUs())],
  ]);
  for (let i = 0, n = int(2, 5); i < n; ++i) pairs.push(extra[i]());
  return pairs;
}

function placeForm(ctx, pairs, type, used) {
  if (URL_PARAMS[type] && chance(0.06)) {
    const key = ['dl', 'page', 'ref', 'url'].find((k) => !used.has(k));
    if (key) {
      used.add(key);
      const g = genInUrl(type);
      pairs.push([key, g.embed]);
      return addPii(ctx, g);
    }
  }
  if (type === 'token_param' && chance(0.1)) {
    const key = ['usersig', 'userSig', 'user_sig'].find((k) => !used.has(k));
    if (key) {
      used.add(key);
      const v = genUserSig();
      pairs.push([key, v]);
      return ctx.p(type, v);
    }
  }
  const g = genPii(type);
  if ((type === 'email' || type === 'phone' || type === 'ipv4' || type === 'uuid' || type === 'latlng') && chance(0.12) && !used.has('data')) {
    // A JSON document as one form value (common in beacon libraries).
    used.add('data');
    const doc = { uid: genUid(), [pick(['email', 'phone', 'ip', 'did', 'loc'])]: g.embed, ts: new Raw(ctx.k(genTs(), false)) };
    pairs.push(['data', ser(doc)]);
    addPii(ctx, g);
    return;
  }
  const keys = shuffle(FORM_KEYS[type].slice());
  let key = keys.find((k) => !used.has(k));
  if (!key) {
    key = `${keys[0]}`;
    for (let i = 2; used.has(key); ++i) key = type === 'token_param' ? `${i}_${keys[0]}` : `${keys[0]}${i}`;
    assert(isSecretName(key, false) === (type === 'token_param'), `derived form key ${key}`);
  }
  used.add(key);
  let value = g.embed;
  if (type === 'ipv4' && chance(0.2)) value = `${g.embed}:${int(1024, 65535)}`;
  pairs.push([key, value]);
  addPii(ctx, g);
}

function genFormPayload(types) {
  const ctx = new Ctx();
  const pairs = formFiller(ctx);
  const used = new Set(pairs.map(([k]) => k));
  for (const t of types) placeForm(ctx, pairs, t, used);
  if (chance(0.01)) pairs.push(['levels', ctx.k(Array.from({ length: 3 }, () => (rnd() * 0.9).toFixed(3)).join(','))]);
  shuffle(pairs);
  const payload = pairs.map(([k, v]) => `${k}=${formEnc(v)}`).join('&');
  return finalize('form', payload, ctx, formEnc);
}

function genQueryPayload(types) {
  const ctx = new Ctx();
  const pairs = formFiller(ctx);
  const used = new Set(pairs.map(([k]) => k));
  const enc = chance(0.55) ? formEnc : uriEnc;
  let prefix = pick(['https://log.example.com/collect?', 'https://stat.example.cn/v2/beacon.gif?', '/r/pixel.gif?', '?', '',
    'https://api.example.com/v1/rooms/r_1/report?', '/v1/event?', 'https://t.example.com/p.gif?']);
  const rest = [];
  for (const t of types) {
    if (t === 'url_userinfo' && chance(0.35) && !prefix.includes('@')) {
      const u = genUserinfoUrl();
      prefix = `https://${u.userinfo}@log.example.com/collect?`;
      ctx.p(t, u.userinfo, true);
    } else if (t === 'phone' && chance(0.15) && !prefix.includes('/users/')) {
      const m = cnMobile();
      prefix = `https://api.example.com/v1/users/${m}/presence?`;
      ctx.p(t, m, true);
    } else {
      rest.push(t);
    }
  }
  for (const t of rest) placeForm(ctx, pairs, t, used);
  shuffle(pairs);
  const payload = prefix + pairs.map(([k, v]) => `${k}=${enc(v)}`).join('&');
  return finalize('query', payload, ctx, enc);
}

// ---- log text ---------------------------------------------------------------------------------

const TAGS = ['RtcEngine', 'RoomManager', 'IceAgent', 'Signaling', 'Stats', 'IM', 'Auth', 'Device', 'Network', 'Push', 'ZegoEngine', 'veRTC'];
function logPrefix(level) {
  const time = `${pad(int(0, 23), 2)}:${pad(int(0, 59), 2)}:${pad(int(0, 59), 2)}.${pad(int(0, 999), 3)}`;
  const tag = pick(TAGS);
  return pick([
    () => `2026-11-${pad(int(1, 30), 2)} ${time} [${level}] [${tag}] `,
    () => `11-${pad(int(1, 30), 2)} ${time}  ${int(1000, 32000)}  ${int(1000, 32000)} ${level[0]} ${tag}: `,
    () => `[2026/11/${pad(int(1, 30), 2)} ${time}][${level[0]}][${tag.toLowerCase()}.cc:${int(10, 2000)}] `,
    () => `${time} ${level} ${tag} - `,
  ])();
}

const TEXT_PII = {
  email: ['user {} joined room {room}', 'login ok account={}', 'send invite mail to <{}>', 'IM 用户{}上线', 'bind email {} result=0'],
  phone: ['bind mobile {} ok', 'sms code sent to {}', '呼叫{}失败', 'contact phone={} verified', 'user tel:{} online'],
  ipv4: ['connected to {}:443', 'local ip {} gateway ok', 'ice candidate: candidate:1 1 udp 2122260223 {} 54321 typ host', 'http://{}:8080/api/report 200', 'peer {} rtt=35ms'],
  ipv6: ['connected to [{}]:443', 'local ipv6 {}', 'ice candidate: candidate:2 1 udp 2122262783 {} 50000 typ host', 'route via {} ok'],
  mac: ['wifi bssid {}', 'ble device {} found rssi=-60', 'eth0 mac={} up'],
  imei: ['device imei={}', 'IMEI: {}', 'read imei {} from slot 1'],
  cn_id: ['实名认证 身份证号 {} 通过', 'kyc id_no={} ok', 'verify id {} result=pass'],
  bank_card: ['pay card {} bound', 'card_no={} charge ok', '绑定银行卡{}成功'],
  uuid: ['device_id={}', 'install id {} first launch', 'request {} finished in 120ms'],
  hex_id: ['did={}', 'device fingerprint {}', 'user hash {} cached'],
  jwt: ['signal connect wss://signal.example.com/ws?t={} ok', 'jwt {} verified', 'sso callback id_jwt:{}'],
  bearer: ['POST /v1/report Authorization: {}', 'curl -H "Authorization: {}" https://api.example.com/v1/me', 'http header authorization: {}'],
  url_userinfo: ['push to {}', 'rtsp source {} opened', 'proxy {} connect timeout'],
  token_param: ['GET /v1/join?room={room}&token={}&uid=u_88 200', 'refresh ok access_token={} expires_in=7200', 'ws open wss://im.example.com/ws?appid=1400&sig={}', 'upload https://oss.example.com/log.zip?x-api-key={} 200',
    'request headers: Cookie: lang=zh-CN; sessionid={}; theme=dark'],
  latlng: ['gps fix {} acc=12m', 'location={}', 'geo {} city=unknown'],
  rtc_token: ['joinRoom token {} room r_1', 'zego loginRoom {} ok', 'agora join channel c_1 with {}'],
};
for (const t of ALL_TYPES) assert(TEXT_PII[t] && SENTENCES[t] && FORM_KEYS[t] && JSON_KEYS[t], `missing templates for ${t}`);

function textFiller(ctx) {
  return pick([
    () => `join room ${ctx.k(genRoom())} uid=${genUid()} elapsed=${ctx.k(genDuration())}`,
    () => `ssrc=${ctx.k(genSsrc())} bitrate=${ctx.k(int(300, 4000))}kbps fps=${pick([15, 24, 30])} res=${ctx.k(genRes())} rtt=${int(8, 400)}ms loss=${(rnd() * 5).toFixed(1)}%`,
    () => `${pick(['veRTC', 'ZegoExpressEngine', 'TRTC', 'AgoraRTC'])}/${ctx.k(genVersion4())} init ok, lib ${ctx.k(genVersion3())}`,
    () => `sdk v${ctx.k(genVersion4())} build ${int(100, 9999)} started`,
    () => `order ${ctx.k(genOrder16())} pay timeout after ${ctx.k(genDuration())}`,
    () => `waybill ${ctx.k(genFake18())} status=shipped`,
    () => `msg ${ctx.k(genSnowflake())} delivered ts=${ctx.k(genTs())}`,
    () => `trace span=${ctx.k(hexWord(16))} parent=${ctx.k(hexWord(16))}`,
    () => `publish stream s_${ctx.k(genTs())} state=${ctx.k(pick(WORDS))}`,
    () => `first frame rendered ${ctx.k(genRes())} after ${ctx.k(genDuration())}`,
    () => `ui theme ${ctx.k(genShortHex())} applied`,
    () => `pay trade ${ctx.k(genTradeNo())} notify ok`,
    () => `heartbeat seq=${int(1, 99999)} ts_us=${ctx.k(genTsUs())}`,
  ])();
}

// An offer as WebRTC stacks log it: the o= line carries a random 63-bit session id.
function sdpDump(ctx) {
  const sid = String(BigInt(int(1, 0x7fffffff)) * 4294967296n + BigInt(int(0, 0xffffffff)));
  ctx.k(sid);
  const ip = genIPv4();
  ctx.p('ipv4', '127.0.0.1');
  ctx.p('ipv4', ip);
  const fp = Array.from({ length: 32 }, () => hexs(2).toUpperCase()).join(':');
  return ['local sdp:', 'v=0', `o=- ${sid} 2 IN IP4 127.0.0.1`, 's=-', 't=0 0', 'a=group:BUNDLE 0 1',
    `m=audio 9 UDP/TLS/RTP/SAVPF 111 63 103`, `c=IN IP4 ${ip}`, `a=fingerprint:sha-256 ${fp}`, 'a=setup:actpass',
    'a=rtpmap:111 opus/48000/2', 'a=fmtp:111 minptime=10;useinbandfec=1', `a=ssrc:${ctx.k(genSsrc())} cname:${alnum(16)}`].join('\n');
}

function genTextPayload(types) {
  const ctx = new Ctx();
  const lines = [];
  for (const t of types) {
    const level = pick(['INFO', 'INFO', 'DEBUG', 'WARN', 'ERROR']);
    if (URL_PARAMS[t] && chance(0.06)) {
      const g = genInUrl(t);
      const path = g.embed.replace(/^https:\/\/[^/]+/, '');
      lines.push(logPrefix(level) + `"GET ${path} HTTP/1.1" 200 ${int(200, 9000)} ${int(1, 900)}ms`);
      addPii(ctx, g);
      continue;
    }
    if (t === 'token_param' && chance(0.1)) {
      const v = genUserSig();
      lines.push(logPrefix(level) + `ws open wss://im.example.com/ws?sdkappid=1400${digits(6)}&identifier=${genUid()}&usersig=${v}`);
      ctx.p(t, v);
      continue;
    }
    if (t === 'token_param' && chance(0.08)) {
      const u = s3Url();
      lines.push(logPrefix(level) + `log upload PUT ${u.url} 200`);
      ctx.p(t, u.cred);
      ctx.p(t, u.sig);
      continue;
    }
    const g = genPii(t);
    const s = pick(TEXT_PII[t]).replace('{}', g.embed).replace('{room}', genRoom());
    lines.push(logPrefix(level) + s);
    addPii(ctx, g);
  }
  for (let i = 0, n = int(types.length ? 0 : 1, 2); i < n; ++i) lines.push(logPrefix(pick(['INFO', 'DEBUG'])) + textFiller(ctx));
  shuffle(lines);
  if (types.length && chance(0.06)) lines.push(logPrefix('DEBUG') + sdpDump(ctx));
  if (chance(0.01)) lines.push(logPrefix('DEBUG') + `audio levels ${ctx.k(Array.from({ length: 4 }, () => (rnd() * 0.9).toFixed(3)).join(','))}`);
  const payload = lines.join('\n') + (chance(0.5) ? '\n' : '');
  return finalize('text', payload, ctx, (s) => s);
}

// ---- main ---------------------------------------------------------------------------------

const GEN = { json: genJsonPayload, ndjson: genNdjsonPayload, form: genFormPayload, query: genQueryPayload, text: genTextPayload };
const FORMAT_WEIGHTS = [['json', 33], ['ndjson', 14], ['form', 16], ['query', 16], ['text', 21]];
const TYPE_WEIGHTS = { bearer: { form: 0.3, query: 0.3 } }; // rare outside headers and logs

function pickTypes(format) {
  const n = weighted([[0, 20], [1, 28], [2, 24], [3, 16], [4, 12]]);
  const out = [];
  const pool = TYPES.map((t) => [t, TYPE_WEIGHTS[t]?.[format] ?? 1]);
  for (let i = 0; i < n; ++i) out.push(weighted(pool));
  return out;
}

function validate(rec) {
  assert(FORMATS.includes(rec.format), `format ${rec.format}`);
  assert(typeof rec.payload === 'string' && rec.payload.length > 0, 'empty payload');
  const spans = [];
  for (const p of rec.pii) {
    assert(ALL_TYPES.includes(p.type), `type ${p.type}`);
    const at = occurrences(rec.payload, p.value);
    assert(at.length === 1, `pii value ${JSON.stringify(p.value)} occurs ${at.length} times in ${JSON.stringify(rec.payload)}`);
    spans.push([at[0], at[0] + p.value.length]);
  }
  for (const k of rec.keep) {
    const at = occurrences(rec.payload, k);
    assert(at.length > 0, `keep value ${JSON.stringify(k)} not in payload`);
    for (const a of at)
      for (const [b, e] of spans) assert(!(a < e && b < a + k.length), `keep value ${JSON.stringify(k)} overlaps a pii value`);
  }
  if (rec.format === 'json') JSON.parse(rec.payload);
  if (rec.format === 'ndjson') for (const line of rec.payload.split('\n')) if (line.trim()) JSON.parse(line);
  if (rec.format === 'json' || rec.format === 'ndjson') assert(!/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/.test(rec.payload), 'control byte');
}

const lines = [];
const typeCount = Object.fromEntries(ALL_TYPES.map((t) => [t, 0]));
const formatCount = Object.fromEntries(FORMATS.map((f) => [f, 0]));
let noPii = 0;
let retries = 0;
for (let i = 0; i < COUNT; ++i) {
  const format = weighted(FORMAT_WEIGHTS);
  const types = pickTypes(format);
  let rec = null;
  for (let attempt = 0; !rec; ++attempt) {
    assert(attempt < 50, `cannot build a ${format} payload with ${types}`);
    rec = GEN[format](types);
    if (rec && rec.pii.length > 4) rec = null; // extra findings (SDP dump, IP host) went over 0-4
    if (!rec) ++retries;
  }
  validate(rec);
  for (const p of rec.pii) ++typeCount[p.type];
  ++formatCount[format];
  if (!rec.pii.length) noPii++;
  lines.push(JSON.stringify(rec));
}

// RTC / IM access tokens, after the main payloads: alone, with one other type, or as veRTC
// reports joinRoom's arguments (a JSON array in a string); then look-alikes only.
function genVertcApiCall() {
  const ctx = new Ctx();
  const token = genRtcToken();
  const args = JSON.stringify([token, ctx.k(genRoom()), { userId: genUid(), extraInfo: '' }, { isAutoPublish: chance(0.5) }]);
  const obj = { event_key: ctx.k('rtc_sdk_api_call'), sdk_api_name: 'joinRoom', error_code: 0, message: args, ts: raw(ctx, genTs()) };
  const o = jsonOpts(false);
  ctx.p('rtc_token', jesc(token, o), true);
  return finalize('json', ser({ header: { os: 'Linux', rtc_sdk_version: ctx.k('4.68.4') }, data: [obj] }, o), ctx, (v) => jesc(v, o));
}
// Look-alikes only: two or three values from `draw`, in log lines (line(v) each) or in a JSON
// event named `event` (the first two under `keys`, the rest in args).
function genLookalikes(format, { draw, line, event, keys }) {
  const ctx = new Ctx();
  const values = Array.from({ length: int(2, 3) }, () => ctx.k(draw()));
  if (format === 'text') return finalize('text', values.map((v) => logPrefix('INFO') + line(v)).join('\n'), ctx, (v) => v);
  const o = jsonOpts(false);
  const obj = { event: ctx.k(event), [keys[0]]: values[0], [keys[1]]: values[1], args: values.slice(2).concat([ctx.k(genRoom())]) };
  return finalize('json', ser(obj, o), ctx, (v) => jesc(v, o));
}
// Appends `count` payloads from draw(format), then `lookalikeCount` of look-alikes only.
function appendPayloads(what, count, lookalikeCount, draw, lookalikes) {
  for (let i = 0; i < count + lookalikeCount; ++i) {
    const format = weighted(FORMAT_WEIGHTS);
    let rec = null;
    for (let attempt = 0; !rec; ++attempt) {
      assert(attempt < 50, `cannot build a ${format} ${what} payload`);
      rec = i >= count ? genLookalikes(format === 'text' ? 'text' : 'json', lookalikes) : draw(format);
      if (rec && rec.pii.length > 4) rec = null;
      if (!rec) ++retries;
    }
    validate(rec);
    for (const p of rec.pii) ++typeCount[p.type];
    ++formatCount[rec.format];
    if (!rec.pii.length) noPii++;
    lines.push(JSON.stringify(rec));
  }
}
appendPayloads('token', Math.ceil(COUNT / 20), Math.ceil(COUNT / 60), (format) => {
  if (format === 'json' && chance(0.3)) return genVertcApiCall();
  return GEN[format](chance(0.6) ? ['rtc_token'] : shuffle(['rtc_token', pick(TYPES)]));
}, { draw: genTokenLookalike, line: (v) => `session ${v} resumed`, event: 'join_room', keys: ['trace', 'order'] });

// National and full-width phone numbers (genPhone) and internationalized addresses
// (genEmail), after the token payloads (so that adding them left those unchanged): alone or
// with one other type; then look-alikes only (lists of counts, dates, sizes, full-width
// digits of no number's shape, @-mentions, an address with no domain).
const genLaterLookalike = () => pick([
  () => `${int(200, 999)} ${int(200, 999)} ${int(1000, 9999)}`,
  () => `${int(2020, 2026)}-${pad(int(1, 12), 2)}-${pad(int(1, 28), 2)}`,
  () => `${pick(['1280', '1920', '640'])}-${pick(['720', '1080', '480'])}-${pick(['15', '30', '60'])}`,
  () => `0${int(1, 9)}${digits(1)}-${int(0, 1)}${digits(7)}`,
  () => `${int(100, 199)}-${int(200, 999)}-${digits(4)}`,
  () => `(${int(200, 999)}) ${int(200, 999)}-${digits(3)}`,
  () => fullWidth(`${int(1, 9)}${digits(pick([5, 9, 11]))}`),
  () => `@${pick(CJK_LOCAL)} ${pick(['你好', 'hi', 'ok'])}`,
  () => `${pick(INTL_LOCAL)}@${pick(['localhost', '服务器', 'host'])}`,
])();
laterForms = true;
appendPayloads('phone or email', Math.ceil(COUNT / 30), Math.ceil(COUNT / 80), (format) => {
  const type = pick(['phone', 'email']);
  return GEN[format](chance(0.6) ? [type] : shuffle([type, pick(TYPES.filter((t) => t !== type))]));
}, { draw: genLaterLookalike, line: (v) => `frames ${v} sent`, event: 'stats', keys: ['counts', 'range'] });
laterForms = false;

// Other countries' national numbers and 00-dialled international ones (genTrunkPhone), after
// the national and full-width ones: alone or with one other type; then look-alikes only
// (dates written day first, zero-padded counters and ids, a trunk-shaped number whose one
// group starts from 0 or 1, a decimal).
const genTrunkLookalike = () => pick([
  () => `${pad(int(1, 28), 2)}${pick(['-', '.', '/'])}${pad(int(1, 12), 2)}${pick(['-', '.', '/'])}${int(2020, 2026)}`,
  () => [int(0, 40), int(0, 40), int(0, 40)].map((n) => pad(n, 3)).join(pick(['-', ' '])),
  () => `0${int(1, 9)}${digits(pick([1, 2]))}-${int(0, 1)}${digits(7)}`,
  () => `0${int(1, 9)}.${digits(8)}`,
  () => `0${int(1, 9)} 0${int(1, 9)} 0${int(1, 9)}`,
  () => `00${digits(pick([8, 9]))}`,
])();
trunkForms = true;
appendPayloads('trunk-prefixed phone', Math.ceil(COUNT / 60), Math.ceil(COUNT / 120), (format) => {
  return GEN[format](chance(0.6) ? ['phone'] : shuffle(['phone', pick(TYPES.filter((t) => t !== 'phone'))]));
}, { draw: genTrunkLookalike, line: (v) => `frames ${v} sent`, event: 'stats', keys: ['counts', 'range'] });
trunkForms = false;

// One coordinate after its name in log lines (match_named_coordinate): "lat=… lng=…",
// "lat: …, lon: …", a JSON object inside a line; then look-alikes only (other names, two
// decimals, a latency).
function genNamedCoordinates() {
  const ctx = new Ctx();
  const [la, lo] = pick(CITIES);
  const dec = int(4, 6);
  const lat = ctx.p('latlng', (la + (rnd() - 0.5) * 0.3).toFixed(dec));
  const lng = ctx.p('latlng', (lo + (rnd() - 0.5) * 0.3).toFixed(dec));
  const [a, b] = pick([['lat', 'lng'], ['latitude', 'longitude'], ['lat', 'lon'], ['geoLatitude', 'geoLongitude']]);
  const line = pick([
    () => `location fix ${a}=${lat} ${b}=${lng} acc=${ctx.k(int(100, 999))}m`,
    () => `gps ${a}: ${lat}, ${b}: ${lng}`,
    () => `report {"event":"geo","${a}":${lat},"${b}":${lng},"room":"${ctx.k(genRoom())}"}`,
  ])();
  const lines = [logPrefix('INFO') + line];
  if (chance(0.5)) lines.push(logPrefix('INFO') + `frames ${ctx.k(int(1000, 9999))} sent`);
  return finalize('text', shuffle(lines).join('\n'), ctx, (v) => v);
}
const genNamedCoordinateLookalike = () => pick([
  () => `rate=${int(10, 80)}.${digits(4)}`,
  () => `lat=${int(10, 80)}.${digits(2)}`,
  () => `latency=${int(1, 9)}.${digits(3)}`,
])();
appendPayloads('named coordinate', Math.ceil(COUNT / 85), Math.ceil(COUNT / 170), () => genNamedCoordinates(),
  { draw: genNamedCoordinateLookalike, line: (v) => `stats ${v} ok`, event: 'stats', keys: ['counts', 'range'] });

// An address written right after Chinese text, as Chinese log lines glue it (match_email,
// glued_local_start): a name before an ASCII local part ("张伟53@"), a local part of Chinese
// letters only, with or without a label word before it ("联系人", "请发邮件到"); then
// look-alikes only (@-mentions glued to text, a name with no domain).
const CN_NAMES = ['张伟', '李娜', '王芳', '刘洋', '陈静', '杨帆', '赵磊', '黄敏'];
function genGluedAddress() {
  const ctx = new Ctx();
  const name = pick(CN_NAMES);
  const local = chance(0.6) ? `${name}${int(1, 999)}` : name;
  const address = ctx.p('email', `${local}@${pick(['qq.com', '163.com', 'example.com', '例子.中国', '公司.cn'])}`);
  const label = pick(['联系人', '收件人', '我的邮箱是', '请发邮件到', '发送给', '邮箱', '用户', '']);
  const line = pick([
    () => `${ctx.k(label)}${address}${pick(['，谢谢', '。', ' ok', ''])}`,
    () => `邀请${ctx.k('失败：')}${label}${address}`,
  ])();
  const lines = [logPrefix('INFO') + line];
  if (chance(0.5)) lines.push(logPrefix('INFO') + `frames ${ctx.k(int(1000, 9999))} sent`);
  return finalize('text', shuffle(lines).join('\n'), ctx, (v) => v);
}
const genGluedAddressLookalike = () => pick([
  () => `提到了@${pick(CN_NAMES)}${pick(['，', ' '])}请查看`,
  () => `${pick(CN_NAMES)}@${pick(['服务器', 'localhost'])}`,
])();
appendPayloads('glued address', Math.ceil(COUNT / 85), Math.ceil(COUNT / 170), () => genGluedAddress(),
  { draw: genGluedAddressLookalike, line: (v) => `note ${v}`, event: 'stats', keys: ['counts', 'range'] });

// Russian and Kazakh national numbers from the trunk prefix 8 in their 3-2-2 layout
// (match_trunk_eight): in log lines and JSON; then look-alikes only (lists of counts, other
// layouts).
function genEightPhone() {
  const code = pick([() => `9${digits(2)}`, () => pick(['495', '499', '812', '343', '383']), () => `7${pick(['01', '05', '07', '47', '77'])}`])();
  const groups = [digits(3), digits(2), digits(2)];
  return pick([
    () => `8 (${code}) ${groups.join('-')}`,
    () => `8(${code})${groups.join('-')}`,
    () => `8 (${code}) ${groups.join(' ')}`,
    () => `8-${code}-${groups.join('-')}`,
    () => `8 ${code} ${groups[0]}-${groups[1]}-${groups[2]}`,
  ])();
}
function genEightPayload(format) {
  const ctx = new Ctx();
  const phone = ctx.p('phone', genEightPhone());
  if (format === 'text') {
    const line = pick([() => `звонок на ${phone} не прошёл`, () => `callee ${phone} busy`,
      () => `тел.: ${phone}, доб. ${ctx.k(int(100, 999))}`])();
    return finalize('text', logPrefix('INFO') + line, ctx, (v) => v);
  }
  const body = { event: 'call', phone, room: ctx.k(genRoom()) };
  return finalize('json', JSON.stringify(body), ctx, (v) => JSON.stringify(v).slice(1, -1));
}
const genEightLookalike = () => pick([
  () => `8 ${int(300, 999)} ${int(100, 999)} ${int(10, 99)} ${int(10, 99)}`,
  () => `8-${int(300, 999)}-${digits(3)}-${digits(1)}-${digits(3)}`,
  () => `8 (${digits(2)}) ${digits(3)}-${digits(2)}-${digits(2)}`,
])();
appendPayloads('trunk-8 phone', Math.ceil(COUNT / 85), Math.ceil(COUNT / 170),
  () => genEightPayload(chance(0.5) ? 'text' : 'json'),
  { draw: genEightLookalike, line: (v) => `frames ${v} sent`, event: 'stats', keys: ['counts', 'range'] });
const text = lines.join('\n') + '\n';
mkdirSync(dirname(OUT), { recursive: true });
writeFileSync(OUT, text);
console.error(`wrote ${OUT}: ${lines.length} payloads, ${(Buffer.byteLength(text) / 1024).toFixed(0)} KB, ${noPii} without pii, ${retries} redraws`);
console.error(`formats: ${FORMATS.map((f) => `${f} ${formatCount[f]}`).join(', ')}`);
console.error(`pii: ${ALL_TYPES.map((t) => `${t} ${typeCount[t]}`).join(', ')}`);
