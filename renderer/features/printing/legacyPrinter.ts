// The printer is main's privileged setting now (main/settings/, "set-printer"): the renderer
// never names where a citizen's form is printed. Desks set up before kept a "Máy in" name in
// their office settings, which nothing ever used; it is offered once for approval in Settings →
// Printer, then cleared, or cleared when discarded — never applied without an administrator.
import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { OFFICE_KEY } from '../settings/officeSettings.ts';

/** The printer name an older desk kept in its office settings; null: none. */
export async function loadLegacyPrinter(db: DeskDb): Promise<string | null> {
  const value = (await db.settings.get(OFFICE_KEY))?.value as { printer?: unknown } | undefined;
  return typeof value?.printer === 'string' && value.printer.trim() !== '' ? value.printer.trim() : null;
}

/** Clears the kept name (after it was approved in main, or discarded), with its audit entry. */
export async function forgetLegacyPrinter(db: DeskDb, officerId: string): Promise<void> {
  await db.transaction('rw', db.settings, db.audit, async () => {
    const row = await db.settings.get(OFFICE_KEY);
    const value = row?.value as Record<string, unknown> | undefined;
    if (!value || !value.printer) return;
    await db.settings.put({ key: OFFICE_KEY, value: { ...value, printer: '' } });
    await audit(db, { officerId, action: 'settings', detail: 'office printer cleared (the printer is main’s setting)' });
  });
}
