// The dossier code as a QR code drawn in vector form: one filled path of module
// rectangles, crisp at any zoom or printer resolution (no raster image to blur).
import QRCode from 'qrcode';
import { rgb, type PDFPage } from 'pdf-lib';

/** Draws the code with its top-left corner at (x, top); `size` is the symbol's width in points. */
export function drawQrCode(page: PDFPage, text: string, { x, top, size }: { x: number; top: number; size: number }) {
  const { modules } = QRCode.create(text, { errorCorrectionLevel: 'M' });
  const count = modules.size;
  // Horizontal runs of dark modules merge into one rectangle each: fewer path operators,
  // and no hairline seams between neighbours in some viewers.
  let path = '';
  for (let row = 0; row < count; row++) {
    let col = 0;
    while (col < count) {
      if (!modules.get(row, col)) {
        col++;
        continue;
      }
      const start = col;
      while (col < count && modules.get(row, col)) col++;
      path += `M${start} ${row}h${col - start}v1h${start - col}z`;
    }
  }
  // drawSvgPath uses SVG's y-down coordinates from (x, y), which is exactly the module grid.
  page.drawSvgPath(path, { x, y: top, scale: size / count, color: rgb(0, 0, 0) });
}
