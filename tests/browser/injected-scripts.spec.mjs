// Scripts an SDK inserts at run time with code from its cloud settings (ZEGO's inline
// <script id="dy"> in <head>): declared in the manifest (sdks[].injectedScripts), a matching
// script does not run before its purpose is granted, whichever DOM method inserts it; the
// ledger records it; it runs once when consent arrives.
import { test, expect, shimPage, withSdk } from './fixtures.mjs';

const DECLARED = withSdk({ injectedScripts: [{ selector: 'script#dy', purpose: 'diagnostics' }] });
const injectedEntries = (page) => page.evaluate(() => RtcPrivacyShim.current.ledger.entries()
  .filter((e) => e.surface === 'script.injected').map((e) => `${e.action} ${e.purpose} ${e.sdk} ${e.reason}`));
const ran = (page) => page.evaluate(() => (window.ran || []).slice().sort());

// Inserts <script id="dy"> four ways (appendChild, insertBefore, head.append, a parsed fragment
// whose script would run on insertion) and one script the manifest does not declare. As ZEGO's,
// the script reads a property set on its element (through document.currentScript).
const INSERT_ALL = () => {
  const make = (how) => {
    const s = document.createElement('script');
    s.id = 'dy';
    s.type = 'text/javascript';
    s.param = how;
    s.appendChild(document.createTextNode('(window.ran = window.ran || []).push(document.currentScript.param)'));
    return s;
  };
  document.head.appendChild(make('appendChild'));
  document.head.insertBefore(make('insertBefore'), document.head.firstChild);
  document.head.append(make('append'));
  document.head.appendChild(document.createRange().createContextualFragment(
    '<div><script id="dy">(window.ran = window.ran || []).push("fragment")</script></div>'));
  const app = document.createElement('script');
  app.text = 'window.appRan = true';
  document.head.appendChild(app);
  // innerHTML never runs a script: nothing to hold, and nothing runs.
  const holder = document.createElement('div');
  holder.innerHTML = '<script id="dy">(window.ran = window.ran || []).push("innerHTML")</script>';
  document.body.appendChild(holder);
};

test('a declared injected script waits for consent, however it is inserted, and then runs once', async ({ page, serve }) => {
  await page.goto(serve('/dy.html', shimPage({ manifest: DECLARED })));
  await page.evaluate(INSERT_ALL);
  expect(await page.evaluate(() => window.ran)).toBeUndefined();
  expect(await page.evaluate(() => window.appRan)).toBe(true);
  const reason = 'inserted script#dy: consent "diagnostics" is unset';
  expect(await injectedEntries(page)).toEqual(Array(4).fill(`hold diagnostics vertc ${reason}`));
  // Held as the page's own held scripts are: inert, with its purpose.
  expect(await page.evaluate(() => [...document.head.querySelectorAll('script#dy')].map((s) => s.type))).toEqual(Array(4).fill('text/plain'));
  // Its type set back and inserted again, it stays inert.
  expect(await page.evaluate(() => {
    const s = document.head.querySelector('script#dy');
    s.type = 'text/javascript';
    document.head.appendChild(s);
    return [s.type, window.ran];
  })).toEqual(['text/plain', undefined]);

  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  await page.waitForFunction(() => window.ran && window.ran.length === 4);
  expect(await ran(page)).toEqual(['append', 'appendChild', 'fragment', 'insertBefore']);
  // They ran as themselves (their `param` went with them), each with its own type given back.
  expect(await page.evaluate(() => [...document.head.querySelectorAll('script#dy')].map((s) => `${s.type}|${s.dataset.rtcPrivacyPurpose}`).sort()))
    .toEqual(['text/javascript|undefined', 'text/javascript|undefined', 'text/javascript|undefined', '|undefined'].sort());
  // Held scripts run synchronously on a grant: a second grant would have run them again by now.
  await page.evaluate(() => {
    RtcPrivacyShim.current.consent.revoke('diagnostics');
    RtcPrivacyShim.current.consent.grant('diagnostics');
  });
  expect(await ran(page)).toEqual(['append', 'appendChild', 'fragment', 'insertBefore']);
});

