// The reception form an officer has filled but not decided, kept as that officer's draft: F3,
// Settings, a reload, a sign-out, the idle lock's "switch officer" or a restart must not make
// them ask the citizen for everything again (issue 14). The row holds a citizen's data, so the
// protection middleware seals it like a dossier (renderer/db/protection/README.md); only whose
// it is and when it was saved stay in the clear. It goes only when the officer discards it or
// the dossier is decided (recordDecision deletes it in the decision's transaction).
import { z } from 'zod';
import { COPY_KINDS, EXEMPT_GROUPS, LOOKUP_OUTCOMES, type AgencyRef, type Applicant, type Procedure, type ReceivedComponent } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { formatDeskDateTime, toDeskIso } from '#domain/deskTime.ts';
import { isLookup } from '#domain/catalog/componentRules.ts';
import { applyCase } from '#domain/catalog/cases.ts';
import type { DeskDb, ReceptionDraftRow } from '#renderer/db/schema.ts';
import { emptyApplicant } from './ApplicantFields.tsx';
import { initialChecklist } from './ComponentChecklist.tsx';
import { NO_FEE_CHOICE, type FeeChoice } from './FeeFields.tsx';
import type { LookupEntry } from './recordDecision.ts';
import { NO_DECISION_INPUT, type DecisionInput } from './DecisionPanel.tsx';
import type { ReuseChoice } from '../digitisation/reuse.ts';

/** Everything the reception screen holds for the dossier being entered. */
export interface ReceptionForm {
  procedure: Procedure | null;
  applicant: Applicant;
  components: ReceivedComponent[];
  lookups: LookupEntry[];
  decision: DecisionInput;
  competent: AgencyRef | null;
  fee: FeeChoice;
  /** Papers of the citizen's earlier dossiers chosen for reuse (issue 15 §2), checked again when restored. */
  reuse: ReuseChoice[];
}

export const EMPTY_FORM: ReceptionForm = {
  procedure: null,
  applicant: emptyApplicant,
  components: [],
  lookups: [],
  decision: NO_DECISION_INPUT,
  competent: null,
  fee: NO_FEE_CHOICE,
  reuse: [],
};

/** Nothing picked or typed: there is nothing a draft would save the officer from retyping. */
export function isBlankForm(form: ReceptionForm): boolean {
  const { representative, gender, ...fields } = form.applicant;
  return (
    form.procedure === null &&
    [form.decision.acceptReason, form.decision.supplementReason, form.decision.refuseReason].every((r) => !r.trim()) &&
    gender === emptyApplicant.gender &&
    Object.values(fields).every((v) => !v?.trim()) &&
    !representative?.fullName.trim() &&
    !representative?.idNumber.trim()
  );
}

export function toDraftRow(officerId: string, form: ReceptionForm, now: Date): ReceptionDraftRow {
  return {
    officerId,
    savedAt: toDeskIso(now),
    format: 1,
    form: {
      procedure: form.procedure
        ? { code: form.procedure.code, name: form.procedure.name, ...(form.procedure.chosenCase ? { chosenCase: form.procedure.chosenCase } : {}) }
        : null,
      applicant: form.applicant,
      components: form.components,
      lookups: form.lookups,
      decision: form.decision,
      competent: form.competent,
      fee: form.fee,
      reuse: form.reuse,
    },
  };
}

const text = z.string().max(2000);
const applicantSchema = z.object({
  fullName: text,
  idNumber: text,
  dateOfBirth: text,
  gender: z.enum(['male', 'female']),
  address: text,
  phone: text.optional(),
  email: text.optional(),
  representative: z.object({ fullName: text, idNumber: text }).optional(),
});

