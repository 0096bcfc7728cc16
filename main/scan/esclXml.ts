// eSCL XML: ScannerCapabilities and ScannerStatus parsing, ScanSettings building.
// Namespaces (Mopria eSCL): pwg = http://www.pwg.org/schemas/2010/12/sm,
// scan = http://schemas.hp.com/imaging/escl/2011/05/03. Devices choose their own prefixes (HP
// uses default namespaces), so parsing drops prefixes and matches local names.
import { XMLParser } from 'fast-xml-parser';
import { COLOR_MODES, SCAN_SOURCES, type ColorMode, type ScanCapabilities, type ScanSource } from '#preload/wire/scan.ts';

export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';
export const SCAN_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';

export type EsclColorMode = 'RGB24' | 'Grayscale8' | 'BlackAndWhite1';

export const ESCL_COLOR_MODE: Record<ColorMode, EsclColorMode> = {
  color: 'RGB24',
  gray: 'Grayscale8',
  bw: 'BlackAndWhite1',
};

/** What one input (platen, simplex feeder, duplex feeder) can do. Sizes in 1/300 inch. */
export interface EsclSourceCaps {
  maxWidth: number;
  maxHeight: number;
  modes: ColorMode[];
  resolutions: number[];
  /** MIME types, lower case, from pwg:DocumentFormat and scan:DocumentFormatExt. */
  formats: string[];
  /** The device lists scan:DocumentFormatExt, so it expects that element in ScanSettings. */
  formatExt: boolean;
}

export interface EsclCapabilities {
  version: string;
  makeAndModel: string;
  uuid?: string;
  sources: Partial<Record<ScanSource, EsclSourceCaps>>;
}

export interface EsclJobInfo {
  uri: string;
  state: string;
  reasons: string[];
}

export interface EsclStatus {
  /** pwg:State: Idle, Processing, Testing, Stopped, Down. */
  state: string;
  /** scan:AdfState, e.g. ScannerAdfLoaded, ScannerAdfEmpty, ScannerAdfJam, ScannerAdfHatchOpen. */
  adfState?: string;
  jobs: EsclJobInfo[];
}

const ARRAYS = new Set(['ColorMode', 'DocumentFormat', 'DocumentFormatExt', 'DiscreteResolution', 'SettingProfile', 'JobInfo', 'JobStateReason', 'AdfOption']);

const parser = new XMLParser({
  removeNSPrefix: true,
  ignoreAttributes: true,
  parseTagValue: false,
  trimValues: true,
  isArray: (name) => ARRAYS.has(name),
});

type Node = Record<string, unknown>;

function obj(v: unknown): Node | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Node) : undefined;
}

function arr(v: unknown): unknown[] {
  return v === undefined || v === null ? [] : Array.isArray(v) ? v : [v];
}

function text(v: unknown): string {
  if (typeof v === 'string') return v.trim();
  if (typeof v === 'number') return String(v);
  const o = obj(v);
  if (o && typeof o['#text'] === 'string') return o['#text'].trim();
  return '';
}

function int(v: unknown): number {
  const n = Number.parseInt(text(v), 10);
  return Number.isFinite(n) ? n : 0;
}

/** Common resolutions offered when a device gives a range instead of a list. */
const STANDARD_DPI = [75, 100, 150, 200, 240, 300, 400, 600, 1200];

function parseResolutions(supported: Node | undefined): number[] {
  const found = new Set<number>();
  const discrete = obj(supported?.DiscreteResolutions);
  for (const r of arr(discrete?.DiscreteResolution)) {
    const x = int(obj(r)?.XResolution);
    const y = int(obj(r)?.YResolution) || x;
    if (x > 0 && x === y) found.add(x);
  }
  if (found.size === 0) {
    const range = obj(supported?.ResolutionRange);
    const xr = obj(range?.XResolution);
    if (xr) {
      const min = int(xr.Min);
      const max = int(xr.Max);
      const step = Math.max(1, int(xr.Step));
      for (const d of STANDARD_DPI) if (d >= min && d <= max && (d - min) % step === 0) found.add(d);
      if (found.size === 0 && max > 0) found.add(max);
    }
  }
  return [...found].sort((a, b) => a - b);
}

function parseSource(node: unknown): EsclSourceCaps | undefined {
  const n = obj(node);
  if (!n) return undefined;
  const modes = new Set<ColorMode>();
  const resolutions = new Set<number>();
  const formats = new Set<string>();
  let formatExt = false;
  for (const p of arr(obj(n.SettingProfiles)?.SettingProfile)) {
    const profile = obj(p);
    if (!profile) continue;
    for (const m of arr(obj(profile.ColorModes)?.ColorMode)) {
      const v = text(m);
      if (v === 'RGB24' || v === 'RGB48') modes.add('color');
      else if (v === 'Grayscale8' || v === 'Grayscale16') modes.add('gray');
      else if (v === 'BlackAndWhite1') modes.add('bw');
    }
    const docs = obj(profile.DocumentFormats);
    for (const f of arr(docs?.DocumentFormat)) formats.add(text(f).toLowerCase());
    for (const f of arr(docs?.DocumentFormatExt)) {
      formats.add(text(f).toLowerCase());
      formatExt = true;
    }
    for (const r of parseResolutions(obj(profile.SupportedResolutions))) resolutions.add(r);
  }
  return {
    maxWidth: int(n.MaxWidth),
    maxHeight: int(n.MaxHeight),
    modes: COLOR_MODES.filter((m) => modes.has(m)),
    resolutions: [...resolutions].sort((a, b) => a - b),
    formats: [...formats].filter(Boolean),
    formatExt,
  };
}

