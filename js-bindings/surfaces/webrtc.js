// WebRTC local addresses (the engine decides: wasm/core/ice_guard.hpp, ice_filter.hpp). With
// privacy mode on (defaults.webrtc.hideLocalAddresses, the default) the page never sees one of
// this machine's local addresses:
// - ICE candidates: every RTCIceCandidate the page reads (icecandidate events,
//   RTCIceTransport.getLocalCandidates / getSelectedCandidatePair, …) shows a per-session
//   "<uuid>.local" name in place of a local address and 0.0.0.0 for a local related address;
//   an icecandidate event whose candidate the engine drops is not delivered;
// - SDP from createOffer / createAnswer and the six description getters: the same, and the
//   local addresses of c=, a=rtcp and o= lines;
// - only what the browser gathered gets the session's names. A remote description, a remote
//   candidate, a candidate the page built: the page may have written their addresses, and a
//   right guess at this machine's address must not come back under the name the page saw for
//   it, so their local addresses get a new name at each sight (the engine's page_text);
// - stats reports (of connections, senders and receivers): '' for a local address, as the
//   browser itself reports the candidates it hides behind mDNS.
// Names the page hands back (addIceCandidate, setRemoteDescription, setLocalDescription) become
// their addresses again before the browser sees them, so two peer connections of the page still
// connect; a candidate line with a local address that the page writes into a local description
// is left out (the browser would show it back as its own). defaults.webrtc.relayOnly forces
// iceTransportPolicy 'relay', which the page cannot turn off. The natives of each realm are read
// at install, before any script of that realm runs.
import { accessorOf, globalProto, hasBrand, isObject, natives, protoOf, push, randomHex, then, weakGet, weakHas, weakSet, withArgument } from '../natives.js';
import { wrapConstructor, wrapGetter, wrapMethod } from '../wrap.js';

const { apply, construct, create, defineProperty, getOwnPropertyDescriptor, getPrototypeOf, isArray } = natives;
const addEventListener = globalProto('EventTarget').addEventListener;
const stopImmediatePropagation = globalProto('Event').stopImmediatePropagation;
const iteratorSymbol = Symbol.iterator;

// The RTCIceCandidate attributes read from the candidate line.
const LINE_FIELDS = ['candidate', 'foundation', 'component', 'priority', 'address', 'protocol', 'port', 'type',
  'tcpType', 'relatedAddress', 'relatedPort', 'usernameFragment'];
const LOCAL_DESCRIPTIONS = ['localDescription', 'currentLocalDescription', 'pendingLocalDescription'];
const REMOTE_DESCRIPTIONS = ['remoteDescription', 'currentRemoteDescription', 'pendingRemoteDescription'];
const STATS_ADDRESS_FIELDS = ['address', 'ip', 'relatedAddress'];

// The engine's answers; an engine that fails answers the closed way (relay only, nothing shown).
// `gathered`: the text is the browser's own (its candidates, its local description), else the
// page may have written it.
function engineOf(core) {
  return {
    relayOnly() { try { return core.iceRelayOnly(); } catch { return true; } },
    candidate(line, gathered, record) { try { return core.iceCandidate(line, !gathered, record); } catch { return ''; } },
    sdp(sdp, gathered, record) { try { return core.iceSdp(sdp, !gathered, record); } catch { return null; } },
    address(address) { try { return core.iceAddress(address); } catch { return ''; } },
    // A failed restore leaves names the browser cannot resolve: a lost candidate, no leak.
    restore(text, localDescription) { try { return core.iceRestore(text, localDescription); } catch { return text; } },
  };
}

// The seed of the session's names. Without one (no crypto, or it throws) the engine drops
// local candidates instead, and the surface is still installed.
function seed(core) {
  let hex;
  try {
    hex = randomHex(8);
  } catch {
    return;
  }
  try { core.iceSeed(hex); } catch { /* unseeded: local candidates drop */ }
}

