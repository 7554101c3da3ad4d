// The real ZEGO Express Web SDK (zego-express-engine-webrtc 3.12.0, bundled with esbuild:
// scripts/observe/sdks.mjs) behind the shim and its preset (issue 6): the acceptance walk
// (tests/browser/sdk-harness.mjs). It connects at construct: the app constructs it once
// `call` is granted.
import { acceptance } from './sdk-harness.mjs';

acceptance('zego-express', { telemetry: /\/zglog\/tlog/ });
