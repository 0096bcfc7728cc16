// Moves every protected row onto the current data key: rows sealed with a retired key after a
// rotation, and rows stored before encryption existed (key id ""). Small batches, each its own
// transaction, while the desk keeps working: reads open either key, writes always use the
// current one, and a row changed meanwhile is simply already done. Once nothing is left under
// an older key, that key is dropped.
import type { DeskDb } from '../schema.ts';
import { KID_FIELD, PROTECTED_TABLES } from './protectedTables.ts';
import { retireDataKeys } from './keyring.ts';
import { keyIdOf } from './protection.ts';

const BATCH = 50;

type Row = Record<string, unknown>;

export interface ReprotectProgress {
  table: string;
  done: number;
}

async function sealBlobs(db: DeskDb, row: Row, blobs: readonly string[]): Promise<Row> {
  const out = { ...row };
  for (const field of blobs) {
    const blob = row[field];
    if (blob instanceof Blob) out[field] = await db.protection.sealBlob(await db.protection.openBlob(blob, `${field}`));
  }
  return out;
}

async function reprotectTable(db: DeskDb, name: string, onProgress?: (p: ReprotectProgress) => void): Promise<number> {
  const spec = PROTECTED_TABLES[name]!;
  const table = db.table<Row, string>(name);
  let done = 0;
  for (;;) {
    const current = db.protection.current.kid;
    const keys = await table.where(KID_FIELD).notEqual(current).limit(BATCH).primaryKeys();
    if (keys.length === 0) return done;
    const rows = (await table.bulkGet(keys)).filter((r): r is Row => r !== undefined);
    // Files are re-sealed before the transaction (WebCrypto would end it).
    const resealed = spec.blobs.length ? await Promise.all(rows.map((r) => sealBlobs(db, r, spec.blobs))) : rows;
    const moved = await db.transaction('rw', table, async () => {
      // A row written since was sealed with the current key by its writer: leave it as it is.
      const stillOld = new Set((await table.bulkGet(keys)).filter((r) => r !== undefined && keyIdOf(r) !== current).map((r) => r![spec.primaryKey]));
      await table.bulkPut(resealed.filter((r) => stillOld.has(r[spec.primaryKey])));
      return stillOld.size;
    });
    done += moved;
    onProgress?.({ table: name, done });
  }
}

/** Re-protects everything, then retires the keys nothing uses any more. Returns the rows moved. */
export async function reprotectAll(db: DeskDb, onProgress?: (p: ReprotectProgress) => void): Promise<number> {
  // A database opened at an older version (a migration's test) lacks the tables added since.
  const tables = Object.keys(PROTECTED_TABLES).filter((name) => db.tables.some((t) => t.name === name));
  let moved = 0;
  for (const name of tables) moved += await reprotectTable(db, name, onProgress);
  const current = db.protection.current.kid;
  for (const name of tables) {
    if ((await db.table(name).where(KID_FIELD).notEqual(current).count()) > 0) return moved;
  }
  const retired = db.protection
    .liveKeys()
    .map((k) => k.kid)
    .filter((kid) => kid !== current);
  if (retired.length) await retireDataKeys(db, db.protection, retired);
  return moved;
}
