// Same-origin frames (iframe, frame, object, embed). A frame's realm exists as soon as the
// frame is in a document, and a script can reach it at once, so every way in settles it
// first: contentWindow / contentDocument / getSVGDocument, window.frames and window.length,
// the frame's load event (caught in the capture phase, before the page's listeners: the
// latest point for a frame that navigated to a new same-origin document), and, while the
// document is being parsed, a MutationObserver (its callback runs before every
// parser-inserted script). The DOM insertion methods are in insertion.js.
import { accessorOf, each, globalProto, natives, protoOf } from '../natives.js';
import { wrapGetter, wrapMethod } from '../wrap.js';
import { documentOf, windowOf } from './access.js';
import { registerArmer, rearm, settleChildren, settleWindow } from './settle.js';

const { apply } = natives;
const g = natives.global;
const addListener = globalProto('EventTarget').addEventListener;
const MutationObserver = g.MutationObserver;
const { observe, disconnect } = globalProto('MutationObserver');
const readyState = accessorOf('Document', 'readyState');

const CONTENT_OWNERS = ['HTMLIFrameElement', 'HTMLFrameElement', 'HTMLObjectElement'];
const SVG_DOCUMENT_OWNERS = ['HTMLIFrameElement', 'HTMLObjectElement', 'HTMLEmbedElement'];

export function installFrames(ctx, realm) {
  const settleDocument = (doc) => { if (doc) settleWindow(ctx, windowOf(doc)); };
  each(CONTENT_OWNERS, (name) => {
    wrapGetter(protoOf(realm, name), 'contentWindow', (original, self) => {
      const win = apply(original, self, []);
      settleWindow(ctx, win);
      return win;
    });
    wrapGetter(protoOf(realm, name), 'contentDocument', (original, self) => {
      const doc = apply(original, self, []);
      settleDocument(doc);
      return doc;
    });
  });
  each(SVG_DOCUMENT_OWNERS, (name) => {
    wrapMethod(protoOf(realm, name), 'getSVGDocument', (original, self, args) => {
      const doc = apply(original, self, args);
      settleDocument(doc);
      return doc;
    });
  });
  // window.frames is the window itself, window[i] its i-th child: children are settled
  // before the page holds the object it indexes, and before it learns how many there are.
  wrapGetter(realm, 'frames', (original, self) => {
    const win = apply(original, self, []);
    settleChildren(ctx, win);
    return win;
  });
  wrapGetter(realm, 'length', (original, self) => {
    const count = apply(original, self, []);
    settleChildren(ctx, self === undefined || self === null ? realm : self);
    return count;
  });

  const settleAll = () => settleChildren(ctx, realm);
  const observer = MutationObserver ? new MutationObserver(settleAll) : undefined;
  const stopObserving = () => { if (observer) apply(disconnect, observer, []); };
  // Listeners on the document and the window: document.open() erases them, and a
  // navigation that keeps the realm (the initial about:blank to a same-origin document)
  // brings a new document; both re-arm (see the open wrapper below, and DOMContentLoaded,
  // which reaches the window).
  const arm = () => {
    const doc = documentOf(realm);
    if (!doc || !addListener) return;
    apply(addListener, doc, ['load', settleAll, true]);
    apply(addListener, realm, ['DOMContentLoaded', onContentLoaded, true]);
    apply(addListener, realm, ['load', stopObserving, true]);
    // Only while parsing: afterwards every insertion goes through insertion.js.
    if (observer && apply(readyState.get, doc, []) !== 'complete') {
      apply(observe, observer, [doc, { childList: true, subtree: true }]);
    }
  };
  function onContentLoaded() {
    arm();
    settleAll();
  }
  registerArmer(realm, arm);
  arm();

  // document.open() erases the listeners above; with three arguments it is window.open().
  wrapMethod(protoOf(realm, 'Document'), 'open', (original, self, args) => {
    const result = apply(original, self, args);
    if (args.length >= 3) settleWindow(ctx, result);
    else rearm(windowOf(self));
    return result;
  });

  settleAll();  // frames that were there before the shim
}
