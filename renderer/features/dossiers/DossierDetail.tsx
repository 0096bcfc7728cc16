// One dossier as received: the applicant, the checklist, and the forms printed for it.
import { useCallback, useEffect, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { formatDeskDate, formatDeskDateTime } from '#domain/deskTime.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { PdfViewer } from '#renderer/ui/PdfViewer.tsx';
import { FormPrint } from '../printing/FormPrint.tsx';
import { printForm, type PrintOutcome } from '../printing/printForm.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { issueForm } from '../reception/issueForm.ts';
import { statusLabel } from './statusLabels.ts';
import { i18n } from '#renderer/i18n/index.ts';
import { ScanPanel } from '../scanning/ScanPanel.tsx';
import { DigitisationPanel } from '../digitisation/DigitisationPanel.tsx';
import { ElectronicResultPanel } from '../digitisation/ElectronicResultPanel.tsx';
import { DossierSyncLine } from '../sync/DossierSyncLine.tsx';
import { ResultPanel } from '../results/ResultPanel.tsx';
import { ApologyPanel } from '../results/ApologyPanel.tsx';
import { ProcessingPanel } from '../processing/ProcessingPanel.tsx';
import { LookupPanel } from './LookupPanel.tsx';
import { CertifyFromDossier } from '../certification/CertifyFromDossier.tsx';
import { SignPanel } from '../signing/SignPanel.tsx';
import { SignatureReport } from '../signing/SignatureReport.tsx';
import { desk } from '#renderer/app/host.ts';
import type { VerifyReport } from '#preload/wire/signing.ts';

export function DossierDetail({ dossier: given, onClose }: { dossier: Dossier; onClose(): void }) {
  const { t } = useTranslation();
  const { db, settings, officer, sync } = useDesk();
  // The register's row may predate the last sync (a status from the province) or a hand-over
  // made here: the open dossier is read again from the store.
  const [dossier, setDossier] = useState(given);
  useEffect(() => {
    db.dossiers.get(given.id).then(
      (fresh) => setDossier(fresh ?? given),
      (e: unknown) => setError(toBilingual(e)),
    );
  }, [db, given, sync.status?.lastSuccessAt]);
  const [files, setFiles] = useState<StoredFile[]>([]);
  /** `signedLength`: showing only the revision a signature covers, the file's first bytes. */
  const [shown, setShown] = useState<{ file: StoredFile; bytes: Uint8Array; signedLength?: number } | null>(null);
  const viewed = useMemo(() => (shown?.signedLength === undefined ? shown?.bytes : shown.bytes.subarray(0, shown.signedLength)), [shown]);
  const [error, setError] = useState<Bilingual | null>(null);
  /** The form printed again from here, and what became of it. */
  const [printed, setPrinted] = useState<{ fileId: string; outcome: PrintOutcome } | null>(null);

  const [scanning, setScanning] = useState<string | null>(null);
  /** The component whose digitisation metadata is open. */
  const [describing, setDescribing] = useState<string | null>(null);
  const [signing, setSigning] = useState(false);
  const [report, setReport] = useState<VerifyReport | null>(null);
  const reloadFiles = useCallback(async () => setFiles(await db.files.where('dossierId').equals(dossier.id).toArray()), [db, dossier.id]);
  useEffect(() => {
    void reloadFiles();
  }, [reloadFiles]);

  async function show(file: StoredFile) {
    setReport(null);
    setError(null);
    try {
      setShown({ file, bytes: await db.protection.openBytes(file.blob, `files/${file.id}`) });
    } catch (e) {
      setShown(null);
      setError(toBilingual(e));
    }
  }

  async function verify() {
    if (!viewed) return;
    setError(null);
    try {
      setReport(await desk['sign.verify']({ pdf: viewed }));
    } catch (e) {
      setError(toBilingual(e));
    }
  }

  const signable = files.filter((f) => f.kind !== 'manifest');
  const manifest = files.find((f) => f.kind === 'manifest');

  async function reprint() {
    setError(null);
    try {
      // Rendered again from the stored dossier, so main has the form it prints.
      const file = await issueForm(db, dossier, settings, officer);
      setFiles((old) => [...old, file]);
      setPrinted({ fileId: file.id, outcome: await printForm(file.sha256) });
      await show(file);
    } catch (e) {
      setError(toBilingual(e));
    }
  }

  const a = dossier.applicant;
  return (
    <div className="card">
      <div className="chosen">
        <h2>
          {dossier.code || t(`dossiers.decision.${dossier.decision}`)} — {dossier.procedureName}
        </h2>
        <button onClick={onClose}>{t('common.close')}</button>
      </div>
      <div className="facts">
        <span>
          {t('dossiers.columns.state')}:{' '}
          {dossier.decision === 'accepted' ? statusLabel(dossier.status, i18n.language === 'en' ? 'en' : 'vi') : t(`dossiers.decision.${dossier.decision}`)}
        </span>
        <span>
          {t('dossiers.columns.received')}: {formatDeskDateTime(dossier.receivedAt)}
        </span>
        {dossier.appointmentAt && (
          <span>
            {t('dossiers.columns.appointment')}: {formatDeskDateTime(dossier.appointmentAt)}
          </span>
        )}
        <span>{dossier.officerName}</span>
        {dossier.ledger && <span data-testid="ledger-entry">{t('ledger.entry', { book: dossier.ledger.book, number: dossier.ledger.number })}</span>}
        {dossier.beyondBoundary && (
          <span data-testid="competent-agency">
            {t('processing.competent')}: {dossier.beyondBoundary.competent.name} ({dossier.beyondBoundary.competent.agencyId})
          </span>
        )}
        <DossierSyncLine dossierId={dossier.id} />
      </div>
      <h3>{t('reception.applicant')}</h3>
      <p>
        <strong>{a.fullName}</strong> · {a.idNumber} · {formatDeskDate(a.dateOfBirth)} · {a.address}
        {a.phone ? ` · ${a.phone}` : ''}
      </p>
      {dossier.reason && (
        <p>
          {t('reception.reason')}: {dossier.reason}
        </p>
      )}
      <ResultPanel dossier={dossier} onChanged={setDossier} onShow={(name, bytes) => setShown({ file: { name } as StoredFile, bytes })} />
      <ElectronicResultPanel
        dossier={dossier}
        onChanged={(d) => {
          setDossier(d);
          void reloadFiles();
        }}
        onShow={(name, bytes) => setShown({ file: { name } as StoredFile, bytes })}
      />
      <ApologyPanel
        dossier={dossier}
        onIssued={(updated, file) => {
          setDossier(updated);
          setFiles((old) => [...old, file]);
          void show(file);
        }}
      />
      <ProcessingPanel
        dossier={dossier}
        onChanged={setDossier}
        onPrinted={(file, outcome) => {
          setFiles((old) => [...old, file]);
          setPrinted({ fileId: file.id, outcome });
          void show(file);
        }}
      />
      <h3>{t('reception.components')}</h3>
      <div>
        {dossier.components.map((c) => (
          <div key={c.specId} className="component-row" data-component={c.specId}>
            <div className="chosen">
              <span>
                {c.received ? '✔' : '✘'} {c.name} — {t(`reception.kinds.${c.kind}`)} × {c.count}
              </span>
              <span className="actions" style={{ margin: 0 }}>
                {files
                  .filter((f) => f.kind === 'scan' && f.specId === c.specId)
                  .map((f) => (
                    <button key={f.id} onClick={() => void show(f)}>
                      {t('scan.scanned')} ({Math.round(f.size / 1024)} KB)
                    </button>
                  ))}
                <button onClick={() => setScanning(scanning === c.specId ? null : c.specId)}>{t('scan.open')}</button>
                {files.some((f) => f.kind === 'scan' && f.specId === c.specId) && (
                  <button aria-expanded={describing === c.specId} onClick={() => setDescribing(describing === c.specId ? null : c.specId)}>
                    {c.digitisation ? `✔ ${t('digitisation.done')}` : t('digitisation.open')}
                  </button>
                )}
              </span>
            </div>
            {c.digitisation?.reusedFrom && <p className="muted">{t('digitisation.reusedFrom', { code: c.digitisation.reusedFrom.fromCode })}</p>}
            {scanning === c.specId && <ScanPanel dossier={dossier} specId={c.specId} onSaved={() => void reloadFiles()} />}
            {describing === c.specId && <DigitisationPanel dossier={dossier} specId={c.specId} onSaved={setDossier} />}
          </div>
        ))}
      </div>
      <LookupPanel
        dossier={dossier}
        onChanged={setDossier}
        onIssued={(file) => {
          // Printed at once, as the counter prints Mẫu 02, then shown with the print outcome.
          setFiles((old) => [...old, file]);
          printForm(file.sha256).then(
            (outcome) => (setPrinted({ fileId: file.id, outcome }), void show(file)),
            (e: unknown) => setError(toBilingual(e)),
          );
        }}
      />
      <CertifyFromDossier dossier={dossier} files={files} />
      {signable.length > 0 && (
        <div className="actions" style={{ justifyContent: 'flex-start' }}>
          <button onClick={() => setSigning(!signing)}>{t('sign.open')}</button>
        </div>
      )}
      {signing && <SignPanel dossier={dossier} files={signable} onSigned={() => void reloadFiles()} />}
      {manifest && (
        <p data-testid="manifest">
          {t('sign.manifest')}: {manifest.name} ({Math.round(manifest.size / 1024)} KB)
        </p>
      )}
      <h3>{t('dossiers.receipt')}</h3>
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        {files
          .filter((f) => f.kind !== 'scan' && f.kind !== 'manifest')
          .map((f) => (
            <button key={f.id} onClick={() => void show(f)}>
              {f.name}
            </button>
          ))}
        <button onClick={() => void reprint()}>{t('common.print')}</button>
      </div>
      {error && <Alert kind="error" text={error} />}
      {shown && (
        <>
          <div className="actions" style={{ justifyContent: 'flex-start' }}>
            <button onClick={() => void verify()}>{t('sign.verify')}</button>
          </div>
          {report && <SignatureReport report={report} onViewSigned={(length) => setShown({ ...shown, signedLength: length })} />}
          {shown.signedLength !== undefined && (
            <p className="muted" data-testid="signed-version">
              {t('sign.signedVersion', { bytes: shown.signedLength })}
            </p>
          )}
          {printed?.fileId === shown.file.id && shown.signedLength === undefined ? (
            <FormPrint
              key={printed.fileId}
              bytes={shown.bytes}
              sha256={shown.file.sha256}
              title={shown.file.name}
              receipt={shown.file.kind === 'receipt'}
              outcome={printed.outcome}
            />
          ) : (
            <PdfViewer bytes={viewed ?? shown.bytes} title={shown.file.name} />
          )}
        </>
      )}
    </div>
  );
}
