// Scan-to-folder backend: many office copiers "scan to a shared folder" (SMB/FTP) instead of
// being driven by the PC. The desk watches such a folder and yields each new file as a page.
//
// - Device id: "folder:<absolute path>". One device per configured folder that exists.
// - scan() watches the folder (fs.watch, plus a periodic poll because fs.watch is unreliable on
//   network shares) and yields each NEW file — PDF, JPEG, PNG or TIFF recognised by its magic
//   bytes — once it is complete: its size and mtime did not change across two looks at least
//   `stableMs` apart, it can be opened for reading (on Windows a copier's SMB write keeps it
//   locked), and its format's end marker is there (PDF "%%EOF", JPEG EOI, PNG IEND). A file
//   still being written is never yielded half-done.
// - Files already in the folder when scan() starts are ignored (they belong to an earlier
//   session) unless `includeExisting` is set; if such a file changes after the start it is
//   treated as new (the copier was writing it as the officer clicked).
// - The backend never deletes anything. `markImported(path)` moves a file to "<dir>/imported/".
// - The copier decides source, mode and resolution; the request's dpi/mode are only used when the
//   file itself does not say (PDFs, images without density).
// - A folder session has no natural end: stop it by breaking out of the loop (no error), with
//   `idleMs` (ends quietly after so long without a new file), or by aborting ('cancelled').
import { constants, watch, type FSWatcher } from 'node:fs';
import { mkdir, open, opendir, readdir, realpath, rename, stat } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, extname, isAbsolute, join, resolve } from 'node:path';
import sharp from 'sharp';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { folderRefusal, type FolderPolicyContext, type FolderRefusal } from './folderPolicy.ts';
import { ScanError, type RawPage, type ScannerBackend, type ScanProgress, type ScanRequest } from './types.ts';
import { COLOR_MODES, SCAN_SOURCES, type ColorMode, type ScanCapabilities, type ScanDevice } from '#preload/wire/scan.ts';

export type ScanFolderProblem = FolderRefusal | 'missing' | 'not-directory' | 'unreadable';

const FOLDER_MESSAGES: Record<ScanFolderProblem, Bilingual> = {
  'not-absolute': {
    vi: 'Thư mục quét phải là đường dẫn đầy đủ trên máy này (ví dụ D:\\Scans hoặc /srv/scans).',
    en: 'The scan folder must be a full path on this computer (e.g. D:\\Scans or /srv/scans).',
  },
  'network-path': {
    vi: 'Không nhận đường dẫn mạng dạng \\\\máy\\thư-mục: hãy gán thư mục dùng chung thành một ổ đĩa (ví dụ Z:) rồi chọn một thư mục con trên ổ đó.',
    en: 'Network paths (\\\\server\\share) are not accepted: map the share to a drive letter (e.g. Z:) and choose a sub-folder on it.',
  },
  root: {
    vi: 'Không dùng thư mục gốc hoặc thư mục chung (/, C:\\, /home, /mnt, /srv, /tmp, C:\\Users…) làm thư mục quét: hãy tạo một thư mục riêng cho máy quét, ví dụ /srv/scans hoặc D:\\Scans.',
    en: 'A root or shared parent folder (/, C:\\, /home, /mnt, /srv, /tmp, C:\\Users…) cannot be a scan folder: make a folder just for the scanner, e.g. /srv/scans or D:\\Scans.',
  },
  system: {
    vi: 'Đây là thư mục của hệ điều hành, không dùng làm thư mục quét. Hãy tạo một thư mục riêng cho máy quét, ví dụ /srv/scans hoặc D:\\Scans.',
    en: 'This is an operating-system folder and cannot be a scan folder. Make a folder just for the scanner, e.g. /srv/scans or D:\\Scans.',
  },
  home: {
    vi: 'Không dùng cả thư mục của một người dùng làm thư mục quét: hãy tạo một thư mục con riêng, ví dụ ~/Scans.',
    en: 'A whole user folder cannot be a scan folder: make a sub-folder just for scans, e.g. ~/Scans.',
  },
  hidden: {
    vi: 'Thư mục ẩn (tên bắt đầu bằng dấu chấm) không dùng làm thư mục quét.',
    en: 'A hidden folder (a name starting with a dot) cannot be a scan folder.',
  },
  'app-data': {
    vi: 'Đây là thư mục dữ liệu của chính ứng dụng, không dùng làm thư mục quét.',
    en: 'This is the application’s own data folder and cannot be a scan folder.',
  },
  missing: { vi: 'Không tìm thấy thư mục quét trên máy này.', en: 'The scan folder does not exist on this computer.' },
  'not-directory': { vi: 'Đường dẫn này là một tệp, không phải thư mục.', en: 'This path is a file, not a folder.' },
  unreadable: { vi: 'Ứng dụng không có quyền đọc thư mục quét này.', en: 'The application may not read this scan folder.' },
};

