// What the update.* calls return: where the self-update stands and why. Main's update service
// implements it (main/update/README.md draws the states); the settings page and banner read it.
import type { Bilingual } from '#domain/errors.ts';

/** Work that holds an update back until it ends. */
export type Activity = 'reception' | 'scan' | 'signing';

export type UpdateState =
  | 'not-configured'
  | 'idle'
  | 'checking'
  | 'up-to-date'
  | 'not-in-stage'
  | 'available'
  | 'downloading'
  | 'downloaded'
  | 'waiting-idle'
  | 'applying'
  | 'manual'
  | 'refused'
  | 'error';

export interface UpdateStatus {
  state: UpdateState;
  currentVersion: string;
  feedUrl: string | null;
  update: { version: string; releaseDate: string; size: number; required: boolean } | null;
  progress: { received: number; total: number } | null;
  busy: Activity[];
  /** What happened or happens next, and why: the reason for every refusal. */
  message: Bilingual | null;
  /** False in browser mode: the page cannot replace the app that serves it. */
  canApply: boolean;
  checkedAt: string | null;
}
