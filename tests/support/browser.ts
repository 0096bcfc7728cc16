// The end-to-end harness: the real browser host (main/web.ts) serving the built renderer,
// driven by Playwright in Debian's Chromium with a persistent profile, so reloads and
// restarts keep IndexedDB as a desk would.
import { chromium, type BrowserContext, type Page } from 'playwright-core';
import { mkdtemp, rm } from 'node:fs/promises';
import { existsSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startWebHost, defaultRendererDir, type WebHost } from '#main/web.ts';
import { CapturedConsole } from '#main/settings/test-support.ts';
import type { HidTransport } from '#main/token/hid/transport.ts';
import { trackContext } from './pageState.ts';

export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
export const chromiumMissing = existsSync(CHROMIUM) ? false : `Chromium not found at ${CHROMIUM} (apt-get install chromium)`;

export const CHROMIUM_ARGS = [
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

export interface DeskSession {
  host: WebHost;
  context: BrowserContext;
  page: Page;
  profile: string;
  /** The host's console, where main prints each proposed settings change and its one-time code. */
  console: CapturedConsole;
  /** Main's own data directory for this desk (its privileged settings). */
  dataDir: string;
  /** Types the code from the host's console into the waiting proposal, as the administrator would, and waits until it is applied. */
  confirmOnConsole(page?: Page): Promise<void>;
  /** Closes the browser and opens it again on the same profile (a desk restart): its kept cookie signs it in at host.url. */
  restartBrowser(): Promise<Page>;
  close(): Promise<void>;
}

/** How a desk's browser runs in tests and benchmarks: Debian's Chromium, a Vietnamese desk. */
export const DESK_BROWSER = {
  executablePath: CHROMIUM,
  headless: true,
  args: CHROMIUM_ARGS,
  locale: 'vi-VN',
  timezoneId: 'Asia/Ho_Chi_Minh',
  viewport: { width: 1366, height: 900 },
};

/** A step that waits longer than this has failed: the desk answers in well under a second. */
const STEP_TIMEOUT_MS = 15_000;

/** What a test changes in the desk's browser, e.g. an en-US computer in another time zone. */
export interface BrowserOverrides {
  locale?: string;
  timezoneId?: string;
  /** More Chromium switches, such as --lang=en-US. */
  args?: string[];
}

async function launch(profile: string, overrides: BrowserOverrides = {}): Promise<BrowserContext> {
  const { args = [], ...options } = overrides;
  const context = await chromium.launchPersistentContext(profile, { ...DESK_BROWSER, ...options, args: [...CHROMIUM_ARGS, ...args], acceptDownloads: true });
  context.setDefaultTimeout(STEP_TIMEOUT_MS);
  trackContext(context);
  return context;
}

/** What a test gives the host itself, such as an emulated barcode scanner (never a real HID device). */
export interface HostOverrides {
  barcodeTransport?: HidTransport;
  /** The emulated scanner Settings' test scan presses in demo mode. */
  barcodeDemo?: { scan(code: string): void };
}

/** Opens the desk in a fresh browser profile, created under `profileParent` if given. */
export async function openDesk(profileParent = tmpdir(), overrides: BrowserOverrides = {}, hostOverrides: HostOverrides = {}): Promise<DeskSession> {
  const dataDir = await mkdtemp(join(tmpdir(), 'desk-data-'));
  const hostConsole = new CapturedConsole();
  // The stories check behaviour, not speed: the idle warm-up would only add to CI's load.
  const host = await startWebHost({ rendererDir: defaultRendererDir, dataDir, console: hostConsole, warmForms: false, ...hostOverrides });
  const profile = await mkdtemp(join(profileParent, 'desk-profile-'));
  const session: DeskSession = {
    host,
    profile,
    console: hostConsole,
    dataDir,
    async confirmOnConsole(page = session.page) {
      const box = page.getByRole('group', { name: 'Xác nhận thay đổi cài đặt' });
      await box.waitFor();
      await box.locator('input[name=admin-code]').fill(hostConsole.lastCode());
      await box.getByRole('button', { name: 'Xác nhận' }).click();
      await box.waitFor({ state: 'detached' });
    },
    context: await launch(profile, overrides),
    page: undefined as unknown as Page,
    async restartBrowser() {
      await session.context.close();
      session.context = await launch(profile, overrides);
      session.page = session.context.pages()[0] ?? (await session.context.newPage());
      // The one-time link was spent by the first start, as on a real desk.
      await session.page.goto(host.url);
      return session.page;
    },
    async close() {
      await session.context.close().catch(() => undefined);
      await host.close();
      await rm(profile, { recursive: true, force: true });
      await rm(dataDir, { recursive: true, force: true });
    },
  };
  session.page = session.context.pages()[0] ?? (await session.context.newPage());
  await session.page.goto(host.openUrl);
  return session;
}
