// The real Tencent Cloud Chat SDK (@tencentcloud/chat 3.6.6) behind the shim and its preset
// (issue 6): the acceptance walk (tests/browser/sdk-harness.mjs). It connects at create()
// (a WebSocket inside a blob Worker), which the shim does not open before `messaging` is
// granted (a gate-only endpoint of its preset), so the walk creates it at once. It
// captures no media and stores its TIM_* keys only after a login answer. Its telemetry: the
// network check (boce-cdn.my-imcloud.com/v3/netcheck/), sent offline during the walk.
import { acceptance } from './sdk-harness.mjs';

acceptance('tencent-chat', { media: false, idsOffline: false, telemetry: /\/v3\/netcheck\// });
