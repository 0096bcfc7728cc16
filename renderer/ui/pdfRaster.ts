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

/**
 * Draws page 1 of `bytes` where nothing shows it, once per run: pdf.js's parsing in its worker,
 * its font loading and its drawing were compiled on the officer's first receipt, which took
 * about 100 ms longer than the next ones to appear (issue 17).
 */
export async function warmPdfDrawing(bytes: Uint8Array): Promise<void> {
  const task = openPdf(bytes);
  try {
    await renderPage(await task.promise, 1, 1);
  } finally {
    await task.destroy();
  }
}

/** The first page of a PDF as a PNG at `dpi`. */
export async function rasteriseFirstPage(bytes: Uint8Array, dpi: number): Promise<Uint8Array<ArrayBuffer>> {
  const task = openPdf(bytes);
  try {
    const canvas = await renderPage(await task.promise, 1, dpi / 72);
    const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
    if (!blob) throw new Error('canvas.toBlob failed');
    return new Uint8Array(await blob.arrayBuffer());
  } finally {
    await task.destroy();
  }
}
