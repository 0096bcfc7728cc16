// openapi.yaml is what the desk's sync engine is written against, so it must name every
// route the server answers and every error code it can send.

import { Ajv2020 } from 'ajv/dist/2020.js';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { after, before, test } from 'node:test';
import { ulid } from 'ulid';
import { expireDeskKey } from './auth.ts';
import { MAX_UPLOAD_BYTES } from './uploads.ts';
import { TestDesk, makeDossier, randomFile, sha256, startTestServer, type TestServer } from './testDesk.ts';
import { entryFor, signedCopy } from './certifiedCopyFixture.ts';
import type { WireCertifiedCopy } from '#preload/wire/sync.ts';
import { newFetchCode } from '#domain/certification/fetchCode.ts';

const here = new URL('./', import.meta.url);
const spec = readFileSync(new URL('openapi.yaml', here), 'utf8');
const readme = readFileSync(new URL('README.md', here), 'utf8');

let server: TestServer;
let desk: TestDesk;
before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode('000.17.22.H56'));
});
after(() => server.close());

/** [path, method] for every operation in the spec, read from its indentation. */
function operations(): Array<[string, string]> {
  const found: Array<[string, string]> = [];
  let path = '';
  for (const line of spec.split('\n')) {
    const p = /^ {2}(\/\S*):$/.exec(line);
    if (p) path = p[1]!;
    const m = /^ {4}(get|put|post|head|patch|delete|options):$/.exec(line);
    if (m && path) found.push([path, m[1]!.toUpperCase()]);
  }
  return found;
}

test('every documented operation is served', async () => {
  const ops = operations();
  assert.ok(ops.length >= 17, `found ${ops.length} operations`);
  for (const [path, method] of ops) {
    const concrete = path.replace('{sha256}', 'a'.repeat(64)).replace('{id}', '01KAAAAAAAAAAAAAAAAAAAAAAA').replace('{uploadId}', 'x');
    const res = await desk.fetch(concrete, {
      method,
      headers: { 'Tus-Resumable': '1.0.0', 'Content-Type': 'application/json' },
      ...(method === 'POST' || method === 'PUT' ? { body: '{}' } : {}),
    });
    const text = method === 'HEAD' ? '' : await res.text();
    assert.ok(!text.includes('"not-found"'), `${method} ${path} is routed (${res.status} ${text})`);
  }
});

