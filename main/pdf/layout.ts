// A small flowing-layout engine on top of pdf-lib: text wrapped by measured width with the
// embedded fonts, side-by-side blocks, and tables whose rows continue on new pages.
import { rgb, type PDFDocument, type PDFFont, type PDFPage } from 'pdf-lib';

export type FontStyle = 'regular' | 'bold' | 'italic';
export type FormFonts = Record<FontStyle, PDFFont>;
export type Align = 'left' | 'center' | 'right';

/** A stretch of text in one style; a paragraph is a list of runs. */
export interface Run {
  text: string;
  style?: FontStyle;
}
export type RichText = string | Run[];

export interface PageSpec {
  size: [number, number];
  margin: { top: number; right: number; bottom: number; left: number };
}

/** ISO 216 A5 portrait in points. */
export const A5_PORTRAIT: [number, number] = [419.53, 595.28];

const BLACK = rgb(0, 0, 0);
const RULE_WIDTH = 0.6;

/** Decomposed Vietnamese (base letter + combining marks) renders misplaced marks: compose first. */
export const nfc = (text: string) => text.normalize('NFC');

interface Piece {
  text: string;
  style: FontStyle;
  width: number;
}
export interface Line {
  pieces: Piece[];
  width: number;
}

function toRuns(text: RichText, style: FontStyle): Run[] {
  return typeof text === 'string' ? [{ text, style }] : text.map((r) => ({ text: r.text, style: r.style ?? style }));
}

// Measuring runs fontkit's full shaping; forms repeat the same words (both receipt copies,
// table headers, and every form of the day), so widths are remembered per typeface: one
// document's embedded subset measures as every other document's of the same face (issue 17:
// shaping was most of a receipt's render). Fonts never tied to a face keep a table of their own.
const unitWidths = new WeakMap<object, Map<string, number>>();
const faceOf = new WeakMap<PDFFont, object>();

/** Most words a face's table keeps: names and addresses differ on every form, so it is emptied when full. */
const MAX_REMEMBERED_WIDTHS = 20_000;

/** Ties an embedded font to the face file it was embedded from, so that it shares the face's widths. */
export function measureAsFace(font: PDFFont, face: object): void {
  faceOf.set(font, face);
}

function unitWidth(font: PDFFont, text: string): number {
  const key = faceOf.get(font) ?? font;
  let widths = unitWidths.get(key);
  if (!widths) unitWidths.set(key, (widths = new Map()));
  let width = widths.get(text);
  if (width === undefined) {
    if (widths.size >= MAX_REMEMBERED_WIDTHS) widths.clear();
    widths.set(text, (width = font.widthOfTextAtSize(text, 1)));
  }
  return width;
}

/**
 * Greedy word wrap over styled runs. `maxWidth` may vary by line (text beside an aside);
 * "\n" forces a break; a word wider than the line is broken between characters.
 */
export function wrapRuns(
  text: RichText,
  fonts: FormFonts,
  size: number,
  maxWidth: number | ((lineIndex: number) => number),
  style: FontStyle = 'regular',
): Line[] {
  const widthAt = typeof maxWidth === 'number' ? () => maxWidth : maxWidth;
  const measure = (s: string, st: FontStyle) => unitWidth(fonts[st], s) * size;
  const lines: Line[] = [];
  let line: Line = { pieces: [], width: 0 };
  // Whitespace between words is kept as written (templates space fields apart), dropped at line ends.
  let pendingSpace: { text: string; style: FontStyle } | null = null;

  const push = (s: string, st: FontStyle, w: number) => {
    const last = line.pieces.at(-1);
    if (last && last.style === st) {
      last.text += s;
      last.width += w;
    } else {
      line.pieces.push({ text: s, style: st, width: w });
    }
    line.width += w;
  };
  const endLine = () => {
    lines.push(line);
    line = { pieces: [], width: 0 };
    pendingSpace = null;
  };
  const placeWord = (word: string, st: FontStyle) => {
    const wordWidth = measure(word, st);
    const space = line.pieces.length ? pendingSpace : null;
    const spaceWidth = space ? measure(space.text, space.style) : 0;
    if (line.width + spaceWidth + wordWidth <= widthAt(lines.length)) {
      if (space) push(space.text, space.style, spaceWidth);
      push(word, st, wordWidth);
      pendingSpace = null;
      return;
    }
    if (line.pieces.length) endLine();
    if (wordWidth <= widthAt(lines.length)) {
      push(word, st, wordWidth);
      return;
    }
    for (const char of word) {
      const w = measure(char, st);
      if (line.pieces.length && line.width + w > widthAt(lines.length)) endLine();
      push(char, st, w);
    }
  };

  for (const run of toRuns(text, style)) {
    const st = run.style ?? style;
    nfc(run.text)
      .split('\n')
      .forEach((hardLine, i) => {
        if (i > 0) endLine();
        for (const token of hardLine.split(/(\s+)/)) {
          if (token === '') continue;
          if (/^\s+$/.test(token)) pendingSpace = { text: ' '.repeat(token.length), style: st };
          else placeWord(token, st);
        }
      });
  }
  if (line.pieces.length || lines.length === 0) lines.push(line);
  return lines;
}

