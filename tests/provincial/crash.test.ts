// The server is killed (SIGKILL) at random instants while desks upload and send dossiers,
// then restarted on the same folder. Every dossier the desk saw acknowledged must be there
// exactly once, with every file intact, and SQLite must find its database sound.

import Database from 'better-sqlite3';
import assert from 'node:assert/strict';
import { type ChildProcess, spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { createEnrolmentCode } from './auth.ts';
import type { WireDossier } from './intake.ts';
import { blobPath, folders, openDb } from './store.ts';
import { TestDesk, makeDossier, randomFile, sha256 } from './testDesk.ts';

const root = new URL('../../', import.meta.url).pathname;
const ROUNDS = 5;
const WORKERS = 4;

interface Server {
  child: ChildProcess;
  url: string;
  exited: Promise<void>;
}

async function startChild(dataDir: string): Promise<Server> {
  const child = spawn(process.execPath, ['--import', 'tsx', 'tests/provincial/server.ts', '--data', dataDir, '--port', '0'], {
    cwd: root,
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const m = /listening on (http:\/\/127\.0\.0\.1:\d+)/.exec(out);
      if (m) resolve(m[1]!);
    });
    child.once('exit', (code) => reject(new Error(`server exited (${code}) before listening`)));
  });
  return { child, url, exited };
}

/** What a desk would keep: files by hash with their tus URL, and the dossiers to send. */
class DeskState {
  files = new Map<string, Buffer>();
  uploadUrls = new Map<string, string>();
  queue: WireDossier[] = [];
  acked = new Map<string, { version: number; files: string[]; answer: unknown }>();
  resumed = 0;
}

async function ensureFile(desk: TestDesk, state: DeskState, hash: string): Promise<void> {
  const bytes = state.files.get(hash)!;
  if ((await desk.fetch(`/files/${hash}`, { method: 'HEAD' })).status === 200) return;
  // Ports change between rounds here; a desk keeps the path and its server's address.
  const path = state.uploadUrls.get(hash);
  let url = path ? new URL(path, desk.url).href : undefined;
  let offset = 0;
  if (url) {
    const head = await desk.offset(url);
    if (head.status === 200) {
      offset = Number(head.headers.get('upload-offset'));
      if (offset > 0) state.resumed += 1;
    } else url = undefined;
  }
  if (!url) {
    const created = await desk.createUpload(bytes.length, hash);
    assert.equal(created.status, 201, `create: ${await created.text()}`);
    url = desk.uploadUrl(created);
    state.uploadUrls.set(hash, new URL(url).pathname);
  }
  while (offset < bytes.length) {
    const res = await desk.patch(url, offset, bytes.subarray(offset, offset + 32 * 1024));
    assert.equal(res.status, 204, `patch: ${await res.text()}`);
    offset = Number(res.headers.get('upload-offset'));
  }
  assert.equal((await desk.fetch(`/files/${hash}`, { method: 'HEAD' })).status, 200, 'a finished upload is a file');
}

/** Sends queued dossiers until the queue is empty or the server dies under it. */
async function worker(desk: TestDesk, state: DeskState, fresh: () => WireDossier | undefined): Promise<void> {
  for (;;) {
    const dossier = state.queue.shift() ?? fresh();
    if (!dossier) return;
    try {
      for (const f of dossier.files) await ensureFile(desk, state, f.sha256);
      const res = await desk.putDossier(dossier);
      assert.equal(res.status, 200, `intake: ${await res.clone().text()}`);
      const answer = await res.json();
      const previous = state.acked.get(dossier.id);
      if (!previous || previous.version < dossier.version) {
        state.acked.set(dossier.id, { version: dossier.version, files: dossier.files.map((f) => f.sha256), answer });
      }
      // Now and then the desk corrects an acknowledged dossier: a new version.
      if (dossier.version === 1 && Math.random() < 0.2) state.queue.push({ ...dossier, version: 2, summary: 'bổ sung' });
    } catch (e) {
      state.queue.push(dossier);
      if (e instanceof assert.AssertionError) throw e;
      if (process.env.CRASH_DEBUG) console.error('worker stopped:', e);
      return;
    }
  }
}

