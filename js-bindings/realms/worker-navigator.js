// A worker's navigator answers what the page's navigator answers: the page reads its own
// navigator through the getters installed in it (the device-info surface's, whose answers
// the engine decides), hands the values to the worker in its bootstrap config, and sends
// them again after every consent change. getHighEntropyValues is asked of the page.
import { each, globalProto, natives, protoOf, push, read } from '../natives.js';
import { BLOCKED } from '../surfaces/device-blocked.js';

const { apply, getOwnPropertyDescriptor, getPrototypeOf } = natives;
const hasOwn = Object.prototype.hasOwnProperty;

export const FIELDS = {
  navigator: ['userAgent', 'appVersion', 'platform', 'language', 'languages', 'hardwareConcurrency', 'deviceMemory'],
  userAgentData: ['brands', 'mobile', 'platform'],
  connection: ['effectiveType', 'rtt', 'downlink', 'downlinkMax', 'saveData', 'type'],
};

function getterOf(proto, name) {
  for (let p = proto; p; p = getPrototypeOf(p)) {
    if (apply(hasOwn, p, [name])) {
      const d = getOwnPropertyDescriptor(p, name);
      return d && d.get ? d : undefined;
    }
  }
  return undefined;
}

// What the page's navigator answers with every device item blocked, by group: a shared worker
// answers it until its first message brings the page's answers. (language and languages are
// not device items: the worker's own, as the page's. A blocked connection is not handed out.)
export const blockedAnswers = {
  navigator: { ...BLOCKED.navigator, hardwareConcurrency: BLOCKED.hardwareConcurrency, deviceMemory: BLOCKED.deviceMemory },
  userAgentData: BLOCKED.uaData,
};

// Page side. The getters are the ones `realm` has when this runs (after every surface).
// → { read() → { navigator, userAgentData?, connection? }, hints(list) → Promise }
export function navigatorAnswers(realm) {
  const navProto = protoOf(realm, 'Navigator');
  const groups = [
    ['navigator', navProto, null],
    ['userAgentData', protoOf(realm, 'NavigatorUAData'), getterOf(navProto, 'userAgentData')],
    ['connection', protoOf(realm, 'NetworkInformation'), getterOf(navProto, 'connection')],
  ];
  const getters = [];
  each(groups, (group) => {
    const found = [];
    each(FIELDS[group[0]], (name) => {
      const d = getterOf(group[1], name);
      if (d) push(found, [name, d]);
    });
    push(getters, { group: group[0], from: group[2], found });
  });
  const nav = realm.navigator;
  const hints = globalProto('NavigatorUAData', realm).getHighEntropyValues;
  const uaData = getterOf(navProto, 'userAgentData');
  // Objects without a prototype: a setter the page put on Object.prototype under a field's
  // name would take the value instead, and the worker would answer the browser's own.
  return {
    read() {
      const out = natives.create(null);
      each(getters, ({ group, from, found }) => {
        let target = nav;
        try {
          if (from) target = read(from, nav);
        } catch {
          target = null;
        }
        if (!target) return;
        const values = natives.create(null);
        // A field the page cannot read is left out: the worker then answers what the page's
        // getter would have thrown on, the browser's own value, which is no more than the
        // page itself is shown by the same getter when it works.
        each(found, (entry) => {
          try { values[entry[0]] = read(entry[1], target); } catch { /* left out */ }
        });
        out[group] = values;
      });
      return out;
    },
    hints(list) {
      return apply(hints, read(uaData, nav), [list]);
    },
  };
}

// Worker side (self-contained, runs in the bootstrap): the getters of WorkerNavigator,
// NavigatorUAData and NetworkInformation answer the page's values, after the native getter
// has had its say on the receiver (so a wrong receiver still throws as it would).
export function workerNavigator(kit, config, channel, w) {
  const { apply, has, keys, ownerOf } = w;
  const scope = self;
  const deepFreeze = (value) => {
    if (value !== null && typeof value === 'object') {
      const names = keys(value);
      for (let i = 0; i < names.length; i++) deepFreeze(value[names[i]]);
      w.freeze(value);
    }
    return value;
  };
  deepFreeze(config.answers);
  // A shared worker's bootstrap is made once and may start again long after (worker-boot.js),
  // with the answers of then: it answers as a blocked device until the page's answers come
  // (its first message), never the bootstrap's.
  let answers = config.shared ? deepFreeze(config.blocked) : config.answers;
  channel.onPush((push) => {
    if (has(push, 'answers') && push.answers) config.answers = answers = deepFreeze(push.answers);  // own: see workerChannel's sealed push
  });
  const protos = {
    navigator: scope.WorkerNavigator && scope.WorkerNavigator.prototype,
    userAgentData: scope.NavigatorUAData && scope.NavigatorUAData.prototype,
    connection: scope.NetworkInformation && scope.NetworkInformation.prototype,
  };
  // Every field, whatever the answers of the worker's start hold: a later answer may bring a
  // group (a connection) that was not handed out then. A group the page does not hand out reads
  // as nothing, its object too (navigator.connection); a field it could not read, as the browser's.
  const groups = keys(config.fields);
  for (let i = 0; i < groups.length; i++) {
    const group = groups[i];
    const names = config.fields[group];
    for (let j = 0; j < names.length; j++) {
      const name = names[j];
      kit.wrapGetter(ownerOf(protos[group], name), name, (original, me) => {
        const own = apply(original, me, []);
        // Own groups only: the worker's script may have put one on Object.prototype.
        const values = has(answers, group) ? answers[group] : undefined;
        return values && has(values, name) ? values[name] : values ? own : undefined;
      });
    }
  }
  kit.wrapGetter(ownerOf(protos.navigator, 'connection'), 'connection', (original, me) => {
    const own = apply(original, me, []);
    return has(answers, 'connection') && answers.connection ? own : undefined;
  });
  const uaData = protos.userAgentData;
  const navigatorUaData = ownerOf(protos.navigator, 'userAgentData');
  if (uaData && navigatorUaData && config.answers.userAgentData) {
    // A worker's navigator.userAgentData is a new object at each read (not the page's
    // [SameObject]): any NavigatorUAData is the worker's own. Any other receiver or argument:
    // the browser's own answer (and its own rejection).
    const mobile = w.getter(uaData, 'mobile');
    const ours = (me) => {
      try {
        apply(mobile, me, []);
        return true;
      } catch {
        return false;
      }
    };
    kit.wrapMethod(uaData, 'getHighEntropyValues', (original, me, args) => {
      const hints = args[0];
      if (!ours(me) || !w.isArray(hints)) return apply(original, me, args);
      const list = [];
      for (let i = 0; i < hints.length; i++) list[i] = w.toString(hints[i]);
      return new w.Promise((resolve, reject) => channel.ask('navigator.hints', list, resolve, reject));
    });
    kit.wrapMethod(uaData, 'toJSON', (original, me, args) => {
      const values = has(answers, 'userAgentData') ? answers.userAgentData : undefined;
      if (!ours(me) || !values) return apply(original, me, args);
      return { brands: values.brands, mobile: values.mobile, platform: values.platform };
    });
  }
}
