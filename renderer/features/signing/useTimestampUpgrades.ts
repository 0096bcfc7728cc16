// Signatures made while the timestamp authority was down are upgraded in the background,
// without the officer's attention, whenever it answers again.
import { useEffect } from 'react';
import type { DeskDb } from '#renderer/db/schema.ts';
import { desk } from '#renderer/app/host.ts';
import { upgradePendingTimestamps } from './signFiles.ts';

const EVERY_MS = 5 * 60_000;

export function useTimestampUpgrades(db: DeskDb, active: boolean): void {
  useEffect(() => {
    if (!active) return;
    const attempt = async () => {
      // Main holds the approved TSA: without one there is nothing to upgrade with.
      if (!(await desk['admin.settings']({})).tsaUrl) return;
      // A TSA still down is the normal case here: try again at the next round.
      await upgradePendingTimestamps(db).catch(() => undefined);
    };
    void attempt().catch(() => undefined);
    const timer = setInterval(() => void attempt().catch(() => undefined), EVERY_MS);
    return () => clearInterval(timer);
  }, [db, active]);
}
