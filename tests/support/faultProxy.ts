// An HTTP proxy on 127.0.0.1 that misbehaves the way a commune's link and a busy province do:
// 500 and 503 answers, connections dropped before the request reaches the province or after
// it answered, uploads cut mid-body, long delays, and outages when nothing gets through.
// Seeded, so a failing run can be replayed.
import { createServer, request, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export interface FaultProxy {
  url: string;
  /** Faults on or off; off, the proxy forwards faithfully. */
  faults: boolean;
  /** Nothing gets through for `ms` (connections are dropped at once). */
  outage(ms: number): void;
  tally: Record<string, number>;
  close(): Promise<void>;
}

export async function startFaultProxy(target: () => string, random: () => number): Promise<FaultProxy> {
  const tally: Record<string, number> = {};
  const count = (what: string) => (tally[what] = (tally[what] ?? 0) + 1);
  const sockets = new Set<Socket>();
  let outageUntil = 0;

  const refuse = (res: ServerResponse, status: number) => {
    res.writeHead(status, { 'content-type': 'application/json' });
    res.end(JSON.stringify({ code: 'server-error', message: { vi: 'Lỗi máy chủ.', en: 'Server error.' } }));
  };

  function forward(req: IncomingMessage, res: ServerResponse, how: 'faithful' | 'drop-answer' | 'cut-body'): void {
    const upstreamUrl = new URL(req.url ?? '/', target());
    const upstream = request(upstreamUrl, { method: req.method, headers: { ...req.headers, host: upstreamUrl.host } }, (answer) => {
      if (how === 'drop-answer') {
        // The province did the work; the desk never hears of it.
        answer.resume();
        answer.on('end', () => res.socket?.destroy());
        return;
      }
      res.writeHead(answer.statusCode ?? 502, answer.headers);
      answer.pipe(res);
    });
    upstream.on('error', () => res.socket?.destroy());
    if (how === 'cut-body') {
      let passed = 0;
      const keep = 64 * 1024 + Math.floor(random() * 1024 * 1024);
      req.on('data', (chunk: Buffer) => {
        passed += chunk.length;
        if (passed > keep) {
          upstream.destroy();
          res.socket?.destroy();
        } else upstream.write(chunk);
      });
      req.on('end', () => upstream.end());
      return;
    }
    req.pipe(upstream);
  }

  const server: Server = createServer((req, res) => {
    count('requests');
    if (Date.now() < outageUntil) {
      count('outage');
      req.socket.destroy();
      return;
    }
    if (!proxy.faults) return forward(req, res, 'faithful');
    const r = random();
    if (r < 0.06) {
      count('503');
      req.resume();
      return refuse(res, 503);
    }
    if (r < 0.09) {
      count('500');
      req.resume();
      return refuse(res, 500);
    }
    if (r < 0.14) {
      count('droppedBefore');
      req.socket.destroy();
      return;
    }
    if (r < 0.19) {
      count('droppedAfter');
      return forward(req, res, 'drop-answer');
    }
    if (r < 0.27 && req.method === 'PATCH') {
      count('cutUploads');
      return forward(req, res, 'cut-body');
    }
    if (r < 0.31) {
      count('delayed');
      setTimeout(() => forward(req, res, 'faithful'), 500 + Math.floor(random() * 1500));
      return;
    }
    forward(req, res, 'faithful');
  });
  server.on('connection', (s) => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  const proxy: FaultProxy = {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    faults: false,
    outage(ms) {
      outageUntil = Date.now() + ms;
      for (const s of sockets) s.destroy();
    },
    tally,
    close: async () => {
      for (const s of sockets) s.destroy();
      await new Promise((ok) => server.close(ok));
    },
  };
  return proxy;
}
