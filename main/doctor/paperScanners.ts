// Paper scanners: the same discovery the desk's scan screen uses (SANE, WIA, eSCL with mDNS, scan
// folders, main/scan/registry.ts), each backend with a short timeout. A configured network scanner
// that does not answer is a problem; no scanner at all only a warning (a desk may scan elsewhere).
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { EsclBackend } from '../scan/escl.ts';
import { folderPolicyHere } from '../scan/folder.ts';
import { createScanners } from '../scan/registry.ts';
import { DOCTOR_LIMITS, check, reason, withDeadline } from './check.ts';

export interface PaperScannersOptions {
  /** The administrator's network scanners and scan folders (privileged settings and environment). */
  escl: readonly string[];
  folders: readonly string[];
  /** Leave SANE out (tests: the machine's own scanners would change the outcome). */
  sane?: boolean;
  /** Browse mDNS for network scanners; EsclBackend's default otherwise. */
  mdns?: boolean;
  timeoutMs?: number;
}

const CHECK_SETTINGS = {
  vi: 'Kiểm tra máy quét đã bật, cùng mạng với máy này, và địa chỉ trong Cài đặt → Máy quét đúng.',
  en: 'Check that the scanner is on, on the same network as this computer, and that its address in Settings → Scanners is right.',
};

/** scanimage killed at its timeout exits with no code ("exit null"): say that it did not answer in time. */
function failureText(error: unknown, probeMs: number): string {
  const text = reason(error).en;
  return /exit null/.test(text) ? `scanimage: no answer within ${probeMs} ms` : text;
}

export async function checkPaperScanners(options: PaperScannersOptions): Promise<DoctorCheck> {
  const timeoutMs = options.timeoutMs ?? DOCTOR_LIMITS.timeouts.scannersMs;
  // Each backend gets three quarters of the deadline, so that its own timeout ends it first and
  // the listing still comes back with the other backends' scanners.
  const probeMs = Math.max(500, Math.floor(timeoutMs * 0.75));
  const scanners = await createScanners({
    sane: options.sane === false ? false : { probeTimeoutMs: probeMs },
    escl: new EsclBackend({
      devices: [...options.escl],
      ...(options.mdns === undefined ? {} : { mdns: options.mdns }),
      mdnsWaitMs: Math.min(1500, probeMs),
      probeTimeoutMs: probeMs,
      requestTimeoutMs: probeMs,
    }),
    folders: [...options.folders],
    folderOptions: { policy: folderPolicyHere() },
  });
  try {
    const { devices, failures } = await withDeadline(timeoutMs, scanners.listDevices());
    const silent = devices.filter((d) => d.unreachable);
    const usable = devices.length - silent.length;
    if (silent.length > 0) {
      const names = silent.map((d) => d.id).join(', ');
      return check(
        'paper-scanners',
        'problem',
        { vi: `Máy quét không phản hồi: ${names} (dùng được ${usable} máy khác).`, en: `Scanner not answering: ${names} (${usable} others usable).` },
        CHECK_SETTINGS,
      );
    }
    const failed = failures.map((f) => `${f.backend}: ${failureText(f.error, probeMs)}`).join('; ');
    if (usable === 0) {
      return check(
        'paper-scanners',
        'warning',
        { vi: `Không tìm thấy máy quét nào${failed ? ` (${failed})` : ''}.`, en: `No scanner found${failed ? ` (${failed})` : ''}.` },
        {
          vi: 'Cắm và bật máy quét (cài driver SANE/WIA của hãng), hoặc nhập địa chỉ máy quét mạng trong Cài đặt → Máy quét.',
          en: "Plug in and switch on the scanner (with the vendor's SANE/WIA driver), or enter a network scanner's address in Settings → Scanners.",
        },
      );
    }
    const names = devices.map((d) => d.name).join(', ');
    return check('paper-scanners', 'ok', { vi: `Dùng được ${usable} máy quét: ${names}.`, en: `${usable} scanners usable: ${names}.` });
  } catch (e) {
    const why = reason(e);
    return check('paper-scanners', 'problem', { vi: `Tìm máy quét bị lỗi (${why.vi}).`, en: `Looking for scanners failed (${why.en}).` }, CHECK_SETTINGS);
  } finally {
    await Promise.all(scanners.backends.map(async (b) => b.close?.()));
  }
}
