// An eSCL (AirScan) scanner simulator for tests and for people without a network scanner.
// Speaks the protocol as published by Mopria and as real clients (sane-airscan, NAPS2) use it:
//   GET    /eSCL/ScannerCapabilities
//   GET    /eSCL/ScannerStatus
//   POST   /eSCL/ScanJobs                  → 201 + Location: /eSCL/ScanJobs/{uuid}
//   GET    /eSCL/ScanJobs/{uuid}/NextDocument → 200 image | 404 no more pages | 503 not ready
//   DELETE /eSCL/ScanJobs/{uuid}
// Hardware trouble is reported the way devices do: the failing request gets 409 Conflict (or
// 503 + Retry-After when merely busy) and ScannerStatus says why (AdfState ScannerAdfEmpty,
// ScannerAdfJam, ScannerAdfHatchOpen; State Processing). Clients read ScannerStatus after a
// failure, which is exactly what sane-airscan does.
//
// Binds to 127.0.0.1 only. CLI:
//   node --import tsx tests/scanner/esclSimulator.ts --port 8090 --pages 5 [--jam-after 2]
//     [--feeder-empty] [--cover-open] [--busy 2] [--page-delay 500] [--drop-at 1] [--not-ready 1] [--send-dpi 300]
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { randomUUID } from 'node:crypto';
import { pathToFileURL } from 'node:url';
import { XMLParser } from 'fast-xml-parser';
import sharp from 'sharp';

export const PWG_NS = 'http://www.pwg.org/schemas/2010/12/sm';
export const SCAN_NS = 'http://schemas.hp.com/imaging/escl/2011/05/03';

export interface SimulatorFaults {
  /** The feeder holds no paper: a Feeder job is refused with 409 and AdfState ScannerAdfEmpty. */
  feederEmpty?: boolean;
  /** The next N job creations are answered 503 + Retry-After (State Processing); 'always' never accepts. */
  busy?: number | 'always';
  /** Seconds sent in Retry-After with 503 answers (default 1). */
  retryAfterSec?: number;
  /** Feeder jams after delivering N pages: NextDocument → 409, AdfState ScannerAdfJam, job Aborted. */
  jamAfterPages?: number;
  /** The feeder hatch / cover is open: jobs are refused with 409 and AdfState ScannerAdfHatchOpen. */
  coverOpen?: boolean;
  /** Milliseconds the device takes to produce each page before NextDocument answers. */
  pageDelayMs?: number;
  /** Answer each page's first N NextDocument requests with 503 + Retry-After ("still scanning"). */
  notReadyPolls?: number;
  /** 0-based page index whose transfer is cut mid-body (socket destroyed); the device then goes dark. */
  dropAtPage?: number;
  /** Scans at this resolution whatever was asked (the image carries it), as some devices do. */
  sendDpi?: number;
}

export interface SimulatorOptions {
  port?: number;
  /** Sheets in the feeder for each Feeder job (default 3). Platen jobs always give one page. */
  pages?: number;
  faults?: SimulatorFaults;
  makeAndModel?: string;
  /** Log requests to stderr (the CLI turns this on). */
  verbose?: boolean;
}

export interface ScanSettingsSeen {
  inputSource: 'Platen' | 'Feeder' | 'Camera';
  duplex: boolean;
  colorMode: 'RGB24' | 'Grayscale8' | 'BlackAndWhite1';
  xResolution: number;
  yResolution: number;
  /** Region in 1/300 inch. */
  region: { width: number; height: number; xOffset: number; yOffset: number };
  documentFormat: string;
  raw: string;
}

export type SimulatorEvent =
  | { type: 'capabilities' | 'status' }
  | { type: 'create'; status: number; jobId?: string; settings?: ScanSettingsSeen }
  | { type: 'next'; jobId: string; status: number; page?: number }
  | { type: 'delete'; jobId: string; status: number }
  | { type: 'drop'; jobId: string; page: number };

type JobState = 'Pending' | 'Processing' | 'Completed' | 'Canceled' | 'Aborted';

interface SimJob {
  id: string;
  settings: ScanSettingsSeen;
  /** Pages this job will deliver if nothing goes wrong. */
  total: number;
  delivered: number;
  state: JobState;
  reason: string;
  created: number;
  pollsForCurrentPage: number;
}