test('with consent already granted it runs at once; an undeclared script is never touched', async ({ page, serve }) => {
  await page.goto(serve('/dy-granted.html', shimPage({ manifest: DECLARED })));
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  const result = await page.evaluate(() => {
    const s = document.createElement('script');
    s.id = 'dy';
    s.text = 'window.ran = ["now"]';
    document.head.appendChild(s);
    return { ran: window.ran, type: s.getAttribute('type') };
  });
  expect(result).toEqual({ ran: ['now'], type: null });
  expect(await injectedEntries(page)).toEqual(['allow diagnostics vertc inserted script#dy: consent "diagnostics" is granted']);
});

test('without a declaration nothing is held or recorded', async ({ page, serve }) => {
  await page.goto(serve('/dy-undeclared.html', shimPage()));
  await page.evaluate(INSERT_ALL);
  expect(await ran(page)).toEqual(['append', 'appendChild', 'fragment', 'insertBefore']);
  expect(await injectedEntries(page)).toEqual([]);
});

// A held script is locked: whatever the page then does to its type, children, text or src,
// in any order, it does not run before consent; then it runs once, as the page left it.
const GRANT_AND_RUN = async (page, count) => {
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  await page.waitForFunction((n) => window.ran.length === n, count);
  expect(await page.evaluate(() => document.querySelectorAll('script[nomodule]').length)).toBe(0);
  return ran(page);
};

test('a held injected script does not run when the page gives it a type back and then code', async ({ page, serve }) => {
  await page.goto(serve('/dy-locked.html', shimPage({ manifest: DECLARED })));
  const before = await page.evaluate(() => {
    window.ran = [];
    const code = (name) => `window.ran.push(${JSON.stringify(name)})`;
    const held = (name) => {
      const s = document.createElement('script');
      s.id = 'dy';
      s.name = name;
      document.head.appendChild(s);
      return s;
    };
    const ORDERS = {
      'type, then a child': (s) => { s.type = 'text/javascript'; s.appendChild(document.createTextNode(code(s.name))); },
      'setAttribute type, then text': (s) => { s.setAttribute('type', 'text/javascript'); s.text = code(s.name); },
      'type removed, then textContent': (s) => { s.removeAttribute('type'); s.textContent = code(s.name); },
      'type attribute node, then innerHTML': (s) => { s.getAttributeNode('type').value = ''; s.innerHTML = code(s.name); },
      'text, then type, then a child': (s) => { s.text = code(s.name); s.type = 'text/javascript'; s.append(';'); },
    };
    for (const name of Object.keys(ORDERS)) ORDERS[name](held(name));
    // Held in a detached element, given a type and code there, then inserted.
    const div = document.createElement('div');
    const detached = document.createElement('script');
    detached.id = 'dy';
    div.appendChild(detached);
    detached.type = 'text/javascript';
    detached.text = code('detached');
    document.body.appendChild(div);
    // A script that runs during the same insertion and unlocks the held one before it.
    const first = document.createElement('script');
    first.id = 'dy';
    first.name = 'same insertion';
    const other = document.createElement('script');
    other.text = 'const s = document.currentScript.previousSibling; s.type = "text/javascript"; s.text = `window.ran.push("${s.name}")`;';
    document.head.append(first, other);
    return window.ran.slice();
  });
  expect(before).toEqual([]);
  // Each runs once on consent, with the code the page gave it (and its own `name`).
  expect(await GRANT_AND_RUN(page, 7)).toEqual(['detached', 'same insertion', 'setAttribute type, then text',
    'text, then type, then a child', 'type attribute node, then innerHTML', 'type removed, then textContent', 'type, then a child'].sort());
});

