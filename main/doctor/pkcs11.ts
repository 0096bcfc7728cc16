// PKCS#11 modules: each module the administrator configured (privileged settings) and each known
// module installed on this machine must exist and load. Loading goes through the token code's
// child process (main/token/pkcs11/workerHost.ts): a vendor library that hangs or crashes takes
// only that child with it, never the doctor's process.
import { stat } from 'node:fs/promises';
import type { Bilingual } from '#domain/errors.ts';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import type { KnownModule } from '../token/pkcs11/moduleList.ts';
import { installedModules } from '../token/pkcs11/moduleList.ts';
import { listSlots } from '../token/pkcs11/pkcs11Tokens.ts';
import { DOCTOR_LIMITS, check, reason } from './check.ts';

export interface Pkcs11CheckOptions {
  /** The administrator's modules (privileged settings). */
  configured: readonly KnownModule[];
  /** Paths of known modules found on this machine; installedModules() by default. */
  installed?: readonly string[];
  platform?: NodeJS.Platform;
  timeoutMs?: number;
}

interface Outcome {
  path: string;
  tokens: number;
  failure: Bilingual | null;
}

async function tryModule(path: string, timeoutMs: number): Promise<Outcome> {
  try {
    if (!(await stat(path)).isFile()) return { path, tokens: 0, failure: { vi: 'không phải tệp thư viện', en: 'not a library file' } };
  } catch (e) {
    const missing = (e as NodeJS.ErrnoException).code === 'ENOENT';
    return { path, tokens: 0, failure: missing ? { vi: 'không có tệp', en: 'file missing' } : reason(e) };
  }
  try {
    const slots = await listSlots(path, { timeoutMs });
    return { path, tokens: slots.length, failure: null };
  } catch (e) {
    return { path, tokens: 0, failure: reason(e) };
  }
}

export async function checkPkcs11Modules(options: Pkcs11CheckOptions): Promise<DoctorCheck> {
  const platform = options.platform ?? process.platform;
  const timeoutMs = options.timeoutMs ?? DOCTOR_LIMITS.timeouts.pkcs11Ms;
  const configured = options.configured.flatMap((m) => m.paths.filter((p) => p.platform === platform).map((p) => p.path));
  const installed = options.installed ?? installedModules().map((m) => m.path);
  const paths = [...new Set([...configured, ...installed])];
  if (paths.length === 0) {
    return check(
      'pkcs11-modules',
      'warning',
      { vi: 'Không có thư viện PKCS#11 nào được cấu hình hay cài trên máy này.', en: 'No PKCS#11 module is configured or installed on this computer.' },
      {
        vi: 'Cài phần mềm token của nhà cung cấp chữ ký số (VNPT-CA, Viettel-CA…), hoặc chọn thư viện trong Cài đặt → Ký số.',
        en: "Install the CA's token software (VNPT-CA, Viettel-CA…), or choose its module in Settings → Signing.",
      },
    );
  }
  // One at a time: each load starts a child process, and the machine has few cores.
  const outcomes: Outcome[] = [];
  for (const path of paths) outcomes.push(await tryModule(path, timeoutMs));
  const failed = outcomes.filter((o) => o.failure);
  const tokens = outcomes.reduce((n, o) => n + o.tokens, 0);
  if (failed.length > 0) {
    const list = (lang: 'vi' | 'en') => failed.map((o) => `${o.path} (${o.failure![lang]})`).join('; ');
    return check(
      'pkcs11-modules',
      'problem',
      {
        vi: `${failed.length}/${paths.length} thư viện PKCS#11 không nạp được: ${list('vi')}.`,
        en: `${failed.length} of ${paths.length} PKCS#11 modules do not load: ${list('en')}.`,
      },
      {
        vi: 'Cài lại phần mềm token của nhà cung cấp, hoặc bỏ thư viện đó khỏi Cài đặt → Ký số.',
        en: "Reinstall the CA's token software, or remove that module in Settings → Signing.",
      },
    );
  }
  return check('pkcs11-modules', 'ok', {
    vi: `${paths.length} thư viện PKCS#11 nạp được; thấy ${tokens} khe token.`,
    en: `${paths.length} PKCS#11 modules load; ${tokens} token slots seen.`,
  });
}