/** A folder refused as a scan folder, with the folder as the administrator gave it. */
export class ScanFolderError extends DeskError {
  constructor(
    readonly problem: ScanFolderProblem,
    folder: string,
  ) {
    const text = FOLDER_MESSAGES[problem];
    super(`scan.folder-${problem}`, { vi: `${text.vi} (${folder})`, en: `${text.en} (${folder})` });
  }
}

/** The policy's context on this computer: its platform and home, the app's own directories as the host names them. */
export function folderPolicyHere(appDirs: readonly string[] = []): FolderPolicyContext {
  const env = process.env;
  const systemDirs = [env.SystemRoot, env.windir, env.ProgramFiles, env['ProgramFiles(x86)'], env.ProgramW6432, env.CommonProgramFiles].filter(
    (d): d is string => !!d,
  );
  return { platform: process.platform, home: homedir(), appDirs, systemDirs };
}

/**
 * Checks a folder before it may be watched: the policy on the path as given and on its real
 * path (a symlink is judged by its target), then that it exists, is a directory and can be
 * read. Returns the real path, which is what gets watched.
 */
export async function checkScanFolder(folder: string, ctx: FolderPolicyContext): Promise<string> {
  const given = isAbsolute(folder) ? folderRefusal(folder, ctx) : 'not-absolute';
  if (given) throw new ScanFolderError(given, folder);
  let real: string;
  try {
    real = await realpath(folder);
  } catch (e) {
    throw new ScanFolderError((e as NodeJS.ErrnoException).code === 'EACCES' ? 'unreadable' : 'missing', folder);
  }
  // Windows resolves a mapped drive to its \\server\share form: the share's own layout is the
  // server's business, the drive-letter path was judged above.
  const viaShare = ctx.platform === 'win32' && real.startsWith('\\\\');
  const target = viaShare ? null : folderRefusal(real, ctx);
  if (target) throw new ScanFolderError(target, folder);
  let isDirectory: boolean;
  try {
    isDirectory = (await stat(real)).isDirectory();
  } catch {
    throw new ScanFolderError('missing', folder);
  }
  if (!isDirectory) throw new ScanFolderError('not-directory', folder);
  try {
    await (await opendir(real)).close();
  } catch {
    throw new ScanFolderError('unreadable', folder);
  }
  return real;
}

export interface FolderConfig {
  path: string;
  /** Shown to the officer; the folder's name by default. */
  name?: string;
}

export interface FolderBackendOptions {
  folders: Array<string | FolderConfig>;
  /** A file must keep the same size/mtime for this long before it is taken. Default 1500 ms. */
  stableMs?: number;
  /** Poll interval (the fallback when fs.watch says nothing, e.g. on SMB mounts). Default 1000 ms. */
  pollMs?: number;
  /** Also yield files present when scan() starts. Default false. */
  includeExisting?: boolean;
  /** End the scan quietly after this long without a new file. Default: never. */
  idleMs?: number;
  /** Use fs.watch besides polling. Default true (false: poll only, e.g. where watching is known broken). */
  useWatch?: boolean;
  /** Which folders may be watched (folderPolicy.ts); this computer's, without app directories, by default. */
  policy?: FolderPolicyContext;
}

export type FileFormat = 'pdf' | 'jpeg' | 'png' | 'tiff';