test('a held injected script does not run when the page gives it a src; on consent it loads and its element hears so', async ({ page, serve }) => {
  await page.goto(serve('/dy-locked-src.html', shimPage({ manifest: DECLARED })));
  // In-order scripts run in insertion order: the plain one after the held one, had it run.
  await page.evaluate(() => new Promise((resolve) => {
    window.ran = [];
    const s = document.createElement('script');
    s.id = 'dy';
    s.async = false;
    s.onload = () => window.ran.push('src loaded');
    document.head.appendChild(s);
    s.removeAttribute('type');
    s.src = 'data:text/javascript,window.ran.push("src")';
    const after = document.createElement('script');
    after.async = false;
    after.onload = resolve;
    after.src = 'data:text/javascript,0';
    document.head.appendChild(after);
  }));
  expect(await page.evaluate(() => window.ran)).toEqual([]);
  expect(await GRANT_AND_RUN(page, 2)).toEqual(['src', 'src loaded']);
});

test('a held injected script stays locked while the document has no root element', async ({ page, serve }) => {
  await page.goto(serve('/dy-no-root.html', shimPage({ manifest: DECLARED })));
  const before = await page.evaluate(() => {
    window.ran = [];
    const root = document.documentElement;
    document.removeChild(root);
    const s = document.createElement('script');
    s.id = 'dy';
    document.createElement('div').appendChild(s);  // held, and locked with no root to lock it under
    document.appendChild(root);
    document.head.appendChild(s);
    s.type = 'text/javascript';
    s.text = 'window.ran.push("no root")';
    return { ran: window.ran.slice(), root: document.documentElement === root };
  });
  expect(before).toEqual({ ran: [], root: true });
  expect(await GRANT_AND_RUN(page, 1)).toEqual(['no root']);
});

// Trusted Types: a script whose text was not set through a policy is not prepared, so a lock
// that changed the text would leave the script unlocked (and report a violation).
test('on a page that enforces Trusted Types, a held script with trusted text stays locked and its hold reports no violation', async ({ page, serve }) => {
  const head = `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'">`;
  await page.goto(serve('/dy-trusted-types.html', shimPage({ manifest: DECLARED, head })));
  const seen = await page.evaluate(async () => {
    window.ran = [];
    const violations = [];
    document.addEventListener('securitypolicyviolation', (e) => violations.push(e.violatedDirective));
    const policy = trustedTypes.createPolicy('sdk', { createScript: (code) => code });
    const s = document.createElement('script');
    s.id = 'dy';
    s.text = policy.createScript('window.ran.push("held")');
    document.head.appendChild(s);
    s.type = 'text/javascript';
    s.text = policy.createScript('window.ran.push("unlocked")');
    // Violation events are dispatched in a task of their own.
    await new Promise((resolve) => setTimeout(resolve, 100));
    return { ran: window.ran.slice(), violations, type: s.type };
  });
  expect(seen).toEqual({ ran: [], violations: [], type: 'text/javascript' });
});

// HTML parsed by these never runs its scripts: the gate marks them decided as they are made, so
// that moving them later neither records nor holds them (a held one would run on consent, which
// it never would unshimmed).
test('scripts made by innerHTML, outerHTML, insertAdjacentHTML and setHTMLUnsafe are never held, recorded or run, even when moved', async ({ page, serve }) => {
  await page.goto(serve('/dy-parsed.html', shimPage({ manifest: DECLARED })));
  const code = (name) => `<script id="dy">(window.ran = window.ran || []).push("${name}")</script>`;
  const types = await page.evaluate((scripts) => {
    const host = () => document.body.appendChild(document.createElement('div'));
    host().innerHTML = scripts.innerHTML;
    host().appendChild(document.createElement('span')).outerHTML = scripts.outerHTML;
    host().insertAdjacentHTML('beforeend', scripts.insertAdjacentHTML);
    host().setHTMLUnsafe(scripts.setHTMLUnsafe);
    // Moved into <head> by a DOM method, as an injected script would be.
    const made = [...document.body.querySelectorAll('script#dy')];
    for (const s of made) document.head.appendChild(s);
    return made.map((s) => s.getAttribute('type'));
  }, Object.fromEntries(['innerHTML', 'outerHTML', 'insertAdjacentHTML', 'setHTMLUnsafe'].map((n) => [n, code(n)])));
  expect(types).toEqual([null, null, null, null]);
  expect(await injectedEntries(page)).toEqual([]);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  // A held script would run synchronously on the grant; these never run.
  expect(await page.evaluate(() => window.ran)).toBeUndefined();
});

