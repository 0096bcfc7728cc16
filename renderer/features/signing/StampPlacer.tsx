// The officer places the stamp by hand: the page as it will be signed, with a box the size the
// stamp reserves. A click puts the box there; with the keyboard, the arrow keys move it (Shift
// for larger steps). The area is sent in the page's own points; main checks that it lies on
// the page and holds the stamp's text at its size.
import { useEffect, useRef, useState, type KeyboardEvent, type MouseEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { StampPage } from '#preload/wire/signing.ts';
import { openPdf } from '#renderer/ui/pdfRaster.ts';

/** The area reserved, in points as the page is seen: room for the title, images and four lines. */
export const MANUAL_STAMP = { width: 200, height: 170 } as const;
const PREVIEW_WIDTH = 260;
const MARGIN = 28;

export interface StampArea {
  /** Zero-based. */
  page: number;
  x: number;
  y: number;
  width: number;
  height: number;
}

interface Shown {
  page: number;
  /** Pixels per point in the preview. */
  scale: number;
  /** The page as seen, in points. */
  width: number;
  height: number;
  /** Seen point → the page's own user space (pdf.js handles /Rotate and the crop box). */
  toPdf(x: number, y: number): [number, number];
}

export function StampPlacer(props: { pdf: Uint8Array; which: StampPage; onChange(area: StampArea | null): void }) {
  const { t } = useTranslation();
  const holder = useRef<HTMLDivElement>(null);
  const [shown, setShown] = useState<Shown | null>(null);
  // The box's top-left corner, in points as the page is seen.
  const [at, setAt] = useState<{ left: number; top: number } | null>(null);
  const { pdf, which, onChange } = props;

  useEffect(() => {
    let gone = false;
    const task = openPdf(pdf);
    void (async () => {
      const doc = await task.promise;
      const n = which === 'first' ? 1 : doc.numPages;
      const page = await doc.getPage(n);
      const unit = page.getViewport({ scale: 1 });
      const viewport = page.getViewport({ scale: PREVIEW_WIDTH / unit.width });
      const canvas = document.createElement('canvas');
      canvas.width = Math.ceil(viewport.width);
      canvas.height = Math.ceil(viewport.height);
      await page.render({ canvas, viewport }).promise;
      if (gone || !holder.current) return;
      holder.current.replaceChildren(canvas);
      setShown({
        page: n - 1,
        scale: viewport.scale,
        width: unit.width,
        height: unit.height,
        toPdf: (x, y) => unit.convertToPdfPoint(x, y) as [number, number],
      });
      setAt({ left: Math.round(unit.width - MARGIN - MANUAL_STAMP.width), top: Math.round(unit.height - MARGIN - MANUAL_STAMP.height) });
    })().catch(() => onChange(null));
    return () => {
      gone = true;
      void task.destroy();
    };
  }, [pdf, which, onChange]);

  useEffect(() => {
    if (!shown || !at) return;
    const [x1, y1] = shown.toPdf(at.left, at.top);
    const [x2, y2] = shown.toPdf(at.left + MANUAL_STAMP.width, at.top + MANUAL_STAMP.height);
    onChange({ page: shown.page, x: Math.min(x1, x2), y: Math.min(y1, y2), width: Math.abs(x2 - x1), height: Math.abs(y2 - y1) });
  }, [shown, at, onChange]);

  const move = (left: number, top: number) => {
    if (!shown) return;
    setAt({
      left: Math.round(Math.min(Math.max(0, left), shown.width - MANUAL_STAMP.width)),
      top: Math.round(Math.min(Math.max(0, top), shown.height - MANUAL_STAMP.height)),
    });
  };
  const click = (e: MouseEvent<HTMLDivElement>) => {
    if (!shown) return;
    const box = e.currentTarget.getBoundingClientRect();
    move((e.clientX - box.left) / shown.scale - MANUAL_STAMP.width / 2, (e.clientY - box.top) / shown.scale - MANUAL_STAMP.height / 2);
  };
  const keys = (e: KeyboardEvent<HTMLButtonElement>) => {
    if (!at) return;
    const step = e.shiftKey ? 50 : 10;
    const by: Record<string, [number, number]> = { ArrowLeft: [-step, 0], ArrowRight: [step, 0], ArrowUp: [0, -step], ArrowDown: [0, step] };
    const d = by[e.key];
    if (!d) return;
    e.preventDefault();
    move(at.left + d[0], at.top + d[1]);
  };

  return (
    <div className="stamp-placer">
      <p id="stamp-placer-help">{t('sign.placeHelp')}</p>
      <div style={{ position: 'relative', display: 'inline-block', border: '1px solid #767676', cursor: 'crosshair' }} onClick={click}>
        <div ref={holder} />
        {shown && at && (
          <button
            type="button"
            data-testid="stamp-box"
            aria-label={t('sign.placeBox', { page: shown.page + 1, left: at.left, bottom: Math.round(shown.height - at.top - MANUAL_STAMP.height) })}
            aria-describedby="stamp-placer-help"
            onKeyDown={keys}
            style={{
              position: 'absolute',
              left: at.left * shown.scale,
              top: at.top * shown.scale,
              width: MANUAL_STAMP.width * shown.scale,
              height: MANUAL_STAMP.height * shown.scale,
              border: '2px dashed #b00020',
              background: 'rgba(176, 0, 32, 0.08)',
              padding: 0,
              minHeight: 0,
            }}
          />
        )}
      </div>
    </div>
  );
}