test('every error code the server can send is documented in openapi.yaml and README.md', () => {
  const codes = new Set<string>();
  for (const name of readdirSync(here)) {
    if (!name.endsWith('.ts') || name.endsWith('.test.ts') || name === 'operatorPage.ts' || name === 'testDesk.ts') continue;
    const source = readFileSync(new URL(name, here), 'utf8');
    for (const m of source.matchAll(/(?:badRequest|unauthorized|notFound|conflict)\(\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
    for (const m of source.matchAll(/(?:new ApiError|problem)\(\s*\d+,\s*'([a-z0-9-]+)'/g)) codes.add(m[1]!);
    for (const m of source.matchAll(/\bcode: '([a-z0-9-]+)'/g)) codes.add(m[1]!);
  }
  // Operator-only refusals are not part of the desk's API.
  for (const operatorOnly of [
    'catalog-invalid',
    'catalog-version-exists',
    'calendar-invalid',
    'calendar-version-exists',
    'status-invalid',
    'agency-id-invalid',
    'not-competent-agency',
    'lookup-result-invalid',
  ]) {
    codes.delete(operatorOnly);
  }
  assert.ok(codes.size >= 30, `found ${codes.size} codes`);
  const undocumented = [...codes].filter((c) => !spec.includes(`\`${c}\``) || !readme.includes(`\`${c}\``));
  assert.deepEqual(undocumented, []);
});

// Every error kind, provoked for real, checked against what openapi.yaml promises for that
// operation: the status is documented there, the documented code is the one in the body,
// the body is JSON and valid against components.schemas.Error, the extra fields the text
// promises ("has `missing`") and the headers the response declares (Tus-Version,
// WWW-Authenticate) are present. Implementers copy this file's answers, not our intentions.

type Doc = {
  info: { description: string };
  paths: Record<string, Record<string, { security?: unknown[]; responses: Record<string, ResponseRef> }>>;
  components: { responses: Record<string, ResponseObject> };
};
type ResponseObject = { description: string; headers?: Record<string, unknown>; content?: Record<string, { schema: { $ref?: string } }> };
type ResponseRef = ResponseObject & { $ref?: string };

const yaml = createRequire(createRequire(import.meta.url).resolve('app-builder-lib/package.json'))('js-yaml') as { load(text: string): unknown };
const doc = yaml.load(spec) as Doc;
const ajv = new Ajv2020({ strict: false, validateFormats: false });
ajv.addSchema({ ...doc, $id: 'openapi.yaml' });
const validateError = ajv.getSchema('openapi.yaml#/components/schemas/Error')!;

/** Codes any path may answer (info.description): no operation lists them. */
const GLOBAL: Record<number, string[]> = { 404: ['not-found'], 500: ['server-error', 'upload-server-error'] };

/** A response as documented: the component behind a $ref, with the operation's own description over it. */
function documented(path: string, method: string, status: number): ResponseObject | undefined {
  const found = doc.paths[path]?.[method.toLowerCase()]?.responses[String(status)];
  if (!found) return undefined;
  if (!found.$ref) return found;
  const component = doc.components.responses[found.$ref.replace('#/components/responses/', '')]!;
  return { ...component, ...(found.description ? { description: found.description } : {}) };
}

const codesIn = (text: string): string[] => [...text.matchAll(/`([a-z0-9]+(?:-[a-z0-9]+)+)`/g)].map((m) => m[1]!);

interface ErrorKind {
  code: string;
  /** "METHOD /path" as in openapi.yaml; null for a path the spec does not have (a global code). */
  op: string | null;
  send(): Promise<Response>;
}

const b64 = (text: string) => Buffer.from(text).toString('base64');
const AGENCY = '000.17.22.H56';
const TUS = { 'Tus-Resumable': '1.0.0' };
const OCTETS = { ...TUS, 'Content-Type': 'application/offset+octet-stream' };
const JSON_TYPE = { 'Content-Type': 'application/json' };
const HASH = sha256(Buffer.from('never uploaded'));

async function post(path: string, body: unknown, headers: Record<string, string> = JSON_TYPE): Promise<Response> {
  return fetch(`${server.url}${path}`, { method: 'POST', headers, body: typeof body === 'string' ? body : JSON.stringify(body) });
}

/** An upload of this desk, `sent` of its `size` bytes already there; `deferred` creates it with Upload-Defer-Length. */
async function anUpload(size = 100, { sent = 0, deferred = false, hash }: { sent?: number; deferred?: boolean; hash?: string } = {}) {
  const bytes = randomFile(size);
  const res = await desk.fetch('/uploads', {
    method: 'POST',
    headers: {
      ...TUS,
      ...(deferred ? { 'Upload-Defer-Length': '1' } : { 'Upload-Length': String(size) }),
      'Upload-Metadata': `sha256 ${b64(hash ?? sha256(bytes))},size ${b64(String(size))}`,
    },
  });
  assert.equal(res.status, 201, await res.text());
  const url = desk.uploadUrl(res);
  if (sent > 0) assert.equal((await desk.patch(url, 0, bytes.subarray(0, sent))).status, 204);
  return { url, path: new URL(url).pathname, bytes };
}

async function patch(path: string, headers: Record<string, string>, body: Uint8Array = new Uint8Array(1)): Promise<Response> {
  return desk.fetch(path, { method: 'PATCH', headers, body: new Uint8Array(body) });
}

async function putAs(dossier: ReturnType<typeof makeDossier>, key = `${dossier.id}.${dossier.version}.${ulid()}`): Promise<Response> {
  return desk.putDossier(dossier, key);
}

async function stored(overrides: Parameters<typeof makeDossier>[1] = {}) {
  const dossier = makeDossier([], overrides);
  assert.equal((await putAs(dossier)).status, 200);
  return dossier;
}

async function putCopy(entry: WireCertifiedCopy): Promise<Response> {
  return desk.fetch(`/certified-copies/${entry.id}`, {
    method: 'PUT',
    headers: { ...JSON_TYPE, 'Idempotency-Key': `${entry.id}.1` },
    body: JSON.stringify(entry),
  });
}

let copyStored: Promise<WireCertifiedCopy> | null = null;

/** One real signed copy, uploaded and entered once as number 1 of this year's book. */
function storedCopy(): Promise<WireCertifiedCopy> {
  copyStored ??= (async () => {
    const copy = await signedCopy(1);
    await desk.upload(Buffer.from(copy.pdf));
    const entry = entryFor(copy, 1);
    assert.equal((await putCopy(entry)).status, 200);
    return entry;
  })();
  return copyStored;
}

async function expiredDesk(): Promise<TestDesk> {
  const gone = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY));
  expireDeskKey(server.db, gone.deskId, new Date(Date.now() - 1000));
  return gone;
}

const KINDS: ErrorKind[] = [
  { code: 'json-invalid', op: 'POST /desks/register', send: () => post('/desks/register', '{') },
  { code: 'content-type-json', op: 'POST /desks/register', send: () => post('/desks/register', '{}', { 'Content-Type': 'text/plain' }) },
  { code: 'public-key-invalid', op: 'POST /desks/register', send: () => post('/desks/register', { enrolmentCode: 'AAAA-BBBB-CCCC', publicKey: 'short' }) },
  { code: 'enrolment-code-invalid', op: 'POST /desks/register', send: () => TestDesk.register(server.url, 'AAAA-BBBB-CCCC') },
  {
    code: 'enrolment-code-used',
    op: 'POST /desks/register',
    send: async () => {
      const code = server.enrolmentCode(AGENCY);
      assert.equal((await TestDesk.register(server.url, code)).status, 201);
      return TestDesk.register(server.url, code);
    },
  },
  { code: 'public-key-registered', op: 'POST /desks/register', send: () => TestDesk.register(server.url, server.enrolmentCode(AGENCY), desk.keys) },
  {
    code: 'enrolment-code-expired',
    op: 'POST /desks/register',
    send: () => {
      const code = server.enrolmentCode(AGENCY);
      server.db.prepare('UPDATE enrolment_codes SET expires_ms = 0 WHERE used_by_desk IS NULL').run();
      return TestDesk.register(server.url, code);
    },
  },
  { code: 'json-invalid', op: 'POST /auth/challenge', send: () => post('/auth/challenge', '{') },
  { code: 'desk-unknown', op: 'POST /auth/challenge', send: () => post('/auth/challenge', { deskId: ulid() }) },
  { code: 'desk-key-expired', op: 'POST /auth/challenge', send: async () => post('/auth/challenge', { deskId: (await expiredDesk()).deskId }) },
  { code: 'challenge-invalid', op: 'POST /auth/token', send: () => post('/auth/token', { deskId: desk.deskId, nonce: 'nope', signature: 'nope' }) },
  { code: 'signature-invalid', op: 'POST /auth/token', send: async () => desk.requestToken((await TestDesk.newKeys()).privateKey) },
  {
    code: 'desk-key-expired',
    op: 'POST /auth/token',
    send: async () => post('/auth/token', { deskId: (await expiredDesk()).deskId, nonce: 'x', signature: 'x' }),
  },

  { code: 'auth-required', op: 'GET /changes', send: () => fetch(`${server.url}/changes`) },
  { code: 'token-invalid', op: 'GET /changes', send: () => fetch(`${server.url}/changes`, { headers: { Authorization: 'Bearer nope' } }) },
  {
    code: 'token-expired',
    op: 'GET /changes',
    send: async () => {
      const stale = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY));
      server.db.prepare('UPDATE tokens SET expires_ms = 0 WHERE desk_id = ?').run(stale.deskId);
      return stale.fetch('/changes');
    },
  },
  { code: 'desk-key-expired', op: 'GET /changes', send: async () => (await expiredDesk()).fetch('/changes') },
  { code: 'cursor-invalid', op: 'GET /changes', send: () => desk.fetch('/changes?since=not-a-cursor') },
  { code: 'limit-invalid', op: 'GET /changes', send: () => desk.fetch('/changes?limit=0') },
  { code: 'day-invalid', op: 'GET /reconcile', send: () => desk.fetch('/reconcile?day=2026-13-01') },
  { code: 'file-not-found', op: 'GET /files/{sha256}', send: () => desk.fetch(`/files/${HASH}`) },
  { code: 'lookup-invalid', op: 'POST /files/lookup', send: () => desk.fetch('/files/lookup', { method: 'POST', headers: JSON_TYPE, body: '{"sha256":"x"}' }) },
  { code: 'json-invalid', op: 'POST /files/lookup', send: () => desk.fetch('/files/lookup', { method: 'POST', headers: JSON_TYPE, body: '{' }) },
  { code: 'not-found', op: null, send: () => desk.fetch('/nowhere') },
  { code: 'not-found', op: null, send: () => desk.fetch('/uploads', { method: 'PUT', headers: TUS }) },

  { code: 'idempotency-key-required', op: 'PUT /dossiers/{id}', send: () => desk.putDossier(makeDossier(), '') },
  { code: 'dossier-invalid', op: 'PUT /dossiers/{id}', send: () => putAs({ ...makeDossier(), sets: 0 }) },
  {
    code: 'dossier-id-mismatch',
    op: 'PUT /dossiers/{id}',
    send: () =>
      desk.fetch(`/dossiers/${ulid()}`, { method: 'PUT', headers: { ...JSON_TYPE, 'Idempotency-Key': 'k-mismatch' }, body: JSON.stringify(makeDossier()) }),
  },
  {
    code: 'content-type-json',
    op: 'PUT /dossiers/{id}',
    send: () => desk.fetch(`/dossiers/${ulid()}`, { method: 'PUT', headers: { 'Idempotency-Key': 'k-type' }, body: 'x' }),
  },
  {
    code: 'json-invalid',
    op: 'PUT /dossiers/{id}',
    send: () => desk.fetch(`/dossiers/${ulid()}`, { method: 'PUT', headers: { ...JSON_TYPE, 'Idempotency-Key': 'k-json' }, body: '{' }),
  },
  { code: 'dossier-files-missing', op: 'PUT /dossiers/{id}', send: () => putAs(makeDossier([{ sha256: HASH, size: 3 }])) },
  {
    code: 'dossier-file-size-mismatch',
    op: 'PUT /dossiers/{id}',
    send: async () => {
      const bytes = randomFile(300);
      return putAs(makeDossier([{ sha256: await desk.upload(bytes), size: 301 }]));
    },
  },
  { code: 'dossier-version-conflict', op: 'PUT /dossiers/{id}', send: async () => putAs({ ...(await stored()), procedureName: 'Khác' }) },
  {
    code: 'dossier-version-stale',
    op: 'PUT /dossiers/{id}',
    send: async () => {
      const first = await stored();
      assert.equal((await putAs({ ...first, version: 2 })).status, 200);
      return putAs({ ...first, procedureName: 'Cũ hơn' });
    },
  },
  {
    code: 'received-at-immutable',
    op: 'PUT /dossiers/{id}',
    send: async () => putAs({ ...(await stored()), version: 2, receivedAt: '2026-11-23T10:15:00+07:00' }),
  },
  {
    code: 'idempotency-key-reused',
    op: 'PUT /dossiers/{id}',
    send: async () => {
      const first = await stored();
      return desk.putDossier(makeDossier(), `${first.id}.${first.version}.reused`).then(async (r) => {
        assert.equal(r.status, 200);
        return desk.putDossier({ ...first, procedureName: 'Khác' }, `${first.id}.${first.version}.reused`);
      });
    },
  },
  {
    code: 'idempotency-key-required',
    op: 'PUT /certified-copies/{id}',
    send: async () => desk.fetch(`/certified-copies/${ulid()}`, { method: 'PUT', headers: JSON_TYPE, body: JSON.stringify(await storedCopy()) }),
  },
  { code: 'certified-copy-invalid', op: 'PUT /certified-copies/{id}', send: async () => putCopy({ ...(await storedCopy()), id: ulid(), pages: 0 }) },
  {
    code: 'content-type-json',
    op: 'PUT /certified-copies/{id}',
    send: () => desk.fetch(`/certified-copies/${ulid()}`, { method: 'PUT', headers: { 'Idempotency-Key': 'c-type' }, body: 'x' }),
  },
  {
    code: 'json-invalid',
    op: 'PUT /certified-copies/{id}',
    send: () => desk.fetch(`/certified-copies/${ulid()}`, { method: 'PUT', headers: { ...JSON_TYPE, 'Idempotency-Key': 'c-json' }, body: '{' }),
  },
  {
    code: 'certified-copy-file-missing',
    op: 'PUT /certified-copies/{id}',
    send: async () =>
      putCopy({ ...(await storedCopy()), id: ulid(), book: { ...(await storedCopy()).book, number: 2 }, file: { sha256: HASH, size: 3, name: 'x.pdf' } }),
  },
  { code: 'certified-copy-conflict', op: 'PUT /certified-copies/{id}', send: async () => putCopy({ ...(await storedCopy()), document: 'Khác' }) },
  { code: 'certified-copy-number-taken', op: 'PUT /certified-copies/{id}', send: async () => putCopy({ ...(await storedCopy()), id: ulid() }) },
  {
    code: 'certified-copy-fetch-code-taken',
    op: 'PUT /certified-copies/{id}',
    send: async () => {
      const entry = await storedCopy();
      const fetchCode = newFetchCode();
      assert.equal((await putCopy({ ...entry, id: ulid(), book: { ...entry.book, number: 41 }, fetchCode })).status, 200);
      return putCopy({ ...entry, id: ulid(), book: { ...entry.book, number: 43 }, fetchCode });
    },
  },
  {
    code: 'certified-copy-not-found',
    op: 'GET /public/certified-copies/{fetchCode}',
    send: () => fetch(`${server.url}/public/certified-copies/${newFetchCode()}`),
  },
  {
    code: 'body-too-large',
    op: 'PUT /certified-copies/{id}',
    send: () =>
      desk.fetch(`/certified-copies/${ulid()}`, {
        method: 'PUT',
        headers: { ...JSON_TYPE, 'Idempotency-Key': 'c-big' },
        body: `"${'x'.repeat(5 * 1024 * 1024)}"`,
      }),
  },
  {
    code: 'body-too-large',
    op: 'PUT /dossiers/{id}',
    send: () =>
      desk.fetch(`/dossiers/${ulid()}`, { method: 'PUT', headers: { ...JSON_TYPE, 'Idempotency-Key': 'k-big' }, body: `"${'x'.repeat(5 * 1024 * 1024)}"` }),
  },
  { code: 'dossier-not-found', op: 'GET /dossiers/{id}', send: () => desk.fetch(`/dossiers/${ulid()}`) },

  { code: 'tus-version-unsupported', op: 'POST /uploads', send: () => desk.fetch('/uploads', { method: 'POST', headers: { 'Upload-Length': '1' } }) },
  {
    code: 'tus-version-unsupported',
    op: 'POST /uploads',
    send: () => desk.fetch('/uploads', { method: 'POST', headers: { 'Tus-Resumable': '0.2.2', 'Upload-Length': '1' } }),
  },
  { code: 'auth-required', op: 'POST /uploads', send: () => fetch(`${server.url}/uploads`, { method: 'POST', headers: { ...TUS, 'Upload-Length': '1' } }) },
  { code: 'desk-key-expired', op: 'POST /uploads', send: async () => (await expiredDesk()).createUpload(3, HASH) },
  { code: 'upload-metadata-invalid', op: 'POST /uploads', send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Length': '10' } }) },
  {
    code: 'upload-metadata-invalid',
    op: 'POST /uploads',
    send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Length': '10', 'Upload-Metadata': 'sha256 !!,,' } }),
  },
  {
    code: 'upload-metadata-invalid',
    op: 'POST /uploads',
    send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Defer-Length': '1', 'Upload-Metadata': `sha256 ${b64(HASH)}` } }),
  },
  {
    code: 'upload-header-invalid',
    op: 'POST /uploads',
    send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Metadata': `sha256 ${b64(HASH)},size ${b64('3')}` } }),
  },
  { code: 'upload-header-invalid', op: 'POST /uploads', send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Length': 'ten' } }) },
  {
    code: 'upload-header-invalid',
    op: 'POST /uploads',
    send: () =>
      desk.fetch('/uploads', {
        method: 'POST',
        headers: { ...TUS, 'Upload-Length': '3', 'Upload-Defer-Length': '1', 'Upload-Metadata': `sha256 ${b64(HASH)},size ${b64('3')}` },
      }),
  },
  {
    code: 'upload-header-invalid',
    op: 'POST /uploads',
    send: () => desk.fetch('/uploads', { method: 'POST', headers: { ...TUS, 'Upload-Length': '3', 'Upload-Concat': 'partial' } }),
  },
  { code: 'upload-too-large', op: 'POST /uploads', send: () => desk.createUpload(MAX_UPLOAD_BYTES + 1, HASH) },

  {
    code: 'tus-version-unsupported',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload()).path, { 'Upload-Offset': '0', 'Content-Type': 'application/offset+octet-stream' }),
  },
  {
    code: 'upload-content-type-invalid',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload()).path, { ...TUS, 'Upload-Offset': '0', 'Content-Type': 'application/json' }),
  },
  { code: 'upload-content-type-invalid', op: 'PATCH /uploads/{uploadId}', send: async () => patch((await anUpload()).path, { ...TUS, 'Upload-Offset': '0' }) },
  { code: 'upload-header-invalid', op: 'PATCH /uploads/{uploadId}', send: async () => patch((await anUpload()).path, OCTETS) },
  { code: 'upload-header-invalid', op: 'PATCH /uploads/{uploadId}', send: async () => patch((await anUpload()).path, { ...OCTETS, 'Upload-Offset': '-1' }) },
  {
    code: 'auth-required',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => fetch((await anUpload()).url, { method: 'PATCH', headers: { ...OCTETS, 'Upload-Offset': '0' }, body: new Uint8Array(1) }),
  },
  { code: 'upload-not-found', op: 'PATCH /uploads/{uploadId}', send: () => patch('/uploads/0123456789abcdef', { ...OCTETS, 'Upload-Offset': '0' }) },
  {
    code: 'upload-offset-conflict',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload(100, { sent: 10 })).path, { ...OCTETS, 'Upload-Offset': '0' }),
  },
  {
    code: 'upload-too-large',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload(100)).path, { ...OCTETS, 'Upload-Offset': '0' }, new Uint8Array(200)),
  },
  {
    code: 'upload-hash-mismatch',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload(100, { hash: HASH })).path, { ...OCTETS, 'Upload-Offset': '0' }, randomFile(100)),
  },
  {
    code: 'upload-metadata-invalid',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => patch((await anUpload(100, { deferred: true })).path, { ...OCTETS, 'Upload-Offset': '0', 'Upload-Length': '99' }),
  },
  {
    code: 'upload-header-invalid',
    op: 'PATCH /uploads/{uploadId}',
    send: async () => {
      const { path, bytes } = await anUpload(100, { deferred: true });
      assert.equal((await patch(path, { ...OCTETS, 'Upload-Offset': '0', 'Upload-Length': '100' }, bytes.subarray(0, 10))).status, 204);
      return patch(path, { ...OCTETS, 'Upload-Offset': '10', 'Upload-Length': '100' }, bytes.subarray(10, 20));
    },
  },
  { code: 'tus-version-unsupported', op: 'DELETE /uploads/{uploadId}', send: async () => desk.fetch((await anUpload()).path, { method: 'DELETE' }) },
  {
    code: 'upload-not-found',
    op: 'DELETE /uploads/{uploadId}',
    send: async () => {
      const other = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY));
      return other.fetch((await anUpload()).path, { method: 'DELETE', headers: TUS });
    },
  },
];

