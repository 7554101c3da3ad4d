// Precision and recall on the labeled corpus (tests/corpus/README.md), for any redactor that
// takes (payload, format) and returns the redacted text, and optionally its hit counts per
// detector (the engine's `counts`).
//   recall, per type:     labeled values of that type gone from the output / labeled values
//   precision, per detector (needs counts): hits on labeled values of its own type / all
//                         its hits, where "hits on labeled values" is, per payload, at most
//                         the number of its type's values that disappeared
//   precision, overall:   values gone / (values gone + look-alikes altered), a look-alike
//                         altered when fewer of its occurrences are left than it had
const occurrences = (text, value) => text.split(value).length - 1;

export function score(redact, corpus) {
  const types = {};
  let caught = 0;
  let altered = 0;
  for (const { format, payload, pii, keep } of corpus) {
    const result = redact(payload, format);
    const out = typeof result === 'string' ? result : result.body;
    const counts = typeof result === 'string' ? null
      : typeof result.counts === 'string' ? JSON.parse(result.counts) : result.counts;
    const gone = {};
    for (const { type, value } of pii) {
      const t = (types[type] ||= { labeled: 0, caught: 0, hits: 0, onTarget: 0 });
      t.labeled++;
      if (!out.includes(value)) {
        t.caught++;
        caught++;
        gone[type] = (gone[type] || 0) + 1;
      }
    }
    // A look-alike counts as altered when any of its occurrences is gone.
    for (const value of keep) if (occurrences(out, value) < occurrences(payload, value)) altered++;
    if (!counts) continue;
    for (const [name, n] of Object.entries(counts)) {
      if (name.startsWith('rule:') || name === 'allowedKeys') continue;
      const t = (types[name] ||= { labeled: 0, caught: 0, hits: 0, onTarget: 0 });
      t.hits += n;
      t.onTarget += Math.min(n, gone[name] || 0);
    }
  }
  const labeled = Object.values(types).reduce((n, t) => n + t.labeled, 0);
  return { types, labeled, caught, altered, recall: caught / labeled, precision: caught / (caught + altered) };
}

export function printScore(title, s, payloads) {
  console.log(`${title}: ${payloads} payloads, ${s.labeled} personal values, ${s.altered} look-alikes altered`);
  console.log(`  overall  recall ${s.recall.toFixed(4)}  precision ${s.precision.toFixed(4)}`);
  const withHits = Object.values(s.types).some((t) => t.hits > 0);
  for (const [type, t] of Object.entries(s.types).sort()) {
    const recall = t.labeled ? (t.caught / t.labeled).toFixed(4) : '   -  ';
    const precision = withHits ? (t.hits ? (t.onTarget / t.hits).toFixed(4) : '   -  ') : null;
    console.log(`  ${type.padEnd(13)} labeled ${String(t.labeled).padStart(5)}  recall ${recall}` +
      (precision === null ? '' : `  hits ${String(t.hits).padStart(5)}  precision ${precision}`));
  }
}