// RTCIceCandidate: what the page reads of a candidate comes from its "view", a candidate the
// browser built from the line the engine shows (the candidate itself when nothing changes, a
// blank one when the engine drops it). Views are made once per candidate, at its first sight:
// a candidate the browser gathered is seen first by the shim (the event listener, the
// RTCIceTransport wrappers); any other is the page's text.
function installCandidates(ice, realm) {
  const Candidate = realm.RTCIceCandidate;
  const proto = protoOf(realm, 'RTCIceCandidate');
  const line = accessorOf('RTCIceCandidate', 'candidate', realm);
  if (!line || !line.get) return undefined;
  const nativeGet = {};
  for (const name of ['sdpMid', 'sdpMLineIndex', 'usernameFragment']) {
    const desc = getOwnPropertyDescriptor(proto, name);
    nativeGet[name] = desc && desc.get;
  }
  const read = (name, candidate) => (nativeGet[name] ? apply(nativeGet[name], candidate, []) : null);
  const views = new natives.WeakMap();   // candidate → its view (a view is its own view)
  const blanks = new natives.WeakMap();  // views of dropped candidates

  function make(candidate, text) {
    const init = {
      candidate: text,
      sdpMid: read('sdpMid', candidate),
      sdpMLineIndex: read('sdpMLineIndex', candidate),
      usernameFragment: text ? read('usernameFragment', candidate) : null,
    };
    if (init.sdpMid === null && init.sdpMLineIndex === null) init.sdpMid = '';
    const made = construct(Candidate, [init]);
    weakSet(views, made, made);
    return made;
  }

  function view(candidate, gathered, record) {
    if (weakHas(views, candidate)) return weakGet(views, candidate);
    const text = apply(line.get, candidate, []);
    const shown = text === '' ? text : ice.candidate(text, gathered, record);
    let out = candidate;
    if (shown !== text) {
      try {
        out = shown === '' ? undefined : make(candidate, shown);
      } catch {
        out = undefined;
      }
      if (out === undefined) {
        out = make(candidate, '');
        weakSet(blanks, out, true);
      }
    }
    weakSet(views, candidate, out);
    return out;
  }

  const isCandidate = (self) => weakHas(views, self) || hasBrand(line, self);
  for (const name of LINE_FIELDS) {
    wrapGetter(proto, name, (original, self) => apply(original, isCandidate(self) ? view(self, false, false) : self, []));
  }
  wrapMethod(proto, 'toJSON', (original, self, args) => apply(original, isCandidate(self) ? view(self, false, false) : self, args));

  return {
    // Whether a gathered candidate (a browser-fired event's) is one the engine drops
    // (recorded: the first sight of it).
    dropped: (candidate) => weakHas(blanks, view(candidate, true, true)),
    // A candidate RTCIceTransport says this machine gathered.
    gathered(candidate) {
      if (hasBrand(line, candidate)) view(candidate, true, false);
    },
  };
}

// RTCIceTransport: its local candidates (and the local half of its selected pair) are ones the
// browser gathered; read as an own property, not through anything the page could define.
function installTransport(realm, candidates) {
  const proto = protoOf(realm, 'RTCIceTransport');
  const gathered = (holder, key) => {
    const own = isObject(holder) ? getOwnPropertyDescriptor(holder, key) : undefined;
    if (own) candidates.gathered(own.value);
  };
  wrapMethod(proto, 'getLocalCandidates', (native, self, args) => {
    const list = apply(native, self, args);
    if (isArray(list)) for (let i = 0; i < list.length; i++) gathered(list, i);
    return list;
  });
  wrapMethod(proto, 'getSelectedCandidatePair', (native, self, args) => {
    const pair = apply(native, self, args);
    gathered(pair, 'local');
    return pair;
  });
}

