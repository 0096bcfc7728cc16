// The provincial endpoint and the CA that signs its certificate: kept in the desk's settings
// and handed to main at start-up and on every change (main keeps no settings).
import type { DeskDb } from '../../db/schema.ts';
import { audit } from '../../db/audit.ts';
import { desk } from '../../app/host.ts';

export interface SyncConfig {
  /** Base URL of the provincial API; null until the administrator sets it. */
  endpoint: string | null;
  ca: { name: string; pem: string }[];
}

const KEY = 'sync';
export const DEFAULT_SYNC: SyncConfig = { endpoint: null, ca: [] };

export async function loadSyncConfig(db: DeskDb): Promise<SyncConfig> {
  return { ...DEFAULT_SYNC, ...((await db.settings.get(KEY))?.value as Partial<SyncConfig> | undefined) };
}

export async function applySyncConfig(db: DeskDb): Promise<SyncConfig> {
  const config = await loadSyncConfig(db);
  await desk['sync.configure']({ endpoint: config.endpoint, ca: config.ca.map((c) => c.pem) });
  return config;
}

/** Main validates first (a plain-http remote address or a bad CA is refused), then the desk keeps it. */
export async function saveSyncConfig(db: DeskDb, config: SyncConfig, officerId: string): Promise<void> {
  await desk['sync.configure']({ endpoint: config.endpoint, ca: config.ca.map((c) => c.pem) });
  await db.transaction('rw', db.settings, db.audit, async () => {
    await db.settings.put({ key: KEY, value: config });
    await audit(db, { officerId, action: 'settings', detail: `sync endpoint ${config.endpoint ? 'set' : 'cleared'}, ${config.ca.length} CA` });
  });
}
