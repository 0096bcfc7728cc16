// The update feed address is main's privileged setting now (admin.*); the desk only tells main its
// id for the staged roll-out. Desks set up before that kept the address here: it is shown as "not
// yet approved" until proposed to main or dropped, never lost silently.
import type { DeskDb } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { desk } from '#renderer/app/host.ts';
import type { UpdateStatus } from '#preload/wire/updates.ts';

const KEY = 'update';

/** Agency e-ID and desk number: stable across reinstalls, and not personal data. */
export function rolloutDeskId(settings: Pick<DeskSettings, 'agencyId' | 'deskNumber'>): string {
  return `${settings.agencyId}/${settings.deskNumber}`;
}

export function applyUpdateConfig(settings: Pick<DeskSettings, 'agencyId' | 'deskNumber'>): Promise<UpdateStatus> {
  return desk['update.configure']({ deskId: rolloutDeskId(settings) });
}

/** The feed address an older desk kept; null: none. */
export async function loadLegacyFeedUrl(db: DeskDb): Promise<string | null> {
  return ((await db.settings.get(KEY))?.value as { feedUrl?: string | null } | undefined)?.feedUrl ?? null;
}

export async function forgetLegacyFeedUrl(db: DeskDb): Promise<void> {
  await db.settings.delete(KEY);
}