function installPeerConnection(ice, realm, candidates) {
  const Session = realm.RTCSessionDescription;
  const sdpOf = accessorOf('RTCSessionDescription', 'sdp', realm);
  const typeOf = accessorOf('RTCSessionDescription', 'type', realm);
  const eventCandidate = accessorOf('RTCPeerConnectionIceEvent', 'candidate', realm);
  if (!sdpOf || !typeOf || !eventCandidate || !eventCandidate.get || !addEventListener || !stopImmediatePropagation) return;

  // Registered by the constructor, so before any listener of the page; capture, so before the
  // page's capture listeners too. A dropped candidate's event reaches none of them. An event
  // the page dispatched itself carries a candidate of the page's (isTrusted is an own,
  // unforgeable property of every event: the page cannot redefine it).
  function onIceCandidate(event) {
    let candidate = null;
    try {
      candidate = apply(eventCandidate.get, event, []);
    } catch {
      return;  // not an RTCPeerConnectionIceEvent
    }
    if (event.isTrusted === true && isObject(candidate) && candidates.dropped(candidate)) {
      apply(stopImmediatePropagation, event, []);
    }
  }

  // The page's configuration with iceTransportPolicy 'relay' on top, when the engine says so;
  // every other member is read from the page's object as the browser would.
  function configured(args) {
    if (!ice.relayOnly()) return args;
    const config = args[0];
    if (config !== undefined && config !== null && !isObject(config)) return args;  // the browser's TypeError
    const forced = create(isObject(config) ? config : null);
    defineProperty(forced, 'iceTransportPolicy', { value: 'relay', writable: true, enumerable: true, configurable: true });
    const out = withArgument(args, 0, forced);
    if (args.length === 0) push(out, forced);
    return out;
  }

  const nativeDesc = getOwnPropertyDescriptor(realm, 'RTCPeerConnection');
  const wrapper = wrapConstructor(realm, 'RTCPeerConnection', (Native, args, newTarget) => {
    const pc = construct(Native, configured(args), newTarget);
    apply(addEventListener, pc, ['icecandidate', onIceCandidate, true]);
    return pc;
  });
  if (!wrapper) return;
  const alias = getOwnPropertyDescriptor(realm, 'webkitRTCPeerConnection');
  if (alias && alias.value === nativeDesc.value) defineProperty(realm, 'webkitRTCPeerConnection', { ...alias, value: wrapper });
  const proto = wrapper.prototype;

  wrapMethod(proto, 'setConfiguration', (native, self, args) => apply(native, self, configured(args)));

  // What the page sees of a browser-made description: a description of the same type with the
  // SDP the engine shows (null when it refuses), the same object while the SDP is unchanged.
  const shownDescriptions = new natives.WeakMap();
  function showDescription(desc, gathered, record) {
    const sdp = apply(sdpOf.get, desc, []);
    const cached = weakGet(shownDescriptions, desc);
    if (cached && cached.sdp === sdp) return cached.view;
    const shown = ice.sdp(sdp, gathered, record);
    const view = shown === null ? null : construct(Session, [{ type: apply(typeOf.get, desc, []), sdp: shown }]);
    weakSet(shownDescriptions, desc, { sdp, view });
    return view;
  }
  for (const [names, gathered] of [[LOCAL_DESCRIPTIONS, true], [REMOTE_DESCRIPTIONS, false]]) {
    for (const name of names) {
      wrapGetter(proto, name, (native, self) => {
        const desc = apply(native, self, []);
        return isObject(desc) ? showDescription(desc, gathered, false) : desc;
      });
    }
  }

  // createOffer / createAnswer resolve with a fresh plain { type, sdp } (legacy callbacks may
  // get an RTCSessionDescription).
  function showOffer(desc) {
    const refused = () => new natives.DOMException('The session description cannot be shown without local addresses', 'OperationError');
    if (hasBrand(sdpOf, desc)) {
      const view = showDescription(desc, true, true);
      if (view === null) throw refused();
      return view;
    }
    const own = isObject(desc) ? getOwnPropertyDescriptor(desc, 'sdp') : undefined;
    if (!own || typeof own.value !== 'string') return desc;
    const shown = ice.sdp(own.value, true, true);
    if (shown === null) throw refused();
    defineProperty(desc, 'sdp', { value: shown });
    return desc;
  }
  for (const name of ['createOffer', 'createAnswer']) {
    wrapMethod(proto, name, (native, self, args) => {
      const success = args[0];
      if (typeof success !== 'function') return then(apply(native, self, args), showOffer);
      const failure = args[1];
      return apply(native, self, withArgument(args, 0, (desc) => {
        let shown;
        try {
          shown = showOffer(desc);
        } catch (error) {
          if (typeof failure === 'function') apply(failure, undefined, [error]);
          return;
        }
        apply(success, undefined, [shown]);
      }));
    });
  }

  // What the page hands the browser: read once, names turned back into addresses.
  const text = (value, localDescription) => (value === undefined ? undefined : ice.restore(natives.String(value), localDescription));
  function handBack(native, self, args, describe) {
    if (!isObject(args[0])) return apply(native, self, args);
    let init;
    try {
      init = describe(args[0]);
    } catch (error) {
      return natives.promiseReject(error);
    }
    return apply(native, self, withArgument(args, 0, init));
  }
  wrapMethod(proto, 'addIceCandidate', (native, self, args) => handBack(native, self, args, (c) => ({
    candidate: text(c.candidate, false), sdpMid: c.sdpMid, sdpMLineIndex: c.sdpMLineIndex, usernameFragment: c.usernameFragment,
  })));
  for (const name of ['setLocalDescription', 'setRemoteDescription']) {
    const localDescription = name === 'setLocalDescription';
    wrapMethod(proto, name, (native, self, args) => handBack(native, self, args, (d) => ({ type: d.type, sdp: text(d.sdp, localDescription) })));
  }
}

