// Windows WIA backend, through WIA's scripting (Automation) interface — the COM objects
// WIA.DeviceManager / WIA.ImageProcess — driven by PowerShell:
//   powershell -NoProfile -NonInteractive -Command -
// with the script on stdin. Everything here is pure command building and output parsing, so it is
// tested on Linux; only the PowerShell/COM side needs Windows (see README.md, "What could not be
// verified without Windows").
//
// Protocol: the script prints one compact JSON object per line ("events"):
//   {"event":"device","id":"{6BDD1FC6-…}\\0001","name":"…","manufacturer":"…"}
//   {"event":"capabilities", …}
//   {"event":"page","index":0,"path":"C:\\…\\page-0000.png","formatId":"{B96B3CAF-…}","dpi":200}
//   {"event":"error","hresults":[-2146233087,-2145320957],"message":"…"}
//   {"event":"done","pages":3}
// Pages are saved to a temp dir by the script, announced as soon as each Transfer() returns, and
// read (then deleted) by the backend, so a feeder batch is yielded page by page.
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ProcessStream, runCommand } from './sane.ts';
import { ScanError, type RawPage, type ScannerBackend, type ScanErrorCode, type ScanProgress, type ScanRequest } from './types.ts';
import { COLOR_MODES, type ColorMode, type ScanCapabilities, type ScanDevice, type ScanSource } from '#preload/wire/scan.ts';

// ---------------------------------------------------------------------------------------------
// WIA constants (wiadef.h / WIA Automation Layer documentation)

export const WIA_PROP = {
  /** WIA_DIP_VEND_DESC (device info) */
  VEND_DESC: 3,
  /** WIA_DIP_DEV_NAME (device info) */
  DEV_NAME: 7,
  /** WIA_DPS_HORIZONTAL_BED_SIZE, thousandths of an inch */
  HORIZONTAL_BED_SIZE: 3074,
  VERTICAL_BED_SIZE: 3075,
  /** WIA_DPS_HORIZONTAL_SHEET_FEED_SIZE, thousandths of an inch */
  HORIZONTAL_SHEET_FEED_SIZE: 3076,
  VERTICAL_SHEET_FEED_SIZE: 3077,
  /** WIA_DPS_DOCUMENT_HANDLING_CAPABILITIES */
  DOCUMENT_HANDLING_CAPABILITIES: 3086,
  /** WIA_DPS_DOCUMENT_HANDLING_STATUS */
  DOCUMENT_HANDLING_STATUS: 3087,
  /** WIA_DPS_DOCUMENT_HANDLING_SELECT */
  DOCUMENT_HANDLING_SELECT: 3088,
  /** WIA_DPS_PAGES */
  PAGES: 3096,
  /** WIA_IPA_DATATYPE */
  DATATYPE: 4103,
  /** WIA_IPS_CUR_INTENT (colour intent) */
  CUR_INTENT: 6146,
  /** WIA_IPS_XRES / WIA_IPS_YRES */
  XRES: 6147,
  YRES: 6148,
  /** WIA_IPS_XPOS / YPOS / XEXTENT / YEXTENT, pixels */
  XPOS: 6149,
  YPOS: 6150,
  XEXTENT: 6151,
  YEXTENT: 6152,
} as const;

/** WIA_DPS_DOCUMENT_HANDLING_SELECT / _CAPABILITIES bits. */
export const HANDLING = { FEEDER: 1, FLATBED: 2, DUPLEX: 4 } as const;
/** WIA_DPS_DOCUMENT_HANDLING_STATUS bits. */
export const HANDLING_STATUS = { FEED_READY: 1, FLAT_READY: 2, DUP_READY: 4, FLAT_COVER_UP: 8, PATH_COVER_UP: 0x10, PAPER_JAM: 0x20 } as const;
/** WIA_IPS_CUR_INTENT values. */
export const INTENT: Record<ColorMode, number> = { color: 1, gray: 2, bw: 4 };
/** WIA_IPA_DATATYPE values. */
const DATATYPE: Record<number, ColorMode> = { 0: 'bw', 2: 'gray', 3: 'color' };