// insertBefore's and replaceChild's second argument is not inserted: a declared script the
// parser made (it ran as the page loaded) is not gated when it is only the reference.
test('a parsed declared script used as insertBefore\'s or replaceChild\'s reference is neither held nor run again', async ({ page, serve }) => {
  const body = '<div id="box"><script id="dy">(window.ran = window.ran || []).push("parsed")</script></div>';
  await page.goto(serve('/dy-reference.html', shimPage({ manifest: DECLARED, body })));
  const type = await page.evaluate(() => {
    const box = document.getElementById('box');
    const dy = box.querySelector('script#dy');
    box.insertBefore(document.createElement('p'), dy);
    return dy.getAttribute('type');
  });
  expect(type).toBeNull();
  expect(await injectedEntries(page)).toEqual([]);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  // A held script runs synchronously on the grant: this one ran once, as the page loaded.
  expect(await ran(page)).toEqual(['parsed']);
  await page.evaluate(() => {
    const box = document.getElementById('box');
    box.replaceChild(document.createElement('p'), box.querySelector('script#dy'));
  });
  expect(await injectedEntries(page)).toEqual([]);
});

// Copies of scripts that never run: the browser copies a script's "already started" into its
// clone (cloneNode, importNode), so the copy of a script made by innerHTML, or of one that was
// inserted before (run, or held: locked), never runs either.
const COPIES = () => {
  const code = (name) => `(window.ran = window.ran || []).push("${name}")`;
  const holder = document.createElement('div');
  holder.innerHTML = `<script id="dy">${code('parsed')}</script>`;
  const parsed = holder.firstChild;
  const inserted = document.createElement('script');
  inserted.id = 'dy';
  inserted.text = code('inserted');
  const box = document.head.appendChild(document.createElement('div'));
  box.appendChild(inserted);
  const copies = [];
  for (const [name, original] of [['parsed', parsed], ['inserted', inserted]]) {
    for (const [how, copy] of [['cloneNode', original.cloneNode(true)], ['importNode', document.importNode(original, true)],
      ['deep', (original === parsed ? holder : box).cloneNode(true)]]) {
      const script = copy.matches('script') ? copy : copy.querySelector('script');
      script.text = code(`${name} ${how}`);
      document.head.appendChild(copy);
      copies.push(script);
    }
  }
  return copies.map((s) => s.getAttribute('type'));
};

test('unshimmed, a copy of a script made by innerHTML or of one inserted before never runs', async ({ page, serve }) => {
  await page.goto(serve('/dy-copies-native.html', '<!doctype html><html><head></head><body></body></html>'));
  expect(await page.evaluate(COPIES)).toEqual(Array(6).fill(null));
  expect(await ran(page)).toEqual(['inserted']);
});

test('a copy of a script made by innerHTML or of a held one is neither held nor run, even after consent', async ({ page, serve }) => {
  await page.goto(serve('/dy-copies.html', shimPage({ manifest: DECLARED })));
  // The copies of the held script are held as it is (copied attributes); the others untouched.
  expect(await page.evaluate(COPIES)).toEqual([null, null, null, 'text/plain', 'text/plain', 'text/plain']);
  // Only the inserted original was held and recorded.
  expect(await injectedEntries(page)).toEqual(['hold diagnostics vertc inserted script#dy: consent "diagnostics" is unset']);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  // Held scripts run synchronously on the grant: the original ran, its copies never.
  expect(await ran(page)).toEqual(['inserted']);
});

