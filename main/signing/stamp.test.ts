// The visible stamp as a viewer draws it: pdftoppm renders the page, and the pixels inside the
// stamp rectangle must show the blue signature, the red seal and black text; nothing outside.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import sharp from 'sharp';
import { PDFArray, PDFDict, PDFDocument, PDFName, PDFNumber, StandardFonts, degrees, rgb } from 'pdf-lib';
import { toDeskIso } from '#domain/deskTime.ts';
import type { DeskError } from '#domain/errors.ts';
import { sign } from './pades.ts';
import { MIN_FONT_SIZE, defaultStampTemplate, stampLines, stampTemplateSchema } from './stamp.ts';
import { loadPdf, pageRefs } from './pdfFile.ts';
import { verifyPdf } from './verify.ts';
import { pdfsig, qpdfCheck, samplePdf, sealPng, signerPng, tempDir, testPki } from './test-support.ts';

const PAGE_HEIGHT = 595;
const RECT = { x: 200, y: 40, width: 200, height: 140 };

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
function count(raster: Raster, rect: typeof RECT, match: (rgb: [number, number, number]) => boolean, pageHeight = PAGE_HEIGHT): number {
  let n = 0;
  for (let y = Math.round(pageHeight - rect.y - rect.height); y < pageHeight - rect.y; y++) {
    for (let x = Math.round(rect.x); x < rect.x + rect.width; x++) if (match(raster.pixel(x, y))) n++;
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
  assert.ok(count(raster, { ...RECT, height: 40 }, dark) > 50, 'black text under the images');
  // The seal covers the left third of the signature: red and blue meet in the middle band.
  const left = { x: RECT.x, y: RECT.y + 40, width: RECT.width / 2, height: RECT.height - 40 };
  assert.ok(count(raster, left, red) > count(raster, left, blue), 'the seal sits on the left');
  // Nothing spills out to the left of the rectangle.
  assert.equal(count(raster, { x: 20, y: RECT.y, width: RECT.x - 20, height: RECT.height }, nonWhite), 0);

  const { signatures, output } = pdfsig(pdf, pki.nssDir);
  assert.match(signatures[0] ?? '', /Signature is Valid\./, output);
  assert.equal((await verifyPdf(pdf, { trustAnchors: [pki.ca.certificate] })).signatures[0]?.verdict, 'valid');
  assert.match(Buffer.from(pdf).toString('latin1'), /\/Rect \[ 200 40 400 180 \]/);
});

