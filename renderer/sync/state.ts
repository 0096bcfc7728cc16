// The sync's key-value rows in db.syncState, typed by key.
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb } from '../db/schema.ts';

export interface DeskIdentity {
  serverUrl: string;
  deskId: string;
  agencyId: string;
  keyExpiresAt: string;
  name: string;
  /** The private key is non-extractable: IndexedDB keeps the CryptoKey, nobody can read it out. */
  keys: CryptoKeyPair;
  enrolledAt: string;
}

export interface StoredToken {
  serverUrl: string;
  deskId: string;
  token: string;
  /** Local clock time at which to consider the token stale (see auth.ts on clock skew). */
  refreshAfterMs: number;
}

export interface SyncProblem {
  code: string;
  message: Bilingual;
  at: string;
}

export interface SyncStateValues {
  identity: DeskIdentity;
  /** A key made for an enrolment whose answer may have been lost: reused with the same code. */
  pendingEnrolment: { code: string; keys: CryptoKeyPair };
  token: StoredToken;
  /** Set on desk-key-expired: no request is made until the desk enrols again. */
  enrolmentRequired: SyncProblem;
  changesCursor: string;
  lastSuccessAt: string;
  lastError: SyncProblem | null;
  lastReconcileAt: string;
  /**
   * Publications from the feed that failed the desk's own validation, newest last; also
   * look-up results refused (version: "dossierId/specId").
   */
  rejectedPublications: Array<SyncProblem & { type: 'catalog' | 'calendar' | 'nonTerritorial' | 'dossier.lookup'; version: string }>;
}

export type SyncStateKey = keyof SyncStateValues;

export async function readState<K extends SyncStateKey>(db: DeskDb, key: K): Promise<SyncStateValues[K] | undefined> {
  return (await db.syncState.get(key))?.value as SyncStateValues[K] | undefined;
}

export async function writeState<K extends SyncStateKey>(db: DeskDb, key: K, value: SyncStateValues[K]): Promise<void> {
  await db.syncState.put({ key, value });
}

export async function clearState(db: DeskDb, key: SyncStateKey): Promise<void> {
  await db.syncState.delete(key);
}
