// SANE backend: drives the `scanimage` command-line frontend (sane-utils) as a child process.
//
// - list():         `scanimage -f` with a tab-separated format; cached for `listTtlMs` and shared
//                   between concurrent callers, so a click on "Scan" never waits for a re-probe.
// - capabilities(): `scanimage -d DEV -A`, parsed; cached per device for `capsTtlMs`.
// - scan():         always `--batch` into a private temp dir with `--batch-print`: scanimage writes
//                   each page to "<name>.part", renames it when the page is complete and only then
//                   prints its name, so every printed name is a finished page and is yielded at once.
//                   Flatbed scans use `--batch-count=1`.
// Driver-specific names for modes and sources ("Lineart", "Binary", "ADF Front", "Automatic Document
// Feeder", "ADF Duplex"…) are mapped by the tables below. Errors printed by scanimage (SANE's
// sane_strstatus texts) and its exit status (= SANE_Status) become ScanErrors.
import { spawn, type ChildProcess } from 'node:child_process';
import { constants as fsConstants } from 'node:fs';
import { access, mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { ScanError, type RawPage, type ScannerBackend, type ScanErrorCode, type ScanProgress, type ScanRequest } from './types.ts';
import { COLOR_MODES, SCAN_SOURCES, type ColorMode, type ScanCapabilities, type ScanDevice, type ScanSource } from '#preload/wire/scan.ts';

export interface SaneBackendOptions {
  /** Path of the scanimage executable; "scanimage" (looked up on PATH) by default. */
  scanimage?: string;
  /** Environment for scanimage (e.g. SANE_CONFIG_DIR); process.env by default. */
  env?: NodeJS.ProcessEnv;
  /** How long a device list stays fresh. Default 60 s. */
  listTtlMs?: number;
  /** How long a device's capabilities stay fresh. Default 10 min. */
  capsTtlMs?: number;
  /** Page encoding asked from scanimage. Default 'png'. */
  format?: 'png' | 'pnm';
  /** Extra scanimage arguments for every scan (driver-specific options, test-backend options). */
  extraArgs?: string[] | ((saneDevice: string) => string[]);
  /** Grace between SIGTERM and SIGKILL when cancelling. Default 2 s. */
  killGraceMs?: number;
  /** Time limit for list/capabilities probes. Default 30 s. */
  probeTimeoutMs?: number;
  /** Parent directory for per-scan temp dirs. Default os.tmpdir(). */
  tmpDir?: string;
  /**
   * A scan that sends nothing at all (no progress, no page, no exit) for this long is a hung
   * driver: it is stopped and reported instead of holding the desk's scan panel forever.
   * --progress reports every few hundred ms while a page is read; a lamp warming up stays well
   * under the default of 2 min.
   */
  stallMs?: number;
}

// ---------------------------------------------------------------------------------------------
// Mapping tables (SANE option values vary by driver)

/** Source values, tried in order; the first rule matching a device's value wins for that value. */
const SOURCE_RULES: Array<{ re: RegExp; source: ScanSource | null; rank: number }> = [
  { re: /duplex/i, source: 'duplex', rank: 0 },
  { re: /\bback\b/i, source: 'feeder', rank: 2 }, // "ADF Back": back side only — last resort for feeder
  { re: /\badf\b|feeder|document|automatic|\bauto\b|sheet ?fed/i, source: 'feeder', rank: 0 },
  { re: /flat ?bed|platen|\bnormal\b|glass/i, source: 'flatbed', rank: 0 },
  { re: /transparen|negative|slide|film|\btma\b/i, source: null, rank: 0 },
];

/** Mode values; rank orders several values mapping to the same colour mode (lower is better). */
const MODE_RULES: Array<{ re: RegExp; mode: ColorMode | null; rank: number }> = [
  { re: /halftone|dither|diffusion/i, mode: 'bw', rank: 2 }, // Halftone, "Gray[Error Diffusion]"
  { re: /colou?r|rgb/i, mode: 'color', rank: 0 }, // Color, "24bit Color", "Color48"?
  { re: /gr[ae]y|grayscale|greyscale|true gray/i, mode: 'gray', rank: 0 },
  { re: /line ?art|binary|black ?(&|and) ?white|\bbw\b|monochrome|\bmono\b/i, mode: 'bw', rank: 0 },
];

export function mapSaneSource(value: string): { source: ScanSource | null; rank: number } {
  for (const rule of SOURCE_RULES) if (rule.re.test(value)) return { source: rule.source, rank: rule.rank };
  return { source: null, rank: 9 };
}

export function mapSaneMode(value: string): { mode: ColorMode | null; rank: number } {
  let rank = 0;
  if (/48|16/.test(value)) rank = 1; // prefer 8-bit variants ("Color" over "Color48")
  for (const rule of MODE_RULES) if (rule.re.test(value)) return { mode: rule.mode, rank: rule.rank + rank };
  return { mode: null, rank: 9 };
}

/** Resolutions offered when a driver gives a range: the usual office values inside it. */
const COMMON_DPI = [50, 75, 100, 150, 200, 240, 300, 400, 600, 1200];

// ---------------------------------------------------------------------------------------------
// Parsing `scanimage -A`

export type SaneConstraint =
  { kind: 'list'; values: string[]; unit: string } | { kind: 'range'; min: number; max: number; step?: number; unit: string } | { kind: 'none'; text: string };

export interface SaneOption {
  name: string; // "--mode", "-x"
  constraint: SaneConstraint;
  current?: string;
  inactive: boolean;
}

const OPTION_LINE = /^\s{2,}(--?[A-Za-z][\w-]*)(\[=\((.*?)\)\])?(?:\s+(.*))?$/;

export function parseSaneOptions(text: string): Map<string, SaneOption> {
  const options = new Map<string, SaneOption>();
  for (const line of text.split(/\r?\n/)) {
    const m = OPTION_LINE.exec(line);
    if (!m) continue;
    const name = m[1]!;
    let rest = (m[4] ?? '').trim();
    let current: string | undefined;
    const lastBracket = rest.lastIndexOf(' [');
    if (rest.endsWith(']') && (lastBracket >= 0 || rest.startsWith('['))) {
      const at = lastBracket >= 0 ? lastBracket + 1 : 0;
      current = rest.slice(at + 1, -1);
      rest = rest.slice(0, at).trim();
    }
    const inactive = current === 'inactive';
    rest = rest.replace(/\s*\(in steps of [^)]*\)\s*$/, '');
    const stepMatch = /\(in steps of ([\d.]+)\)/.exec(m[4] ?? '');
    let constraint: SaneConstraint;
    if (m[3] !== undefined) {
      constraint = { kind: 'list', values: m[3].split('|'), unit: '' };
    } else {
      const range = /^(-?[\d.]+)\.\.(-?[\d.]+)([A-Za-z%]*)(,\.\.\.)?$/.exec(rest);
      if (range) {
        constraint = { kind: 'range', min: Number(range[1]), max: Number(range[2]), unit: range[3] ?? '' };
        if (stepMatch) constraint.step = Number(stepMatch[1]);
      } else if (rest.includes('|') || (rest && !rest.startsWith('<'))) {
        const values = rest.split('|');
        const unitMatch = /^(-?[\d.]+)([A-Za-z%]+)$/.exec(values[values.length - 1] ?? '');
        let unit = '';
        if (unitMatch && values.slice(0, -1).every((v) => /^-?[\d.]+$/.test(v))) {
          unit = unitMatch[2]!;
          values[values.length - 1] = unitMatch[1]!;
        }
        constraint = { kind: 'list', values, unit };
      } else {
        constraint = { kind: 'none', text: rest };
      }
    }
    const opt: SaneOption = { name, constraint, inactive };
    if (current !== undefined && !inactive) opt.current = current;
    // Some drivers list an option twice (e.g. per-source groups): keep the first active one.
    const prev = options.get(name);
    if (!prev || (prev.inactive && !inactive)) options.set(name, opt);
  }
  return options;
}

