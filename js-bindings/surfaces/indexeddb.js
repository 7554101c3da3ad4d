// Cookie-free mode for IndexedDB (the engine decides: Engine::decide_storage, area
// "indexedDB", key = the database name). A database an SDK declares in the manifest, or one
// whose name looks like an identifier, is opened under a per-session name instead: the page
// reads and writes it as usual for as long as it stays, and the next page load deletes it
// (with any copy from before the shim under the real name). The page sees its own names
// everywhere (IDBDatabase.name, indexedDB.databases()); the app's other databases are untouched.
// The page's workers (workerIndexedDb) ask the page for each name: a page and its workers
// opening one name share one database, as they would without the shim.
//
// Browsers give no memory-only database to a page, so the session copy is on disk until the
// next load of the origin deletes it (README: cookie-free mode).
import { accessorOf, copy, domString, each, globalProto, mapHolds, mapPut, mapValue, natives, protoOf, push, randomHex, then, weakGet, weakSet, withArgument } from '../natives.js';
import { source } from '../realms/worker-boot.js';
import { extendWorkers } from '../realms/workers.js';
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
// What indexedDB.databases() shows of the browser's `list`: this load's copies under the
// page's names, no other load's copies.
const pageView = (list) => apply(arrayMap, apply(arrayFilter, list, [(info) => !isSessionName(info && info.name) || apply(stringStartsWith, info.name, [ours])]),
  [(info) => ({ name: pageName(info.name), version: info.version })]);

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

// ctx → holds(name): whether the page holds a database name in its session copy, decided by
// the engine once per name for the page, its frames and its workers (a name decided again
// under other consent could land a worker in another database than the page's).
const deciders = new natives.WeakMap();
function decider(ctx) {
  let holds = weakGet(deciders, ctx);
  if (holds) return holds;
  const held = new natives.Map();
  // The names decided as the app's own (kept as they are), for the workers the page starts
  // later: they open those at once, without a stand-in. Held names are still asked for, so the
  // page takes its Web Lock before a worker writes to the copy. (At most 64: a seed, not a copy
  // of every name.)
  const own = [];
  holds = (name) => {
    if (!mapHolds(held, name)) {
      mapPut(held, name, !!ctx.core.decideStorage('indexedDB', name, ''));
      if (!mapValue(held, name) && own.length < 64) push(own, name);
    }
    return mapValue(held, name);
  };
  weakSet(deciders, ctx, holds);
  extendWorkers(ctx, {
    services: {
      // A worker's name → the name it opens instead (its copy's, the page's own copy), or null.
      'idb.name': (name) => {
        name = domString(name);
        if (!holds(name)) return null;
        holdLock();
        return copyName(name);
      },
      'idb.databases': pageView,
    },
    live: { idbOwnNames: () => copy(own) },
    statement: `  (${source(workerIndexedDb)})(kit, config, channel, w);`,
  });
  return holds;
}

export function installIndexedDb(ctx, realm) {
  const proto = protoOf(realm, 'IDBFactory');
  if (!proto || !factoryOpen) return;
  const holds = decider(ctx);
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
  wrapMethod(proto, 'databases', (original, self, args) => then(apply(original, self, args), pageView));
  if (databaseName) wrapGetter(protoOf(realm, 'IDBDatabase'), 'name', (original, self) => pageName(apply(original, self, [])));
}

