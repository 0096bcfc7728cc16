// The visible stamp as a viewer draws it: pdftoppm renders the page, and the pixels inside the
// stamp rectangle must show the blue signature, the red seal and black text; nothing outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PDFArray, PDFDict, PDFName, PDFNumber } from 'pdf-lib';
import { sign } from './pades.ts';
import { loadPdf, pageRefs } from './pdfFile.ts';
import { verifyPdf } from './verify.ts';
import { pdfsig, samplePdf, sealPng, signerPng, tempDir, testPki } from './test-support.ts';

const PAGE_HEIGHT = 595;
const RECT = { x: 220, y: 40, width: 180, height: 110 };

interface Raster {
  width: number;
  pixel(x: number, y: number): [number, number, number];
}

/** The page at 72 dpi, so that one pixel is one PDF point. */
async function render(pdf: Uint8Array, page: number): Promise<Raster> {
  const dir = tempDir('render-');
  writeFileSync(join(dir, 'doc.pdf'), pdf);
  execFileSync('pdftoppm', ['-r', '72', '-f', String(page), '-l', String(page), '-png', '-singlefile', join(dir, 'doc.pdf'), join(dir, 'page')]);
  const { data, info } = await sharp(join(dir, 'page.png')).removeAlpha().raw().toBuffer({ resolveWithObject: true });
  return {
    width: info.width,
    pixel: (x, y) => {
      const at = (y * info.width + x) * 3;
      return [data[at]!, data[at + 1]!, data[at + 2]!];
    },
  };
}

/** Counts pixels in a rectangle given in PDF points (origin bottom-left). */
function count(raster: Raster, rect: typeof RECT, match: (rgb: [number, number, number]) => boolean): number {
  let n = 0;
  for (let y = PAGE_HEIGHT - rect.y - rect.height; y < PAGE_HEIGHT - rect.y; y++) {
    for (let x = rect.x; x < rect.x + rect.width; x++) if (match(raster.pixel(x, y))) n++;
  }
  return n;
}

const nonWhite = ([r, g, b]: [number, number, number]) => r < 230 || g < 230 || b < 230;
const red = ([r, g, b]: [number, number, number]) => r > 150 && g < 90 && b < 90;
const blue = ([r, , b]: [number, number, number]) => b > 130 && r < 90;
const dark = ([r, g, b]: [number, number, number]) => r < 80 && g < 80 && b < 80;

test('a visible stamp draws the blue signature, the red seal overlapping it and the text, inside its rectangle only', async () => {
  const pki = await testPki();
  const { pdf } = await sign(await samplePdf(), {
    signer: pki.officer,
    // An hour ago: inside the test certificate's validity (from a day back), whatever the date.
    signingTime: new Date(Date.now() - 3_600_000),
    stamp: { page: 0, rect: RECT, organisation: 'UBND xã Tân Phú', signerImage: await signerPng(), sealImage: await sealPng() },
  });
  const raster = await render(pdf, 1);
  assert.ok(count(raster, RECT, red) > 200, 'red seal');
  assert.ok(count(raster, RECT, blue) > 200, 'blue signature');
  assert.ok(count(raster, { ...RECT, height: 26 }, dark) > 50, 'black text under the images');
  // The seal covers the left third of the signature: red and blue meet in the middle band.
  const left = { x: RECT.x, y: RECT.y + 26, width: RECT.width / 2, height: RECT.height - 26 };
  assert.ok(count(raster, left, red) > count(raster, left, blue), 'the seal sits on the left');
  // Nothing spills out to the left of the rectangle.
  assert.equal(count(raster, { x: 20, y: RECT.y, width: RECT.x - 20, height: RECT.height }, nonWhite), 0);

  const { signatures, output } = pdfsig(pdf, pki.nssDir);
  assert.match(signatures[0] ?? '', /Signature is Valid\./, output);
  assert.equal((await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures[0]?.verdict, 'valid');
  assert.match(Buffer.from(pdf).toString('latin1'), /\/Rect \[ 220 40 400 150 \]/);
});

test('a stamp without images shows only black text, on the page asked for', async () => {
  const pki = await testPki();
  const rect = { x: 40, y: 300, width: 200, height: 60 };
  const { pdf } = await sign(await samplePdf(), { signer: pki.officer, stamp: { page: 1, rect, organisation: 'Văn phòng UBND xã Tân Phú' } });
  const raster = await render(pdf, 2);
  assert.ok(count(raster, rect, dark) > 50);
  assert.equal(count(raster, rect, red) + count(raster, rect, blue), 0);
  assert.equal(count(await render(pdf, 1), rect, nonWhite), 0);
});

test('an invisible signature has a zero rectangle on page 1 and changes no pixel', async () => {
  const pki = await testPki();
  const original = await samplePdf();
  const { pdf } = await sign(original, { signer: pki.officer, reason: 'SAO Y' });
  const doc = await loadPdf(pdf);
  const annots = doc.context.lookup(pageRefs(doc)[0], PDFDict).lookup(PDFName.of('Annots'), PDFArray);
  const widget = doc.context.lookup(annots.get(0), PDFDict);
  assert.equal(widget.lookup(PDFName.of('FT')), PDFName.of('Sig'));
  assert.deepEqual(
    widget
      .lookup(PDFName.of('Rect'), PDFArray)
      .asArray()
      .map((n) => (n as PDFNumber).asNumber()),
    [0, 0, 0, 0],
  );
  const [before, after] = [await render(original, 1), await render(pdf, 1)];
  const all = { x: 0, y: 0, width: before.width, height: PAGE_HEIGHT };
  assert.equal(count(after, all, nonWhite), count(before, all, nonWhite));
});

test('a stamp on a page the document lacks, or with an image that is not PNG, is refused with a reason', async () => {
  const pki = await testPki();
  const pdf = await samplePdf();
  await assert.rejects(
    sign(pdf, { signer: pki.officer, stamp: { page: 5, rect: RECT, organisation: 'UBND' } }),
    (e: Error & { code?: string }) => e.code === 'signing.bad-page',
  );
  await assert.rejects(
    sign(pdf, { signer: pki.officer, stamp: { page: 0, rect: RECT, organisation: 'UBND', sealImage: new TextEncoder().encode('GIF89a') } }),
    (e: Error & { code?: string }) => e.code === 'signing.bad-stamp-image',
  );
});
