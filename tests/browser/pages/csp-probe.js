// The page's own code under the strict CSP: the shim must work without eval.
window.cspProbe = (async () => {
  const shim = RtcPrivacyShim.current;
  const attempt = () => navigator.mediaDevices.getUserMedia({ video: true }).then(() => 'allowed', (e) => e.name);
  const before = await attempt();
  shim.consent.grant('call');
  const after = await attempt();
  return { status: shim.status(), before, after };
})();