/** What a draft read back must be before it reaches the form: a draft some other version wrote is refused, not half-used. */
const draftSchema = z.object({
  officerId: z.string(),
  savedAt: z.iso.datetime({ offset: true }),
  format: z.literal(1),
  form: z.object({
    procedure: z.object({ code: z.string(), name: z.string(), chosenCase: z.string().optional() }).nullable(),
    applicant: applicantSchema,
    components: z
      .array(
        z.object({
          specId: z.string(),
          name: z.string(),
          received: z.boolean(),
          kind: z.enum(COPY_KINDS),
          count: z.number().int().min(0),
          note: text.optional(),
        }),
      )
      .max(200),
    lookups: z.array(z.object({ specId: z.string(), numberGiven: text, outcome: z.enum(LOOKUP_OUTCOMES) })).max(200),
    decision: z.object({
      open: z.enum(['supplement', 'refused']).nullable(),
      acceptReason: text,
      supplementReason: text,
      refuseReason: text,
      supplementItems: z.array(z.string()).max(200),
    }),
    competent: z.object({ name: z.string(), agencyId: z.string() }).nullable(),
    fee: z.object({
      line: z.number().int().min(0),
      pages: z.number().int().min(1),
      channel: z.enum(['direct', 'post']),
      groups: z.array(z.enum(EXEMPT_GROUPS)),
    }),
    // Absent from drafts written before reuse was kept: read as no choice.
    reuse: z
      .array(z.object({ specId: z.string(), fromDossierId: z.string(), fileId: z.string() }))
      .max(200)
      .default([]),
  }),
});

export type Restored = { form: ReceptionForm; savedAt: string; notice: Bilingual } | { unreadable: Bilingual };

/**
 * The form a stored draft gives back, against the procedures in force now: the procedure by its
 * code, its checklist rebuilt from today's catalogue with what the officer had ticked, entered
 * and noted for each component that is still there. A procedure gone from the catalogue keeps
 * the applicant and the reasons typed, and the notice says to pick the procedure again.
 */
export function restoreDraft(stored: unknown, procedures: readonly Procedure[]): Restored {
  const parsed = draftSchema.safeParse(stored);
  if (!parsed.success) {
    const at = typeof (stored as { savedAt?: unknown } | null)?.savedAt === 'string' ? formatDeskDateTime((stored as { savedAt: string }).savedAt) : '?';
    return {
      unreadable: {
        vi: `Không khôi phục được hồ sơ đang nhập dở lưu lúc ${at}: bản nháp không đúng định dạng phiên bản này đọc được.`,
        en: `The half-filled dossier saved at ${at} could not be restored: the draft is not in a format this version reads.`,
      },
    };
  }
  const { savedAt, form: saved } = parsed.data;
  const at = formatDeskDateTime(savedAt);
  const restored: Bilingual = { vi: `Đã khôi phục hồ sơ đang nhập dở lúc ${at}.`, en: `Restored the half-filled dossier saved at ${at}.` };
  const applicant: Applicant = { ...saved.applicant };
  // Without a procedure no decision box is open and Mẫu 02 has no list: only the reasons typed are kept.
  const reasons: DecisionInput = { ...saved.decision, open: null, supplementItems: [] };
  if (saved.procedure === null) return { savedAt, form: { ...EMPTY_FORM, applicant, decision: reasons }, notice: restored };

  const found = procedures.find((p) => p.code === saved.procedure!.code);
  if (found === undefined) {
    const { code, name } = saved.procedure;
    return {
      savedAt,
      form: { ...EMPTY_FORM, applicant, decision: reasons },
      notice: {
        vi: `${restored.vi} Thủ tục ${code} — ${name} không còn trong danh mục đang áp dụng: đã khôi phục thông tin người nộp và lý do; hãy chọn lại thủ tục và đối chiếu lại thành phần hồ sơ.`,
        en: `${restored.en} Procedure ${code} — ${name} is no longer in the catalogue in force: the applicant's details and the reason were restored; pick the procedure again and check the components again.`,
      },
    };
  }

  // The case picked comes back with the procedure, as long as the catalogue still has it.
  const savedCase = saved.procedure.chosenCase;
  const caseKept = savedCase !== undefined && (found.cases ?? []).some((c) => c.suffix === savedCase);
  const picked: Procedure = caseKept ? { ...found, chosenCase: savedCase } : found;
  const procedure = applyCase(picked);
  const before = new Map(saved.components.map((c) => [c.specId, c]));
  let changed = (savedCase !== undefined && !caseKept) || saved.components.some((c) => !procedure.components.some((s) => s.id === c.specId));
  const components = initialChecklist(procedure).map((fresh, i) => {
    const old = before.get(fresh.specId);
    if (old === undefined) {
      changed = true;
      return fresh;
    }
    const kindAccepted = procedure.components[i]!.accepted.includes(old.kind);
    if (!kindAccepted) changed = true;
    return { ...fresh, received: old.received, count: old.count, kind: kindAccepted ? old.kind : fresh.kind, ...(old.note ? { note: old.note } : {}) };
  });
  const lookups = saved.lookups.filter((l) => procedure.components.some((s) => s.id === l.specId && isLookup(s)));
  const line = procedure.fees[saved.fee.line];
  const listed = new Set((line?.exemptions ?? []).flatMap((e) => ('applicant' in e.when ? [e.when.applicant] : [])));
  const fee: FeeChoice = line ? { ...saved.fee, groups: saved.fee.groups.filter((g) => listed.has(g)) } : NO_FEE_CHOICE;
  const supplementItems = saved.decision.supplementItems.filter((id) => procedure.components.some((s) => s.id === id));
  // Whether each paper chosen may still be reused is the desk's data, not the catalogue's: recheckReuse checks it once restored.
  const reuse = saved.reuse.filter((r) => components.some((c) => c.specId === r.specId));
  if (
    reuse.length !== saved.reuse.length ||
    lookups.length !== saved.lookups.length ||
    !line ||
    fee.groups.length !== saved.fee.groups.length ||
    supplementItems.length !== saved.decision.supplementItems.length
  )
    changed = true;
  return {
    savedAt,
    form: { procedure: picked, applicant, components, lookups, decision: { ...saved.decision, supplementItems }, competent: saved.competent, fee, reuse },
    notice: changed
      ? {
          vi: `${restored.vi} Thủ tục đã thay đổi trong danh mục từ lúc đó: hãy kiểm tra lại thành phần hồ sơ và lệ phí.`,
          en: `${restored.en} The procedure has changed in the catalogue since: check the components and the fee again.`,
        }
      : restored,
  };
}

