// Cài đặt → Lịch nghỉ: the calendar the desk computes appointments with, its notices for this
// year and the next, and (for an administrator) a form to add a notice (calendarNotices.ts).
import { useCallback, useEffect, useState, type FormEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { VN_RULES, type CalendarRules } from '#domain/calendar/rules.ts';
import { deskDate, formatDeskDate } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { deskCalendar, splitCalendarVersion } from '../reception/deskRules.ts';
import { addCalendarNotice, noticesFor, type CalendarNoticeInput } from './calendarNotices.ts';

export function CalendarNotices({ disabled, onChange }: { disabled: boolean; onChange: () => Promise<unknown> }) {
  const { t, i18n } = useTranslation();
  const { db, officer } = useDesk();
  const { notice, run } = useNotice();
  const [rules, setRules] = useState<CalendarRules | null>(null);
  const [draft, setDraft] = useState<CalendarNoticeInput>({ kind: 'days-off', dates: '', holiday: 'national-day', source: '', effectiveFrom: '' });

  const load = useCallback(async () => setRules((await deskCalendar(db)).rules), [db]);
  useEffect(() => {
    void load();
  }, [load]);
  if (!rules) return null;

  // The desk's year (UTC+7), not the machine's.
  const year = Number(deskDate(new Date()).slice(0, 4));
  const origin = rules.version === VN_RULES.version ? 'bundled' : splitCalendarVersion(rules.version).desk > 0 ? 'desk' : 'stored';
  const lines = noticesFor(rules, year);

  function add(e: FormEvent) {
    e.preventDefault();
    void run(
      async () => {
        const added = await addCalendarNotice(db, draft, officer);
        setDraft({ ...draft, dates: '', source: '', effectiveFrom: '' });
        return { vi: t('calendarNotices.added', { lng: 'vi', version: added.version }), en: t('calendarNotices.added', { lng: 'en', version: added.version }) };
      },
      async () => Promise.all([load(), onChange()]),
    );
  }

  return (
    <section data-testid="calendar-notices">
      <h2>{t('calendarNotices.title')}</h2>
      <p data-testid="calendar-version">
        {t('calendarNotices.inUse', { version: rules.version, from: formatDeskDate(rules.effectiveFrom), origin: t(`calendarNotices.${origin}`) })}
      </p>
      {lines.length === 0 ? (
        <p>{t('calendarNotices.none', { year, next: year + 1 })}</p>
      ) : (
        <ul>
          {lines.map((n, i) => (
            <li key={i}>
              {n.year} — {n.source}
              {n.daysOff.length > 0 && <> · {t('calendarNotices.daysOff', { dates: n.daysOff.map(formatDeskDate).join(', ') })}</>}
              {n.workdays.length > 0 && <> · {t('calendarNotices.workdays', { dates: n.workdays.map(formatDeskDate).join(', ') })}</>}
            </li>
          ))}
        </ul>
      )}
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      {!disabled && (
        <form onSubmit={add}>
          <h3>{t('calendarNotices.add')}</h3>
          <p>{t('calendarNotices.hint')}</p>
          <Field label={t('calendarNotices.kind')}>
            <select name="notice-kind" value={draft.kind} onChange={(e) => setDraft({ ...draft, kind: e.target.value as CalendarNoticeInput['kind'] })}>
              <option value="days-off">{t('calendarNotices.kindDaysOff')}</option>
              <option value="make-up-workday">{t('calendarNotices.kindWorkday')}</option>
            </select>
          </Field>
          <Field label={t('calendarNotices.dates')}>
            <input name="notice-dates" value={draft.dates} onChange={(e) => setDraft({ ...draft, dates: e.target.value })} />
          </Field>
          <Field label={t('calendarNotices.holiday')}>
            <select name="notice-holiday" value={draft.holiday} onChange={(e) => setDraft({ ...draft, holiday: e.target.value })}>
              {rules.holidays.map((h) => (
                <option key={h.id} value={h.id}>
                  {i18n.language === 'en' ? h.name.en : h.name.vi}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('calendarNotices.source')} wide>
            <input name="notice-source" value={draft.source} onChange={(e) => setDraft({ ...draft, source: e.target.value })} />
          </Field>
          <Field label={t('calendarNotices.effectiveFrom')}>
            <input name="notice-effective" value={draft.effectiveFrom} onChange={(e) => setDraft({ ...draft, effectiveFrom: e.target.value })} />
          </Field>
          <div className="actions">
            <button type="submit">{t('calendarNotices.add')}</button>
          </div>
        </form>
      )}
    </section>
  );
}
