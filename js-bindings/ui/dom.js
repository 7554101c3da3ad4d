// What the consent dialog and the collection-list panel share: the DOM natives they build
// with (captured at load: the page may replace document.createElement & co. later), the
// modal shell (a custom element with a closed shadow root holding a native <dialog>), the
// locale, the texts and the theme. Nothing here runs before a surface is first shown.
//
// Closed shadow root: the page and the SDKs in it cannot read the dialog, change its texts,
// or flip a switch just before the user presses "Save choices"; the buttons act only on
// trusted (user) events, so a script cannot press them either.
import { accessorOf, each, globalProto, natives, push } from '../natives.js';
import { TEXT } from './text.js';

const { apply } = natives;
const g = natives.global;
const accessor = (name, key, kind) => { const d = accessorOf(name, key); return d && d[kind]; };
const { HTMLElement, CSSStyleSheet } = g;

const { createElement } = globalProto('Document');
const {
  setAttribute, getAttribute, attachShadow, querySelectorAll, closest, append: appendNative, remove: removeNative,
} = globalProto('Element');
const { appendChild } = globalProto('Node');  // a shadow root is no Element
const documentElement = accessor('Document', 'documentElement', 'get');
const body = accessor('Document', 'body', 'get');
const activeElement = accessor('Document', 'activeElement', 'get');
const rootActiveElement = accessor('ShadowRoot', 'activeElement', 'get');
const adoptedStyleSheets = accessor('ShadowRoot', 'adoptedStyleSheets', 'set');
const textContent = natives.nodeTextContent && natives.nodeTextContent.set;
const { addEventListener } = globalProto('EventTarget');
const { preventDefault } = globalProto('Event');
const keyOf = accessor('KeyboardEvent', 'key', 'get');
const shiftKey = accessor('KeyboardEvent', 'shiftKey', 'get');
const { focus: focusNative, click: clickNative } = globalProto('HTMLElement');
const hidden = accessor('HTMLElement', 'hidden', 'set');
const checkedGet = accessor('HTMLInputElement', 'checked', 'get');
const checkedSet = accessor('HTMLInputElement', 'checked', 'set');
const disabled = accessor('HTMLInputElement', 'disabled', 'set');
const { showModal: showModalNative, close: closeNative } = globalProto('HTMLDialogElement');
const dialogOpen = accessor('HTMLDialogElement', 'open', 'get');
const registry = g.customElements;
const { define, get: defined } = globalProto('CustomElementRegistry');
const { replaceSync } = globalProto('CSSStyleSheet');

export const call = (fn, target, ...args) => apply(fn, target, args);
export const slice = (text, from, to) => call(natives.stringSlice, text, from, to);
export const append = (node, ...children) => apply(appendNative, node, children);
export const remove = (node) => call(removeNative, node);
export const focus = (node) => call(focusNative, node);
export const click = (node) => call(clickNative, node);
export const hide = (node, value) => call(hidden, node, value);
export const disable = (input, value) => call(disabled, input, value);
export const on = (node, type, listener) => call(addEventListener, node, type, listener);
export const setText = (node, text) => call(textContent, node, text);
export const checked = (input) => call(checkedGet, input);
export const setChecked = (input, value) => call(checkedSet, input, value);

// el('p', { id: 'x' }, 'text', child…): attributes by setAttribute, strings as text.
// (Index loops, no spread: the page may have replaced the array iterator by then.)
export function el(tag, attrs, ...children) {
  const node = call(createElement, natives.document, tag);
  each(natives.keys(attrs || {}), (name) => call(setAttribute, node, name, attrs[name]));
  apply(appendNative, node, children);
  return node;
}

// show({ locale }), install({ locale }), <html lang>, the browser's language: zh-* → zh-CN, else en.
export function resolveLocale(requested, installed) {
  const root = call(documentElement, natives.document);
  const nav = natives.navigator;
  const candidates = [requested, installed, root && call(getAttribute, root, 'lang'), nav && nav.language];
  for (let i = 0; i < candidates.length; i++) {
    const c = candidates[i];
    if (typeof c === 'string' && c) return primary(c) === 'zh' ? 'zh-CN' : 'en';
  }
  return 'en';
}

// A language tag's primary subtag, lower case: zh-Hans-CN → zh.
function primary(tag) {
  let end = 0;
  while (end < tag.length && tag[end] !== '-' && tag[end] !== '_') end++;
  return call(natives.stringToLowerCase, slice(tag, 0, end));
}

// The text `key` in `locale`, each {x} replaced by values.x (no RegExp: its methods are the
// page's to replace).
export function t(locale, key, values) {
  const text = TEXT[key][locale === 'zh-CN' ? 1 : 0];
  let out = '';
  for (let i = 0; i < text.length; i++) {
    if (text[i] === '{' && text[i + 2] === '}') {
      out += values[text[i + 1]];
      i += 2;
    } else {
      out += text[i];
    }
  }
  return out;
}

// A manifest text ({ en: …, 'zh-CN': … }) in `locale`: the exact locale, its language, en,
// then whatever there is.
export function pick(texts, locale) {
  if (!texts) return '';
  const keys = natives.keys(texts);
  let best = '';
  for (let i = 0; i < keys.length; i++) {
    if (keys[i] === locale) return texts[keys[i]];
    if (!best && primary(keys[i]) === primary(locale)) best = texts[keys[i]];
  }
  return best || texts.en || (keys.length ? texts[keys[0]] : '');
}

