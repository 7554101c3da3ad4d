// window.open: the new window's first document (about:blank, or the one a same-origin URL
// loads into the same realm: browsers keep the initial about:blank's realm for it) is
// guarded before open() returns. document.open() with three arguments is the same call
// (frames.js).
import { natives } from '../natives.js';
import { wrapMethod } from '../wrap.js';
import { settleWindow } from './settle.js';

export function installWindowOpen(ctx, realm) {
  wrapMethod(realm, 'open', (original, self, args) => {
    const win = natives.apply(original, self, args);
    settleWindow(ctx, win);
    return win;
  });
}
