// The reception flow: procedure → applicant (typed or from the ID card's QR) → checklist →
// decision → the printed form. Keyboard first: the QR scanner works wherever focus is.
import { useCallback, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { AgencyRef, Applicant, Decision, Dossier, Procedure, ReceivedComponent } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { ProcedurePicker } from './ProcedurePicker.tsx';
import { ApplicantFields, emptyApplicant } from './ApplicantFields.tsx';
import { ComponentChecklist, initialChecklist } from './ComponentChecklist.tsx';
import { BeyondBoundaryFields } from './BeyondBoundaryFields.tsx';
import { FeeFields, NO_FEE_CHOICE, type FeeChoice } from './FeeFields.tsx';
import { CaseSelect } from './CaseSelect.tsx';
import { applyCase } from '#domain/catalog/cases.ts';
import { applicantProblems } from './applicantProblems.ts';
import { componentRecords, missingMandatory, recordDecision, type LookupEntry } from './recordDecision.ts';
import { entriesOf, supplementChoices } from '#domain/catalog/componentRules.ts';
import { DecisionPanel, NO_DECISION_INPUT, type DecisionInput } from './DecisionPanel.tsx';
import { renderFormFor, storeForm } from './issueForm.ts';
import { sha256Hex } from '#renderer/db/pdfFile.ts';
import { useQrWedge, type QrInput } from './useQrWedge.ts';
import { requestRegisterSearch, useHidScans } from '../barcode/hidScans.ts';
import { useReceptionBusy } from '../update/useReceptionBusy.ts';
import { applicantFromQr } from './applicantFromQr.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { FormPrint } from '../printing/FormPrint.tsx';
import { printForm, type PrintOutcome } from '../printing/printForm.ts';
import { isBlankForm, type ReceptionForm } from './receptionDraft.ts';
import { useReceptionDraft } from './useReceptionDraft.ts';
import { DraftBar } from './DraftBar.tsx';
import { ReuseOffers } from '../digitisation/ReuseOffers.tsx';
import type { ReuseChoice } from '../digitisation/reuse.ts';

interface Outcome {
  dossier: Dossier;
  /** The form issued for the decision, and main's answer to its one print request (the preview does not wait for it). */
  form: { pdf: Uint8Array; sha256: string; print: Promise<PrintOutcome> } | null;
  error: Bilingual | null;
}

export function ReceptionPage() {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  // As picked, with the case the officer chose; `procedure` is it with that case's terms applied.
  const [picked, setProcedure] = useState<Procedure | null>(null);
  const procedure = useMemo(() => (picked ? applyCase(picked) : null), [picked]);
  const [applicant, setApplicant] = useState<Applicant>(emptyApplicant);
  const [components, setComponents] = useState<ReceivedComponent[]>([]);
  const [lookups, setLookups] = useState<LookupEntry[]>([]);
  const [decisionInput, setDecisionInput] = useState<DecisionInput>(NO_DECISION_INPUT);
  const [competent, setCompetent] = useState<AgencyRef | null>(null);
  const [fee, setFee] = useState<FeeChoice>(NO_FEE_CHOICE);
  /** Papers of the citizen's earlier dossiers to reuse instead of a new scan (issue 15 §2). */
  const [reuse, setReuse] = useState<ReuseChoice[]>([]);
  const [showProblems, setShowProblems] = useState(false);
  const { notice, show, clear, fail } = useNotice();
  const [busy, setBusy] = useState(false);
  const [outcome, setOutcome] = useState<Outcome | null>(null);
  // Everything above that the officer entered, kept as their draft until discarded or decided.
  const form = useMemo<ReceptionForm>(
    () => ({ procedure: picked, applicant, components, lookups, decision: decisionInput, competent, fee, reuse }),
    [picked, applicant, components, lookups, decisionInput, competent, fee, reuse],
  );
  const receptionDraft = useReceptionDraft(db, officer.id, form, outcome === null && !busy, restoreForm);

  const problems = useMemo(() => applicantProblems(applicant), [applicant]);
  const entries = entriesOf(applicant);
  // With the look-ups entered, so a look-up not found shows its paper as missing; who and when are filled at the decision.
  const records = procedure ? componentRecords(procedure, { applicant, components, lookups }, officer.id, '') : [];
  const missing = procedure ? missingMandatory(procedure, records, entries) : [];
  const choices = procedure ? supplementChoices(procedure.components, records, entries) : [];

  // A functional update: the wedge may have just restored a field the burst leaked into.
  const onQr = useCallback(
    (qr: QrInput) => {
      setApplicant((current) => applicantFromQr(qr, current).applicant ?? current);
      const read = applicantFromQr(qr, emptyApplicant);
      show(read.notice);
      if (read.applicant) window.setTimeout(focusPhoneAfterCard);
    },
    [show],
  );
  useQrWedge(onQr, outcome === null);
  // A HID scanner types nothing, so focus (a password box included) does not matter: a card's
  // QR goes through the wedge's parser, a receipt's dossier code opens the register.
  useHidScans((route) => {
    if (route.kind === 'citizen') onQr({ kind: 'scan', text: route.text });
    else if (route.kind === 'search') requestRegisterSearch(route.text);
    else onQr(route);
  }, outcome === null);
  // A dossier on the form (a procedure picked or anything typed) holds back an update until it is decided.
  useReceptionBusy(outcome === null && (procedure !== null || applicant !== emptyApplicant));

  function pickProcedure(p: Procedure | null) {
    setProcedure(p);
    setComponents(p ? initialChecklist(applyCase(p)) : []);
    setLookups([]);
    setCompetent(null);
    setFee(NO_FEE_CHOICE);
    // The checklist starts again, so no paper stays chosen for a box it no longer ticks.
    setReuse([]);
  }

  function restoreForm(f: ReceptionForm) {
    setProcedure(f.procedure);
    setApplicant(f.applicant);
    setComponents(f.components);
    setLookups(f.lookups);
    setDecisionInput(f.decision);
    setCompetent(f.competent);
    setFee(f.fee);
    setReuse(f.reuse);
  }

  function discardDraft() {
    void receptionDraft.discard();
    reset();
  }

  function reset() {
    setProcedure(null);
    setApplicant(emptyApplicant);
    setComponents([]);
    setLookups([]);
    setDecisionInput(NO_DECISION_INPUT);
    setCompetent(null);
    setFee(NO_FEE_CHOICE);
    setReuse([]);
    setShowProblems(false);
    clear();
    setOutcome(null);
  }

  async function decide(decision: Decision, reason: string, supplementItems?: string[]) {
    clear();
    if (!procedure) {
      show({ kind: 'error', text: { vi: t('reception.pickProcedure', { lng: 'vi' }), en: t('reception.pickProcedure', { lng: 'en' }) } });
      return;
    }
    setShowProblems(true);
    if (Object.keys(problems).length > 0) {
      show({ kind: 'error', text: { vi: t('reception.fixErrors', { lng: 'vi' }), en: t('reception.fixErrors', { lng: 'en' }) } });
      return;
    }
    setBusy(true);
    try {
      const feeChoice = { channel: fee.channel, feeLine: fee.line, exemptGroups: fee.groups, pages: fee.pages };
      const draft = {
        procedure,
        applicant,
        components,
        lookups,
        sets: 1,
        decision,
        reason,
        ...(supplementItems ? { supplementItems } : {}),
        ...feeChoice,
        ...(competent ? { competentAgency: competent } : {}),
        ...(decision === 'accepted' && reuse.length ? { reuse } : {}),
      };
      let rendering: Promise<Uint8Array> | undefined;
      const dossier = await recordDecision(db, draft, {
        settings,
        officer,
        // Main renders the form while the decision's writes commit (issue 17: accept → receipt).
        onDecided: (decided) => {
          rendering = renderFormFor(decided, settings);
          rendering.catch(() => undefined);
        },
      });
      // The dossier is saved; a printing failure must not hide that, and can be retried from the register.
      let bytes: Uint8Array;
      try {
        bytes = await (rendering ?? renderFormFor(dossier, settings));
        const sha256 = await sha256Hex(bytes);
        // The same action prints: main sends the form (a receipt's two copies) to its printer, or the dialog opens.
        setOutcome({ dossier, form: { pdf: bytes, sha256, print: printForm(sha256) }, error: null });
      } catch (e) {
        setOutcome({ dossier, form: null, error: toBilingual(e) });
        return;
      }
      // Kept while the preview draws: a form that cannot be stored is said beside it.
      await storeForm(db, dossier, bytes, officer).catch((e: unknown) => setOutcome((shown) => shown && { ...shown, error: toBilingual(e) }));
    } catch (e) {
      fail(e);
    } finally {
      setBusy(false);
    }
  }

  if (outcome) {
    const d = outcome.dossier;
    const message: Bilingual =
      d.decision === 'accepted'
        ? {
            vi: t('reception.accepted', { lng: 'vi', code: d.code, appointment: formatDeskDateTime(d.appointmentAt!) }),
            en: t('reception.accepted', { lng: 'en', code: d.code, appointment: formatDeskDateTime(d.appointmentAt!) }),
          }
        : d.decision === 'supplement'
          ? { vi: t('reception.supplemented', { lng: 'vi' }), en: t('reception.supplemented', { lng: 'en' }) }
          : { vi: t('reception.refused', { lng: 'vi' }), en: t('reception.refused', { lng: 'en' }) };
    return (
      <div className="outcome">
        <Alert kind="ok" text={message} />
        {d.code && (
          <p>
            {t('reception.code')}: <strong data-testid="dossier-code">{d.code}</strong>
          </p>
        )}
        {d.ledger && <p data-testid="ledger-entry">{t('ledger.entry', { book: d.ledger.book, number: d.ledger.number })}</p>}
        {outcome.error && <Alert kind="error" text={outcome.error} />}
        <div className="actions">
          <button className="primary" autoFocus onClick={reset}>
            {t('reception.newDossier')}
          </button>
        </div>
        {outcome.form && (
          <FormPrint
            bytes={outcome.form.pdf}
            sha256={outcome.form.sha256}
            title={d.code || d.procedureName}
            receipt={d.decision === 'accepted'}
            outcome={outcome.form.print}
          />
        )}
      </div>
    );
  }

  return (
    <div className="reception">
      <DraftBar draft={receptionDraft} blank={isBlankForm(form)} onDiscard={discardDraft} />
      <section className="span procedure">
        <h2>{t('reception.procedure')}</h2>
        <ProcedurePicker value={procedure} onPick={pickProcedure} />
        {picked && <CaseSelect procedure={picked} onPick={pickProcedure} />}
        {procedure && <BeyondBoundaryFields procedure={procedure} value={competent} onChange={setCompetent} />}
        {procedure && <FeeFields procedure={procedure} value={fee} onChange={setFee} />}
      </section>
      <section className="applicant">
        <h2>{t('reception.applicant')}</h2>
        <p className="muted">{t('reception.scanHint')}</p>
        <ApplicantFields value={applicant} onChange={setApplicant} problems={problems} showProblems={showProblems} />
      </section>
      <section className="components">
        <h2>{t('reception.components')}</h2>
        {procedure && (
          <ReuseOffers
            procedure={procedure}
            idNumber={applicant.idNumber}
            value={reuse}
            onChange={setReuse}
            components={components}
            onComponents={setComponents}
          />
        )}
        {procedure ? (
          <ComponentChecklist
            procedure={procedure}
            entries={entries}
            value={components}
            onChange={setComponents}
            lookups={lookups}
            onLookups={setLookups}
            idNumber={applicant.idNumber}
          />
        ) : (
          <p className="muted">{t('reception.pickProcedure')}</p>
        )}
      </section>
      <DecisionPanel
        ready={procedure !== null}
        missing={missing}
        choices={choices}
        value={decisionInput}
        onChange={setDecisionInput}
        notice={notice}
        busy={busy}
        onDecide={(decision, reason, items) => void decide(decision, reason, items)}
      />
    </div>
  );
}

/** The fields a citizen ID card's QR fills. */
const CARD_FIELDS = new Set(['fullName', 'idNumber', 'dateOfBirth', 'gender', 'address']);

/**
 * After a card is read, the phone number is the next thing the officer types: the focus goes
 * there unless the officer is typing in a field the card does not fill, or the phone is known.
 */
function focusPhoneAfterCard(): void {
  const phone = document.querySelector<HTMLInputElement>('main input[name=phone]');
  if (!phone || phone.value !== '') return;
  const at = document.activeElement;
  const typing = (at instanceof HTMLInputElement || at instanceof HTMLTextAreaElement || at instanceof HTMLSelectElement) && !CARD_FIELDS.has(at.name);
  if (!typing) phone.focus();
}
