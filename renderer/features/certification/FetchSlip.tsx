// The citizen's fetch slip for an electronic certified copy (issue 15 §1, "delivery: printed
// QR/code to fetch it"): the office, the copy's number and book, the date, the document, and the
// fetch code as text and as a QR code of the province's address for it. Shown on the page for the
// officer to check, and printed alone (certification.css: the desk's frame is hidden in print).
// The address is the province's public route for the code (tests/provincial/openapi.yaml) under
// the administrator's sync endpoint: the national portal's citizen address for certified copies
// is not sourced yet [U] (main/certification/README.md).
import { useEffect, useRef, useState } from 'react';
import { createPortal } from 'react-dom';
import { useTranslation } from 'react-i18next';
import { toDataURL } from 'qrcode/lib/browser.js';
import { bookLabel } from '#domain/certification/statement.ts';
import { formatDeskDate } from '#domain/deskTime.ts';
import type { CertificationRow } from '#renderer/db/schema.ts';
import { desk } from '#renderer/app/host.ts';

/** Where a code fetches its copy: `<sync endpoint>/public/certified-copies/<code>`, or null with no endpoint. */
export function fetchAddress(endpoint: string | undefined, code: string): string | null {
  return endpoint ? `${endpoint.replace(/\/+$/, '')}/public/certified-copies/${code}` : null;
}

export function FetchSlip({ row, office, onClose }: { row: CertificationRow; office: string; onClose(): void }) {
  const { t } = useTranslation();
  const [address, setAddress] = useState<string | null>(null);
  const [qr, setQr] = useState<string | null>(null);
  const [ready, setReady] = useState(false);
  const printed = useRef(false);
  const area = useRef<HTMLElement>(null);
  const code = row.fetchCode ?? '';

  useEffect(() => {
    let current = true;
    void desk['admin.settings']({})
      .then(async ({ provincial }) => {
        const url = fetchAddress(provincial?.endpoint, code);
        if (!current) return;
        setAddress(url);
        // 'M' survives a creased or smudged slip; the width prints at about 3 cm.
        const image = url ? await toDataURL(url, { errorCorrectionLevel: 'M', margin: 2, width: 200 }) : null;
        if (current) setQr(image);
      })
      .catch(() => current && setAddress(null))
      .finally(() => current && setReady(true));
    return () => {
      current = false;
    };
  }, [code]);

  // The button said "print": the slip prints once, as soon as its QR is drawn; the preview stays to print again.
  useEffect(() => {
    if (!ready || printed.current) return;
    printed.current = true;
    area.current?.focus();
    window.print();
  }, [ready]);

  const slip = (
    <article className="fetch-slip">
      <h2>{t('certification.slip.title')}</h2>
      <dl>
        <dt>{t('certification.slip.office')}</dt>
        <dd>{office}</dd>
        <dt>{t('certification.slip.number')}</dt>
        <dd>
          {row.number} — {bookLabel(row.year)}
        </dd>
        <dt>{t('certification.slip.date')}</dt>
        <dd>{formatDeskDate(row.day)}</dd>
        <dt>{t('certification.slip.document')}</dt>
        <dd>{row.document}</dd>
        <dt>{t('certification.slip.code')}</dt>
        <dd className="fetch-slip-code" data-testid="fetch-slip-code">
          {code}
        </dd>
      </dl>
      {address ? (
        <div className="fetch-slip-qr">
          {qr && <img src={qr} width={200} height={200} alt={t('certification.slip.qr')} data-testid="fetch-slip-qr" />}
          <div>
            <p>{t('certification.slip.howTo')}</p>
            <p className="fetch-slip-address">{address}</p>
          </div>
        </div>
      ) : (
        <p>{t('certification.slip.noAddress')}</p>
      )}
    </article>
  );

  return (
    <section
      className="fetch-slip-preview"
      aria-label={t('certification.slip.preview', { number: row.number })}
      data-testid="fetch-slip"
      data-ready={ready}
      ref={area}
      tabIndex={-1}
    >
      {slip}
      <div className="certification-actions">
        <button type="button" className="primary" name="fetch-slip-print" onClick={() => window.print()} disabled={!ready}>
          {t('common.print')}
        </button>
        <button type="button" name="fetch-slip-close" onClick={onClose}>
          {t('certification.slip.close')}
        </button>
      </div>
      {createPortal(<div className="fetch-slip-print">{slip}</div>, document.body)}
    </section>
  );
}
