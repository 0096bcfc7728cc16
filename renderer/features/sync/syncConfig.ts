// The provincial endpoint and its CA are main's privileged settings now (admin.*): the sync engine
// runs against the endpoint main approved. Desks set up before that kept them here; the kept
// values are shown as "not yet approved" until proposed to main or dropped, never lost silently.
import type { DeskDb } from '#renderer/db/schema.ts';

export interface LegacySync {
  /** Base URL of the provincial API as the desk kept it; null: none kept. */
  endpoint: string | null;
  ca: { name: string; pem: string }[];
}

const KEY = 'sync';

export async function loadLegacySync(db: DeskDb): Promise<LegacySync> {
  return { endpoint: null, ca: [], ...((await db.settings.get(KEY))?.value as Partial<LegacySync> | undefined) };
}

export async function forgetLegacySync(db: DeskDb): Promise<void> {
  await db.settings.delete(KEY);
}