/** Distance from a line box's top to its baseline; leaves room for stacked Vietnamese marks. */
const baselineDrop = (size: number, lineHeight: number) => (lineHeight - size) / 2 + 0.8 * size;

function drawLine(page: PDFPage, fonts: FormFonts, line: Line, x: number, baseline: number, size: number) {
  let cursor = x;
  for (const piece of line.pieces) {
    page.drawText(piece.text, { x: cursor, y: baseline, size, font: fonts[piece.style], color: BLACK });
    cursor += piece.width;
  }
}

function alignedX(align: Align, left: number, width: number, lineWidth: number) {
  if (align === 'center') return left + (width - lineWidth) / 2;
  if (align === 'right') return left + width - lineWidth;
  return left;
}

export interface TextStyle {
  size?: number;
  style?: FontStyle;
  align?: Align;
  /** Line height as a multiple of the font size. */
  leading?: number;
}

/** One block of a column: text (optionally ruled underneath, as headers are) or a vertical gap. */
export type Block = ({ text: RichText; rule?: 'under-text' | 'short' } & TextStyle) | { space: number };

/** Side-by-side columns, positioned relative to the left margin. */
export interface Column {
  x: number;
  width: number;
  blocks: Block[];
}

export interface TableColumn {
  header: string;
  /** Points, or 'fill' for the column that takes the remaining width. */
  width: number | 'fill';
  align?: Align;
}

export interface TableStyle {
  size?: number;
  leading?: number;
}

export const TABLE_PAD_X = 3;
const TABLE_PAD_Y = 2;

export class FlowWriter {
  readonly pages: PDFPage[] = [];
  /** Drawn at the top of every page that a break (not addPage) creates. */
  onContinuation: ((writer: FlowWriter) => void) | undefined;
  private current: PDFPage | undefined;
  private cursor = 0;
  /** A band at the right of the page, down to `bottom`, that text must stay clear of. */
  private aside: { width: number; bottom: number } | undefined;

  constructor(
    readonly doc: PDFDocument,
    readonly fonts: FormFonts,
    readonly spec: PageSpec,
  ) {}

  get page(): PDFPage {
    if (!this.current) throw new Error('FlowWriter: addPage() first');
    return this.current;
  }
  /** The top of the next thing to draw, in PDF points from the page bottom. */
  get y(): number {
    return this.cursor;
  }
  get left(): number {
    return this.spec.margin.left;
  }
  get width(): number {
    return this.spec.size[0] - this.spec.margin.left - this.spec.margin.right;
  }
  get right(): number {
    return this.left + this.width;
  }
  private get bottom(): number {
    return this.spec.margin.bottom;
  }

  addPage(): PDFPage {
    this.current = this.doc.addPage(this.spec.size);
    this.pages.push(this.current);
    this.cursor = this.spec.size[1] - this.spec.margin.top;
    this.aside = undefined;
    return this.current;
  }

  private breakPage() {
    this.addPage();
    this.onContinuation?.(this);
  }

  /** Starts a new page unless `height` still fits on this one. */
  ensureSpace(height: number) {
    if (this.cursor - height < this.bottom) this.breakPage();
  }

  gap(height: number) {
    this.cursor -= height;
  }

  /** Keeps flowing text clear of a box at the right edge, from the cursor down to `bottom`. */
  reserveRight(width: number, bottom: number) {
    this.aside = { width, bottom };
  }

  private clearAside() {
    if (this.aside) this.cursor = Math.min(this.cursor, this.aside.bottom);
    this.aside = undefined;
  }

  /** The horizontal band a line with its top at `top` may use. */
  private band(top: number, align: Align): { left: number; width: number } {
    if (!this.aside || top <= this.aside.bottom) return { left: this.left, width: this.width };
    // Centred text stays centred on the page, so it gives up the same width on both sides.
    const inset = this.aside.width;
    return align === 'center' ? { left: this.left + inset, width: this.width - 2 * inset } : { left: this.left, width: this.width - inset };
  }

  /** Flowing text: lines continue on the next page when this one is full. */
  paragraph(text: RichText, { size = 11, style = 'regular', align = 'left', leading = 1.2 }: TextStyle = {}) {
    const lineHeight = size * leading;
    const lines = wrapRuns(text, this.fonts, size, (i) => this.band(this.cursor - i * lineHeight, align).width, style);
    for (const line of lines) {
      this.ensureSpace(lineHeight);
      const { left, width } = this.band(this.cursor, align);
      drawLine(this.page, this.fonts, line, alignedX(align, left, width, line.width), this.cursor - baselineDrop(size, lineHeight), size);
      this.cursor -= lineHeight;
    }
  }