/** Platen and feeder limits in 1/300 inch: A4/Letter platen, legal-length feeder. */
const PLATEN_MAX = { width: 2550, height: 3508 };
const ADF_MAX = { width: 2550, height: 4200 };
export const SIM_RESOLUTIONS = [75, 100, 150, 200, 300, 600];
const FORMATS = ['image/jpeg', 'application/pdf', 'image/png'];

function xmlEscape(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;');
}

function inputCaps(max: { width: number; height: number }): string {
  const res = SIM_RESOLUTIONS.map(
    (r) => `<scan:DiscreteResolution><scan:XResolution>${r}</scan:XResolution><scan:YResolution>${r}</scan:YResolution></scan:DiscreteResolution>`,
  ).join('');
  const formats =
    FORMATS.map((f) => `<pwg:DocumentFormat>${f}</pwg:DocumentFormat>`).join('') +
    FORMATS.map((f) => `<scan:DocumentFormatExt>${f}</scan:DocumentFormatExt>`).join('');
  return (
    `<scan:MinWidth>16</scan:MinWidth><scan:MaxWidth>${max.width}</scan:MaxWidth>` +
    `<scan:MinHeight>16</scan:MinHeight><scan:MaxHeight>${max.height}</scan:MaxHeight>` +
    `<scan:MaxScanRegions>1</scan:MaxScanRegions>` +
    `<scan:SettingProfiles><scan:SettingProfile>` +
    `<scan:ColorModes><scan:ColorMode>BlackAndWhite1</scan:ColorMode><scan:ColorMode>Grayscale8</scan:ColorMode><scan:ColorMode>RGB24</scan:ColorMode></scan:ColorModes>` +
    `<scan:ContentTypes><pwg:ContentType>Photo</pwg:ContentType><pwg:ContentType>Text</pwg:ContentType><pwg:ContentType>TextAndPhoto</pwg:ContentType></scan:ContentTypes>` +
    `<scan:DocumentFormats>${formats}</scan:DocumentFormats>` +
    `<scan:SupportedResolutions><scan:DiscreteResolutions>${res}</scan:DiscreteResolutions></scan:SupportedResolutions>` +
    `<scan:ColorSpaces><scan:ColorSpace>sRGB</scan:ColorSpace></scan:ColorSpaces>` +
    `</scan:SettingProfile></scan:SettingProfiles>` +
    `<scan:SupportedIntents><scan:Intent>Document</scan:Intent><scan:Intent>TextAndGraphic</scan:Intent><scan:Intent>Photo</scan:Intent></scan:SupportedIntents>` +
    `<scan:MaxOpticalXResolution>600</scan:MaxOpticalXResolution><scan:MaxOpticalYResolution>600</scan:MaxOpticalYResolution>`
  );
}

