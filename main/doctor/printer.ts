// The printer forms go to: the administrator's choice (privileged settings) must be one the
// system has installed. The desktop app asks Electron (main/print); the command line asks CUPS
// (`lpstat -e`) where there is one; browser mode cannot know, the browser's dialog prints there.
import { execFile } from 'node:child_process';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { DOCTOR_LIMITS, check, reason, withDeadline } from './check.ts';

export interface PrinterCheckOptions {
  /** The approved printer's system name, or null when none is chosen. */
  configured: string | null;
  /** The installed printers' system names; null when this host cannot list them. */
  installed: () => Promise<string[] | null>;
  timeoutMs?: number;
}

const CHOOSE = {
  vi: 'Chọn máy in trong Cài đặt → Máy in (quản trị viên duyệt).',
  en: 'Choose the printer in Settings → Printer (an administrator approves it).',
};

/** CUPS's queue names, or null where lpstat is not installed (Windows, a machine without CUPS). */
export function cupsPrinters(timeoutMs: number = DOCTOR_LIMITS.timeouts.printersMs): Promise<string[] | null> {
  return new Promise((resolve, reject) => {
    execFile('lpstat', ['-e'], { timeout: timeoutMs, env: { ...process.env, LC_ALL: 'C' } }, (error, stdout) => {
      const code = (error as (Error & { code?: unknown }) | null)?.code;
      if (code === 'ENOENT') resolve(null);
      // lpstat exits 1 with "No destinations added" when CUPS has no printer.
      else if (error && code !== 1) reject(error);
      else
        resolve(
          stdout
            .split('\n')
            .map((l) => l.trim())
            .filter(Boolean),
        );
    });
  });
}

export async function checkPrinter(options: PrinterCheckOptions): Promise<DoctorCheck> {
  if (options.configured === null) {
    return check('printer', 'warning', { vi: 'Chưa chọn máy in cho giấy tiếp nhận.', en: 'No printer chosen for receipts.' }, CHOOSE);
  }
  const name = options.configured;
  let installed: string[] | null;
  try {
    installed = await withDeadline(options.timeoutMs ?? DOCTOR_LIMITS.timeouts.printersMs, options.installed());
  } catch (e) {
    const why = reason(e);
    return check(
      'printer',
      'warning',
      {
        vi: `Máy in đã chọn: ${name}; không hỏi được hệ thống danh sách máy in (${why.vi}).`,
        en: `Printer chosen: ${name}; the system's printer list could not be read (${why.en}).`,
      },
      {
        vi: 'Kiểm tra dịch vụ in của hệ điều hành (CUPS / Print Spooler) đang chạy.',
        en: "Check that the system's print service (CUPS / Print Spooler) is running.",
      },
    );
  }
  if (installed === null) {
    return check(
      'printer',
      'warning',
      { vi: `Máy in đã chọn: ${name}; ở đây không xem được máy in đã cài.`, en: `Printer chosen: ${name}; installed printers cannot be listed here.` },
      { vi: 'Mở Cài đặt → Kiểm tra hệ thống trong ứng dụng để kiểm tra máy in.', en: 'Open Settings → System check in the app to check the printer.' },
    );
  }
  if (!installed.includes(name)) {
    return check(
      'printer',
      'problem',
      {
        vi: `Máy in đã chọn (${name}) không có trên máy này (${installed.length} máy in đã cài).`,
        en: `The chosen printer (${name}) is not installed on this computer (${installed.length} printers installed).`,
      },
      {
        vi: `Cài lại máy in ${name} hoặc chọn máy in khác trong Cài đặt → Máy in.`,
        en: `Reinstall the printer ${name} or choose another in Settings → Printer.`,
      },
    );
  }
  return check('printer', 'ok', { vi: `Máy in ${name} đã cài trên máy này.`, en: `The printer ${name} is installed on this computer.` });
}
