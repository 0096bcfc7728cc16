// For a dossier that will be late: the letter of apology with a new appointment (Mẫu 04).
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import type { Dossier } from '#domain/model.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { DateTimeField } from '#renderer/ui/DateField.tsx';
import { issueApology } from './issueApology.ts';

export function ApologyPanel({ dossier, onIssued }: { dossier: Dossier; onIssued(d: Dossier, file: StoredFile): void }) {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  const [open, setOpen] = useState(false);
  const [reason, setReason] = useState('');
  const [when, setWhen] = useState('');
  const [leader, setLeader] = useState('');
  const [error, setError] = useState<Bilingual | null>(null);
  // A stopped dossier (Mẫu 05) owes no result, so there is no lateness to apologise for.
  if (dossier.decision !== 'accepted' || !dossier.appointmentAt || dossier.handover || dossier.stop) return null;

  function submit(e: FormEvent) {
    e.preventDefault();
    setError(null);
    if (!when) {
      setError({ vi: 'Hãy nhập ngày giờ hẹn mới theo dạng ngày/tháng/năm giờ:phút.', en: 'Enter the new appointment as day/month/year hour:minute.' });
      return;
    }
    // The field reads what the officer typed as desk time (UTC+7), whatever the computer's own zone.
    issueApology(db, dossier, { reason, newAppointmentAt: when, leaderName: leader }, settings, officer).then(
      ({ dossier: updated, file }) => (setOpen(false), onIssued(updated, file)),
      (err: unknown) => setError(toBilingual(err)),
    );
  }

  if (!open) {
    return (
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button onClick={() => setOpen(true)}>{t('apology.open')}</button>
      </div>
    );
  }
  return (
    <form className="card" onSubmit={submit} aria-label={t('apology.title')}>
      <h3>{t('apology.title')}</h3>
      <div className="grid">
        <Field label={t('apology.reason')} wide>
          <textarea name="apology-reason" required value={reason} onChange={(e) => setReason(e.target.value)} />
        </Field>
        <DateTimeField name="new-appointment" label={t('apology.newAppointment')} required value={when} onChange={setWhen} />
        <Field label={t('apology.leader')}>
          <input name="leader-name" value={leader} onChange={(e) => setLeader(e.target.value)} />
        </Field>
      </div>
      <div className="actions">
        <button type="button" onClick={() => setOpen(false)}>
          {t('common.cancel')}
        </button>
        <button type="submit" className="primary">
          {t('apology.issue')}
        </button>
      </div>
      {error && <Alert kind="error" text={error} />}
    </form>
  );
}
