// Every surface, in install order. Each is `install(ctx, realm)`: `realm` is the global
// object to patch (this window, a same-origin frame's window, a worker's global); ctx.core
// is the engine that decides for all of them.
import { installMedia } from './media.js';
import { installStorage } from './storage.js';
import { installIndexedDb } from './indexeddb.js';
import { installDeviceInfo } from './device-info.js';
import { installPermissions } from './permissions.js';
import { installWebRtc } from './webrtc.js';
import { installCanvas } from './canvas.js';
import { installSpeech } from './speech.js';

export const surfaces = [installMedia, installStorage, installIndexedDb, installDeviceInfo, installPermissions, installWebRtc, installCanvas, installSpeech];
