// Many records of one protected table stored at once (a register restored from the province, a
// demo register): sealed a batch at a time by protection.sealRecords (WebCrypto, outside any
// transaction) and written with one bulkPut, one transaction, per batch. The next batch is
// sealed while IndexedDB writes the one before, so the page's thread and the database's
// work overlap instead of taking turns.
import type { Table } from 'dexie';
import type { Protection } from './protection.ts';
import { PROTECTED_TABLES } from './protectedTables.ts';

type Row = Record<string, unknown>;

/** Large enough that a transaction's fixed cost is spread thin, small enough that a batch's sealed rows stay a few MB. */
export const SEAL_BATCH = 1000;

export async function bulkPutSealed(protection: Protection, table: Table, records: readonly object[], batch = SEAL_BATCH): Promise<void> {
  const spec = PROTECTED_TABLES[table.name];
  if (!spec) throw new Error(`${table.name} is not a protected table`);
  let writing: Promise<unknown> = Promise.resolve();
  for (let i = 0; i < records.length; i += batch) {
    const sealed = await protection.sealRecords(table.name, spec, records.slice(i, i + batch) as Row[]);
    await writing;
    writing = table.bulkPut(sealed);
    // Awaited on the next turn or after the loop; until then a failed write is not "unhandled".
    writing.catch(() => undefined);
  }
  await writing;
}
