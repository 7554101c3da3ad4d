// The real ZEGO Express Web SDK (zego-express-engine-webrtc 3.12.0, bundled with esbuild:
// scripts/observe/sdks.mjs) behind the shim and its preset (issue 6): the acceptance walk
// (tests/browser/sdk-harness.mjs). It connects at construct; the shim does not open its
// access socket before `call` is granted (a gate-only endpoint of its preset), so the walk
// constructs it at once.
import { acceptance } from './sdk-harness.mjs';

acceptance('zego-express', { telemetry: /\/zglog\/tlog/ });
