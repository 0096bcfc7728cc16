// Cài đặt → Bảo vệ dữ liệu: what protects the citizens' data on this desk, the data key's
// rotation, the retention period, and a citizen's request for everything held about them.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { formatDeskDateTime, toDeskIso } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { keyringSummary, startKeyRotation } from '#renderer/db/protection/keyring.ts';
import { DRAFT_DAYS, applyRetention, loadRetention, saveRetention } from './retention.ts';
import { exportCitizen } from './citizenExport.ts';

type Summary = Awaited<ReturnType<typeof keyringSummary>>;

function download(bytes: Uint8Array, name: string): void {
  const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/zip' }));
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  a.click();
  setTimeout(() => URL.revokeObjectURL(url), 60_000);
}

export function ProtectionSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer, reprotection } = useDesk();
  const [summary, setSummary] = useState<Summary | null>(null);
  const [months, setMonths] = useState('');
  const [draftDays, setDraftDays] = useState(String(DRAFT_DAYS));
  const [idNumber, setIdNumber] = useState('');
  const { notice, run } = useNotice();

  const reload = useCallback(async () => setSummary(await keyringSummary(db)), [db]);
  useEffect(() => {
    void reload();
    void loadRetention(db).then((r) => {
      setMonths(r.months === null ? '' : String(r.months));
      setDraftDays(String(r.draftDays ?? DRAFT_DAYS));
    });
  }, [db, reload, reprotection.running]);

  const rotate = () =>
    run(async () => {
      const kid = await startKeyRotation(db, db.protection, officer.id);
      await reload();
      void reprotection.run();
      return {
        vi: `Đã tạo khoá mới ${kid}; dữ liệu cũ đang được khoá lại bằng khoá mới trong nền, quầy vẫn làm việc bình thường.`,
        en: `New key ${kid}; stored data is being re-protected with it in the background while the desk works on.`,
      };
    });

  function saveRule(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      await saveRetention(db, { months: months.trim() === '' ? null : Number(months), draftDays: Number(draftDays) }, officer.id);
      return { vi: 'Đã lưu thời hạn lưu trữ.', en: 'Retention period saved.' };
    });
  }

  const applyNow = () =>
    run(async () => {
      const removed = await applyRetention(db, officer.id);
      return { vi: `Đã xoá ${removed} hồ sơ hết thời hạn lưu (đã ghi nhật ký).`, en: `${removed} dossiers past their retention period removed (logged).` };
    });

  const exportNow = () =>
    run(async () => {
      const result = await exportCitizen(db, idNumber, officer.id);
      download(result.zip, `du-lieu-cong-dan-${toDeskIso(new Date()).slice(0, 10)}.zip`);
      setIdNumber('');
      return {
        vi: `Đã xuất ${result.dossiers} hồ sơ, ${result.files} tệp, ${result.drafts} bản nháp.`,
        en: `Exported ${result.dossiers} dossiers, ${result.files} files, ${result.drafts} drafts.`,
      };
    });

  return (
    <section aria-label={t('protection.title')}>
      <h2>{t('protection.title')}</h2>
      <p data-testid="protection-status">
        {t('protection.status')} {summary?.kid && t('protection.key', { kid: summary.kid, at: summary.createdAt ? formatDeskDateTime(summary.createdAt) : '' })}{' '}
        {summary?.keystore ? t('protection.keystore') : t('protection.passwordOnly')}
      </p>
      {reprotection.running && <p role="status">{t('protection.reprotecting', { n: reprotection.moved })}</p>}
      {reprotection.error && <Alert kind="error" text={reprotection.error} />}
      <fieldset disabled={disabled} style={{ border: 'none', padding: 0 }}>
        <div className="actions">
          <button type="button" onClick={() => void rotate()} disabled={reprotection.running}>
            {t('protection.rotate')}
          </button>
        </div>
        <form onSubmit={saveRule} aria-label={t('protection.retention')}>
          <h3>{t('protection.retention')}</h3>
          <div className="grid">
            <Field label={t('protection.months')}>
              <input name="retention-months" inputMode="numeric" value={months} onChange={(e) => setMonths(e.target.value)} />
            </Field>
            <Field label={t('protection.draftDays')}>
              <input name="retention-draft-days" inputMode="numeric" value={draftDays} onChange={(e) => setDraftDays(e.target.value)} />
            </Field>
          </div>
          <div className="actions">
            <button type="submit">{t('protection.saveRetention')}</button>
            <button type="button" onClick={() => void applyNow()} disabled={months.trim() === ''}>
              {t('protection.applyRetention')}
            </button>
          </div>
        </form>
        <h3>{t('protection.export')}</h3>
        <div className="grid">
          <Field label={t('protection.exportId')}>
            <input name="export-id-number" inputMode="numeric" autoComplete="off" value={idNumber} onChange={(e) => setIdNumber(e.target.value)} />
          </Field>
        </div>
        <div className="actions">
          <button type="button" onClick={() => void exportNow()} disabled={idNumber.replace(/\s/g, '').length !== 12}>
            {t('protection.exportRun')}
          </button>
        </div>
      </fieldset>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
    </section>
  );
}