export function parseCapabilities(xml: string): EsclCapabilities {
  const doc = obj(parser.parse(xml));
  const root = obj(doc?.ScannerCapabilities);
  if (!root) throw new Error('not a ScannerCapabilities document');
  const sources: EsclCapabilities['sources'] = {};
  const platen = parseSource(obj(root.Platen)?.PlatenInputCaps);
  if (platen) sources.flatbed = platen;
  const adf = obj(root.Adf);
  const simplex = parseSource(adf?.AdfSimplexInputCaps);
  const duplex = parseSource(adf?.AdfDuplexInputCaps);
  if (simplex) sources.feeder = simplex;
  if (duplex) sources.duplex = duplex;
  // Older devices describe duplex as an AdfOption of the simplex feeder.
  else if (simplex && arr(obj(adf?.AdfOptions)?.AdfOption).some((o) => text(o) === 'Duplex')) sources.duplex = simplex;
  const uuid = text(root.UUID);
  return {
    version: text(root.Version) || '2.0',
    makeAndModel: text(root.MakeAndModel) || text(root.ModelName) || 'eSCL scanner',
    ...(uuid ? { uuid } : {}),
    sources,
  };
}

const mmFrom300 = (v: number) => Math.round((v * 25.4 * 10) / 300) / 10;

/** The app-facing summary: what any source can do. */
export function summarizeCapabilities(caps: EsclCapabilities): ScanCapabilities {
  const present = SCAN_SOURCES.filter((s) => caps.sources[s]);
  const all = present.map((s) => caps.sources[s]!);
  return {
    sources: present,
    modes: COLOR_MODES.filter((m) => all.some((c) => c.modes.includes(m))),
    resolutions: [...new Set(all.flatMap((c) => c.resolutions))].sort((a, b) => a - b),
    maxWidthMm: mmFrom300(Math.max(0, ...all.map((c) => c.maxWidth))),
    maxHeightMm: mmFrom300(Math.max(0, ...all.map((c) => c.maxHeight))),
  };
}

export function parseStatus(xml: string): EsclStatus {
  const doc = obj(parser.parse(xml));
  const root = obj(doc?.ScannerStatus);
  if (!root) throw new Error('not a ScannerStatus document');
  const adf = text(root.AdfState);
  const jobs = arr(obj(root.Jobs)?.JobInfo).flatMap((j) => {
    const o = obj(j);
    if (!o) return [];
    return [
      {
        uri: text(o.JobUri),
        state: text(o.JobState),
        reasons: arr(obj(o.JobStateReasons)?.JobStateReason).map(text),
      },
    ];
  });
  return { state: text(root.State) || 'Unknown', ...(adf ? { adfState: adf } : {}), jobs };
}

export interface ScanSettingsInput {
  version: string;
  source: ScanSource;
  mode: EsclColorMode;
  dpi: number;
  /** 1/300 inch. */
  width: number;
  height: number;
  format: string;
  formatExt: boolean;
}

/** ScanSettings in the shape sane-airscan sends, which real devices accept. */
export function buildScanSettings(s: ScanSettingsInput): string {
  const feeder = s.source !== 'flatbed';
  return (
    `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanSettings xmlns:scan="${SCAN_NS}" xmlns:pwg="${PWG_NS}">
<pwg:Version>${s.version}</pwg:Version>
<pwg:ScanRegions><pwg:ScanRegion>` +
    `<pwg:ContentRegionUnits>escl:ThreeHundredthsOfInches</pwg:ContentRegionUnits>` +
    `<pwg:XOffset>0</pwg:XOffset><pwg:YOffset>0</pwg:YOffset>` +
    `<pwg:Width>${Math.round(s.width)}</pwg:Width><pwg:Height>${Math.round(s.height)}</pwg:Height>` +
    `</pwg:ScanRegion></pwg:ScanRegions>
<pwg:InputSource>${feeder ? 'Feeder' : 'Platen'}</pwg:InputSource>
<scan:ColorMode>${s.mode}</scan:ColorMode>
<pwg:DocumentFormat>${s.format}</pwg:DocumentFormat>
${s.formatExt ? `<scan:DocumentFormatExt>${s.format}</scan:DocumentFormatExt>\n` : ''}<scan:XResolution>${s.dpi}</scan:XResolution>
<scan:YResolution>${s.dpi}</scan:YResolution>
${feeder ? `<scan:Duplex>${s.source === 'duplex'}</scan:Duplex>\n` : ''}</scan:ScanSettings>
`
  );
}
