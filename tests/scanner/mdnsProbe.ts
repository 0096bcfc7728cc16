// Runs inside a private network namespace (see mdns.test.ts): the eSCL simulator announces
// itself over mDNS as a network scanner does, and the desk's eSCL backend finds it by browsing.
import { Bonjour } from 'bonjour-service';
import { EsclSimulator } from './esclSimulator.ts';
import { EsclBackend } from '../../main/scan/escl.ts';

const scanner = await new EsclSimulator({ pages: 1 }).start();
const port = Number(new URL(scanner.url).port);
const announcer = new Bonjour();
announcer.publish({ name: 'Máy quét mô phỏng', type: 'uscan', port, host: '127.0.0.1', txt: { rs: 'eSCL', ty: 'Máy quét mô phỏng eSCL', uuid: '3f1c0c5e-0000-4000-8000-000000000001' } });
const backend = new EsclBackend({ mdns: true, mdnsWaitMs: 2500 });
try {
  const devices = await backend.list();
  const found = devices.find((d) => d.name === 'Máy quét mô phỏng eSCL');
  const capabilities = found ? await backend.capabilities(found.id) : null;
  process.stdout.write(`${JSON.stringify({ devices, sources: capabilities?.sources ?? null })}\n`);
} finally {
  await backend.close?.();
  announcer.destroy();
  await scanner.stop();
}
