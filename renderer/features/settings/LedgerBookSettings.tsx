// Cài đặt → Cơ quan: the tracking book's label (quyển số) for this year and the next, which the
// receipt (Mẫu 01) and the printed book (Mẫu 07) carry; an administrator may set it, audited
// (dossiers/ledgerBook.ts). The numbers themselves are given at reception and are not edited.
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { deskDate } from '#domain/deskTime.ts';
import { bookLabelFor, type BookLabels } from '#domain/ledger/book.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { bookLabels, setBookLabel } from '../dossiers/ledgerBook.ts';

export function LedgerBookSettings({ disabled }: { disabled: boolean }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const { notice, run } = useNotice();
  // The desk's year (UTC+7), not the machine's.
  const thisYear = Number(deskDate(new Date()).slice(0, 4));
  const [labels, setLabels] = useState<BookLabels>({});
  const [year, setYear] = useState(thisYear);
  const [label, setLabel] = useState('');
  const load = useCallback(async () => setLabels(await bookLabels(db)), [db]);
  useEffect(() => {
    void load();
  }, [load]);

  function save(e: FormEvent) {
    e.preventDefault();
    void run(async () => {
      const saved = await setBookLabel(db, year, label, officer);
      const book = bookLabelFor(saved, year);
      setLabel('');
      return { vi: t('ledger.saved', { lng: 'vi', book, year }), en: t('ledger.saved', { lng: 'en', book, year }) };
    }, load);
  }

  return (
    <section data-testid="ledger-book" aria-labelledby="ledger-book-title">
      <h2 id="ledger-book-title">{t('ledger.title')}</h2>
      <p>{t('ledger.hint')}</p>
      <ul>
        {[thisYear, thisYear + 1].map((y) => (
          <li key={y}>{t('ledger.inUse', { year: y, book: bookLabelFor(labels, y) })}</li>
        ))}
      </ul>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      {!disabled && (
        <form onSubmit={save} noValidate>
          <div className="grid">
            <Field label={t('ledger.year')}>
              <select name="ledger-year" value={year} onChange={(e) => setYear(Number(e.target.value))}>
                {[thisYear, thisYear + 1].map((y) => (
                  <option key={y} value={y}>
                    {y}
                  </option>
                ))}
              </select>
            </Field>
            <Field label={t('ledger.label')}>
              <input name="ledger-label" maxLength={20} placeholder={bookLabelFor(labels, year)} value={label} onChange={(e) => setLabel(e.target.value)} />
            </Field>
          </div>
          <div className="actions">
            <button type="submit">{t('ledger.save')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
