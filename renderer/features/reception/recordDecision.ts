// One officer decision on one dossier (accept, ask for a supplement, refuse) written as one
// transaction: the dossier, its code allocation, the audit entry and the outbox entry for the
// province. A failure anywhere leaves none of them.
import { ulid } from 'ulid';
import type {
  AgencyRef,
  Applicant,
  BeyondBoundary,
  Channel,
  Decision,
  Dossier,
  ExemptGroup,
  LookupOutcome,
  Procedure,
  ReceivedComponent,
} from '#domain/model.ts';
import { applicableFee } from '#domain/catalog/fees.ts';
import { dossierCase } from '#domain/catalog/cases.ts';
import { deskDate, toDeskIso } from '#domain/deskTime.ts';
import { checkCompetentAgency, nonTerritorialBasis } from '#domain/catalog/nonTerritorial.ts';
import {
  applicableComponents,
  assertLookupAllowed,
  assertSupplementItems,
  defaultSupplementItems,
  entriesOf,
  missingPapers,
  supplementChoices,
  type ReceptionEntries,
} from '#domain/catalog/componentRules.ts';
import { DeskError } from '#domain/errors.ts';
import { citizenText, TEXT_FIELDS } from '#domain/text/citizenText.ts';
import type { DeskDb, Officer } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { audit } from '#renderer/db/audit.ts';
import { allocateDossierCode, computeAppointment, deskCalendar, ruleVersions } from './deskRules.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { formsVersionAt } from './formsVersion.ts';
import { DEFAULT_CODE_PATTERN } from '#domain/dossierCode/pattern.ts';
import { currentNonTerritorial } from '../catalog/nonTerritorial.ts';
import { linkReuses, type ReuseChoice } from '../digitisation/reuse.ts';
import { takeLedgerEntry } from '../dossiers/ledgerBook.ts';

export interface ReceptionDraft {
  procedure: Procedure;
  applicant: Applicant;
  components: ReceivedComponent[];
  sets: number;
  decision: Decision;
  /** What the officer found for looked-up components; one not listed is pending. */
  lookups?: LookupEntry[];
  reason?: string;
  /**
   * A supplement request: the components (spec ids) to put on Mẫu 02, as the officer left the
   * list; absent = defaultSupplementItems.
   */
  supplementItems?: string[];
  /** Set when the officer marks the dossier as filed beyond the boundary: the agency that decides it. */
  competentAgency?: AgencyRef;
  /** The desk receives directly unless the officer marks the dossier as having come by post. */
  channel?: Channel;
  /** The fee line (index into the procedure's fees) the officer chose; absent = the first for the channel. */
  feeLine?: number;
  /** Exemption groups the officer ticked for this applicant; a fee line counts only those it lists. */
  exemptGroups?: ExemptGroup[];
  /** Pages of the document, for a fee priced per page (certification). */
  pages?: number;
  /** Papers of the citizen's earlier dossiers the officer reused instead of scanning them again. */
  reuse?: ReuseChoice[];
}

/** One look-up as the officer enters it at the counter. */
export interface LookupEntry {
  specId: string;
  numberGiven: string;
  outcome: LookupOutcome;
}

/** Status a decision puts the dossier in (TrangThaiHoSo). */
const STATUS_OF: Record<Decision, Dossier['status']> = { accepted: 2, supplement: 5, refused: 3 };

/** Papers that apply to this filing and are owed but not handed in; a look-up not yet failed owes none. */
export function missingMandatory(procedure: Procedure, components: ReceivedComponent[], entries: ReceptionEntries): string[] {
  return missingPapers(procedure.components, components, entries);
}

/**
 * The component records the dossier keeps: only those whose condition holds, and for each
 * looked-up one who looked it up, when and in which database. A look-up not entered is pending
 * (offline, or not done yet) on the number the applicant gave, and does not block the receipt.
 */
