// A TCP relay on 127.0.0.1 that limits both directions to a bit rate, as a slow commune link
// would: one token bucket per direction for all connections, with a small burst allowance.
import { createServer, connect, type Server, type Socket } from 'node:net';
import type { AddressInfo } from 'node:net';

export interface Throttle {
  url: string;
  /** The link drops: every connection across it is cut at once (new ones may follow). */
  cut(): void;
  close(): Promise<void>;
}

/**
 * One direction of the link, shared by every connection across it (a commune's uplink is one
 * pipe, however many sockets use it). Spending may run into debt, so the long-run rate is exact.
 */
class Bucket {
  private budget: number;
  private last = performance.now();
  constructor(
    private readonly bytesPerSecond: number,
    private readonly burst: number,
  ) {
    this.budget = burst;
  }

  /** Milliseconds to wait before `bytes` may go, after charging them. */
  take(bytes: number): number {
    const now = performance.now();
    this.budget = Math.min(this.burst, this.budget + ((now - this.last) / 1000) * this.bytesPerSecond);
    this.last = now;
    const wait = this.budget >= 0 ? 0 : (-this.budget / this.bytesPerSecond) * 1000;
    this.budget -= bytes;
    return wait;
  }
}

/** Relays `from` to `to`, each chunk waiting for the shared bucket; the source pauses meanwhile. */
function pace(from: Socket, to: Socket, bucket: Bucket): void {
  let chain = Promise.resolve();
  let queued = 0;
  from.on('data', (chunk: Buffer) => {
    queued += 1;
    if (queued > 8) from.pause();
    chain = chain.then(async () => {
      const wait = bucket.take(chunk.length);
      if (wait > 0) await new Promise((r) => setTimeout(r, wait));
      if (!to.destroyed) to.write(chunk);
      queued -= 1;
      if (queued <= 8) from.resume();
    });
  });
  from.on('end', () => void chain.then(() => to.end()));
}

export async function startThrottle(target: string, bitsPerSecond: number): Promise<Throttle> {
  const { hostname, port } = new URL(target);
  const bytesPerSecond = bitsPerSecond / 8;
  const burst = Math.max(16 * 1024, bytesPerSecond / 50);
  const up = new Bucket(bytesPerSecond, burst);
  const down = new Bucket(bytesPerSecond, burst);
  const sockets = new Set<Socket>();
  const server: Server = createServer((client) => {
    const upstream = connect(Number(port), hostname);
    for (const s of [client, upstream]) {
      sockets.add(s);
      s.on('close', () => sockets.delete(s));
      s.on('error', () => (client.destroy(), upstream.destroy()));
    }
    pace(client, upstream, up);
    pace(upstream, client, down);
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const url = new URL(target);
  url.port = String((server.address() as AddressInfo).port);
  return {
    url: url.toString().replace(/\/$/, ''),
    cut: () => {
      for (const s of sockets) s.destroy();
    },
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
}
