// Where the desk's keys are kept, wrapped. One master key per desk opens the data keys; the
// master key itself is stored only wrapped: by the operating system's keystore (Electron's
// safeStorage: DPAPI on Windows) and, for each officer, by a key derived from their password
// (PBKDF2), which is how browser mode opens it and how an administrator recovers a desk whose
// OS keystore changed. Data keys rotate; the master key does not need to.
import { DeskError } from '#domain/errors.ts';
import type { DeskDb, KeyringRow, KeyWrap, Officer } from '../schema.ts';
import { deriveDataKey, newKid, newSecret, type DataKey } from './dataKey.ts';
import { openBytes, sealBytes } from './recordCipher.ts';
import type { Protection } from './protection.ts';
import { audit } from '../audit.ts';

const utf8 = new TextEncoder();
const toB64 = (bytes: Uint8Array) => btoa(String.fromCharCode(...bytes));
const fromB64 = (text: string) => Uint8Array.from(atob(text), (c) => c.charCodeAt(0));

/** The OS keystore as main offers it (Electron safeStorage); browser mode has none. */
export interface Keystore {
  available(): Promise<boolean>;
  protect(data: Uint8Array): Promise<Uint8Array>;
  unprotect(data: Uint8Array): Promise<Uint8Array>;
}

export const noKeystore: Keystore = {
  available: async () => false,
  protect: () => Promise.reject(new Error('no OS keystore')),
  unprotect: () => Promise.reject(new Error('no OS keystore')),
};

export const CURRENT_ROW = 'current';
export const KEYSTORE_ROW = 'keystore';
const dataRow = (kid: string) => `data:${kid}`;

async function passwordKek(password: string, salt: Uint8Array, iterations: number): Promise<Uint8Array> {
  const base = await crypto.subtle.importKey('raw', utf8.encode(password.normalize('NFC')) as BufferSource, 'PBKDF2', false, ['deriveBits']);
  return new Uint8Array(await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: salt as BufferSource, iterations }, base, 256));
}

/** The master key wrapped for one officer's password; its own salt, never the password hash's. */
export async function wrapForPassword(master: Uint8Array, officerId: string, password: string, iterations: number): Promise<KeyWrap> {
  const salt = crypto.getRandomValues(new Uint8Array(16));
  const kek = await passwordKek(password, salt, iterations);
  return { salt: toB64(salt), iterations, sealed: sealBytes(kek, master, utf8.encode(`master/officer/${officerId}`)) };
}

async function unwrapForPassword(wrap: KeyWrap, officerId: string, password: string): Promise<Uint8Array> {
  const kek = await passwordKek(password, fromB64(wrap.salt), wrap.iterations);
  return openBytes(kek, wrap.sealed, utf8.encode(`master/officer/${officerId}`));
}

function wrapDataKey(master: Uint8Array, kid: string, secret: Uint8Array): Uint8Array {
  return sealBytes(master, secret, utf8.encode(`data-key/${kid}`));
}

/** A new master key and first data key: rows to write with the first administrator. */
export function newKeyring(now = new Date()): { master: Uint8Array; kid: string; rows: KeyringRow[] } {
  const master = newSecret();
  const kid = newKid();
  return {
    master,
    kid,
    rows: [
      { id: dataRow(kid), kid, wrapped: wrapDataKey(master, kid, newSecret()), createdAt: now.toISOString() },
      { id: CURRENT_ROW, kid },
    ],
  };
}

function keyringBroken(): DeskError {
  return new DeskError('keyring-broken', {
    vi: 'Khoá dữ liệu của quầy bị hỏng hoặc đã bị thay: không mở được dữ liệu. Không có gì bị xoá; hãy báo quản trị viên của tỉnh.',
    en: "The desk's data keys are damaged or were replaced: the data cannot be opened. Nothing was deleted; tell the province's administrator.",
  });
}

/** Opens every data key with the master key and makes them the desk's live keys. */
export async function installFromMaster(db: DeskDb, protection: Protection, master: Uint8Array): Promise<void> {
  const rows = await db.keyring.toArray();
  const current = rows.find((r) => r.id === CURRENT_ROW)?.kid;
  const keys: DataKey[] = [];
  try {
    for (const r of rows)
      if (r.id.startsWith('data:') && r.kid && r.wrapped) keys.push(deriveDataKey(r.kid, openBytes(master, r.wrapped, utf8.encode(`data-key/${r.kid}`))));
  } catch {
    throw keyringBroken();
  }
  if (!current || !keys.some((k) => k.kid === current)) throw keyringBroken();
  protection.install(keys, current, master);
}

/**
 * unlocked; no-keystore (browser mode, or a computer without one, and none was ever used);
 * not-enrolled (a keystore, not yet holding the key); keystore-missing (it held the key, and is
 * not available now); keystore-refused (it cannot open what it holds).
 */
