// Scripts the browser never runs, from wherever they come, are never run by the shim: a script
// parsed into a document with no window (DOMParser, Document.parseHTMLUnsafe, an
// XMLHttpRequest's document, createHTMLDocument's write), connected in one
// (createHTMLDocument's appendChild), copied by a Range from a started script, or run in a
// frame, is "already started": moved or copied into the page it never runs. A declared
// injected script of that kind is neither held nor run on consent. Those the browser does run
// when inserted (createContextualFragment's, a parsed template's contents', a text/plain
// script given a type) are held and run on consent, as any other.
import { test, expect, shimPage, withSdk } from './fixtures.mjs';

const DECLARED = withSdk({ injectedScripts: [{ selector: 'script#dy', purpose: 'diagnostics' }] });
const ran = (page) => page.evaluate(() => (window.ran || []).slice().sort());
const held = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === 'script.injected' && e.action === 'hold').length);

// Makes a declared script (<script id="dy"> pushing `name` to window.ran) the way `name` says and
// inserts it into <head>, as an SDK would insert code it fetched. The same in both pages.
const INSERT = async (name) => {
  const code = (n) => `<script id="dy">(window.ran = window.ran || []).push("${n}")</script>`;
  const text = (s, n) => { s.text = `(window.ran = window.ran || []).push("${n}")`; return s; };
  const parse = (html, type = 'text/html') => new DOMParser().parseFromString(html, type);
  const xhtml = (html) => `<html xmlns="http://www.w3.org/1999/xhtml"><head>${html}</head></html>`;
  const box = (html) => {
    const div = document.body.appendChild(document.createElement('div'));
    div.innerHTML = html;
    return div;
  };
  // A script that ran (not declared: it is not held), seen by the shim's observer.
  const ranScript = async () => {
    const div = document.body.appendChild(document.createElement('div'));
    text(div.appendChild(document.createElement('script')), 'ran before');
    await new Promise((resolve) => setTimeout(resolve));
    return div;
  };
  const request = (type, body) => new Promise((resolve) => {
    const xhr = new XMLHttpRequest();
    xhr.open('GET', `data:${type},${encodeURIComponent(body)}`);
    xhr.responseType = 'document';
    xhr.onload = () => resolve(name.endsWith('responseXML') ? xhr.responseXML : xhr.response);
    xhr.send();
  });
  const frame = (srcdoc) => new Promise((resolve) => {
    const f = document.createElement('iframe');
    f.srcdoc = srcdoc;
    f.onload = () => resolve(f.contentDocument);
    document.body.appendChild(f);
  });
  const inert = () => document.implementation.createHTMLDocument('');
  const make = {
    // Never run by the browser.
    'DOMParser': () => parse(code(name)).querySelector('script'),
    'DOMParser, importNode': () => document.importNode(parse(code(name)).querySelector('script'), true),
    'DOMParser, adoptNode (a sanitizer)': () => {
      const body = document.adoptNode(parse(`<p>hi</p>${code(name)}`).body);
      return body.querySelector('script');
    },
    'DOMParser, XHTML': () => parse(xhtml(code(name)), 'application/xhtml+xml').querySelector('script'),
    'Document.parseHTMLUnsafe': () => Document.parseHTMLUnsafe(code(name)).querySelector('script'),
    'Document.parseHTMLUnsafe, a declarative shadow root': () => Document.parseHTMLUnsafe(
      `<div><template shadowrootmode="open">${code(name)}</template></div>`).querySelector('div').shadowRoot.querySelector('script'),
    'setHTMLUnsafe, a declarative shadow root': () => {
      const host = document.body.appendChild(document.createElement('div'));
      host.setHTMLUnsafe(`<p><template shadowrootmode="open">${code(name)}</template></p>`);
      return host.querySelector('p').shadowRoot.querySelector('script');
    },
    'XMLHttpRequest response': async () => (await request('text/html', code(name))).querySelector('script'),
    'XMLHttpRequest responseXML': async () => (await request('application/xhtml+xml', xhtml(code(name)))).querySelector('script'),
    'createHTMLDocument, appendChild': () => {
      const doc = inert();
      const s = text(doc.createElement('script'), name);
      s.id = 'dy';
      return doc.body.appendChild(s);
    },
    'createHTMLDocument, a text given later': () => {
      const doc = inert();
      const s = doc.body.appendChild(doc.createElement('script'));
      s.id = 'dy';
      s.appendChild(doc.createTextNode(`(window.ran = window.ran || []).push("${name}")`));
      return s;
    },
    'createHTMLDocument, write': () => {
      const doc = inert();
      doc.open();
      doc.write(code(name));
      doc.close();
      return doc.querySelector('script');
    },
    'Range cloneContents of a parsed script': () => {
      const range = document.createRange();
      range.selectNodeContents(box(code(name)));
      return range.cloneContents();
    },
    'Range cloneContents of a script that ran': async () => {
      const range = document.createRange();
      range.selectNodeContents(await ranScript());
      const copy = range.cloneContents();
      text(copy.querySelector('script'), name).id = 'dy';
      return copy;
    },
    'Range extractContents cutting a parsed script': () => {
      const div = box(`${code(name)}<p>after</p>`);
      const range = document.createRange();
      range.setStart(div.firstChild.firstChild, 3);
      range.setEnd(div.lastChild, 0);
      const cut = range.extractContents();
      text(cut.querySelector('script'), name);
      return cut;
    },
    'srcdoc frame': async () => text((await frame(code('srcdoc frame, in the frame'))).querySelector('script'), name),
    'frame document.write': () => {
      const f = document.body.appendChild(document.createElement('iframe'));
      f.contentDocument.open();
      f.contentDocument.write(code('frame document.write, in the frame'));
      f.contentDocument.close();
      return text(f.contentDocument.querySelector('script'), name);
    },
    // Run by the browser when inserted.
    'createContextualFragment': () => document.createRange().createContextualFragment(code(name)),
    'DOMParser, a template\'s contents': () => document.importNode(parse(`<template>${code(name)}</template>`).querySelector('template').content, true),
    'a template\'s contents given a script': () => {
      const template = document.createElement('template');
      const s = text(document.createElement('script'), name);
      s.id = 'dy';
      template.content.appendChild(s);
      return document.importNode(template.content, true);
    },
    'DOMParser, text/plain given a type': () => {
      const s = parse(code(name).replace('<script', '<script type="text/plain"')).querySelector('script');
      s.removeAttribute('type');
      return s;
    },
  };
  document.head.appendChild(await make[name]());
};

