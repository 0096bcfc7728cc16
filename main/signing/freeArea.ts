// Where the stamp can go without covering anything: the free rectangle nearest the corner the
// officer prefers (bottom right by default), on the ink grid of pageInk.ts.
import type { StampCorner } from '#preload/wire/signing.ts';
import { INK, type InkGrid } from './pageInk.ts';
import type { Rect } from './stamp.ts';

export interface FreeAreaOptions {
  /** The corner as the officer names it, on an unrotated page. */
  corner?: StampCorner;
  /** The corner in the page's own user space, which `corner` stands for on an unrotated page. */
  toward?: { right: boolean; top: boolean };
  /** Kept clear from the page's edges, where printers do not print: 1 cm. */
  margin?: number;
  /** Kept clear around the stamp, so that it does not touch content. */
  gap?: number;
}

export const DEFAULT_MARGIN = 28;
export const DEFAULT_GAP = 6;

/** The free `width` × `height` rectangle closest to `corner`, or null when the page has none. */
export function findFreeArea(grid: InkGrid, size: { width: number; height: number }, options: FreeAreaOptions): Rect | null {
  const { cell, cols, rows, box } = grid;
  const margin = options.margin ?? DEFAULT_MARGIN;
  const gap = options.gap ?? DEFAULT_GAP;
  // Summed-area table of cells holding ink: any rectangle is checked in constant time.
  const sum = new Uint32Array((cols + 1) * (rows + 1));
  for (let r = 0; r < rows; r++) {
    let line = 0;
    for (let c = 0; c < cols; c++) {
      line += grid.ink[r * cols + c]! >= INK ? 1 : 0;
      sum[(r + 1) * (cols + 1) + c + 1] = sum[r * (cols + 1) + c + 1]! + line;
    }
  }
  const inkIn = (c0: number, r0: number, c1: number, r1: number) => {
    const [a, b] = [Math.max(0, c0), Math.max(0, r0)];
    const [c, d] = [Math.min(cols, c1), Math.min(rows, r1)];
    if (c <= a || d <= b) return 0;
    return sum[d * (cols + 1) + c]! - sum[b * (cols + 1) + c]! - sum[d * (cols + 1) + a]! + sum[b * (cols + 1) + a]!;
  };

  const w = Math.ceil(size.width / cell);
  const h = Math.ceil(size.height / cell);
  const g = Math.ceil(gap / cell);
  // Cells where the stamp's lower-left corner may sit with the whole stamp inside the margins.
  const minC = Math.ceil(margin / cell);
  const minR = minC;
  const maxC = Math.floor((box.width - margin - size.width) / cell);
  const maxR = Math.floor((box.height - margin - size.height) / cell);
  if (maxC < minC || maxR < minR) return null;
  const { right, top } = options.toward ?? { right: options.corner !== 'bottom-left', top: options.corner === 'top-right' };
  const targetC = right ? maxC : minC;
  const targetR = top ? maxR : minR;
  let best: { c: number; r: number; d: number } | null = null;
  for (let r = minR; r <= maxR; r++) {
    const dr = r - targetR;
    if (best && dr * dr >= best.d) continue;
    for (let c = minC; c <= maxC; c++) {
      const dc = c - targetC;
      const d = dc * dc + dr * dr;
      if (best && d >= best.d) continue;
      if (inkIn(c - g, r - g, c + w + g, r + h + g) === 0) best = { c, r, d };
    }
  }
  if (!best) return null;
  return { x: box.x + best.c * cell, y: box.y + best.r * cell, width: size.width, height: size.height };
}

/** Whether `rect` (user space) covers no ink: an officer's own rectangle must not hide content either. */
export function isFree(grid: InkGrid, rect: Rect): boolean {
  const { cell, cols, rows, box } = grid;
  const c0 = Math.max(0, Math.floor((rect.x - box.x) / cell));
  const r0 = Math.max(0, Math.floor((rect.y - box.y) / cell));
  const c1 = Math.min(cols, Math.ceil((rect.x + rect.width - box.x) / cell));
  const r1 = Math.min(rows, Math.ceil((rect.y + rect.height - box.y) / cell));
  for (let r = r0; r < r1; r++) for (let c = c0; c < c1; c++) if (grid.ink[r * cols + c]! >= INK) return false;
  return true;
}