export const WIA_FORMAT = {
  bmp: '{B96B3CAB-0728-11D3-9D7B-0000F81EF32E}',
  jpeg: '{B96B3CAE-0728-11D3-9D7B-0000F81EF32E}',
  png: '{B96B3CAF-0728-11D3-9D7B-0000F81EF32E}',
  tiff: '{B96B3CB1-0728-11D3-9D7B-0000F81EF32E}',
} as const;
export type WiaImageFormat = 'png' | 'jpeg' | 'tiff';

const COMMON_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

// ---------------------------------------------------------------------------------------------
// Errors

/** WIA HRESULTs (wia.h / WIA error codes documentation) → ScanError codes. */
export const WIA_HRESULTS: Record<number, { name: string; code: ScanErrorCode }> = {
  0x80210001: { name: 'WIA_ERROR_GENERAL_ERROR', code: 'device' },
  0x80210002: { name: 'WIA_ERROR_PAPER_JAM', code: 'jam' },
  0x80210003: { name: 'WIA_ERROR_PAPER_EMPTY', code: 'feeder-empty' },
  0x80210004: { name: 'WIA_ERROR_PAPER_PROBLEM', code: 'jam' },
  0x80210005: { name: 'WIA_ERROR_OFFLINE', code: 'unplugged' },
  0x80210006: { name: 'WIA_ERROR_BUSY', code: 'busy' },
  0x80210007: { name: 'WIA_ERROR_WARMING_UP', code: 'busy' },
  0x80210008: { name: 'WIA_ERROR_USER_INTERVENTION', code: 'device' },
  0x80210009: { name: 'WIA_ERROR_ITEM_DELETED', code: 'unplugged' },
  0x8021000a: { name: 'WIA_ERROR_DEVICE_COMMUNICATION', code: 'unplugged' },
  0x8021000b: { name: 'WIA_ERROR_INVALID_COMMAND', code: 'unsupported' },
  0x8021000c: { name: 'WIA_ERROR_INCORRECT_HARDWARE_SETTING', code: 'unsupported' },
  0x8021000d: { name: 'WIA_ERROR_DEVICE_LOCKED', code: 'busy' },
  0x8021000e: { name: 'WIA_ERROR_EXCEPTION_IN_DRIVER', code: 'device' },
  0x8021000f: { name: 'WIA_ERROR_INVALID_DRIVER_RESPONSE', code: 'device' },
  0x80210015: { name: 'WIA_S_NO_DEVICE_AVAILABLE', code: 'not-found' },
  0x80210016: { name: 'WIA_ERROR_COVER_OPEN', code: 'cover-open' },
  0x80210017: { name: 'WIA_ERROR_LAMP_OFF', code: 'device' },
  0x80210020: { name: 'WIA_ERROR_MULTI_FEED', code: 'jam' },
  0x80070057: { name: 'E_INVALIDARG', code: 'unsupported' },
  0x800704c7: { name: 'HRESULT_FROM_WIN32(ERROR_CANCELLED)', code: 'cancelled' },
  0x80040154: { name: 'REGDB_E_CLASSNOTREG (WIA not available)', code: 'unsupported' },
};

/** Accepts an HRESULT as a signed 32-bit number (what .NET reports), unsigned, or "0x…" text. */
export function normalizeHResult(hr: number | string): number {
  const n = typeof hr === 'string' ? Number(hr.trim().toLowerCase().startsWith('0x') ? hr.trim() : Number(hr)) : hr;
  return Number.isFinite(n) ? n >>> 0 : 0;
}

const hex = (n: number): string => `0x${n.toString(16).toUpperCase().padStart(8, '0')}`;

/**
 * The ScanError for a chain of HRESULTs (PowerShell wraps COM errors: MethodInvocationException →
 * COMException): the first WIA-facility code wins, else the first known one, else 'device'.
 */
export function wiaError(hresults: Array<number | string>, message?: string): ScanError {
  const codes = hresults.map(normalizeHResult);
  const wia = codes.find((c) => c >>> 16 === 0x8021);
  const known = wia ?? codes.find((c) => WIA_HRESULTS[c] !== undefined);
  const chosen = known ?? codes[codes.length - 1];
  const entry = chosen !== undefined ? WIA_HRESULTS[chosen] : undefined;
  const detail = [chosen !== undefined ? `${entry?.name ?? 'HRESULT'} ${hex(chosen)}` : null, message?.trim() || null].filter(Boolean).join(': ');
  return new ScanError(entry?.code ?? 'device', detail || undefined);
}

