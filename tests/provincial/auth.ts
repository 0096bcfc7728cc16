// Desks prove who they are with an Ed25519 key made on the desk; the private key never
// leaves it. An operator's one-time enrolment code binds a public key to an agency once;
// afterwards the desk signs a server nonce to get a short-lived bearer token. Only hashes
// of codes and tokens are stored, so a copy of the database lets nobody act as a desk.

import { createPublicKey, randomBytes, verify } from 'node:crypto';
import type { IncomingMessage } from 'node:http';
import { ulid } from 'ulid';
import { ApiError, badRequest, conflict, unauthorized } from './errors.ts';
import { type Db, now, sha256Hex } from './store.ts';

export interface Desk {
  id: string;
  agencyId: string;
  name: string;
}

export interface AuthOptions {
  tokenTtlSeconds: number;
  keyLifetimeDays: number;
}

export const DEFAULT_AUTH: AuthOptions = { tokenTtlSeconds: 15 * 60, keyLifetimeDays: 365 };

const CHALLENGE_TTL_MS = 2 * 60 * 1000;

/** The exact bytes a desk signs; the prefix keeps the signature useless anywhere else. */
export function challengeMessage(deskId: string, nonce: string): Buffer {
  return Buffer.from(`mot-cua-provincial/v1 auth\n${deskId}\n${nonce}`, 'utf8');
}

/** Crockford base32 without I, L, O, U: read aloud or typed from paper without confusion. */
const CODE_ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

function normaliseCode(code: string): string {
  return code.toUpperCase().replace(/[^0-9A-Z]/g, '');
}

/** Agency e-ID of QĐ 20/2020: at most 35 characters of 0–9, A–Z and dots. */
export const AGENCY_ID = /^[0-9A-Z]+(\.[0-9A-Z]+)*$/;

export function createEnrolmentCode(db: Db, agencyId: string, label: string, ttlHours = 24): { code: string; expiresAt: string } {
  if (!AGENCY_ID.test(agencyId) || agencyId.length > 35) {
    throw badRequest('agency-id-invalid', 'Mã định danh cơ quan không hợp lệ.', 'The agency e-ID is not valid (QĐ 20/2020).');
  }
  const bytes = randomBytes(12);
  const raw = Array.from(bytes, (b) => CODE_ALPHABET[b & 31]).join('');
  const code = raw.match(/.{4}/g)!.join('-');
  const expiresMs = Date.now() + ttlHours * 3600_000;
  db.prepare('INSERT INTO enrolment_codes (code_hash, agency_id, label, created_at, expires_ms) VALUES (?, ?, ?, ?, ?)').run(
    sha256Hex(normaliseCode(code)),
    agencyId,
    label,
    now(),
    expiresMs,
  );
  return { code, expiresAt: new Date(expiresMs).toISOString() };
}

function parsePublicKey(text: unknown) {
  if (typeof text !== 'string' || !/^[A-Za-z0-9_-]{43}$/.test(text)) {
    throw badRequest(
      'public-key-invalid',
      'Khóa công khai phải là khóa Ed25519 thô (32 byte, base64url).',
      'The public key must be a raw Ed25519 key (32 bytes, base64url).',
    );
  }
  return createPublicKey({ key: { kty: 'OKP', crv: 'Ed25519', x: text }, format: 'jwk' });
}

interface CodeRow {
  code_hash: string;
  agency_id: string;
  expires_ms: number;
  used_by_desk: string | null;
}

interface DeskRow {
  id: string;
  agency_id: string;
  name: string;
  public_key: string;
  key_expires_ms: number;
  revoked_at: string | null;
}

