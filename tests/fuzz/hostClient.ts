// Talks to a running browser host the way a (possibly hostile) page would: the session
// cookie from the one-time link, our Origin, and the wire encoding of preload/wire.ts.
import { request } from 'node:http';
import { decodeWire, encodeWire, type Envelope } from '#preload/wire.ts';

export interface HostReply {
  status: number;
  envelope: Envelope | null;
}

function send(
  url: URL,
  method: string,
  headers: Record<string, string>,
  body: string | null,
  timeoutMs: number,
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; text: string }> {
  return new Promise((resolve, reject) => {
    const req = request(url, { method, headers: { ...headers, ...(body === null ? {} : { 'Content-Length': String(Buffer.byteLength(body)) }) } }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => resolve({ status: res.statusCode ?? 0, headers: res.headers, text: Buffer.concat(chunks).toString('utf8') }));
      res.on('error', reject);
    });
    req.setTimeout(timeoutMs, () => req.destroy(new Error(`no answer within ${timeoutMs} ms`)));
    req.on('error', reject);
    req.end(body ?? undefined);
  });
}

/** Trades the host's one-time link for its session cookie. */
export async function signIn(openUrl: string): Promise<string> {
  const reply = await send(new URL(openUrl), 'GET', {}, null, 10_000);
  const cookie = ([] as string[]).concat(reply.headers['set-cookie'] ?? [])[0];
  if (!cookie) throw new Error(`the host gave no session cookie (HTTP ${reply.status})`);
  return cookie.split(';')[0]!;
}

export function hostCaller(origin: string, cookie: string) {
  return async (name: string, input: unknown, timeoutMs = 20_000): Promise<HostReply> => {
    const reply = await send(
      new URL(`/api/${name}`, origin),
      'POST',
      { Origin: origin, Cookie: cookie, 'Content-Type': 'application/json' },
      encodeWire(input),
      timeoutMs,
    );
    if (reply.status !== 200) return { status: reply.status, envelope: null };
    try {
      return { status: reply.status, envelope: decodeWire(reply.text) as Envelope };
    } catch {
      // A 200 that is not an envelope: the path left /api/ and reached a static file.
      return { status: reply.status, envelope: null };
    }
  };
}