test('a stamp without images shows only black text, on the page asked for', async () => {
  const pki = await testPki();
  const rect = { x: 40, y: 300, width: 200, height: 70 };
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

const SIGNED_AT = new Date('2026-12-07T23:05:09Z');

test('the stamp’s content: title above, the certificate’s name below, organisation and the time in Vietnamese at UTC+7, 24-hour', () => {
  const content = { organisation: 'UBND xã Tân Phú', signerName: 'Nguyễn Thị Hương', title: 'Công chức Bộ phận một cửa' };
  const { above, below } = stampLines(defaultStampTemplate, content, SIGNED_AT);
  assert.deepEqual(above, [{ text: 'Công chức Bộ phận một cửa', bold: true }]);
  assert.deepEqual(
    below.map((l) => l.text),
    ['Nguyễn Thị Hương', 'UBND xã Tân Phú', 'Ký số lúc 06 giờ 05 phút 09 giây', 'ngày 08/12/2026 (giờ Việt Nam, UTC+07:00)'],
  );
  // No title: its line is left out, not drawn empty.
  assert.deepEqual(stampLines(defaultStampTemplate, { ...content, title: ' ' }, SIGNED_AT).above, []);
  // The decree's own ISO 8601 form is one placeholder away for an administrator who wants it.
  const iso = { ...defaultStampTemplate, below: [{ text: 'Thời gian ký: {iso}' }] };
  assert.deepEqual(stampLines(iso, content, SIGNED_AT).below, [{ text: 'Thời gian ký: 2026-12-08T06:05:09+07:00', bold: false }]);
  assert.equal(defaultStampTemplate.checked, '2026-12-07');
  assert.ok(defaultStampTemplate.fontSize >= MIN_FONT_SIZE);
  assert.throws(() => stampTemplateSchema.parse({ ...defaultStampTemplate, fontSize: 8 }), /fontSize/);
});

test('a signed stamp reads back as text: the certificate’s name, title, organisation and time, at 9 pt or more; /TU carries it too', async () => {
  const pki = await testPki();
  const signingTime = new Date(Date.now() - 3_600_000);
  const { pdf, stamp } = await sign(await samplePdf(), {
    signer: pki.officer,
    signingTime,
    stamp: {
      page: 0,
      corner: 'bottom-right',
      organisation: 'UBND xã Tân Phú',
      title: 'Công chức một cửa',
      signerImage: await signerPng(),
      sealImage: await sealPng(),
    },
  });
  assert.equal(stamp?.placed, 'free-area');
  const dir = tempDir('text-');
  writeFileSync(join(dir, 'doc.pdf'), pdf);
  const text = execFileSync('pdftotext', ['-f', '1', '-l', '1', '-layout', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  const time = toDeskIso(signingTime);
  for (const expected of ['Công chức một cửa', 'Nguyễn Thị Hương', 'UBND xã Tân Phú', `Ký số lúc ${time.slice(11, 13)} giờ ${time.slice(14, 16)} phút`]) {
    assert.ok(text.normalize('NFC').includes(expected), `${expected} in:\n${text}`);
  }
  const sizes = execFileSync('pdftotext', ['-bbox', '-f', '1', '-l', '1', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' });
  const stampWords = [...sizes.matchAll(/<word xMin="[\d.]+" yMin="([\d.]+)" xMax="[\d.]+" yMax="([\d.]+)">(Hương|Tân|Ký)<\/word>/g)];
  assert.ok(stampWords.length >= 3, sizes);
  for (const [, yMin, yMax] of stampWords) assert.ok(Number(yMax) - Number(yMin) >= 9, `word height ${Number(yMax) - Number(yMin)}`);
  const widget = Buffer.from(pdf).toString('latin1');
  assert.match(widget, /\/TU <FEFF/);
});

test('the officer’s rectangle must lie on the page, cover no content and hold the stamp’s text at its size', async () => {
  const pki = await testPki();
  const pdf = await samplePdf();
  const stamp = { page: 0, organisation: 'UBND xã Tân Phú' };
  await assert.rejects(sign(pdf, { signer: pki.officer, stamp: { ...stamp, rect: { x: 300, y: 40, width: 200, height: 80 } } }), (e: DeskError) => {
    assert.equal(e.code, 'signing.bad-stamp-rect');
    assert.match(e.text.vi, /ngoài trang 1/);
    assert.match(e.text.en, /outside page 1/);
    return true;
  });
  await assert.rejects(sign(pdf, { signer: pki.officer, stamp: { ...stamp, rect: { x: 40, y: 40, width: 200, height: 20 } } }), (e: DeskError) => {
    assert.equal(e.code, 'signing.stamp-too-small');
    assert.match(e.text.vi, /quá nhỏ/);
    return true;
  });
  // Over the page's text: refused, so that an officer's choice hides no content either.
  await assert.rejects(sign(pdf, { signer: pki.officer, stamp: { ...stamp, rect: { x: 30, y: 500, width: 200, height: 80 } } }), (e: DeskError) => {
    assert.equal(e.code, 'signing.stamp-over-content');
    assert.match(e.text.vi, /đè lên nội dung của trang 1/);
    assert.match(e.text.en, /covers content on page 1/);
    return true;
  });
  const { stamp: outcome } = await sign(pdf, { signer: pki.officer, stamp: { ...stamp, rect: { x: 40, y: 40, width: 200, height: 80 } } });
  assert.deepEqual(outcome && outcome.placed === 'officer' ? outcome.rect : null, { x: 40, y: 40, width: 200, height: 80 });
});

/** An A4 page whose text runs down the page and whose bottom-right corner holds a dark box. */
async function busyPdf(full = false): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  const font = await doc.embedFont(StandardFonts.TimesRoman);
  const page = doc.addPage([595, 842]);
  const lines = full ? 56 : 28;
  for (let i = 0; i < lines; i++)
    page.drawText('Noi dung van ban hanh chinh, dong chu dai de chiem cho tren trang giay A4.', { x: 40, y: 800 - i * 14, size: 12, font });
  if (!full) page.drawRectangle({ x: 360, y: 40, width: 200, height: 150, color: rgb(0.25, 0.25, 0.25) });
  return doc.save();
}

test('signed where the page is free: pdfsig and qpdf accept it, and pdftoppm shows the stamp touching no pixel of the content', async () => {
  const pki = await testPki();
  const original = await busyPdf();
  const { pdf, stamp } = await sign(original, {
    signer: pki.officer,
    signingTime: new Date(Date.now() - 3_600_000),
    stamp: { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú', signerImage: await signerPng(), sealImage: await sealPng() },
  });
  assert.ok(stamp?.placed === 'free-area', JSON.stringify(stamp));
  qpdfCheck(pdf);
  const { signatures, output } = pdfsig(pdf, pki.nssDir);
  assert.match(signatures[0] ?? '', /Signature is Valid\./, output);

  const height = 842;
  const [before, after] = [await render(original, 1), await render(pdf, 1)];
  let changed = 0;
  let onContent = 0;
  let outside = 0;
  const r = stamp.rect;
  for (let y = 0; y < height; y++) {
    for (let x = 0; x < before.width; x++) {
      const [b, a] = [before.pixel(x, y), after.pixel(x, y)];
      if (b.every((v, i) => Math.abs(v - a[i]!) < 8)) continue;
      changed++;
      if (nonWhite(b)) onContent++;
      const px = x + 0.5;
      const py = height - y - 0.5;
      if (px < r.x - 1 || px > r.x + r.width + 1 || py < r.y - 1 || py > r.y + r.height + 1) outside++;
    }
  }
  assert.ok(changed > 500, `the stamp is drawn (${changed} pixels)`);
  assert.equal(onContent, 0, 'no stamp pixel lies on a content pixel');
  assert.equal(outside, 0, 'every stamp pixel lies inside the stamp rectangle');
  assert.equal(count(before, r, nonWhite, height), 0, 'the content had nothing under the stamp');
});

test('a page with no free area: the signature is made invisible, says why, and keeps the stamp’s text in the field', async () => {
  const pki = await testPki();
  const original = await busyPdf(true);
  const { pdf, stamp } = await sign(original, { signer: pki.officer, stamp: { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú' } });
  assert.equal(stamp?.placed, 'invisible');
  assert.ok(stamp.placed === 'invisible' && /không còn chỗ trống/.test(stamp.reason.vi) && /no free area/.test(stamp.reason.en));
  assert.match(Buffer.from(pdf).toString('latin1'), /\/Rect \[ 0 0 0 0 \]/);
  assert.match(Buffer.from(pdf).toString('latin1'), /\/TU <FEFF/);
  qpdfCheck(pdf);
  assert.match(pdfsig(pdf, pki.nssDir).signatures[0] ?? '', /Signature is Valid\./);
  const [before, after] = [await render(original, 1), await render(pdf, 1)];
  const all = { x: 0, y: 0, width: before.width, height: 842 };
  assert.equal(count(after, all, nonWhite, 842), count(before, all, nonWhite, 842));
});

test('officer then leader: the second stamp avoids the first, and both signatures stay valid', async () => {
  const pki = await testPki();
  const content = { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú', signerImage: await signerPng() } as const;
  const signingTime = new Date(Date.now() - 3_600_000);
  const first = await sign(await busyPdf(), { signer: pki.officer, signingTime, stamp: content });
  const second = await sign(first.pdf, { signer: pki.leader, signingTime, stamp: { ...content, title: 'CHỦ TỊCH', sealImage: await sealPng() } });
  assert.ok(first.stamp?.placed === 'free-area' && second.stamp?.placed === 'free-area', JSON.stringify([first.stamp, second.stamp]));
  const [a, b] = [first.stamp.rect, second.stamp.rect];
  const apart = a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
  assert.ok(apart, `${JSON.stringify(a)} and ${JSON.stringify(b)} do not overlap`);
  const { signatures, output } = pdfsig(second.pdf, pki.nssDir);
  assert.equal(signatures.length, 2, output);
  for (const s of signatures) assert.match(s, /Signature is Valid\./, output);
});

test('a page stored sideways (/Rotate 90, 180, 270): the stamp reads upright at the bottom right as the page is shown', async () => {
  const pki = await testPki();
  for (const angle of [90, 180, 270]) {
    const doc = await PDFDocument.create();
    const font = await doc.embedFont(StandardFonts.TimesRoman);
    const page = doc.addPage([595, 842]);
    page.drawText('Noi dung', { x: 60, y: 760, size: 14, font });
    page.setRotation(degrees(angle));
    const original = await doc.save();
    const { pdf, stamp } = await sign(original, { signer: pki.officer, stamp: { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú' } });
    assert.equal(stamp?.placed, 'free-area', `${angle}°`);
    const [before, after] = [await render(original, 1), await render(pdf, 1)];
    const shownHeight = angle === 180 ? 842 : 595;
    let [x0, y0, x1, y1] = [Infinity, Infinity, -Infinity, -Infinity];
    for (let y = 0; y < shownHeight; y++) {
      for (let x = 0; x < before.width; x++) {
        if (before.pixel(x, y).every((v, i) => Math.abs(v - after.pixel(x, y)[i]!) < 8)) continue;
        [x0, y0, x1, y1] = [Math.min(x0, x), Math.min(y0, y), Math.max(x1, x), Math.max(y1, y)];
      }
    }
    assert.ok(x1 > before.width * 0.6 && y1 > shownHeight * 0.8, `${angle}°: drawn at ${x0},${y0}–${x1},${y1} of ${before.width}×${shownHeight}`);
    // The text lines run across: the drawing is wider than it is tall, as the upright stamp is.
    assert.ok(x1 - x0 > y1 - y0, `${angle}°: ${x1 - x0} wide, ${y1 - y0} tall`);
    const dir = tempDir('rotated-');
    writeFileSync(join(dir, 'doc.pdf'), pdf);
    const text = execFileSync('pdftotext', ['-layout', join(dir, 'doc.pdf'), '-'], { encoding: 'utf8' }).normalize('NFC');
    assert.ok(text.includes('Nguyễn Thị Hương'), `${angle}°: ${text}`);
  }
});

test('a seal scanned at a known resolution is drawn at its actual size (Phụ lục I II.8(a)); one without stays at the template’s height', async () => {
  const pki = await testPki();
  // A 40 mm seal scanned at 300 dpi: 472 px, 113 pt on paper.
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="472" height="472"><circle cx="236" cy="236" r="226" stroke="#d01010" stroke-width="16" fill="none"/></svg>`;
  const scanned = await sharp(Buffer.from(svg)).png().withMetadata({ density: 300 }).toBuffer();
  const page = await busyPdf();
  const reach = async (seal: Buffer) => {
    const { pdf, stamp } = await sign(page, {
      signer: pki.officer,
      stamp: { page: 0, corner: 'bottom-right', organisation: 'UBND xã Tân Phú', signerImage: await signerPng(), sealImage: seal },
    });
    assert.ok(stamp?.placed === 'free-area', JSON.stringify(stamp));
    const raster = await render(pdf, 1);
    let [x0, x1] = [Infinity, -Infinity];
    for (let y = 0; y < 842; y++) {
      for (let x = 0; x < raster.width; x++) {
        if (!red(raster.pixel(x, y))) continue;
        [x0, x1] = [Math.min(x0, x), Math.max(x1, x)];
      }
    }
    return x1 - x0 + 1;
  };
  const actual = await reach(scanned);
  assert.ok(Math.abs(actual - 113) <= 3, `the scanned seal is ${actual} pt wide, 113 on paper`);
  // The same seal at screen resolution says nothing about paper: the template's 64 pt.
  const screen = await sharp(Buffer.from(svg)).png().withMetadata({ density: 72 }).toBuffer();
  const fallback = await reach(screen);
  assert.ok(Math.abs(fallback - defaultStampTemplate.imageHeight) <= 3, `${fallback} pt wide`);
});
