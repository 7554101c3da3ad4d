// EventSource to a declared endpoint: its URL is all it sends, redacted with consent. Before
// consent (or when the redacted URL is dropped) it never connects: the page gets the browser's
// own EventSource made for about:blank, which fails at once as a stream served with the wrong
// type does (`error`, readyState CLOSED: no reconnection loop), its `url` still the page's.
// (Workers: not covered; an EventSource made in a worker is not asked about.)
import { natives, weakGet, weakHas, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter } from '../wrap.js';
import { net } from './natives.js';

const { apply, construct } = natives;
const TRANSPORT = 'eventsource';

export function installEventSource(router, realm) {
  if (!realm.EventSource) return;
  const shown = new natives.WeakMap();  // a source that never connects → the URL the page gave
  wrapConstructor(realm, 'EventSource', (original, args, newTarget) => {
    if (!args.length) return construct(original, args, newTarget);
    const url = net.String(args[0]);
    const route = router.classify(url);
    if (!route) return construct(original, withArgument(args, 0, url), newTarget);
    const target = router.urlOnly(route, url, TRANSPORT);
    if (target !== null) return construct(original, withArgument(args, 0, target), newTarget);
    const source = construct(original, withArgument(args, 0, 'about:blank'), newTarget);
    weakSet(shown, source, route.href);
    return source;
  });
  wrapGetter(realm.EventSource.prototype, 'url', (original, self) => (weakHas(shown, self) ? weakGet(shown, self) : apply(original, self, [])));
}
