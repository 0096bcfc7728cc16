// The desk's identity with the province: an Ed25519 key made here, non-extractable, kept
// in IndexedDB; enrolment binds it to the agency once; a token is got by signing the
// server's nonce. Node 20's WebCrypto has Ed25519 too, so the tests run this same code.
import type { DeskDb } from '../db/schema.ts';
import { errorOf, networkError, badAnswer, notEnrolled, SyncError } from './errors.ts';
import { clearState, readState, writeState, type DeskIdentity, type StoredToken } from './state.ts';

export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** The global fetch, called unbound: Chromium refuses `fetch` invoked as another object's method. */
export const defaultFetch: FetchLike = (input, init) => globalThis.fetch(input, init);

/** Signs in again this long before the token's end, so no request carries a dying token. */
export const TOKEN_MARGIN_MS = 60_000;

const base64url = (bytes: ArrayBuffer): string => {
  let binary = '';
  for (const b of new Uint8Array(bytes)) binary += String.fromCharCode(b);
  return btoa(binary).replace(/\+/g, '-').replace(/\//g, '_').replace(/=+$/, '');
};

export const trimUrl = (url: string): string => url.replace(/\/+$/, '');

async function postJson(fetchFn: FetchLike, url: string, body: unknown, signal?: AbortSignal): Promise<Response> {
  try {
    return await fetchFn(url, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body), ...(signal ? { signal } : {}) });
  } catch {
    throw networkError();
  }
}

async function jsonOf<T>(res: Response, what: string): Promise<T> {
  try {
    return (await res.json()) as T;
  } catch {
    throw badAnswer(what);
  }
}

export interface Enrolment {
  deskId: string;
  agencyId: string;
  keyExpiresAt: string;
}

/**
 * Registers this desk with a one-time code from the province. The key is stored before
 * the request, so asking again with the same code after a lost answer reuses it and the
 * province returns the same desk instead of `enrolment-code-used`.
 */
export async function enrol(db: DeskDb, serverUrl: string, enrolmentCode: string, deskName: string, fetchFn: FetchLike = defaultFetch): Promise<Enrolment> {
  const url = trimUrl(serverUrl);
  const code = enrolmentCode.toUpperCase().replace(/[^0-9A-Z]/g, '');
  const pending = await readState(db, 'pendingEnrolment');
  const keys = pending?.code === code ? pending.keys : await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  if (pending?.code !== code) await writeState(db, 'pendingEnrolment', { code, keys });
  const publicKey = base64url(await crypto.subtle.exportKey('raw', keys.publicKey));
  const res = await postJson(fetchFn, `${url}/desks/register`, { enrolmentCode, publicKey, name: deskName });
  if (res.status !== 201) throw await errorOf(res);
  const answer = await jsonOf<Enrolment>(res, 'desks/register');
  if (typeof answer.deskId !== 'string' || typeof answer.agencyId !== 'string') throw badAnswer('desks/register');
  const identity: DeskIdentity = {
    serverUrl: url,
    deskId: answer.deskId,
    agencyId: answer.agencyId,
    keyExpiresAt: answer.keyExpiresAt,
    name: deskName,
    keys,
    enrolledAt: new Date().toISOString(),
  };
  const previous = await readState(db, 'identity');
  await db.transaction('rw', db.syncState, async () => {
    // The feed's cursor belongs to one province and agency; a re-enrolment there keeps it.
    if (previous && (previous.serverUrl !== url || previous.agencyId !== answer.agencyId)) await clearState(db, 'changesCursor');
    await writeState(db, 'identity', identity);
    await clearState(db, 'pendingEnrolment');
    await clearState(db, 'token');
    await clearState(db, 'enrolmentRequired');
  });
  return { deskId: answer.deskId, agencyId: answer.agencyId, keyExpiresAt: answer.keyExpiresAt };
}

/**
 * Hands out a bearer token, signing in when there is none or it is about to end. The end
 * is measured on the server's clock (its Date header) and carried over to the local
 * clock as a lifetime, so a desk whose clock is far off neither uses dead tokens nor signs
 * in before every request.
 */
export class TokenSource {
  constructor(
    private readonly db: DeskDb,
    private readonly fetchFn: FetchLike,
    private readonly now: () => number,
    /** The endpoint from the desk's settings, if it moved since enrolment. */
    private readonly serverUrl?: string,
  ) {}

  async identity(): Promise<DeskIdentity> {
    const required = await readState(this.db, 'enrolmentRequired');
    if (required) throw new SyncError(required.code, required.message, 'enrol');
    const identity = await readState(this.db, 'identity');
    if (!identity) throw notEnrolled();
    return this.serverUrl ? { ...identity, serverUrl: trimUrl(this.serverUrl) } : identity;
  }

  async token(signal?: AbortSignal, force = false): Promise<string> {
    const identity = await this.identity();
    const stored = await readState(this.db, 'token');
    if (!force && stored && stored.deskId === identity.deskId && stored.serverUrl === identity.serverUrl && this.now() < stored.refreshAfterMs) {
      return stored.token;
    }
    return this.signIn(identity, signal);
  }

  private async signIn(identity: DeskIdentity, signal?: AbortSignal): Promise<string> {
    const challenge = await postJson(this.fetchFn, `${identity.serverUrl}/auth/challenge`, { deskId: identity.deskId }, signal);
    if (challenge.status !== 200) throw await this.refusal(challenge);
    const { nonce } = await jsonOf<{ nonce: string }>(challenge, 'auth/challenge');
    if (typeof nonce !== 'string') throw badAnswer('auth/challenge');
    const message = new TextEncoder().encode(`mot-cua-provincial/v1 auth\n${identity.deskId}\n${nonce}`);
    const signature = base64url(await crypto.subtle.sign({ name: 'Ed25519' }, identity.keys.privateKey, message));
    const sentAt = this.now();
    const res = await postJson(this.fetchFn, `${identity.serverUrl}/auth/token`, { deskId: identity.deskId, nonce, signature }, signal);
    if (res.status !== 200) throw await this.refusal(res);
    const answer = await jsonOf<{ token: string; expiresAt: string }>(res, 'auth/token');
    const expires = Date.parse(answer.expiresAt);
    if (typeof answer.token !== 'string' || Number.isNaN(expires)) throw badAnswer('auth/token');
    const serverNow = Date.parse(res.headers.get('date') ?? '');
    // The Date header has one-second resolution; without it, trust the local clock.
    const lifetime = Number.isNaN(serverNow) ? expires - sentAt : expires - serverNow - 1000;
    const token: StoredToken = {
      serverUrl: identity.serverUrl,
      deskId: identity.deskId,
      token: answer.token,
      refreshAfterMs: sentAt + Math.max(0, lifetime - TOKEN_MARGIN_MS),
    };
    await writeState(this.db, 'token', token);
    return token.token;
  }

  /** desk-key-expired is remembered, so that no later engine sends anything before enrolment. */
  async refusal(res: Response): Promise<SyncError> {
    const error = await errorOf(res);
    if (error.kind === 'enrol') {
      await writeState(this.db, 'enrolmentRequired', { code: error.code, message: error.text, at: new Date(this.now()).toISOString() });
      await clearState(this.db, 'token');
    }
    return error;
  }

  async forget(): Promise<void> {
    await clearState(this.db, 'token');
  }
}