function newDossier(state: DeskState): WireDossier {
  const files = Array.from({ length: 1 + Math.floor(Math.random() * 2) }, () => {
    const bytes = randomFile(20_000 + Math.floor(Math.random() * 180_000));
    const hash = sha256(bytes);
    state.files.set(hash, bytes);
    return { sha256: hash, size: bytes.length };
  });
  return makeDossier(files);
}

test('SIGKILL at random instants loses no acknowledged dossier or file and duplicates none', { timeout: 60_000 }, async (t) => {
  const dataDir = mkdtempSync(join(tmpdir(), 'provincial-crash-'));
  const db = openDb(dataDir);
  const code = createEnrolmentCode(db, '000.17.22.H56', 'crash test').code;
  db.close();

  const state = new DeskState();
  let desk: TestDesk | undefined;
  let made = 0;
  let server: Server | undefined;
  const stop = async () => {
    server?.child.kill('SIGKILL');
    await server?.exited;
  };
  t.after(stop);
  for (let round = 0; round < ROUNDS; round++) {
    server = await startChild(dataDir);
    desk = desk ? desk.at(server.url) : await TestDesk.enrol(server.url, code);
    const running = Array.from({ length: WORKERS }, () =>
      worker(desk!, state, () => {
        made += 1;
        return newDossier(state);
      }),
    );
    await new Promise((r) => setTimeout(r, 300 + Math.random() * 900));
    await stop();
    await Promise.all(running);
  }

  server = await startChild(dataDir);
  const last = server;
  desk = desk!.at(last.url);
  await Promise.all(Array.from({ length: WORKERS }, () => worker(desk, state, () => undefined)));
  assert.equal(state.queue.length, 0, 'every dossier eventually went through');
  assert.ok(state.acked.size >= 10, `enough traffic to mean something (${state.acked.size} dossiers, ${made} made)`);
  t.diagnostic(`${state.acked.size} dossiers acknowledged over ${ROUNDS} kills; ${state.resumed} uploads resumed after a kill`);

  for (const [id, acked] of state.acked) {
    const replay = await desk.putDossier({ ...(await stored(desk, id)), version: acked.version });
    assert.equal(replay.status, 200);
    if (acked.version === 1) assert.deepEqual(await replay.json(), acked.answer, 'answered as the first time');
  }
  last.child.kill('SIGTERM');
  await last.exited;

  const check = new Database(join(dataDir, 'provincial.sqlite'), { readonly: true });
  try {
    assert.equal(check.pragma('integrity_check', { simple: true }), 'ok');
    const rows = check.prepare('SELECT id, version FROM dossiers').all() as Array<{ id: string; version: number }>;
    assert.equal(rows.length, state.acked.size, 'each dossier stored exactly once');
    const f = folders(dataDir);
    for (const row of rows) {
      const acked = state.acked.get(row.id);
      assert.ok(acked, 'no dossier the desk never sent');
      assert.equal(row.version, acked.version);
      const files = (check.prepare('SELECT sha256 FROM dossier_files WHERE dossier_id = ? ORDER BY sha256').all(row.id) as Array<{ sha256: string }>).map(
        (r) => r.sha256,
      );
      assert.deepEqual(files, [...acked.files].sort());
      for (const hash of files) {
        const path = blobPath(f, hash);
        assert.ok(existsSync(path), 'the file is on disk');
        assert.equal(sha256(readFileSync(path)), hash, 'and its bytes are intact');
      }
    }
  } finally {
    check.close();
  }
  rmSync(dataDir, { recursive: true, force: true });
});

async function stored(desk: TestDesk, id: string): Promise<WireDossier> {
  const res = await desk.fetch(`/dossiers/${id}`);
  assert.equal(res.status, 200);
  return ((await res.json()) as { dossier: WireDossier }).dossier;
}
