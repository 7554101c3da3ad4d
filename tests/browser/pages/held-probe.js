// A held SDK script for consent-flow.spec.mjs: records that it ran, by the name in its URL
// (?n=…), so a test sees which held scripts ran and in what order.
(window.heldRuns = window.heldRuns || []).push(new URL(document.currentScript.src).searchParams.get('n'));