/** Documented codes no request from outside can provoke here, and why. */
const NOT_PROVOKED: Record<string, string> = {
  'server-error': 'a fault inside the server',
  'upload-server-error': 'a fault inside the server or the tus library',
  'upload-gone': 'no expiry is configured, so an upload is never gone rather than missing',
  'upload-interrupted': 'the client whose body was cut off never reads the answer; a takeover needs a request held past the lock drain timeout',
};

test('every error kind answers with its documented status and a JSON Error body', async () => {
  const problems: string[] = [];
  for (const kind of KINDS) {
    const res = await kind.send();
    const where = `${kind.op ?? 'any path'} → ${res.status} ${kind.code}`;
    const check = (ok: unknown, what: string) => void (ok || problems.push(`${where}: ${what}`));
    const [method, path] = kind.op?.split(' ') ?? ['', ''];
    const response = kind.op ? documented(path!, method!, res.status) : undefined;
    if (response) {
      check(codesIn(response.description).includes(kind.code), `the spec's ${res.status} does not name the code`);
      check(response.content?.['application/json']?.schema.$ref === '#/components/schemas/Error', 'not documented as a JSON Error');
      for (const header of Object.keys(response.headers ?? {})) check(res.headers.has(header), `documented header ${header} is missing`);
    } else {
      check(GLOBAL[res.status]?.includes(kind.code), 'status not documented for this operation');
    }
    check(/^application\/json\b/.test(res.headers.get('content-type') ?? ''), `content type ${res.headers.get('content-type')}`);
    const text = await res.text();
    let body: { code?: unknown } | null = null;
    try {
      body = JSON.parse(text) as { code?: unknown };
    } catch {
      check(false, `not JSON: ${text.trim()}`);
      continue;
    }
    check(validateError(body), `not an Error: ${text}`);
    check(body?.code === kind.code, `answered ${text}`);
    const extra = response && new RegExp(`\`${kind.code}\` \\(has \`(\\w+)\`\\)`).exec(response.description);
    if (extra) check(body !== null && extra[1]! in body, `the spec promises \`${extra[1]}\``);
  }
  assert.deepEqual(problems, []);
});

