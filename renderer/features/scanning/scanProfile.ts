// The officer's last scanner and profile, remembered per procedure component: the same
// document is usually scanned the same way.
import type { DeskDb } from '#renderer/db/schema.ts';
import type { ColorMode, KindOverride, ScanSource } from '#preload/wire/scan.ts';

export interface ScanProfile {
  deviceId: string;
  source: ScanSource;
  mode: ColorMode;
  dpi: number;
  pageKind: KindOverride;
}

/** Colour at 200 dpi, the minimum the digitisation rules ask for (docs/domain/signatures-tokens-scanning.md). */
export const DEFAULT_PROFILE: ScanProfile = { deviceId: '', source: 'flatbed', mode: 'color', dpi: 200, pageKind: 'auto' };

const key = (scope: string) => `scanProfile:${scope}`;

export async function loadProfile(db: DeskDb, scope: string): Promise<ScanProfile> {
  const own = (await db.settings.get(key(scope)))?.value as ScanProfile | undefined;
  const last = (await db.settings.get(key('last')))?.value as ScanProfile | undefined;
  return own ?? last ?? DEFAULT_PROFILE;
}

export async function saveProfile(db: DeskDb, scope: string, profile: ScanProfile): Promise<void> {
  await db.settings.bulkPut([
    { key: key(scope), value: profile },
    { key: key('last'), value: profile },
  ]);
}
