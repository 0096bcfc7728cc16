// The province's side of electronic certified copies (issue 15 §1): a signed copy's entry is
// stored once whatever the retries; the book's number is given once per agency and year; the fee,
// the bytes' hash, the signature and the signer's certificate are checked against the entry.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ulid } from 'ulid';
import type { WireCertifiedCopy } from '#preload/wire/sync.ts';
import type { CertifiedCopy } from '#preload/wire/certification.ts';
import { scannedOriginal } from '#main/certification/testOriginals.ts';
import { certifiedCopies } from './certifiedCopies.ts';
import { entryFor, signedCopy } from './certifiedCopyFixture.ts';
import { TestDesk, startTestServer, type TestServer } from './testDesk.ts';

const AGENCY = '000.17.22.H56';
let server: TestServer;
let desk: TestDesk;
let copy: CertifiedCopy;

before(async () => {
  server = await startTestServer();
  desk = await TestDesk.enrol(server.url, server.enrolmentCode(AGENCY));
  copy = await signedCopy(1);
  await desk.upload(Buffer.from(copy.pdf));
});
after(() => server.close());

async function put(entry: WireCertifiedCopy, key = `${entry.id}.1`): Promise<{ status: number; body: Record<string, any> }> {
  const res = await desk.fetch(`/certified-copies/${entry.id}`, {
    method: 'PUT',
    headers: { 'Content-Type': 'application/json', 'Idempotency-Key': key },
    body: JSON.stringify(entry),
  });
  return { status: res.status, body: (await res.json()) as Record<string, any> };
}

const year = () => Number(entryFor(copy, 1).book.year);

test('a signed copy is stored once, however often it is sent', async () => {
  const entry = entryFor(copy, 1);
  const first = await put(entry);
  assert.equal(first.status, 200, JSON.stringify(first.body));
  const again = await put(entry, `${entry.id}.1.retry`);
  assert.equal(again.status, 200);
  assert.deepEqual(again.body, first.body);
  const book = certifiedCopies(server.db, AGENCY, year()).filter((c) => c.id === entry.id);
  assert.equal(book.length, 1);
  assert.equal(book[0]!.signer.certificateSha256, copy.certificateSha256);
});

test('the number is given once per book: another copy under the same number is refused', async () => {
  const other = entryFor(copy, 1, { document: 'Giấy khai sinh' });
  const res = await put(other);
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'certified-copy-number-taken');
  assert.match(res.body.message.vi, /Số chứng thực 1 quyển \d{4}\/SCT\/BSĐT đã được cấp/);
  assert.match(res.body.message.en, /Certification number 1 of book/);
});

test('a stored entry never changes: another body under its id is refused', async () => {
  const entry = entryFor(copy, 3);
  assert.equal((await put(entry)).status, 200);
  const res = await put({ ...entry, document: 'Sổ hộ khẩu' });
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'certified-copy-conflict');
});

test('the file goes first: an entry whose PDF was not uploaded names it as missing', async () => {
  const res = await put(entryFor(copy, 5, { file: { sha256: 'a'.repeat(64), size: 10, name: 'x.pdf' } }));
  assert.equal(res.status, 409);
  assert.equal(res.body.code, 'certified-copy-file-missing');
  assert.deepEqual(res.body.missing, ['a'.repeat(64)]);
});

test('a fee that is not TT 226/2016’s for the pages is refused in both languages; a province exemption is accepted', async () => {
  const wrong = await put(entryFor(copy, 7, { fee: { amount: 6000, tariff: 6000 } }));
  assert.equal(wrong.status, 400);
  assert.equal(wrong.body.code, 'certified-copy-invalid');
  assert.match(wrong.body.message.vi, /Lệ phí không đúng TT 226\/2016\/TT-BTC: bản chính 3 trang phải thu 5\.000 đồng/);
  assert.match(wrong.body.message.en, /a 3-page original costs 5000 VND/);
  const waivedWithoutBasis = await put(entryFor(copy, 7, { fee: { amount: 0, tariff: 5000 } }));
  assert.equal(waivedWithoutBasis.status, 400);
  const paidByProvince = await put(
    entryFor(copy, 7, { fee: { amount: 0, tariff: 5000, paidBy: { province: 'Hải Phòng', basis: 'NQ 43/2025/NQ-HĐND thành phố Hải Phòng' } } }),
  );
  assert.equal(paidByProvince.status, 200, JSON.stringify(paidByProvince.body));
});

test('an unsigned PDF, a copy altered after signing and a signature by another certificate are refused', async () => {
  const unsigned = Buffer.from(await scannedOriginal(['text']));
  const unsignedHash = await desk.upload(unsigned);
  const bare = await put(
    entryFor(copy, 9, { pages: 1, fee: { amount: 2000, tariff: 2000 }, file: { sha256: unsignedHash, size: unsigned.length, name: 'x.pdf' } }),
  );
  assert.equal(bare.status, 400);
  assert.equal(bare.body.code, 'certified-copy-invalid');
  assert.equal(bare.body.message.vi, 'Bản sao điện tử chưa được ký số.');

  // One byte inside the signed range changed: the bytes are what was uploaded, the signature no longer covers them.
  const altered = Buffer.from(copy.pdf);
  const at = altered.indexOf('/Producer');
  altered[at + 1] = altered[at + 1]! ^ 0x20;
  const alteredHash = await desk.upload(altered);
  const broken = await put(entryFor(copy, 9, { file: { sha256: alteredHash, size: altered.length, name: 'x.pdf' } }));
  assert.equal(broken.status, 400);
  assert.match(broken.body.message.en, /does not verify/);

  const otherSigner = await put(entryFor(copy, 9, { signer: { name: copy.signer, certificateSha256: 'b'.repeat(64) } }));
  assert.equal(otherSigner.status, 400);
  assert.match(otherSigner.body.message.en, /not signed with the certificate the book entry names/);
  assert.equal(certifiedCopies(server.db, AGENCY, year()).filter((c) => c.book.number === 9).length, 0);
});

test('an entry that does not validate lists its issues', async () => {
  const entry = entryFor(copy, 11);
  const res = await put({ ...entry, book: { ...entry.book, label: '1999/SCT/BSĐT' }, id: ulid() });
  assert.equal(res.status, 400);
  assert.equal(res.body.code, 'certified-copy-invalid');
  assert.ok(
    (res.body.issues as string[]).some((i) => i.startsWith('book.label')),
    JSON.stringify(res.body),
  );
});