test('cloneNode and importNode keep the natives\' shape and report native code', async ({ page, serve }) => {
  const probe = () => [[Node.prototype, 'cloneNode'], [Document.prototype, 'importNode']].map(([proto, name]) => {
    const d = Object.getOwnPropertyDescriptor(proto, name);
    const fn = d.value;
    let constructed;
    try { new fn(); constructed = 'constructed'; } catch (e) { constructed = e.name; }
    return [name, d.writable, d.enumerable, d.configurable, fn.name, fn.length, Function.prototype.toString.call(fn),
      Object.getOwnPropertyNames(fn).sort().join(), constructed];
  });
  await page.goto(serve('/dy-shape-native.html', '<!doctype html><html><head></head><body></body></html>'));
  const native = await page.evaluate(probe);
  await page.goto(serve('/dy-shape.html', shimPage({ manifest: DECLARED })));
  expect(await page.evaluate(probe)).toEqual(native);
  expect(native[0][6]).toBe('function cloneNode() { [native code] }');
});

// A held injected script is started (locked): it runs as a copy, whose text the shim sets. A
// page that enforces Trusted Types refuses that text unless its own "default" policy lets it
// through; the shim makes no policy, and says the script could not run.
test('Trusted Types enforced: a held injected inline script runs on consent only through the page\'s default policy; without one the console says it could not run', async ({ page, serve, consoleErrors }) => {
  const INSERT_TRUSTED = () => {
    window.ran = [];
    const policy = trustedTypes.createPolicy('sdk', { createScript: (code) => code });
    const s = document.createElement('script');
    s.id = 'dy';
    s.text = policy.createScript('window.ran.push("injected")');
    document.head.appendChild(s);
    return s.type;
  };
  const csp = (policies) => `<meta http-equiv="Content-Security-Policy" content="require-trusted-types-for 'script'; trusted-types ${policies}">`;
  await page.goto(serve('/dy-tt-refused.html', shimPage({ manifest: DECLARED, head: csp('sdk') })));
  expect(await page.evaluate(INSERT_TRUSTED)).toBe('text/plain');
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  // Held scripts run synchronously on the grant: this one could not, and stays held.
  expect(await ran(page)).toEqual([]);
  expect(await page.evaluate(() => document.head.querySelector('script#dy').type)).toBe('text/plain');
  expect(consoleErrors.filter((e) => e.includes('rtc-privacy-shim'))).toEqual([
    expect.stringContaining('rtc-privacy-shim: a held script could not run: Trusted Types refused its copy'),
  ]);

  await page.goto(serve('/dy-tt-default.html', shimPage({ manifest: DECLARED, head: csp('sdk default') })));
  // The grant above was stored: withdrawn, so that the script is held again.
  await page.evaluate(() => {
    RtcPrivacyShim.current.consent.revoke('diagnostics');
    trustedTypes.createPolicy('default', { createScript: (code) => code });
  });
  expect(await page.evaluate(INSERT_TRUSTED)).toBe('text/plain');
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await ran(page)).toEqual(['injected']);
});

// Scripts the browser ran (one in the page's HTML, one an SDK inserted while its purpose was
// granted) are started: moved or copied (cloneNode, importNode, a deep copy of their parent)
// they never run again, whatever consent does.
const RAN_BODY = '<div id="box"><script id="dy">(window.ran = window.ran || []).push("parsed")</script></div>';
const INSERT_ONE = () => {
  const s = document.createElement('script');
  s.id = 'dy';
  s.text = '(window.ran = window.ran || []).push("inserted")';
  document.getElementById('sdk').appendChild(s);
};
const MOVE_AND_COPY = () => {
  const code = (name) => `(window.ran = window.ran || []).push("${name}")`;
  const types = [];
  for (const id of ['box', 'sdk']) {
    const parent = document.getElementById(id);
    const original = parent.querySelector('script#dy');
    const copies = [original.cloneNode(true), document.importNode(original, true), parent.cloneNode(true)];
    document.body.appendChild(original);
    copies.forEach((copy, i) => {
      const script = copy.matches('script') ? copy : copy.querySelector('script');
      script.text = code(`${id} copy ${i}`);
      document.head.appendChild(copy);
      types.push(script.getAttribute('type'));
    });
    types.push(original.getAttribute('type'));
  }
  return types;
};

