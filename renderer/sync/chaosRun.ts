// The chaos scenario, shared by its test and the benchmark: a seeded fetch wrapper drops
// requests before and after the province handles them, answers 503 and cuts uploads mid-body;
// the desk "restarts" (a new engine on the same database) again and again and the province is
// stopped and started once, while new dossiers and changes keep arriving. Then, with a clean
// link, it counts what the province holds against what the desk holds.
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { seededRandom } from '#domain/seededRandom.ts';
import { blobPath, folders } from '#tests/provincial/store.ts';
import type { DeskDb } from '../db/schema.ts';
import type { FetchLike } from './auth.ts';
import { createSyncEngine } from './engine.ts';
import { enrol } from './auth.ts';
import { changeDossier, cutPatch, randomBytes, receiveDossier, type Province } from './testKit.ts';

export interface ChaosFigures {
  dossiers: number;
  lost: number;
  duplicated: number;
  hashMismatches: number;
  restarts: number;
  pendingAfterChaos: number;
  outboxLeft: number;
  errored: number;
  faults: Record<string, number>;
}

function chaosFetch(random: () => number, tally: Record<string, number>): FetchLike {
  return async (input, init = {}) => {
    const r = random();
    tally.requests = (tally.requests ?? 0) + 1;
    const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);
    if (r < 0.05) {
      count('droppedBefore');
      throw new TypeError('fetch failed');
    }
    if (r < 0.09) {
      count('503');
      return new Response(JSON.stringify({ code: 'server-error', message: { vi: 'Lỗi máy chủ.', en: 'Server error.' } }), { status: 503 });
    }
    if (init.method === 'PATCH' && init.body instanceof Blob && r < 0.19) {
      count('cutUploads');
      return cutPatch(input, init, Math.floor(random() * init.body.size));
    }
    const res = await fetch(input, init);
    if (r < 0.14) {
      count('droppedAfter');
      await res.arrayBuffer().catch(() => undefined);
      throw new TypeError('fetch failed');
    }
    return res;
  };
}

async function verdict(province: Province, db: DeskDb) {
  const local = await db.dossiers.toArray();
  const f = folders(province.dataDir);
  let lost = 0;
  let hashMismatches = 0;
  for (const d of local) {
    if (province.count('SELECT count(*) AS n FROM dossiers WHERE id = ?', d.id) !== 1) {
      lost += 1;
      continue;
    }
    const remote = (province.server.db.prepare('SELECT sha256 FROM dossier_files WHERE dossier_id = ?').all(d.id) as Array<{ sha256: string }>)
      .map((r) => r.sha256)
      .sort();
    const mine = [...new Set((await db.files.where('dossierId').equals(d.id).toArray()).map((x) => x.sha256))].sort();
    if (remote.join() !== mine.join()) hashMismatches += 1;
    for (const sha of remote) {
      if (
        createHash('sha256')
          .update(readFileSync(blobPath(f, sha)))
          .digest('hex') !== sha
      )
        hashMismatches += 1;
    }
  }
  const remoteTotal = province.count('SELECT count(*) AS n FROM dossiers');
  const byCode = province.count('SELECT count(*) AS n FROM (SELECT code FROM dossiers GROUP BY code HAVING count(*) > 1)');
  return { dossiers: local.length, lost, duplicated: remoteTotal - (local.length - lost) + byCode, hashMismatches };
}

export async function runChaos(province: Province, db: DeskDb, seed: number): Promise<ChaosFigures> {
  const random = seededRandom(seed);
  const tally: Record<string, number> = {};
  await enrol(db, province.url, province.code(), 'Quầy chaos');
  const shared = randomBytes(200_000, 5);
  const ids: string[] = [];
  const receive = async (n: number) => {
    for (let i = 0; i < n; i += 1) {
      const big = random() < 0.3;
      const d = await receiveDossier(db, [
        { bytes: randomBytes(big ? 700_000 : 20_000 + Math.floor(random() * 30_000), Math.floor(random() * 1e9)) },
        ...(random() < 0.4 ? [{ bytes: shared, name: 'chung.pdf', specId: 'chung' }] : []),
      ]);
      ids.push(d.id);
    }
  };
  await receive(25);
  let restarts = 0;
  for (let round = 0; round < 10; round += 1) {
    const engine = createSyncEngine({
      db,
      fetch: chaosFetch(random, tally),
      random,
      backoff: { baseMs: 10, capMs: 120 },
      idleMs: 50,
      chunkBytes: 256 * 1024,
      reconcileEveryMs: 0,
    });
    engine.start();
    if (round === 3) {
      await new Promise((r) => setTimeout(r, 150));
      await province.down();
      await new Promise((r) => setTimeout(r, 300));
      await province.up();
    }
    await new Promise((r) => setTimeout(r, 500 + Math.floor(random() * 700)));
    await engine.stop();
    restarts += 1;
    await receive(3);
    const someone = ids[Math.floor(random() * ids.length)]!;
    await changeDossier(db, someone, { updatedAt: `2026-11-24T0${round}:00:00+07:00` });
  }
  const pendingAfterChaos = ((await db.outbox.orderBy('dossierId').uniqueKeys()) as string[]).length;
  const clean = createSyncEngine({ db, reconcileEveryMs: 0, idleMs: 60_000 });
  for (let i = 0; i < 5 && ((await db.outbox.count()) > 0 || i === 0); i += 1) await clean.syncNow();
  return {
    ...(await verdict(province, db)),
    restarts,
    pendingAfterChaos,
    outboxLeft: await db.outbox.count(),
    errored: await db.dossierSync.where('state').equals('error').count(),
    faults: tally,
  };
}
