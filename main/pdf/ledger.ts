// The tracking book (Sổ theo dõi hồ sơ) for a period: one ruled row per dossier on A4
// landscape, the header row repeated on every page, dossiers returned late marked overdue.
import type { LedgerRequest, LedgerRow } from '#preload/contract.ts';
import { FlowWriter, TABLE_PAD_X, type Align, type FormFonts, type PageSpec, type RichText, type TableColumn } from './layout.ts';
import { createFormDocument } from './document.ts';
import { agencyBlocks, continuationHeading, numberPages } from './blocks.ts';
import { fill, type FormTemplate, type LedgerColumn } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

/** TT 01/2018 prints the book on A4; fourteen columns only fit across the long side. */
export const LEDGER_PAGE: PageSpec = {
  size: [841.89, 595.28],
  margin: { top: 28, right: 28, bottom: 34, left: 28 },
};

const LEDGER_TEXT_SIZE = 8;
const CODE_WIDTH = 66;

/**
 * Printed order and widths in points; the procedure name takes what is left. Date columns
 * are just wide enough for "dd/MM/yyyy" at LEDGER_TEXT_SIZE.
 */
export const LEDGER_LAYOUT: readonly { id: LedgerColumn; width: number | 'fill'; align?: Align }[] = [
  { id: 'index', width: 22, align: 'center' },
  { id: 'code', width: CODE_WIDTH },
  { id: 'procedure', width: 'fill' },
  { id: 'sets', width: 26, align: 'center' },
  { id: 'applicant', width: 70 },
  { id: 'contact', width: 92 },
  { id: 'leadAgency', width: 62 },
  { id: 'receivedAt', width: 44, align: 'center' },
  { id: 'appointmentAt', width: 44, align: 'center' },
  { id: 'forwardedAt', width: 44, align: 'center' },
  { id: 'resultAt', width: 44, align: 'center' },
  { id: 'returnedAt', width: 44, align: 'center' },
  { id: 'signature', width: 44 },
  { id: 'note', width: 56 },
];

export async function renderLedger(req: LedgerRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.ledger;
  const date = (iso: string) => fill(t.date, vietnamTimeFields(iso), template.blank);
  // Period bounds are calendar dates in Vietnam, not instants.
  const period = fill(t.period, { from: date(`${req.from}T00:00:00+07:00`), to: date(`${req.to}T00:00:00+07:00`) }, template.blank);
  const { doc, fonts } = await createFormDocument({ title: t.title, subject: period, createdAt: new Date(req.issuedAt) });
  doc.setKeywords([t.formNumber, template.id]);
  const w = new FlowWriter(doc, fonts, LEDGER_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: `${t.title} – ${period}` }, template.blank));
  w.addPage();

  w.columns([{ x: 0, width: Math.round(w.width * 0.4), blocks: agencyBlocks(req.office) }]);
  w.gap(6);
  w.paragraph(t.title, { size: 14, style: 'bold', align: 'center' });
  w.paragraph(period, { size: 11, style: 'bold', align: 'center' });
  const printedAt = fill(template.clockDate, vietnamTimeFields(req.issuedAt), template.blank);
  // Unreturned dossiers are judged overdue as of this time, so the book says when that was.
  w.paragraph(fill(t.printedAt, { time: printedAt }, template.blank), { size: 9, style: 'italic', align: 'center' });
  // The STT column holds each dossier's number in its year's book, the one its receipt printed;
  // a period across 1 January spans two books, so every book of the rows is named.
  const books = [...new Set(req.rows.flatMap((row) => (row.book ? [row.book.label] : [])))];
  if (books.length > 0) w.paragraph(fill(t.book, { book: books.join(', ') }, template.blank), { size: 10, style: 'bold', align: 'center' });
  w.gap(8);

  const columns: TableColumn[] = LEDGER_LAYOUT.map(({ id, width, align }) => ({ header: t.columns[id], width, ...(align ? { align } : {}) }));
  const codeWidth = CODE_WIDTH - 2 * TABLE_PAD_X;
  const now = Date.parse(req.issuedAt);
  const rows = req.rows.map((row) => cells(row, { template, date, now, code: fitCode(row.code, fonts, codeWidth) }));
  w.table(columns, rows, { size: LEDGER_TEXT_SIZE, leading: 1.2 });
  if (rows.length === 0) {
    w.gap(10);
    w.paragraph(t.empty, { size: 11, style: 'italic', align: 'center' });
  }

  numberPages(w, template, w.pages);
  return doc.save();
}

/**
 * Returned after the appointment, or not returned by the time the book is printed; a dossier
 * whose processing stopped (Mẫu 05) owes no result after the stop, so the stop ends its count.
 */
export function isOverdue(row: Pick<LedgerRow, 'appointmentAt' | 'returnedAt' | 'stoppedAt'>, now: number): boolean {
  const ended = row.returnedAt ? Date.parse(row.returnedAt) : row.stoppedAt ? Date.parse(row.stoppedAt) : now;
  return ended > Date.parse(row.appointmentAt);
}

function cells(
  row: LedgerRow,
  { template, date, now, code }: { template: FormTemplate; date: (iso: string) => string; now: number; code: string },
): RichText[] {
  const optionalDate = (iso: string | undefined) => (iso ? date(iso) : '');
  const own = row.note?.trim() ?? '';
  const note = row.stoppedAt ? [fill(template.ledger.stopped, { date: date(row.stoppedAt) }, template.blank), own].filter(Boolean).join('\n') : own;
  const byColumn: Record<LedgerColumn, RichText> = {
    // Blank for a dossier accepted before the book was numbered: a count of the rows would not match its receipt.
    index: row.book ? String(row.book.number) : '',
    code,
    procedure: row.procedureName,
    sets: String(row.sets),
    applicant: row.applicantName,
    contact: row.contact,
    leadAgency: row.leadAgency,
    receivedAt: date(row.receivedAt),
    appointmentAt: date(row.appointmentAt),
    forwardedAt: optionalDate(row.forwardedAt),
    resultAt: optionalDate(row.resultAt),
    returnedAt: optionalDate(row.returnedAt),
    // Left empty for the applicant's signature on collection.
    signature: '',
    note: isOverdue(row, now) ? [{ text: template.ledger.overdue, style: 'bold' }, ...(note ? [{ text: `\n${note}` }] : [])] : note,
  };
  return LEDGER_LAYOUT.map(({ id }) => byColumn[id]);
}

/**
 * Dossier codes have no spaces, so a narrow column would cut them at any character; break
 * them after a "-" or "." instead, keeping the parts readable and searchable.
 */
function fitCode(code: string, fonts: FormFonts, width: number): string {
  const measure = (s: string) => fonts.regular.widthOfTextAtSize(s, LEDGER_TEXT_SIZE);
  if (measure(code) <= width) return code;
  const parts = code.match(/[^.-]+[.-]?|[.-]/g) ?? [code];
  const lines: string[] = [];
  let current = '';
  for (const part of parts) {
    if (current && measure(current + part) > width) {
      lines.push(current);
      current = part;
    } else {
      current += part;
    }
  }
  lines.push(current);
  return lines.join('\n');
}
