// Every DOM method that can put a frame into a document: once it returns (or throws, having
// inserted part of its nodes), the frames of that document are settled, so a frame inserted
// synchronously is guarded before the call returns and before the page can reach it as
// window[i]. Parser insertion is frames.js's (MutationObserver) and the load event's. Before
// the call, the nodes it inserts are shown to the injected-script gate (injected-scripts.js);
// the copies cloneNode, importNode and a Range make, and the documents DOMParser,
// Document.parseHTMLUnsafe and XMLHttpRequest parse, are shown to it after.
import { accessorOf, each, hasBrand, natives, protoOf, read } from '../natives.js';
import { wrapGetter, wrapMethod, wrapSetter } from '../wrap.js';
import { windowOf } from './access.js';
import { injectedScriptGate, noteParsedDocument, parentNode } from './injected-scripts.js';
import { settleChildren } from './settle.js';

const { apply } = natives;
const rangeStart = accessorOf('Range', 'startContainer');

const CHILD_NODE = ['after', 'before', 'replaceWith'];
const PARENT_NODE = ['append', 'prepend', 'replaceChildren'];
const METHODS = [
  ['Node', ['appendChild', 'insertBefore', 'replaceChild']],
  ['Element', [...CHILD_NODE, ...PARENT_NODE, 'insertAdjacentElement', 'insertAdjacentHTML', 'setHTMLUnsafe']],
  ['CharacterData', CHILD_NODE],
  ['DocumentType', CHILD_NODE],
  ['Document', [...PARENT_NODE, 'write', 'writeln', 'execCommand']],
  ['DocumentFragment', PARENT_NODE],  // a ShadowRoot is one
  ['ShadowRoot', ['setHTMLUnsafe']],
];
// A Range inserts into the document of its start.
const RANGE = ['insertNode', 'surroundContents'];
const SETTERS = [['Element', ['innerHTML', 'outerHTML']], ['ShadowRoot', ['innerHTML']]];

export function installInsertion(ctx, realm) {
  const settle = (node) => settleChildren(ctx, windowOf(node));
  const gate = injectedScriptGate(ctx);
  // HTML parsed into `self` (and, `around`, next to it: into its parent): the scripts it made
  // never run (`written` by document.write: they ran, or never will without a window), and the
  // gate must not hold them.
  // `shadows`: the HTML may hold declarative shadow roots (setHTMLUnsafe), whose scripts are parsed too.
  const parsed = (self, around, call, written, shadows) => {
    const made = gate.parsing((around && hasBrand(parentNode, self) && read(parentNode, self)) || self, written, shadows);
    try {
      return call();
    } finally {
      made();
    }
  };
  const wrap = (owner, nodeOf) => (name) => {
    const html = name === 'insertAdjacentHTML' || name === 'setHTMLUnsafe';
    const written = name === 'write' || name === 'writeln';
    // insertBefore(node, child) and replaceChild(node, child) insert only their first argument:
    // the child stays or leaves, and must not be gated (a parsed script there already ran).
    const firstOnly = name === 'insertBefore' || name === 'replaceChild';
    wrapMethod(protoOf(realm, owner), name, (original, self, args) => {
      const target = nodeOf(self);
      const after = gate.inserting(target, firstOnly ? [args[0]] : args);
      try {
        return html || written ? parsed(self, name === 'insertAdjacentHTML', () => apply(original, self, args), written, name === 'setHTMLUnsafe')
          : apply(original, self, args);
      } finally {
        after();
        settle(target);
      }
    });
  };
  each(METHODS, (entry) => each(entry[1], wrap(entry[0], (self) => self)));
  each(RANGE, wrap('Range', (self) => (hasBrand(rangeStart, self) ? read(rangeStart, self) : null)));
  // cloneNode(deep) copies `self`, importNode(node, deep) its first argument.
  wrapMethod(protoOf(realm, 'Node'), 'cloneNode', (original, self, args) => {
    const copy = apply(original, self, args);
    gate.copied(self, copy);
    return copy;
  });
  wrapMethod(protoOf(realm, 'Document'), 'importNode', (original, self, args) => {
    const copy = apply(original, self, args);
    gate.copied(args[0], copy);
    return copy;
  });
  // A Range's copy: the scripts it copies (and extractContents moves), read before.
  each(['cloneContents', 'extractContents'], (name) => wrapMethod(protoOf(realm, 'Range'), name, (original, self, args) => {
    const ranged = gate.ranged(self);
    const copy = apply(original, self, args);
    gate.copied(null, copy, ranged);
    return copy;
  }));
  // Documents parsed with no window: their scripts are started, never run (the browser's
  // "already started"), whether moved or copied into the page.
  const parsedDocument = (original, self, args) => {
    const doc = apply(original, self, args);
    noteParsedDocument(doc);
    return doc;
  };
  wrapMethod(protoOf(realm, 'DOMParser'), 'parseFromString', parsedDocument);
  wrapMethod(realm.Document, 'parseHTMLUnsafe', parsedDocument);
  each(['response', 'responseXML'], (name) => wrapGetter(protoOf(realm, 'XMLHttpRequest'), name, (original, self) => parsedDocument(original, self, [])));
  each(SETTERS, (entry) => each(entry[1], (name) => {
    wrapSetter(protoOf(realm, entry[0]), name, (original, self, value) => {
      try {
        parsed(self, name === 'outerHTML', () => apply(original, self, [value]));
      } finally {
        settle(self);
      }
    });
  }));
}