export function capabilitiesXml(makeAndModel: string, uuid: string): string {
  return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerCapabilities xmlns:scan="${SCAN_NS}" xmlns:pwg="${PWG_NS}">
<pwg:Version>2.63</pwg:Version>
<pwg:MakeAndModel>${xmlEscape(makeAndModel)}</pwg:MakeAndModel>
<pwg:SerialNumber>SIM-0001</pwg:SerialNumber>
<scan:Manufacturer>MotCua</scan:Manufacturer>
<scan:UUID>${uuid}</scan:UUID>
<scan:Platen><scan:PlatenInputCaps>${inputCaps(PLATEN_MAX)}</scan:PlatenInputCaps></scan:Platen>
<scan:Adf>
<scan:AdfSimplexInputCaps>${inputCaps(ADF_MAX)}</scan:AdfSimplexInputCaps>
<scan:AdfDuplexInputCaps>${inputCaps(ADF_MAX)}</scan:AdfDuplexInputCaps>
<scan:FeederCapacity>50</scan:FeederCapacity>
<scan:AdfOptions><scan:AdfOption>DetectPaperLoaded</scan:AdfOption><scan:AdfOption>Duplex</scan:AdfOption></scan:AdfOptions>
</scan:Adf>
<scan:CompressionFactorSupport><scan:Min>0</scan:Min><scan:Max>100</scan:Max><scan:Normal>25</scan:Normal><scan:Step>1</scan:Step></scan:CompressionFactorSupport>
</scan:ScannerCapabilities>
`;
}

const parser = new XMLParser({ removeNSPrefix: true, ignoreAttributes: true, parseTagValue: false, trimValues: true });

function num(v: unknown, fallback: number): number {
  const n = typeof v === 'string' || typeof v === 'number' ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? n : fallback;
}

/** Parses a ScanSettings document whatever namespace prefixes the client chose. */
export function parseScanSettings(xml: string): ScanSettingsSeen {
  const doc = parser.parse(xml) as Record<string, unknown>;
  const s = doc.ScanSettings as Record<string, unknown> | undefined;
  if (!s || typeof s !== 'object') throw new Error('not a ScanSettings document');
  const source = String(s.InputSource ?? 'Platen');
  if (source !== 'Platen' && source !== 'Feeder' && source !== 'Camera') throw new Error(`bad InputSource ${source}`);
  const colorMode = String(s.ColorMode ?? 'RGB24');
  if (colorMode !== 'RGB24' && colorMode !== 'Grayscale8' && colorMode !== 'BlackAndWhite1') throw new Error(`bad ColorMode ${colorMode}`);
  const x = num(s.XResolution, 300);
  const y = num(s.YResolution, x);
  const max = source === 'Feeder' ? ADF_MAX : PLATEN_MAX;
  const regions = s.ScanRegions as Record<string, unknown> | undefined;
  let regionNode = regions?.ScanRegion as Record<string, unknown> | Record<string, unknown>[] | undefined;
  if (Array.isArray(regionNode)) regionNode = regionNode[0];
  const region = {
    width: Math.min(num(regionNode?.Width, max.width), max.width),
    height: Math.min(num(regionNode?.Height, max.height), max.height),
    xOffset: Number(regionNode?.XOffset ?? 0) || 0,
    yOffset: Number(regionNode?.YOffset ?? 0) || 0,
  };
  const documentFormat = String(s.DocumentFormatExt ?? s.DocumentFormat ?? 'image/jpeg').toLowerCase();
  const duplex = String(s.Duplex ?? 'false').toLowerCase() === 'true';
  return { inputSource: source, duplex, colorMode, xResolution: x, yResolution: y, region, documentFormat, raw: xml };
}

/** A page that looks like a filled-in form: header band, lines of "text", a red seal, a page number. */
export async function renderPage(settings: ScanSettingsSeen, pageNo: number): Promise<{ data: Buffer; contentType: string }> {
  const w = Math.max(1, Math.round((settings.region.width * settings.xResolution) / 300));
  const h = Math.max(1, Math.round((settings.region.height * settings.yResolution) / 300));
  const u = settings.xResolution / 100; // one unit = 1/100 inch
  const parts: string[] = [`<rect width="${w}" height="${h}" fill="#ffffff"/>`];
  parts.push(`<rect x="${50 * u}" y="${40 * u}" width="${Math.max(1, w - 100 * u)}" height="${18 * u}" fill="#000000"/>`);
  let seed = pageNo * 7919;
  const rnd = () => (seed = (seed * 16807) % 2147483647) / 2147483647;
  for (let y = 90 * u, line = 0; y < h - 120 * u; y += 28 * u, line++) {
    let x = 50 * u;
    const end = w - 50 * u - (line % 5 === 4 ? 200 * u : 0);
    while (x < end) {
      const word = (15 + rnd() * 60) * u;
      if (x + word > end) break;
      parts.push(`<rect x="${x.toFixed(1)}" y="${y.toFixed(1)}" width="${word.toFixed(1)}" height="${(9 * u).toFixed(1)}" fill="#1a1a1a"/>`);
      x += word + 8 * u;
    }
  }
  parts.push(`<circle cx="${w - 160 * u}" cy="${h - 220 * u}" r="${60 * u}" fill="none" stroke="#cc1111" stroke-width="${6 * u}"/>`);
  parts.push(
    `<text x="${w / 2}" y="${h - 50 * u}" text-anchor="middle" font-family="DejaVu Sans" font-size="${22 * u}" fill="#000000">Trang ${pageNo} / Page ${pageNo}</text>`,
  );
  const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${w}" height="${h}" viewBox="0 0 ${w} ${h}">${parts.join('')}</svg>`;
  let img = sharp(Buffer.from(svg)).flatten({ background: '#ffffff' });
  if (settings.colorMode === 'Grayscale8') img = img.toColourspace('b-w');
  if (settings.colorMode === 'BlackAndWhite1') img = img.threshold(128).toColourspace('b-w');
  img = img.withDensity(settings.xResolution);
  if (settings.documentFormat === 'image/png') return { data: await img.png().toBuffer(), contentType: 'image/png' };
  const jpeg = await img.jpeg({ quality: 85 }).toBuffer();
  if (settings.documentFormat === 'application/pdf') {
    const channels = settings.colorMode === 'RGB24' ? 3 : 1;
    return { data: jpegPdf(jpeg, w, h, channels, settings.xResolution), contentType: 'application/pdf' };
  }
  return { data: jpeg, contentType: 'image/jpeg' };
}

