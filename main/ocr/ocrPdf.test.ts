import { after, test } from 'node:test';
import assert from 'node:assert/strict';
import sharp from 'sharp';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFRawStream, StandardFonts, decodePDFRawStream, degrees } from 'pdf-lib';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';
import { processImage } from '#main/scan/pipeline/process.ts';
import { buildComponentPdf } from '#main/scan/pipeline/pdf.ts';
import { isDeskError } from '#domain/errors.ts';
import { OcrEngine } from './engine.ts';
import { addTextLayer, looksSigned } from './ocrPdf.ts';
import { characterAccuracy, pdfToText, printedText, qpdfProblems, scannedComponent } from './testSupport.ts';

const engine = new OcrEngine();
after(() => engine.terminate());

const WORDS = ['Nguyễn Thị Thu Hương', 'Tân Phước', 'ĐĂNG KÝ KHAI SINH', 'Đồng Tháp', 'cư trú'];

async function contentText(pdf: Uint8Array): Promise<string> {
  const doc = await PDFDocument.load(pdf);
  const page = doc.getPage(0);
  const contents = page.node.Contents();
  const refs = contents instanceof PDFArray ? contents.asArray() : contents ? [contents] : [];
  return refs
    .map((r) => doc.context.lookup(r))
    .filter((s): s is PDFRawStream => s instanceof PDFRawStream)
    .map((s) => Buffer.from(decodePDFRawStream(s).decode()).toString('latin1'))
    .join('\n');
}

test('a 300 dpi bilevel page of Vietnamese gets an invisible text layer that pdftotext reads, and stays a sound PDF', async () => {
  const before = await scannedComponent([{ dpi: 300, store: 'bilevel' }]);
  assert.doesNotMatch(pdfToText(before), /Phước/, 'the scan alone has no text');
  const result = await addTextLayer(before, engine);
  assert.equal(qpdfProblems(result.pdf), null);
  const text = pdfToText(result.pdf);
  for (const words of WORDS) assert.ok(text.includes(words), `pdftotext does not find «${words}» in:\n${text}`);
  // The floor only; the measured figure is bench/ocr.ts's.
  assert.ok(characterAccuracy(printedText(), text) > 0.9, text);
  assert.match(await contentText(result.pdf), /\b3 Tr\b/, 'the text is drawn in render mode 3 (invisible)');
  assert.equal(result.skipped, 0);
  assert.ok(result.words > 200);
});

test('a 200 dpi grey (JPEG) page gets its text layer too', async () => {
  const result = await addTextLayer(await scannedComponent([{ dpi: 200, store: 'gray' }]), engine);
  assert.equal(qpdfProblems(result.pdf), null);
  const text = pdfToText(result.pdf);
  for (const words of WORDS) assert.ok(text.includes(words), `pdftotext does not find «${words}» in:\n${text}`);
});

test('a page turned by the officer (/Rotate 90 over a sideways scan) is read upright', async () => {
  const raw = await makeTestPage('text', { dpi: 200 });
  const sideways = await sharp(raw).rotate(270).png().toBuffer();
  const page = await processImage(sideways, { dpi: 200, override: 'bilevel' });
  const doc = await PDFDocument.load(await buildComponentPdf([page], { component: 'Tờ khai', scannedAt: '2026-12-07T09:00:00+07:00' }));
  doc.getPage(0).setRotation(degrees(90));
  const result = await addTextLayer(await doc.save(), engine);
  const text = pdfToText(result.pdf);
  for (const words of ['Nguyễn Thị Thu Hương', 'Tân Phước']) assert.ok(text.includes(words), `pdftotext does not find «${words}» in:\n${text}`);
});

test('a page with no text gets an empty layer, not an error; a page that is not a desk scan is left as it is', async () => {
  const blank = await scannedComponent([{ kind: 'blank', dpi: 200, store: 'bilevel' }]);
  const imported = await PDFDocument.create();
  const font = await imported.embedFont(StandardFonts.Helvetica);
  imported.addPage([300, 300]).drawText('Imported page', { font, x: 20, y: 150 });
  const joined = await PDFDocument.load(blank);
  const [copied] = await joined.copyPages(imported, [0]);
  joined.addPage(copied);
  const result = await addTextLayer(await joined.save(), engine);
  assert.equal(result.words, 0);
  assert.equal(result.skipped, 1);
  assert.equal(qpdfProblems(result.pdf), null);
  assert.equal(pdfToText(result.pdf).replace(/\s/g, ''), 'Importedpage');
});

test('a signed PDF is refused, never altered', async () => {
  const doc = await PDFDocument.load(await scannedComponent([{ kind: 'sparse', dpi: 100, store: 'bilevel' }]));
  const sig = doc.context.obj({ Type: 'Sig', Filter: 'Adobe.PPKLite', SubFilter: 'ETSI.CAdES.detached', ByteRange: [0, 10, 20, 30] });
  doc.catalog.set(PDFName.of('Sig'), doc.context.register(sig));
  const refused = (e: unknown) => isDeskError(e) && e.code === 'ocr.signed' && /ký số/.test(e.text.vi) && /signed/.test(e.text.en);
  const plain = await doc.save({ useObjectStreams: false });
  assert.ok(looksSigned(plain));
  await assert.rejects(addTextLayer(plain, engine), refused);
  // The signature dictionary inside a compressed object stream, where no byte scan sees it.
  const compressed = await doc.save({ useObjectStreams: true });
  assert.ok(!looksSigned(compressed));
  await assert.rejects(addTextLayer(compressed, engine), refused);
});

test('what is not a PDF is a bilingual refusal', async () => {
  await assert.rejects(
    addTextLayer(new TextEncoder().encode('%PDF-1.7 nothing'), engine),
    (e) => isDeskError(e) && e.code === 'ocr.not-pdf' && !!e.text.vi && !!e.text.en,
  );
});

test('recognising a file that has a text layer again replaces the layer: every word once, the scan untouched', async () => {
  const scan = await scannedComponent([{ dpi: 200, store: 'gray' }]);
  const once = await addTextLayer(scan, engine);
  const twice = await addTextLayer(once.pdf, engine);
  assert.equal(qpdfProblems(twice.pdf), null);
  const count = (text: string, words: string) => text.split(words).length - 1;
  const [first, second] = [pdfToText(once.pdf), pdfToText(twice.pdf)];
  assert.ok(count(first, 'Nguyễn Thị Thu Hương') >= 1);
  for (const words of WORDS) assert.equal(count(second, words), count(first, words), `«${words}» appears as often as after one run`);
  const layers = (pdf: Uint8Array) => contentText(pdf).then((text) => text.match(/\b3 Tr\b/g)?.length ?? 0);
  assert.deepEqual([await layers(once.pdf), await layers(twice.pdf)], [1, 1]);
  const fonts = async (pdf: Uint8Array) =>
    ((await PDFDocument.load(pdf)).getPage(0).node.Resources()?.lookup(PDFName.of('Font')) as PDFDict | undefined)?.keys().length ?? 0;
  assert.equal(await fonts(twice.pdf), await fonts(once.pdf), 'the earlier layer’s font resource went with it');
  assert.match(await contentText(twice.pdf), /\/Image[-\w]* Do/, 'the scan’s image is still drawn');
});
