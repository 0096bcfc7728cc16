// The component assembler before issue 17, kept only as the reference the streamed one
// (assembly.ts, pipeline/pdfAssemble.ts) is compared with: the tests check both make the same
// document, and bench/scanning.ts measures both on the same pages. It parses every page and
// builds the whole PDF in memory with pdf-lib.
import { PDFDocument, degrees } from 'pdf-lib';
import { badPage, type PageRotation } from './pipeline/pdfAssemble.ts';
import { PRODUCER, type ComponentPdfMeta } from './pipeline/pdf.ts';

export interface AssemblePage {
  pdf: Uint8Array;
  rotation: PageRotation;
}

async function copyPagesOf(doc: PDFDocument, pdf: Uint8Array, index: number) {
  try {
    const source = await PDFDocument.load(pdf);
    return await doc.copyPages(source, source.getPageIndices());
  } catch {
    throw badPage(index);
  }
}

export async function assembleInMemory(pages: readonly AssemblePage[], meta: ComponentPdfMeta): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  for (const [index, page] of pages.entries()) {
    for (const copied of await copyPagesOf(doc, page.pdf, index)) {
      copied.setRotation(degrees((copied.getRotation().angle + page.rotation) % 360));
      doc.addPage(copied);
    }
  }
  doc.setTitle(meta.component);
  if (meta.dossierCode) doc.setSubject(meta.dossierCode);
  doc.setKeywords([`pages:${doc.getPageCount()}`]);
  doc.setProducer(PRODUCER);
  doc.setCreator(PRODUCER);
  doc.setCreationDate(new Date(meta.scannedAt));
  return doc.save({ useObjectStreams: false });
}
