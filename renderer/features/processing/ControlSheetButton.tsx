// The register's own way to the control sheet (Mẫu 06): the officer who sends a paper file on
// prints its sheet from the row, without opening the dossier; the sheet shows above the list.
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import type { StoredFile } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { toBilingual } from '#renderer/ui/Message.tsx';
import { FormPrint } from '../printing/FormPrint.tsx';
import { printForm, type PrintOutcome } from '../printing/printForm.ts';
import { issueControlSheet } from './processing.ts';
import type { Bilingual } from '#domain/errors.ts';

export type PrintedSheet = { file: StoredFile; bytes: Uint8Array; outcome: PrintOutcome } | { error: Bilingual };

export function ControlSheetButton({ dossier, onPrinted }: { dossier: Dossier; onPrinted(sheet: PrintedSheet): void }) {
  const { t } = useTranslation();
  const { db, settings, officer } = useDesk();
  const [busy, setBusy] = useState(false);
  if (dossier.decision !== 'accepted') return null;

  async function print() {
    setBusy(true);
    try {
      const file = await issueControlSheet(db, dossier, settings, officer);
      const bytes = await db.protection.openBytes(file.blob, `files/${file.id}`);
      onPrinted({ file, bytes, outcome: await printForm(file.sha256) });
    } catch (e) {
      onPrinted({ error: toBilingual(e) });
    } finally {
      setBusy(false);
    }
  }

  return (
    <button
      className="compact"
      disabled={busy}
      aria-label={t('processing.printControlOf', { code: dossier.code })}
      title={t('processing.printControl')}
      // The row opens the dossier on Enter and on a double click: the button's own stay here.
      onKeyDown={(e) => e.stopPropagation()}
      onDoubleClick={(e) => e.stopPropagation()}
      onClick={(e) => {
        e.stopPropagation();
        void print();
      }}
    >
      {t('processing.controlShort')}
    </button>
  );
}

/** The sheet above the register, with a way back to the list, which it pushes down. */
export function PrintedSheetView({ sheet, onClose }: { sheet: Extract<PrintedSheet, { file: StoredFile }>; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <section aria-label={sheet.file.name}>
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button onClick={onClose}>{t('processing.closeSheet')}</button>
      </div>
      <FormPrint key={sheet.file.id} bytes={sheet.bytes} sha256={sheet.file.sha256} title={sheet.file.name} receipt={false} outcome={sheet.outcome} />
    </section>
  );
}