/** Recognises a file by its first bytes. */
export function sniffFormat(head: Uint8Array): FileFormat | null {
  const b = head;
  if (b.length >= 5 && b[0] === 0x25 && b[1] === 0x50 && b[2] === 0x44 && b[3] === 0x46 && b[4] === 0x2d) return 'pdf'; // %PDF-
  if (b.length >= 3 && b[0] === 0xff && b[1] === 0xd8 && b[2] === 0xff) return 'jpeg';
  if (b.length >= 8 && b[0] === 0x89 && b[1] === 0x50 && b[2] === 0x4e && b[3] === 0x47 && b[4] === 0x0d && b[5] === 0x0a && b[6] === 0x1a && b[7] === 0x0a)
    return 'png';
  if (
    b.length >= 4 &&
    ((b[0] === 0x49 && b[1] === 0x49 && b[2] === 0x2a && b[3] === 0x00) || (b[0] === 0x4d && b[1] === 0x4d && b[2] === 0x00 && b[3] === 0x2a))
  )
    return 'tiff';
  return null;
}

/**
 * Whether a file of that format looks whole: its end marker is present near the end. TIFF has no
 * end marker (its directory can be anywhere): size stability alone decides.
 */
export function looksComplete(format: FileFormat, tail: Uint8Array): boolean {
  const t = Buffer.from(tail.buffer, tail.byteOffset, tail.byteLength);
  switch (format) {
    case 'pdf':
      return t.includes('%%EOF');
    case 'jpeg':
      for (let i = t.length - 2; i >= 0; i--) if (t[i] === 0xff && t[i + 1] === 0xd9) return true;
      return false;
    case 'png':
      return t.includes(Buffer.from([0x49, 0x45, 0x4e, 0x44, 0xae, 0x42, 0x60, 0x82])); // IEND + CRC
    case 'tiff':
      return true;
  }
}

/** Names a copier or a copy tool uses while a file is still being written. */
function isTemporaryName(name: string): boolean {
  return name.startsWith('.') || name.startsWith('~') || /\.(tmp|temp|part|partial|crdownload|filepart|lock)$/i.test(name);
}

const PREFIX = 'folder:';
const IMPORTED = 'imported';

interface Seen {
  size: number;
  mtimeMs: number;
  ino: number;
  /** When this size/mtime was first observed. */
  since: number;
}

const signature = (s: { size: number; mtimeMs: number; ino: number }): string => `${s.ino}:${s.size}:${s.mtimeMs}`;

export class FolderBackend implements ScannerBackend {
  readonly kind = 'folder' as const;
  private readonly folders: Array<{ path: string; name: string }>;
  private readonly stableMs: number;
  private readonly pollMs: number;
  private readonly includeExisting: boolean;
  private readonly idleMs: number | undefined;
  private readonly useWatch: boolean;
  private readonly policy: FolderPolicyContext;

  constructor(options: FolderBackendOptions) {
    this.folders = options.folders.map((f) => {
      const c = typeof f === 'string' ? { path: f } : f;
      if (!isAbsolute(c.path)) throw new ScanFolderError('not-absolute', c.path);
      const path = resolve(c.path);
      return { path, name: c.name ?? basename(path) };
    });
    this.stableMs = options.stableMs ?? 1500;
    this.pollMs = options.pollMs ?? 1000;
    this.includeExisting = options.includeExisting ?? false;
    this.idleMs = options.idleMs;
    this.useWatch = options.useWatch ?? true;
    this.policy = options.policy ?? folderPolicyHere();
  }

  async list(): Promise<ScanDevice[]> {
    const out: ScanDevice[] = [];
    for (const f of this.folders) {
      try {
        await checkScanFolder(f.path, this.policy);
        out.push({ id: PREFIX + f.path, backend: 'folder', name: f.name });
      } catch {
        // a share that is not mounted right now (or a folder the policy refuses) is simply not offered
      }
    }
    return out;
  }

