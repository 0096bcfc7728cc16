// The update server's feed address: kept in the desk's settings and handed to main on start and
// on every change (main keeps no settings), with this desk's id for the staged roll-out.
import type { DeskDb } from '../../db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { audit } from '../../db/audit.ts';
import { desk } from '../../app/host.ts';
import type { UpdateStatus } from '../../../main/update/updateService.ts';

const KEY = 'update';

export interface UpdateConfig {
  /** e.g. https://capnhat.tinh.gov.vn/mot-cua-desk/update.json; null: no updates. */
  feedUrl: string | null;
}

/** Agency e-ID and desk number: stable across reinstalls, and not personal data. */
export function rolloutDeskId(settings: Pick<DeskSettings, 'agencyId' | 'deskNumber'>): string {
  return `${settings.agencyId}/${settings.deskNumber}`;
}

export async function loadUpdateConfig(db: DeskDb): Promise<UpdateConfig> {
  return { feedUrl: null, ...((await db.settings.get(KEY))?.value as Partial<UpdateConfig> | undefined) };
}

export async function applyUpdateConfig(db: DeskDb, settings: Pick<DeskSettings, 'agencyId' | 'deskNumber'>): Promise<UpdateStatus> {
  const { feedUrl } = await loadUpdateConfig(db);
  return desk['update.configure']({ feedUrl, deskId: rolloutDeskId(settings) });
}

/** Main validates first (a plain-http remote address is refused), then the desk keeps it. */
export async function saveUpdateConfig(db: DeskDb, settings: DeskSettings, config: UpdateConfig, officerId: string): Promise<UpdateStatus> {
  const status = await desk['update.configure']({ feedUrl: config.feedUrl, deskId: rolloutDeskId(settings) });
  await db.transaction('rw', db.settings, db.audit, async () => {
    await db.settings.put({ key: KEY, value: config });
    await audit(db, { officerId, action: 'settings', detail: `update feed ${config.feedUrl ? 'set' : 'cleared'}` });
  });
  return status;
}
