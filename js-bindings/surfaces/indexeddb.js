// Cookie-free mode for IndexedDB (the engine decides: Engine::decide_storage, area
// "indexedDB", key = the database name). A database an SDK declares in the manifest, or one
// whose name looks like an identifier, is opened under a per-session name instead: the page
// reads and writes it as usual for as long as it stays, and the next page load deletes it
// (with any copy from before the shim under the real name). The page sees its own names
// everywhere (IDBDatabase.name, indexedDB.databases()); the app's other databases are untouched.
//
// Browsers give no memory-only database to a page, so the session copy is on disk until the
// next load of the origin deletes it (README: cookie-free mode).
import { accessorOf, domString, each, globalProto, mapHolds, mapPut, mapValue, natives, protoOf, push, randomHex, then, withArgument } from '../natives.js';
import { wrapGetter, wrapMethod } from '../wrap.js';

const { apply, setAdd, setHas, stringSlice, stringIndexOf } = natives;
const g = natives.global;
const { open: factoryOpen, deleteDatabase: factoryDelete, databases: factoryDatabases } = globalProto('IDBFactory');
const databaseName = accessorOf('IDBDatabase', 'name');
const stringStartsWith = String.prototype.startsWith;
const arrayFilter = Array.prototype.filter;
const arrayMap = Array.prototype.map;
const SESSION_PREFIX = 'rtc-privacy-shim:session:';

// One per page load: names under it belong to this page; any other token's are leftovers.
// Only tells this load's copies from leftovers (the page sees its own names, never the token),
// so a clock reading will do where the page has broken getRandomValues.
function tokenOrClock() {
  try {
    if (natives.crypto && natives.getRandomValues) return randomHex(12);
  } catch { /* a getRandomValues that throws: the clock below */ }
  return `${natives.dateNow()}`;
}
const token = tokenOrClock();

// Another tab of the origin may be using its own session copies: they are leftovers only
// when no live page holds their token's Web Lock. A page takes its lock when it first opens a
// copy and keeps it until it unloads. (Web Locks exist in secure contexts, where every RTC
// page is: getUserMedia needs one. Elsewhere every other token's copies are deleted.)
const locks = natives.navigator && natives.navigator.locks;
const LockManagerProto = protoOf(g, 'LockManager');
const lockRequest = LockManagerProto && LockManagerProto.request;
const lockQuery = LockManagerProto && LockManagerProto.query;
const lockName = (t) => `${SESSION_PREFIX}${t}`;
let locked = false;
function holdLock() {
  if (locked || !locks || !lockRequest) return;
  locked = true;
  try {
    // Never settles: the lock is the page's until it goes.
    apply(lockRequest, locks, [lockName(token), () => new natives.Promise(() => {})]);
  } catch { /* no lock: this page's copies may be taken for leftovers by another tab */ }
}
// → the tokens whose lock a live page holds (a promise), or null without Web Locks.
function liveTokens() {
  if (!locks || !lockQuery) return null;
  return then(apply(lockQuery, locks, []), (state) => {
    const live = new natives.Set();
    const held = state && state.held;
    for (let i = 0; held && i < held.length; i++) {
      const name = held[i] && held[i].name;
      if (isSessionName(name)) apply(setAdd, live, [apply(stringSlice, name, [SESSION_PREFIX.length])]);
    }
    return live;
  });
}
const tokenOf = (name) => {
  const rest = apply(stringSlice, name, [SESSION_PREFIX.length]);
  const end = apply(stringIndexOf, rest, [':']);
  return end < 0 ? rest : apply(stringSlice, rest, [0, end]);
};
const ours = `${SESSION_PREFIX}${token}:`;
const isSessionName = (name) => typeof name === 'string' && apply(stringStartsWith, name, [SESSION_PREFIX]);
// This load's copies are numbered, not named after the page's databases: a name can itself be
// an id (ZIM's ZIMSDKGLOBAL<appid><userID>), and the copy lies on disk until the next load.
// The page's names live in these maps, for this page only (its frames share them).
const copyOf = new natives.Map();    // the page's name → its copy's name
const pageNameOf = new natives.Map(); // a copy's name → the page's name
let copies = 0;
function copyName(name) {
  if (!mapHolds(copyOf, name)) {
    const copy = `${ours}${copies++}`;
    mapPut(copyOf, name, copy);
    mapPut(pageNameOf, copy, name);
  }
  return mapValue(copyOf, name);
}
const pageName = (name) => (mapHolds(pageNameOf, name) ? mapValue(pageNameOf, name) : name);