const RUN = ['createContextualFragment', 'DOMParser, a template\'s contents', 'a template\'s contents given a script',
  'DOMParser, text/plain given a type'];
const NEVER = ['DOMParser', 'DOMParser, importNode', 'DOMParser, adoptNode (a sanitizer)', 'DOMParser, XHTML', 'Document.parseHTMLUnsafe',
  'Document.parseHTMLUnsafe, a declarative shadow root', 'setHTMLUnsafe, a declarative shadow root',
  'XMLHttpRequest response', 'XMLHttpRequest responseXML', 'createHTMLDocument, appendChild',
  'createHTMLDocument, a text given later', 'createHTMLDocument, write', 'Range cloneContents of a parsed script',
  'Range cloneContents of a script that ran', 'Range extractContents cutting a parsed script'];
// Scripts document.write made in a frame ran as they were parsed, and never run in the page; but
// an earlier written script may have changed a later one's type before the write returned, so
// the shim leaves them undecided: declared, they are held and run on consent (the controls and
// the escape test below).
const FRAMES = ['srcdoc frame', 'frame document.write'];

test('unshimmed Chromium control: scripts parsed or connected with no window, Range copies of started scripts and frames\' scripts never run in the page; the others do', async ({ page, serve }) => {
  await page.goto(serve('/never-native.html', '<!doctype html><html><head></head><body></body></html>'));
  for (const name of [...NEVER, ...FRAMES, ...RUN]) await page.evaluate(INSERT, name);
  expect(await ran(page)).toEqual(['ran before', ...RUN].sort());
});

