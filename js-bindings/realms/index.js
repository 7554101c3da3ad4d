// Every realm the page can make: same-origin frames, windows it opens, workers it creates.
// Each guard is `install(ctx, realm)`, run by ctx.installRealm after the surfaces and the
// features, so the realms a guarded realm makes are guarded in turn.
import { installFrames } from './frames.js';
import { installInsertion } from './insertion.js';
import { installSrcdoc } from './srcdoc.js';
import { installWindowOpen } from './window-open.js';
import { installWorkers } from './workers.js';

export const realmGuards = [installSrcdoc, installInsertion, installWindowOpen, installWorkers, installFrames];
