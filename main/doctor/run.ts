// Every doctor check, run with what main knows itself: its data folder, its privileged settings
// file, the environment the administrator set (DESK_ESCL_DEVICES, DESK_SCAN_FOLDERS) and the host's
// own keystore and printer list — never a path or address from the renderer. A check that throws
// is reported as a problem rather than ending the report.
import { readFile } from 'node:fs/promises';
import type { Device } from 'node-hid';
import type { Bilingual } from '#domain/errors.ts';
import type { DoctorCheck, DoctorCheckId, DoctorReport } from '#preload/wire/doctor.ts';
import type { OsKeystore } from '../keystore.ts';
import { DEFAULT_SETTINGS, parseSettings, type PrivilegedSettings } from '../settings/schema.ts';
import { settingsPath } from '../settings/store.ts';
import { check, reason } from './check.ts';
import { checkHidAccess, checkHidDevices, type HidAccessOptions } from './hid.ts';
import { checkKeystore } from './keystore.ts';
import { checkPaperScanners } from './paperScanners.ts';
import { checkPkcs11Modules } from './pkcs11.ts';
import { checkPrinter } from './printer.ts';
import { checkClock, checkProvincial, probeProvince } from './provincial.ts';
import { checkStorage } from './storage.ts';
import { checkUpdateFeed } from './updateFeed.ts';

export interface DoctorContext {
  dataDir: string;
  /** The host's keystore; null where this process has none to ask (CLI, browser mode). */
  keystore: OsKeystore | null;
  /** The installed printers' names; null where this host cannot list them. */
  printers: () => Promise<string[] | null>;
  env?: NodeJS.ProcessEnv;
  hid?: HidAccessOptions & { devices?: () => Promise<Device[]> };
  /** Leave the machine's SANE scanners out / browse mDNS (tests). */
  sane?: boolean;
  mdns?: boolean;
  /** Installed known PKCS#11 module paths; installedModules() by default. */
  installedModules?: readonly string[];
  /**
   * The settings the running desk applied and why part of them could not be (AdminSettings);
   * without them (the command line) the file is read from dataDir.
   */
  applied?: { settings: PrivilegedSettings; problems: readonly Bilingual[] };
}

/** The settings file as it is on disk, read only: a damaged file is reported, not set aside (the app does that). */
async function readSettings(dataDir: string): Promise<{ settings: PrivilegedSettings; check: DoctorCheck }> {
  const file = settingsPath(dataDir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      return {
        settings: DEFAULT_SETTINGS,
        check: check(
          'settings',
          'warning',
          {
            vi: `Chưa có tệp cài đặt quản trị (${file}): máy chưa cấu hình tỉnh, máy quét mạng, máy in….`,
            en: `No administrator settings file (${file}): the province, network scanners, printer… are not set.`,
          },
          { vi: 'Quản trị viên đặt các mục trong Cài đặt (mỗi thay đổi cần duyệt).', en: 'An administrator sets them in Settings (each change is approved).' },
        ),
      };
    }
    return { settings: DEFAULT_SETTINGS, check: damaged(file, reason(e)) };
  }
  try {
    const settings = parseSettings(JSON.parse(text));
    return {
      settings,
      check: check('settings', 'ok', { vi: `Tệp cài đặt quản trị đọc được (${file}).`, en: `The administrator settings file reads (${file}).` }),
    };
  } catch (e) {
    return { settings: DEFAULT_SETTINGS, check: damaged(file, reason(e)) };
  }
}

function appliedCheck(dataDir: string, problems: readonly Bilingual[]): DoctorCheck {
  const file = settingsPath(dataDir);
  const first = problems[0];
  if (!first) return check('settings', 'ok', { vi: `Cài đặt quản trị đã áp dụng (${file}).`, en: `The administrator settings are applied (${file}).` });
  return check('settings', 'problem', first, {
    vi: 'Quản trị viên xem lại và đặt lại các mục trong Cài đặt (mỗi thay đổi cần duyệt).',
    en: 'An administrator reviews and sets the values again in Settings (each change is approved).',
  });
}

function damaged(file: string, why: { vi: string; en: string }): DoctorCheck {
  return check(
    'settings',
    'problem',
    {
      vi: `Tệp cài đặt quản trị ${file} bị hỏng (${why.vi}): desk chạy với cài đặt mặc định.`,
      en: `The administrator settings file ${file} is damaged (${why.en}): the desk runs on the defaults.`,
    },
    {
      vi: 'Mở ứng dụng (tệp hỏng được cất sang .damaged) rồi quản trị viên đặt lại các mục trong Cài đặt.',
      en: 'Start the app (it sets the damaged file aside as .damaged), then an administrator sets the values again in Settings.',
    },
  );
}

const listFrom = (env: NodeJS.ProcessEnv, name: string) =>
  (env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

async function safely(id: DoctorCheckId, work: () => Promise<DoctorCheck> | DoctorCheck): Promise<DoctorCheck> {
  try {
    return await work();
  } catch (e) {
    const why = reason(e);
    return check(
      id,
      'problem',
      { vi: `Kiểm tra bị lỗi (${why.vi}).`, en: `The check failed (${why.en}).` },
      {
        vi: 'Chạy lại "desk doctor"; nếu vẫn lỗi, gửi kết quả "desk doctor --json" cho hỗ trợ.',
        en: 'Run "desk doctor" again; if it still fails, send the output of "desk doctor --json" to support.',
      },
    );
  }
}

export async function runDoctor(ctx: DoctorContext): Promise<DoctorReport> {
  const env = ctx.env ?? process.env;
  const at = new Date().toISOString();
  const { settings, check: settingsCheck } = ctx.applied
    ? { settings: ctx.applied.settings, check: appliedCheck(ctx.dataDir, ctx.applied.problems) }
    : await readSettings(ctx.dataDir);
  const province = probeProvince(settings.provincial ? { endpoint: settings.provincial.endpoint, ca: settings.provincial.ca } : { endpoint: null, ca: [] });
  const others = await Promise.all([
    safely('hid-access', () => checkHidAccess(ctx.hid)),
    safely('hid-devices', () => checkHidDevices(ctx.hid?.devices ? { devices: ctx.hid.devices } : {})),
    safely('pkcs11-modules', () =>
      checkPkcs11Modules({ configured: settings.pkcs11Modules, ...(ctx.installedModules ? { installed: ctx.installedModules } : {}) }),
    ),
    safely('paper-scanners', () =>
      checkPaperScanners({
        escl: [...listFrom(env, 'DESK_ESCL_DEVICES'), ...settings.esclScanners],
        folders: [...listFrom(env, 'DESK_SCAN_FOLDERS'), ...settings.scanFolders],
        ...(ctx.sane === undefined ? {} : { sane: ctx.sane }),
        ...(ctx.mdns === undefined ? {} : { mdns: ctx.mdns }),
      }),
    ),
    safely('printer', () => checkPrinter({ configured: settings.printer, installed: ctx.printers })),
    safely('provincial', async () => checkProvincial(await province)),
    safely('clock', async () => checkClock(await province)),
    safely('storage', () => checkStorage({ dataDir: ctx.dataDir })),
    safely('keystore', () => checkKeystore(ctx.keystore)),
    safely('update-feed', () => checkUpdateFeed({ feedUrl: settings.updateFeedUrl })),
  ]);
  return { at, checks: [settingsCheck, ...others] };
}
