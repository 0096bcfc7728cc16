// Real files for the fuzzers to start from: PDFs as pdf-lib and qpdf write them, a PDF signed
// by the desk's own PAdES code, and scanned-page images in the formats import accepts.
import sharp from 'sharp';
import { makeTestPage } from '#main/scan/pipeline/testPages.ts';
import { sign } from '#main/signing/pades.ts';
import { qpdfPdf, samplePdf, testPki } from '#main/signing/test-support.ts';

export interface FuzzFiles {
  pdf: Uint8Array;
  classicPdf: Uint8Array;
  signedPdf: Uint8Array;
  images: Uint8Array[];
}

export async function fuzzFiles(): Promise<FuzzFiles> {
  const pki = await testPki();
  const pdf = await samplePdf();
  const classicPdf = await qpdfPdf();
  const signedPdf = (await sign(classicPdf, { signer: pki.officer, signingTime: new Date(Date.now() - 3_600_000) })).pdf;
  const page = await makeTestPage('text', { dpi: 50 });
  const images = await Promise.all([
    sharp(page).png().toBuffer(),
    sharp(page).jpeg({ quality: 60 }).toBuffer(),
    sharp(page).tiff({ compression: 'lzw' }).toBuffer(),
  ]);
  return { pdf, classicPdf, signedPdf, images: images.map((b) => new Uint8Array(b)) };
}
