// v10: what the scorecard counts "overdue now" by, as an index of the dossiers (issue 17): the
// protection middleware writes `dueBy` (the procedure's blind token with the appointment) at
// each write (renderer/db/protection/protectedTables.ts overdueFields), so that
// overdue now is one count() per procedure. No existing row changes: the procedure is sealed
// and an upgrade runs before anyone holds the key. A desk that held dossiers is marked instead
// (OVERDUE_TALLY_PENDING): until the scorecard has written its open dossiers again, it counts
// them the earlier way.
import type { Transaction } from 'dexie';

export const version = 10;

export const stores = {
  dossiers: '&id, code, receivedAt, appointmentAt, decision, [status+receivedAt], *searchKeys, kid, dueBy',
};

/** The settings key present while dossiers stored before v10 may lack the tally. */
export const OVERDUE_TALLY_PENDING = 'scorecard.overdueTallyPending';

export async function upgrade(tx: Transaction): Promise<void> {
  if ((await tx.table('dossiers').count()) > 0) await tx.table('settings').put({ key: OVERDUE_TALLY_PENDING, value: true });
}