/** What the SANE backend needs to turn a ScanRequest into scanimage arguments. */
export interface SaneDeviceProfile {
  capabilities: ScanCapabilities;
  /** Driver value for each source/mode we offer. */
  sourceValues: Partial<Record<ScanSource, string>>;
  modeValues: Partial<Record<ColorMode, { mode: string; depth?: string }>>;
  hasSourceOption: boolean;
  hasModeOption: boolean;
  hasResolution: boolean;
  hasGeometry: { x: boolean; y: boolean; l: boolean; t: boolean };
}

function listValues(opt: SaneOption | undefined): string[] {
  if (!opt || opt.constraint.kind !== 'list') return [];
  return opt.constraint.values;
}

export function profileFromOptions(options: Map<string, SaneOption>): SaneDeviceProfile {
  const sourceOpt = options.get('--source');
  const sourceValues: Partial<Record<ScanSource, string>> = {};
  const sourceRanks: Partial<Record<ScanSource, number>> = {};
  for (const v of listValues(sourceOpt)) {
    const { source, rank } = mapSaneSource(v);
    if (!source) continue;
    if (sourceRanks[source] === undefined || rank < sourceRanks[source]) {
      sourceValues[source] = v;
      sourceRanks[source] = rank;
    }
  }
  if (!sourceOpt) sourceValues.flatbed = ''; // no source option: a plain flatbed

  const modeOpt = options.get('--mode');
  const modeValues: Partial<Record<ColorMode, { mode: string; depth?: string }>> = {};
  const modeRanks: Partial<Record<ColorMode, number>> = {};
  for (const v of listValues(modeOpt)) {
    const { mode, rank } = mapSaneMode(v);
    if (!mode) continue;
    if (modeRanks[mode] === undefined || rank < modeRanks[mode]) {
      modeValues[mode] = { mode: v };
      modeRanks[mode] = rank;
    }
  }
  // Drivers without a lineart mode but with a 1-bit depth (e.g. SANE's test backend): Gray at depth 1.
  const depths = listValues(options.get('--depth'));
  if (modeValues.gray && depths.includes('8')) modeValues.gray = { ...modeValues.gray, depth: '8' };
  if (modeValues.color && depths.includes('8')) modeValues.color = { ...modeValues.color, depth: '8' };
  if (!modeValues.bw && modeValues.gray && depths.includes('1')) modeValues.bw = { mode: modeValues.gray.mode, depth: '1' };
  if (!modeOpt) modeValues.color = { mode: '' };

  const resOpt = options.get('--resolution');
  let resolutions: number[] = [];
  if (resOpt?.constraint.kind === 'list') {
    resolutions = resOpt.constraint.values.map(Number).filter((n) => Number.isFinite(n) && n > 0);
  } else if (resOpt?.constraint.kind === 'range') {
    const { min, max, step } = resOpt.constraint;
    resolutions = COMMON_DPI.filter((d) => d >= min && d <= max && (!step || step <= 1 || Math.abs((d - min) / step - Math.round((d - min) / step)) < 1e-6));
    if (resolutions.length === 0) resolutions = [Math.round(min), Math.round(max)].filter((v, i, a) => a.indexOf(v) === i);
  }
  resolutions = [...new Set(resolutions.map((r) => Math.round(r)))].sort((a, b) => a - b);

  const rangeMax = (name: string): number => {
    const o = options.get(name);
    return o?.constraint.kind === 'range' ? o.constraint.max : 0;
  };
  return {
    capabilities: {
      sources: SCAN_SOURCES.filter((s) => sourceValues[s] !== undefined),
      modes: COLOR_MODES.filter((m) => modeValues[m] !== undefined),
      resolutions,
      maxWidthMm: rangeMax('-x'),
      maxHeightMm: rangeMax('-y'),
    },
    sourceValues,
    modeValues,
    hasSourceOption: !!sourceOpt && !sourceOpt.inactive,
    hasModeOption: !!modeOpt && !modeOpt.inactive,
    hasResolution: !!resOpt && !resOpt.inactive,
    hasGeometry: { x: options.has('-x'), y: options.has('-y'), l: options.has('-l'), t: options.has('-t') },
  };
}

