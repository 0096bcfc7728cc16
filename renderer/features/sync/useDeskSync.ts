// One sync engine for the open desk: made when main holds an approved provincial endpoint, remade
// when the administrator changes it, stopped when the desk closes. It runs on its own; the officer only
// sees its status.
import { useCallback, useEffect, useState } from 'react';
import type { DeskDb } from '#renderer/db/schema.ts';
import { createSyncEngine, type SyncEngine, type SyncStatus } from '#renderer/sync/engine.ts';
import { desk } from '#renderer/app/host.ts';
import { linkFetch } from './linkFetch.ts';

export interface DeskSync {
  engine: SyncEngine | null;
  status: SyncStatus | null;
  /** After the endpoint changed in main: start a fresh engine against it. */
  reload(): void;
}

export function useDeskSync(db: DeskDb, active: boolean): DeskSync {
  const [engine, setEngine] = useState<SyncEngine | null>(null);
  const [status, setStatus] = useState<SyncStatus | null>(null);
  const [generation, setGeneration] = useState(0);

  useEffect(() => {
    if (!active) return;
    let made: SyncEngine | null = null;
    let unsubscribe = () => {};
    let cancelled = false;
    void desk['admin.settings']({})
      .then(({ provincial }) => {
        if (cancelled || !provincial) return;
        made = createSyncEngine({ db, serverUrl: provincial.endpoint.replace(/\/+$/, ''), fetch: linkFetch });
        unsubscribe = made.subscribe(setStatus);
        setStatus(made.status());
        setEngine(made);
        made.start();
      })
      .catch(() => setStatus(null));
    return () => {
      cancelled = true;
      unsubscribe();
      void made?.stop();
      setEngine(null);
      setStatus(null);
    };
  }, [db, active, generation]);

  const reload = useCallback(() => setGeneration((g) => g + 1), []);
  return { engine, status, reload };
}
