// A screen's one notice — done, failed and why, or what is going on — and the try/catch every
// action used to write around it. An error becomes its bilingual text (toBilingual) and is
// shown, never thrown on: an event handler that awaited it would leave a rejection unhandled.
import { useCallback, useState } from 'react';
import type { Bilingual } from '#domain/errors.ts';
import { toBilingual } from './Message.tsx';

export interface Notice {
  kind: 'error' | 'ok' | 'info';
  text: Bilingual;
}

export interface NoticeState {
  notice: Notice | null;
  show(notice: Notice | null): void;
  clear(): void;
  /** Shows why something failed: a DeskError's own text, a full disk, or the generic message. */
  fail(error: unknown): void;
  /**
   * Clears the notice, runs the action and shows what it says it did, or why it failed.
   * `then` runs once that is shown (a screen reloading what the action changed); its failure is shown too.
   */
  run(action: () => Promise<Bilingual>, then?: () => Promise<unknown>): Promise<void>;
}

export function useNotice(): NoticeState {
  const [notice, setNotice] = useState<Notice | null>(null);
  const clear = useCallback(() => setNotice(null), []);
  const fail = useCallback((error: unknown) => setNotice({ kind: 'error', text: toBilingual(error) }), []);
  const run = useCallback(
    async (action: () => Promise<Bilingual>, then?: () => Promise<unknown>) => {
      setNotice(null);
      try {
        setNotice({ kind: 'ok', text: await action() });
        await then?.();
      } catch (e) {
        fail(e);
      }
    },
    [fail],
  );
  return { notice, show: setNotice, clear, fail, run };
}