test('unshimmed, a script the browser ran, moved or copied, never runs again', async ({ page, serve }) => {
  await page.goto(serve('/dy-ran-native.html', `<!doctype html><html><head></head><body>${RAN_BODY}<div id="sdk"></div></body></html>`));
  await page.evaluate(INSERT_ONE);
  expect(await page.evaluate(MOVE_AND_COPY)).toEqual(Array(8).fill(null));
  expect(await ran(page)).toEqual(['inserted', 'parsed']);
});

test('a declared script the browser ran (parsed, or inserted with consent) is neither held nor run again when moved or copied after consent is withdrawn', async ({ page, serve }) => {
  await page.goto(serve('/dy-ran.html', shimPage({ manifest: DECLARED, body: `${RAN_BODY}<div id="sdk"></div>` })));
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  await page.evaluate(INSERT_ONE);
  expect(await ran(page)).toEqual(['inserted', 'parsed']);
  await page.evaluate(() => RtcPrivacyShim.current.consent.revoke('diagnostics'));
  expect(await page.evaluate(MOVE_AND_COPY)).toEqual(Array(8).fill(null));
  // Only the inserted script's insertion was asked about.
  expect(await injectedEntries(page)).toEqual(['allow diagnostics vertc inserted script#dy: consent "diagnostics" is granted']);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  // Held scripts run synchronously on the grant: none was held, nothing runs again.
  expect(await ran(page)).toEqual(['inserted', 'parsed']);
});

// Started as the gate lets it in, not later: a copy made in the same task (consent withdrawn
// meanwhile) is a copy of a started script too.
test('a declared script inserted with consent and copied at once, after consent is withdrawn, is not run again', async ({ page, serve }) => {
  await page.goto(serve('/dy-ran-at-once.html', shimPage({ manifest: DECLARED, body: '<div id="sdk"></div>' })));
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await page.evaluate(() => {
    const s = document.createElement('script');
    s.id = 'dy';
    s.text = '(window.ran = window.ran || []).push("inserted")';
    document.getElementById('sdk').appendChild(s);
    RtcPrivacyShim.current.consent.revoke('diagnostics');
    const copy = s.cloneNode(true);
    copy.text = '(window.ran = window.ran || []).push("copy")';
    document.head.appendChild(copy);
    return copy.getAttribute('type');
  })).toBeNull();
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await ran(page)).toEqual(['inserted']);
});

// The browser runs a script of any JavaScript MIME type, its type trimmed and of any case
// (text/ecmascript, application/x-javascript, ' text/javascript '), or of a `language` naming
// one: such a script, moved, is started as any other and never held or run again.
const TYPED_BODY = [['ecmascript', 'type="text/ecmascript"'], ['x-javascript', 'type="application/x-javascript"'],
  ['padded', 'type=" TEXT/JavaScript "'], ['language', 'language="JavaScript1.5"']]
  .map(([name, attr]) => `<div class="box"><script id="dy" ${attr}>(window.ran = window.ran || []).push("${name}")</script></div>`).join('');

test('a declared script the browser ran with any JavaScript type is neither held nor run again when moved', async ({ page, serve }) => {
  await page.goto(serve('/dy-ran-types.html', shimPage({ manifest: DECLARED, body: TYPED_BODY })));
  const names = ['ecmascript', 'language', 'padded', 'x-javascript'];
  expect(await ran(page)).toEqual(names);
  expect(await page.evaluate(() => [...document.querySelectorAll('.box script')].map((s) => {
    document.body.appendChild(s);
    return s.hasAttribute('data-rtc-privacy-purpose');
  }))).toEqual([false, false, false, false]);
  expect(await injectedEntries(page)).toEqual([]);
  await page.evaluate(() => RtcPrivacyShim.current.consent.grant('diagnostics'));
  expect(await ran(page)).toEqual(names);
});
