// The browser host as production starts it (main/web.ts, real services), in a data folder of
// its own, with a client that signs in through the one-time link like a page would.
import { mkdtemp, rm } from 'node:fs/promises';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, defaultRendererDir } from '#main/web.ts';
import { hostCaller, signIn, type HostReply } from './hostClient.ts';

export interface FuzzHost {
  call(name: string, input: unknown, timeoutMs?: number): Promise<HostReply>;
  /** Posts a body as it is, not wire-encoded; resolves to the HTTP status. */
  raw(name: string, body: string): Promise<number>;
  close(): Promise<void>;
}

export async function startFuzzHost(): Promise<FuzzHost> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-fuzz-host-'));
  // Proposals print their one-time codes here, where no page can read them.
  const host = await startWebHost({ rendererDir: defaultRendererDir, dataDir, console: { write: () => true } });
  const cookie = await signIn(host.openUrl);
  const call = hostCaller(host.url, cookie);
  return {
    call,
    raw: (name, body) =>
      new Promise((resolve, reject) => {
        const req = request(
          new URL(`/api/${name}`, host.url),
          { method: 'POST', headers: { Origin: host.url, Cookie: cookie, 'Content-Type': 'application/json' } },
          (res) => {
            res.resume();
            res.on('end', () => resolve(res.statusCode ?? 0));
          },
        );
        req.setTimeout(20_000, () => req.destroy(new Error('no answer')));
        req.on('error', reject);
        req.end(body);
      }),
    close: async () => {
      await host.close();
      await rm(dataDir, { recursive: true, force: true });
    },
  };
}
