// The administrator's network scanners and scan-to-folder directories. Kept in the desk's
// settings and handed to main at start-up and on every change (main keeps no settings).
import type { DeskDb } from '../../db/schema.ts';
import { audit } from '../../db/audit.ts';
import { desk } from '../../app/host.ts';

export interface ScannerConfig {
  escl: string[];
  folders: string[];
}

const KEY = 'scanners';

export async function loadScannerConfig(db: DeskDb): Promise<ScannerConfig> {
  return ((await db.settings.get(KEY))?.value as ScannerConfig | undefined) ?? { escl: [], folders: [] };
}

/** Tells main the stored configuration; called once the desk is open. */
export async function applyScannerConfig(db: DeskDb): Promise<void> {
  await desk['scan.configure'](await loadScannerConfig(db));
}

/** Main validates first (a bad path is refused with its reason), then the desk keeps it. */
export async function saveScannerConfig(db: DeskDb, config: ScannerConfig, officerId: string): Promise<void> {
  await desk['scan.configure'](config);
  await db.transaction('rw', db.settings, db.audit, async () => {
    await db.settings.put({ key: KEY, value: config });
    await audit(db, { officerId, action: 'settings', detail: `scanners ${config.escl.length}+${config.folders.length}` });
  });
}

/** One entry per line, blank lines dropped. */
export const linesOf = (text: string) =>
  text
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);
