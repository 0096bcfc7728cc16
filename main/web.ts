// Browser mode: the built renderer and the same handler table over HTTP, for machines
// without Electron's binary and for the end-to-end tests. Loopback only, behind a
// one-time secret (exchanged once for a separate random session id in an HttpOnly
// cookie) and an Origin/Host check.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import { extname, join, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { dispatch, type Handlers } from './api.ts';
import { decodeWire, encodeWire } from '#preload/wire.ts';
import { CONTENT_SECURITY_POLICY } from './csp.ts';
import { keepRunningOnUnhandledRejection } from './processGuard.ts';
import { appVersion } from './version.ts';
import { browserUpdateDir } from './update/updateService.ts';
import type { CheckedChange } from './settings/adminSettings.ts';
import { createConsoleApprover } from './settings/approval.ts';
import { createMainServices } from './host.ts';
import { browserDataDir } from './settings/dataDir.ts';
import type { HidTransport } from './token/hid/transport.ts';
import { createNodeHidTransport } from './token/hid/nodeHid.ts';
import { EmulatedBarcodeScanner, EmulatedScannerBus } from './barcode/emulator.ts';

const COOKIE = 'desk_session';
/**
 * Long enough that a browser closed and reopened during the working day (a persistent
 * profile) is still signed in at host.url: a session cookie would die with the browser and
 * the one-time link is spent. The session id itself lives only in this process's memory,
 * so no cookie outlives the host, whatever its Max-Age; each API call renews it.
 */
const SESSION_MAX_AGE_S = 24 * 60 * 60;

const LINK_USED_PAGE = `<!doctype html><html lang="vi"><meta charset="utf-8"><title>Một Cửa Desk</title>
<p>Liên kết này đã được dùng (hoặc không đúng). Hãy dùng cửa sổ Một Cửa Desk đang mở, hoặc khởi động lại ứng dụng để có liên kết mới.</p>
<p lang="en">This link has already been used (or is wrong). Use the Một Cửa Desk window that is already open, or restart the desk for a new link.</p>
</html>
`;
const MAX_BODY = 64 * 1024 * 1024;

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.ttf': 'font/ttf',
  '.woff2': 'font/woff2',
  '.bcmap': 'application/octet-stream',
  '.pfb': 'application/octet-stream',
  '.ico': 'image/x-icon',
};

export interface WebHost {
  url: string;
  /** The URL to open once: its secret is traded for a session cookie, then it is spent. */
  openUrl: string;
  /** Another one-time URL, for another browser profile (tests, benchmarks); only this process can ask. */
  issueOpenUrl(): string;
  close(): Promise<void>;
}

export interface WebHostOptions {
  rendererDir: string;
  port?: number;
  handlers?: Handlers;
  /** Where main keeps its privileged settings; DESK_DATA_DIR or the user's data folder by default. */
  dataDir?: string;
  /** Where settings changes are shown with their one-time codes: the console of whoever started the host. */
  console?: { write(text: string): unknown };
  /** Where barcode scanners are read: node-hid when started as a desk, the emulator in demo mode and tests; none when omitted. */
  barcodeTransport?: HidTransport;
  /** Demo mode's emulated scanner (DESK_BARCODE=emulator), which Settings' test scan may press. */
  barcodeDemo?: { scan(code: string): void };
  /** Render sample receipts at idle after start, as the desktop app does (main/pdf/warmUp.ts); on unless told. */
  warmForms?: boolean;
}

function sameSecret(a: string, b: string): boolean {
  const x = Buffer.from(a);
  const y = Buffer.from(b);
  return x.length === y.length && timingSafeEqual(x, y);
}

/** The member of `set` equal to `candidate`; every member is compared, so the time says nothing about which. */
function findSecret(set: ReadonlySet<string>, candidate: string): string | undefined {
  let found: string | undefined;
  for (const member of set) if (sameSecret(member, candidate)) found = member;
  return found;
}

function sessionCookie(id: string): string {
  return `${COOKIE}=${id}; HttpOnly; SameSite=Strict; Path=/; Max-Age=${SESSION_MAX_AGE_S}`;
}

function cookieOf(req: IncomingMessage): string {
  const header = req.headers.cookie ?? '';
  for (const part of header.split(';')) {
    const [k, ...v] = part.trim().split('=');
    if (k === COOKIE) return v.join('=');
  }
  return '';
}