// ---------------------------------------------------------------------------------------------
// Script building

/** A PowerShell single-quoted literal (PowerShell also treats ‘ ’ ‚ ‛ as single quotes). */
export function psString(s: string): string {
  return `'${s.replace(/['\u2018\u2019\u201A\u201B]/g, '$&$&')}'`;
}

const PRELUDE = String.raw`$ErrorActionPreference = 'Stop'
[Console]::OutputEncoding = New-Object System.Text.UTF8Encoding $false
function Emit($o) { [Console]::Out.WriteLine(($o | ConvertTo-Json -Compress -Depth 5)); [Console]::Out.Flush() }
function Fail($err) {
  $hr = @(); $x = $err.Exception
  while ($x) { $hr += $x.HResult; $x = $x.InnerException }
  Emit @{ event = 'error'; hresults = $hr; message = [string]$err.Exception.Message }
}
function Prop($props, $id) { foreach ($p in $props) { if ($p.PropertyID -eq $id) { return $p } }; return $null }
function SetProp($props, $id, $value) { $p = Prop $props $id; if ($p) { $p.Value = $value; return $true }; return $false }
function Connect($id) {
  $dm = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $dm.DeviceInfos) { if ($info.DeviceID -eq $id) { return $info.Connect() } }
  throw (New-Object System.Runtime.InteropServices.COMException 'WIA device not found', -2145320939)
}
function DescribeProp($p) {
  if (-not $p) { return $null }
  $d = @{ value = $p.Value; subType = [int]$p.SubType }
  if ($p.SubType -eq 1) { $d.min = $p.SubTypeMin; $d.max = $p.SubTypeMax; $d.step = $p.SubTypeStep }
  elseif ($p.SubType -eq 2 -or $p.SubType -eq 3) { $d.values = @(foreach ($v in $p.SubTypeValues) { $v }) }
  return $d
}
`;

/** Enumerates scanners (WiaDeviceType ScannerDeviceType = 1). */
export function buildListScript(): string {
  return (
    PRELUDE +
    String.raw`try {
  $dm = New-Object -ComObject WIA.DeviceManager
  foreach ($info in $dm.DeviceInfos) {
    if ($info.Type -eq 1) {
      $name = (Prop $info.Properties ${WIA_PROP.DEV_NAME}).Value
      $maker = (Prop $info.Properties ${WIA_PROP.VEND_DESC}).Value
      Emit @{ event = 'device'; id = [string]$info.DeviceID; name = [string]$name; manufacturer = [string]$maker }
    }
  }
  Emit @{ event = 'done' }
} catch { Fail $_ }
`
  );
}

export function buildCapabilitiesScript(wiaDeviceId: string): string {
  return (
    PRELUDE +
    String.raw`try {
  $dev = Connect ${psString(wiaDeviceId)}
  $dp = $dev.Properties
  $ip = $dev.Items.Item(1).Properties
  Emit @{
    event = 'capabilities'
    handlingCaps = (Prop $dp ${WIA_PROP.DOCUMENT_HANDLING_CAPABILITIES}).Value
    bedWidth = (Prop $dp ${WIA_PROP.HORIZONTAL_BED_SIZE}).Value
    bedHeight = (Prop $dp ${WIA_PROP.VERTICAL_BED_SIZE}).Value
    sheetWidth = (Prop $dp ${WIA_PROP.HORIZONTAL_SHEET_FEED_SIZE}).Value
    sheetHeight = (Prop $dp ${WIA_PROP.VERTICAL_SHEET_FEED_SIZE}).Value
    xres = DescribeProp (Prop $ip ${WIA_PROP.XRES})
    intent = DescribeProp (Prop $ip ${WIA_PROP.CUR_INTENT})
    dataType = DescribeProp (Prop $ip ${WIA_PROP.DATATYPE})
  }
  Emit @{ event = 'done' }
} catch { Fail $_ }
`
  );
}

