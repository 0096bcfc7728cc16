// eSCL / AirScan network scanners over HTTP (Mopria eSCL), the protocol most office MFPs speak.
//
//   GET  {base}ScannerCapabilities            → sources, modes, resolutions, formats
//   POST {base}ScanJobs  (ScanSettings XML)   → 201 Location: {job}
//   GET  {job}/NextDocument                   → 200 page | 404 batch done | 503 not ready yet
//   DELETE {job}                              → cancel
// After any other failure the device's ScannerStatus says why (AdfState ScannerAdfEmpty /
// ScannerAdfJam / ScannerAdfHatchOpen, State Processing), as sane-airscan reads it.
//
// Device ids are "escl:<base url>", e.g. "escl:http://10.0.0.5/eSCL/". Devices come from
// configured addresses (addDevice probes ScannerCapabilities) and, optionally, mDNS
// (_uscan._tcp / _uscans._tcp via bonjour-service). list() asks each one for its
// ScannerCapabilities with a short timeout: a device is named by its model, and a configured
// address where nothing answers is still listed, marked unreachable. One keep-alive HTTP agent
// per device, so a scan click reuses the open connection.
import http from 'node:http';
import https from 'node:https';
import sharp, { type Metadata } from 'sharp';
import { ScanError, type RawPage, type ScanProgress, type ScanRequest, type ScannerBackend } from './types.ts';
import {
  buildScanSettings,
  ESCL_COLOR_MODE,
  parseCapabilities,
  parseStatus,
  summarizeCapabilities,
  type EsclCapabilities,
  type EsclSourceCaps,
  type EsclStatus,
} from './esclXml.ts';
import type { ScanCapabilities, ScanDevice, ScanSource } from '#preload/wire/scan.ts';

export interface EsclBackendOptions {
  /** Scanner addresses configured by the office (URL, host:port, or bare host). */
  devices?: string[];
  /** Browse mDNS for _uscan._tcp. Default: on, except under `node --test` (NODE_TEST_CONTEXT). */
  mdns?: boolean;
  /** How long the first list() waits for mDNS answers (default 1500 ms). */
  mdnsWaitMs?: number;
  /** Timeout of capability, status, job and cancel requests (default 10 s). */
  requestTimeoutMs?: number;
  /** Timeout of the capability probe list() makes of each device (default 2 s). */
  probeTimeoutMs?: number;
  /** Timeout of one NextDocument transfer, which includes the device scanning the sheet (default 120 s). */
  pageTimeoutMs?: number;
  /** How many times a 503 on job creation is retried, honouring Retry-After (default 3). */
  busyRetries?: number;
  /** How many times a 503 on NextDocument ("still scanning") is retried per page (default 30). */
  notReadyRetries?: number;
  /** Upper bound on one Retry-After wait (default 10 s); missing Retry-After means 1 s. */
  maxRetryDelayMs?: number;
}

interface DeviceEntry {
  id: string;
  base: URL;
  name: string;
  origin: 'configured' | 'mdns';
  agent: http.Agent;
  caps?: EsclCapabilities;
  capsAt?: number;
  /** UUID from the mDNS TXT record, to merge _uscan and _uscans announcements. */
  mdnsUuid?: string;
}

interface HttpResult {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: Buffer;
}

/** Transport failure: no HTTP answer at all. */
class TransportError extends Error {
  constructor(
    readonly kind: 'timeout' | 'connection' | 'aborted',
    message: string,
  ) {
    super(message);
  }
}

const CAPS_TTL_MS = 5 * 60_000;

