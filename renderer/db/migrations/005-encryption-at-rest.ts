// v5: citizens' data encrypted at rest. Rows written before carry an empty key id, so that
// re-protection finds them through the same index as rows under a retired key.
import type { Transaction } from 'dexie';

export const version = 5;

export const stores = {
  keyring: '&id',
  dossiers: '&id, code, receivedAt, appointmentAt, decision, [status+receivedAt], *searchKeys, kid',
  files: '&id, dossierId, sha256, [dossierId+specId], kid',
  scanPages: '&id, dossierId, [dossierId+specId+position], kid',
  dossierSync: '&dossierId, state, receivedDay, kid',
  syncResults: '&id, dossierId, pending, kid',
};

// The tables that held citizens' data when v5 shipped, and the fields this step touched, as
// they were then (protectedTables.ts may grow; what this step did must not).
const PROTECTED_AT_V5 = ['dossiers', 'files', 'scanPages', 'syncResults', 'dossierSync'] as const;
const KID_FIELD = 'kid';
const PLAIN_SEARCH_KEYS = { table: 'dossiers', field: 'searchKeys' } as const;

export async function upgrade(tx: Transaction): Promise<void> {
  for (const table of PROTECTED_AT_V5) {
    await tx
      .table(table)
      .toCollection()
      .modify((row: Record<string, unknown>) => {
        row[KID_FIELD] = '';
        // The plain search keys (folded names, ID numbers, phones) go: re-protection writes blind
        // tokens in their place. The protection middleware this transaction reads through has
        // always dropped them; said here so that this step does whatever the middleware becomes.
        if (table === PLAIN_SEARCH_KEYS.table) delete row[PLAIN_SEARCH_KEYS.field];
      });
  }
}