// The manifest as the surfaces show it, or null when the shim is closed. The engine accepted
// it, so its shape holds; purpose labels come by id.
export function manifestView(ui, locale) {
  if (ui.core.closed()) return null;
  const view = natives.jsonParse(ui.manifestText);
  view.labels = natives.create(null);
  each(view.purposes, (p) => { view.labels[p.id] = pick(p.label, locale) || p.id; });
  return view;
}

// Every colour, size and font is a custom property with a default (README: "Theme"), set by
// the page on :root or on the element.
const CSS = `:host{all:initial}
dialog{--b:1px solid var(--rps-border,#767676);--r:var(--rps-radius,.5rem);--a:var(--rps-accent,#0b57d0);box-sizing:border-box;width:min(42rem,100vw - 2rem);padding:1rem 1.5rem;border:var(--b);border-radius:var(--r);background:var(--rps-bg,#fff);color:var(--rps-fg,#1a1a1a);font:var(--rps-font-size,15px)/1.5 var(--rps-font,system-ui,sans-serif)}
dialog::backdrop{background:var(--rps-backdrop,#0008)}
h2,h3,h4{margin:1rem 0 0}p,ul{margin:.3rem 0}.list{list-style:none;padding:0}
.muted{color:var(--rps-muted,#545454)}a{color:var(--a)}input{accent-color:var(--a)}.alert{color:var(--rps-error,#b3261e)}
:focus-visible{outline:3px solid var(--rps-focus,#0b57d0);outline-offset:2px}
.buttons{display:grid;grid-template-columns:repeat(auto-fit,minmax(9rem,1fr));gap:.75rem;margin-top:1rem}
button{font:inherit;font-weight:600;padding:.6rem;border:0;border-radius:var(--r);background:var(--rps-button-bg,#0b57d0);color:var(--rps-button-fg,#fff)}
.scroll{overflow:auto;max-height:55vh}table{border-collapse:collapse}th,td{text-align:left;vertical-align:top;padding:.3rem;border-bottom:var(--b)}`;

let sheet;
function style(root) {
  // A constructed sheet is not inline CSS: a strict style-src CSP does not block it.
  try {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      call(replaceSync, sheet, CSS);
    }
    call(adoptedStyleSheets, root, [sheet]);
  } catch {
    call(appendChild, root, el('style', null, CSS));
  }
}

// The element name; another if the page took it first (its class would see the contents).
const ours = natives.create(null);
function hostName(base) {
  let name = base;
  for (let i = 1; call(defined, registry, name) && !ours[name]; i++) name = `${base}-${i}`;
  if (!ours[name]) {
    call(define, registry, name, class extends HTMLElement {});
    ours[name] = true;
  }
  return name;
}

const opened = natives.create(null);

// Shows a modal: build(dialog, close) fills it; resolves with done() when it closes (Esc, or
// close() from a button). One at a time per kind: showing it again returns the open one; one
// already closed (Esc) whose 'close' event has not come yet is finished first.
export function showModal(kind, locale, build, done) {
  const shown = opened[kind];
  if (shown && call(dialogOpen, shown.dialog)) return shown.promise;
  if (shown) shown.finish();
  const doc = natives.document;
  const host = el(hostName(`rtc-privacy-${kind}`));
  const root = call(attachShadow, host, { mode: 'closed' });
  style(root);
  const dialog = el('dialog', {
    role: 'dialog', 'aria-modal': 'true', 'aria-labelledby': 'rps-title', 'aria-describedby': 'rps-desc', lang: locale,
  });
  call(appendChild, root, dialog);
  const before = call(activeElement, doc);
  // The browser fires 'close' a task after close(): a button's answer finishes at once, so a
  // show() right after it opens a new dialog instead of returning the one on its way out.
  let finish;
  const promise = new natives.Promise((resolve) => {
    finish = () => {
      if (!opened[kind] || opened[kind].promise !== promise) return;
      opened[kind] = null;
      remove(host);
      resolve(done());
      // HTMLElement's focus throws on a focused SVG or MathML element: it keeps its place.
      try { if (before) focus(before); } catch { /* focus stays where the browser puts it */ }
    };
  });
  on(dialog, 'close', () => finish());
  build(dialog, () => { call(closeNative, dialog); finish(); });
  trapFocus(root, dialog);
  append(call(body, doc) || call(documentElement, doc), host);
  call(showModalNative, dialog);
  opened[kind] = { promise, dialog, finish };
  return promise;
}

// Tab and Shift+Tab cycle through the dialog's controls and never leave it.
function trapFocus(root, dialog) {
  on(dialog, 'keydown', (event) => {
    if (call(keyOf, event) !== 'Tab') return;
    const all = call(querySelectorAll, dialog, 'a[href],button,input:not([disabled]),[tabindex="0"]');
    const focusables = [];
    for (let i = 0; i < all.length; i++) if (!call(closest, all[i], '[hidden]')) push(focusables, all[i]);
    const first = focusables[0];
    const last = focusables[focusables.length - 1];
    const active = call(rootActiveElement, root);
    const back = call(shiftKey, event);
    if (back ? active === first || active === dialog : active === last) {
      call(preventDefault, event);
      focus(back ? last : first);
    }
  });
}

// The equal buttons at the bottom, from [label, action] pairs; an action runs on user events only.
export function buttons(pairs) {
  const row = el('div', { class: 'buttons' });
  each(pairs, (pair) => {
    const button = el('button', { type: 'button' }, pair[0]);
    on(button, 'click', (event) => { if (event.isTrusted) pair[1](); });
    append(row, button);
  });
  return row;
}
