// srcdoc frames. The browser would load a srcdoc document into a new realm, whose scripts
// run before anything outside can patch it. Instead, once the shim settles a new frame
// (on insertion, contentWindow, …), the srcdoc markup is written with document.open/write/
// close into the empty document the frame starts with, whose realm is guarded already: that
// cancels the pending srcdoc navigation and the markup's scripts run with the patches in
// place. No eval, so it works under a strict script-src too. A srcdoc set on a frame that
// shows a document already would load into a new realm as well: the frame is taken out and
// put back in the same place, so that it starts afresh (new realm, guarded, written).
// What differs from a real srcdoc document: its URL is the parent document's (document.open
// gives it that of the document that opened it), not about:srcdoc; a frame whose srcdoc is
// set again has a new contentWindow object (as after a removal). A document that cannot be
// written (Trusted Types refusing the string) loads as usual and is settled on load.
import { accessorOf, domString, globalProto, hasBrand, natives, protoOf, read, weakHas, weakSet, withArgument } from '../natives.js';
import { wrapMethod, wrapSetter } from '../wrap.js';
import { documentOf, frameElementOf } from './access.js';
import { hasAttribute, insertBefore, nextSibling, parentNode } from './injected-scripts.js';
import { onSettle, rearm, settleChildren, settleWindow } from './settle.js';

const { apply } = natives;
const iframeSrcdoc = accessorOf('HTMLIFrameElement', 'srcdoc');
const iframeContentWindow = accessorOf('HTMLIFrameElement', 'contentWindow');
const documentUrl = accessorOf('Document', 'URL');
const { open: docOpen, write: docWrite, close: docClose } = globalProto('Document');

// Documents the shim wrote a srcdoc into: document.open keeps the Document object.
const written = new natives.WeakMap();

function writeSrcdoc(ctx, win, frame, doc) {
  // The frame may have gone, or moved on, since the write was planned.
  if (documentOf(win) !== doc || !apply(hasAttribute, frame, ['srcdoc'])) return;
  try {
    apply(docOpen, doc, []);
    apply(docWrite, doc, [read(iframeSrcdoc, frame)]);
    apply(docClose, doc, []);
  } catch (error) {
    natives.consoleWarn('rtc-privacy-shim: a srcdoc frame could not be written in place; it is guarded when it loads', error);
  }
  rearm(win);
  settleChildren(ctx, win);
}

// Only the empty document a new frame starts with is replaced: the srcdoc document itself,
// or one the shim wrote already, stays. The write waits for a microtask, as a srcdoc loads
// after the call that inserted its frame (whose caller may set onload next), and still
// before the browser's own srcdoc load, which takes a task.
onSettle((ctx, win) => {
  if (!iframeSrcdoc || !docOpen || !natives.queueMicrotask) return;
  const frame = frameElementOf(win);
  if (!hasBrand(iframeSrcdoc, frame) || !apply(hasAttribute, frame, ['srcdoc'])) return;
  const doc = documentOf(win);
  if (!doc || weakHas(written, doc) || read(documentUrl, doc) !== 'about:blank') return;
  weakSet(written, doc, true);
  natives.queueMicrotask(() => writeSrcdoc(ctx, win, frame, doc));
});

export function installSrcdoc(ctx, realm) {
  const proto = protoOf(realm, 'HTMLIFrameElement');
  if (!proto) return;
  // A frame in a document, same-origin (a sandboxed one stays opaque, and is left alone),
  // starts afresh where it was: inserted before its own next sibling, it is removed and
  // inserted again. The natives do it, so the new frame is settled here.
  const changed = (frame) => {
    const parent = read(parentNode, frame);
    if (!parent || !documentOf(read(iframeContentWindow, frame))) return;
    apply(insertBefore, parent, [frame, read(nextSibling, frame)]);
    settleWindow(ctx, read(iframeContentWindow, frame));
  };
  wrapSetter(proto, 'srcdoc', (original, self, value) => {
    apply(original, self, [value]);
    changed(self);
  });
  wrapMethod(protoOf(realm, 'Element'), 'setAttribute', (original, self, args) => {
    if (args.length < 2 || !hasBrand(iframeSrcdoc, self)) return apply(original, self, args);
    const name = domString(args[0]);  // converted once; the browser gets this string
    const result = apply(original, self, withArgument(args, 0, name));
    if (apply(natives.stringToLowerCase, name, []) === 'srcdoc') changed(self);
    return result;
  });
}
