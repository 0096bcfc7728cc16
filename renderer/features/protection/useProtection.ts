// The desk's key state for React, and the background re-protection that follows an unlock
// or a key rotation (rows stored before encryption, or under a key being rotated out).
import { useCallback, useEffect, useState } from 'react';
import type { Bilingual } from '#domain/errors.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { reprotectAll } from '#renderer/db/protection/reprotect.ts';
import { toBilingual } from '#renderer/ui/Message.tsx';

export function useUnlocked(db: DeskDb): boolean {
  const [unlocked, setUnlocked] = useState(db.protection.unlocked);
  useEffect(() => db.protection.onChange(() => setUnlocked(db.protection.unlocked)), [db]);
  return unlocked;
}

export interface Reprotection {
  running: boolean;
  /** Rows moved onto the current key by the last run. */
  moved: number;
  error: Bilingual | null;
  /** Runs it again (after a rotation). */
  run(): Promise<void>;
}

export function useReprotection(db: DeskDb, unlocked: boolean): Reprotection {
  const [state, setState] = useState({ running: false, moved: 0, error: null as Bilingual | null });
  const run = useCallback(async () => {
    setState((s) => ({ ...s, running: true, error: null }));
    try {
      const moved = await reprotectAll(db, (p) => setState((s) => ({ ...s, moved: p.done })));
      setState({ running: false, moved, error: null });
    } catch (e) {
      setState((s) => ({ ...s, running: false, error: toBilingual(e) }));
    }
  }, [db]);
  useEffect(() => {
    if (unlocked) void run();
  }, [unlocked, run]);
  return { ...state, run };
}
