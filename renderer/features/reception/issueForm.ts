// Prints the form that goes with a decision (Mẫu 01 receipt, 02 supplement, 03 refusal):
// main renders the PDF from the stored dossier, and the file is kept with its hash.
import type { FormRequest } from '#preload/contract.ts';
import type { Dossier } from '#domain/model.ts';
import { formatAppliedFee } from '#domain/catalog/fees.ts';
import { lookupLine, stillOwed } from '#domain/catalog/componentRules.ts';
import { procedureLine } from '#domain/catalog/cases.ts';
import { deskDate, toDeskIso } from '#domain/deskTime.ts';
import type { DeskDb, Officer, StoredFile } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';

const KIND_OF = { accepted: 'receipt', supplement: 'supplement', refused: 'refusal' } as const;

/** The fee computed at the decision; dossiers stored before it was computed print their lines as they did. */
function formatFee(dossier: Dossier): string {
  if (dossier.fee) return formatAppliedFee(dossier.fee);
  if (dossier.fees.length === 0) return 'Không';
  return dossier.fees.map((f) => (f.amount > 0 ? `${f.label}: ${f.amount.toLocaleString('vi-VN')} đồng` : f.label)).join('; ');
}

/**
 * A same-day result is due on the working day the count started on: a later day than the
 * receipt's when it came after the cut-off or on a day off. The appointment first made
 * says which, whatever a later extension (Mẫu 04) moved it to.
 */
function dueNextWorkingDay(dossier: Dossier): boolean {
  const first = dossier.extensions?.[0]?.previousAppointmentAt ?? dossier.appointmentAt;
  return first !== null && deskDate(new Date(first)) !== deskDate(new Date(dossier.receivedAt));
}

/**
 * The components Mẫu 02 asks for: those the officer left on the list at the decision. A dossier
 * stored before the officer chose them prints what it printed then: what is still owed, or
 * every component that is not a standing look-up when nothing is.
 */
function supplementLines(dossier: Dossier): Dossier['components'] {
  const chosen = dossier.supplementItems;
  if (chosen !== undefined) return dossier.components.filter((c) => chosen.includes(c.specId));
  const owed = dossier.components.filter((c) => c.lookup === undefined || c.lookup.outcome === 'not-found');
  const missing = owed.filter(stillOwed);
  return missing.length > 0 ? missing : owed;
}

/** The form for a dossier, from what the dossier recorded at receipt (never today's catalogue). */
export function formRequestFor(dossier: Dossier, settings: DeskSettings): FormRequest {
  const office = { officeName: settings.officeName, unitName: settings.unitName, placeName: settings.placeName };
  const applicant = {
    fullName: dossier.applicant.fullName,
    idNumber: dossier.applicant.idNumber,
    address: dossier.applicant.address,
    ...(dossier.applicant.phone ? { phone: dossier.applicant.phone } : {}),
    ...(dossier.applicant.email ? { email: dossier.applicant.email } : {}),
  };
  const line = (c: Dossier['components'][number]) => ({
    name: c.name,
    kind: c.kind,
    count: c.count,
    received: c.received,
    ...(c.note ? { note: c.note } : {}),
    ...(c.lookup ? { lookup: lookupLine(c.lookup) } : {}),
  });
  const lines = dossier.components.map(line);
  const templateVersion = dossier.versions.forms;
  if (dossier.decision === 'accepted') {
    return {
      kind: 'receipt',
      templateVersion,
      office,
      dossierCode: dossier.code,
      procedureName: procedureLine(dossier),
      applicant,
      // Looked-up components are listed as such, whether or not a paper came too.
      components: lines.filter((l) => l.received || l.lookup !== undefined),
      sets: dossier.sets,
      processingDays: dossier.processingHours / 8,
      ...(dossier.processingHours === 0 ? { nextWorkingDay: dueNextWorkingDay(dossier) } : {}),
      ...(dossier.beyondBoundary ? { competentAgency: dossier.beyondBoundary.competent.name } : {}),
      ...(dossier.applicant.representative ? { representative: { ...dossier.applicant.representative } } : {}),
      receivedAt: dossier.receivedAt,
      appointmentAt: dossier.appointmentAt ?? dossier.receivedAt,
      resultPlace: settings.resultPlace,
      fee: formatFee(dossier),
      officerName: dossier.officerName,
      // Its place in the tracking book; a dossier accepted before the book was numbered keeps the blanks.
      ...(dossier.ledger ? { bookNumber: dossier.ledger.book, sequence: dossier.ledger.number } : {}),
    };
  }
  if (dossier.decision === 'supplement') {
    return {
      kind: 'supplement',
      templateVersion,
      office,
      procedureName: procedureLine(dossier),
      applicant,
      missing: supplementLines(dossier).map(line),
      reason: dossier.reason ?? '',
      officerName: dossier.officerName,
      contact: `${settings.unitName} — ${settings.officeName}`,
      issuedAt: dossier.receivedAt,
    };
  }
  return {
    kind: 'refusal',
    templateVersion,
    office,
    procedureName: procedureLine(dossier),
    applicant,
    reason: dossier.reason ?? '',
    officerName: dossier.officerName,
    issuedAt: dossier.receivedAt,
  };
}

/** Renders the dossier's form and stores it with an audit entry, in one transaction. */
export async function issueForm(db: DeskDb, dossier: Dossier, settings: DeskSettings, officer: Officer): Promise<StoredFile> {
  return storeForm(db, dossier, await renderFormFor(dossier, settings), officer);
}

/** Main's rendering of the dossier's form: the bytes to show, print and store. */
export function renderFormFor(dossier: Dossier, settings: DeskSettings): Promise<Uint8Array> {
  return desk['forms.render'](formRequestFor(dossier, settings));
}

/**
 * Keeps a form main rendered for the dossier, sealed, with its print audit entry in one
 * transaction. Reception shows and prints the bytes while this runs (issue 17), rather than
 * unsealing the copy it has just sealed: the stored file's SHA-256 is theirs.
 */
export async function storeForm(db: DeskDb, dossier: Dossier, bytes: Uint8Array, officer: Officer): Promise<StoredFile> {
  const kind = KIND_OF[dossier.decision];
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, {
    dossierId: dossier.id,
    kind,
    name: `${kind}-${dossier.code || dossier.id}.pdf`,
    createdAt: toDeskIso(new Date()),
  });
  await db.transaction('rw', db.files, db.audit, async () => {
    await db.files.add(file);
    await audit(db, { officerId: officer.id, action: 'print', dossierId: dossier.id, detail: kind });
  });
  return file;
}
