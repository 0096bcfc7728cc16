// The sync engine's fetch, carried by the contract to main's provincial link: the renderer
// never opens a connection itself (CSP connect-src 'self'). A failure of the link surfaces as
// a rejected fetch, which the engine treats as "offline, try later".
import type { FetchLike } from '#renderer/sync/auth.ts';
import { desk } from '#renderer/app/host.ts';
import type { LinkMethod } from '#preload/wire/sync.ts';

/** Statuses whose Response may carry no body. */
const BODILESS = new Set([101, 204, 205, 304]);

function aborted(signal: AbortSignal): Promise<never> {
  return new Promise((_, reject) => signal.addEventListener('abort', () => reject(signal.reason), { once: true }));
}

export const linkFetch: FetchLike = async (input, init = {}) => {
  init.signal?.throwIfAborted();
  const method = (init.method ?? 'GET').toUpperCase() as LinkMethod;
  const body = init.body == null ? undefined : new Uint8Array(await new Response(init.body).arrayBuffer());
  const headers: Record<string, string> = {};
  new Headers(init.headers).forEach((value, name) => (headers[name] = value));
  const call = desk['sync.request']({ url: input, method, headers, ...(body ? { body } : {}) });
  const res = await (init.signal ? Promise.race([call, aborted(init.signal)]) : call);
  const empty = method === 'HEAD' || BODILESS.has(res.status);
  return new Response(empty ? null : (res.body as BlobPart as BodyInit), { status: res.status, headers: res.headers });
};
