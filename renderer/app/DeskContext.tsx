import { createContext, useContext } from 'react';
import type { DeskDb, Officer } from '../db/schema.ts';
import type { DeskSettings } from '../features/settings/officeSettings.ts';
import type { DeskSync } from '../features/sync/useDeskSync.ts';
import type { Reprotection } from '../features/protection/useProtection.ts';

export interface DeskState {
  db: DeskDb;
  settings: DeskSettings;
  officer: Officer;
  reloadSettings(): Promise<void>;
  /** The provincial sync running for this desk. */
  sync: DeskSync;
  /** Moving stored data onto the current data key, in the background. */
  reprotection: Reprotection;
}

export const DeskContext = createContext<DeskState | null>(null);

export function useDesk(): DeskState {
  const state = useContext(DeskContext);
  if (!state) throw new Error('useDesk outside a signed-in desk');
  return state;
}