for (const name of NEVER) {
  test(`a declared script from ${name}, inserted before consent, is neither held nor run on consent`, async ({ page, serve }) => {
    await page.goto(serve('/never.html', shimPage({ manifest: DECLARED })));
    await page.evaluate(INSERT, name);
    const before = await ran(page);
    expect(await held(page)).toBe(0);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    // A held script would run synchronously on the grant.
    expect(await ran(page)).toEqual(before);
    expect(before.filter((n) => n !== 'ran before')).toEqual([]);
  });
}

test('declared scripts the browser runs when inserted (createContextualFragment\'s, a template\'s contents\', text/plain given a type) are held, then run on consent', async ({ page, serve }) => {
  await page.goto(serve('/never-run.html', shimPage({ manifest: DECLARED })));
  for (const name of RUN) await page.evaluate(INSERT, name);
  expect(await ran(page)).toEqual([]);
  expect(await held(page)).toBe(RUN.length);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await ran(page)).toEqual([...RUN].sort());
});

test('DOMParser, Document.parseHTMLUnsafe, a Range\'s copies and an XMLHttpRequest\'s response keep the natives\' shape and report native code', async ({ page, serve }) => {
  const probe = () => [[DOMParser.prototype, 'parseFromString', 'value'], [Document, 'parseHTMLUnsafe', 'value'],
    [Range.prototype, 'cloneContents', 'value'], [Range.prototype, 'extractContents', 'value'],
    [XMLHttpRequest.prototype, 'response', 'get'], [XMLHttpRequest.prototype, 'responseXML', 'get']].map(([owner, name, kind]) => {
    const d = Object.getOwnPropertyDescriptor(owner, name);
    const fn = d[kind];
    let constructed;
    try { new fn(); constructed = 'constructed'; } catch (e) { constructed = e.name; }
    return [name, Object.keys(d).sort().join(), d.writable, d.enumerable, d.configurable, fn.name, fn.length,
      Function.prototype.toString.call(fn), Object.getOwnPropertyNames(fn).sort().join(), constructed];
  });
  await page.goto(serve('/never-shape-native.html', '<!doctype html><html><head></head><body></body></html>'));
  const native = await page.evaluate(probe);
  await page.goto(serve('/never-shape.html', shimPage({ manifest: DECLARED })));
  expect(await page.evaluate(probe)).toEqual(native);
  expect(native[0][7]).toBe('function parseFromString() { [native code] }');
  expect(native[4][7]).toBe('function get response() { [native code] }');
});

// The browser decides whether a script is started when it connects it; page code that runs
// before the insertion method returns (a custom element's callbacks) or during a write (an
// inline written script) can change its type after that. A declared script the browser did not
// start must stay held then, whatever its type looks like afterwards.
const ESCAPES = {
  'a custom element\'s adoptedCallback gives it its type after an insertion into a document with no window': () => {
    const s = document.createElement('script');
    s.id = 'dy';
    s.type = 'text/plain';
    s.text = '(window.ran = window.ran || []).push("escaped")';
    customElements.define('x-adopt', class extends HTMLElement { adoptedCallback() { s.removeAttribute('type'); } });
    document.implementation.createHTMLDocument('').body.append(document.createElement('x-adopt'), s);
    document.head.appendChild(s);
  },
  'a script document.write made after it gives it its type': () => {
    document.write('<script id="dy" type="text/plain">(window.ran = window.ran || []).push("escaped")<\/script>'
      + '<script>document.getElementById("dy").removeAttribute("type")<\/script>');
    document.head.appendChild(document.getElementById('dy'));
  },
};
for (const [name, escape] of Object.entries(ESCAPES)) {
  test(`a declared script the browser did not start stays held: ${name}`, async ({ page, serve }) => {
    const body = `<script>(${escape})()</script>`;
    await page.goto(serve('/escape-native.html', `<!doctype html><html><head></head><body>${body}</body></html>`));
    expect(await ran(page)).toEqual(['escaped']);  // unshimmed, the browser runs it when it is moved
    await page.goto(serve('/escape.html', shimPage({ manifest: DECLARED, body })));
    expect(await ran(page)).toEqual([]);
    expect(await held(page)).toBe(1);
    await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
    expect(await ran(page)).toEqual(['escaped']);
  });
}
