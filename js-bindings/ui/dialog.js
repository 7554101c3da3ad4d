// The consent dialog (shim.consent.show()): a switch per purpose, each SDK with its provider,
// the data it processes and why, its policy link, and three equal buttons. With
// defaults.askAge it asks the age bracket; what an answer locks (teen mode) comes from the
// engine, which also refuses any grant that breaks it. Every change goes through the same
// consent path as the API, with method 'dialog'.
//
// Esc closes it with no change: closing is not a choice, so nothing is granted and no refusal
// is recorded in the user's name (GDPR art. 4(11) and PIPL art. 14 want an affirmative act;
// an unset purpose is refused anyway). An unset purpose brings it back with { dialog: 'auto' }.
import { each, natives, push } from '../natives.js';
import {
  append, buttons, checked, disable, el, focus, hide, manifestView, on, pick, resolveLocale, setChecked,
  setText, showModal, slice, t,
} from './dom.js';

// Which dialog the user answered, for receipts (the shim writes it in).
export const DIALOG_VERSION = '1';

// ui: { core, locale, manifestText, change(purposes, state, locale), setAge(bracket, guardian, locale) } (shim.js).
export function showConsent(ui, options) {
  const locale = resolveLocale(options && options.locale, ui.locale);
  const view = manifestView(ui, locale);
  // A closed shim has nothing to ask about and would refuse every answer.
  if (!view) return natives.promiseResolve(ui.core.consentState());
  return showModal('consent', locale, (dialog, close) => build(ui, view, locale, dialog, close), () => ui.core.consentState());
}

// { dialog: 'auto' }: once the document is parsed, the dialog opens if a purpose is still unset.
export function autoConsent(ui) {
  const doc = natives.document;
  const open = () => {
    const state = ui.core.consentState();
    const ids = natives.keys(state);
    for (let i = 0; i < ids.length; i++) if (state[ids[i]] === 'unset') return showConsent(ui);
    return undefined;
  };
  if (doc && doc.readyState === 'loading') on(doc, 'DOMContentLoaded', open);
  else if (doc) natives.queueMicrotask(open);
}

// Only web links reach an href.
const web = (url) => typeof url === 'string' && (slice(url, 0, 8) === 'https://' || slice(url, 0, 7) === 'http://');
const link = (href, text) => (web(href) ? el('p', null, el('a', { href, target: '_blank', rel: 'noopener noreferrer' }, text)) : '');

function build(ui, view, locale, dialog, close) {
  const tx = (key, values) => t(locale, key, values);
  const add = (...nodes) => each(nodes, (node) => append(dialog, node));
  const { labels } = view;
  const c = view.controller.name;
  add(el('h2', { id: 'rps-title' }, tx('title')), el('p', { id: 'rps-desc' }, tx('intro', { c })), link(view.controller.policyUrl, tx('policy', { c })));

  // The age question: the answer and the guardian's confirmation are saved with the choices.
  const age = ui.core.ageView('', '');
  const a = age.minorAge;
  const radios = [];
  const guardian = el('input', { type: 'checkbox' });
  setChecked(guardian, age.guardian);
  const guardianPart = el('div', null, el('label', null, guardian, tx('guardian')), el('p', { class: 'muted' }, tx('teen', { a })));
  const radio = (value) => {
    const input = el('input', { type: 'radio', name: 'rps-age', value });
    setChecked(input, age.bracket === value);
    push(radios, [value, input]);
    on(input, 'change', update);
    return el('div', null, el('label', null, input, tx(value, { a })));
  };
  if (age.ask) add(el('fieldset', null, el('legend', null, tx('age')), radio('over'), radio('under'), guardianPart));
  on(guardian, 'change', update);
  const bracket = () => {
    let chosen = age.bracket;
    each(radios, (r) => { if (checked(r[1])) chosen = r[0]; });
    return chosen;
  };

  const state = ui.core.consentState();
  const toggles = [];  // [id, switch, locked by the age answer]
  const list = el('ul', { class: 'list' });
  each(view.purposes, (p, i) => {
    const description = pick(p.description, locale);
    const attrs = { type: 'checkbox', role: 'switch' };
    if (description) attrs['aria-describedby'] = `rps-p${i}`;
    const input = el('input', attrs);
    setChecked(input, state[p.id] === 'granted');
    push(toggles, [p.id, input, false]);
    const necessity = tx(p.necessity === 'required' ? 'required' : 'optional');
    append(list, el('li', null, el('label', null, input, tx('toggle', { l: labels[p.id], n: necessity })),
      description ? el('p', { class: 'muted', id: `rps-p${i}` }, description) : ''));
  });
  add(el('h3', null, tx('purposes')), list, el('h3', null, tx('sdks')));

  each(view.sdks, (s) => {
    // Its purposes: every one its declaration names, first mention first.
    const uses = [];
    const seen = natives.create(null);
    each([s.permissions, s.collects, s.endpoints, s.storage], (lines) => each(lines || [], (line) => {
      if (!seen[line.purpose]) push(uses, labels[line.purpose]);
      seen[line.purpose] = true;
    }));
    const items = el('ul');
    each(s.collects || [], (d) => append(items, el('li', null, tx('item', { i: tx(d.item), n: tx(d.necessity), p: labels[d.purpose] }))));
    add(el('h4', null, s.name), el('p', null, tx('provider', { p: s.provider })),
      el('p', null, tx('uses', { p: natives.apply(natives.arrayJoin, uses, [locale === 'zh-CN' ? '、' : ', ']) })));
    if (s.collects && s.collects.length) add(el('p', null, tx('data')), items);
    add(link(s.policyUrl, tx('policy', { c: s.name })));
  });

  const alert = el('p', { class: 'alert', role: 'alert' });
  // Accept all / Reject all set every switch the answer leaves open, then save like Save choices.
  // Only a refusal needs no age answer.
  const choose = (value) => () => {
    if (age.ask && bracket() === 'unknown' && value !== false) {
      setText(alert, tx('answerAge'));
      focus(radios[0][1]);
      return;
    }
    each(toggles, (toggle) => { if (value !== undefined && !toggle[2]) setChecked(toggle[1], value); });
    save();
  };
  add(alert, buttons([[tx('accept'), choose(true)], [tx('reject'), choose(false)], [tx('save'), choose()]]));

  // The engine says which purposes the answer on screen would lock: those are off and greyed.
  function update() {
    const under = bracket() === 'under';
    hide(guardianPart, !under);
    const { locked } = ui.core.ageView(bracket(), under && checked(guardian) ? '1' : '');
    each(toggles, (toggle) => {
      let off = false;
      each(locked, (id) => { off = off || id === toggle[0]; });
      toggle[2] = off;
      disable(toggle[1], off);
      if (off) setChecked(toggle[1], false);
    });
  }
  update();

  function save() {
    const grant = [];
    const deny = [];
    each(toggles, (toggle) => push(checked(toggle[1]) ? grant : deny, toggle[0]));
    const answer = bracket();
    const confirmed = answer === 'under' && checked(guardian);
    try {
      if (answer !== 'unknown' && (answer !== age.bracket || confirmed !== age.guardian)) ui.setAge(answer, confirmed, locale);
      if (deny.length) ui.change(deny, 'denied', locale);
      if (grant.length) ui.change(grant, 'granted', locale);
      close();
    } catch (error) {
      setText(alert, error.message);
    }
  }
}