/** The supported resolution closest to the request: exact, else the next higher, else the highest. */
export function pickResolution(supported: number[], dpi: number): number {
  if (supported.length === 0) return dpi;
  if (supported.includes(dpi)) return dpi;
  return supported.find((r) => r >= dpi) ?? supported[supported.length - 1]!;
}

// ---------------------------------------------------------------------------------------------
// Errors

/** SANE_Status values (scanimage exits with the status of the failing call). */
const STATUS_CODES: Record<number, ScanErrorCode> = {
  1: 'unsupported', // SANE_STATUS_UNSUPPORTED
  2: 'cancelled', // SANE_STATUS_CANCELLED
  3: 'busy', // SANE_STATUS_DEVICE_BUSY
  4: 'unsupported', // SANE_STATUS_INVAL
  6: 'jam', // SANE_STATUS_JAMMED
  7: 'feeder-empty', // SANE_STATUS_NO_DOCS
  8: 'cover-open', // SANE_STATUS_COVER_OPEN
  9: 'unplugged', // SANE_STATUS_IO_ERROR
  10: 'device', // SANE_STATUS_NO_MEM
  11: 'device', // SANE_STATUS_ACCESS_DENIED
};

/** stderr patterns, most specific first (texts of sane_strstatus plus scanimage's own messages). */
const STDERR_RULES: Array<{ re: RegExp; code: ScanErrorCode }> = [
  { re: /open of device .* failed: (Invalid argument|No such|not found)/i, code: 'not-found' },
  { re: /no SANE devices found|device .* not found|no such device/i, code: 'not-found' },
  { re: /open of device .* failed: Device busy/i, code: 'busy' },
  { re: /open of device .* failed: (Error during device I\/O|.*I\/O)/i, code: 'unplugged' },
  { re: /out of documents|SANE_STATUS_NO_DOCS|no (more )?(paper|documents)|feeder (is )?empty/i, code: 'feeder-empty' },
  { re: /jam/i, code: 'jam' },
  { re: /cover (is )?open|SANE_STATUS_COVER_OPEN/i, code: 'cover-open' },
  { re: /device busy|SANE_STATUS_DEVICE_BUSY/i, code: 'busy' },
  { re: /operation was cancel+ed|SANE_STATUS_CANCELLED/i, code: 'cancelled' },
  {
    re: /error during device I\/O|SANE_STATUS_IO_ERROR|I\/O error|device (was )?(removed|disconnected|vanished)|no such file or directory.*usb|connection (reset|refused|timed out)/i,
    code: 'unplugged',
  },
  {
    re: /setting of option .* failed|attempted to set inactive option|unrecognized option|invalid argument|SANE_STATUS_INVAL|operation not supported|SANE_STATUS_UNSUPPORTED/i,
    code: 'unsupported',
  },
  { re: /access to resource has been denied|SANE_STATUS_ACCESS_DENIED|out of memory/i, code: 'device' },
];