  /** Columns side by side, kept together on one page; the cursor moves below the tallest. */
  columns(columns: Column[]) {
    this.clearAside();
    const laidOut = columns.map((column) => ({ column, items: this.layOutBlocks(column) }));
    this.ensureSpace(Math.max(...laidOut.map(({ items }) => items.reduce((h, item) => h + item.height, 0))));
    let lowest = this.cursor;
    for (const { column, items } of laidOut) {
      let top = this.cursor;
      for (const item of items) {
        item.draw(this.left + column.x, top);
        top -= item.height;
      }
      lowest = Math.min(lowest, top);
    }
    this.cursor = lowest;
  }

  private layOutBlocks(column: Column): { height: number; draw: (x: number, top: number) => void }[] {
    return column.blocks.map((block) => {
      if ('space' in block) return { height: block.space, draw: () => {} };
      const { size = 11, style = 'regular', align = 'center', leading = 1.25, rule } = block;
      const lineHeight = size * leading;
      const lines = wrapRuns(block.text, this.fonts, size, column.width, style);
      const ruleGap = rule ? 6 : 0;
      return {
        height: lines.length * lineHeight + ruleGap,
        draw: (x, top) => {
          lines.forEach((line, i) => {
            const lineTop = top - i * lineHeight;
            drawLine(this.page, this.fonts, line, alignedX(align, x, column.width, line.width), lineTop - baselineDrop(size, lineHeight), size);
          });
          if (!rule) return;
          const ruleY = top - lines.length * lineHeight - 2;
          const ruleWidth = rule === 'short' ? column.width / 3 : Math.max(...lines.map((l) => l.width));
          const start = alignedX(align, x, column.width, ruleWidth);
          this.page.drawLine({ start: { x: start, y: ruleY }, end: { x: start + ruleWidth, y: ruleY }, thickness: RULE_WIDTH, color: BLACK });
        },
      };
    });
  }

  /** A ruled table; rows never split, and the header row is repeated on every page it spans. */
  table(columns: TableColumn[], rows: RichText[][], { size = 10, leading = 1.25 }: TableStyle = {}) {
    this.clearAside();
    const fixed = columns.reduce((sum, c) => sum + (c.width === 'fill' ? 0 : c.width), 0);
    const widths = columns.map((c) => (c.width === 'fill' ? this.width - fixed : c.width));
    const lineHeight = size * leading;
    const layOut = (cells: RichText[], style: FontStyle) => {
      const wrapped = cells.map((cell, i) => wrapRuns(cell, this.fonts, size, widths[i]! - 2 * TABLE_PAD_X, style));
      return { wrapped, height: Math.max(...wrapped.map((l) => l.length)) * lineHeight + 2 * TABLE_PAD_Y };
    };
    const header = layOut(
      columns.map((c) => c.header),
      'bold',
    );
    const drawRow = ({ wrapped, height }: ReturnType<typeof layOut>, isHeader: boolean) => {
      let x = this.left;
      wrapped.forEach((lines, i) => {
        const width = widths[i]!;
        this.page.drawRectangle({ x, y: this.cursor - height, width, height, borderColor: BLACK, borderWidth: RULE_WIDTH });
        const align = isHeader ? 'center' : (columns[i]!.align ?? 'left');
        // Header cells are centred vertically too, so one-line headings sit beside wrapped ones.
        const drop = isHeader ? (height - 2 * TABLE_PAD_Y - lines.length * lineHeight) / 2 : 0;
        lines.forEach((line, n) => {
          const top = this.cursor - TABLE_PAD_Y - drop - n * lineHeight;
          const lineX = alignedX(align, x + TABLE_PAD_X, width - 2 * TABLE_PAD_X, line.width);
          drawLine(this.page, this.fonts, line, lineX, top - baselineDrop(size, lineHeight), size);
        });
        x += width;
      });
      this.cursor -= height;
    };

    this.ensureSpace(header.height + (rows[0] ? layOut(rows[0], 'regular').height : 0));
    drawRow(header, true);
    for (const cells of rows) {
      const row = layOut(cells, 'regular');
      if (this.cursor - row.height < this.bottom) {
        this.breakPage();
        drawRow(header, true);
      }
      drawRow(row, false);
    }
  }

  /** Text at a fixed position outside the flow (page numbers, captions), on any page already made. */
  textAt(
    page: PDFPage,
    text: string,
    { x, top, width, size = 9, style = 'regular', align = 'center' }: Omit<TextStyle, 'leading'> & { x: number; top: number; width: number },
  ) {
    const lineHeight = size * 1.2;
    wrapRuns(text, this.fonts, size, width, style).forEach((line, i) => {
      drawLine(page, this.fonts, line, alignedX(align, x, width, line.width), top - i * lineHeight - baselineDrop(size, lineHeight), size);
    });
  }
}