export interface WiaScanPlan {
  handling: number;
  intent: number;
  dpi: number;
  /** Scan area in pixels at dpi; null: the item's maximum extent. */
  extentPx: { width: number; height: number } | null;
  formatId: string;
  ext: string;
  feeder: boolean;
}

export function planScan(request: ScanRequest, format: WiaImageFormat = 'png'): WiaScanPlan {
  const handling = request.source === 'flatbed' ? HANDLING.FLATBED : request.source === 'feeder' ? HANDLING.FEEDER : HANDLING.FEEDER | HANDLING.DUPLEX;
  const px = (mm: number): number => Math.floor((mm / 25.4) * request.dpi);
  return {
    handling,
    intent: INTENT[request.mode],
    dpi: request.dpi,
    extentPx: request.area ? { width: px(request.area.widthMm), height: px(request.area.heightMm) } : null,
    formatId: WIA_FORMAT[format],
    ext: format === 'jpeg' ? 'jpg' : format === 'tiff' ? 'tif' : 'png',
    feeder: request.source !== 'flatbed',
  };
}

/**
 * The scan script: selects the source (3088, and 3096 = 1 page per Transfer for feeders), sets
 * intent (6146, first: it resets other item properties), resolution (6147/6148) and extent
 * (6149–6152), then calls Transfer until the feeder is empty (flatbed: once). Each page is saved
 * and announced right away; a driver that ignores the format is converted with WIA.ImageProcess.
 */
export function buildScanScript(wiaDeviceId: string, request: ScanRequest, outDir: string, format: WiaImageFormat = 'png'): string {
  const plan = planScan(request, format);
  const P = WIA_PROP;
  const extent = plan.extentPx
    ? `[void](SetProp $ip ${P.XEXTENT} ${plan.extentPx.width}); [void](SetProp $ip ${P.YEXTENT} ${plan.extentPx.height})`
    : `foreach ($eid in @(${P.XEXTENT}, ${P.YEXTENT})) { $e = Prop $ip $eid; if ($e -and $e.SubType -eq 1) { $e.Value = $e.SubTypeMax } }`;
  return (
    PRELUDE +
    String.raw`try {
  $outDir = ${psString(outDir)}
  $fmt = '${plan.formatId}'
  $feeder = $${plan.feeder ? 'true' : 'false'}
  $dev = Connect ${psString(wiaDeviceId)}
  $dp = $dev.Properties
  $sel = Prop $dp ${P.DOCUMENT_HANDLING_SELECT}
  if ($sel) { $sel.Value = ${plan.handling} } elseif ($feeder) { throw (New-Object System.Runtime.InteropServices.COMException 'no document feeder', -2145320949) }
  ${plan.feeder ? `[void](SetProp $dp ${P.PAGES} 1)` : '# flatbed: no page count'}
  $item = $dev.Items.Item(1)
  $ip = $item.Properties
  [void](SetProp $ip ${P.CUR_INTENT} ${plan.intent})
  [void](SetProp $ip ${P.XRES} ${plan.dpi})
  [void](SetProp $ip ${P.YRES} ${plan.dpi})
  [void](SetProp $ip ${P.XPOS} 0)
  [void](SetProp $ip ${P.YPOS} 0)
  ${extent}
  $i = 0
  while ($true) {
    if ($feeder -and $i -gt 0) {
      $st = Prop $dp ${P.DOCUMENT_HANDLING_STATUS}
      if ($st -and (($st.Value -band ${HANDLING_STATUS.FEED_READY}) -eq 0)) { break }
    }
    try { $img = $item.Transfer($fmt) }
    catch {
      $empty = $false; $x = $_.Exception
      while ($x) { if ($x.HResult -eq -2145320957) { $empty = $true }; $x = $x.InnerException }
      if ($feeder -and $i -gt 0 -and $empty) { break }
      throw
    }
    if ($img.FormatID -ne $fmt) {
      $proc = New-Object -ComObject WIA.ImageProcess
      $proc.Filters.Add($proc.FilterInfos.Item('Convert').FilterID)
      $proc.Filters.Item(1).Properties.Item('FormatID').Value = $fmt
      $img = $proc.Apply($img)
    }
    $path = Join-Path $outDir ('page-{0:D4}.${plan.ext}' -f $i)
    $img.SaveFile($path)
    Emit @{ event = 'page'; index = $i; path = $path; formatId = [string]$img.FormatID; dpi = $img.HorizontalResolution }
    $i++
    if (-not $feeder) { break }
  }
  Emit @{ event = 'done'; pages = $i }
} catch { Fail $_ }
`
  );
}

