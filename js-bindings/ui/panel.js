// The collection-list panel (shim.panel.show()): the ledger as a live table, newest first:
// what was read or sent, when, by which SDK, for which purpose, and what was allowed,
// redacted (counts) or denied. While it is open the engine calls back after each new entry
// (nothing runs while it is closed); the table catches up once per burst, in a microtask.
// "Export JSON" downloads the ledger export through a Blob URL.
import { accessorOf, each, globalProto, natives, push, read } from '../natives.js';
import { append, buttons, call, click, el, manifestView, remove, resolveLocale, setText, showModal, slice, t } from './dom.js';
import { TEXT } from './text.js';

const g = natives.global;
const { Blob, Date: DateCtor, URL } = g;
const { createObjectURL, revokeObjectURL } = URL || {};
const localeTime = DateCtor.prototype.toLocaleTimeString;
const { prepend } = globalProto('Element');
const lastChild = accessorOf('Element', 'lastElementChild');
const childCount = accessorOf('Element', 'childElementCount');
const TRANSPORTS = { __proto__: null, fetch: 1, fetchLater: 1, xhr: 1, beacon: 1, websocket: 1, image: 1, eventsource: 1, webtransport: 1 };

// ui: { core, locale, manifestText, exportLedger() } (shim.js).
export function showPanel(ui, options) {
  const locale = resolveLocale(options && options.locale, ui.locale);
  const core = ui.core;
  let url = '';
  const forget = () => {
    if (url) call(revokeObjectURL, URL, url);
    url = '';
  };
  return showModal('panel', locale, (dialog, close) => {
    const tx = (key, values) => t(locale, key, values);
    const view = manifestView(ui, locale);
    const sdks = natives.create(null);
    each(view ? view.sdks : [], (s) => { sdks[s.id] = s.name; });
    const labels = view ? view.labels : sdks;

    // A ledger name in words: surfaces and device items have texts, requests say their transport.
    const what = (name) => {
      // deviceInfo.<item>, canvas.<API>: the item's label.
      const item = slice(name, 0, 11) === 'deviceInfo.' ? slice(name, 11) : slice(name, 0, 7) === 'canvas.' ? 'canvas' : name;
      if (name === 'screen') return tx('screenShare');
      if (TRANSPORTS[name]) return tx('request', { t: name });
      return item in TEXT ? tx(item) : name;
    };
    const row = (e) => {
      const details = [];
      if (e.target) push(details, e.target);
      each(natives.keys(e.counts || {}), (k) => push(details, `${k} ×${e.counts[k]}`));
      if (e.reason) push(details, e.reason);
      const tr = el('tr');
      each([
        call(localeTime, new DateCtor(e.time), locale), what(e.surface), sdks[e.sdk] || e.sdk, labels[e.purpose] || e.purpose,
        e.action in TEXT ? tx(e.action) : e.action, natives.apply(natives.arrayJoin, details, [' · ']),
      ], (text) => append(tr, el('td', null, text)));
      return tr;
    };

    const head = el('tr');
    each(['time', 'what', 'sdk', 'purpose', 'result', 'details'], (k) => append(head, el('th', { scope: 'col' }, tx(k))));
    const body = el('tbody');
    const count = el('p', { role: 'status' });
    append(dialog, el('h2', { id: 'rps-title' }, tx('panel')), el('p', { id: 'rps-desc' }, tx('panelIntro')),
      // Focusable, so that a keyboard alone can scroll it.
      el('div', { class: 'scroll', tabindex: '0', role: 'region', 'aria-labelledby': 'rps-title' },
        el('table', null, el('thead', null, head), body)),
      count,
      buttons([[tx('export'), () => {
        forget();
        url = call(createObjectURL, URL, new Blob([ui.exportLedger()], { type: 'application/json' }));
        const a = el('a', { href: url, download: 'rtc-privacy-ledger.json', hidden: '' });
        append(dialog, a);
        click(a);
        remove(a);
      }], [tx('close'), close]]));

    let seen = 0;
    let queued = false;
    const refresh = () => {
      queued = false;
      const ledger = core.ledger();
      const entries = ledger.entries;
      each(entries, (e) => { if (e.seq > seen) call(prepend, body, row(e)); });
      seen = ledger.total;
      // The ring let its oldest go: so does the table.
      while (read(childCount, body) > entries.length) remove(read(lastChild, body));
      setText(count, tx('count', { n: entries.length }));
    };
    refresh();
    core.observeLedger(() => {
      if (queued) return;
      queued = true;
      natives.queueMicrotask(refresh);
    });
  }, () => {
    core.observeLedger(null);
    forget();
  });
}
