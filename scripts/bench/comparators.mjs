// The redactors the engine is compared with, on the same JSON string in and string out:
// the JSON.parse + JSON.stringify floor, fast-redact (paths), redact-pii and @redactpii/node
// (regexes over the text). Imported by Node and bundled for the page.
import fastRedact from 'fast-redact';
import { SyncRedactor } from 'redact-pii';
import { Redactor } from '@redactpii/node';

export function comparators(paths) {
  const byPath = fastRedact({ paths, censor: '[REDACTED]' });
  const redactPii = new SyncRedactor();
  const redactPiiNode = new Redactor();
  return [
    { name: 'JSON.parse + JSON.stringify (floor)', run: (s) => JSON.stringify(JSON.parse(s)) },
    { name: 'fast-redact (paths; parse + redact + stringify)', run: (s) => byPath(JSON.parse(s)) },
    { name: 'redact-pii 3.4 (text)', run: (s) => redactPii.redact(s) },
    { name: '@redactpii/node 1.0 (text)', run: (s) => redactPiiNode.redact(s) },
  ];
}

// The text redactors for the labeled corpus (fast-redact needs paths, so it has no score).
export function textRedactors() {
  const redactPii = new SyncRedactor();
  const redactPiiNode = new Redactor();
  return [
    { name: 'redact-pii 3.4', run: (s) => redactPii.redact(s) },
    { name: '@redactpii/node 1.0', run: (s) => redactPiiNode.redact(s) },
  ];
}
