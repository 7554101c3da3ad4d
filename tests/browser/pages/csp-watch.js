// Loaded before the shim on the strict-CSP page: records every policy violation.
window.__violations = [];
document.addEventListener('securitypolicyviolation', (e) => {
  window.__violations.push(`${e.violatedDirective}: ${e.blockedURI} ${e.sample}`);
});
