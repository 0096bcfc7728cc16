import { createContext, useContext } from 'react';
import type { DeskDb, Officer } from '../db/schema.ts';
import type { DeskSettings } from '../features/settings/officeSettings.ts';

export interface DeskState {
  db: DeskDb;
  settings: DeskSettings;
  officer: Officer;
  reloadSettings(): Promise<void>;
}

export const DeskContext = createContext<DeskState | null>(null);

export function useDesk(): DeskState {
  const state = useContext(DeskContext);
  if (!state) throw new Error('useDesk outside a signed-in desk');
  return state;
}