async function readBody(req: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of req) {
    size += (chunk as Buffer).length;
    if (size > MAX_BODY) throw new Error('body too large');
    chunks.push(chunk as Buffer);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/**
 * Vite names every file under assets/ by a hash of its content, so a name never changes its
 * bytes: the browser may keep them, which is also what lets Chromium reuse the compiled code of
 * its scripts at the next start instead of compiling them again (issue 17: first screen). The
 * page itself is asked for every time, so an updated app is picked up at once.
 */
function cachePolicy(root: string, file: string): string {
  return file.startsWith(join(root, 'assets') + sep) ? 'public, max-age=31536000, immutable' : 'no-cache';
}

function securityHeaders(res: ServerResponse): void {
  res.setHeader('Content-Security-Policy', CONTENT_SECURITY_POLICY);
  res.setHeader('X-Content-Type-Options', 'nosniff');
  res.setHeader('Referrer-Policy', 'no-referrer');
  res.setHeader('Cross-Origin-Opener-Policy', 'same-origin');
  res.setHeader('X-Frame-Options', 'DENY');
}

export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const root = resolve(options.rendererDir);
  // One-time secrets not yet exchanged, and the session ids they were exchanged for.
  const unusedSecrets = new Set<string>();
  const sessions = new Set<string>();
  const dataDir = options.dataDir ?? browserDataDir();
  const main = createMainServices({
    info: { host: 'web', version: appVersion() },
    dataDir,
    updateDir: browserUpdateDir(),
    // Browser mode checks and downloads only: nothing there can replace the app.
    applyHost: null,
    approver: createConsoleApprover<CheckedChange>({ out: options.console ?? process.stdout }),
    // The host's own data and files are never a scan folder.
    appDirs: [dataDir, browserUpdateDir(), root],
    ...(options.barcodeTransport ? { barcodeTransport: options.barcodeTransport } : {}),
    ...(options.barcodeDemo ? { barcodeDemo: options.barcodeDemo } : {}),
    warmForms: options.warmForms ?? true,
  });
  // Main's privileged settings are applied before the server listens.
  const ready = await main.ready;
  const handlers = options.handlers ?? ready.handlers;
  let origin = '';

  async function serveStatic(pathname: string, res: ServerResponse): Promise<void> {
    let file = resolve(join(root, decodeURIComponent(pathname)));
    if (file !== root && !file.startsWith(root + sep)) {
      res.writeHead(403).end();
      return;
    }
    const info = await stat(file).catch(() => null);
    // The app has one page; unknown paths fall back to it.
    if (!info || info.isDirectory()) file = join(root, 'index.html');
    const body = await readFile(file).catch(() => null);
    if (!body) {
      res.writeHead(404).end('renderer not built: run npm run build');
      return;
    }
    res.writeHead(200, { 'Content-Type': TYPES[extname(file)] ?? 'application/octet-stream', 'Cache-Control': cachePolicy(root, file) });
    res.end(body);
  }

  async function serveApi(name: string, req: IncomingMessage, res: ServerResponse): Promise<void> {
    const session = findSecret(sessions, cookieOf(req));
    if (req.method !== 'POST' || req.headers.origin !== origin || session === undefined) {
      res.writeHead(403).end();
      return;
    }
    const body = await readBody(req);
    const envelope = await dispatch(handlers, name, body ? decodeWire(body) : {});
    res.writeHead(200, { 'Content-Type': 'application/json', 'Cache-Control': 'no-store', 'Set-Cookie': sessionCookie(session) });
    res.end(encodeWire(envelope));
  }

  /** The first use of a one-time secret opens a new session; any later use of it is refused. */
  function exchangeSecret(candidate: string, res: ServerResponse): void {
    const secret = findSecret(unusedSecrets, candidate);
    if (secret === undefined) {
      res.writeHead(403, { 'Content-Type': 'text/html; charset=utf-8', 'Cache-Control': 'no-store' }).end(LINK_USED_PAGE);
      return;
    }
    unusedSecrets.delete(secret);
    const session = randomBytes(32).toString('hex');
    sessions.add(session);
    res.writeHead(302, { 'Set-Cookie': sessionCookie(session), 'Cache-Control': 'no-store', Location: '/' }).end();
  }

  /** The API, the one-time link, or the renderer's files. */
  async function route(url: URL, req: IncomingMessage, res: ServerResponse): Promise<void> {
    if (url.pathname.startsWith('/api/')) return serveApi(url.pathname.slice(5), req, res);
    if (url.searchParams.has('k')) return exchangeSecret(url.searchParams.get('k') ?? '', res);
    return serveStatic(url.pathname, res);
  }

  const server = createServer((req, res) => {
    securityHeaders(res);
    // A page on another site could resolve a hostile name to 127.0.0.1; only our own Host is served.
    if (`http://${req.headers.host ?? ''}` !== origin) {
      res.writeHead(421).end();
      return;
    }
    route(new URL(req.url ?? '/', origin), req, res).catch(() => {
      if (!res.headersSent) res.writeHead(400);
      res.end();
    });
  });

  await new Promise<void>((ok, fail) => {
    server.once('error', fail);
    server.listen(options.port ?? 0, '127.0.0.1', () => ok());
  });
  const address = server.address();
  const port = typeof address === 'object' && address ? address.port : 0;
  origin = `http://127.0.0.1:${port}`;
  function issueOpenUrl(): string {
    const secret = randomBytes(32).toString('hex');
    unusedSecrets.add(secret);
    return `${origin}/?k=${secret}`;
  }
  return {
    url: origin,
    openUrl: issueOpenUrl(),
    issueOpenUrl,
    close: async () => {
      await main.close();
      await new Promise<void>((ok) => {
        server.closeAllConnections();
        server.close(() => ok());
      });
    },
  };
}

function demoScanner(): { bus: EmulatedScannerBus; scanner: EmulatedBarcodeScanner } {
  const bus = new EmulatedScannerBus();
  return { bus, scanner: bus.add(new EmulatedBarcodeScanner('hid-pos')) };
}

export const defaultRendererDir = fileURLToPath(new URL('../dist/renderer', import.meta.url));

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  keepRunningOnUnhandledRejection();
  const port = Number(process.env.DESK_PORT ?? 0) || undefined;
  // DESK_BARCODE=emulator: the demo's emulated HID POS scanner instead of the USB ones.
  const demo = process.env.DESK_BARCODE === 'emulator' ? demoScanner() : null;
  const host = await startWebHost({
    rendererDir: defaultRendererDir,
    port,
    ...(demo ? { barcodeTransport: demo.bus, barcodeDemo: demo.scanner } : { barcodeTransport: createNodeHidTransport() }),
  });
  process.stdout.write(`Một Cửa Desk (chế độ trình duyệt / browser mode): ${host.openUrl}\n`);
}