/**
 * Saves the form as the officer's draft in one transaction, or removes the draft once the form
 * is blank again. Returns when it was saved (null: nothing to keep). No storage-quota check
 * first, unlike a dossier: the row is one small put that succeeds or fails whole, and an await
 * before it would let a reload close the page before the write has started.
 */
export async function saveDraft(db: DeskDb, officerId: string, form: ReceptionForm, now = new Date()): Promise<string | null> {
  const row = isBlankForm(form) ? null : toDraftRow(officerId, form, now);
  await db.transaction('rw', db.receptionDrafts, async () => {
    if (row) await db.receptionDrafts.put(row);
    else await db.receptionDrafts.delete(officerId);
  });
  return row?.savedAt ?? null;
}

/** The officer's own draft as stored (opened by the protection middleware), if any. */
export async function loadDraft(db: DeskDb, officerId: string): Promise<ReceptionDraftRow | undefined> {
  return db.receptionDrafts.get(officerId);
}

export async function discardDraft(db: DeskDb, officerId: string): Promise<void> {
  await db.transaction('rw', db.receptionDrafts, () => db.receptionDrafts.delete(officerId));
}

/**
 * Drafts other officers left on this desk, from the index alone: whose and when, never opened,
 * so a colleague's citizen is not even decrypted for someone else's session.
 */
export async function colleagueDrafts(db: DeskDb, officerId: string): Promise<Array<{ officerId: string; savedAt: string }>> {
  const found: Array<{ officerId: string; savedAt: string }> = [];
  await db.receptionDrafts.orderBy('savedAt').eachKey((savedAt, cursor) => {
    if (cursor.primaryKey !== officerId) found.push({ officerId: String(cursor.primaryKey), savedAt: String(savedAt) });
  });
  return found;
}

/** What the reception screen says of colleagues' drafts: who, and when they saved it. */
export function colleagueNotice(drafts: ReadonlyArray<{ name: string; savedAt: string }>): Bilingual | null {
  if (drafts.length === 0) return null;
  const who = drafts.map((d) => `${d.name} (${formatDeskDateTime(d.savedAt)})`).join(', ');
  return {
    vi: `Có hồ sơ đang nhập dở của cán bộ khác trên quầy này: ${who}. Chỉ cán bộ đó xem được, khi đăng nhập.`,
    en: `Another officer left a half-filled dossier on this desk: ${who}. Only they can see it, when they sign in.`,
  };
}
