// Cài đặt → Thiết bị: the barcode scanners main reads over HID (main/barcode/), their mode and
// counts, how to switch a scanner to HID POS, and a test scan that shows what arrived without
// showing a card's content (personal data) on the screen.
import { useCallback, useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { desk } from '#renderer/app/host.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import type { Bilingual } from '#domain/errors.ts';
import { EMULATED_SCANNER_IDS, type BarcodeScannerView } from '#preload/wire/barcode.ts';
import { useHidScans } from '../barcode/hidScans.ts';
import type { ScanRoute } from '../barcode/scanRoute.ts';

export function BarcodeDevices() {
  const { t } = useTranslation();
  const [scanners, setScanners] = useState<BarcodeScannerView[] | null>(null);
  const [failure, setFailure] = useState<Bilingual | null>(null);
  const [testing, setTesting] = useState(false);
  const [received, setReceived] = useState<ScanRoute | null>(null);

  const refresh = useCallback(() => {
    setFailure(null);
    desk['barcode.scanners']({}).then(setScanners, (e: unknown) => setFailure(toBilingual(e)));
  }, []);
  useEffect(refresh, [refresh]);

  useHidScans((route) => {
    setReceived(route);
    refresh();
  }, testing);

  return (
    <section aria-label={t('settingsSections.devices')}>
      <p>{t('barcodeDevices.intro')}</p>
      {failure && <Alert kind="error" text={failure} />}
      {scanners && scanners.length === 0 && <p role="status">{t('barcodeDevices.none')}</p>}
      {scanners && scanners.length > 0 && (
        <table>
          <thead>
            <tr>
              <th scope="col">{t('barcodeDevices.name')}</th>
              <th scope="col">{t('barcodeDevices.ids')}</th>
              <th scope="col">{t('barcodeDevices.mode')}</th>
              <th scope="col">{t('barcodeDevices.scans')}</th>
              <th scope="col">{t('barcodeDevices.ignored')}</th>
            </tr>
          </thead>
          <tbody>
            {scanners.map((s) => (
              <tr key={s.path}>
                <td>{s.name}</td>
                <td>{s.ids}</td>
                <td>
                  {t(`barcodeDevices.modes.${s.mode}`)}
                  {s.denied && ` — ${t('barcodeDevices.denied')}`}
                </td>
                <td>{s.counts.scans}</td>
                <td>{s.counts.garbage + s.counts.swallowed}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      <p>{t('barcodeDevices.howTo')}</p>
      <div className="actions">
        <button type="button" onClick={refresh}>
          {t('barcodeDevices.refresh')}
        </button>
        <button
          type="button"
          aria-pressed={testing}
          onClick={() => {
            setReceived(null);
            setTesting(!testing);
          }}
        >
          {testing ? t('barcodeDevices.stopTest') : t('barcodeDevices.test')}
        </button>
        {testing && scanners?.some((s) => s.ids === EMULATED_SCANNER_IDS) && (
          <button type="button" onClick={() => desk['barcode.demoScan']({}).catch((e: unknown) => setFailure(toBilingual(e)))}>
            {t('barcodeDevices.demoScan')}
          </button>
        )}
      </div>
      {testing && !received && <p role="status">{t('barcodeDevices.waiting')}</p>}
      {received?.kind === 'citizen' && (
        <p role="status" className="alert alert-ok">
          {t('barcodeDevices.gotCitizen', { count: [...received.text].length })}
        </p>
      )}
      {received?.kind === 'search' && (
        <p role="status" className="alert alert-ok">
          {t('barcodeDevices.gotCode', { text: received.text })}
        </p>
      )}
      {received?.kind === 'refused' && <Alert kind="error" text={received.error.text} />}
    </section>
  );
}