/** The scanimage lines that report a failure (what the officer's detail text shows). */
function errorLines(stderr: string): string[] {
  return stderr
    .split(/[\r\n]+/)
    .map((l) => l.trim())
    .filter((l) => /^scanimage: /.test(l) || /sane_(start|read|open|control_option)/.test(l))
    .map((l) => l.replace(/^scanimage: /, ''));
}

/**
 * Maps scanimage's stderr (and exit status) to a ScanError; null when nothing there is an error.
 */
export function saneError(stderr: string, exitCode: number | null): ScanError | null {
  const lines = errorLines(stderr);
  for (const line of lines) {
    for (const rule of STDERR_RULES) if (rule.re.test(line)) return new ScanError(rule.code, line);
  }
  // Messages without the "scanimage:" prefix (some drivers print their own).
  for (const rule of STDERR_RULES) {
    const m = stderr.split(/[\r\n]+/).find((l) => rule.re.test(l));
    if (m && rule.code !== 'unsupported') return new ScanError(rule.code, m.trim());
  }
  if (exitCode !== null && exitCode !== 0) {
    const code = STATUS_CODES[exitCode] ?? 'device';
    return new ScanError(code, lines[lines.length - 1] ?? `scanimage exit ${exitCode}`);
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// Process helpers (shared with wia.ts)

export interface RunResult {
  stdout: string;
  stderr: string;
  code: number | null;
  signal: NodeJS.Signals | null;
}

/** Runs a command to completion (no shell). Rejects only when it cannot be started. */
export function runCommand(
  command: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; input?: string; timeoutMs?: number; signal?: AbortSignal } = {},
): Promise<RunResult> {
  return new Promise((resolve, reject) => {
    let child: ChildProcess;
    try {
      child = spawn(command, args, { env: opts.env ?? process.env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    } catch (e) {
      reject(e);
      return;
    }
    const out: Buffer[] = [];
    const err: Buffer[] = [];
    child.stdout!.on('data', (b: Buffer) => out.push(b));
    child.stderr!.on('data', (b: Buffer) => err.push(b));
    child.stdin!.on('error', () => {});
    child.stdin!.end(opts.input ?? '');
    let timer: NodeJS.Timeout | undefined;
    if (opts.timeoutMs) timer = setTimeout(() => child.kill('SIGKILL'), opts.timeoutMs);
    const onAbort = (): void => void child.kill('SIGTERM');
    opts.signal?.addEventListener('abort', onAbort, { once: true });
    child.on('error', (e) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      reject(e);
    });
    child.on('close', (code, signal) => {
      if (timer) clearTimeout(timer);
      opts.signal?.removeEventListener('abort', onAbort);
      resolve({ stdout: Buffer.concat(out).toString('utf8'), stderr: Buffer.concat(err).toString('utf8'), code, signal });
    });
  });
}

type StreamEvent =
  | { type: 'line'; line: string }
  | { type: 'stderr'; text: string }
  | { type: 'close'; code: number | null; signal: NodeJS.Signals | null }
  | { type: 'error'; error: Error }
  | { type: 'abort' };

/** What next() gives instead of an event when none came in time. */
interface Stall {
  type: 'stall';
}

/**
 * A spawned process seen as a queue of events: complete stdout lines, stderr chunks, close.
 * `stop()` sends SIGTERM, then SIGKILL after the grace period, and resolves once it has exited.
 */
export class ProcessStream {
  readonly child: ChildProcess;
  private queue: StreamEvent[] = [];
  private waiter: (() => void) | null = null;
  private closed = false;
  private closedPromise: Promise<void>;
  private partial = '';

  constructor(command: string, args: string[], opts: { env?: NodeJS.ProcessEnv; cwd?: string; input?: string }) {
    this.child = spawn(command, args, { env: opts.env ?? process.env, cwd: opts.cwd, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true });
    this.closedPromise = new Promise((resolve) => {
      this.child.on('close', (code, signal) => {
        if (this.partial) this.push({ type: 'line', line: this.partial });
        this.partial = '';
        this.closed = true;
        this.push({ type: 'close', code, signal });
        resolve();
      });
      this.child.on('error', (error) => {
        this.closed = true;
        this.push({ type: 'error', error });
        resolve();
      });
    });
    this.child.stdout!.setEncoding('utf8');
    this.child.stdout!.on('data', (s: string) => {
      const text = this.partial + s;
      const parts = text.split(/\r?\n/);
      this.partial = parts.pop() ?? '';
      for (const line of parts) if (line) this.push({ type: 'line', line });
    });
    this.child.stderr!.setEncoding('utf8');
    this.child.stderr!.on('data', (s: string) => this.push({ type: 'stderr', text: s }));
    this.child.stdin!.on('error', () => {});
    this.child.stdin!.end(opts.input ?? '');
  }

  push(e: StreamEvent): void {
    this.queue.push(e);
    const w = this.waiter;
    this.waiter = null;
    w?.();
  }

  /** The next event; with `withinMs`, a stall when none arrives in that time. */
  next(): Promise<StreamEvent>;
  next(withinMs: number): Promise<StreamEvent | Stall>;
  async next(withinMs = Number.POSITIVE_INFINITY): Promise<StreamEvent | Stall> {
    let stalled = false;
    const timer = Number.isFinite(withinMs)
      ? setTimeout(() => {
          stalled = true;
          const w = this.waiter;
          this.waiter = null;
          w?.();
        }, withinMs)
      : undefined;
    try {
      while (this.queue.length === 0) {
        if (stalled) return { type: 'stall' };
        await new Promise<void>((r) => (this.waiter = r));
      }
      return this.queue.shift()!;
    } finally {
      clearTimeout(timer);
    }
  }

  async stop(graceMs: number): Promise<void> {
    if (this.closed) return;
    this.child.kill('SIGTERM');
    const timer = setTimeout(() => {
      if (!this.closed) this.child.kill('SIGKILL');
    }, graceMs);
    await this.closedPromise;
    clearTimeout(timer);
  }
}

/** Looks an executable up on PATH (or checks an explicit path). */
export async function findExecutable(name: string, env: NodeJS.ProcessEnv = process.env): Promise<string | null> {
  const exts = process.platform === 'win32' ? (env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';') : [''];
  const candidates =
    name.includes('/') || name.includes('\\')
      ? [name]
      : (env.PATH ?? '')
          .split(delimiter)
          .filter(Boolean)
          .flatMap((dir) => exts.map((ext) => join(dir, name + ext)));
  for (const c of candidates) {
    try {
      await access(c, fsConstants.X_OK);
      return c;
    } catch {
      // next
    }
  }
  return null;
}

// ---------------------------------------------------------------------------------------------
// The backend

const PREFIX = 'sane:';

interface Cached<T> {
  at: number;
  value?: T;
  pending?: Promise<T>;
}

export class SaneBackend implements ScannerBackend {
  readonly kind = 'sane' as const;
  private readonly scanimage: string;
  private readonly env: NodeJS.ProcessEnv;
  private readonly listTtlMs: number;
  private readonly capsTtlMs: number;
  private readonly format: 'png' | 'pnm';
  private readonly killGraceMs: number;
  private readonly probeTimeoutMs: number;
  private readonly stallMs: number;
  private readonly opts: SaneBackendOptions;
  private listCache: Cached<ScanDevice[]> = { at: 0 };
  private readonly profiles = new Map<string, Cached<SaneDeviceProfile>>();
  /** How many probes (scanimage -L / -A) have run: lets tests and diagnostics see the cache work. */
  probes = 0;

  constructor(options: SaneBackendOptions = {}) {
    this.opts = options;
    this.scanimage = options.scanimage ?? 'scanimage';
    this.env = options.env ?? process.env;
    this.listTtlMs = options.listTtlMs ?? 60_000;
    this.capsTtlMs = options.capsTtlMs ?? 10 * 60_000;
    this.format = options.format ?? 'png';
    this.killGraceMs = options.killGraceMs ?? 2000;
    this.probeTimeoutMs = options.probeTimeoutMs ?? 30_000;
    this.stallMs = options.stallMs ?? 120_000;
  }

  /** Forgets cached devices and capabilities (a "Refresh" button). */
  invalidate(): void {
    this.listCache = { at: 0 };
    this.profiles.clear();
  }

  list(): Promise<ScanDevice[]> {
    return this.cached(this.listCache, this.listTtlMs, () => this.probeList());
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    return (await this.profile(deviceId)).capabilities;
  }

  private async cached<T>(slot: Cached<T>, ttl: number, load: () => Promise<T>): Promise<T> {
    if (slot.value !== undefined && Date.now() - slot.at < ttl) return slot.value;
    if (slot.pending) return slot.pending;
    slot.pending = load().then(
      (v) => {
        slot.value = v;
        slot.at = Date.now();
        slot.pending = undefined;
        return v;
      },
      (e: unknown) => {
        slot.pending = undefined;
        throw e;
      },
    );
    return slot.pending;
  }

  private async run(args: string[]): Promise<RunResult> {
    this.probes++;
    try {
      return await runCommand(this.scanimage, args, { env: this.env, timeoutMs: this.probeTimeoutMs });
    } catch (e) {
      throw new ScanError('unsupported', `scanimage: ${(e as Error).message}`);
    }
  }

  private async probeList(): Promise<ScanDevice[]> {
    const r = await this.run(['-f', '%d\t%v\t%m\t%t%n']);
    if (r.code !== 0) {
      const err = saneError(r.stderr, r.code);
      if (err?.scanCode === 'not-found') return [];
      throw err ?? new ScanError('device', `scanimage -f exit ${r.code}`);
    }
    return parseSaneDeviceList(r.stdout);
  }

  private profile(deviceId: string): Promise<SaneDeviceProfile> {
    const dev = saneName(deviceId);
    let slot = this.profiles.get(dev);
    if (!slot) this.profiles.set(dev, (slot = { at: 0 }));
    return this.cached(slot, this.capsTtlMs, async () => {
      const r = await this.run(['-d', dev, '-A']);
      const err = r.code === 0 ? null : saneError(r.stderr, r.code);
      if (r.code !== 0) {
        // "open of device X failed: Invalid argument" is what SANE says for an unknown device.
        if (err?.scanCode === 'unsupported' || !err) throw new ScanError('not-found', dev);
        throw err;
      }
      return profileFromOptions(parseSaneOptions(r.stdout));
    });
  }

  /** The scanimage arguments for a request (without the batch/output arguments). */
  buildScanArgs(dev: string, profile: SaneDeviceProfile, request: ScanRequest): { args: string[]; dpi: number; widthMm: number; heightMm: number } {
    const caps = profile.capabilities;
    const args = ['-d', dev];
    if (!caps.sources.includes(request.source)) throw new ScanError('unsupported', `source ${request.source}`);
    if (!caps.modes.includes(request.mode)) throw new ScanError('unsupported', `mode ${request.mode}`);
    const source = profile.sourceValues[request.source];
    if (profile.hasSourceOption && source) args.push(`--source=${source}`);
    const mode = profile.modeValues[request.mode]!;
    if (profile.hasModeOption && mode.mode) args.push(`--mode=${mode.mode}`);
    if (mode.depth) args.push(`--depth=${mode.depth}`);
    const dpi = pickResolution(caps.resolutions, request.dpi);
    if (profile.hasResolution) args.push(`--resolution=${dpi}`);
    const maxW = caps.maxWidthMm || request.area?.widthMm || 0;
    const maxH = caps.maxHeightMm || request.area?.heightMm || 0;
    const widthMm = Math.min(request.area?.widthMm ?? maxW, maxW);
    const heightMm = Math.min(request.area?.heightMm ?? maxH, maxH);
    if (profile.hasGeometry.l) args.push('-l', '0');
    if (profile.hasGeometry.t) args.push('-t', '0');
    if (profile.hasGeometry.x && widthMm > 0) args.push('-x', String(widthMm));
    if (profile.hasGeometry.y && heightMm > 0) args.push('-y', String(heightMm));
    return { args, dpi, widthMm, heightMm };
  }

  scan(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncIterable<RawPage> {
    return this.scanPages(deviceId, request, signal, onProgress);
  }

  private async *scanPages(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncGenerator<RawPage> {
    if (signal.aborted) throw new ScanError('cancelled');
    const dev = saneName(deviceId);
    const profile = await this.profile(deviceId);
    if (signal.aborted) throw new ScanError('cancelled');
    const { args, dpi, widthMm, heightMm } = this.buildScanArgs(dev, profile, request);
    const ext = this.format;
    const extra = typeof this.opts.extraArgs === 'function' ? this.opts.extraArgs(dev) : (this.opts.extraArgs ?? []);
    const batch = request.source === 'flatbed' ? ['--batch-count=1'] : [];
    const fullArgs = [...args, `--format=${ext}`, `--batch=page-%04d.${ext}`, '--batch-print', ...batch, '--progress', ...extra];

    // Expected raw bytes of one page, to turn --progress percentages into a byte count.
    const px = (mm: number): number => Math.floor((mm / 25.4) * dpi);
    const bpp = request.mode === 'color' ? 3 : request.mode === 'gray' ? 1 : 1 / 8;
    const pageBytes = Math.ceil(px(widthMm) * px(heightMm) * bpp);

    const dir = await mkdtemp(join(this.opts.tmpDir ?? tmpdir(), 'mcd-sane-'));
    let proc: ProcessStream | null = null;
    const onAbort = (): void => proc?.push({ type: 'abort' });
    try {
      proc = new ProcessStream(this.scanimage, fullArgs, { env: this.env, cwd: dir });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      let stderr = '';
      let index = 0;
      let lastPct = -1;
      for (;;) {
        const ev = await proc.next(this.stallMs);
        if (ev.type === 'stall') {
          await proc.stop(this.killGraceMs);
          throw new ScanError('device', `scanimage sent nothing for ${Math.round(this.stallMs / 1000)} s`);
        }
        if (ev.type === 'abort') {
          await proc.stop(this.killGraceMs);
          throw new ScanError('cancelled');
        }
        if (ev.type === 'error') {
          const code = (ev.error as NodeJS.ErrnoException).code === 'ENOENT' ? 'unsupported' : 'device';
          throw new ScanError(code, `scanimage: ${ev.error.message}`);
        }
        if (ev.type === 'stderr') {
          stderr = (stderr + ev.text).slice(-16_384);
          if (onProgress) {
            const pcts = [...ev.text.matchAll(/Progress: ([\d.]+)%/g)];
            const last = pcts[pcts.length - 1];
            if (last) {
              const pct = Number(last[1]);
              if (pct !== lastPct) {
                lastPct = pct;
                onProgress({ pagesDone: index, bytes: Math.round((pct / 100) * pageBytes) });
              }
            }
          }
          continue;
        }
        if (ev.type === 'line') {
          const file = join(dir, ev.line.trim().replace(/^.*[\\/]/, ''));
          let data: Buffer;
          try {
            data = await readFile(file);
          } catch {
            continue; // not one of our page names
          }
          await rm(file, { force: true });
          const page: RawPage = { index, data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength), format: ext, dpi, mode: request.mode };
          index++;
          lastPct = -1;
          onProgress?.({ pagesDone: index });
          if (signal.aborted) {
            await proc.stop(this.killGraceMs);
            throw new ScanError('cancelled');
          }
          yield page;
          if (signal.aborted) {
            await proc.stop(this.killGraceMs);
            throw new ScanError('cancelled');
          }
          continue;
        }
        // close
        if (signal.aborted) throw new ScanError('cancelled');
        const err = saneError(stderr, ev.code);
        if (err) {
          // A feeder running out after at least one page is how a batch normally ends.
          if (err.scanCode === 'feeder-empty' && index > 0) return;
          throw err;
        }
        if (ev.signal) throw new ScanError('device', `scanimage killed by ${ev.signal}`);
        if (index === 0) throw new ScanError(request.source === 'flatbed' ? 'device' : 'feeder-empty', 'no page delivered');
        return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      // The consumer may stop iterating early (break): make sure the scanner is released.
      if (proc) await proc.stop(this.killGraceMs);
      await rm(dir, { recursive: true, force: true });
    }
  }
}

export function parseSaneDeviceList(stdout: string): ScanDevice[] {
  const devices: ScanDevice[] = [];
  for (const line of stdout.split(/\r?\n/)) {
    if (!line.includes('\t')) continue;
    const [name, vendor, model, type] = line.split('\t');
    if (!name) continue;
    const label =
      [vendor, model]
        .filter((s) => s && s.trim())
        .join(' ')
        .trim() || name;
    devices.push({ id: PREFIX + name, backend: 'sane', name: type && /virtual/i.test(type) ? `${label} (${name})` : label });
  }
  return devices;
}

function saneName(deviceId: string): string {
  if (!deviceId.startsWith(PREFIX) || deviceId.length === PREFIX.length) throw new ScanError('not-found', deviceId);
  return deviceId.slice(PREFIX.length);
}