/** A one-page PDF holding the JPEG as a DCTDecode image, page size at the scan resolution. */
function jpegPdf(jpeg: Buffer, w: number, h: number, channels: number, dpi: number): Buffer {
  const pw = ((w * 72) / dpi).toFixed(2);
  const ph = ((h * 72) / dpi).toFixed(2);
  const content = `q ${pw} 0 0 ${ph} 0 0 cm /Im0 Do Q`;
  const objs: Buffer[] = [
    Buffer.from('<< /Type /Catalog /Pages 2 0 R >>'),
    Buffer.from('<< /Type /Pages /Kids [3 0 R] /Count 1 >>'),
    Buffer.from(`<< /Type /Page /Parent 2 0 R /MediaBox [0 0 ${pw} ${ph}] /Resources << /XObject << /Im0 4 0 R >> >> /Contents 5 0 R >>`),
    Buffer.concat([
      Buffer.from(
        `<< /Type /XObject /Subtype /Image /Width ${w} /Height ${h} /ColorSpace ${channels === 3 ? '/DeviceRGB' : '/DeviceGray'} /BitsPerComponent 8 /Filter /DCTDecode /Length ${jpeg.length} >>\nstream\n`,
      ),
      jpeg,
      Buffer.from('\nendstream'),
    ]),
    Buffer.from(`<< /Length ${content.length} >>\nstream\n${content}\nendstream`),
  ];
  const chunks: Buffer[] = [Buffer.from('%PDF-1.4\n%\xe2\xe3\xcf\xd3\n', 'latin1')];
  const offsets: number[] = [];
  let pos = chunks[0]!.length;
  objs.forEach((body, i) => {
    offsets.push(pos);
    const c = Buffer.concat([Buffer.from(`${i + 1} 0 obj\n`), body, Buffer.from('\nendobj\n')]);
    chunks.push(c);
    pos += c.length;
  });
  const xref =
    `xref\n0 ${objs.length + 1}\n0000000000 65535 f \n` +
    offsets.map((o) => `${String(o).padStart(10, '0')} 00000 n \n`).join('') +
    `trailer\n<< /Size ${objs.length + 1} /Root 1 0 R >>\nstartxref\n${pos}\n%%EOF\n`;
  chunks.push(Buffer.from(xref));
  return Buffer.concat(chunks);
}

const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms).unref());

export class EsclSimulator {
  readonly uuid = randomUUID();
  readonly events: SimulatorEvent[] = [];
  /** TCP connections accepted so far (keep-alive clients reuse one). */
  connections = 0;
  faults: SimulatorFaults;
  pages: number;
  private readonly makeAndModel: string;
  private readonly verbose: boolean;
  private readonly wantedPort: number;
  private server: Server | undefined;
  private readonly sockets = new Set<Socket>();
  private readonly jobs = new Map<string, SimJob>();
  private busyAnswered = 0;
  private jammed = false;
  /** Set after a dropped connection: the device "lost power" and answers nothing more. */
  private dark = false;
  private drained = false;

  constructor(options: SimulatorOptions = {}) {
    this.wantedPort = options.port ?? 0;
    this.pages = options.pages ?? 3;
    this.faults = { ...options.faults };
    this.makeAndModel = options.makeAndModel ?? 'MotCua eSCL Simulator';
    this.verbose = options.verbose ?? false;
  }

  get port(): number {
    return (this.server?.address() as AddressInfo | null)?.port ?? 0;
  }

  /** Base URL of the eSCL root, with trailing slash: http://127.0.0.1:PORT/eSCL/ */
  get url(): string {
    return `http://127.0.0.1:${this.port}/eSCL/`;
  }

  /** Replaces the fault set and clears any jam or dropped-connection state. */
  setFaults(faults: SimulatorFaults): void {
    this.faults = { ...faults };
    this.busyAnswered = 0;
    this.jammed = false;
    this.dark = false;
  }