/** "10.0.0.5", "10.0.0.5:8080", "http://10.0.0.5/eSCL" → "http://10.0.0.5/eSCL/" (always ending in "/"). */
export function normalizeEsclUrl(input: string): string {
  let s = input.trim();
  if (s.startsWith('escl:')) s = s.slice(5);
  if (!/^https?:\/\//i.test(s)) s = `http://${s}`;
  const u = new URL(s);
  if (u.pathname === '/' || u.pathname === '') u.pathname = '/eSCL/';
  if (!u.pathname.endsWith('/')) u.pathname += '/';
  u.search = '';
  u.hash = '';
  return u.toString();
}

export function esclDeviceId(url: string): string {
  return `escl:${normalizeEsclUrl(url)}`;
}

const sleep = (ms: number, signal?: AbortSignal) =>
  new Promise<void>((resolve, reject) => {
    if (signal?.aborted) return reject(new TransportError('aborted', 'aborted'));
    const t = setTimeout(() => {
      signal?.removeEventListener('abort', onAbort);
      resolve();
    }, ms);
    const onAbort = () => {
      clearTimeout(t);
      reject(new TransportError('aborted', 'aborted'));
    };
    signal?.addEventListener('abort', onAbort, { once: true });
  });

/** Retry-After as seconds or an HTTP date; 1 s when absent; capped. */
export function retryAfterMs(header: string | string[] | undefined, capMs: number): number {
  const v = Array.isArray(header) ? header[0] : header;
  let ms = 1000;
  if (v !== undefined && v.trim() !== '') {
    if (/^\d+(\.\d+)?$/.test(v.trim())) ms = Number(v) * 1000;
    else {
      const at = Date.parse(v);
      if (Number.isFinite(at)) ms = at - Date.now();
    }
  }
  return Math.min(Math.max(0, ms), capMs);
}

function sniffFormat(contentType: string | undefined, data: Uint8Array): RawPage['format'] | 'pdf' | undefined {
  const ct = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  if (ct === 'image/jpeg' || ct === 'image/jpg') return 'jpeg';
  if (ct === 'image/png') return 'png';
  if (ct === 'image/tiff') return 'tiff';
  if (ct === 'application/pdf') return 'pdf';
  if (data[0] === 0xff && data[1] === 0xd8) return 'jpeg';
  if (data[0] === 0x89 && data[1] === 0x50 && data[2] === 0x4e && data[3] === 0x47) return 'png';
  if ((data[0] === 0x49 && data[1] === 0x49) || (data[0] === 0x4d && data[1] === 0x4d)) return 'tiff';
  if (data[0] === 0x25 && data[1] === 0x50 && data[2] === 0x44 && data[3] === 0x46) return 'pdf';
  return undefined;
}

/**
 * The resolution a page carries (JPEG JFIF/EXIF density, PNG pHYs, TIFF XResolution), when it
 * makes the page no larger than the area asked for (in 1/300 inch; a tenth of slack): some
 * devices ignore the resolution asked for, and the page must keep its paper size. A density
 * missing (libvips reads a JPEG without one as 72 dpi) or implausible leaves the one asked.
 */
export async function carriedDpi(data: Uint8Array, asked: number, region: { width: number; height: number }): Promise<number> {
  let meta: Metadata;
  try {
    meta = await sharp(data).metadata();
  } catch {
    return asked; // the pipeline reports an undecodable page
  }
  const density = meta.density;
  if (!density || density < 50 || !meta.width || !meta.height) return asked;
  const fits = (pixels: number, limit: number) => (pixels / density) * 300 <= limit * 1.1;
  return fits(meta.width, region.width) && fits(meta.height, region.height) ? Math.round(density) : asked;
}

/** Picks the transfer format: JPEG for colour and grey, PNG for black-and-white, else what the device lists. */
export function chooseFormat(mode: ScanRequest['mode'], formats: string[]): string | undefined {
  const prefs = mode === 'bw' ? ['image/png', 'image/tiff', 'image/jpeg'] : ['image/jpeg', 'image/png', 'image/tiff'];
  return prefs.find((f) => formats.includes(f));
}

/** The requested dpi when offered, else the next higher one (never scan below what the rules ask), else the highest. */
export function chooseDpi(dpi: number, offered: number[]): number | undefined {
  if (offered.length === 0) return undefined;
  if (offered.includes(dpi)) return dpi;
  return offered.find((r) => r >= dpi) ?? offered[offered.length - 1];
}

/** What ScannerStatus says went wrong, if anything. */
export function statusToError(status: EsclStatus, source: ScanSource): ScanError | undefined {
  const adf = status.adfState;
  const detail = `State ${status.state}${adf ? `, AdfState ${adf}` : ''}`;
  if (adf) {
    if (/Jam|Mispick|Multipick|PageTooShort|PageTooLong/.test(adf)) return new ScanError('jam', detail);
    if (/HatchOpen|DoorOpen|CoverOpen/.test(adf)) return new ScanError('cover-open', detail);
    if (adf === 'ScannerAdfEmpty' && source !== 'flatbed') return new ScanError('feeder-empty', detail);
    if (/InputTrayFailed|InputTrayOverloaded/.test(adf)) return new ScanError('device', detail);
  }
  if (status.state === 'Processing' || status.state === 'Testing') return new ScanError('busy', detail);
  return undefined;
}

/**
 * The address the mDNS socket binds on port 5353. Multicast DNS needs the well-known port; on
 * Linux and macOS the socket can be bound to the mDNS group itself (224.0.0.251), so it takes
 * only multicast mDNS traffic from the interfaces that joined the group, not unicast UDP sent
 * to any of the machine's addresses. Windows cannot bind a multicast address: there it is
 * 0.0.0.0 (bonjour-service's default).
 */
export function mdnsBindAddress(platform: NodeJS.Platform): string | undefined {
  return platform === 'win32' ? undefined : '224.0.0.251';
}

/** The parts of a bonjour-service announcement the backend reads. */
export interface MdnsService {
  name: string;
  host: string;
  port: number;
  addresses?: string[];
  txt?: unknown;
}

/** An _uscan._tcp / _uscans._tcp announcement → eSCL base URL (TXT "rs" is the resource path), name and UUID. */
export function esclServiceFromMdns(svc: MdnsService, tls: boolean): { url: string; name: string; uuid?: string } | undefined {
  const txt = (svc.txt ?? {}) as Record<string, unknown>;
  const rs = typeof txt.rs === 'string' && txt.rs ? txt.rs.replace(/^\/+|\/+$/g, '') : 'eSCL';
  const v4 = svc.addresses?.find((a) => /^\d+\.\d+\.\d+\.\d+$/.test(a));
  const host = v4 ?? svc.host;
  if (!host || !svc.port) return undefined;
  try {
    const url = normalizeEsclUrl(`${tls ? 'https' : 'http'}://${host}:${svc.port}/${rs}/`);
    const name = typeof txt.ty === 'string' && txt.ty ? txt.ty : svc.name;
    const uuid = typeof txt.uuid === 'string' && txt.uuid ? txt.uuid.toLowerCase() : undefined;
    return { url, name, ...(uuid ? { uuid } : {}) };
  } catch {
    return undefined; // malformed announcement
  }
}

export class EsclBackend implements ScannerBackend {
  readonly kind = 'escl' as const;
  private readonly devices = new Map<string, DeviceEntry>();
  private readonly opts: Required<Omit<EsclBackendOptions, 'devices' | 'mdns'>>;
  private mdnsEnabled: boolean;
  private bonjour: { destroy(callback?: CallableFunction): void } | undefined;
  private mdnsStarted: Promise<void> | undefined;

  constructor(options: EsclBackendOptions = {}) {
    this.opts = {
      mdnsWaitMs: options.mdnsWaitMs ?? 1500,
      requestTimeoutMs: options.requestTimeoutMs ?? 10_000,
      probeTimeoutMs: options.probeTimeoutMs ?? 2000,
      pageTimeoutMs: options.pageTimeoutMs ?? 120_000,
      busyRetries: options.busyRetries ?? 3,
      notReadyRetries: options.notReadyRetries ?? 30,
      maxRetryDelayMs: options.maxRetryDelayMs ?? 10_000,
    };
    this.mdnsEnabled = options.mdns ?? !process.env.NODE_TEST_CONTEXT;
    for (const d of options.devices ?? []) this.entry(esclDeviceId(d), 'configured');
  }

  /** Adds a scanner by address and probes its ScannerCapabilities; throws ScanError when nothing eSCL answers. */
  async addDevice(url: string): Promise<ScanDevice> {
    const id = esclDeviceId(url);
    const existed = this.devices.get(id);
    const dev = this.entry(id, 'configured');
    try {
      await this.loadCaps(dev, true);
    } catch (e) {
      if (!existed) this.forget(id);
      throw e;
    }
    return this.describe(dev);
  }

  removeDevice(deviceId: string): void {
    this.forget(deviceId);
  }

  /**
   * Every device, each probed afresh: named by its model once it answered; a configured
   * address that does not answer is listed as unreachable, a discovered one that does not is left out.
   */
  async list(): Promise<ScanDevice[]> {
    await this.discover();
    const probed = await Promise.all(
      [...this.devices.values()].map(async (d): Promise<ScanDevice | null> => {
        try {
          await this.loadCaps(d, true, this.opts.probeTimeoutMs);
          return this.describe(d);
        } catch {
          return d.origin === 'configured' ? { ...this.describe(d), unreachable: true } : null;
        }
      }),
    );
    return probed.filter((d): d is ScanDevice => d !== null);
  }

  async capabilities(deviceId: string): Promise<ScanCapabilities> {
    const dev = this.lookup(deviceId);
    return summarizeCapabilities(await this.loadCaps(dev, false));
  }

  scan(deviceId: string, request: ScanRequest, signal: AbortSignal, onProgress?: (p: ScanProgress) => void): AsyncIterable<RawPage> {
    return this.scanPages(deviceId, request, signal, onProgress);
  }

  /** Closes keep-alive connections and stops mDNS browsing. */
  async close(): Promise<void> {
    for (const d of this.devices.values()) d.agent.destroy();
    const b = this.bonjour;
    this.bonjour = undefined;
    this.mdnsStarted = undefined;
    if (b) await new Promise<void>((r) => b.destroy(() => r()));
  }

  // ---- devices -------------------------------------------------------------------------------

  private entry(id: string, origin: DeviceEntry['origin'], name?: string): DeviceEntry {
    let dev = this.devices.get(id);
    if (!dev) {
      const base = new URL(id.slice('escl:'.length));
      const agent =
        base.protocol === 'https:'
          ? // Network scanners carry self-signed certificates; like sane-airscan, accept them on the LAN.
            new https.Agent({ keepAlive: true, maxSockets: 4, rejectUnauthorized: false })
          : new http.Agent({ keepAlive: true, maxSockets: 4 });
      dev = { id, base, name: name ?? `eSCL ${base.host}`, origin, agent };
      this.devices.set(id, dev);
    } else if (origin === 'configured') dev.origin = 'configured';
    return dev;
  }

  private forget(id: string): void {
    const dev = this.devices.get(id);
    if (!dev) return;
    dev.agent.destroy();
    this.devices.delete(id);
  }

  private lookup(deviceId: string): DeviceEntry {
    if (!deviceId.startsWith('escl:')) throw new ScanError('not-found', deviceId);
    let id: string;
    try {
      id = esclDeviceId(deviceId);
    } catch {
      throw new ScanError('not-found', deviceId);
    }
    // Only a device this backend was given or discovered: the address in an id is never dialled on its own.
    const dev = this.devices.get(id);
    if (!dev) throw new ScanError('not-found', deviceId);
    return dev;
  }

  private describe(d: DeviceEntry): ScanDevice {
    return { id: d.id, backend: 'escl', name: d.name };
  }

  private async loadCaps(dev: DeviceEntry, fresh: boolean, timeoutMs?: number): Promise<EsclCapabilities> {
    if (!fresh && dev.caps && dev.capsAt && Date.now() - dev.capsAt < CAPS_TTL_MS) return dev.caps;
    const res = await this.call(dev, 'GET', new URL('ScannerCapabilities', dev.base), timeoutMs ? { timeoutMs } : {});
    if (res.status !== 200) throw new ScanError('not-found', `ScannerCapabilities: HTTP ${res.status}`);
    let caps: EsclCapabilities;
    try {
      caps = parseCapabilities(res.body.toString('utf8'));
    } catch (e) {
      throw new ScanError('not-found', `ScannerCapabilities: ${(e as Error).message}`);
    }
    dev.caps = caps;
    dev.capsAt = Date.now();
    if (dev.origin === 'configured' || dev.name.startsWith('eSCL ')) dev.name = caps.makeAndModel;
    return caps;
  }

  private async status(dev: DeviceEntry, signal?: AbortSignal): Promise<EsclStatus | undefined> {
    try {
      const res = await this.call(dev, 'GET', new URL('ScannerStatus', dev.base), { signal });
      return res.status === 200 ? parseStatus(res.body.toString('utf8')) : undefined;
    } catch (e) {
      if (e instanceof ScanError && e.scanCode === 'cancelled') throw e;
      return undefined;
    }
  }

  // ---- mDNS ----------------------------------------------------------------------------------

  private discover(): Promise<void> {
    if (!this.mdnsEnabled) return Promise.resolve();
    this.mdnsStarted ??= (async () => {
      try {
        const mod = await import('bonjour-service');
        const bind = mdnsBindAddress(process.platform);
        // Bonjour hands its options to multicast-dns, whose `bind` its types do not list.
        const bonjour = new mod.Bonjour((bind ? { bind } : {}) as ConstructorParameters<typeof mod.Bonjour>[0]);
        this.bonjour = bonjour;
        // multicast-dns emits 'error' (port taken, no permission) on an emitter bonjour-service
        // never listens to: unheard, it would end main. Discovery just stops; addresses still work.
        (bonjour as unknown as { server?: { mdns?: { on(event: 'error', listener: () => void): void } } }).server?.mdns?.on('error', () => {
          this.mdnsEnabled = false;
        });
        for (const [type, tls] of [
          ['uscan', false],
          ['uscans', true],
        ] as const) {
          bonjour.find({ type }, (svc) => this.onService(svc, tls));
        }
        await sleep(this.opts.mdnsWaitMs);
      } catch {
        this.mdnsEnabled = false; // no multicast here (container, firewall): addresses only
      }
    })();
    return this.mdnsStarted;
  }

  private onService(svc: MdnsService, tls: boolean): void {
    const found = esclServiceFromMdns(svc, tls);
    if (!found) return;
    // The same scanner often announces both _uscan and _uscans: keep the first one seen.
    const uuid = found.uuid;
    if (uuid && [...this.devices.values()].some((d) => d.caps?.uuid?.toLowerCase() === uuid || d.mdnsUuid === uuid)) return;
    const dev = this.entry(esclDeviceId(found.url), 'mdns', found.name);
    if (uuid) dev.mdnsUuid = uuid;
  }

  // ---- HTTP ----------------------------------------------------------------------------------

  /** One HTTP exchange; transport failures become ScanError('unplugged') or ('cancelled'). */
  private async call(
    dev: DeviceEntry,
    method: string,
    url: URL,
    o: { body?: string; timeoutMs?: number; signal?: AbortSignal | undefined; onBytes?: (n: number) => void },
  ): Promise<HttpResult> {
    try {
      return await this.request(dev, method, url, o, true);
    } catch (e) {
      if (e instanceof TransportError) {
        if (e.kind === 'aborted') throw new ScanError('cancelled');
        throw new ScanError('unplugged', `${method} ${url.pathname}: ${e.message}`);
      }
      throw e;
    }
  }

  private request(
    dev: DeviceEntry,
    method: string,
    url: URL,
    o: { body?: string; timeoutMs?: number; signal?: AbortSignal | undefined; onBytes?: (n: number) => void },
    mayRetry: boolean,
  ): Promise<HttpResult> {
    const signal = o.signal;
    if (signal?.aborted) return Promise.reject(new TransportError('aborted', 'aborted'));
    const timeoutMs = o.timeoutMs ?? this.opts.requestTimeoutMs;
    return new Promise<HttpResult>((resolve, reject) => {
      let settled = false;
      let gotResponse = false;
      const lib = url.protocol === 'https:' ? https : http;
      const headers: Record<string, string> = { Accept: '*/*' };
      const body = o.body === undefined ? undefined : Buffer.from(o.body, 'utf8');
      if (body) {
        headers['Content-Type'] = 'text/xml';
        headers['Content-Length'] = String(body.length);
      }
      const req = lib.request(url, { method, agent: dev.agent, headers });
      const finish = (err: Error | undefined, result?: HttpResult) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        signal?.removeEventListener('abort', onAbort);
        if (err) {
          req.destroy();
          reject(err);
        } else resolve(result!);
      };
      const timer = setTimeout(() => finish(new TransportError('timeout', `no answer within ${timeoutMs} ms`)), timeoutMs);
      const onAbort = () => finish(new TransportError('aborted', 'aborted'));
      signal?.addEventListener('abort', onAbort, { once: true });
      req.on('error', (err: NodeJS.ErrnoException) => {
        if (settled) return;
        // A keep-alive socket the device closed meanwhile: retry once on a fresh one.
        if (!gotResponse && mayRetry && req.reusedSocket && (err.code === 'ECONNRESET' || err.code === 'EPIPE')) {
          settled = true;
          clearTimeout(timer);
          signal?.removeEventListener('abort', onAbort);
          this.request(dev, method, url, o, false).then(resolve, reject);
          return;
        }
        finish(new TransportError('connection', err.code ?? err.message));
      });
      req.on('response', (res) => {
        gotResponse = true;
        const chunks: Buffer[] = [];
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          chunks.push(c);
          bytes += c.length;
          o.onBytes?.(bytes);
        });
        res.on('error', (err: NodeJS.ErrnoException) => finish(new TransportError('connection', err.code ?? err.message)));
        res.on('aborted', () => finish(new TransportError('connection', 'connection closed mid-transfer')));
        res.on('end', () => {
          const expected = Number(res.headers['content-length']);
          if (!res.complete || (Number.isFinite(expected) && res.headers['content-length'] !== undefined && bytes < expected)) {
            finish(new TransportError('connection', 'connection closed mid-transfer'));
            return;
          }
          finish(undefined, { status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) });
        });
        res.on('close', () => {
          if (!res.complete) finish(new TransportError('connection', 'connection closed mid-transfer'));
        });
      });
      req.end(body);
    });
  }

  // ---- scanning ------------------------------------------------------------------------------

  private async *scanPages(
    deviceId: string,
    request: ScanRequest,
    signal: AbortSignal,
    onProgress?: (p: ScanProgress) => void,
  ): AsyncGenerator<RawPage, void, undefined> {
    const dev = this.lookup(deviceId);
    if (signal.aborted) throw new ScanError('cancelled');
    const caps = await this.loadCaps(dev, false);
    const src = caps.sources[request.source];
    if (!src) throw new ScanError('unsupported', `source ${request.source}`);
    if (!src.modes.includes(request.mode)) throw new ScanError('unsupported', `mode ${request.mode}`);
    const dpi = chooseDpi(request.dpi, src.resolutions);
    const format = chooseFormat(request.mode, src.formats);
    if (dpi === undefined || format === undefined) throw new ScanError('unsupported', `formats ${src.formats.join(', ') || 'none'}`);
    const region = this.region(src, request);
    const xml = buildScanSettings({
      version: caps.version,
      source: request.source,
      mode: ESCL_COLOR_MODE[request.mode],
      dpi,
      width: region.width,
      height: region.height,
      format,
      formatExt: src.formatExt,
    });

    let jobUrl: URL | undefined;
    let finished = false;
    let deleting: Promise<void> | undefined;
    const cancelJob = () => {
      if (jobUrl && !finished && !deleting) deleting = this.deleteJob(dev, jobUrl);
    };
    // Stop the device at once, even while the caller is busy with a page we already yielded.
    const onAbort = () => cancelJob();
    signal.addEventListener('abort', onAbort, { once: true });
    let index = 0;
    try {
      jobUrl = await this.createJob(dev, xml, request.source, signal);
      if (signal.aborted) throw new ScanError('cancelled');
      for (;;) {
        let page: RawPage | null;
        try {
          page = await this.nextDocument(dev, jobUrl, request, dpi, region, index, signal, onProgress);
        } catch (e) {
          // A platen job has its page already; a failing drain request just ends it (as sane-airscan does).
          if (request.source === 'flatbed' && index > 0 && !signal.aborted) break;
          throw e;
        }
        if (page === null) {
          finished = true;
          break;
        }
        index++;
        onProgress?.({ pagesDone: index });
        yield page;
        if (signal.aborted) throw new ScanError('cancelled');
      }
      if (index === 0) {
        // The device accepted the job but had nothing to scan.
        const st = await this.status(dev, signal);
        throw (st && statusToError(st, request.source)) ?? new ScanError(request.source === 'flatbed' ? 'device' : 'feeder-empty', 'no page delivered');
      }
    } catch (e) {
      if (signal.aborted) throw new ScanError('cancelled');
      throw e;
    } finally {
      signal.removeEventListener('abort', onAbort);
      if (!finished) cancelJob();
      if (deleting) await deleting;
    }
  }

  private region(src: EsclSourceCaps, request: ScanRequest): { width: number; height: number } {
    const maxW = src.maxWidth || 2550;
    const maxH = src.maxHeight || 3508;
    if (!request.area) return { width: maxW, height: maxH };
    const to300 = (mm: number) => Math.round((mm / 25.4) * 300);
    return { width: Math.min(maxW, Math.max(1, to300(request.area.widthMm))), height: Math.min(maxH, Math.max(1, to300(request.area.heightMm))) };
  }

  private async createJob(dev: DeviceEntry, xml: string, source: ScanSource, signal: AbortSignal): Promise<URL> {
    const url = new URL('ScanJobs', dev.base);
    for (let attempt = 0; ; attempt++) {
      const res = await this.call(dev, 'POST', url, { body: xml, signal });
      if (res.status === 201) {
        const loc = res.headers.location;
        if (!loc) throw new ScanError('device', 'ScanJobs: no Location');
        // Some devices name themselves "localhost" or another port in Location: keep our origin.
        const job = new URL(loc, url);
        job.protocol = dev.base.protocol;
        job.host = dev.base.host;
        return job;
      }
      const st = await this.status(dev, signal);
      const hard = st && statusToError(st, source);
      if (res.status === 503) {
        if (hard && hard.scanCode !== 'busy') throw hard;
        if (attempt >= this.opts.busyRetries) throw hard ?? new ScanError('busy', 'HTTP 503');
        await this.wait(retryAfterMs(res.headers['retry-after'], this.opts.maxRetryDelayMs), signal);
        continue;
      }
      if (hard) throw hard;
      if (res.status === 409 || res.status === 400) throw new ScanError('unsupported', `ScanJobs: HTTP ${res.status}`);
      throw new ScanError('device', `ScanJobs: HTTP ${res.status}`);
    }
  }

  private async nextDocument(
    dev: DeviceEntry,
    job: URL,
    request: ScanRequest,
    dpi: number,
    region: { width: number; height: number },
    index: number,
    signal: AbortSignal,
    onProgress?: (p: ScanProgress) => void,
  ): Promise<RawPage | null> {
    const url = new URL(job.toString().replace(/\/?$/, '/NextDocument'));
    for (let attempt = 0; ; attempt++) {
      const res = await this.call(dev, 'GET', url, {
        signal,
        timeoutMs: this.opts.pageTimeoutMs,
        onBytes: (bytes) => onProgress?.({ pagesDone: index, bytes }),
      });
      if (res.status === 200) {
        const data = new Uint8Array(res.body.buffer, res.body.byteOffset, res.body.byteLength);
        const format = sniffFormat(res.headers['content-type'], data);
        if (format === undefined || format === 'pdf') throw new ScanError('unsupported', `page format ${res.headers['content-type'] ?? 'unknown'}`);
        return { index, data, format, dpi: await carriedDpi(data, dpi, region), mode: request.mode };
      }
      if (res.status === 404) return null;
      const st = await this.status(dev, signal);
      const hard = st && statusToError(st, request.source);
      if (res.status === 503) {
        // Devices answer 503 while the sheet is still being scanned: come back later.
        if (hard && hard.scanCode !== 'busy' && hard.scanCode !== 'feeder-empty') throw hard;
        if (attempt >= this.opts.notReadyRetries) throw hard ?? new ScanError('busy', 'NextDocument: HTTP 503');
        await this.wait(retryAfterMs(res.headers['retry-after'], this.opts.maxRetryDelayMs), signal);
        continue;
      }
      throw hard ?? new ScanError('device', `NextDocument: HTTP ${res.status}`);
    }
  }

  private async wait(ms: number, signal: AbortSignal): Promise<void> {
    try {
      await sleep(ms, signal);
    } catch {
      throw new ScanError('cancelled');
    }
  }

  private async deleteJob(dev: DeviceEntry, job: URL): Promise<void> {
    try {
      await this.request(dev, 'DELETE', job, { timeoutMs: Math.min(this.opts.requestTimeoutMs, 5000) }, true);
    } catch {
      /* best effort: the device may be gone */
    }
  }
}
