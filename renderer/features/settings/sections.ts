// The sections of Settings, and which one is open: named in the address (#settings/<id>) so a
// section can be linked to, and remembered while the app runs so coming back to Settings
// opens the section the administrator left.

export const SETTINGS_SECTIONS = [
  'office',
  'catalog',
  'calendar',
  'scanners',
  'devices',
  'printer',
  'signing',
  'sync',
  'updates',
  'protection',
  'system',
  'officers',
  'audit',
] as const;
export type SettingsSection = (typeof SETTINGS_SECTIONS)[number];

const HASH = /^#settings\/([a-z]+)$/;

export function sectionFromHash(hash: string): SettingsSection | null {
  const id = HASH.exec(hash)?.[1];
  return SETTINGS_SECTIONS.find((s) => s === id) ?? null;
}

export const sectionHash = (section: SettingsSection) => `#settings/${section}`;

let lastSection: SettingsSection = 'office';

/** The section to open: the one the address names, else the one last open in this run. */
export function initialSection(hash: string): SettingsSection {
  return sectionFromHash(hash) ?? lastSection;
}

export function rememberSection(section: SettingsSection): void {
  lastSection = section;
}

/** The section an arrow, Home or End key moves to in the vertical list; null for other keys. */
export function sectionAfterKey(current: SettingsSection, key: string): SettingsSection | null {
  const at = SETTINGS_SECTIONS.indexOf(current);
  const n = SETTINGS_SECTIONS.length;
  if (key === 'ArrowDown') return SETTINGS_SECTIONS[(at + 1) % n]!;
  if (key === 'ArrowUp') return SETTINGS_SECTIONS[(at - 1 + n) % n]!;
  if (key === 'Home') return SETTINGS_SECTIONS[0];
  if (key === 'End') return SETTINGS_SECTIONS[n - 1]!;
  return null;
}