export function componentRecords(
  procedure: Procedure,
  draft: Pick<ReceptionDraft, 'applicant' | 'components' | 'lookups'>,
  officerId: string,
  at: string,
): ReceivedComponent[] {
  for (const entry of draft.lookups ?? []) assertLookupAllowed(procedure, entry.specId);
  return applicableComponents(procedure.components, entriesOf(draft.applicant)).flatMap((spec) => {
    const record = draft.components.find((c) => c.specId === spec.id);
    if (record === undefined) return [];
    if (spec.satisfiedBy !== 'lookup' || spec.lookup === undefined) return [record];
    const entered = draft.lookups?.find((l) => l.specId === spec.id) ?? { numberGiven: draft.applicant.idNumber, outcome: 'pending' as const };
    const lookup = {
      numberGiven: entered.numberGiven,
      outcome: entered.outcome,
      database: spec.lookup.database,
      databaseName: spec.lookup.name?.vi ?? spec.lookup.database,
      at,
      officerId,
    };
    return [{ ...record, lookup }];
  });
}

/** What Mẫu 02 asks for: the officer's list, checked against what is owed (supplementChoices). */
function requestedItems(draft: ReceptionDraft, components: ReceivedComponent[]): string[] {
  const choices = supplementChoices(draft.procedure.components, components, entriesOf(draft.applicant));
  const requested = draft.supplementItems ?? defaultSupplementItems(choices);
  assertSupplementItems(draft.procedure, choices, requested);
  return requested;
}

/** Both agencies of a dossier filed beyond the boundary, refused unless the province's list allows the procedure today. */
async function beyondBoundaryOf(db: DeskDb, procedure: Procedure, competent: AgencyRef, settings: DeskSettings, now: Date): Promise<BeyondBoundary> {
  const basis = nonTerritorialBasis(await currentNonTerritorial(db), procedure.code, deskDate(now));
  if (!basis) {
    throw new DeskError('beyond-boundary-not-allowed', {
      vi: `Thủ tục ${procedure.code} không có trong danh sách tiếp nhận không phụ thuộc địa giới hành chính đang áp dụng.`,
      en: `Procedure ${procedure.code} is not on the list of procedures received beyond the administrative boundary in force.`,
    });
  }
  return {
    receiving: { name: settings.officeName, agencyId: settings.agencyId },
    competent: checkCompetentAgency(competent, settings.agencyId),
    decision: basis.number,
  };
}

/**
 * `onDecided` sees the dossier as it will be stored, inside the decision's transaction and before
 * its writes: reception starts main's render of the form then, so that it runs while the writes
 * commit (issue 17: accept → receipt). It must not wait on anything; if the transaction then
 * fails, whatever it started is of no use and nothing of it is stored or printed.
 */
