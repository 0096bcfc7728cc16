// The reference provincial server: one node:http server on loopback that routes the
// provincial API (see openapi.yaml) and hands /uploads to tus. Everything durable is in
// the data folder, so a killed server restarted on the same folder carries on.

import { createReadStream, readdirSync, readFileSync } from 'node:fs';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import { type AuthOptions, DEFAULT_AUTH, authenticateRequest, createChallenge, issueToken, registerDesk } from './auth.ts';
import { copyByFetchCode, putCertifiedCopy } from './certifiedCopies.ts';
import { readChanges } from './changes.ts';
import { ApiError, badRequest, notFound } from './errors.ts';
import { answerPreflight, readJson, sendError, sendJson, setCors } from './http.ts';
import { getDossier, putDossier } from './intake.ts';
import { handleOperator, operatorKey } from './operatorPage.ts';
import { reconcileDay } from './reconcile.ts';
import { statusTable } from './statuses.ts';
import { type Db, SHA256_HEX, blobPath, folders, openDb, removeQuietly } from './store.ts';
import { UPLOADS_PATH, UPLOAD_SERVER_ERROR, createTusServer, fileVisible, recoverUploads, serveUploads } from './uploads.ts';

export interface ProvincialOptions {
  dataDir: string;
  port?: number;
  auth?: Partial<AuthOptions>;
}

export interface ProvincialServer {
  url: string;
  /** The operator's page, with its key. */
  operatorUrl: string;
  db: Db;
  close(): Promise<void>;
}

const OPENAPI = new URL('./openapi.yaml', import.meta.url);

