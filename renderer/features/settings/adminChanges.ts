// The renderer's side of main's privileged settings (main/settings/README.md): it shows what main
// holds, proposes changes, and in browser mode hands back the code the administrator read on the
// host's console. Every change main applied is written to the audit trail here.
import type { DeskDb } from '#renderer/db/schema.ts';
import type { Bilingual } from '#domain/errors.ts';
import { audit } from '#renderer/db/audit.ts';
import { desk } from '#renderer/app/host.ts';
import type { SettingsChange } from '#preload/contract.ts';
import type { AdminSettingsView, PendingChange } from '#preload/wire/settings.ts';

export type { AdminSettingsView, PendingChange, SettingsChange };

export type ChangeOutcome =
  { state: 'applied'; view: AdminSettingsView } | { state: 'pending'; pending: PendingChange } | { state: 'refused'; text: Bilingual };

/** What the audit trail says of a change: its kind and the value, never a path picked in a dialog the renderer did not see. */
export function auditDetail(change: SettingsChange): string {
  switch (change.kind) {
    case 'add-scan-folder':
    case 'add-pkcs11-module':
      return change.path ? `${change.kind} ${change.path}` : change.kind;
    case 'remove-scan-folder':
      return `${change.kind} ${change.path}`;
    case 'add-escl-scanner':
    case 'remove-escl-scanner':
      return `${change.kind} ${change.address}`;
    case 'remove-pkcs11-module':
      return `${change.kind} ${change.id}`;
    case 'set-provincial':
      return `${change.kind} ${change.endpoint} (${change.ca.length} CA)`;
    case 'set-tsa':
    case 'set-update-feed':
      return `${change.kind} ${change.url}`;
    case 'set-printer':
      return `${change.kind} ${change.name}`;
    default:
      return change.kind;
  }
}

export function loadAdminSettings(): Promise<AdminSettingsView> {
  return desk['admin.settings']({});
}

async function audited(db: DeskDb, change: SettingsChange, officerId: string): Promise<void> {
  await audit(db, { officerId, action: 'settings', detail: `admin ${auditDetail(change)}` });
}

/** Proposes a change; main applies it at once (a removal, an Electron dialog) or waits for the console code. */
export async function proposeChange(db: DeskDb, change: SettingsChange, officerId: string): Promise<ChangeOutcome> {
  const result = await desk['admin.propose'](change);
  if ('pending' in result) return { state: 'pending', pending: result.pending };
  if ('refused' in result) return { state: 'refused', text: result.refused };
  await audited(db, change, officerId);
  return { state: 'applied', view: result.applied };
}

/** Browser mode: the code from the host's console approves the pending change. */
export async function confirmChange(db: DeskDb, change: SettingsChange, pending: PendingChange, code: string, officerId: string): Promise<AdminSettingsView> {
  const view = await desk['admin.confirm']({ id: pending.id, code: code.trim() });
  await audited(db, change, officerId);
  return view;
}

export function cancelChange(pending: PendingChange): Promise<null> {
  return desk['admin.cancel']({ id: pending.id });
}

/** Two spellings of one address (a trailing slash, default path) are the same address. */
export function sameAddress(a: string, b: string): boolean {
  const norm = (s: string) => s.trim().replace(/\/+$/, '').toLowerCase();
  return norm(a) === norm(b);
}

/** An eSCL address as main keeps it: "10.0.0.5" is http://10.0.0.5/eSCL/. */
export function esclAddressOf(text: string): string {
  let s = text.trim().replace(/^escl:/, '');
  if (!/^[a-z][a-z0-9+.-]*:\/\//i.test(s)) s = `http://${s}`;
  try {
    const url = new URL(s);
    if (url.pathname === '/' || url.pathname === '') url.pathname = '/eSCL/';
    if (!url.pathname.endsWith('/')) url.pathname += '/';
    return url.href;
  } catch {
    return text.trim();
  }
}
