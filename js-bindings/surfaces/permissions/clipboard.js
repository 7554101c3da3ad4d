// navigator.clipboard.read / readText: what the user copied leaves the clipboard only with
// consent and during a user gesture. The page's state of activation is read here with the
// captured getters and handed to the engine, which applies the rule. Writes are not gated:
// they put the page's data on the clipboard, nothing of the user's leaves.
import { natives, protoOf } from '../../natives.js';
import { wrapMethod } from '../../wrap.js';
import { getterOf } from './realm.js';

const { apply } = natives;

// Chrome's message when a clipboard read is refused.
const READ_DENIED = 'Read permission denied.';

export function installClipboard(ctx, realm, tools) {
  const proto = protoOf(realm, 'Clipboard');
  if (!proto) return;
  // navigator.userActivation is the same object for the realm's whole life.
  const userActivationOf = getterOf(protoOf(realm, 'Navigator'), 'userActivation');
  const isActiveOf = getterOf(protoOf(realm, 'UserActivation'), 'isActive');
  let userActivation;
  try {
    userActivation = userActivationOf && realm.navigator ? apply(userActivationOf, realm.navigator, []) : undefined;
  } catch {
    userActivation = undefined;
  }
  // Without the API there is no telling a gesture apart: no read.
  const transientActivation = () => {
    if (!userActivation || !isActiveOf) return false;
    try {
      return apply(isActiveOf, userActivation, []) === true;
    } catch {
      return false;
    }
  };

  for (const name of ['read', 'readText']) {
    wrapMethod(proto, name, (original, self, args) => {
      const decision = ctx.core.decideClipboardRead(transientActivation());
      if (decision.action !== 'allow') return tools.reject(tools.notAllowed(READ_DENIED));
      return apply(original, self, args);
    });
  }
}
