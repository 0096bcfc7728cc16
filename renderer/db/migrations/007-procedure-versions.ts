// v7: several versions of one procedure code, each with its effective range, so that a catalogue
// can carry the civil-status procedures of Luật Hộ tịch 03/2026/QH16 ahead of 1 March 2027.
// `procedures` is keyed by code and Dexie cannot change a primary key, so every version goes to
// a new table keyed by code and first day; the existing rows are copied over. Procedures hold
// no citizen's data (not sealed), so the upgrade reads them plainly.
import type { Transaction } from 'dexie';

export const version = 7;

export const stores = {
  procedureVersions: '&key, code',
};

/** The key a version is stored under, frozen here: its code and first day ("" when open-ended). */
const keyOf = (p: { code: string; effectiveFrom?: string }) => `${p.code}@${p.effectiveFrom ?? ''}`;

export async function upgrade(tx: Transaction): Promise<void> {
  const rows = (await tx.table('procedures').toArray()) as Array<{ code: string; effectiveFrom?: string }>;
  await tx.table('procedureVersions').bulkAdd(rows.map((p) => ({ ...p, key: keyOf(p) })));
}
