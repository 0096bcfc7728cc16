// The privileged settings file in the host's data directory. Written whole to a temporary file,
// flushed to disk, then renamed over the old one (and the directory flushed), so a crash or a
// full disk leaves either the old file or the new one, never half of one. A missing file means
// the defaults; a damaged one is set aside, reported in both languages, and the defaults are
// used: the desk starts either way.
import { randomBytes } from 'node:crypto';
import { mkdir, open, readFile, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { DeskError } from '#domain/errors.ts';
import { DEFAULT_SETTINGS, SETTINGS_FILE, isDamaged, parseSettings, serialiseSettings, type PrivilegedSettings } from './schema.ts';

export interface LoadedSettings {
  settings: PrivilegedSettings;
  /** Why the file on disk was not used; the desk runs on the defaults meanwhile. */
  problem: DeskError | null;
}

export const settingsPath = (dir: string) => join(dir, SETTINGS_FILE);

function damaged(file: string, reason: string, keptAs: string | null): DeskError {
  const kept = keptAs ? { vi: ` Tệp cũ được giữ lại ở ${keptAs}.`, en: ` The old file was kept as ${keptAs}.` } : { vi: '', en: '' };
  return new DeskError('settings.damaged', {
    vi: `Tệp cài đặt quản trị ${file} bị hỏng (${reason}): máy dùng cài đặt mặc định (chưa có máy quét mạng, thư mục quét, thư viện PKCS#11, địa chỉ tỉnh, TSA, máy chủ cập nhật, máy in). Hãy đặt lại các mục này.${kept.vi}`,
    en: `The administrator settings file ${file} is damaged (${reason}): the desk uses the defaults (no network scanners, scan folders, PKCS#11 libraries, provincial address, TSA, update server or printer). Set them again.${kept.en}`,
  });
}

export async function loadSettings(dir: string, platform: NodeJS.Platform = process.platform): Promise<LoadedSettings> {
  const file = settingsPath(dir);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { settings: DEFAULT_SETTINGS, problem: null };
    return { settings: DEFAULT_SETTINGS, problem: damaged(file, (e as NodeJS.ErrnoException).code ?? 'unreadable', null) };
  }
  try {
    return { settings: parseSettings(JSON.parse(text), platform), problem: null };
  } catch (e) {
    const reason = isDamaged(e) || e instanceof SyntaxError ? e.message : 'unreadable';
    // Set aside rather than overwritten by the next approved change: support staff can look at it.
    const keptAs = `${file}.damaged`;
    const kept = await rename(file, keptAs).then(
      () => keptAs,
      () => null,
    );
    return { settings: DEFAULT_SETTINGS, problem: damaged(file, reason, kept) };
  }
}

async function flushDirectory(dir: string): Promise<void> {
  // Windows cannot open a directory for flushing; NTFS journals the rename itself.
  if (process.platform === 'win32') return;
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** Replaces the file with these settings, or leaves the old one as it was and throws. */
export async function saveSettings(dir: string, settings: PrivilegedSettings): Promise<void> {
  const file = settingsPath(dir);
  const temporary = `${file}.${randomBytes(6).toString('hex')}.tmp`;
  try {
    await mkdir(dir, { recursive: true, mode: 0o700 });
    const handle = await open(temporary, 'wx', 0o600);
    try {
      await handle.writeFile(serialiseSettings(settings), 'utf8');
      await handle.sync();
    } finally {
      await handle.close();
    }
    await rename(temporary, file);
    await flushDirectory(dir);
  } catch (e) {
    await rm(temporary, { force: true });
    throw new DeskError('settings.write-failed', {
      vi: `Không ghi được tệp cài đặt quản trị (${(e as NodeJS.ErrnoException).code ?? 'lỗi'}): thay đổi chưa được áp dụng.`,
      en: `The administrator settings file could not be written (${(e as NodeJS.ErrnoException).code ?? 'error'}): the change was not applied.`,
    });
  }
}
