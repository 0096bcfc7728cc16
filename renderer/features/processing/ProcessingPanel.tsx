// In the dossier's detail, what happens after the receipt: stop the processing with the notice
// to the applicant (Mẫu 05), record each hand-off of the paper file, and print the control sheet
// (Mẫu 06) with the hand-offs recorded so far. Each form is printed as soon as it is filed.
import { useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import type { Dossier } from '#domain/model.ts';
import { formatDeskDateTime, toDeskIso } from '#domain/deskTime.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { DateTimeField } from '#renderer/ui/DateField.tsx';
import { printForm, type PrintOutcome } from '../printing/printForm.ts';
import { canHandOff, canStop, issueControlSheet, nextGiver, recordHandOff, stopDossier } from './processing.ts';

type Open = 'none' | 'stop' | 'hand-off';

/** The current minute as desk time: a hand-off typed now is never "in the future". */
const thisMinute = () => toDeskIso(new Date(Math.floor(Date.now() / 60_000) * 60_000));

export function ProcessingPanel({
  dossier,
  onChanged,
  onPrinted,
}: {
  dossier: Dossier;
  onChanged(d: Dossier): void;
  onPrinted(file: StoredFile, outcome: PrintOutcome): void;
}) {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  const [open, setOpen] = useState<Open>('none');
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);
  const [stop, setStop] = useState({ reason: '', guidance: '', leaderName: '' });
  const [handOff, setHandOff] = useState({ from: '', to: '', receiverName: '', at: '', note: '' });
  if (dossier.decision !== 'accepted') return null;

  async function run(action: () => Promise<void>) {
    setError(null);
    setBusy(true);
    try {
      await action();
    } catch (e) {
      setError(toBilingual(e));
    } finally {
      setBusy(false);
    }
  }

  function toggle(next: Open) {
    setError(null);
    if (next === 'hand-off') setHandOff({ from: nextGiver(dossier, settings), to: '', receiverName: '', at: thisMinute(), note: '' });
    setOpen(open === next ? 'none' : next);
  }

  function submitStop(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const { dossier: updated, file } = await stopDossier(db, dossier, stop, settings, officer);
      setOpen('none');
      onChanged(updated);
      onPrinted(file, await printForm(file.sha256));
    });
  }

  function submitHandOff(e: FormEvent) {
    e.preventDefault();
    if (!handOff.at) {
      setError({ vi: 'Nhập thời điểm giao nhận theo dạng ngày/tháng/năm giờ:phút.', en: 'Enter the hand-off time as day/month/year hour:minute.' });
      return;
    }
    void run(async () => {
      onChanged(await recordHandOff(db, dossier.id, handOff, officer));
      setOpen('none');
    });
  }

  function printControl() {
    void run(async () => {
      const file = await issueControlSheet(db, dossier, settings, officer);
      onPrinted(file, await printForm(file.sha256));
    });
  }

  const handOffs = dossier.handOffs ?? [];
  return (
    <section className="processing" aria-label={t('processing.title')}>
      {dossier.stop && (
        <p data-testid="stopped">
          <strong>{t('processing.stoppedAt', { time: formatDeskDateTime(dossier.stop.at) })}</strong> {t('processing.reason')}: {dossier.stop.reason}
        </p>
      )}
      {handOffs.length > 0 && (
        <table className="hand-offs">
          <caption>{t('processing.handOffs')}</caption>
          <thead>
            <tr>
              <th scope="col">#</th>
              <th scope="col">{t('processing.from')}</th>
              <th scope="col">{t('processing.to')}</th>
              <th scope="col">{t('processing.receiverName')}</th>
              <th scope="col">{t('processing.at')}</th>
              <th scope="col">{t('processing.note')}</th>
              <th scope="col">{t('processing.recordedBy')}</th>
            </tr>
          </thead>
          <tbody>
            {handOffs.map((h, i) => (
              <tr key={`${h.at}-${i}`}>
                <td>{i + 1}</td>
                <td>{h.from}</td>
                <td>{h.to}</td>
                <td>{h.receiverName ?? '—'}</td>
                <td>{formatDeskDateTime(h.at)}</td>
                <td>{h.note ?? ''}</td>
                <td>{h.officerName}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button onClick={printControl} disabled={busy}>
          {t('processing.printControl')}
        </button>
        {canHandOff(dossier) && (
          <button onClick={() => toggle('hand-off')} aria-expanded={open === 'hand-off'}>
            {t('processing.recordHandOff')}
          </button>
        )}
        {canStop(dossier) && (
          <button onClick={() => toggle('stop')} aria-expanded={open === 'stop'}>
            {t('processing.stop')}
          </button>
        )}
      </div>
      {open === 'stop' && (
        <form className="card" onSubmit={submitStop} aria-label={t('processing.stopTitle')} onKeyDown={(e) => e.key === 'Escape' && setOpen('none')}>
          <h3>{t('processing.stopTitle')}</h3>
          <div className="grid">
            <Field label={t('processing.stopReason')} wide>
              <textarea name="stop-reason" required autoFocus value={stop.reason} onChange={(e) => setStop({ ...stop, reason: e.target.value })} />
            </Field>
            <Field label={t('processing.guidance')} wide>
              <textarea name="stop-guidance" value={stop.guidance} onChange={(e) => setStop({ ...stop, guidance: e.target.value })} />
            </Field>
            <Field label={t('processing.leader')}>
              <input name="stop-leader" value={stop.leaderName} onChange={(e) => setStop({ ...stop, leaderName: e.target.value })} />
            </Field>
          </div>
          <div className="actions">
            <button type="button" onClick={() => setOpen('none')}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {t('processing.issueStop')}
            </button>
          </div>
        </form>
      )}
      {open === 'hand-off' && (
        <form className="card" onSubmit={submitHandOff} aria-label={t('processing.handOffTitle')} onKeyDown={(e) => e.key === 'Escape' && setOpen('none')}>
          <h3>{t('processing.handOffTitle')}</h3>
          <div className="grid">
            <Field label={t('processing.from')}>
              <input name="hand-off-from" required value={handOff.from} onChange={(e) => setHandOff({ ...handOff, from: e.target.value })} />
            </Field>
            <Field label={t('processing.to')}>
              <input name="hand-off-to" required autoFocus value={handOff.to} onChange={(e) => setHandOff({ ...handOff, to: e.target.value })} />
            </Field>
            <Field label={t('processing.receiverName')}>
              <input name="hand-off-receiver" value={handOff.receiverName} onChange={(e) => setHandOff({ ...handOff, receiverName: e.target.value })} />
            </Field>
            <DateTimeField name="hand-off-at" label={t('processing.at')} required value={handOff.at} onChange={(at) => setHandOff({ ...handOff, at })} />
            <Field label={t('processing.note')} wide>
              <input name="hand-off-note" value={handOff.note} onChange={(e) => setHandOff({ ...handOff, note: e.target.value })} />
            </Field>
          </div>
          <div className="actions">
            <button type="button" onClick={() => setOpen('none')}>
              {t('common.cancel')}
            </button>
            <button type="submit" className="primary" disabled={busy}>
              {t('processing.saveHandOff')}
            </button>
          </div>
        </form>
      )}
      {error && <Alert kind="error" text={error} />}
    </section>
  );
}
