// The real ZEGO ZIM Web SDK (zego-zim-web 2.29.0) behind the shim and its preset (issue 6):
// the acceptance walk (tests/browser/sdk-harness.mjs). ZIM captures no media and sends no
// telemetry during the walk (none of its preset's zglog endpoints is reached).
import { acceptance } from './sdk-harness.mjs';

acceptance('zego-zim', { media: false });
