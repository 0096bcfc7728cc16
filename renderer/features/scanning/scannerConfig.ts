// Network scanners and scan folders are main's privileged settings now (admin.*). Desks set up
// before that kept them here, in the desk's settings; those values are shown as "not yet
// approved" until the administrator proposes them to main or drops them, never lost silently.
import type { DeskDb } from '#renderer/db/schema.ts';

export interface LegacyScanners {
  escl: string[];
  folders: string[];
}

const KEY = 'scanners';

export async function loadLegacyScanners(db: DeskDb): Promise<LegacyScanners> {
  return { escl: [], folders: [], ...((await db.settings.get(KEY))?.value as Partial<LegacyScanners> | undefined) };
}

/** Drops one kept value once main has it, or the administrator does not want it. */
export async function forgetLegacyScanner(db: DeskDb, kind: keyof LegacyScanners, value: string): Promise<void> {
  await db.transaction('rw', db.settings, async () => {
    const legacy = await loadLegacyScanners(db);
    await db.settings.put({ key: KEY, value: { ...legacy, [kind]: legacy[kind].filter((v) => v !== value) } });
  });
}
