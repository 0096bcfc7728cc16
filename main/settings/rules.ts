// The rules a privileged value must pass, before an administrator is asked to approve it and
// again whenever the settings file is read. Paths are judged for THIS computer's platform; a
// file or folder is looked at on disk with lstat and realpath, so what is approved and shown is
// the real thing, not a link that points somewhere else.
import type { X509Certificate } from 'node:crypto';
import { lstat, realpath, stat } from 'node:fs/promises';
import { posix, win32 } from 'node:path';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { customModuleInput, parseCustomModule, type KnownModule, type ModulePlatform } from '../token/pkcs11/moduleList.ts';
import { readProvincialCa } from '../net/provincialLink.ts';

export const readCertificate = (pem: string): X509Certificate => readProvincialCa(pem);

const looksWindows = (path: string) => /^[A-Za-z]:[\\/]/.test(path) || path.startsWith('\\\\');

function modulePlatformOf(platform: NodeJS.Platform): ModulePlatform {
  return platform === 'win32' || platform === 'darwin' ? platform : 'linux';
}

/** Why `path` cannot name a folder on this platform (lexically), or null. */
export function folderPathProblem(path: string, platform: NodeJS.Platform): Bilingual | null {
  if (platform === 'win32') {
    if (looksWindows(path) && win32.isAbsolute(path)) return null;
    if (path.startsWith('/')) {
      return {
        vi: `"${path}" là đường dẫn của Linux/macOS; máy này chạy Windows (ví dụ D:\\Scans).`,
        en: `"${path}" is a Linux/macOS path; this computer runs Windows (e.g. D:\\Scans).`,
      };
    }
  } else {
    if (looksWindows(path)) {
      return {
        vi: `"${path}" là đường dẫn của Windows; máy này không chạy Windows (ví dụ /srv/scans).`,
        en: `"${path}" is a Windows path; this computer does not run Windows (e.g. /srv/scans).`,
      };
    }
    if (posix.isAbsolute(path)) return null;
  }
  return { vi: `"${path}" không phải đường dẫn đầy đủ tới một thư mục.`, en: `"${path}" is not a full path to a folder.` };
}

/** Why a stored module entry breaks the module rules (customModuleInput), or null. */
export function moduleEntryProblem(module: KnownModule): string | null {
  for (const candidate of module.paths) {
    const checked = customModuleInput.safeParse({ vendor: module.vendor, path: candidate.path, platform: candidate.platform });
    if (!checked.success) return `${candidate.path}: ${checked.error.issues[0]?.message ?? 'invalid'}`;
  }
  return null;
}

const folderRefused = (text: Bilingual) => new DeskError('settings.scan-folder', text);

/** An existing directory, absolute for this platform; answers its real path. */
export async function existingFolder(path: string, platform: NodeJS.Platform = process.platform): Promise<string> {
  const problem = folderPathProblem(path, platform);
  if (problem) throw folderRefused(problem);
  let real: string;
  try {
    real = await realpath(path);
  } catch {
    throw folderRefused({ vi: `Không có thư mục "${path}" trên máy này.`, en: `There is no folder "${path}" on this computer.` });
  }
  if (!(await stat(real)).isDirectory()) throw folderRefused({ vi: `"${path}" không phải là thư mục.`, en: `"${path}" is not a folder.` });
  return real;
}

const moduleRefused = (vi: string, en: string) =>
  new DeskError('settings.pkcs11-module', { vi: `Thư viện PKCS#11 không dùng được: ${vi}`, en: `The PKCS#11 library cannot be used: ${en}` });

/**
 * An administrator's PKCS#11 module: an absolute local path with the platform's library
 * extension (customModuleInput), naming a regular file. A link is followed to its real file,
 * which must pass the same rules: that real path is what is approved, stored and loaded.
 */
export async function existingModule(vendor: string, path: string, platform: NodeJS.Platform = process.platform): Promise<KnownModule> {
  const os = modulePlatformOf(platform);
  const lexical = (candidate: string) => {
    const checked = customModuleInput.safeParse({ vendor, path: candidate, platform: os });
    if (!checked.success) {
      const reason = checked.error.issues[0]?.message ?? 'invalid';
      throw moduleRefused(`"${candidate}" (${reason}).`, `"${candidate}" (${reason}).`);
    }
  };
  lexical(path);
  let real: string;
  try {
    await lstat(path);
    real = await realpath(path);
  } catch {
    throw moduleRefused(`không có tệp "${path}" trên máy này.`, `there is no file "${path}" on this computer.`);
  }
  if (real !== path) lexical(real);
  const info = await lstat(real);
  if (!info.isFile()) throw moduleRefused(`"${real}" không phải là một tệp thư viện bình thường.`, `"${real}" is not a regular library file.`);
  return parseCustomModule({ vendor, path: real, platform: os });
}
