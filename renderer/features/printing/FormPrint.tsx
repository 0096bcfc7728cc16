// A form just issued or issued again: what became of its printing, a way to print it again, and
// the pages. The desktop app has already put it on the approved printer; in browser mode, or with
// no printer chosen, the print dialog opens by itself with the form's pages.
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import { PdfViewer } from '#renderer/ui/PdfViewer.tsx';
import { printForm, printsInDialog, type PrintOutcome } from './printForm.ts';

export interface FormPrintProps {
  bytes: Uint8Array;
  /** The stored file's hash: main prints the form it rendered by this. */
  sha256: string;
  title: string;
  /** A receipt (Mẫu 01) prints both of its copies. */
  receipt: boolean;
  /** A promise while main is still answering the print request: the pages show without waiting for it. */
  outcome: PrintOutcome | Promise<PrintOutcome>;
}

export function FormPrint({ bytes, sha256, title, receipt, outcome: first }: FormPrintProps) {
  const { t } = useTranslation();
  const pending = first instanceof Promise;
  const [outcome, setOutcome] = useState<PrintOutcome | null>(pending ? null : first);
  const [printRequest, setPrintRequest] = useState(!pending && printsInDialog(first) ? 1 : 0);
  const [busy, setBusy] = useState(false);
  useEffect(() => {
    if (!(first instanceof Promise)) return;
    let live = true;
    void first.then((answer) => {
      if (!live) return;
      setOutcome(answer);
      if (printsInDialog(answer)) setPrintRequest((n) => n + 1);
    });
    return () => {
      live = false;
    };
  }, [first]);
  const both = (key: string, values: Record<string, unknown> = {}): Bilingual => ({
    vi: t(key, { ...values, lng: 'vi' }),
    en: t(key, { ...values, lng: 'en' }),
  });

  async function again() {
    if (outcome && printsInDialog(outcome)) {
      setPrintRequest((n) => n + 1);
      return;
    }
    setBusy(true);
    const next = await printForm(sha256);
    setOutcome(next);
    if (printsInDialog(next)) setPrintRequest((n) => n + 1);
    setBusy(false);
  }

  const copies = receipt ? both('print.bothCopies') : null;
  const join = (a: Bilingual, b: Bilingual | null): Bilingual => (b ? { vi: `${a.vi} ${b.vi}`, en: `${a.en} ${b.en}` } : a);
  return (
    <div className="form-print">
      {outcome && 'sent' in outcome && <Alert kind="ok" text={join(both('print.sent', outcome.sent), copies)} />}
      {outcome && 'dialog' in outcome && <Alert kind="info" text={join(both(outcome.dialog === 'browser' ? 'print.dialog' : 'print.noPrinter'), copies)} />}
      {outcome && 'failed' in outcome && <Alert kind="error" text={outcome.failed.text} />}
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button type="button" onClick={() => void again()} disabled={busy || !outcome} data-testid="print-again">
          {t('print.again')}
        </button>
      </div>
      <PdfViewer bytes={bytes} title={title} printRequest={printRequest} />
    </div>
  );
}
