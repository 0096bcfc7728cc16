// The provincial link against a real HTTP server on 127.0.0.1: the provincial API's operations
// pass below the configured endpoint with their method, headers and body; anything else is
// blocked before a connection is opened, and a redirect is never followed.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { readFileSync } from 'node:fs';
import { ProvincialLink } from './provincialLink.ts';
import { PROVINCIAL_ROUTES } from './provincialRoutes.ts';

let server: Server;
let base = '';
const seen: { method: string; url: string; headers: Record<string, unknown>; body: string }[] = [];
const SHA = 'ab'.repeat(32);
const ULID = '01KAAAAAAAAAAAAAAAAAAAAAAA';
let redirectTo = 'http://127.0.0.1:9/';

before(async () => {
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      seen.push({ method: req.method!, url: req.url!, headers: req.headers, body: Buffer.concat(chunks).toString('utf8') });
      if (req.url === `/api/dossiers/${ULID}`) {
        res.writeHead(307, { location: redirectTo }).end();
        return;
      }
      res.writeHead(req.url === `/api/files/${SHA}` ? 404 : 201, { 'content-type': 'application/json', 'upload-offset': '42' });
      res.end(JSON.stringify({ ok: true }));
    });
  });
  await new Promise<void>((ok) => server.listen(0, '127.0.0.1', ok));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});
after(() => (server.closeAllConnections(), server.close()));

test('a request below the endpoint passes with its method, headers and body; the answer comes back whole', async () => {
  const link = new ProvincialLink();
  link.configure({ endpoint: `${base}/api/`, ca: [] });
  const res = await link.request({
    url: `${base}/api/uploads/1`,
    method: 'PATCH',
    headers: { 'Tus-Resumable': '1.0.0', Cookie: 'x=1' },
    body: new TextEncoder().encode('dữ liệu'),
  });
  assert.equal(res.status, 201);
  assert.equal(res.headers['upload-offset'], '42');
  assert.deepEqual(JSON.parse(new TextDecoder().decode(res.body)), { ok: true });
  const last = seen.at(-1)!;
  assert.equal(last.method, 'PATCH');
  assert.equal(last.headers['tus-resumable'], '1.0.0');
  assert.equal(last.headers.cookie, undefined, 'no cookie leaves the desk');
  assert.equal(last.body, 'dữ liệu');
  assert.equal((await link.request({ url: `${base}/api/files/${SHA}`, method: 'GET', headers: {} })).status, 404);
});

test('nothing outside the endpoint is reachable, and bad endpoints are refused with their reason', async () => {
  const link = new ProvincialLink();
  await assert.rejects(link.request({ url: `${base}/api/health`, method: 'GET', headers: {} }), { code: 'sync.no-endpoint' });
  link.configure({ endpoint: `${base}/api`, ca: [] });
  for (const url of [
    `${base}/health`,
    `${base}/apix/health`,
    'http://127.0.0.2:1/api/health',
    'http://example.com/api/health',
    `http://localhost:${new URL(base).port}/api/health`,
  ]) {
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
  await assert.rejects(
    link.request({ url: `http://127.0.0.1:${port}/health`, method: 'GET', headers: {} }),
    (e: Error & { code?: string; text?: { vi: string } }) => e.code === 'sync.unreachable' && /ECONNREFUSED/.test(e.text!.vi),
  );
});

test('only the operations of the provincial API pass: another path, method or query is refused before any connection', async () => {
  const link = new ProvincialLink();
  link.configure({ endpoint: `${base}/api`, ca: [] });
  const before = seen.length;
  const refused: Array<[string, 'GET' | 'HEAD' | 'POST' | 'PUT' | 'PATCH' | 'DELETE' | 'OPTIONS']> = [
    [`${base}/api/admin/users`, 'GET'],
    [`${base}/api/`, 'GET'],
    [`${base}/api/health/../../secret`, 'GET'],
    [`${base}/api/dossiers/${ULID}/../../../etc/passwd`, 'GET'],
    [`${base}/api/dossiers/not-a-ulid`, 'PUT'],
    [`${base}/api/dossiers/${ULID}`, 'DELETE'],
    [`${base}/api/files/${SHA}`, 'PUT'],
    [`${base}/api/uploads/a%2F..%2Fb`, 'PATCH'],
    [`${base}/api/uploads/1/extra`, 'PATCH'],
    [`${base}/api/health?redirect=http://example.com/`, 'GET'],
    [`${base}/api/changes?since=1&url=x`, 'GET'],
    [`http://user:pw@127.0.0.1:${new URL(base).port}/api/health`, 'GET'],
  ];
  for (const [url, method] of refused) {
    await assert.rejects(link.request({ url, method, headers: {} }), { code: 'sync.foreign-url' }, `${method} ${url}`);
  }
  assert.equal(seen.length, before, 'no request reached the server');
  for (const [url, method] of [
    [`${base}/api/health`, 'GET'],
    [`${base}/api/changes?since=abc&limit=100`, 'GET'],
    [`${base}/api/reconcile?day=2026-11-23&list=1`, 'GET'],
    [`/api/uploads/0123abcdef`, 'HEAD'],
    [`${base}/api/files/lookup`, 'POST'],
  ] as const) {
    assert.equal((await link.request({ url, method, headers: {} })).status, 201, `${method} ${url}`);
  }
});

test('a redirect is refused and not followed', async (t) => {
  const elsewhere: string[] = [];
  const target = createServer((req, res) => (elsewhere.push(req.url!), res.end('followed')));
  await new Promise<void>((ok) => target.listen(0, '127.0.0.1', ok));
  t.after(() => new Promise((ok) => target.close(ok)));
  redirectTo = `http://127.0.0.1:${(target.address() as AddressInfo).port}/elsewhere`;
  const link = new ProvincialLink();
  link.configure({ endpoint: `${base}/api`, ca: [] });
  await assert.rejects(
    link.request({ url: `${base}/api/dossiers/${ULID}`, method: 'GET', headers: {} }),
    (e: Error & { code?: string; text?: { vi: string; en: string } }) => {
      assert.equal(e.code, 'sync.redirect');
      assert.match(e.text!.en, /307/);
      return true;
    },
  );
  assert.deepEqual(elsewhere, []);
});

// Operations marked `x-desk-route: false` are the province's to other callers (a citizen
// fetching a certified copy by the code on a slip): the desk never needs to reach them.
test('the route table is exactly the operations of tests/provincial/openapi.yaml the desk calls', () => {
  const spec = readFileSync(new URL('../../tests/provincial/openapi.yaml', import.meta.url), 'utf8');
  const documented = new Set<string>();
  let path = '';
  let operation = '';
  for (const line of spec.split('\n')) {
    const p = /^ {2}(\/\S*):$/.exec(line);
    if (p) path = p[1]!;
    const m = /^ {4}(get|put|post|head|patch|delete|options):$/.exec(line);
    if (m && path) documented.add((operation = `${m[1]!.toUpperCase()} ${path}`));
    if (/^ {6}x-desk-route: false$/.test(line)) documented.delete(operation);
  }
  assert.ok(!documented.has('GET /public/certified-copies/{fetchCode}'), 'the citizen route is marked and left out');
  const routed = new Set(PROVINCIAL_ROUTES.flatMap((r) => r.methods.map((m) => `${m} ${r.path}`)));
  assert.deepEqual([...routed].sort(), [...documented].sort());
});
