// The electronic result of an accepted dossier: the signed result PDF attached from a file (its
// signature checked by main's verifier first), then handed over as a saved file, a QR code the
// citizen scans, or printed from the viewer, and that hand-over recorded.
import { useEffect, useState, type ChangeEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { toDataURL } from 'qrcode/lib/browser.js';
import { RESULT_DELIVERIES, type Dossier, type ResultDelivery } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { formatDeskDateTime } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { Field } from '#renderer/ui/Field.tsx';
import { attachResult, deliveryProblem, recordResultDelivery } from './electronicResult.ts';

export function ElectronicResultPanel({
  dossier,
  onChanged,
  onShow,
}: {
  dossier: Dossier;
  onChanged(d: Dossier): void;
  onShow(name: string, bytes: Uint8Array): void;
}) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [error, setError] = useState<Bilingual | null>(null);
  const [busy, setBusy] = useState(false);
  const [channel, setChannel] = useState<ResultDelivery>('file');
  const [qr, setQr] = useState<string | null>(null);
  const result = dossier.electronicResult;
  // What the citizen's phone reads: the dossier code and the result's hash, to fetch and check it on the portal.
  useEffect(() => {
    if (!result || channel !== 'qr') return setQr(null);
    let current = true;
    toDataURL(`${dossier.code}|${result.sha256}`, { errorCorrectionLevel: 'M', margin: 2, width: 160 }).then(
      (url) => current && setQr(url),
      () => current && setQr(null),
    );
    return () => {
      current = false;
    };
  }, [dossier.code, result, channel]);

  if (dossier.decision !== 'accepted') return null;

  async function attach(e: ChangeEvent<HTMLInputElement>) {
    const file = e.target.files?.[0];
    e.target.value = '';
    if (!file) return;
    setError(null);
    setBusy(true);
    try {
      const bytes = new Uint8Array(await file.arrayBuffer());
      const report = await desk['sign.verify']({ pdf: bytes });
      onChanged(await attachResult(db, dossier.id, bytes, file.name, report, officer));
    } catch (err) {
      setError(toBilingual(err));
    } finally {
      setBusy(false);
    }
  }

  async function open(): Promise<Uint8Array | null> {
    const stored = result ? await db.files.get(result.fileId) : undefined;
    return stored ? db.protection.openBytes(stored.blob, `files/${stored.id}`) : null;
  }

  async function deliver() {
    if (!result) return;
    setError(null);
    try {
      // Refused before the citizen is given the file, not after.
      const problem = deliveryProblem(dossier, channel);
      if (problem) throw problem;
      const bytes = await open();
      if (bytes && channel === 'file') {
        // The browser's own save dialog: the officer picks the citizen's USB stick or folder.
        const url = URL.createObjectURL(new Blob([bytes as BlobPart], { type: 'application/pdf' }));
        const a = document.createElement('a');
        a.href = url;
        a.download = result.name;
        a.click();
        URL.revokeObjectURL(url);
      }
      if (bytes && channel === 'print') onShow(result.name, bytes);
      onChanged(await recordResultDelivery(db, dossier.id, channel, officer));
    } catch (err) {
      setError(toBilingual(err));
    }
  }

  return (
    <section className="card eresult-panel" data-testid="eresult-panel" aria-label={t('eresult.title')}>
      <h3>{t('eresult.title')}</h3>
      {result ? (
        <>
          <p>
            <button
              type="button"
              onClick={() =>
                void open().then(
                  (b) => b && onShow(result.name, b),
                  (err: unknown) => setError(toBilingual(err)),
                )
              }
            >
              {t('eresult.attached', { name: result.name, signer: result.signer })}
            </button>
          </p>
          {result.delivery ? (
            <p data-testid="eresult-delivered">
              {t('eresult.delivered', {
                channel: t(`eresult.channels.${result.delivery.channel}`),
                at: formatDeskDateTime(result.delivery.at),
                officer: result.delivery.officerName,
              })}
            </p>
          ) : (
            <div className="actions" style={{ justifyContent: 'flex-start', alignItems: 'flex-end' }}>
              <Field label={t('eresult.deliver')}>
                <select name="eresult-channel" value={channel} onChange={(e) => setChannel(e.target.value as ResultDelivery)}>
                  {RESULT_DELIVERIES.map((c) => (
                    <option key={c} value={c}>
                      {t(`eresult.channels.${c}`)}
                    </option>
                  ))}
                </select>
              </Field>
              <button type="button" className="primary" onClick={() => void deliver()}>
                {t('eresult.record')}
              </button>
            </div>
          )}
          {qr && !result.delivery && (
            <p className="eresult-qr">
              <img src={qr} width={160} height={160} alt={t('eresult.qrHint')} />
              <span className="muted">{t('eresult.qrHint')}</span>
            </p>
          )}
        </>
      ) : (
        <Field label={t('eresult.attach')}>
          <input type="file" name="result-file" accept="application/pdf,.pdf" disabled={busy} onChange={(e) => void attach(e)} />
        </Field>
      )}
      {error && <Alert kind="error" text={error} />}
    </section>
  );
}
