// What the admin.* calls return: main's privileged settings as the renderer may see them, and
// what became of a proposed change. Main's admin settings and approvers implement these shapes
// (main/settings/README.md); the settings page reads them.
import type { Bilingual } from '#domain/errors.ts';

/** How this host has the administrator approve a change: a native dialog, or a code from the host's console. */
export type ApprovalKind = 'dialog' | 'console';

export interface PendingChange {
  id: string;
  summary: Bilingual;
  /** ISO 8601: the code is refused after this. */
  expiresAt: string;
}

export interface AdminSettingsView {
  scanFolders: string[];
  esclScanners: string[];
  /** The administrator's own modules (this platform's path); the bundled list is in sign.modules. */
  pkcs11Modules: Array<{ id: string; vendor: string; path: string }>;
  provincial: { endpoint: string; ca: Array<{ pem: string; subject: string; sha256: string }> } | null;
  tsaUrl: string | null;
  updateFeedUrl: string | null;
  /** The printer the desktop app prints forms on, by its system name; null: none chosen. */
  printer: string | null;
  /** Named by support staff in the environment (DESK_SCAN_FOLDERS, DESK_ESCL_DEVICES): trusted, not editable here. */
  environment: { scanFolders: string[]; esclScanners: string[] };
  approval: ApprovalKind;
  /** What went wrong reading or applying the settings at start. */
  problems: Bilingual[];
}

export type ProposeResult = { applied: AdminSettingsView } | { pending: PendingChange } | { refused: Bilingual };
