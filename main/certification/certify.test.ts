// A certified copy from a 200 dpi colour scan: pdfsig and qpdf accept it, pdftotext reads the
// statement and the book number; an officer's own certificate, a blank, grey, low-resolution or
// unscanned page are refused before the token is opened (the PIN tries stay).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { DeskError } from '#domain/errors.ts';
import { SigningService } from '../signing/signingService.ts';
import { pdfsig, qpdfCheck, samplePdf, tempDir } from '../signing/test-support.ts';
import { certifyCall, certifyCopy, type CertifyRequest } from './certify.ts';
import { darkOriginal, scannedOriginal } from './testOriginals.ts';

const dir = tempDir('certify-');

function service(holder: 'officer' | 'organisation'): SigningService {
  const s = new SigningService();
  s.configure({ pkcs11Modules: [], emulator: true, emulatorHolder: holder, tsaUrl: null, trustAnchors: [] });
  return s;
}

const request = (original: Uint8Array): CertifyRequest => ({
  original,
  tokenId: 'emulator',
  certificateId: 'piv-9c',
  pin: '123456',
  office: { name: 'Ủy ban nhân dân xã Tân Phú', place: 'Tân Phú' },
  certifier: 'Nguyễn Thị Hương',
  entry: { number: 17, year: 2026, day: '2026-12-07' },
});

test('a 3-page colour scan at 200 dpi becomes a signed copy with the statement page: pdfsig valid, qpdf clean, number in the text', async () => {
  const signing = service('organisation');
  try {
    const original = await scannedOriginal(['text', 'seal', 'sparse']);
    const copy = await certifyCopy(signing, request(original));
    assert.deepEqual(
      copy.pages.map((p) => [p.page, p.dpi]),
      [
        [1, 200],
        [2, 200],
        [3, 200],
      ],
    );
    assert.equal((await PDFDocument.load(copy.pdf)).getPageCount(), 4);
    const { signatures, output } = pdfsig(copy.pdf);
    assert.equal(signatures.length, 1, output);
    assert.match(signatures[0]!, /Signature is Valid\./, output);
    assert.match(signatures[0]!, /Signer Certificate Common Name: UBND xã Tân Phú/, output);
    qpdfCheck(copy.pdf);
    const file = join(dir, 'copy.pdf');
    writeFileSync(file, copy.pdf);
    const text = execFileSync('pdftotext', ['-f', '4', '-l', '4', '-layout', file, '-'], { encoding: 'utf8' });
    assert.match(text, /Chứng thực bản sao điện tử đúng với bản chính\./);
    assert.match(text, /Số chứng thực: 17, quyển số 2026\/SCT\/BSĐT/);
    assert.match(text, /Tân Phú, ngày 07 tháng 12 năm 2026/);
    assert.match(text, /Nguyễn Thị Hương/);
    assert.equal(copy.book, '2026/SCT/BSĐT');
  } finally {
    await signing.close();
  }
});

test('an officer’s own certificate is refused in both languages, before the PIN is tried', async () => {
  const signing = service('officer');
  try {
    const original = await scannedOriginal(['text']);
    await assert.rejects(
      certifyCopy(signing, { ...request(original), pin: '000000' }),
      (e: unknown) =>
        e instanceof DeskError &&
        e.code === 'certification.notOrganisationCertificate' &&
        /Nguyễn Thị Hương/.test(e.text.vi) &&
        /chữ ký số của cơ quan/.test(e.text.vi) &&
        /office’s signature/.test(e.text.en),
    );
    const { tokens } = await signing.listTokens();
    assert.equal(tokens[0]!.pin.triesLeft, 3);
  } finally {
    await signing.close();
  }
});

test('blank, grey, low-resolution, unscanned and unreadable pages are refused with the page and what to do', async () => {
  const signing = service('organisation');
  try {
    const cases: Array<[Promise<Uint8Array>, string, RegExp]> = [
      [scannedOriginal(['text', 'blank']), 'certification.blankPage', /Trang 2 của bản chính trống/],
      [scannedOriginal(['text'], { mode: 'gray' }), 'certification.notColour', /quét màu/],
      [scannedOriginal(['seal'], { dpi: 150 }), 'certification.lowResolution', /150 dpi, dưới 200 dpi/],
      [samplePdf(), 'certification.notScanned', /không phải ảnh quét/],
      [darkOriginal(), 'certification.unreadable', /quá tối, không đọc được/],
    ];
    for (const [pdf, code, vi] of cases) {
      await assert.rejects(certifyCopy(signing, request(await pdf)), (e: unknown) => e instanceof DeskError && e.code === code && vi.test(e.text.vi));
    }
    assert.equal((await signing.listTokens()).tokens[0]!.pin.triesLeft, 3);
  } finally {
    await signing.close();
  }
});

test('on a desk offering the training token, certify.copy signs with a training certificate of this office, not the officer’s', async () => {
  const signing = service('officer');
  try {
    const call = certifyCall(signing);
    const copy = await call({ ...request(await scannedOriginal(['seal'])), office: { name: 'UBND Phường Mẫu (dữ liệu thử)', place: 'Phường Mẫu' } });
    assert.match(pdfsig(copy.pdf).signatures[0] ?? '', /Common Name: UBND Phường Mẫu \(dữ liệu thử\)/);
    assert.equal((await signing.listTokens()).tokens[0]!.certificates[0]!.subject, 'Nguyễn Thị Hương', 'the desk’s own training token is unchanged');
  } finally {
    await signing.close();
  }
});
