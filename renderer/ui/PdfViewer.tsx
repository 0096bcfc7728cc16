// Shows a PDF with pdf.js and prints it as the rendered pages, which works the same in
// Electron and in a plain browser without relying on a PDF plugin.
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { openPdf, renderPage, type PdfDocument } from './pdfRaster.ts';

const ZOOMS = [0.75, 1, 1.4, 2, 3];
const PRINT_SCALE = 300 / 72;

/**
 * `printRequest`: each new value (from 1) prints the form once it is loaded, as the Print button
 * does; where main cannot print it (browser mode, no printer chosen) the dialog opens by itself.
 */
export function PdfViewer({ bytes, title, printRequest = 0 }: { bytes: Uint8Array; title: string; printRequest?: number }) {
  const { t } = useTranslation();
  const host = useRef<HTMLDivElement>(null);
  const [doc, setDoc] = useState<PdfDocument | null>(null);
  const [printImages, setPrintImages] = useState<string[]>([]);
  const [zoom, setZoom] = useState(2);
  const printed = useRef(0);

  useEffect(() => {
    // The previous document is destroyed below: printing must wait for the new one.
    setDoc(null);
    const task = openPdf(bytes);
    let cancelled = false;
    void task.promise.then(async (loaded) => {
      if (cancelled) return;
      const target = host.current;
      if (!target) return;
      target.replaceChildren();
      for (let n = 1; n <= loaded.numPages && !cancelled; n++) {
        const canvas = await renderPage(loaded, n, ZOOMS[zoom]!);
        canvas.setAttribute('aria-label', `${title} — ${n}/${loaded.numPages}`);
        target.append(canvas);
        // Printing (asked for or by the button) starts once page 1 is on screen: its 300 dpi
        // renders would otherwise hold the first page back (issue 17).
        if (n === 1) setDoc(loaded);
      }
    });
    return () => {
      cancelled = true;
      void task.destroy();
    };
  }, [bytes, title, zoom]);

  useEffect(() => {
    if (printImages.length === 0) return;
    const done = () => {
      for (const url of printImages) URL.revokeObjectURL(url);
      setPrintImages([]);
    };
    window.addEventListener('afterprint', done, { once: true });
    window.print();
    return () => window.removeEventListener('afterprint', done);
  }, [printImages]);

  useEffect(() => {
    if (!doc || printRequest <= printed.current) return;
    printed.current = printRequest;
    void print();
  });

  async function print() {
    if (!doc) return;
    const urls: string[] = [];
    for (let n = 1; n <= doc.numPages; n++) {
      const canvas = await renderPage(doc, n, PRINT_SCALE);
      const blob = await new Promise<Blob | null>((ok) => canvas.toBlob(ok, 'image/png'));
      if (blob) urls.push(URL.createObjectURL(blob));
    }
    setPrintImages(urls);
  }

  return (
    <div className="pdf-block">
      <div className="actions">
        <button aria-label={t('common.zoomOut')} onClick={() => setZoom((z) => Math.max(0, z - 1))} disabled={zoom === 0}>
          −
        </button>
        <span className="muted">{Math.round(ZOOMS[zoom]! * 100)}%</span>
        <button aria-label={t('common.zoomIn')} onClick={() => setZoom((z) => Math.min(ZOOMS.length - 1, z + 1))} disabled={zoom === ZOOMS.length - 1}>
          +
        </button>
        <button className="primary" onClick={() => void print()} disabled={!doc}>
          {t('common.print')}
        </button>
      </div>
      {/* Focusable so that the pages scroll with the keyboard too. */}
      <div className="pdf-viewer" ref={host} data-pages={doc?.numPages ?? 0} role="region" aria-label={title} tabIndex={0} />
      {printImages.length > 0 &&
        createPortal(
          <div className="print-area">
            {printImages.map((url) => (
              <img key={url} src={url} alt="" />
            ))}
          </div>,
          document.body,
        )}
    </div>
  );
}
