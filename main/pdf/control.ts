// The control sheet (Phiếu kiểm soát quá trình giải quyết hồ sơ; Mẫu 06 of TT 03/2025, Mẫu 05 of
// TT 01/2018) that travels with the paper file: one ruled row per hand-off, the giving and the
// receiving agency, the time "… giờ … phút, ngày …" and room for both signatures, then the result
// and a note. Hand-offs not made yet are blank rows written by hand along the way. A5.
import type { ControlRequest, HandOff } from '#preload/contract.ts';
import { FlowWriter, type RichText, type TableColumn } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import { administrativeHeader, continuationHeading, formTitle, line, numberPages, singleLine } from './blocks.ts';
import { fill, type FormTemplate } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

const TABLE_TEXT_SIZE = 9;
/** Rows left for hand-offs after the desk's own when the request does not say. */
const DEFAULT_BLANK_ROWS = 4;
/** Lines left under "Người giao / Người nhận" for the two signatures. */
const SIGNATURE_LINES = 3;

export async function renderControl(req: ControlRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.control;
  const title = singleLine(t.title);
  const { doc, fonts } = await createFormDocument({ title, subject: req.dossierCode, createdAt: new Date(req.issuedAt) });
  doc.setKeywords([t.formNumber, template.id]);
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: `${title} – ${req.dossierCode}` }, template.blank));
  w.addPage();

  administrativeHeader(w, template, { office: req.office, issuedAt: req.issuedAt });
  formTitle(w, t.title);
  w.gap(2);
  line(w, template, t.dossierCode, { code: req.dossierCode }, ['code']);
  line(w, template, t.applicant, { name: req.applicantName }, ['name']);
  line(w, template, t.procedure, { procedure: req.procedureName });
  // Filed beyond the boundary: the sheet follows the file to the agency that decides it.
  if (req.competentAgency) line(w, template, t.competentAgency, { agency: req.competentAgency }, ['agency']);
  line(w, template, t.appointment, { time: fill(template.clockDate, vietnamTimeFields(req.appointmentAt), template.blank) });
  w.gap(6);

  const widths: (number | 'fill')[] = [96, 'fill', 56, 52];
  const columns: TableColumn[] = t.headers.map((header, i) => ({ header, width: widths[i]! }));
  const blanks: HandOff[] = Array.from({ length: req.blankRows ?? DEFAULT_BLANK_ROWS }, () => ({ from: '', to: '' }));
  const rows = [...req.handOffs, ...blanks].map((h) => cells(h, template));
  w.table(columns, rows, { size: TABLE_TEXT_SIZE, leading: 1.25 });

  numberPages(w, template, w.pages);
  return doc.save();
}

function cells(h: HandOff, template: FormTemplate): RichText[] {
  const t = template.control;
  // An unknown agency on a blank row is a dotted blank, as on the printed sheet.
  const agency = [fill(t.giver, { agency: h.from.trim() }, template.blank), fill(t.receiver, { agency: h.to.trim() }, template.blank)].join('\n');
  const time = h.at ? fill(t.handOffAt, { time: fill(template.clockDate, vietnamTimeFields(h.at), template.blank) }, template.blank) : t.blankTime;
  const signers = `${t.giverSign}          ${t.receiverSign}`;
  // The receiver's name, when the desk knows it, goes under the room left for the signatures.
  const receiver = h.receiverName?.trim() ? fill(t.receiverName, { name: h.receiverName.trim() }, template.blank) : '';
  const when: RichText = [{ text: `${time}\n` }, { text: signers, style: 'italic' }, { text: '\n'.repeat(SIGNATURE_LINES + 1) + receiver }];
  return [agency, when, h.result?.trim() ?? '', h.note?.trim() ?? ''];
}
