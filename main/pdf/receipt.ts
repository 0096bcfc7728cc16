// Mẫu 01: Giấy tiếp nhận hồ sơ và hẹn trả kết quả, one copy per label in the template
// (kept by the office, handed to the applicant), each continuing on its own pages.
import type { ReceiptRequest } from '#preload/contract.ts';
import { FlowWriter, type RichText } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import {
  administrativeHeader,
  applicantParticulars,
  BODY_SIZE,
  continuationHeading,
  filledRuns,
  formTitle,
  line,
  numberPages,
  signatures,
  singleLine,
} from './blocks.ts';
import { drawQrCode } from './qr.ts';
import { fill, type FormTemplate } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

const QR_SIZE = 58;
const QR_COLUMN = 84;
const QR_CAPTION_SIZE = 6.5;

export async function renderReceipt(req: ReceiptRequest, template: FormTemplate): Promise<Uint8Array> {
  const { doc, fonts } = await createFormDocument({
    title: singleLine(template.receipt.title),
    subject: req.dossierCode,
    createdAt: new Date(req.receivedAt),
  });
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  for (const copyLabel of template.receipt.copies) drawCopy(w, req, template, copyLabel);
  return doc.save();
}

function drawCopy(w: FlowWriter, req: ReceiptRequest, template: FormTemplate, copyLabel: string) {
  const t = template.receipt;
  const firstPage = w.pages.length;
  const codeLine = fill(t.dossierCode, { code: req.dossierCode }, template.blank);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: `${codeLine} ${copyLabel}` }, template.blank));
  w.addPage();

  administrativeHeader(w, template, { office: req.office, issuedAt: req.receivedAt });
  formTitle(w, t.title);
  dossierQr(w, req.dossierCode);
  w.paragraph(filledRuns(template, t.dossierCode, { code: req.dossierCode }, ['code']), { size: BODY_SIZE, align: 'center' });
  w.paragraph(copyLabel, { size: BODY_SIZE, style: 'italic', align: 'center' });
  w.gap(4);

  applicantParticulars(w, template, {
    namePattern: t.applicant,
    applicant: req.applicant,
    procedureName: req.procedureName,
  });
  // Filed beyond the boundary: the citizen learns which agency decides, though the result comes back here.
  if (req.competentAgency) line(w, template, t.competentAgency, { agency: req.competentAgency }, ['agency']);
  if (req.representative) line(w, template, t.representative, { name: req.representative.fullName, id: req.representative.idNumber }, ['name']);
  line(w, template, t.components);
  componentTable(w, req, template);
  w.gap(3);
  line(w, template, t.sets, { sets: req.sets });
  if (req.processingDays === 0) line(w, template, req.nextWorkingDay ? t.processingNextWorkingDay : t.processingSameDay, {});
  else line(w, template, t.processingDays, { days: formatDays(req.processingDays) });
  line(w, template, t.receivedAt, { time: fill(template.clockDate, vietnamTimeFields(req.receivedAt), template.blank) });
  line(w, template, t.appointmentAt, { time: fill(template.clockDate, vietnamTimeFields(req.appointmentAt), template.blank) }, ['time']);
  line(w, template, t.resultPlace, { place: req.resultPlace });
  line(w, template, t.fee, { fee: req.fee });
  line(w, template, t.book, { book: req.bookNumber, sequence: req.sequence });

  // The applicant may be a representative, so the submitter writes their own name.
  signatures(w, template, [{ title: t.submitter }, { title: t.receiver, name: req.officerName }]);
  numberPages(w, template, w.pages.slice(firstPage));
}

/** The QR beside the code lines at the right, with the code in clear under it. */
function dossierQr(w: FlowWriter, code: string) {
  // A little lower than the title's last baseline, to keep the symbol's quiet zone clear.
  const top = w.y - 4;
  const columnLeft = w.right - QR_COLUMN;
  drawQrCode(w.page, code, { x: columnLeft + (QR_COLUMN - QR_SIZE) / 2, top, size: QR_SIZE });
  const captionTop = top - QR_SIZE - 1;
  w.textAt(w.page, code, { x: columnLeft, top: captionTop, width: QR_COLUMN, size: QR_CAPTION_SIZE });
  w.reserveRight(QR_COLUMN + 4, captionTop - QR_CAPTION_SIZE * 1.2 * 2);
}

/** The receipt acknowledges what was handed in, and what was looked up instead; other components are not listed. */
function componentTable(w: FlowWriter, req: ReceiptRequest, template: FormTemplate) {
  const [number, name, kind, count] = template.receipt.componentHeaders;
  const rows = req.components
    .filter((c) => c.received || c.lookup !== undefined)
    .map((c, i): RichText[] => {
      const remark = [c.lookup, c.note].filter((x) => x !== undefined).join('\n');
      // A look-up whose paper was not handed in has no kind or count of paper to acknowledge.
      const paper = c.received ? [template.copyKinds[c.kind], String(c.count)] : ['—', '—'];
      return [String(i + 1), remark ? [{ text: `${c.name}\n` }, { text: remark, style: 'italic' }] : c.name, ...paper];
    });
  w.table(
    [
      { header: number, width: 24, align: 'center' },
      { header: name, width: 'fill' },
      { header: kind, width: 84, align: 'center' },
      { header: count, width: 48, align: 'center' },
    ],
    rows,
  );
}

/** Halves are allowed; Vietnamese writes the decimal separator as a comma. */
const formatDays = (days: number) => String(days).replace('.', ',');