  /** Back to a fresh device: no jobs, no events, the given faults and feeder load. */
  reset(faults: SimulatorFaults = {}, pages = this.pages): void {
    this.setFaults(faults);
    this.pages = pages;
    this.jobs.clear();
    this.events.length = 0;
    this.drained = false;
  }

  eventsOf<T extends SimulatorEvent['type']>(type: T): Extract<SimulatorEvent, { type: T }>[] {
    return this.events.filter((e): e is Extract<SimulatorEvent, { type: T }> => e.type === type);
  }

  async start(): Promise<this> {
    const server = createServer((req, res) => {
      this.handle(req, res).catch((err: unknown) => {
        if (!res.headersSent) {
          res.statusCode = 500;
          res.end(String(err));
        } else res.destroy();
      });
    });
    server.keepAliveTimeout = 5000;
    server.on('connection', (s: Socket) => {
      this.connections++;
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once('error', reject);
      server.listen(this.wantedPort, '127.0.0.1', () => resolve());
    });
    return this;
  }

  async stop(): Promise<void> {
    const server = this.server;
    if (!server) return;
    this.server = undefined;
    for (const s of this.sockets) s.destroy();
    server.closeAllConnections();
    await new Promise<void>((r) => server.close(() => r()));
  }

  private log(msg: string): void {
    if (this.verbose) process.stderr.write(`[escl-sim] ${msg}\n`);
  }

  private activeJob(): SimJob | undefined {
    for (const j of this.jobs.values()) if (j.state === 'Pending' || j.state === 'Processing') return j;
    return undefined;
  }

  private adfState(): string {
    if (this.faults.coverOpen) return 'ScannerAdfHatchOpen';
    if (this.jammed) return 'ScannerAdfJam';
    if (this.activeJob()?.settings.inputSource === 'Feeder') return 'ScannerAdfProcessing';
    if (this.faults.feederEmpty || this.pages <= 0 || this.drained) return 'ScannerAdfEmpty';
    return 'ScannerAdfLoaded';
  }

  private scannerState(): string {
    if (this.faults.coverOpen || this.jammed) return 'Stopped';
    if (this.activeJob()) return 'Processing';
    if (this.faults.busy === 'always' || (this.faults.busy ?? 0) > this.busyAnswered) return 'Processing';
    return 'Idle';
  }

  statusXml(): string {
    const jobs = [...this.jobs.values()]
      .map(
        (j) =>
          `<scan:JobInfo><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobUuid>${j.id}</pwg:JobUuid>` +
          `<scan:Age>${Math.ceil((Date.now() - j.created) / 1000)}</scan:Age>` +
          `<pwg:ImagesCompleted>${j.delivered}</pwg:ImagesCompleted><pwg:ImagesToTransfer>${Math.max(0, j.total - j.delivered)}</pwg:ImagesToTransfer>` +
          `<pwg:JobState>${j.state}</pwg:JobState><pwg:JobStateReasons><pwg:JobStateReason>${j.reason}</pwg:JobStateReason></pwg:JobStateReasons></scan:JobInfo>`,
      )
      .join('');
    return `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScannerStatus xmlns:scan="${SCAN_NS}" xmlns:pwg="${PWG_NS}">
<pwg:Version>2.63</pwg:Version>
<pwg:State>${this.scannerState()}</pwg:State>
<scan:AdfState>${this.adfState()}</scan:AdfState>
<scan:Jobs>${jobs}</scan:Jobs>
</scan:ScannerStatus>
`;
  }

  private sendXml(res: ServerResponse, xml: string): void {
    res.writeHead(200, { 'Content-Type': 'text/xml', 'Content-Length': Buffer.byteLength(xml) });
    res.end(xml);
  }