/**
 * What goes to `powershell -Command -` on stdin: one line that decodes and runs the script.
 * (With "-Command -" PowerShell reads stdin line by line, where multi-line blocks are fragile,
 * and the console code page would mangle non-ASCII text; base64 of UTF-8 avoids both.)
 */
export function stdinFor(script: string): string {
  const b64 = Buffer.from(script, 'utf8').toString('base64');
  return `& ([ScriptBlock]::Create([Text.Encoding]::UTF8.GetString([Convert]::FromBase64String('${b64}'))))\n`;
}

export const POWERSHELL_ARGS = ['-NoProfile', '-NonInteractive', '-Command', '-'];

// ---------------------------------------------------------------------------------------------
// Output parsing

export type WiaEvent =
  | { event: 'device'; id: string; name?: string; manufacturer?: string }
  | { event: 'capabilities'; [k: string]: unknown }
  | { event: 'page'; index: number; path: string; formatId?: string; dpi?: number }
  | { event: 'error'; hresults: Array<number | string>; message?: string }
  | { event: 'done'; pages?: number };

/** One stdout line → event; null for anything else (PowerShell noise, blank lines). */
export function parseEventLine(line: string): WiaEvent | null {
  const t = line.trim().replace(/^\uFEFF/, '');
  if (!t.startsWith('{')) return null;
  try {
    const o = JSON.parse(t) as Record<string, unknown>;
    if (typeof o.event !== 'string') return null;
    if (o.event === 'error') {
      const raw = o.hresults;
      const hresults = Array.isArray(raw) ? (raw as Array<number | string>) : raw !== undefined && raw !== null ? [raw as number | string] : [];
      return { event: 'error', hresults, message: typeof o.message === 'string' ? o.message : undefined };
    }
    return o as WiaEvent;
  } catch {
    return null;
  }
}

export function parseEvents(stdout: string): WiaEvent[] {
  return stdout
    .split(/\r?\n/)
    .map(parseEventLine)
    .filter((e): e is WiaEvent => e !== null);
}

function firstError(events: WiaEvent[]): ScanError | null {
  const e = events.find((x): x is Extract<WiaEvent, { event: 'error' }> => x.event === 'error');
  return e ? wiaError(e.hresults, e.message) : null;
}

export function parseListOutput(stdout: string): ScanDevice[] {
  const events = parseEvents(stdout);
  const err = firstError(events);
  if (err) throw err;
  return events
    .filter((e): e is Extract<WiaEvent, { event: 'device' }> => e.event === 'device' && typeof (e as { id?: unknown }).id === 'string')
    .map((e) => ({
      id: `wia:${e.id}`,
      backend: 'wia' as const,
      name:
        [e.manufacturer, e.name]
          .filter((s) => s && s.trim())
          .join(' ')
          .trim() || e.id,
    }));
}

interface WiaPropDesc {
  value?: unknown;
  subType?: number;
  min?: number;
  max?: number;
  step?: number;
  values?: unknown[];
}

const thousandthsInchToMm = (v: unknown): number => (typeof v === 'number' && v > 0 ? Math.round((v * 25.4) / 100) / 10 : 0);

