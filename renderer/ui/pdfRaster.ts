// pdf.js in the renderer: draws PDF pages onto canvases, for viewing, printing, and for
// turning an imported PDF page into an image the scan pipeline can recompress.
import * as pdfjs from 'pdfjs-dist';
import workerUrl from 'pdfjs-dist/build/pdf.worker.min.mjs?url';

pdfjs.GlobalWorkerOptions.workerSrc = workerUrl;

export type PdfDocument = pdfjs.PDFDocumentProxy;

/** pdf.js takes ownership of the buffer it is given: it always gets a copy. */
export function openPdf(bytes: Uint8Array) {
  return pdfjs.getDocument({ data: bytes.slice(), isEvalSupported: false });
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