  /**
   * The copier decides everything: all sources and modes are reported; resolutions are unknown
   * ([]) and so is the scan area (0 × 0).
   */
  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    await this.folderOf(deviceId);
    return { sources: [...SCAN_SOURCES], modes: [...COLOR_MODES], resolutions: [], maxWidthMm: 0, maxHeightMm: 0 };
  }

  markImported(path: string): Promise<string> {
    return markImported(path);
  }

  /**
   * The real path to watch, checked again at every scan: a folder that was fine when it was
   * configured may since have been replaced by a link to somewhere else.
   */
  private async folderOf(deviceId: string): Promise<string> {
    if (!deviceId.startsWith(PREFIX)) throw new ScanError('not-found', deviceId);
    const path = resolve(deviceId.slice(PREFIX.length));
    if (!this.folders.some((f) => f.path === path)) throw new ScanError('not-found', deviceId);
    try {
      return await checkScanFolder(path, this.policy);
    } catch (e) {
      if (e instanceof ScanFolderError && (e.problem === 'missing' || e.problem === 'not-directory' || e.problem === 'unreadable'))
        throw new ScanError('unplugged', path);
      throw e;
    }
  }

  scan(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncIterable<RawPage> {
    return this.watchFolder(deviceId, request, signal, onProgress);
  }

  private async *watchFolder(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncGenerator<RawPage> {
    if (signal.aborted) throw new ScanError('cancelled');
    const dir = await this.folderOf(deviceId);

    let wake: (() => void) | null = null;
    const poke = (): void => {
      const w = wake;
      wake = null;
      w?.();
    };
    let watcher: FSWatcher | null = null;
    try {
      if (this.useWatch) {
        const w = watch(dir, { persistent: false }, poke);
        watcher = w;
        w.on('error', () => {
          w.close();
          watcher = null; // the poll carries on alone
        });
      }
    } catch {
      watcher = null;
    }
    signal.addEventListener('abort', poke);

    /** Files not to yield: signature at start (ignored) or when yielded. */
    const done = new Map<string, string>();
    const pending = new Map<string, Seen>();
    let index = 0;
    let lastNewFile = Date.now();
    try {
      if (!this.includeExisting) {
        let existing: Array<{ name: string; stats: Seen }>;
        try {
          existing = await listFiles(dir);
        } catch {
          throw new ScanError('unplugged', dir); // gone between the check and the first look
        }
        for (const e of existing) done.set(e.name, signature(e.stats));
      }
      for (;;) {
        if (signal.aborted) throw new ScanError('cancelled');
        const now = Date.now();
        let entries: Array<{ name: string; stats: Seen }>;
        try {
          entries = await listFiles(dir);
        } catch {
          throw new ScanError('unplugged', dir); // the share went away
        }
        const present = new Set<string>();
        const ready: string[] = [];
        for (const { name, stats } of entries) {
          present.add(name);
          if (done.get(name) === signature(stats)) continue;
          const prev = pending.get(name);
          if (!prev || signature(prev) !== signature(stats)) {
            pending.set(name, { ...stats, since: now });
            continue;
          }
          if (stats.size > 0 && now - prev.since >= this.stableMs) ready.push(name);
        }
        for (const name of pending.keys()) if (!present.has(name)) pending.delete(name);
        for (const name of [...done.keys()]) if (!present.has(name)) done.delete(name);

        ready.sort((a, b) => pending.get(a)!.mtimeMs - pending.get(b)!.mtimeMs || a.localeCompare(b));
        for (const name of ready) {
          const path = join(dir, name);
          const seen = pending.get(name)!;
          const file = await readIfComplete(path, seen);
          if (file === 'retry') continue; // locked or not finished: look again later
          pending.delete(name);
          done.set(name, signature(seen));
          if (file === 'skip') continue; // not a scan (unknown format): ignored for good
          lastNewFile = Date.now();
          const page: RawPage = { index: index++, data: file.data, format: file.format, ...(await describe(file, request)), sourcePath: path };
          onProgress?.({ pagesDone: index });
          if (signal.aborted) throw new ScanError('cancelled');
          yield page;
        }

        if (this.idleMs !== undefined && pending.size === 0 && Date.now() - lastNewFile >= this.idleMs) return;
        // While something is settling, look again after stableMs; otherwise at the poll interval.
        let delay = pending.size > 0 ? Math.min(this.pollMs, Math.max(50, this.stableMs / 2)) : this.pollMs;
        if (this.idleMs !== undefined) delay = Math.min(delay, Math.max(10, this.idleMs - (Date.now() - lastNewFile)));
        await new Promise<void>((r) => {
          const t = setTimeout(r, delay);
          wake = () => {
            clearTimeout(t);
            // Let a burst of watch events settle before rescanning.
            setTimeout(r, 50);
          };
        });
        wake = null;
      }
    } finally {
      signal.removeEventListener('abort', poke);
      watcher?.close();
    }
  }
}

async function listFiles(dir: string): Promise<Array<{ name: string; stats: Seen }>> {
  const out: Array<{ name: string; stats: Seen }> = [];
  for (const e of await readdir(dir, { withFileTypes: true })) {
    if (!e.isFile() || isTemporaryName(e.name)) continue;
    try {
      const s = await stat(join(dir, e.name));
      out.push({ name: e.name, stats: { size: s.size, mtimeMs: s.mtimeMs, ino: s.ino, since: 0 } });
    } catch {
      // vanished between readdir and stat
    }
  }
  return out;
}

interface CompleteFile {
  data: Uint8Array;
  format: FileFormat;
}

/** Reads a settled file if it is openable, recognised and whole; 'retry' if not yet, 'skip' if not a scan. */
async function readIfComplete(path: string, seen: Seen): Promise<CompleteFile | 'retry' | 'skip'> {
  let data: Buffer;
  try {
    // Never through a link: a file swapped for a link after the listing must not make main read its target.
    const fh = await open(path, constants.O_RDONLY | (constants.O_NOFOLLOW ?? 0));
    try {
      data = await fh.readFile();
    } finally {
      await fh.close();
    }
  } catch {
    return 'retry'; // locked by the writer (Windows), or gone
  }
  if (data.length !== seen.size) return 'retry'; // it moved on since the last look
  const format = sniffFormat(data.subarray(0, 16));
  if (!format) return data.length < 16 ? 'retry' : 'skip';
  if (!looksComplete(format, data.subarray(Math.max(0, data.length - 1024)))) return 'retry';
  return { data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), format };
}

