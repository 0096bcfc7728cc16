// Local officer accounts: create, authenticate. Each action is one transaction with its audit entry.
import { ulid } from 'ulid';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { hashPassword, passwordProblems, verifyPassword } from './password.ts';
import { DeskError } from '#domain/errors.ts';
import { wrapForPassword } from '#renderer/db/protection/keyring.ts';

export interface NewOfficer {
  username: string;
  fullName: string;
  password: string;
  role: Officer['role'];
}

export function normaliseUsername(username: string): string {
  return username.trim().toLowerCase();
}

/** Hashes outside the transaction (it is slow and not IndexedDB work), then writes once. */
export async function prepareOfficer(input: NewOfficer): Promise<Officer> {
  const username = normaliseUsername(input.username);
  if (!/^[a-z0-9._-]{3,32}$/.test(username)) {
    throw new DeskError('bad-username', {
      vi: 'Tên đăng nhập gồm 3–32 ký tự: chữ không dấu, số, dấu chấm, gạch.',
      en: 'Usernames are 3–32 characters: unaccented letters, digits, dot, dash.',
    });
  }
  if (!input.fullName.trim()) {
    throw new DeskError('bad-name', { vi: 'Cần nhập họ và tên.', en: 'Full name is required.' });
  }
  const problem = passwordProblems(input.password)[0];
  if (problem) throw new DeskError('weak-password', problem);
  return {
    id: ulid(),
    username,
    fullName: input.fullName.normalize('NFC').trim(),
    role: input.role,
    password: await hashPassword(input.password),
    active: true,
    createdAt: new Date().toISOString(),
  };
}

/** Added by a signed-in administrator, whose session holds the desk's master key: the new officer gets a copy under their own password. */
export async function addOfficer(db: DeskDb, input: NewOfficer, byOfficerId: string): Promise<Officer> {
  const prepared = await prepareOfficer(input);
  const officer = { ...prepared, keyWrap: await wrapForPassword(db.protection.master, prepared.id, input.password, prepared.password.iterations) };
  await db.transaction('rw', db.officers, db.audit, async () => {
    if (await db.officers.where('username').equals(officer.username).count()) {
      throw new DeskError('username-taken', { vi: 'Tên đăng nhập đã có.', en: 'That username is taken.' });
    }
    await db.officers.add(officer);
    await audit(db, { officerId: byOfficerId, action: 'officer', detail: `add ${officer.id}` });
  });
  return officer;
}

export async function authenticate(db: DeskDb, username: string, password: string): Promise<Officer | null> {
  const officer = await db.officers.where('username').equals(normaliseUsername(username)).first();
  if (!officer || !officer.active) return null;
  return (await verifyPassword(password, officer.password)) ? officer : null;
}
