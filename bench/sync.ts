// Sync benchmark: a desk with a backlog of received dossiers (≈ 200 KB of scans each) drains
// it to the reference provincial server on 127.0.0.1, once over loopback and once through a
// 10 Mbit/s relay, with the desk's own engine (fake-indexeddb in Node: the same code as in
// Chromium). Efficiency = (bytes ÷ bandwidth) ÷ measured time; the relay's own efficiency is
// measured in the same run with one plain upload of the same size as a baseline. Then the chaos
// scenario (renderer/sync/chaosRun.ts) gives lost, duplicated and hashMismatches.
// Run alone with `node --import tsx bench/sync.ts`; `npm run bench` runs it too.
import { openTestDb } from '#renderer/test-support/desk.ts';
import { cpus, loadavg } from 'node:os';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { fileURLToPath } from 'node:url';
import { enrol } from '#renderer/sync/auth.ts';
import { drainBacklog } from '#renderer/sync/drainBacklog.ts';
import { runChaos } from '#renderer/sync/chaosRun.ts';
import { randomBytes, receiveDossier, startProvince, type Province } from '#renderer/sync/testKit.ts';
import { startThrottle } from '#tests/support/throttle.ts';
import { round } from './stats.ts';
import { mergeSection } from './results.ts';

const RESULTS = fileURLToPath(new URL('./results.json', import.meta.url));
const DOSSIERS = Number(process.env.BENCH_SYNC_DOSSIERS ?? 1000);
const FILE_BYTES = Number(process.env.BENCH_SYNC_FILE_BYTES ?? 200 * 1024);
const LINK_BITS = 10_000_000;
const TARGET_EFFICIENCY = 0.9;

async function backlog(province: Province, serverUrl: string, label: string) {
  const db = openTestDb(`bench-sync-${label}`);
  await enrol(db, serverUrl, province.code(), `Quầy bench ${label}`);
  for (let i = 0; i < DOSSIERS; i += 1) await receiveDossier(db, [{ bytes: randomBytes(FILE_BYTES, i * 7919 + label.length) }]);
  const report = await drainBacklog({ db, serverUrl });
  const stored = province.count('SELECT count(*) AS n FROM dossiers');
  db.close();
  return { report, stored };
}

/** One plain HTTP upload through a relay of the same rate to a sink that reads it all: the link's own efficiency. */
async function relayBaseline(bytes: number): Promise<number> {
  const sink = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => res.end('ok'));
  });
  await new Promise<void>((ok) => sink.listen(0, '127.0.0.1', ok));
  const relay = await startThrottle(`http://127.0.0.1:${(sink.address() as AddressInfo).port}`, LINK_BITS);
  try {
    const t0 = performance.now();
    await fetch(`${relay.url}/sink`, { method: 'POST', body: new Uint8Array(bytes) }).then((r) => r.arrayBuffer());
    return (performance.now() - t0) / 1000;
  } finally {
    await relay.close();
    await new Promise((ok) => sink.close(ok));
  }
}

export async function benchSync() {
  const began = performance.now();
  const loopbackProvince = await startProvince();
  let loopback;
  try {
    const { report, stored } = await backlog(loopbackProvince, loopbackProvince.url, 'loopback');
    loopback = {
      dossiers: report.dossiers,
      storedByProvince: stored,
      bytes: report.bytesSent,
      seconds: round(report.elapsedMs / 1000, 1),
      megabytesPerSecond: round(report.bytesSent / 1024 / 1024 / (report.elapsedMs / 1000), 2),
    };
  } finally {
    await loopbackProvince.close();
  }

  const limitedProvince = await startProvince();
  const relay = await startThrottle(limitedProvince.url, LINK_BITS);
  let limited;
  try {
    const { report, stored } = await backlog(limitedProvince, relay.url, 'limited');
    const seconds = report.elapsedMs / 1000;
    const ideal = (report.bytesSent * 8) / LINK_BITS;
    const sample = Math.min(report.bytesSent, 20 * 1024 * 1024);
    const baselineSeconds = await relayBaseline(sample);
    const baselineEfficiency = (sample * 8) / LINK_BITS / baselineSeconds;
    limited = {
      linkMbit: LINK_BITS / 1e6,
      dossiers: report.dossiers,
      storedByProvince: stored,
      bytes: report.bytesSent,
      seconds: round(seconds, 1),
      idealSeconds: round(ideal, 1),
      efficiency: round(ideal / seconds, 3),
      baseline: { bytes: sample, seconds: round(baselineSeconds, 1), efficiency: round(baselineEfficiency, 3), what: 'one plain HTTP POST of the same link' },
      efficiencyVsBaseline: round(ideal / seconds / baselineEfficiency, 3),
      target: { efficiency: TARGET_EFFICIENCY, meets: ideal / seconds >= TARGET_EFFICIENCY },
    };
  } finally {
    await relay.close();
    await limitedProvince.close();
  }

  const chaosProvince = await startProvince();
  const chaosDb = openTestDb('bench-sync-chaos');
  let chaos;
  try {
    chaos = await runChaos(chaosProvince, chaosDb, 20261124);
  } finally {
    chaosDb.close();
    await chaosProvince.close();
  }

  return {
    machine: {
      cpus: cpus().length,
      loadAverage1m: round(loadavg()[0]!, 2),
      note: 'desk (fake-indexeddb) and province (SQLite) in one Node process on a shared 2-core machine',
    },
    method: {
      backlog: `${DOSSIERS} dossiers, one ${Math.round(FILE_BYTES / 1024)} KB scan each (random bytes: nothing compresses), received before the drain`,
      bytes: 'file bytes the desk uploaded (tus PATCH bodies); the JSON records and HTTP headers ride on top',
      efficiency: '(bytes × 8 ÷ 10 Mbit/s) ÷ measured drain time, through a token-bucket TCP relay on 127.0.0.1',
      chaos: 'renderer/sync/chaosRun.ts, seeded: drops before/after the province answers, 503s, cut uploads, 10 desk restarts, a province restart',
    },
    loopback,
    limited,
    chaos: {
      lost: chaos.lost,
      duplicated: chaos.duplicated,
      hashMismatches: chaos.hashMismatches,
      dossiers: chaos.dossiers,
      restarts: chaos.restarts,
      faults: chaos.faults,
    },
    seconds: round((performance.now() - began) / 1000, 1),
  };
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) {
  const sync = await benchSync();
  await mergeSection(RESULTS, 'sync', sync);
  process.stdout.write(`${JSON.stringify(sync, null, 2)}\n`);
}