test('a HEAD error has no body but a documented status', async () => {
  const missing = await desk.fetch('/uploads/0123456789abcdef', { method: 'HEAD', headers: TUS });
  assert.equal(missing.status, 404);
  assert.ok(documented('/uploads/{uploadId}', 'HEAD', 404));
  const old = await desk.fetch((await anUpload()).path, { method: 'HEAD', headers: { 'Tus-Resumable': '0.2.2' } });
  assert.equal(old.status, 412);
  assert.equal(old.headers.get('tus-version'), '1.0.0');
  assert.ok(documented('/uploads/{uploadId}', 'HEAD', 412));
});

test('every documented error code is provoked above, or said why not', () => {
  const documentedCodes = new Set(codesIn(doc.info.description));
  for (const [path, item] of Object.entries(doc.paths)) {
    for (const method of Object.keys(item)) {
      if (method === 'parameters') continue;
      for (const status of Object.keys(item[method]!.responses)) {
        if (Number(status) >= 400) for (const code of codesIn(documented(path, method, Number(status))!.description)) documentedCodes.add(code);
      }
    }
  }
  const provoked = new Set(KINDS.map((k) => k.code));
  assert.deepEqual(
    [...documentedCodes].filter((c) => !provoked.has(c) && !(c in NOT_PROVOKED)),
    [],
  );
  assert.deepEqual(
    [...provoked].filter((c) => !documentedCodes.has(c)),
    [],
  );
});

