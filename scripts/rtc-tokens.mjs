// RTC / IM access tokens laid out as their providers' token builders write them, from the
// parts a caller gives (random or fixed): what the redactor's rtc_token detector decodes
// (wasm/core/redact/detectors.hpp). For the labeled corpus (scripts/gen-corpus.mjs) and the
// browser tests; the signatures and keys are whatever bytes the caller passes.
const u16le = (v) => Buffer.from([v & 0xff, (v >> 8) & 0xff]);
const u32le = (v) => Buffer.from([v & 0xff, (v >>> 8) & 0xff, (v >>> 16) & 0xff, (v >>> 24) & 0xff]);
const u16be = (v) => Buffer.from([(v >> 8) & 0xff, v & 0xff]);
const u32be = (v) => Buffer.from([(v >>> 24) & 0xff, (v >>> 16) & 0xff, (v >>> 8) & 0xff, v & 0xff]);
const str16 = (s) => Buffer.concat([u16le(Buffer.byteLength(s)), Buffer.from(s)]);

// veRTC: "001" + app id (24 characters) + base64(u16 length, message, u16 32, HMAC-SHA256);
// the message: nonce, issued at, expires at, room id, user id, one privilege.
export function vertcToken({ appId, roomId, userId, nonce, expire, signature }) {
  const message = Buffer.concat([u32le(nonce), u32le(expire - 3600), u32le(expire), str16(roomId), str16(userId),
    u16le(1), u16le(0), u32le(expire)]);
  return `001${appId}${Buffer.concat([u16le(message.length), message, u16le(32), signature]).toString('base64')}`;
}

// Agora 006: "006" + app id (32 hex) + base64(u16 32, signature, two CRCs, u16 length,
// message: salt, expiry, one privilege).
export function agora006Token({ appId, salt, expire, signature, crcs }) {
  const m = Buffer.concat([u32le(salt), u32le(expire), u16le(1), u16le(1), u32le(0)]);
  return `006${appId}${Buffer.concat([u16le(32), signature, crcs, u16le(m.length), m]).toString('base64')}`;
}

// Agora 007 (AccessToken2): "007" + base64(zlib stream); `deflated` is the stream after its
// two header bytes.
export const agora007Token = ({ deflated }) => `007${Buffer.concat([Buffer.from([0x78, 0x9c]), deflated]).toString('base64')}`;

// ZEGO token04: "04" + base64(i64 expiry, u16 16, IV, u16 length, AES-CBC cipher text),
// big-endian.
export function zego04Token({ expire, iv, cipher }) {
  return `04${Buffer.concat([u32be(0), u32be(expire), u16be(iv.length), Buffer.from(iv), u16be(cipher.length), cipher])
    .toString('base64')}`;
}
