// Scanned originals for the certification tests and the `certify` bench: pages made by the
// scanner pipeline's synthetic page generator and encoded the way a scan is (JPEG in a
// component PDF), so the checks meet what a scanner really delivers. Not used by the app.
import { buildComponentPdf } from '../scan/pipeline/pdf.ts';
import { processImage } from '../scan/pipeline/process.ts';
import sharp from 'sharp';
import { a4Pixels, makeTestPage, type TestPageKind } from '../scan/pipeline/testPages.ts';
import type { ColorMode } from '#preload/wire/scan.ts';

export async function scannedOriginal(kinds: TestPageKind[], options: { dpi?: number; mode?: ColorMode } = {}): Promise<Uint8Array> {
  const dpi = options.dpi ?? 200;
  const mode = options.mode ?? 'color';
  const pages = await Promise.all(
    kinds.map(async (kind, i) =>
      processImage(await makeTestPage(kind, { dpi, channels: mode === 'color' ? 3 : 1, seed: i + 1 }), {
        dpi,
        mode,
        ...(mode === 'color' ? { override: 'color' as const } : {}),
      }),
    ),
  );
  return buildComponentPdf(pages, { component: 'Bản chính', scannedAt: '2026-12-07T09:00:00+07:00' });
}

/** A one-page colour scan of nothing but darkness: the lid left open on a failed lamp. */
export async function darkOriginal(dpi = 200): Promise<Uint8Array> {
  const { width, height } = a4Pixels(dpi);
  const png = await sharp({ create: { width, height, channels: 3, background: '#151515' } })
    .png()
    .toBuffer();
  return buildComponentPdf([await processImage(png, { dpi, mode: 'color', override: 'color' })], {
    component: 'Bản chính',
    scannedAt: '2026-12-07T09:00:00+07:00',
  });
}