  private sendStatus(res: ServerResponse, code: number, headers: Record<string, string> = {}): void {
    res.writeHead(code, { 'Content-Length': '0', ...headers });
    res.end();
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const body = await new Promise<Buffer>((resolve, reject) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => resolve(Buffer.concat(chunks)));
      req.on('error', reject);
    });
    const path = new URL(req.url ?? '/', 'http://localhost').pathname.replace(/\/+$/, '');
    this.log(`${req.method} ${path}`);
    if (this.dark) {
      res.destroy();
      return;
    }
    const retryAfter = String(this.faults.retryAfterSec ?? 1);

    if (req.method === 'GET' && path === '/eSCL/ScannerCapabilities') {
      this.events.push({ type: 'capabilities' });
      this.sendXml(res, capabilitiesXml(this.makeAndModel, this.uuid));
      return;
    }
    if (req.method === 'GET' && path === '/eSCL/ScannerStatus') {
      this.events.push({ type: 'status' });
      this.sendXml(res, this.statusXml());
      return;
    }
    if (req.method === 'POST' && path === '/eSCL/ScanJobs') {
      let settings: ScanSettingsSeen;
      try {
        settings = parseScanSettings(body.toString('utf8'));
      } catch (err) {
        this.log(`bad ScanSettings: ${String(err)}`);
        this.events.push({ type: 'create', status: 400 });
        this.sendStatus(res, 400);
        return;
      }
      const refuse = (status: number, headers: Record<string, string> = {}) => {
        this.events.push({ type: 'create', status, settings });
        this.sendStatus(res, status, headers);
      };
      if (this.faults.busy === 'always' || (this.faults.busy ?? 0) > this.busyAnswered) {
        this.busyAnswered++;
        refuse(503, { 'Retry-After': retryAfter });
        return;
      }
      if (this.activeJob()) {
        refuse(503, { 'Retry-After': retryAfter });
        return;
      }
      if (!SIM_RESOLUTIONS.includes(settings.xResolution) || settings.xResolution !== settings.yResolution || !FORMATS.includes(settings.documentFormat)) {
        refuse(409);
        return;
      }
      const feeder = settings.inputSource === 'Feeder';
      if (this.faults.coverOpen || (feeder && this.jammed)) {
        refuse(409);
        return;
      }
      this.drained = false;
      if (feeder && (this.faults.feederEmpty || this.pages <= 0)) {
        refuse(409);
        return;
      }
      const id = randomUUID();
      const total = feeder ? this.pages * (settings.duplex ? 2 : 1) : 1;
      this.jobs.set(id, { id, settings, total, delivered: 0, state: 'Processing', reason: 'JobScanning', created: Date.now(), pollsForCurrentPage: 0 });
      this.events.push({ type: 'create', status: 201, jobId: id, settings });
      res.writeHead(201, { Location: `http://127.0.0.1:${this.port}/eSCL/ScanJobs/${id}`, 'Content-Length': '0' });
      res.end();
      return;
    }
    const next = /^\/eSCL\/ScanJobs\/([^/]+)\/NextDocument$/.exec(path);
    if (req.method === 'GET' && next) {
      const jobId = next[1]!;
      const job = this.jobs.get(jobId);
      const answer = (status: number, headers: Record<string, string> = {}) => {
        this.events.push({ type: 'next', jobId, status });
        this.sendStatus(res, status, headers);
      };
      if (!job || job.state === 'Completed' || job.state === 'Canceled') {
        answer(404);
        return;
      }
      if (job.state === 'Aborted') {
        answer(409);
        return;
      }
      if (job.delivered >= job.total) {
        job.state = 'Completed';
        job.reason = 'JobCompletedSuccessfully';
        if (job.settings.inputSource === 'Feeder') this.drained = true;
        answer(404);
        return;
      }
      if (job.settings.inputSource === 'Feeder' && this.faults.jamAfterPages !== undefined && job.delivered >= this.faults.jamAfterPages) {
        this.jammed = true;
        job.state = 'Aborted';
        job.reason = 'JobCompletedWithErrors';
        answer(409);
        return;
      }
      if (job.pollsForCurrentPage < (this.faults.notReadyPolls ?? 0)) {
        job.pollsForCurrentPage++;
        answer(503, { 'Retry-After': retryAfter });
        return;
      }
      if (this.faults.pageDelayMs) {
        // "Scanning" the sheet; stop early if the client hung up or the simulator is stopping.
        await Promise.race([sleep(this.faults.pageDelayMs), new Promise<void>((r) => res.once('close', () => r()))]);
        if (res.destroyed || !this.server) return;
      }
      if (job.state !== 'Processing') {
        answer(404); // cancelled while "scanning"
        return;
      }
      const pageIndex = job.delivered;
      const dpi = this.faults.sendDpi;
      const page = await renderPage(dpi ? { ...job.settings, xResolution: dpi, yResolution: dpi } : job.settings, pageIndex + 1);
      if (this.faults.dropAtPage === pageIndex) {
        this.events.push({ type: 'drop', jobId, page: pageIndex });
        this.dark = true;
        job.state = 'Aborted';
        job.reason = 'AbortedBySystem';
        res.writeHead(200, { 'Content-Type': page.contentType, 'Content-Length': page.data.length });
        res.write(page.data.subarray(0, Math.floor(page.data.length / 2)), () => {
          setTimeout(() => res.destroy(), 20);
        });
        return;
      }
      job.delivered++;
      job.pollsForCurrentPage = 0;
      this.events.push({ type: 'next', jobId, status: 200, page: pageIndex });
      res.writeHead(200, {
        'Content-Type': page.contentType,
        'Content-Length': page.data.length,
        'Content-Location': `/eSCL/ScanJobs/${jobId}/${pageIndex + 1}`,
      });
      res.end(page.data);
      return;
    }
    const del = /^\/eSCL\/ScanJobs\/([^/]+)$/.exec(path);
    if (req.method === 'DELETE' && del) {
      const jobId = del[1]!;
      const job = this.jobs.get(jobId);
      if (!job || (job.state !== 'Pending' && job.state !== 'Processing')) {
        this.events.push({ type: 'delete', jobId, status: 404 });
        this.sendStatus(res, 404);
        return;
      }
      job.state = 'Canceled';
      job.reason = 'JobCanceledByUser';
      this.events.push({ type: 'delete', jobId, status: 200 });
      this.sendStatus(res, 200);
      return;
    }
    const info = /^\/eSCL\/ScanJobs\/([^/]+)$/.exec(path);
    if (req.method === 'GET' && info && this.jobs.has(info[1]!)) {
      const j = this.jobs.get(info[1]!)!;
      this.sendXml(
        res,
        `<?xml version="1.0" encoding="UTF-8"?>
<scan:ScanJob xmlns:scan="${SCAN_NS}" xmlns:pwg="${PWG_NS}"><pwg:JobUri>/eSCL/ScanJobs/${j.id}</pwg:JobUri><pwg:JobState>${j.state}</pwg:JobState></scan:ScanJob>
`,
      );
      return;
    }
    this.sendStatus(res, 404);
  }
}

