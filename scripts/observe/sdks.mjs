// How scripts/observe-sdk.mjs drives each SDK through its phases, with dummy credentials.
// Each step runs in the page; it returns a short outcome ("ok", "4 devices", the error's name)
// and never a value the SDK handed back.
import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import * as esbuild from 'esbuild';
import { agora006Token, vertcToken, zego04Token } from '../rtc-tokens.mjs';

// Recognisable dummy values: a field carrying one of them is tagged with its name.
export const DUMMY = {
  userId: 'probeuser4821',
  userName: 'probename9173',
  roomId: 'proberoom7305',
  appIdHex: '5f2d8e1a9b3c4d7e6f801a2b',
  appIdNum: 1739428561,
  agoraAppId: '0a1b2c3d4e5f60718293a4b5c6d7e8f9',
};
// Dummy tokens laid out as each provider's token builder writes them (fixed bytes where the
// builder signs or encrypts), so the SDKs' local checks and the shim see real shapes.
const bytes = (length, seed) => Buffer.from(Array.from({ length }, (_, i) => (i * 37 + seed) & 0xff));
const TOKENS = {
  vertc: vertcToken({ appId: DUMMY.appIdHex, roomId: DUMMY.roomId, userId: DUMMY.userId, nonce: 0x5eed, expire: 1893456000,
    signature: bytes(32, 1) }),
  zego: zego04Token({ expire: 1893456000, iv: bytes(16, 2), cipher: bytes(48, 3) }),
  agora: agora006Token({ appId: DUMMY.agoraAppId, salt: 0x5eed, expire: 1893456000, signature: bytes(32, 4), crcs: bytes(8, 5) }),
  // Tencent's UserSig: base64 of a zlib stream (eJ…); no layout the shim decodes.
  tencent: 'eJwTKNq7Wm2Xr9Lp4Zs8Vb3Nc6Hd1Fg5Jk0',
};
// One SDK: its package, the page script that loads it, its dummy token and app id, its steps.
const sdk = (name, pkg, script, token, appId, steps, bundle) => ({
  name, pkg, script, token, appId: String(appId), steps, bundle,
});

export const SDKS = {
  vertc: sdk('veRTC Web SDK', '@volcengine/rtc', '/node_modules/@volcengine/rtc/index.min.js', TOKENS.vertc, DUMMY.appIdHex, {
    construct: ({ appIdHex }) => { window.engine = window.VERTC.createEngine(appIdHex); return 'ok'; },
    devices: async () => `${(await window.VERTC.enumerateDevices()).length} devices`,
    media: async () => { await window.engine.startVideoCapture(); await window.engine.startAudioCapture(); return 'ok'; },
    join: ({ token, roomId, userId }) => window.engine.joinRoom(token, roomId, { userId },
      { isAutoPublish: true, isAutoSubscribeAudio: true, isAutoSubscribeVideo: true }).then(() => 'ok'),
  }),
  'zego-express': sdk('ZEGO Express Web SDK', 'zego-express-engine-webrtc', '/build/observe/zego-express.js', TOKENS.zego, DUMMY.appIdNum, {
    construct: ({ appIdNum }) => {
      window.zg = new window.ZegoExpressEngine(appIdNum, `wss://webliveroom${appIdNum}-api.coolzcloud.com/ws`);
      return 'ok';
    },
    devices: async () => { const d = await window.zg.enumDevices(); return `${d.cameras.length + d.microphones.length + d.speakers.length} devices`; },
    media: async () => { window.zstream = await window.zg.createZegoStream(); return 'ok'; },
    join: ({ roomId, token, userId, userName }) => window.zg.loginRoom(roomId, token, { userID: userId, userName }, { userUpdate: true })
      .then((r) => `resolved ${r}`),
  }, (root) => bundle(root, 'zego-express.js',
    "import { ZegoExpressEngine } from 'zego-express-engine-webrtc'; window.ZegoExpressEngine = ZegoExpressEngine;")),
  'zego-zim': sdk('ZEGO ZIM Web SDK', 'zego-zim-web', '/node_modules/zego-zim-web/index.js', TOKENS.zego, DUMMY.appIdNum, {
    construct: ({ appIdNum }) => { window.zim = window.ZIM.create({ appID: appIdNum }); return window.zim ? 'ok' : 'null'; },
    join: ({ userId, userName, token }) => window.zim.login(userId, { userName, token, isOfflineLogin: false }).then(() => 'ok'),
  }),
  'tencent-chat': sdk('Tencent Cloud Chat SDK', '@tencentcloud/chat', '/node_modules/@tencentcloud/chat/index.js', TOKENS.tencent, DUMMY.appIdNum, {
    construct: ({ appIdNum }) => { window.chat = window.TencentCloudChat.create({ SDKAppID: appIdNum }); return window.chat ? 'ok' : 'null'; },
    join: ({ userId, token }) => window.chat.login({ userID: userId, userSig: token }).then(() => 'ok'),
  }),
  agora: sdk('Agora Web SDK NG', 'agora-rtc-sdk-ng', '/node_modules/agora-rtc-sdk-ng/AgoraRTC_N-production.js', TOKENS.agora, DUMMY.agoraAppId, {
    construct: () => { window.client = window.AgoraRTC.createClient({ mode: 'rtc', codec: 'vp8' }); return 'ok'; },
    devices: async () => `${(await window.AgoraRTC.getDevices()).length} devices`,
    media: async () => { window.tracks = await window.AgoraRTC.createMicrophoneAndCameraTracks(); return 'ok'; },
    join: ({ agoraAppId, roomId, token, userId }) => window.client.join(agoraAppId, roomId, token, userId).then(() => 'ok'),
  }),
};

// The credentials each step receives (the SDK's own token format).
export function credentials(id) {
  return { ...DUMMY, token: SDKS[id].token };
}

// ZEGO Express is published as CommonJS with dependencies: bundled into one page script.
async function bundle(root, file, contents) {
  const outdir = join(root, 'build', 'observe');
  mkdirSync(outdir, { recursive: true });
  await esbuild.build({
    stdin: { contents, resolveDir: root, loader: 'js' },
    bundle: true,
    format: 'iife',
    outfile: join(outdir, file),
    external: ['electron'],
    logLevel: 'error',
  });
}
