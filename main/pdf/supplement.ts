// Mẫu 02: Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ — what is still missing, how many of
// each kind, why, and whom to ask; signed by the guiding officer.
import type { SupplementRequest } from '#preload/contract.ts';
import type { CopyKind } from '#domain/model.ts';
import { FlowWriter, type RichText } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import { administrativeHeader, applicantParticulars, continuationHeading, formTitle, line, numberPages, signatures, singleLine } from './blocks.ts';
import { fill, type FormTemplate } from './templates.ts';

/** The order of the count columns in the table. */
const KIND_COLUMNS: CopyKind[] = ['original', 'certified', 'photocopy'];

export async function renderSupplement(req: SupplementRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.supplement;
  const title = singleLine(t.title);
  const { doc, fonts } = await createFormDocument({ title, subject: req.procedureName, createdAt: new Date(req.issuedAt) });
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: title }, template.blank));
  w.addPage();

  // The contract carries no register number: it stays a blank to be filled in by hand.
  administrativeHeader(w, template, { office: req.office, issuedAt: req.issuedAt, number: fill(t.number, {}, template.blank) });
  formTitle(w, t.title);
  w.gap(4);
  applicantParticulars(w, template, { namePattern: t.applicant, applicant: req.applicant, procedureName: req.procedureName });
  line(w, template, t.intro);

  const [number, name, ...kindHeaders] = t.missingHeaders;
  const rows = req.missing.map((c, i): RichText[] => [
    String(i + 1),
    c.note ? [{ text: `${c.name}\n` }, { text: c.note, style: 'italic' }] : c.name,
    ...KIND_COLUMNS.map((kind) => (c.kind === kind ? String(c.count) : '')),
  ]);
  w.table(
    [
      { header: number, width: 24, align: 'center' },
      { header: name, width: 'fill' },
      ...kindHeaders.map((header) => ({ header, width: 50, align: 'center' as const })),
    ],
    rows,
  );
  w.gap(3);
  line(w, template, t.reason, { reason: req.reason });
  line(w, template, t.contact, { officer: req.officerName, contact: req.contact });

  signatures(w, template, [{ title: t.guide, name: req.officerName }]);
  numberPages(w, template, w.pages);
  return doc.save();
}
