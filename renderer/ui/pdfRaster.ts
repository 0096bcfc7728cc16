// pdf.js in the renderer: draws PDF pages onto canvases, for viewing, printing, and for
// turning an imported PDF page into an image the scan pipeline can recompress.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = pdfjs.PDFDocumentProxy;

let worker: pdfjs.PDFWorker | null = null;

/**
 * The one pdf.js worker every document opens in. Without it pdf.js starts a worker per document
 * (fetching and compiling its 1.2 MB script) and ends it with the document: most of the time
 * between a receipt's bytes arriving and its first page showing (issue 17).
 */
export function pdfWorker(): pdfjs.PDFWorker {
  if (!worker || worker.destroyed) worker = new pdfjs.PDFWorker();
  return worker;
}

/** pdf.js takes ownership of the buffer it is given: it always gets a copy. Destroying the task leaves the shared worker running. */
export function openPdf(bytes: Uint8Array) {
  return pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false, worker: pdfWorker() });
}

export async function renderPage(doc: PdfDocument, n: number, scale: number): Promise<HTMLCanvasElement> {
  const page = await doc.getPage(n);
  const viewport = page.getViewport({ scale });
  const canvas = document.createElement('canvas');
  canvas.width = Math.ceil(viewport.width);
  canvas.height = Math.ceil(viewport.height);
  await page.render({ canvas, viewport }).promise;
  return canvas;
}

/** Page 1 of `bytes` drawn at `scale` on a canvas of its own, handed to `then`; the document is closed after. */
async function withFirstPage<T>(bytes: Uint8Array, scale: number, then: (canvas: HTMLCanvasElement) => T | Promise<T>): Promise<T> {
  const task = openPdf(bytes);
  try {
    return await then(await renderPage(await task.promise, 1, scale));
  } finally {
    await task.destroy();
  }
}

/**
 * Draws page 1 of `bytes` where nothing shows it, once per run: pdf.js's parsing in its worker,
 * its font loading and its drawing were compiled on the officer's first receipt, which took
 * about 100 ms longer than the next ones to appear (issue 17).
 */
export function warmPdfDrawing(bytes: Uint8Array): Promise<void> {
  return withFirstPage(bytes, 1, () => undefined);
}

/** The first page of a PDF as a PNG at `dpi`. */
export function rasteriseFirstPage(bytes: Uint8Array, dpi: number): Promise<Uint8Array<ArrayBuffer>> {
  return withFirstPage(bytes, dpi / 72, async (canvas) => {
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!blob) throw new Error('canvas.toBlob failed');
    return new Uint8Array(await blob.arrayBuffer());
  });
}
