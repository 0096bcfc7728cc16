import type { AuditEntry, DeskDb } from './schema.ts';

/** Appends to the audit trail; call it inside the transaction of the action it records. */
export function audit(db: DeskDb, entry: Omit<AuditEntry, 'seq' | 'at'>, at = new Date()): Promise<number | undefined> {
  return db.audit.add({ ...entry, at: at.toISOString() });
}
