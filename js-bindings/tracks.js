// Which live tracks were obtained under which purpose, so that withdrawing consent or
// leaving a scope stops them at once. The engine decides; this only remembers and stops.
import { each, mapPut, mapValue, natives, push, read, weakGet, weakSet } from './natives.js';

const { apply, setAdd, setDelete, setForEach } = natives;

// No iterators: a revoke comes after page scripts have run, and they can replace the Set
// and array iterators (a track a loop skipped would stay live).
function snapshot(set) {
  const out = [];
  apply(setForEach, set, [(track) => push(out, track)]);
  return out;
}

export function isLive(track) {
  return read(natives.trackReadyState, track) === 'live';
}

// Stops a track the way the browser does when a device goes away: readyState becomes
// 'ended' and an `ended` event fires (track.stop() alone fires no event).
export function endTrack(track) {
  if (!isLive(track)) return false;
  apply(natives.trackStop, track, []);
  apply(natives.eventTargetDispatch, track, [new natives.Event('ended')]);
  return true;
}

export function createTrackRegistry() {
  const byPurpose = new natives.Map();   // purpose → Set<track>
  const owner = new natives.WeakMap();   // track → { surface, purpose }
  const revocations = new natives.Map(); // purpose → count, to catch a revoke mid-request

  function setFor(purpose) {
    let set = mapValue(byPurpose, purpose);
    if (!set) { set = new natives.Set(); mapPut(byPurpose, purpose, set); }
    return set;
  }

  return {
    add(track, surface, purpose) {
      weakSet(owner, track, { surface, purpose });
      const set = setFor(purpose);
      each(snapshot(set), (t) => { if (!isLive(t)) apply(setDelete, set, [t]); });
      apply(setAdd, set, [track]);
    },
    ownerOf(track) {
      return weakGet(owner, track);
    },
    // Ends every live track of the purpose; returns [{ track, surface }] of those ended.
    endPurpose(purpose) {
      const set = setFor(purpose);
      const ended = [];
      each(snapshot(set), (track) => {
        apply(setDelete, set, [track]);
        if (endTrack(track)) push(ended, { track, ...weakGet(owner, track) });
      });
      return ended;
    },
    revocationCount(purpose) {
      return mapValue(revocations, purpose) || 0;
    },
    noteRevocation(purpose) {
      mapPut(revocations, purpose, (mapValue(revocations, purpose) || 0) + 1);
    },
  };
}
