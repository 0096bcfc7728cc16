// Mẫu 05 of TT 03/2025: Thông báo dừng giải quyết hồ sơ — the agency tells the applicant that
// the processing of a received dossier stops, why, and what to do next (or on what legal basis).
// Signed by the agency's head, so the seal goes with the signature. A5 like the other forms.
import type { StopRequest } from '#preload/contract.ts';
import { DeskError } from '#domain/errors.ts';
import { FlowWriter } from './layout.ts';
import { createFormDocument, FORM_PAGE } from './document.ts';
import { administrativeHeader, BODY_SIZE, continuationHeading, filledRuns, formTitle, line, numberPages, signatures, singleLine } from './blocks.ts';
import { fill, type FormTemplate } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

export async function renderStop(req: StopRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.stop;
  if (!t) {
    throw new DeskError('form.not-in-version', {
      vi: `Mẫu biểu phiên bản "${template.id}" (${template.basis}) không có Thông báo dừng giải quyết hồ sơ.`,
      en: `Form template version "${template.id}" (${template.basis}) has no notice stopping the processing of a dossier.`,
    });
  }
  const title = singleLine(t.title);
  const { doc, fonts } = await createFormDocument({ title, subject: req.dossierCode, createdAt: new Date(req.issuedAt) });
  doc.setKeywords([t.formNumber, template.id]);
  const w = new FlowWriter(doc, fonts, FORM_PAGE);
  w.onContinuation = (cw) => continuationHeading(cw, fill(template.continued, { heading: title }, template.blank));
  w.addPage();

  const number = fill(t.number, { number: req.number?.trim() }, template.blank);
  administrativeHeader(w, template, { office: req.office, issuedAt: req.issuedAt, number });
  formTitle(w, t.title);
  w.gap(4);

  w.paragraph(filledRuns(template, t.addressee, { name: req.applicant.fullName }, ['name']), { size: BODY_SIZE + 0.5, align: 'center' });
  w.paragraph(fill(t.address, { address: req.applicant.address }, template.blank), { size: BODY_SIZE, align: 'center' });
  w.paragraph(fill(t.phone, { phone: req.applicant.phone }, template.blank), { size: BODY_SIZE, align: 'center' });
  w.gap(6);

  // The unit received the dossier; the agency that was processing it is the one that stops it.
  const unit = req.office.unitName.trim() || req.office.officeName;
  const agency = req.office.officeName.trim();
  const time = fill(template.clockDate, vietnamTimeFields(req.receivedAt), template.blank);
  line(w, template, t.received, { time, unit, name: req.applicant.fullName, procedure: req.procedureName }, ['name']);
  line(w, template, t.dossierCode, { code: req.dossierCode }, ['code']);
  line(w, template, t.reason, { agency, reason: req.reason.trim() });
  line(w, template, t.guidance, { guidance: req.guidance?.trim() });
  line(w, template, t.closing);

  const leaderName = req.leaderName?.trim();
  signatures(w, { ...template, signHint: t.signHint }, [{ title: req.leaderTitle?.trim() || t.leader, ...(leaderName ? { name: leaderName } : {}) }]);
  numberPages(w, template, w.pages);
  return doc.save();
}
