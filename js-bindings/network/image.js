// Image beacons (new Image().src = …, img.setAttribute('src', …)): a declared endpoint's
// pixel is not requested before consent (the image reports load, as a served pixel would),
// and its URL is redacted with consent.
import { hasBrand, natives, withArgument } from '../natives.js';
import { wrapMethod, wrapSetter } from '../wrap.js';
import { net } from './natives.js';

const { apply } = natives;

export function installImage(router, realm) {
  const Image = realm.HTMLImageElement;
  if (!Image || !realm.Element) return;
  const { Event } = realm;
  // → the URL to set (the value converted once), or null when the pixel is dropped. A Symbol
  // goes to the native as it is, whose own conversion throws the browser's TypeError.
  const decide = (img, value) => {
    if (typeof value === 'symbol') return value;
    const url = net.String(value);
    const route = router.classify(url);
    if (!route) return url;
    const allowed = router.urlOnly(route, url, 'image');
    if (allowed !== null) return allowed;
    natives.setTimeout(() => apply(net.dispatchEvent, img, [new Event('load')]), 0);
    return null;
  };
  wrapSetter(Image.prototype, 'src', (original, self, value) => {
    const url = decide(self, value);
    if (url !== null) apply(original, self, [url]);
  });
  wrapMethod(realm.Element.prototype, 'setAttribute', (original, self, args) => {
    if (args.length < 2 || !hasBrand(net.imageSrc, self) || typeof args[0] === 'symbol') return apply(original, self, args);
    const name = net.String(args[0]);
    if (apply(natives.stringToUpperCase, name, []) !== 'SRC') return apply(original, self, withArgument(args, 0, name));
    const url = decide(self, args[1]);
    return url === null ? undefined : apply(original, self, [name, url]);
  });
}