export function registerDesk(db: Db, input: unknown, options: AuthOptions): { deskId: string; agencyId: string; keyExpiresAt: string } {
  const body = (input ?? {}) as { enrolmentCode?: unknown; publicKey?: unknown; name?: unknown };
  parsePublicKey(body.publicKey);
  const publicKey = body.publicKey as string;
  const name = typeof body.name === 'string' && body.name.trim() !== '' ? body.name.trim().slice(0, 100) : 'desk';
  const codeHash = typeof body.enrolmentCode === 'string' ? sha256Hex(normaliseCode(body.enrolmentCode)) : '';
  return db.transaction(() => {
    const code = db.prepare('SELECT * FROM enrolment_codes WHERE code_hash = ?').get(codeHash) as CodeRow | undefined;
    if (!code) {
      throw unauthorized('enrolment-code-invalid', 'Mã đăng ký không đúng.', 'The enrolment code is wrong.');
    }
    if (code.used_by_desk !== null) {
      const desk = db.prepare('SELECT * FROM desks WHERE id = ?').get(code.used_by_desk) as DeskRow;
      // A desk that lost the answer to its own registration may ask again with the same key.
      if (desk.public_key === publicKey) {
        return { deskId: desk.id, agencyId: desk.agency_id, keyExpiresAt: new Date(desk.key_expires_ms).toISOString() };
      }
      throw conflict('enrolment-code-used', 'Mã đăng ký đã được dùng.', 'The enrolment code has already been used.');
    }
    if (code.expires_ms < Date.now()) {
      throw new ApiError(410, 'enrolment-code-expired', { vi: 'Mã đăng ký đã hết hạn.', en: 'The enrolment code has expired.' });
    }
    if (db.prepare('SELECT 1 FROM desks WHERE public_key = ?').get(publicKey)) {
      throw conflict('public-key-registered', 'Khóa này đã được đăng ký.', 'This key is already registered.');
    }
    const deskId = ulid();
    const keyExpiresMs = Date.now() + options.keyLifetimeDays * 86_400_000;
    db.prepare(
      `INSERT INTO desks (id, agency_id, name, public_key, enrolment_code_hash, created_at, key_expires_ms)
       VALUES (?, ?, ?, ?, ?, ?, ?)`,
    ).run(deskId, code.agency_id, name, publicKey, codeHash, now(), keyExpiresMs);
    db.prepare('UPDATE enrolment_codes SET used_by_desk = ? WHERE code_hash = ?').run(deskId, codeHash);
    return { deskId, agencyId: code.agency_id, keyExpiresAt: new Date(keyExpiresMs).toISOString() };
  })();
}

function liveDesk(db: Db, deskId: unknown): DeskRow {
  const desk = typeof deskId === 'string' ? (db.prepare('SELECT * FROM desks WHERE id = ?').get(deskId) as DeskRow | undefined) : undefined;
  if (!desk) throw unauthorized('desk-unknown', 'Bàn tiếp nhận chưa được đăng ký.', 'This desk is not registered.');
  if (desk.revoked_at !== null || desk.key_expires_ms < Date.now()) {
    throw unauthorized(
      'desk-key-expired',
      'Khóa của bàn tiếp nhận đã hết hạn hoặc bị thu hồi; cần đăng ký lại bằng mã mới.',
      "The desk's key has expired or been revoked; enrol again with a new code.",
    );
  }
  return desk;
}

export function createChallenge(db: Db, input: unknown): { nonce: string; expiresAt: string } {
  const desk = liveDesk(db, (input as { deskId?: unknown } | null)?.deskId);
  const nonce = randomBytes(32).toString('base64url');
  const expiresMs = Date.now() + CHALLENGE_TTL_MS;
  db.transaction(() => {
    db.prepare('DELETE FROM challenges WHERE expires_ms < ?').run(Date.now());
    db.prepare('INSERT INTO challenges (nonce, desk_id, expires_ms) VALUES (?, ?, ?)').run(nonce, desk.id, expiresMs);
  })();
  return { nonce, expiresAt: new Date(expiresMs).toISOString() };
}

