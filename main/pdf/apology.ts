// Mẫu 04: the apology for a result not ready by its appointment, with the reason and the
// new appointment, addressed to the applicant and signed by the agency's leader. Printed on
// A5 like forms 01–03: TT 01/2018 puts all its forms on A5 and only the book on A4.
import type { ApologyRequest } from '#preload/contract.ts';
import { line, numberPages, openLetter, signatures } from './blocks.ts';
import { fill, type FormTemplate } from './templates.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

export async function renderApology(req: ApologyRequest, template: FormTemplate): Promise<Uint8Array> {
  const t = template.apology;
  const { doc, w } = await openLetter(template, t, req);

  // The unit received the dossier; under TT 03/2025 the office whose processing is late writes
  // the letter, so a version's wording names one or the other.
  const unit = req.office.unitName.trim() || req.office.officeName;
  const agency = req.office.officeName.trim();
  const time = (iso: string) => fill(template.clockDate, vietnamTimeFields(iso), template.blank);
  line(w, template, t.received, { time: time(req.receivedAt), unit, name: req.applicant.fullName, procedure: req.procedureName }, ['name']);
  line(w, template, t.dossierCode, { code: req.dossierCode }, ['code']);
  line(w, template, t.appointment, { time: time(req.appointmentAt) });
  line(w, template, t.delay, { unit, agency, reason: req.reason.trim() });
  line(w, template, t.apology, { unit, agency });
  line(w, template, t.newAppointment, { time: time(req.newAppointmentAt) }, ['time']);
  line(w, template, t.closing);

  const leaderTitle = req.leaderTitle?.trim() || t.leader;
  const leaderName = req.leaderName?.trim();
  signatures(w, { ...template, signHint: t.signHint }, [{ title: leaderTitle, ...(leaderName ? { name: leaderName } : {}) }]);
  numberPages(w, template, w.pages);
  return doc.save();
}
