// Bundled by scripts/bench.mjs into the Chromium bench page, next to the telemetry bundle.
import { comparators } from './comparators.mjs';
import { compare, telemetryBatch } from './workload.mjs';
import { score } from './corpus.mjs';

const shimRedactor = (format) => ({
  name: 'rtc-privacy-shim (JSON, all detectors)',
  run: (s) => RtcPrivacyShim.current.redact(s, { format }).body,
});

globalThis.__bench = {
  throughput() {
    const workload = telemetryBatch();
    return compare([shimRedactor('json'), ...comparators(workload.paths)], workload);
  },
  corpus(lines) {
    return score((payload, format) => RtcPrivacyShim.current.redact(payload, { format }), lines);
  },
};
