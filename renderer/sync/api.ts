// Authenticated requests to the province: the bearer token on every call, one fresh
// sign-in on a 401 token-*, and every failure turned into a SyncError of the right kind.
import type { DeskDb } from '../db/schema.ts';
import { TokenSource, type FetchLike } from './auth.ts';
import { errorOf, networkError, type SyncError } from './errors.ts';

const TOKEN_CODES = new Set(['auth-required', 'token-invalid', 'token-expired']);

export class ProvincialApi {
  readonly tokens: TokenSource;

  constructor(
    db: DeskDb,
    private readonly fetchFn: FetchLike,
    now: () => number,
    serverUrl?: string,
  ) {
    this.tokens = new TokenSource(db, fetchFn, now, serverUrl);
  }

  async baseUrl(): Promise<string> {
    return (await this.tokens.identity()).serverUrl;
  }

  /** GET /health, unauthenticated: the only judge of "online". */
  async health(signal?: AbortSignal): Promise<boolean> {
    const identity = await this.tokens.identity();
    try {
      const res = await this.fetchFn(`${identity.serverUrl}/health`, signal ? { signal } : {});
      if (res.status !== 200) return false;
      const body = (await res.json()) as { ok?: unknown };
      return body.ok === true;
    } catch {
      return false;
    }
  }

  /**
   * Sends a request to `pathOrUrl` (a path, or an absolute tus upload URL) with the token.
   * Returns any answer below 500 except a 401; throws SyncError for the rest.
   */
  async request(pathOrUrl: string, init: RequestInit = {}, signal?: AbortSignal): Promise<Response> {
    const url = /^https?:/.test(pathOrUrl) ? pathOrUrl : `${await this.baseUrl()}${pathOrUrl}`;
    for (let attempt = 0; ; attempt += 1) {
      const headers = new Headers(init.headers);
      headers.set('Authorization', `Bearer ${await this.tokens.token(signal, attempt > 0)}`);
      let res: Response;
      try {
        res = await this.fetchFn(url, { ...init, headers, ...(signal ? { signal } : {}) });
      } catch {
        throw networkError();
      }
      if (res.status >= 500) throw await errorOf(res);
      if (res.status !== 401) return res;
      const error: SyncError = await this.tokens.refusal(res);
      if (!TOKEN_CODES.has(error.code) || attempt > 0) throw error;
    }
  }
}
