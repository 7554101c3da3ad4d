// Dedicated and shared workers the page creates (blob: and same-origin URLs, classic and
// module): Worker and SharedWorker build each one from the bootstrap (worker-boot.js), which
// guards the worker before its script runs, and answer the worker's questions with the
// page's engine. Why not the shim itself in the worker: a second engine would hold its own
// consent and ledger, and the ESM build has no script URL a worker could load; a worker has
// no engine, it asks. Features add what their worker side needs with extendWorkers().
import { accessorOf, each, globalProto, natives, push, read, then, weakGet, weakSet } from '../natives.js';
import { wrapConstructor } from '../wrap.js';
import { documentOf } from './access.js';
import { bootSource, createSpawner, source } from './worker-boot.js';
import { workerScope } from './worker-scope.js';
import { blockedAnswers, FIELDS, navigatorAnswers, workerNavigator } from './worker-navigator.js';

const { apply } = natives;
const g = natives.global;
const baseURI = accessorOf('Node', 'baseURI');
const addListener = globalProto('EventTarget').addEventListener;
const eventData = accessorOf('MessageEvent', 'data');
const { postMessage: portPost, start: portStart } = globalProto('MessagePort');
const WeakRefCtor = g.WeakRef;
const { deref } = globalProto('WeakRef');
// Created before any page script, like every native the shim calls.
const spawnWorker = createSpawner();

// ctx → { services, statements, config, ports, boot }
const states = new natives.WeakMap();

function stateOf(ctx) {
  let state = weakGet(states, ctx);
  if (state) return state;
  state = {
    services: natives.create(null),
    statements: [`  (${source(workerNavigator)})(kit, config, channel, w);`],
    config: {},
    sealed: natives.create(null),  // sent in each worker's first message, never in its source
    live: natives.create(null),  // name → fn() → its value now: in the config, and pushed after a consent change
    ports: [],  // { port (a WeakRef where there are), answers }: told the new answers after a consent change
    boot: undefined,  // the bootstrap's source, made at the first worker
    pushing: false,  // the consent-change hook is registered (pushOnChange)
  };
  weakSet(states, ctx, state);
  return state;
}

// After each consent change, the workers are told the new answers. Registered by the first
// realm guard, i.e. after every surface's and feature's own change hook (the caches the
// answers are read from are dropped first), whichever feature called extendWorkers first.
// A terminated worker's port goes with it; the list keeps the living.
function pushOnChange(ctx, state) {
  if (state.pushing) return;
  state.pushing = true;
  ctx.onChange(() => {
    const living = [];
    each(state.ports, (entry) => {
      const port = deref ? apply(deref, entry.port, []) : entry.port;
      if (!port) return;
      push(living, entry);
      post(port, { push: natives.assign({ answers: entry.answers.read() }, readLive(state)) });
    });
    state.ports = living;
  });
}

function readLive(state) {
  const out = natives.create(null);
  each(natives.keys(state.live), (name) => { out[name] = state.live[name](); });
  return out;
}

function post(port, message) {
  try {
    apply(portPost, port, [message]);
  } catch {
    // An answer that cannot be cloned is an error to the worker, which then fails closed.
    try {
      apply(portPost, port, [{ id: message.id, ok: false, error: 'the answer could not be sent to the worker' }]);
    } catch { /* the worker gets no answer: it sends nothing */ }
  }
}

// What a feature's worker side needs: `services` (op → fn(args) → the answer, at once; asked
// by the worker with channel.ask), `statement` (bootstrap source, run with kit, config, channel
// and w in scope, before the worker's script), `config` (plain data merged into the
// bootstrap's config), `sealed` (plain data the worker's script must not read: pushed in the
// worker's first message, not written into its bootstrap), `live` (name → fn() → plain data:
// in the config too, read again at each worker and pushed to the workers after each consent
// change). Registered before the first worker is created.
export function extendWorkers(ctx, { services = {}, statement, config = {}, sealed = {}, live = {} }) {
  const state = stateOf(ctx);
  natives.assign(state.services, services);
  natives.assign(state.config, config);
  natives.assign(state.sealed, sealed);
  natives.assign(state.live, live);
  if (statement) push(state.statements, statement);
}

// Answers one worker's questions. The worker's messages are its script's doing as much as
// the shim's: only the registered services answer, with the engine deciding.
function serve(state, port, answers) {
  push(state.ports, { port: deref ? new WeakRefCtor(port) : port, answers });
  apply(addListener, port, ['message', (event) => {
    const data = read(eventData, event);
    if (data === null || typeof data !== 'object') return;
    const id = data.id;
    const op = data.op;
    const service = op === 'navigator.hints' ? answers.hints
      : typeof op === 'string' && apply(natives.objectHasOwn, state.services, [op]) ? state.services[op] : undefined;
    const fail = (error) => post(port, { id, ok: false, error });
    const reply = (value) => post(port, { id, ok: true, value });
    if (!service) return fail(`unknown request ${natives.String(op)}`);
    try {
      // A service's answer is posted as it is: a promise resolved with it would ask the
      // answer for its `then`, and a page that defines Object.prototype.then would answer in
      // the engine's place. Only the browser's own promise (hints) is waited for.
      if (service === answers.hints) then(service(data.args), reply, fail);
      else reply(service(data.args));
    } catch (error) {
      fail(error);
    }
    return undefined;
  }]);
  apply(portStart, port, []);
}

export function installWorkers(ctx, realm) {
  const state = stateOf(ctx);
  pushOnChange(ctx, state);
  const answers = navigatorAnswers(realm);
  const origin = realm.location && realm.location.origin;
  const base = () => read(baseURI, documentOf(realm));
  const spawn = (original, args, newTarget, shared) => {
    if (!state.boot) state.boot = bootSource(state.statements, source(workerScope));
    return spawnWorker(original, args, newTarget, {
      boot: state.boot,
      shared,
      base,
      origin,
      config: (url, module) => ({ ...state.config, ...readLive(state), url, module, shared, origin, answers: answers.read(), blocked: blockedAnswers, fields: FIELDS, pageMade: true }),
      // The live values and the answers again: a shared worker's bootstrap is made once and
      // may boot again much later, with what was current when it was made.
      sealed: () => natives.assign(natives.create(null), state.sealed, readLive(state), { answers: answers.read() }),
      connect: (port) => serve(state, port, answers),
    });
  };
  wrapConstructor(realm, 'Worker', (original, args, newTarget) => spawn(original, args, newTarget, false));
  wrapConstructor(realm, 'SharedWorker', (original, args, newTarget) => spawn(original, args, newTarget, true));
}
