// For tests: a host's handler table over real services, with main's privileged settings in a
// temporary data directory and the approval console captured, so a test can read the one-time
// code the administrator would read on the terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createHandlers, type Handlers } from '../api.ts';
import { ProvincialLink } from '../net/provincialLink.ts';
import { scannersOf } from '../scan/registry.ts';
import { ScanService } from '../scan/service.ts';
import { SigningService } from '../signing/signingService.ts';
import { createUpdateService, type UpdateService } from '../update/updateService.ts';
import { AdminSettings, type CheckedChange } from './adminSettings.ts';
import { createConsoleApprover, type Approver } from './approval.ts';

/** The host's console as a test sees it. */
export class CapturedConsole {
  text = '';

  write(chunk: string): boolean {
    this.text += chunk;
    return true;
  }

  /** The code printed with the latest proposal. */
  lastCode(): string {
    const codes = [...this.text.matchAll(/Confirmation code: (\d{6})/g)];
    const code = codes.at(-1)?.[1];
    if (!code) throw new Error(`no confirmation code on the console:\n${this.text}`);
    return code;
  }
}

export interface TestHost {
  handlers: Handlers;
  admin: AdminSettings;
  console: CapturedConsole;
  dir: string;
  scans: ScanService;
  signing: SigningService;
  link: ProvincialLink;
  updates: UpdateService;
  close(): Promise<void>;
}

export async function openTestHost(
  options: { scans?: ScanService; signing?: SigningService; dir?: string; approver?: Approver<CheckedChange>; now?: () => number } = {},
): Promise<TestHost> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'desk-settings-'));
  const captured = new CapturedConsole();
  const scans = options.scans ?? new ScanService(async () => scannersOf([]));
  const signing = options.signing ?? new SigningService();
  const link = new ProvincialLink();
  const updates = createUpdateService({ version: 'test', dir: join(dir, 'updates'), host: null, scans, signing });
  const approver = options.approver ?? createConsoleApprover<CheckedChange>({ out: captured, ...(options.now ? { now: options.now } : {}) });
  const admin = await AdminSettings.open({ dir, approver, scans, signing, link, updates });
  return {
    handlers: createHandlers({ host: 'web', version: 'test' }, { scans, signing, link, updates, admin }),
    admin,
    console: captured,
    dir,
    scans,
    signing,
    link,
    updates,
    close: async () => {
      updates.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
