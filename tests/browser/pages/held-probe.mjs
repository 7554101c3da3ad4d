// The module form of held-probe.js (data-rtc-privacy-type="module").
(window.heldRuns = window.heldRuns || []).push(`module:${new URL(import.meta.url).searchParams.get('n')}`);
