// In a 2.000815 dossier's detail (chứng thực bản sao từ bản chính, issue 15 §1): the copies
// already certified for it, and the way to certify one from the original it holds — the
// certification screen opens with the applicant and the chosen scan preselected, and the book
// entry it writes carries the dossier's code.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import { bookLabel } from '#domain/certification/statement.ts';
import type { CertificationRow, StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { requestCertification } from './certificationRequest.ts';

export const CERTIFICATION_PROCEDURE = '2.000815';
/** The catalogue's component for the original (2.000815 `ban-chinh`). */
const ORIGINAL_SPEC = 'ban-chinh';

export function CertifyFromDossier({ dossier, files }: { dossier: Dossier; files: StoredFile[] }) {
  const { t } = useTranslation();
  const { db } = useDesk();
  const scans = files.filter((f) => f.kind === 'scan');
  const preferred = scans.find((f) => f.specId === ORIGINAL_SPEC) ?? scans[0];
  const [fileId, setFileId] = useState('');
  const [copies, setCopies] = useState<CertificationRow[]>([]);
  const chosen = scans.find((f) => f.id === fileId) ?? preferred;
  useEffect(() => {
    // The book is small (a commune's copies) and names no citizen: read whole, kept in the clear.
    void db.certifications
      .filter((r) => r.dossierId === dossier.id)
      .toArray()
      .then(setCopies);
  }, [db, dossier.id]);
  if (dossier.procedureCode !== CERTIFICATION_PROCEDURE) return null;
  const nameOf = (f: StoredFile) => dossier.components.find((c) => c.specId === f.specId)?.name ?? f.name;

  return (
    <section className="certify-from-dossier" aria-labelledby="certify-from-dossier-title">
      <h3 id="certify-from-dossier-title">{t('certification.fromDossier.title')}</h3>
      {copies.length > 0 && (
        <ul data-testid="dossier-certified-copies">
          {copies.map((c) => (
            <li key={c.id}>{t('certification.fromDossier.copy', { number: c.number ?? '—', book: bookLabel(c.year), document: c.document })}</li>
          ))}
        </ul>
      )}
      {chosen ? (
        <div className="actions" style={{ justifyContent: 'flex-start', alignItems: 'flex-end' }}>
          {scans.length > 1 && (
            <Field label={t('certification.fromDossier.original')}>
              <select name="certify-original-file" value={chosen.id} onChange={(e) => setFileId(e.target.value)}>
                {scans.map((f) => (
                  <option key={f.id} value={f.id}>
                    {nameOf(f)}
                  </option>
                ))}
              </select>
            </Field>
          )}
          <button
            type="button"
            name="certify-from-dossier"
            onClick={() =>
              requestCertification({
                dossierId: dossier.id,
                dossierCode: dossier.code,
                applicantName: dossier.applicant.fullName,
                // What the original is, when its digitisation says it; else the officer writes it.
                document: dossier.components.find((c) => c.specId === chosen.specId)?.digitisation?.documentType ?? '',
                fileId: chosen.id,
              })
            }
          >
            {t('certification.fromDossier.open')}
          </button>
        </div>
      ) : (
        <p className="muted">{t('certification.fromDossier.scanFirst')}</p>
      )}
    </section>
  );
}
