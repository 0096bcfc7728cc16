// Durable state of the reference provincial server: one SQLite database (WAL,
// synchronous=FULL, so a committed transaction survives a kill at any instant) and a
// content-addressed blob folder whose files only ever appear whole (temp name, fsync,
// rename, fsync of the folder). A row that names a blob is written after the blob is durable.

import Database from 'better-sqlite3';
import { createHash, randomBytes } from 'node:crypto';
import { createReadStream, mkdirSync } from 'node:fs';
import { link, open, rename, unlink } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { toDeskIso } from '#domain/deskTime.ts';

export type Db = Database.Database;

const SCHEMA = `
CREATE TABLE IF NOT EXISTS enrolment_codes (
  code_hash TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL,
  label TEXT NOT NULL,
  created_at TEXT NOT NULL,
  expires_ms INTEGER NOT NULL,
  used_by_desk TEXT
);
CREATE TABLE IF NOT EXISTS desks (
  id TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL,
  name TEXT NOT NULL,
  public_key TEXT NOT NULL UNIQUE,
  enrolment_code_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  key_expires_ms INTEGER NOT NULL,
  revoked_at TEXT
);
CREATE TABLE IF NOT EXISTS challenges (
  nonce TEXT PRIMARY KEY,
  desk_id TEXT NOT NULL REFERENCES desks(id),
  expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  token_hash TEXT PRIMARY KEY,
  desk_id TEXT NOT NULL REFERENCES desks(id),
  expires_ms INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY,
  desk_id TEXT NOT NULL REFERENCES desks(id),
  sha256 TEXT NOT NULL,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL,
  finished_at TEXT
);
CREATE TABLE IF NOT EXISTS files (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS file_access (
  agency_id TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES files(sha256),
  PRIMARY KEY (agency_id, sha256)
);
CREATE TABLE IF NOT EXISTS dossiers (
  id TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  version INTEGER NOT NULL,
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  code TEXT NOT NULL,
  received_at TEXT NOT NULL,
  received_day TEXT NOT NULL,
  status INTEGER NOT NULL,
  status_note TEXT,
  stored_at TEXT NOT NULL,
  first_stored_at TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS dossiers_by_day ON dossiers (agency_id, received_day);
CREATE TABLE IF NOT EXISTS dossier_files (
  dossier_id TEXT NOT NULL REFERENCES dossiers(id),
  sha256 TEXT NOT NULL REFERENCES files(sha256),
  PRIMARY KEY (dossier_id, sha256)
);
CREATE TABLE IF NOT EXISTS dossier_results (
  dossier_id TEXT NOT NULL REFERENCES dossiers(id),
  sha256 TEXT NOT NULL REFERENCES files(sha256),
  name TEXT NOT NULL,
  PRIMARY KEY (dossier_id, sha256)
);
CREATE TABLE IF NOT EXISTS idempotency (
  desk_id TEXT NOT NULL,
  key TEXT NOT NULL,
  dossier_id TEXT NOT NULL,
  body_hash TEXT NOT NULL,
  created_at TEXT NOT NULL,
  PRIMARY KEY (desk_id, key)
);
CREATE TABLE IF NOT EXISTS changes (
  seq INTEGER PRIMARY KEY AUTOINCREMENT,
  agency_id TEXT,
  type TEXT NOT NULL,
  payload TEXT NOT NULL
);
CREATE INDEX IF NOT EXISTS changes_by_agency ON changes (agency_id, seq);
CREATE TABLE IF NOT EXISTS certified_copies (
  id TEXT PRIMARY KEY,
  agency_id TEXT NOT NULL,
  desk_id TEXT NOT NULL,
  year INTEGER NOT NULL,
  number INTEGER NOT NULL,
  day TEXT NOT NULL,
  sha256 TEXT NOT NULL REFERENCES files(sha256),
  body_hash TEXT NOT NULL,
  body TEXT NOT NULL,
  dossier_code TEXT,
  stored_at TEXT NOT NULL,
  UNIQUE (agency_id, year, number)
);
-- The citizen's fetch code of a copy, kept only as its SHA-256: the database alone opens no copy.
CREATE TABLE IF NOT EXISTS certified_copy_fetch (
  code_hash TEXT PRIMARY KEY,
  copy_id TEXT NOT NULL UNIQUE REFERENCES certified_copies(id)
);
`;

export function openDb(dataDir: string): Db {
  mkdirSync(dataDir, { recursive: true });
  const db = new Database(join(dataDir, 'provincial.sqlite'));
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.pragma('foreign_keys = ON');
  // The operator command writes to the same file while the server runs.
  db.pragma('busy_timeout = 5000');
  db.exec(SCHEMA);
  return db;
}

/** Server times are given as the desk gives its own: ISO 8601 at +07:00. */
export function now(): string {
  return toDeskIso(new Date());
}

export const sha256Hex = (data: string | Buffer): string => createHash('sha256').update(data).digest('hex');

export const SHA256_HEX = /^[0-9a-f]{64}$/;

export async function hashFile(path: string): Promise<{ sha256: string; size: number }> {
  const hash = createHash('sha256');
  let size = 0;
  for await (const chunk of createReadStream(path)) {
    hash.update(chunk as Buffer);
    size += (chunk as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

export interface Folders {
  blobs: string;
  uploads: string;
  tmp: string;
}

export function folders(dataDir: string): Folders {
  const f = { blobs: join(dataDir, 'blobs'), uploads: join(dataDir, 'uploads'), tmp: join(dataDir, 'tmp') };
  for (const dir of Object.values(f)) mkdirSync(dir, { recursive: true });
  return f;
}

export function blobPath(f: Folders, sha256: string): string {
  return join(f.blobs, sha256.slice(0, 2), sha256);
}

async function fsyncPath(path: string): Promise<void> {
  const handle = await open(path, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/**
 * Makes a complete, already hashed file the blob for its hash by a hard link, so a
 * finished tus upload keeps answering HEAD with its full offset while the bytes exist once.
 */
export async function linkIntoBlobs(f: Folders, source: string, sha256: string): Promise<void> {
  await fsyncPath(source);
  const target = blobPath(f, sha256);
  mkdirSync(dirname(target), { recursive: true });
  try {
    await link(source, target);
  } catch (e) {
    // Same hash, same bytes: an earlier upload already made this blob.
    if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
  }
  await fsyncPath(dirname(target));
}

/** Writes bytes as a blob: temp name, fsync, rename, fsync of the folder. */
export async function writeBlob(f: Folders, bytes: Buffer): Promise<string> {
  const sha256 = sha256Hex(bytes);
  const temp = join(f.tmp, `${sha256}.${randomBytes(6).toString('hex')}`);
  const handle = await open(temp, 'wx');
  try {
    await handle.writeFile(bytes);
    await handle.sync();
  } finally {
    await handle.close();
  }
  const target = blobPath(f, sha256);
  mkdirSync(dirname(target), { recursive: true });
  await rename(temp, target);
  await fsyncPath(dirname(target));
  return sha256;
}

export function recordFile(db: Db, sha256: string, size: number, agencyId: string): void {
  db.prepare('INSERT OR IGNORE INTO files (sha256, size, created_at) VALUES (?, ?, ?)').run(sha256, size, now());
  db.prepare('INSERT OR IGNORE INTO file_access (agency_id, sha256) VALUES (?, ?)').run(agencyId, sha256);
}

export async function removeQuietly(path: string): Promise<void> {
  await unlink(path).catch((e: NodeJS.ErrnoException) => {
    if (e.code !== 'ENOENT') throw e;
  });
}
