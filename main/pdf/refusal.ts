// Mẫu 03: Phiếu từ chối tiếp nhận giải quyết hồ sơ — the refusal and its reason,
// signed by both the applicant and the officer.
import type { RefusalRequest } from '#preload/contract.ts';
import { FlowWriter } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import { administrativeHeader, applicantParticulars, continuationHeading, formTitle, line, numberPages, signatures, singleLine } from './blocks.ts';
import { fill, type FormTemplate } from './templates.ts';

export async function renderRefusal(req: RefusalRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.refusal;
  const title = singleLine(t.title);
  const { doc, fonts } = await createFormDocument({ title, subject: req.procedureName, createdAt: new Date(req.issuedAt) });
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: title }, template.blank));
  w.addPage();

  administrativeHeader(w, template, { office: req.office, issuedAt: req.issuedAt });
  formTitle(w, t.title);
  w.gap(4);
  applicantParticulars(w, template, { namePattern: t.applicant, applicant: req.applicant, procedureName: req.procedureName });
  w.gap(3);
  // The refusing body is the receiving unit when there is one, else the office itself.
  const unit = req.office.unitName.trim() || req.office.officeName;
  line(w, template, t.decision, { unit, reason: req.reason });
  line(w, template, t.closing);

  signatures(w, template, [{ title: t.submitter }, { title: t.receiver, name: req.officerName }]);
  numberPages(w, template, w.pages);
  return doc.save();
}