export type KeystoreUnlock = 'unlocked' | 'no-keystore' | 'not-enrolled' | 'keystore-missing' | 'keystore-refused';

/**
 * At start-up, before anyone signs in: the OS keystore opens the master key (Electron). A
 * keystore that refuses (the profile was copied to another computer, Windows' user keys
 * were reset) is reported, not fatal: an administrator's password opens the desk and
 * enrols the new keystore.
 */
export async function unlockWithKeystore(db: DeskDb, protection: Protection, keystore: Keystore): Promise<KeystoreUnlock> {
  const row = await db.keyring.get(KEYSTORE_ROW);
  if (!(await keystore.available())) return row?.wrapped ? 'keystore-missing' : 'no-keystore';
  if (!row?.wrapped) return 'not-enrolled';
  try {
    await installFromMaster(db, protection, await keystore.unprotect(row.wrapped));
  } catch {
    // Refused, or it gave back some other key: either way a password can still open the desk.
    return 'keystore-refused';
  }
  return 'unlocked';
}

/** Stores the master key wrapped by this computer's keystore, if it has one. */
export async function enrolKeystore(db: DeskDb, master: Uint8Array, keystore: Keystore): Promise<boolean> {
  if (!(await keystore.available())) return false;
  await db.keyring.put({ id: KEYSTORE_ROW, wrapped: await keystore.protect(master), createdAt: new Date().toISOString() });
  return true;
}

function noKeyForOfficer(): DeskError {
  return new DeskError('no-key-for-officer', {
    vi: 'Tài khoản này chưa được cấp khoá dữ liệu trên quầy này. Nhờ quản trị viên đăng nhập trước trên máy này, rồi đăng nhập lại.',
    en: 'This account holds no data key on this desk yet. Ask an administrator to sign in on this computer first, then sign in again.',
  });
}

/**
 * After the password was verified: opens the desk's keys with it (unless already open),
 * and gives the officer a wrap if they have none. Returns the officer as it must now be stored.
 */
export async function unlockForOfficer(db: DeskDb, protection: Protection, officer: Officer, password: string): Promise<Officer> {
  if (!protection.unlocked) {
    if (officer.keyWrap) {
      let master: Uint8Array;
      try {
        master = await unwrapForPassword(officer.keyWrap, officer.id, password);
      } catch {
        throw keyringBroken();
      }
      await installFromMaster(db, protection, master);
    } else if ((await db.keyring.count()) === 0) {
      // A desk from before encryption: its first sign-in creates the keys.
      const { master, rows } = newKeyring();
      await db.keyring.bulkPut(rows);
      await installFromMaster(db, protection, master);
    } else {
      throw noKeyForOfficer();
    }
  }
  if (officer.keyWrap) return officer;
  const keyWrap = await wrapForPassword(protection.master, officer.id, password, officer.password.iterations);
  await db.officers.update(officer.id, { keyWrap });
  return { ...officer, keyWrap };
}

/** Starts a new data key: new data is sealed with it at once; re-protection moves the rest. */
export async function startKeyRotation(db: DeskDb, protection: Protection, officerId: string, now = new Date()): Promise<string> {
  const master = protection.master;
  const kid = newKid();
  await db.transaction('rw', db.keyring, db.audit, async () => {
    await db.keyring.put({ id: dataRow(kid), kid, wrapped: wrapDataKey(master, kid, newSecret()), createdAt: now.toISOString() });
    await db.keyring.put({ id: CURRENT_ROW, kid });
    await audit(db, { officerId, action: 'protection', detail: `data key ${protection.current.kid} → ${kid}` });
  });
  await installFromMaster(db, protection, master);
  return kid;
}

/** What Settings shows: the current key, when it was made, and whether the OS keystore holds the master key. */
export async function keyringSummary(db: DeskDb): Promise<{ kid: string | null; createdAt: string | null; keys: number; keystore: boolean }> {
  const rows = await db.keyring.toArray();
  const kid = rows.find((r) => r.id === CURRENT_ROW)?.kid ?? null;
  return {
    kid,
    createdAt: rows.find((r) => r.id === (kid ? dataRow(kid) : ''))?.createdAt ?? null,
    keys: rows.filter((r) => r.id.startsWith('data:')).length,
    keystore: rows.some((r) => r.id === KEYSTORE_ROW),
  };
}

/** Drops data keys nothing is sealed with any more (re-protection checked it). */
export async function retireDataKeys(db: DeskDb, protection: Protection, kids: string[]): Promise<void> {
  await db.keyring.bulkDelete(kids.map(dataRow));
  await installFromMaster(db, protection, protection.master);
}