// RTCStatsReport: its entries are fresh plain objects on every read (get, forEach, iterators),
// so each is rewritten on its way out.
function installStats(ice, realm) {
  const proto = protoOf(realm, 'RTCStatsReport');
  if (!proto) return;
  const scrub = (stats) => {
    if (!isObject(stats)) return;
    for (let i = 0; i < STATS_ADDRESS_FIELDS.length; i++) {
      const own = getOwnPropertyDescriptor(stats, STATS_ADDRESS_FIELDS[i]);
      if (own && typeof own.value === 'string' && own.value !== '') {
        defineProperty(stats, STATS_ADDRESS_FIELDS[i], { value: ice.address(own.value) });
      }
    }
  };
  wrapMethod(proto, 'get', (native, self, args) => {
    const stats = apply(native, self, args);
    scrub(stats);
    return stats;
  });
  wrapMethod(proto, 'forEach', (native, self, args) => {
    const fn = args[0];
    if (typeof fn !== 'function') return apply(native, self, args);
    const thisArg = args[1];
    return apply(native, self, [(value, key, report) => {
      scrub(value);
      return apply(fn, thisArg, [value, key, report]);
    }]);
  });
  // The iterators share one prototype, reachable only from a report: its next is wrapped when
  // the first iterator is made, before the page holds one.
  let nextWrapped = false;
  const watched = (iterator) => {
    if (!nextWrapped && isObject(iterator)) {
      nextWrapped = true;
      wrapMethod(getPrototypeOf(iterator), 'next', (native, self, args) => {
        const step = apply(native, self, args);
        const value = isObject(step) ? step.value : undefined;
        scrub(isArray(value) ? value[1] : value);
        return step;
      });
    }
    return iterator;
  };
  const entries = proto.entries;
  for (const name of ['entries', 'keys', 'values']) wrapMethod(proto, name, (native, self, args) => watched(apply(native, self, args)));
  const iterator = getOwnPropertyDescriptor(proto, iteratorSymbol);
  if (iterator && iterator.value === entries) defineProperty(proto, iteratorSymbol, { ...iterator, value: proto.entries });
}

// icecandidateerror: the local address the failed STUN/TURN request went out from.
function installErrorEvent(ice, realm) {
  const proto = protoOf(realm, 'RTCPeerConnectionIceErrorEvent');
  if (!proto) return;
  const address = wrapGetter(proto, 'address', (native, self) => {
    const value = apply(native, self, []);
    if (typeof value !== 'string' || value === '') return value;
    const shown = ice.address(value);
    return shown === '' ? null : shown;
  });
  // "address:port": shown only with an address the engine shows.
  if (address) {
    wrapGetter(proto, 'hostCandidate', (native, self) => {
      const value = apply(native, self, []);
      if (typeof value !== 'string' || value === '') return value;
      const host = apply(address, self, []);
      return typeof host === 'string' && host !== '' && ice.address(host) === host ? value : '';
    });
  }
}

export function installWebRtc(ctx, realm) {
  if (typeof realm.RTCPeerConnection !== 'function') return;
  const ice = engineOf(ctx.core);
  seed(ctx.core);
  const candidates = installCandidates(ice, realm);
  if (candidates) {
    installPeerConnection(ice, realm, candidates);
    installTransport(realm, candidates);
  }
  installStats(ice, realm);
  installErrorEvent(ice, realm);
}
