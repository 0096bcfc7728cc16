// For tests: a host's handler table over real services, with main's privileged settings in a
// temporary data directory and the approval console captured, so a test can read the one-time
// code the administrator would read on the terminal.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Handlers } from '../api.ts';
import { createMainServices } from '../host.ts';
import type { ProvincialLink } from '../net/provincialLink.ts';
import { scannersOf } from '../scan/registry.ts';
import { ScanService } from '../scan/service.ts';
import { SigningService } from '../signing/signingService.ts';
import type { UpdateService } from '../update/updateService.ts';
import type { PrintService } from '../print/printService.ts';
import type { PrintHost } from '../print/printHost.ts';
import type { AdminSettings, CheckedChange } from './adminSettings.ts';
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
  printing: PrintService;
  close(): Promise<void>;
}

export async function openTestHost(
  options: {
    scans?: ScanService;
    signing?: SigningService;
    dir?: string;
    approver?: Approver<CheckedChange>;
    now?: () => number;
    printHost?: PrintHost;
  } = {},
): Promise<TestHost> {
  const dir = options.dir ?? mkdtempSync(join(tmpdir(), 'desk-settings-'));
  const captured = new CapturedConsole();
  // No scanner found on this machine, and services the caller keeps open across tests: made here, closed by no one.
  const scans = options.scans ?? new ScanService(async () => scannersOf([]));
  const signing = options.signing ?? new SigningService();
  const main = createMainServices({
    info: { host: 'web', version: 'test' },
    dataDir: dir,
    updateDir: join(dir, 'updates'),
    applyHost: null,
    approver: options.approver ?? createConsoleApprover<CheckedChange>({ out: captured, ...(options.now ? { now: options.now } : {}) }),
    appDirs: [dir],
    scans,
    signing,
    ...(options.printHost ? { printHost: options.printHost } : {}),
  });
  const { admin, handlers } = await main.ready;
  const { link, updates, printing } = main;
  return {
    handlers,
    admin,
    console: captured,
    dir,
    scans,
    signing,
    link,
    updates,
    printing,
    close: async () => {
      await main.close();
      if (!options.dir) rmSync(dir, { recursive: true, force: true });
    },
  };
}