export function parseCapabilitiesOutput(stdout: string): ScanCapabilities {
  const events = parseEvents(stdout);
  const err = firstError(events);
  if (err) throw err;
  const c = events.find((e) => e.event === 'capabilities') as Record<string, unknown> | undefined;
  if (!c) throw new ScanError('device', 'WIA: no capabilities in output');

  const caps = typeof c.handlingCaps === 'number' ? c.handlingCaps : HANDLING.FLATBED;
  const sources: ScanSource[] = [];
  if (caps & HANDLING.FLATBED) sources.push('flatbed');
  if (caps & HANDLING.FEEDER) sources.push('feeder');
  if (caps & HANDLING.DUPLEX && caps & HANDLING.FEEDER) sources.push('duplex');

  const modes = new Set<ColorMode>();
  const intent = c.intent as WiaPropDesc | null | undefined;
  const dataType = c.dataType as WiaPropDesc | null | undefined;
  if (dataType?.values?.length) {
    for (const v of dataType.values) if (typeof v === 'number' && DATATYPE[v]) modes.add(DATATYPE[v]);
  } else if (intent?.subType === 3 && intent.values?.length) {
    const flags = intent.values.filter((v): v is number => typeof v === 'number').reduce((a, b) => a | b, 0);
    for (const m of COLOR_MODES) if (flags & INTENT[m]) modes.add(m);
  }
  if (modes.size === 0) for (const m of COLOR_MODES) modes.add(m);

  const xres = c.xres as WiaPropDesc | null | undefined;
  let resolutions: number[] = [];
  if (xres?.subType === 2 && xres.values) resolutions = xres.values.filter((v): v is number => typeof v === 'number' && v > 0);
  else if (xres?.subType === 1 && typeof xres.min === 'number' && typeof xres.max === 'number') {
    const { min, max, step } = xres as { min: number; max: number; step?: number };
    resolutions = COMMON_DPI.filter((d) => d >= min && d <= max && (!step || step <= 1 || (d - min) % step === 0));
  } else if (typeof xres?.value === 'number') resolutions = [xres.value];
  resolutions = [...new Set(resolutions.map((r) => Math.round(r)))].sort((a, b) => a - b);

  return {
    sources: sources.length ? sources : ['flatbed'],
    modes: COLOR_MODES.filter((m) => modes.has(m)),
    resolutions,
    maxWidthMm: Math.max(thousandthsInchToMm(c.bedWidth), thousandthsInchToMm(c.sheetWidth)),
    maxHeightMm: Math.max(thousandthsInchToMm(c.bedHeight), thousandthsInchToMm(c.sheetHeight)),
  };
}

export function formatFromId(formatId: string | undefined): RawPage['format'] | null {
  const id = (formatId ?? '').toUpperCase();
  for (const [name, guid] of Object.entries(WIA_FORMAT)) if (guid === id && name !== 'bmp') return name as WiaImageFormat;
  return null;
}

// ---------------------------------------------------------------------------------------------
// The backend

export interface WiaBackendOptions {
  /** Defaults to process.platform; the backend is live only on 'win32'. */
  platform?: NodeJS.Platform;
  /** The PowerShell command and its arguments. Default powershell.exe -NoProfile -NonInteractive -Command -. */
  command?: { file: string; args: string[] };
  /** Page encoding asked from WIA. Default 'png'. */
  format?: WiaImageFormat;
  listTtlMs?: number;
  tmpDir?: string;
  probeTimeoutMs?: number;
  killGraceMs?: number;
}

const PREFIX = 'wia:';

export class WiaBackend implements ScannerBackend {
  readonly kind = 'wia' as const;
  private readonly platform: NodeJS.Platform;
  private readonly command: { file: string; args: string[] };
  private readonly format: WiaImageFormat;
  private readonly opts: WiaBackendOptions;
  private listCache: { at: number; value: ScanDevice[] } | null = null;
  private readonly capsCache = new Map<string, ScanCapabilities>();

  constructor(options: WiaBackendOptions = {}) {
    this.opts = options;
    this.platform = options.platform ?? process.platform;
    this.command = options.command ?? { file: 'powershell.exe', args: POWERSHELL_ARGS };
    this.format = options.format ?? 'png';
  }

  private get live(): boolean {
    return this.platform === 'win32';
  }

  private async runScript(script: string): Promise<string> {
    try {
      const r = await runCommand(this.command.file, this.command.args, { input: stdinFor(script), timeoutMs: this.opts.probeTimeoutMs ?? 60_000 });
      if (r.code !== 0 && !parseEvents(r.stdout).some((e) => e.event === 'error')) {
        throw new ScanError('device', `PowerShell exit ${r.code}: ${r.stderr.trim().slice(0, 300)}`);
      }
      return r.stdout;
    } catch (e) {
      if (e instanceof ScanError) throw e;
      throw new ScanError('unsupported', `PowerShell: ${(e as Error).message}`);
    }
  }

