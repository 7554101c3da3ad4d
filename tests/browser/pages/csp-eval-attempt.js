// Proves the strict-CSP page blocks eval-like code, as it would block a shim that used it.
try { new Function('return 1')(); window.evalAttempt = 'ran'; } catch (e) { window.evalAttempt = e.name; }