// Worker side (self-contained: its source runs in the worker bootstrap, before the worker's
// script). A worker has no engine: indexedDB.open(name) and deleteDatabase(name) ask the page
// which name to use ('idb.name': the page's copy of a name it holds, so a page and its workers
// share one database, or the name itself), once per name. Until the answer comes the script
// gets a stand-in IDBOpenDBRequest at once, which relays the events of the real request made
// when the answer comes (upgradeneeded inside the real one's dispatch, so its versionchange
// transaction is still active, and aborted when a listener throws, as the browser does);
// requests for one name are made in the order they were asked. A name decided before gets
// the browser's own request; so does, in a dedicated worker the page made, a name the page
// had decided as the app's own before it made the worker (config.idbOwnNames). A shared
// worker asks, and so does a worker another worker made: their config may come from an
// earlier page load (a shared worker started again), whose "own" name this load may hold.
// Fails closed: nothing is opened before the page answers (a shared worker started again
// waits for its first message), and a request the page could not answer fails with an
// UnknownError, as the browser's does when it cannot open a database.
export function workerIndexedDb(kit, config, channel, w) {
  const scope = self;
  const OpenRequest = scope.IDBOpenDBRequest;
  let factory;
  try {
    factory = scope.indexedDB;
  } catch { /* an opaque origin: no IndexedDB to guard */ }
  if (typeof OpenRequest !== 'function' || !factory) return;
  const { apply, getter } = w;
  const proto = scope.IDBFactory.prototype;
  const openProto = OpenRequest.prototype;
  const requestProto = w.getPrototypeOf(openProto);
  const nativeDelete = proto.deleteDatabase;
  const transactionOf = getter(requestProto, 'transaction');
  const abort = scope.IDBTransaction.prototype.abort;
  const EventTargetCtor = EventTarget;
  const { addEventListener: addListener, dispatchEvent: dispatch } = EventTargetCtor.prototype;
  const EventCtor = Event;
  const ChangeEvent = scope.IDBVersionChangeEvent;
  const oldVersion = getter(ChangeEvent.prototype, 'oldVersion');
  const newVersion = getter(ChangeEvent.prototype, 'newVersion');
  const DOMExceptionCtor = DOMException;
  const promiseThen = Promise.prototype.then;
  const MapCtor = Map;
  const { get: mapGet, set: mapSet, has: mapHas, delete: mapDelete } = MapCtor.prototype;
  const { get: weakGet, set: weakSet } = WeakMap.prototype;
  const decided = new MapCtor();  // name → its copy's name, or null: the name itself (the page's answers)
  const fresh = config.pageMade === true && config.shared !== true;
  const ownNames = fresh && w.isArray(config.idbOwnNames) ? config.idbOwnNames : [];
  for (let i = 0; i < ownNames.length; i++) if (typeof ownNames[i] === 'string') apply(mapSet, decided, [ownNames[i], null]);
  const pageNames = new MapCtor();  // a copy's name → the page's name
  const waiting = new MapCtor();  // name → what waits for the page's answer, in order
  const standIns = new WeakMap();  // stand-in → { real, done, error }
  const fieldsOf = (request) => apply(weakGet, standIns, [request]);
  // [owner, handler, its event type]
  const HANDLERS = [[requestProto, 'onsuccess', 'success'], [requestProto, 'onerror', 'error'],
    [openProto, 'onblocked', 'blocked'], [openProto, 'onupgradeneeded', 'upgradeneeded']];
  const unanswered = () => new DOMExceptionCtor('The page did not answer for this database.', 'UnknownError');
  // A listener that throws is reported at once, as an error event on the worker (first seen here).
  let threw = false;
  apply(addListener, scope, ['error', () => { threw = true; }, true]);

  // The name the browser gets for `name`, decided: a copy's, once the real name's earlier copy is deleted.
  const target = (me, name) => {
    const copy = apply(mapGet, decided, [name]);
    if (copy === null) return name;
    apply(nativeDelete, me, [name]);
    return copy;
  };
  // The events of `real` told as the stand-in's own, each inside the real one's dispatch.
  const relay = (standIn, f, real) => {
    f.real = real;
    for (let i = 0; i < HANDLERS.length; i++) {
      const type = HANDLERS[i][2];
      apply(addListener, real, [type, (event) => {
        let copy;
        try {  // upgradeneeded, blocked, a deletion's success: with their versions
          copy = new ChangeEvent(type, { oldVersion: apply(oldVersion, event, []), newVersion: apply(newVersion, event, []) });
        } catch {
          copy = new EventCtor(type, { bubbles: type === 'error', cancelable: type === 'error' });
        }
        threw = false;
        apply(dispatch, standIn, [copy]);
        if (threw && type === 'upgradeneeded') {
          try {
            apply(abort, apply(transactionOf, real, []), []);
          } catch { /* aborted already by the listener */ }
        }
      }]);
    }
  };
  const fail = (standIn, f, error) => {
    f.done = true;
    f.error = error;
    apply(dispatch, standIn, [new EventCtor('error', { bubbles: true, cancelable: true })]);
  };
  // → the request `start(name the browser gets)` makes, once the page has decided `name`.
  function request(me, name, start) {
    if (apply(mapHas, decided, [name])) return start(target(me, name));
    const standIn = w.construct(EventTargetCtor, [], OpenRequest);
    const f = { __proto__: null, real: null, done: false, error: null };
    apply(weakSet, standIns, [standIn, f]);
    let queue = apply(mapGet, waiting, [name]);
    if (!queue) {
      apply(mapSet, waiting, [name, queue = []]);
      const answered = (answer) => {
        apply(mapDelete, waiting, [name]);
        const ok = answer === null || typeof answer === 'string';
        if (ok) apply(mapSet, decided, [name, answer]);
        if (typeof answer === 'string') apply(mapSet, pageNames, [answer, name]);
        for (let i = 0; i < queue.length; i++) queue[i](ok);
      };
      channel.ask('idb.name', name, answered, () => answered(undefined));
    }
    w.push(queue, (ok) => {
      try {
        if (!ok) throw unanswered();
        relay(standIn, f, start(target(me, name)));
      } catch (error) {
        fail(standIn, f, error);
      }
    });
    return standIn;
  }

  kit.wrapMethod(proto, 'open', (original, me, args) => {
    if (args.length < 1 || me !== factory) return apply(original, me, args);
    // Converted once, in the browser's order; what it refuses it refuses here, at once.
    const name = `${args[0]}`;
    let version = args[1];
    const versioned = version !== undefined;
    if (versioned) {
      try {
        version = +version;
      } catch (error) {
        // A Symbol or a BigInt: the browser's own TypeError, from a conversion that runs no
        // code. An object's valueOf threw: what it threw (converted again, it might not, and
        // the real name would be opened).
        if (typeof version === 'object' || typeof version === 'function') throw error;
        return apply(original, me, [name, version]);
      }
      const whole = version - (version % 1);
      if (!(whole >= 1 && whole <= 9007199254740991)) return apply(original, me, [name, version]);  // the browser's TypeError
    }
    return request(me, name, (given) => apply(original, me, versioned ? [given, version] : [given]));
  });
  kit.wrapMethod(proto, 'deleteDatabase', (original, me, args) => (args.length < 1 || me !== factory ? apply(original, me, args)
    : request(me, `${args[0]}`, (given) => apply(original, me, [given]))));
  // The browser's list as the page shows its own (pageView): copies under the page's names.
  kit.wrapMethod(proto, 'databases', (original, me, args) => {
    const listed = apply(original, me, args);
    return new w.Promise((resolve, reject) => apply(promiseThen, listed, [(list) => channel.ask('idb.databases', list, resolve,
      () => reject(unanswered())), reject]));
  });
  kit.wrapGetter(scope.IDBDatabase.prototype, 'name', (original, me) => {
    const own = apply(original, me, []);
    return apply(mapHas, pageNames, [own]) ? apply(mapGet, pageNames, [own]) : own;
  });

  // A stand-in answers for itself until its real request exists, then the real one answers.
  const STATE = ['result', 'error', 'source', 'transaction', 'readyState'];
  for (let i = 0; i < STATE.length; i++) {
    const name = STATE[i];
    kit.wrapGetter(requestProto, name, (original, me) => {
      const f = fieldsOf(me);
      if (!f) return apply(original, me, []);
      if (f.real) return apply(original, f.real, []);
      if (name === 'readyState') return f.done ? 'done' : 'pending';
      if (name === 'source' || name === 'transaction') return null;
      if (!f.done) throw new DOMExceptionCtor(`Failed to read the '${name}' property from 'IDBRequest': The request has not finished.`, 'InvalidStateError');
      return name === 'error' ? f.error : undefined;
    });
  }
  const isStandIn = (request) => !!fieldsOf(request);
  for (let i = 0; i < HANDLERS.length; i++) w.handler(HANDLERS[i][0], HANDLERS[i][1], isStandIn);
}
