// Runs inside a private network namespace (see mdns.test.ts): the eSCL simulator announces
// itself over mDNS as a network scanner does, and the desk's eSCL backend finds it by browsing.
import { readFileSync } from 'node:fs';
import { Bonjour } from 'bonjour-service';
import { EsclSimulator } from './esclSimulator.ts';
import { EsclBackend } from '#main/scan/escl.ts';

const scanner = await new EsclSimulator({ pages: 1 }).start();
const port = Number(new URL(scanner.url).port);
const announcer = new Bonjour();
announcer.publish({
  name: 'Máy quét mô phỏng',
  type: 'uscan',
  port,
  host: '127.0.0.1',
  txt: { rs: 'eSCL', ty: 'Máy quét mô phỏng eSCL', uuid: '3f1c0c5e-0000-4000-8000-000000000001' },
});
const backend = new EsclBackend({ mdns: true, mdnsWaitMs: 2500 });
try {
  const devices = await backend.list();
  const found = devices.find((d) => d.name === 'Máy quét mô phỏng eSCL');
  const capabilities = found ? await backend.capabilities(found.id) : null;
  // The namespace's UDP sockets on port 5353 (0x14E9), by local address as the kernel lists them.
  const mdnsSockets = readFileSync('/proc/net/udp', 'utf8')
    .split('\n')
    .map((line) => line.trim().split(/\s+/)[1] ?? '')
    .filter((local) => local.endsWith(':14E9'))
    .map((local) => local.slice(0, -5));
  process.stdout.write(`${JSON.stringify({ devices, sources: capabilities?.sources ?? null, mdnsSockets })}\n`);
} finally {
  await backend.close?.();
  announcer.destroy();
  await scanner.stop();
}
