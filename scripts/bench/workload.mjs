// The redaction workload of npm run bench, shared by the Node and the Chromium halves (the
// page gets this file bundled): a batch of RTC stats events like an SDK's, some with
// personal data in them, and the loop that times a redactor on it.

// ~0.76 MB of JSON: 2,600 events, one in four with personal data (of every eight, one has
// an IP address, another an email and a phone number). `paths` are the fields that can
// hold personal data, for the path-based redactor (fast-redact), which finds nothing itself.
export function telemetryBatch(events = 2600) {
  const batch = [];
  for (let i = 0; i < events; i++) {
    batch.push({ event: 'rtc_stats', room_id: `room_${i % 37}`, uid: `u_${i}`, ts: 1732350000000 + i * 1000, sdkVersion: '4.68.4.1',
      net: { rtt: 30 + (i % 50), loss: (i % 7) / 100, bitrate: 1200 + i, ip: i % 8 === 0 ? `203.0.113.${i % 250}` : '' },
      video: { width: 1280, height: 720, fps: 30, ssrc: 3000000000 + i, codec: 'VP8' },
      audio: { level: i % 100, jitter: i % 13, ssrc: 1000000 + i },
      note: i % 8 === 4 ? `user${i}@example.com called +86 138 1234 ${String(5000 + i).slice(-4)}` : 'ok' });
  }
  return { payload: JSON.stringify({ batch }), events, paths: ['batch[*].net.ip', 'batch[*].note', 'batch[*].uid'] };
}

// Milliseconds per call of run(payload), after warm-up (the JIT tiers hot code up after a
// few calls), over at least `seconds` and at least 3 calls.
export function timeRuns(run, payload, seconds = 1.5, now = () => performance.now()) {
  for (let i = 0; i < 5; i++) run(payload);
  let runs = 0;
  const start = now();
  while (runs < 3 || now() - start < seconds * 1000) {
    run(payload);
    runs++;
  }
  return (now() - start) / runs;
}

// One row per redactor: MB/s and µs per event, JS string in, JS string out. A redactor
// slower than 5 s a call gets one timed call.
export function compare(redactors, workload) {
  const { payload, events } = workload;
  return redactors.map(({ name, run }) => {
    const first = now();
    run(payload);
    const once = now() - first;
    const ms = once > 5000 ? once : timeRuns(run, payload, once > 500 ? 0 : 1.5);
    return { name, mbPerSecond: payload.length / 1e3 / ms, usPerEvent: (ms * 1000) / events };
  });
}
const now = () => performance.now();

export function printRows(title, rows) {
  console.log(title);
  for (const r of rows) {
    console.log(`  ${r.name.padEnd(50)} ${r.mbPerSecond.toFixed(1).padStart(8)} MB/s ${r.usPerEvent.toFixed(2).padStart(9)} µs/event`);
  }
}
