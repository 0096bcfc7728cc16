// Which directories may become a scan-to-folder "scanner". Every new image or PDF in such a
// folder is read by main and handed to the renderer, so the folder decides what main reads:
// it must be a folder made for scans, never one that holds the system's, the user's or the
// app's own files. Pure: the caller does the I/O (folder.ts checks the real path, existence,
// type and readability and applies this policy to both the given and the real path).
//
// Refused:
// - a path that is not absolute for the platform, or (Windows) a UNC/device path: a
//   "\\host\share" path makes Windows authenticate to that host on every look, so a share is
//   mapped to a drive letter and a sub-folder of it is chosen;
// - the root of the filesystem or of a drive, and folders that only hold other people's
//   folders (/home, /mnt, /media, /srv, /opt, /tmp, C:\Users, C:\ProgramData…) — a dedicated
//   sub-folder inside them (/srv/scans, /mnt/copier/scans, D:\Scans) is fine;
// - the operating system's folders and everything in them (/etc, /usr, /proc, /root,
//   C:\Windows, C:\Program Files*…); /var is the system's too (logs, mail, databases), except
//   a sub-folder an administrator made there (/var/scans), which is not one of the standard ones;
// - a home directory itself (its files are the user's, not scans) and its AppData;
// - any hidden folder (".ssh", ".config", …) on the way;
// - the app's own directories and everything in them.
import { posix, win32 } from 'node:path';

export type FolderRefusal = 'not-absolute' | 'network-path' | 'root' | 'system' | 'home' | 'hidden' | 'app-data';

export interface FolderPolicyContext {
  platform: NodeJS.Platform;
  /** The desk user's home directory. */
  home: string;
  /** The app's own directories (its data, its code): never a scan folder, nor anything inside them. */
  appDirs: readonly string[];
  /** Windows' own folders as the environment names them (SystemRoot, ProgramFiles…), besides the standard names. */
  systemDirs?: readonly string[];
}

/** The operating system's folders: refused with everything inside them. */
const POSIX_SYSTEM = [
  '/etc',
  '/proc',
  '/sys',
  '/dev',
  '/usr',
  '/bin',
  '/sbin',
  '/lib',
  '/lib32',
  '/lib64',
  '/libx32',
  '/boot',
  '/root',
  '/run',
  '/snap',
  '/lost+found',
  // macOS names for the same things
  '/private/etc',
  '/System',
  '/Library',
  '/Applications',
  '/cores',
];
/** Folders that hold other folders: refused themselves, a sub-folder inside may be a dedicated one. */
const POSIX_CONTAINERS = ['/', '/home', '/mnt', '/media', '/srv', '/opt', '/tmp', '/var/tmp', '/Users', '/Volumes', '/net', '/private', '/private/tmp'];
/** Whose direct children are home directories. */
const POSIX_HOMES = ['/home', '/Users'];
/** /var's standard sub-folders (FHS and the usual distributions'): the system's, with everything inside. */
const VAR_STANDARD = [
  'account',
  'adm',
  'audit',
  'backups',
  'cache',
  'crash',
  'db',
  'empty',
  'folders',
  'games',
  'lib',
  'local',
  'lock',
  'log',
  'mail',
  'opt',
  'run',
  'spool',
  'tmp',
  'vm',
  'yp',
];

const WINDOWS_SYSTEM = ['windows', '$recycle.bin', 'system volume information', 'recovery', 'boot', 'perflogs', 'config.msi', 'documents and settings'];
const WINDOWS_CONTAINERS = ['programdata', 'users'];

interface Parsed {
  /** Lower-cased where the platform's filesystems ignore case; the drive ("c:") first on Windows. */
  parts: string[];
}

function parseWindows(path: string): Parsed | FolderRefusal {
  const p = path.replace(/\//g, '\\');
  if (p.startsWith('\\\\')) return 'network-path'; // \\host\share, \\?\…, \\.\…
  if (!/^[a-zA-Z]:\\/.test(p)) return 'not-absolute';
  // A colon past the drive names an alternate data stream, not a folder.
  if (p.indexOf(':', 2) !== -1) return 'not-absolute';
  // Windows ignores trailing dots and spaces in a name: "C:\Windows. " is C:\Windows.
  const parts = win32
    .normalize(p)
    .split('\\')
    .filter(Boolean)
    .map((s) => s.replace(/[. ]+$/, '').toLowerCase());
  return { parts: parts.filter(Boolean) };
}

function parsePosix(path: string, foldCase: boolean): Parsed | FolderRefusal {
  if (!posix.isAbsolute(path)) return 'not-absolute';
  const parts = posix.normalize(path).split('/').filter(Boolean);
  return { parts: foldCase ? parts.map((s) => s.toLowerCase()) : parts };
}

function parse(path: string, platform: NodeJS.Platform): Parsed | FolderRefusal {
  if (platform === 'win32') return parseWindows(path);
  return parsePosix(path, platform === 'darwin');
}

const within = (parts: string[], base: string[]): boolean => base.length <= parts.length && base.every((b, i) => parts[i] === b);
const same = (parts: string[], base: string[]): boolean => parts.length === base.length && within(parts, base);

function partsOf(path: string, platform: NodeJS.Platform): string[] | null {
  const parsed = parse(path, platform);
  return typeof parsed === 'string' ? null : parsed.parts;
}

/** Why `path` may not be a scan folder on `ctx.platform`, or null when it may. */
export function folderRefusal(path: string, ctx: FolderPolicyContext): FolderRefusal | null {
  const parsed = parse(path, ctx.platform);
  if (typeof parsed === 'string') return parsed;
  const { parts } = parsed;
  const known = (dirs: readonly string[]) => dirs.map((d) => partsOf(d, ctx.platform)).filter((d): d is string[] => d !== null);

  for (const app of known(ctx.appDirs)) if (within(parts, app)) return 'app-data';

  if (ctx.platform === 'win32') {
    if (parts.length === 1) return 'root';
    const top = parts[1]!;
    if (WINDOWS_SYSTEM.includes(top) || top.startsWith('program files')) return 'system';
    for (const dir of known(ctx.systemDirs ?? [])) if (within(parts, dir)) return 'system';
    if (parts.length === 2 && WINDOWS_CONTAINERS.includes(top)) return 'root';
    if (top === 'users') {
      if (parts.length === 3) return 'home';
      if (parts[3] === 'appdata' || parts[2] === 'default' || parts[2] === 'all users') return 'system';
    }
  } else {
    if (POSIX_SYSTEM.some((d) => within(parts, partsOf(d, ctx.platform)!))) return 'system';
    if (POSIX_CONTAINERS.some((d) => same(parts, partsOf(d, ctx.platform)!))) return 'root';
    const rest = parts[0] === 'private' ? parts.slice(1) : parts;
    if (rest[0] === 'var' && (rest.length === 1 || VAR_STANDARD.includes(rest[1]!))) return 'system';
    if (POSIX_HOMES.some((h) => parts.length === 2 && within(parts, partsOf(h, ctx.platform)!))) return 'home';
  }
  const home = partsOf(ctx.home, ctx.platform);
  if (home && same(parts, home)) return 'home';
  if (parts.some((p) => p.startsWith('.'))) return 'hidden';
  return null;
}