export async function startEsclSimulator(options: SimulatorOptions = {}): Promise<EsclSimulator> {
  return new EsclSimulator(options).start();
}

function cli(argv: string[]): SimulatorOptions {
  const opts: SimulatorOptions = { port: 8090, pages: 3, faults: {}, verbose: true };
  const faults = opts.faults!;
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i]!;
    const val = () => {
      const v = argv[++i];
      if (v === undefined) throw new Error(`${a} needs a value`);
      return v;
    };
    switch (a) {
      case '--port':
        opts.port = Number(val());
        break;
      case '--pages':
        opts.pages = Number(val());
        break;
      case '--feeder-empty':
        faults.feederEmpty = true;
        break;
      case '--cover-open':
        faults.coverOpen = true;
        break;
      case '--busy': {
        const v = val();
        faults.busy = v === 'always' ? 'always' : Number(v);
        break;
      }
      case '--retry-after':
        faults.retryAfterSec = Number(val());
        break;
      case '--jam-after':
        faults.jamAfterPages = Number(val());
        break;
      case '--page-delay':
        faults.pageDelayMs = Number(val());
        break;
      case '--not-ready':
        faults.notReadyPolls = Number(val());
        break;
      case '--drop-at':
        faults.dropAtPage = Number(val());
        break;
      case '--send-dpi':
        faults.sendDpi = Number(val());
        break;
      case '--quiet':
        opts.verbose = false;
        break;
      case '--help':
        process.stdout.write(
          'usage: esclSimulator.ts [--port 8090] [--pages 3] [--feeder-empty] [--cover-open] [--busy N|always] ' +
            '[--retry-after S] [--jam-after N] [--page-delay MS] [--not-ready N] [--drop-at PAGE] [--send-dpi DPI] [--quiet]\n',
        );
        process.exit(0);
        break;
      default:
        throw new Error(`unknown option ${a}`);
    }
  }
  return opts;
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) {
  const sim = await startEsclSimulator(cli(process.argv.slice(2)));
  process.stdout.write(`eSCL simulator listening at ${sim.url} (pages per feeder job: ${sim.pages})\n`);
  const bye = () => void sim.stop().then(() => process.exit(0));
  process.on('SIGINT', bye);
  process.on('SIGTERM', bye);
}
