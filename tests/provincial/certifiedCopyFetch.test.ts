// The citizen fetches a certified copy with the code on the slip (issue 15 §1, delivery): the
// province answers the very bytes the desk uploaded, without a desk token, to the code alone; an
// unknown or malformed code is a bilingual 404; nothing lists copies; the code is kept as a hash.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { newFetchCode } from '#domain/certification/fetchCode.ts';
import type { CertifiedCopy } from '#preload/wire/certification.ts';
import { certifiedCopies } from './certifiedCopies.ts';
import { entryFor, signedCopy } from './certifiedCopyFixture.ts';
import { TestDesk, startTestServer, type TestServer } from './testDesk.ts';

const AGENCY = '000.17.22.H56';
let server: TestServer;
let desk: TestDesk;
let copy: CertifiedCopy;
const fetchCode = newFetchCode();

before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY));
  copy = await signedCopy(1);
  await desk.upload(Buffer.from(copy.pdf));
  const entry = entryFor(copy, 1, { fetchCode });
  const res = await desk.fetch(`/certified-copies/${entry.id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${entry.id}.1` },
    body: JSON.stringify(entry),
  });
  assert.equal(res.status, 200, await res.text());
});
after(() => server.close());

const publicFetch = (code: string) => fetch(`${server.url}/public/certified-copies/${encodeURIComponent(code)}`);

test('the code on the slip gets the signed PDF the desk uploaded, byte for byte, without a desk token', async () => {
  const res = await publicFetch(fetchCode);
  assert.equal(res.status, 200);
  assert.equal(res.headers.get('content-type'), 'application/pdf');
  assert.deepEqual(new Uint8Array(await res.arrayBuffer()), copy.pdf);
  // Read back from a phone or typed by hand: lower case, spaces, O for 0 and I for 1 still find it.
  const typed = fetchCode.toLowerCase().replace(/-/g, ' ').replace(/0/g, 'o').replace(/1/g, 'i');
  assert.equal((await publicFetch(typed)).status, 200);
});

test('an unknown or malformed code is a 404 in Vietnamese and English; there is no listing', async () => {
  for (const code of [newFetchCode(), 'ABCD', '../../files', 'U'.repeat(12)]) {
    const res = await publicFetch(code);
    assert.equal(res.status, 404, code);
    const body = (await res.json()) as { code: string; message: { vi: string; en: string } };
    assert.equal(body.code, 'certified-copy-not-found');
    assert.match(body.message.vi, /Không có bản sao chứng thực với mã này/);
    assert.match(body.message.en, /No certified copy has this code/);
  }
  // Without a code the path is no public route: it asks for a desk's token like any other.
  const listing = await fetch(`${server.url}/public/certified-copies`);
  assert.equal(listing.status, 401);
  assert.equal(((await listing.json()) as { code: string }).code, 'auth-required');
});

test('the province keeps the code only as its hash: not in the stored entry, not in any column', () => {
  const [entry] = certifiedCopies(server.db, AGENCY, Number(entryFor(copy, 1).book.year));
  assert.equal(entry?.fetchCode, undefined);
  const rows = server.db.prepare('SELECT * FROM certified_copy_fetch').all() as Array<Record<string, string>>;
  assert.equal(rows.length, 1);
  assert.ok(!JSON.stringify(rows).includes(fetchCode));
  assert.ok(!JSON.stringify(server.db.prepare('SELECT * FROM certified_copies').all()).includes(fetchCode));
});