/** dpi and colour mode from the image itself when it says; the request otherwise. */
async function describe(file: CompleteFile, request: ScanRequest): Promise<{ dpi: number; mode: ColorMode }> {
  if (file.format === 'pdf') return { dpi: request.dpi, mode: request.mode };
  try {
    const m = await sharp(file.data).metadata();
    const dpi = m.density && m.density > 1 ? Math.round(m.density) : request.dpi;
    const colour = m.channels !== undefined && m.channels >= 3 && m.space !== 'b-w';
    const mode: ColorMode = colour ? 'color' : m.bitsPerSample === 1 || m.space === 'b-w' ? 'bw' : 'gray';
    return { dpi, mode };
  } catch {
    return { dpi: request.dpi, mode: request.mode };
  }
}

/**
 * Moves an imported file to "<its folder>/imported/", keeping its name (" (2)", " (3)"… on a
 * clash). Retries briefly when the file is still locked (Windows/SMB). Returns the new path.
 */
export async function markImported(path: string): Promise<string> {
  const dir = join(dirname(path), IMPORTED);
  await mkdir(dir, { recursive: true });
  const ext = extname(path);
  const stem = basename(path, ext);
  for (let n = 1; ; n++) {
    const target = join(dir, n === 1 ? `${stem}${ext}` : `${stem} (${n})${ext}`);
    try {
      await stat(target);
      continue; // taken
    } catch {
      // free
    }
    for (let attempt = 0; ; attempt++) {
      try {
        await rename(path, target);
        return target;
      } catch (e) {
        const code = (e as NodeJS.ErrnoException).code;
        if ((code === 'EBUSY' || code === 'EPERM' || code === 'EACCES') && attempt < 5) {
          await new Promise((r) => setTimeout(r, 200 * (attempt + 1)));
          continue;
        }
        throw e;
      }
    }
  }
}
