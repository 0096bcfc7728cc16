// Mẫu 05 of TT 03/2025: Thông báo dừng giải quyết hồ sơ — the agency tells the applicant that
// the processing of a received dossier stops, why, and what to do next (or on what legal basis).
// Signed by the agency's head, so the seal goes with the signature. A5 like the other forms.
import type { StopRequest } from '#preload/contract.ts';
import { DeskError } from '#domain/errors.ts';
import { line, numberPages, openLetter, signatures } from './blocks.ts';
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
  const { doc, w } = await openLetter(template, t, req);

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