export async function recordDecision(
  db: DeskDb,
  draft: ReceptionDraft,
  ctx: { settings: DeskSettings; officer: Officer; now?: Date; onDecided?: (dossier: Dossier) => void },
): Promise<Dossier> {
  const now = ctx.now ?? new Date();
  const reason = draft.reason?.trim();
  if (draft.decision !== 'accepted' && !reason) {
    throw new DeskError(
      'reason-required',
      draft.decision === 'refused'
        ? { vi: 'Cần nêu lý do từ chối tiếp nhận (in trên Mẫu 03).', en: 'Give the reason for refusing (printed on Form 03).' }
        : { vi: 'Cần nêu lý do yêu cầu bổ sung (in trên Mẫu 02).', en: 'Give the reason for the supplement request (printed on Form 02).' },
    );
  }
  const receivedAt = toDeskIso(now);
  // Checked before the transaction, so a bad look-up result writes nothing; a look-up not found now owes its paper.
  const components = componentRecords(draft.procedure, draft, ctx.officer.id, receivedAt);
  const supplementItems = draft.decision === 'supplement' ? requestedItems(draft, components) : undefined;
  if (draft.decision === 'accepted' && missingMandatory(draft.procedure, components, entriesOf(draft.applicant)).length > 0 && !reason) {
    throw new DeskError('incomplete-without-reason', {
      vi: 'Hồ sơ còn thiếu thành phần bắt buộc: cần nêu lý do vẫn tiếp nhận.',
      en: 'Mandatory components are missing: give the reason for accepting anyway.',
    });
  }
  // The form checked these already; a draft that reaches here another way gets the same text rules.
  const { representative } = draft.applicant;
  const applicant: Applicant = {
    ...draft.applicant,
    fullName: citizenText(draft.applicant.fullName, TEXT_FIELDS.fullName, { required: true }),
    address: citizenText(draft.applicant.address, TEXT_FIELDS.address, { required: false }),
    ...(representative
      ? { representative: { ...representative, fullName: citizenText(representative.fullName, TEXT_FIELDS.representativeName, { required: false }) } }
      : {}),
  };
  await ensureStorageRoom();
  const formsVersion = await formsVersionAt(now);
  const { rules: calendar } = await deskCalendar(db);

  return db.transaction('rw', [db.dossiers, db.settings, db.rules, db.audit, db.outbox, db.receptionDrafts, db.files, db.digitisationLog], async () => {
    // Read in the decision's transaction: a list installed meanwhile cannot slip between the check and the write.
    const beyondBoundary = draft.competentAgency ? await beyondBoundaryOf(db, draft.procedure, draft.competentAgency, ctx.settings, now) : undefined;
    const { code, patternVersion } =
      draft.decision === 'accepted' ? await allocateDossierCode(db, ctx.settings, now) : { code: '', patternVersion: DEFAULT_CODE_PATTERN.version };
    // Only an accepted dossier enters the tracking book; its number is taken with the code, in this transaction.
    const ledger = draft.decision === 'accepted' ? await takeLedgerEntry(db, ctx.settings, now) : undefined;
    const dossier: Dossier = {
      id: ulid(now.getTime()),
      code,
      ...(ledger ? { ledger } : {}),
      decision: draft.decision,
      status: STATUS_OF[draft.decision],
      procedureCode: draft.procedure.code,
      procedureName: draft.procedure.name,
      // The case picked at the counter; the draft's procedure already has its terms applied (applyCase).
      ...(dossierCase(draft.procedure) ? { procedureCase: dossierCase(draft.procedure) } : {}),
      // The version in force on the desk date, which reception offered (versions.ts).
      procedureVersion: { effectiveFrom: draft.procedure.effectiveFrom ?? null, effectiveTo: draft.procedure.effectiveTo ?? null },
      processingHours: draft.procedure.processingHours,
      fees: draft.procedure.fees,
      // Only an accepted dossier owes a fee; the receipt prints this, computed once with the decision.
      ...(draft.decision === 'accepted'
        ? {
            fee: applicableFee(draft.procedure.fees, {
              channel: draft.channel ?? 'direct',
              groups: draft.exemptGroups ?? [],
              ...(draft.pages ? { pages: draft.pages } : {}),
              ...(draft.feeLine !== undefined ? { line: draft.feeLine } : {}),
            }),
          }
        : {}),
      sets: draft.sets,
      applicant,
      components,
      receivedAt,
      appointmentAt: draft.decision === 'accepted' ? computeAppointment(receivedAt, draft.procedure, ctx.settings, calendar) : null,
      ...(reason ? { reason } : {}),
      ...(supplementItems ? { supplementItems } : {}),
      ...(beyondBoundary ? { beyondBoundary } : {}),
      officerId: ctx.officer.id,
      officerName: ctx.officer.fullName,
      deskId: String(ctx.settings.deskNumber),
      versions: await ruleVersions(db, calendar, formsVersion, patternVersion),
      updatedAt: receivedAt,
    };
    // Papers reused from the citizen's earlier dossiers, checked again and linked with the decision (issue 15 §2).
    if (draft.reuse?.length) dossier.components = await linkReuses(db, dossier, draft.reuse, ctx.officer.id, now);
    ctx.onDecided?.(dossier);
    await db.dossiers.add(dossier);
    await audit(
      db,
      {
        officerId: ctx.officer.id,
        action: draft.decision === 'accepted' ? 'receive' : draft.decision === 'supplement' ? 'supplement' : 'refuse',
        dossierId: dossier.id,
        detail: code || draft.procedure.code,
      },
      now,
    );
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: receivedAt });
    // The form this came from is no longer a draft: gone with the decision, so that no crash
    // between the two can offer it again and have the same citizen's dossier recorded twice.
    await db.receptionDrafts.delete(ctx.officer.id);
    return dossier;
  });
}
