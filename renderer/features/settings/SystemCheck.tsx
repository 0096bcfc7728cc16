// Cài đặt → Kiểm tra hệ thống: the checks of `desk doctor`, run by main with what it knows itself
// (doctor.run takes nothing from here), for support staff on the phone with a commune. Beside
// them, the one thing only the renderer can know: how much of its IndexedDB quota is used.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '#renderer/app/host.ts';
import { Alert, BilingualText, toBilingual } from '#renderer/ui/Message.tsx';
import type { Bilingual } from '#domain/errors.ts';
import type { DoctorReport, DoctorStatus } from '#preload/wire/doctor.ts';

const KIND: Record<DoctorStatus, string> = { ok: 'alert-ok', warning: 'alert-warn', problem: 'alert-error' };

/** Each language writes its own thousands separator: 10.241 in Vietnamese is 10,241 in English. */
function mib(bytes: number, locale: 'vi-VN' | 'en-GB'): string {
  return `${Math.round(bytes / 1024 ** 2).toLocaleString(locale)} MiB`;
}

async function browserQuota(): Promise<Bilingual | null> {
  const estimate = await navigator.storage?.estimate?.().catch(() => null);
  if (!estimate || estimate.quota === undefined || estimate.usage === undefined) return null;
  return {
    vi: `Bộ nhớ của ứng dụng (IndexedDB): đã dùng ${mib(estimate.usage, 'vi-VN')} trên hạn mức ${mib(estimate.quota, 'vi-VN')}.`,
    en: `The app's storage (IndexedDB): ${mib(estimate.usage, 'en-GB')} used of a ${mib(estimate.quota, 'en-GB')} quota.`,
  };
}

export function SystemCheck() {
  const { t } = useTranslation();
  const [report, setReport] = useState<DoctorReport | null>(null);
  const [quota, setQuota] = useState<Bilingual | null>(null);
  const [running, setRunning] = useState(false);
  const [failure, setFailure] = useState<Bilingual | null>(null);

  const run = useCallback(async () => {
    setRunning(true);
    setFailure(null);
    try {
      const [next, used] = await Promise.all([desk['doctor.run']({}), browserQuota()]);
      setReport(next);
      setQuota(used);
    } catch (e) {
      setFailure(toBilingual(e));
    } finally {
      setRunning(false);
    }
  }, []);

  useEffect(() => {
    void run();
  }, [run]);

  const count = (s: DoctorStatus) => report?.checks.filter((c) => c.status === s).length ?? 0;
  return (
    <section aria-labelledby="system-check-title" className="system-check">
      <h2 id="system-check-title">{t('systemCheck.title')}</h2>
      <p className="muted">{t('systemCheck.hint')}</p>
      <div className="actions">
        <button type="button" className="primary" onClick={() => void run()} disabled={running}>
          {running ? t('systemCheck.running') : t('systemCheck.run')}
        </button>
      </div>
      {failure && <Alert kind="error" text={failure} />}
      <div role="status" aria-live="polite" aria-busy={running}>
        {report && (
          <p data-testid="system-check-summary">{t('systemCheck.summary', { problems: count('problem'), warnings: count('warning'), ok: count('ok') })}</p>
        )}
      </div>
      {report && (
        <ul className="system-check-list">
          {report.checks.map((c) => (
            <li key={c.id} className={`alert ${KIND[c.status]}`} data-check={c.id} data-status={c.status}>
              <strong>
                {t(`systemCheck.status.${c.status}`)} · {t(`systemCheck.ids.${c.id}`)}
              </strong>
              <div>
                <BilingualText text={c} />
              </div>
              {c.status !== 'ok' && (
                <div className="fix">
                  {t('systemCheck.fix')}: <BilingualText text={c.fix} />
                </div>
              )}
            </li>
          ))}
          {quota && (
            <li className="alert alert-info" data-check="indexeddb">
              <BilingualText text={quota} />
            </li>
          )}
        </ul>
      )}
    </section>
  );
}