export async function startProvincialServer(options: ProvincialOptions): Promise<ProvincialServer> {
  const auth: AuthOptions = { ...DEFAULT_AUTH, ...options.auth };
  const db = openDb(options.dataDir);
  const f = folders(options.dataDir);
  // Temp names are only ever renamed into place; any left here belong to a killed write.
  for (const name of readdirSync(f.tmp)) await removeQuietly(join(f.tmp, name));
  const desks = {
    agencyOf: (deskId: string) => (db.prepare('SELECT agency_id FROM desks WHERE id = ?').get(deskId) as { agency_id: string }).agency_id,
  };
  const tus = createTusServer(db, f, desks);
  const key = operatorKey(options.dataDir);
  await recoverUploads(db, f, tus, desks);

  async function route(req: IncomingMessage, res: ServerResponse, url: URL): Promise<void> {
    const path = url.pathname;
    const method = req.method ?? 'GET';
    const parts = path.split('/').filter(Boolean);

    if (method === 'GET' && path === '/health') return sendJson(res, 200, { ok: true });
    if (method === 'GET' && path === '/openapi.yaml') {
      res.writeHead(200, { 'Content-Type': 'application/yaml; charset=utf-8' });
      res.end(readFileSync(OPENAPI));
      return;
    }
    if (method === 'GET' && path === '/status-codes') return sendJson(res, 200, statusTable());
    if (method === 'POST' && path === '/desks/register') return sendJson(res, 201, registerDesk(db, await readJson(req), auth));
    if (method === 'POST' && path === '/auth/challenge') return sendJson(res, 200, createChallenge(db, await readJson(req)));
    if (method === 'POST' && path === '/auth/token') return sendJson(res, 200, issueToken(db, await readJson(req), auth));
    // The citizen's slip: the code is the credential, so no desk token; one copy per code, no listing.
    if (parts[0] === 'public' && parts[1] === 'certified-copies' && parts.length === 3 && (method === 'GET' || method === 'HEAD')) {
      const copy = copyByFetchCode(db, decodeURIComponent(parts[2]!));
      res.writeHead(200, {
        'Content-Type': 'application/pdf',
        'Content-Length': copy.size,
        'Content-Disposition': `attachment; filename="${copy.name}"`,
        'Cache-Control': 'no-store',
        'Referrer-Policy': 'no-referrer',
      });
      if (method === 'HEAD') return void res.end();
      createReadStream(blobPath(f, copy.sha256))
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }

    const desk = authenticateRequest(db, req);

    if (parts[0] === 'files' && parts.length === 2 && (method === 'GET' || method === 'HEAD')) {
      const sha256 = parts[1]!;
      const file = SHA256_HEX.test(sha256) ? fileVisible(db, desk.agencyId, sha256) : undefined;
      if (!file) throw notFound('file-not-found', 'Không có tệp với mã băm này.', 'No file with this SHA-256.');
      res.writeHead(200, {
        'Content-Type': 'application/octet-stream',
        'Content-Length': file.size,
        ETag: `"${sha256}"`,
        'Repr-Digest': `sha-256=:${Buffer.from(sha256, 'hex').toString('base64')}:`,
        'Cache-Control': 'private, max-age=31536000, immutable',
      });
      if (method === 'HEAD') return void res.end();
      createReadStream(blobPath(f, sha256))
        .on('error', () => res.destroy())
        .pipe(res);
      return;
    }
    if (method === 'POST' && path === '/files/lookup') {
      const body = (await readJson(req)) as { sha256?: unknown };
      const list = Array.isArray(body?.sha256) ? body.sha256 : null;
      if (!list || list.length > 1000 || !list.every((s): s is string => typeof s === 'string' && SHA256_HEX.test(s))) {
        throw badRequest('lookup-invalid', 'Cần danh sách sha256 (tối đa 1000).', 'Send {"sha256": [...]} with at most 1000 hashes.');
      }
      const present = list.filter((s) => fileVisible(db, desk.agencyId, s));
      return sendJson(res, 200, { present, missing: list.filter((s) => !present.includes(s)) });
    }
    if (parts[0] === 'dossiers' && parts.length === 2) {
      const id = parts[1]!;
      if (method === 'PUT') {
        const key = req.headers['idempotency-key'];
        return sendJson(res, 200, putDossier(db, desk, id, Array.isArray(key) ? key[0] : key, await readJson(req)));
      }
      if (method === 'GET') return sendJson(res, 200, getDossier(db, desk, id));
    }
    if (parts[0] === 'certified-copies' && parts.length === 2 && method === 'PUT') {
      const key = req.headers['idempotency-key'];
      return sendJson(res, 200, await putCertifiedCopy(db, f, desk, parts[1]!, Array.isArray(key) ? key[0] : key, await readJson(req)));
    }
    if (method === 'GET' && path === '/changes') {
      return sendJson(res, 200, readChanges(db, desk, url.searchParams.get('since'), url.searchParams.get('limit')));
    }
    if (method === 'GET' && path === '/reconcile') {
      const list = url.searchParams.get('list');
      return sendJson(res, 200, reconcileDay(db, desk, url.searchParams.get('day'), list === '1' || list === 'true'));
    }
    throw new ApiError(404, 'not-found', { vi: 'Không có đường dẫn này.', en: 'No such endpoint.' });
  }

  const server: Server = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    if (url.pathname === UPLOADS_PATH || url.pathname.startsWith(`${UPLOADS_PATH}/`)) {
      serveUploads(tus, req, res).catch(() => {
        if (res.headersSent) return void res.destroy();
        sendError(res, UPLOAD_SERVER_ERROR);
      });
      return;
    }
    const operator = url.pathname === '/operator' || url.pathname.startsWith('/operator/');
    if (req.method === 'OPTIONS' && !operator) return answerPreflight(res);
    // The operator's routes get no CORS headers: only the page itself may call them.
    if (!operator) setCors(res);
    const handle = operator
      ? handleOperator(db, f, key, req, res, url.pathname).then((done) => {
          if (!done) throw new ApiError(404, 'not-found', { vi: 'Không có đường dẫn này.', en: 'No such endpoint.' });
        })
      : route(req, res, url);
    handle.catch((e: unknown) => {
      if (res.headersSent) return void res.destroy();
      if (e instanceof ApiError) return sendError(res, e);
      // Only the error's kind goes to the log: a dossier body may hold personal data.
      console.error(`provincial: ${req.method} ${url.pathname} failed: ${(e as Error).name}`);
      sendError(res, new ApiError(500, 'server-error', { vi: 'Lỗi máy chủ.', en: 'Server error.' }));
    });
  });

  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    operatorUrl: `http://127.0.0.1:${port}/operator?key=${key}`,
    db,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
      db.close();
    },
  };
}