export function issueToken(db: Db, input: unknown, options: AuthOptions): { token: string; tokenType: 'Bearer'; expiresAt: string } {
  const body = (input ?? {}) as { deskId?: unknown; nonce?: unknown; signature?: unknown };
  const desk = liveDesk(db, body.deskId);
  // Consumed in its own statement, so a wrong signature spends the nonce too.
  const challenge = db
    .prepare('DELETE FROM challenges WHERE nonce = ? AND desk_id = ? RETURNING expires_ms')
    .get(typeof body.nonce === 'string' ? body.nonce : '', desk.id) as { expires_ms: number } | undefined;
  if (!challenge || challenge.expires_ms < Date.now()) {
    throw unauthorized('challenge-invalid', 'Thử thách không hợp lệ hoặc đã hết hạn.', 'The challenge is unknown, used or expired.');
  }
  const signature = typeof body.signature === 'string' ? Buffer.from(body.signature, 'base64url') : Buffer.alloc(0);
  const valid = signature.length === 64 && verify(null, challengeMessage(desk.id, body.nonce as string), parsePublicKey(desk.public_key), signature);
  if (!valid) {
    throw unauthorized('signature-invalid', 'Chữ ký của bàn tiếp nhận không đúng.', "The desk's signature does not verify.");
  }
  const token = randomBytes(32).toString('base64url');
  const expiresMs = Math.min(Date.now() + options.tokenTtlSeconds * 1000, desk.key_expires_ms);
  db.transaction(() => {
    db.prepare('DELETE FROM tokens WHERE expires_ms < ?').run(Date.now());
    db.prepare('INSERT INTO tokens (token_hash, desk_id, expires_ms) VALUES (?, ?, ?)').run(sha256Hex(token), desk.id, expiresMs);
  })();
  return { token, tokenType: 'Bearer', expiresAt: new Date(expiresMs).toISOString() };
}

/** The desk behind a request's bearer token; the desk's key is checked on every request. */
export function authenticate(db: Db, authorization: string | null | undefined): Desk {
  const match = /^Bearer ([A-Za-z0-9_-]+)$/.exec(authorization ?? '');
  if (!match) {
    throw unauthorized('auth-required', 'Cần xác thực (Authorization: Bearer …).', 'Authentication required (Authorization: Bearer …).');
  }
  const row = db.prepare('SELECT desk_id, expires_ms FROM tokens WHERE token_hash = ?').get(sha256Hex(match[1]!)) as
    { desk_id: string; expires_ms: number } | undefined;
  if (!row) throw unauthorized('token-invalid', 'Mã truy cập không hợp lệ.', 'The access token is not valid.');
  const desk = liveDesk(db, row.desk_id);
  if (row.expires_ms < Date.now()) {
    throw unauthorized('token-expired', 'Mã truy cập đã hết hạn; hãy lấy mã mới.', 'The access token has expired; get a new one.');
  }
  return { id: desk.id, agencyId: desk.agency_id, name: desk.name };
}

export function authenticateRequest(db: Db, req: IncomingMessage): Desk {
  return authenticate(db, req.headers.authorization);
}

export function revokeDesk(db: Db, deskId: string): boolean {
  return db.prepare('UPDATE desks SET revoked_at = ? WHERE id = ? AND revoked_at IS NULL').run(now(), deskId).changes === 1;
}

export function expireDeskKey(db: Db, deskId: string, at: Date = new Date()): boolean {
  return db.prepare('UPDATE desks SET key_expires_ms = ? WHERE id = ?').run(at.getTime(), deskId).changes === 1;
}

export function listDesks(db: Db): Array<{ id: string; agencyId: string; name: string; createdAt: string; keyExpiresAt: string; revokedAt: string | null }> {
  const rows = db.prepare('SELECT * FROM desks ORDER BY created_at').all() as Array<DeskRow & { created_at: string }>;
  return rows.map((d) => ({
    id: d.id,
    agencyId: d.agency_id,
    name: d.name,
    createdAt: d.created_at,
    keyExpiresAt: new Date(d.key_expires_ms).toISOString(),
    revokedAt: d.revoked_at,
  }));
}