  async list(): Promise<ScanDevice[]> {
    if (!this.live) return [];
    if (this.listCache && Date.now() - this.listCache.at < (this.opts.listTtlMs ?? 60_000)) return this.listCache.value;
    const value = parseListOutput(await this.runScript(buildListScript()));
    this.listCache = { at: Date.now(), value };
    return value;
  }

  invalidate(): void {
    this.listCache = null;
    this.capsCache.clear();
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    if (!this.live) throw new ScanError('unsupported', 'WIA needs Windows');
    const id = wiaName(deviceId);
    const cached = this.capsCache.get(id);
    if (cached) return cached;
    const caps = parseCapabilitiesOutput(await this.runScript(buildCapabilitiesScript(id)));
    this.capsCache.set(id, caps);
    return caps;
  }

  scan(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncIterable<RawPage> {
    return this.scanPages(deviceId, request, signal, onProgress);
  }

  private async *scanPages(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncGenerator<RawPage> {
    if (!this.live) throw new ScanError('unsupported', 'WIA needs Windows');
    if (signal.aborted) throw new ScanError('cancelled');
    const id = wiaName(deviceId);
    const dir = await mkdtemp(join(this.opts.tmpDir ?? tmpdir(), 'mcd-wia-'));
    let proc: ProcessStream | null = null;
    const onAbort = (): void => proc?.push({ type: 'abort' });
    const grace = this.opts.killGraceMs ?? 2000;
    try {
      proc = new ProcessStream(this.command.file, this.command.args, { input: stdinFor(buildScanScript(id, request, dir, this.format)) });
      signal.addEventListener('abort', onAbort, { once: true });
      if (signal.aborted) onAbort();
      let index = 0;
      let stderr = '';
      let failure: ScanError | null = null;
      let finished = false;
      for (;;) {
        const ev = await proc.next();
        if (ev.type === 'abort') {
          await proc.stop(grace);
          throw new ScanError('cancelled');
        }
        if (ev.type === 'error') throw new ScanError('unsupported', `PowerShell: ${ev.error.message}`);
        if (ev.type === 'stderr') {
          stderr = (stderr + ev.text).slice(-8192);
          continue;
        }
        if (ev.type === 'line') {
          const e = parseEventLine(ev.line);
          if (!e) continue;
          if (e.event === 'error') failure = wiaError(e.hresults, e.message);
          if (e.event === 'done') finished = true;
          if (e.event !== 'page') continue;
          const format = formatFromId(e.formatId) ?? (e.formatId ? null : this.format);
          if (!format) throw new ScanError('unsupported', `WIA image format ${e.formatId}`);
          const data = await readFile(e.path);
          await rm(e.path, { force: true });
          const page: RawPage = {
            index: index++,
            data: new Uint8Array(data.buffer, data.byteOffset, data.byteLength),
            format,
            dpi: typeof e.dpi === 'number' && e.dpi > 0 ? Math.round(e.dpi) : request.dpi,
            mode: request.mode,
          };
          onProgress?.({ pagesDone: index });
          if (signal.aborted) {
            await proc.stop(grace);
            throw new ScanError('cancelled');
          }
          yield page;
          continue;
        }
        // close
        if (signal.aborted) throw new ScanError('cancelled');
        if (failure) throw failure;
        if (!finished) throw new ScanError('device', `PowerShell exit ${ev.code}: ${stderr.trim().slice(0, 300)}`);
        if (index === 0) throw new ScanError(request.source === 'flatbed' ? 'device' : 'feeder-empty', 'no page delivered');
        return;
      }
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (proc) await proc.stop(grace);
      await rm(dir, { recursive: true, force: true });
    }
  }
}

function wiaName(deviceId: string): string {
  if (!deviceId.startsWith(PREFIX) || deviceId.length === PREFIX.length) throw new ScanError('not-found', deviceId);
  return deviceId.slice(PREFIX.length);
}