test('a deferred length is declared by a later PATCH, and until then HEAD says it is deferred', async () => {
  const { path, bytes } = await anUpload(3000, { deferred: true });
  const before = await desk.fetch(path, { method: 'HEAD', headers: TUS });
  assert.equal(before.status, 200);
  assert.equal(before.headers.get('upload-defer-length'), '1');
  assert.equal(before.headers.get('upload-length'), null);

  assert.equal((await patch(path, { ...OCTETS, 'Upload-Offset': '0' }, bytes.subarray(0, 1000))).status, 204);
  const declared = await patch(path, { ...OCTETS, 'Upload-Offset': '1000', 'Upload-Length': '3000' }, bytes.subarray(1000, 2000));
  assert.equal(declared.status, 204);
  const after = await desk.fetch(path, { method: 'HEAD', headers: TUS });
  assert.equal(after.headers.get('upload-length'), '3000');
  assert.equal(after.headers.get('upload-defer-length'), null);

  const last = await patch(path, { ...OCTETS, 'Upload-Offset': '2000' }, bytes.subarray(2000));
  assert.equal(last.status, 204);
  assert.equal(last.headers.get('upload-sha256'), sha256(bytes));
  assert.equal((await desk.fetch(`/files/${sha256(bytes)}`, { method: 'HEAD' })).status, 200);
});
