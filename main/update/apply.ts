// Installing a verified installer, one way per package kind. Nothing here runs before the
// download is complete and its hash checked, and each way leaves the installed app working if it
// fails: Windows runs the NSIS installer after the app quits (as electron-updater does); an
// AppImage is replaced by an atomic rename of a fully written, fsynced copy, the previous image
// kept beside it until the new one has started; a .deb needs root, so the officer is told.
import { spawn } from 'node:child_process';
import { createReadStream, createWriteStream } from 'node:fs';
import { chmod, copyFile, link, open, rename, rm, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import { pipeline } from 'node:stream/promises';
import { DeskError } from '#domain/errors.ts';
import type { InstallerTarget } from './feed.ts';

/** Silent install, marked as an update (the NSIS script keeps shortcuts), and the app started again afterwards. */
export const NSIS_UPDATE_ARGS = ['/S', '--updated', '--force-run'];

/** Which installer this running copy of the app is updated from; null where the desk cannot update itself. */
export function installerTarget(platform: string, arch: string, env: Record<string, string | undefined>): InstallerTarget | null {
  if (arch !== 'x64' && arch !== 'arm64') return null;
  if (platform === 'win32') return { platform, arch, kind: 'nsis' };
  // AppImage's runtime names the image it started from; a deb install has no such variable.
  if (platform === 'linux') return { platform, arch, kind: env.APPIMAGE ? 'appimage' : 'deb' };
  return null;
}

/** Starts the installer on its own, so it outlives the app that must quit for it. */
export function launchDetached(file: string, args: readonly string[]): void {
  spawn(file, args, { detached: true, stdio: 'ignore', windowsHide: true }).unref();
}

/** Copies, then forces the bytes to disk before anyone renames the copy into place. */
export async function copyAndSync(from: string, to: string): Promise<void> {
  await pipeline(createReadStream(from), createWriteStream(to, { flags: 'wx', mode: 0o755 }));
  const handle = await open(to, 'r+');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

async function syncDirectory(dir: string): Promise<void> {
  const handle = await open(dir, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

export interface ReplaceSteps {
  copy(from: string, to: string): Promise<void>;
}

export const appImagePaths = (appImage: string) => ({ next: `${appImage}.new`, previous: `${appImage}.old` });

/**
 * Puts the verified image in place of the running one: `<image>.new` written and fsynced, the
 * current image kept as `<image>.old` (a hard link, or a copy across devices), then one rename.
 * Until that rename the running image is untouched; on any failure `.new` is removed.
 */
export async function replaceAppImage(verified: string, appImage: string, steps: ReplaceSteps = { copy: copyAndSync }): Promise<void> {
  const { next, previous } = appImagePaths(appImage);
  try {
    const mode = (await stat(appImage)).mode & 0o777;
    await rm(next, { force: true });
    await steps.copy(verified, next);
    await chmod(next, mode | 0o755);
    await rm(previous, { force: true });
    await link(appImage, previous).catch(() => copyFile(appImage, previous));
    await rename(next, appImage);
    await syncDirectory(dirname(appImage));
  } catch (e) {
    await rm(next, { force: true });
    throw new DeskError('update.apply-failed', {
      vi: `Không thay được tệp ứng dụng (${(e as NodeJS.ErrnoException).code ?? 'lỗi ghi'}): phiên bản đang dùng vẫn giữ nguyên.`,
      en: `The application file could not be replaced (${(e as NodeJS.ErrnoException).code ?? 'write error'}): the installed version is unchanged.`,
    });
  }
}

/** Called once the new image runs: the previous one is no longer needed to go back. */
export async function forgetPreviousAppImage(appImage: string): Promise<void> {
  await rm(appImagePaths(appImage).previous, { force: true });
}

export function debInstructions(path: string): { vi: string; en: string } {
  return {
    vi: `Bản cập nhật đã tải và kiểm tra xong. Cài gói .deb cần quyền quản trị: nhờ quản trị viên chạy "sudo apt install ${path}", rồi mở lại ứng dụng.`,
    en: `The update is downloaded and verified. Installing a .deb needs administrator rights: ask the administrator to run "sudo apt install ${path}", then restart the app.`,
  };
}
