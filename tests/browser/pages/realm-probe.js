// Loaded by documents inside frames and popups in tests/browser/realms.spec.mjs (an external
// script, so it also runs under the strict CSP): asks for the camera from its own realm, as
// its first act, and hands the outcome to the window that made it.
const target = window.opener || window.parent;
target.__probe = navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