const addListener = globalProto('EventTarget').addEventListener;
let pageFactory = null;

// "Forget me": every session copy of the origin goes, this page's too. A copy the page still
// holds open is deleted once its connections close (they get a versionchange event), else at
// the next load. → a Promise that settles when each deletion succeeded, failed or is blocked.
export function forgetSessionCopies() {
  return new natives.Promise((resolve) => {
    if (!pageFactory || !factoryDatabases) return resolve();
    let waiting = 1;
    const settle = () => { if (--waiting === 0) resolve(); };
    try {
      then(apply(factoryDatabases, pageFactory, []), (list) => {
        for (let i = 0; i < list.length; i++) {
          if (!isSessionName(list[i] && list[i].name)) continue;
          waiting++;
          const request = apply(factoryDelete, pageFactory, [list[i].name]);
          let counted = false;  // blocked, then success: once
          const done = () => { if (!counted) { counted = true; settle(); } };
          each(['success', 'error', 'blocked'], (type) => apply(addListener, request, [type, done]));
        }
        settle();
      }, settle);
    } catch { settle(); }
  });
}

export function installIndexedDb(ctx, realm) {
  const proto = protoOf(realm, 'IDBFactory');
  if (!proto || !factoryOpen) return;
  const { core } = ctx;
  // Database names this page holds in its session copy (decided once per name).
  const held = new natives.Map();
  const holds = (name) => {
    if (!mapHolds(held, name)) mapPut(held, name, !!core.decideStorage('indexedDB', name, ''));
    return mapValue(held, name);
  };
  const factory = realm.indexedDB;

  // Leftovers of earlier page loads go first (once, from the page's own realm: frames share
  // its origin): the copies of tokens no live page holds the lock of. A failure to list or to
  // ask leaves them for a later load.
  if (factoryDatabases && factory && realm === natives.global) {
    pageFactory = factory;
    try {
      then(apply(factoryDatabases, factory, []), (list) => {
        const leftovers = [];
        for (let i = 0; i < list.length; i++) {
          const name = list[i] && list[i].name;
          if (isSessionName(name) && !apply(stringStartsWith, name, [ours])) push(leftovers, name);
        }
        if (leftovers.length === 0) return;
        const remove = (live) => {
          for (let i = 0; i < leftovers.length; i++) {
            if (!live || !apply(setHas, live, [tokenOf(leftovers[i])])) apply(factoryDelete, factory, [leftovers[i]]);
          }
        };
        const live = liveTokens();
        if (live) then(live, remove, () => {});
        else remove(null);
      }, () => {});
    } catch { /* an opaque origin has no IndexedDB: nothing to clean */ }
  }

  wrapMethod(proto, 'open', (original, self, args) => {
    if (args.length < 1) return apply(original, self, args);
    // Converted once: the browser gets this string, not the object again.
    const name = domString(args[0]);
    if (!holds(name)) return apply(original, self, withArgument(args, 0, name));
    // This page now has a copy other tabs must leave alone.
    holdLock();
    // The copy an earlier visit left under the real name never reaches the page.
    apply(factoryDelete, self, [name]);
    return apply(original, self, withArgument(args, 0, copyName(name)));
  });
  wrapMethod(proto, 'deleteDatabase', (original, self, args) => {
    if (args.length < 1) return apply(original, self, args);
    const name = domString(args[0]);
    if (!holds(name)) return apply(original, self, [name]);
    apply(factoryDelete, self, [name]);
    return apply(original, self, [copyName(name)]);
  });
  wrapMethod(proto, 'databases', (original, self, args) => then(apply(original, self, args), (list) => {
    const visible = apply(arrayFilter, list, [(info) => !isSessionName(info && info.name) || apply(stringStartsWith, info.name, [ours])]);
    return apply(arrayMap, visible, [(info) => ({ name: pageName(info.name), version: info.version })]);
  }));
  if (databaseName) wrapGetter(protoOf(realm, 'IDBDatabase'), 'name', (original, self) => pageName(apply(original, self, [])));
}
