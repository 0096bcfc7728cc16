// Every schema version of the desk's database, oldest first. schema.ts declares them all, so
// that a profile of any age migrates step by step. Each file is frozen once its version has
// shipped: a new version is a new file (see ../README.md).
import type { Transaction } from 'dexie';
import * as initial from './001-initial.ts';
import * as scanning from './002-scanning.ts';
import * as signatures from './003-signatures.ts';
import * as provincialSync from './004-provincial-sync.ts';
import * as encryptionAtRest from './005-encryption-at-rest.ts';
import * as receptionDrafts from './006-reception-drafts.ts';
import * as procedureVersions from './007-procedure-versions.ts';
import * as digitisationLog from './008-digitisation-log.ts';
import * as certificationBook from './009-certification-book.ts';
import * as overdueTally from './010-overdue-tally.ts';

export interface Migration {
  version: number;
  /** Dexie's store declarations that changed in this version (null deletes a table). */
  stores: Readonly<Record<string, string | null>>;
  upgrade?: (tx: Transaction) => Promise<void>;
}

export const MIGRATIONS: readonly Migration[] = [
  initial,
  scanning,
  signatures,
  provincialSync,
  encryptionAtRest,
  receptionDrafts,
  procedureVersions,
  digitisationLog,
  certificationBook,
  overdueTally,
];
