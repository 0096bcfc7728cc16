// The verdict on every signature in a file, as main's verifier gives it. A signature over an
// earlier revision offers that revision — the first N bytes of the file — to view and print:
// the document as it was signed.
import { useTranslation } from 'react-i18next';
import { BilingualText } from '#renderer/ui/Message.tsx';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import type { VerifyReport } from '#preload/wire/signing.ts';

export function SignatureReport({ report, onViewSigned }: { report: VerifyReport; onViewSigned(length: number): void }) {
  const { t } = useTranslation();
  if (report.signatures.length === 0) return <p className="verdict">{t('sign.none')}</p>;
  return (
    <ul className="verdicts" aria-label={t('sign.report')}>
      {report.signatures.map((s) => (
        <li key={s.field} className={`verdict verdict-${s.verdict}`} data-verdict={s.verdict}>
          <strong>{t(`sign.verdicts.${s.verdict}`)}</strong> — {s.kind === 'document-timestamp' ? t('sign.docTimestamp') : s.signer}
          {s.organisation ? `, ${s.organisation}` : ''}
          {s.signingTime && ` · ${formatDeskDateTime(s.signingTime)} (${t(`sign.timeSources.${s.timeSource ?? 'claimed'}`)})`}
          {` · ${s.format}`}
          {s.signedRevision.length !== null && s.laterRevisions > 0 && (
            <button className="link" onClick={() => onViewSigned(s.signedRevision.length!)}>
              {t('sign.viewSigned')}
            </button>
          )}
          {[...s.reasons, ...s.warnings].map((r, i) => (
            <div key={i} className="reason">
              <BilingualText text={r} />
            </div>
          ))}
        </li>
      ))}
    </ul>
  );
}
