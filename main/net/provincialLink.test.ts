// The provincial link against a real HTTP server on 127.0.0.1: requests pass below the
// configured endpoint with their method, headers and body; anything else is blocked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ProvincialLink } from './provincialLink.ts';

let server: Server;
let base = '';
const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      res.writeHead(req.url === '/api/missing' ? 404 : 201, { 'content-type': 'application/json', 'upload-offset': '42' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => server.close());

test('a request below the endpoint passes with its method, headers and body; the answer comes back whole', async () => {
  const link = new ProvincialLink();
  link.configure({ endpoint: `${base}/api/`, ca: [] });
  const res = await link.request({ url: `${base}/api/uploads/1`, method: 'PATCH', headers: { 'Tus-Resumable': '1.0.0', Cookie: 'x=1' }, body: new TextEncoder().encode('dữ liệu') });
  assert.equal(res.status, 201);
  assert.equal(res.headers['upload-offset'], '42');
  assert.deepEqual(JSON.parse(new TextDecoder().decode(res.body)), { ok: true });
  const last = seen.at(-1)!;
  assert.equal(last.method, 'PATCH');
  assert.equal(last.headers['tus-resumable'], '1.0.0');
  assert.equal(last.headers.cookie, undefined, 'no cookie leaves the desk');
  assert.equal(last.body, 'dữ liệu');
  assert.equal((await link.request({ url: `${base}/api/missing`, method: 'GET', headers: {} })).status, 404);
});

test('nothing outside the endpoint is reachable, and bad endpoints are refused with their reason', async () => {
  const link = new ProvincialLink();
  await assert.rejects(link.request({ url: `${base}/api/x`, method: 'GET', headers: {} }), { code: 'sync.no-endpoint' });
  link.configure({ endpoint: `${base}/api`, ca: [] });
  for (const url of [`${base}/other`, `${base}/apix`, 'http://127.0.0.2:1/api/x', 'http://example.com/api/x']) {
    await assert.rejects(link.request({ url, method: 'GET', headers: {} }), { code: 'sync.foreign-url' }, url);
  }
  assert.throws(() => link.configure({ endpoint: 'http://motcua.example.vn/api', ca: [] }), { code: 'sync.insecure-endpoint' });
  assert.throws(() => link.configure({ endpoint: 'https://user:pw@motcua.example.vn/api', ca: [] }), { code: 'sync.bad-endpoint' });
  assert.throws(() => link.configure({ endpoint: 'https://motcua.example.vn/api', ca: ['not a certificate'] }), { code: 'sync.bad-ca' });
});

test('a province that does not answer is a clear "unreachable", not a hang', async () => {
  const closed = createServer();
  await new Promise<void>((ok) => closed.listen(0, '127.0.0.1', ok));
  const port = (closed.address() as AddressInfo).port;
  await new Promise((ok) => closed.close(ok));
  const link = new ProvincialLink();
  link.configure({ endpoint: `http://127.0.0.1:${port}/`, ca: [] });
  await assert.rejects(link.request({ url: `http://127.0.0.1:${port}/health`, method: 'GET', headers: {} }), (e: Error & { code?: string; text?: { vi: string } }) => e.code === 'sync.unreachable' && /ECONNREFUSED/.test(e.text!.vi));
});
