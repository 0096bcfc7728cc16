// Resumable uploads are the tus protocol (core + creation + creation-defer-length +
// termination) as @tus/server speaks it; this module adds what tus leaves to the
// application: who may touch an upload, the declared SHA-256 and size, turning a finished
// upload into a content-addressed file only after its bytes hash to what the desk
// declared, and answering every refusal — the protocol's own included — with the JSON
// Error of openapi.yaml and the status the tus 1.0.0 specification names.

import { FileStore } from '@tus/file-store';
import { ERRORS, EXPOSED_HEADERS, Server, type Upload } from '@tus/server';
import { statSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { authenticate, type Desk } from './auth.ts';
import { ApiError, type ErrorBody } from './errors.ts';
import { type Db, type Folders, SHA256_HEX, hashFile, linkIntoBlobs, now, recordFile, removeQuietly } from './store.ts';

export const UPLOADS_PATH = '/uploads';
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

const TUS_VERSION = '1.0.0';
const PATCH_TYPE = 'application/offset+octet-stream';

/** tus hooks abort a request by throwing {status_code, body}. */
function tusError(error: ApiError): { status_code: number; body: string } {
  return { status_code: error.status, body: JSON.stringify(error.body) };
}

const problem = (status: number, code: string, vi: string, en: string): ApiError => new ApiError(status, code, { vi, en });

const UPLOAD_NOT_FOUND = problem(404, 'upload-not-found', 'Không tìm thấy lượt tải lên.', 'The upload was not found.');
const HEADER_INVALID = problem(
  400,
  'upload-header-invalid',
  'Thiếu hoặc sai tiêu đề tus (Upload-Offset, Upload-Length hoặc Upload-Defer-Length).',
  'A tus header is missing or malformed (Upload-Offset, Upload-Length or Upload-Defer-Length).',
);
const METADATA_INVALID = problem(
  400,
  'upload-metadata-invalid',
  'Upload-Metadata phải có sha256 (hex chữ thường) và size bằng Upload-Length (hoặc độ dài khai báo sau, khi dùng Upload-Defer-Length).',
  'Upload-Metadata must carry sha256 (lower-case hex) and size equal to Upload-Length (or to the length declared later with Upload-Defer-Length).',
);

export const UPLOAD_SERVER_ERROR = problem(
  500,
  'upload-server-error',
  'Lỗi máy chủ khi tải lên; hãy thử lại sau.',
  'Server error during the upload; retry later.',
);
const VERSION_UNSUPPORTED = problem(
  412,
  'tus-version-unsupported',
  `Cần tiêu đề Tus-Resumable: ${TUS_VERSION}.`,
  `Send Tus-Resumable: ${TUS_VERSION}; it is the only version served (see Tus-Version).`,
);
const CONTENT_TYPE_INVALID = problem(
  415,
  'upload-content-type-invalid',
  `PATCH phải có Content-Type: ${PATCH_TYPE}.`,
  `A PATCH must carry Content-Type: ${PATCH_TYPE}.`,
);

/**
 * The library's own refusals (its ERRORS objects, thrown from its handlers) as documented
 * errors. Where the library's status is its own choice the protocol's is used: a missing
 * Content-Type is 415 (tus 1.0.0), a missing Upload-Offset a plain bad request, not 403.
 */
const LIBRARY_ERRORS = new Map<object, ApiError>([
  [ERRORS.MISSING_OFFSET, HEADER_INVALID],
  [ERRORS.INVALID_LENGTH, HEADER_INVALID],
  [ERRORS.INVALID_CONTENT_TYPE, CONTENT_TYPE_INVALID],
  [ERRORS.INVALID_METADATA, problem(400, 'upload-metadata-invalid', 'Upload-Metadata không đúng dạng tus.', 'Upload-Metadata is not in the tus format.')],
  [
    ERRORS.UNSUPPORTED_CONCATENATION_EXTENSION,
    problem(400, 'upload-header-invalid', 'Máy chủ không hỗ trợ Upload-Concat.', 'Upload-Concat is not supported here.'),
  ],
  [ERRORS.FILE_NOT_FOUND, UPLOAD_NOT_FOUND],
  [ERRORS.INVALID_OFFSET, problem(409, 'upload-offset-conflict', 'Vị trí tải lên không khớp.', 'Upload-Offset conflict.')],
  [
    ERRORS.ABORTED,
    problem(
      409,
      'upload-interrupted',
      'Lượt gửi bị ngắt hoặc bị yêu cầu khác thay thế; hãy HEAD rồi gửi tiếp.',
      'The request was cut off or overtaken by another one for this upload; HEAD and resume.',
    ),
  ],
  [ERRORS.FILE_NO_LONGER_EXISTS, problem(410, 'upload-gone', 'Lượt tải lên không còn.', 'The upload no longer exists.')],
  [ERRORS.ERR_SIZE_EXCEEDED, problem(413, 'upload-too-large', 'Nhiều byte hơn độ dài đã khai báo.', 'More bytes than the declared length.')],
  [ERRORS.ERR_MAX_SIZE_EXCEEDED, problem(413, 'upload-too-large', 'Tệp quá lớn.', 'The file is too large.')],
]);

/** What the library answers before any hook (a malformed header: "Invalid upload-offset") is still an Error body. */
function errorOfStatus(status: number, detail: string): ApiError {
  if (status === 404) return UPLOAD_NOT_FOUND;
  if (status === 412) return VERSION_UNSUPPORTED;
  if (status >= 500) return UPLOAD_SERVER_ERROR;
  if (/upload-metadata/i.test(detail)) return METADATA_INVALID;
  return new ApiError(400, HEADER_INVALID.body.code, HEADER_INVALID.body.message, { detail });
}

interface UploadRow {
  id: string;
  desk_id: string;
  sha256: string;
  size: number;
  finished_at: string | null;
}

interface DeskLookup {
  agencyOf(deskId: string): string;
}

/**
 * Hashes a complete upload and, if it matches, makes it a file the desk's agency can
 * name by hash. A mismatch deletes the upload. Also used at start-up to finish uploads
 * whose last PATCH was cut off by a crash after the bytes were written.
 */
export async function finishUpload(db: Db, f: Folders, store: FileStore, row: UploadRow, agencyId: string): Promise<'stored' | 'mismatch'> {
  const path = join(f.uploads, row.id);
  const actual = await hashFile(path);
  if (actual.sha256 !== row.sha256 || actual.size !== row.size) {
    await store.remove(row.id).catch(() => removeQuietly(path));
    db.prepare('DELETE FROM uploads WHERE id = ?').run(row.id);
    return 'mismatch';
  }
  await linkIntoBlobs(f, path, row.sha256);
  db.transaction(() => {
    recordFile(db, row.sha256, row.size, agencyId);
    db.prepare('UPDATE uploads SET finished_at = ? WHERE id = ?').run(now(), row.id);
  })();
  return 'stored';
}

export function createTusServer(db: Db, f: Folders, desks: DeskLookup): Server {
  const store = new FileStore({ directory: f.uploads });
  const uploadRow = (id: string) => db.prepare('SELECT * FROM uploads WHERE id = ?').get(id) as UploadRow | undefined;
  const deskOf = (req: Request): Desk => {
    try {
      return authenticate(db, req.headers.get('authorization'));
    } catch (e) {
      if (e instanceof ApiError) throw tusError(e);
      throw e;
    }
  };

  return new Server({
    path: UPLOADS_PATH,
    datastore: store,
    maxSize: MAX_UPLOAD_BYTES,
    relativeLocation: true,
    exposedHeaders: ['Upload-Sha256', 'WWW-Authenticate'],
    async onIncomingRequest(req, uploadId) {
      const desk = deskOf(req);
      if (req.method === 'POST') return;
      const row = uploadRow(uploadId);
      // Someone else's upload answers exactly like a missing one.
      if (!row || row.desk_id !== desk.id) throw tusError(UPLOAD_NOT_FOUND);
      // A deferred length, once declared, must be the size the desk put in the metadata.
      const declared = req.headers.get('upload-length');
      if (req.method === 'PATCH' && declared !== null && Number(declared) !== row.size) throw tusError(METADATA_INVALID);
    },
    async onUploadCreate(req, upload: Upload) {
      const desk = deskOf(req);
      const sha256 = upload.metadata?.sha256 ?? '';
      const size = Number(upload.metadata?.size);
      // With Upload-Defer-Length the tus length comes in a later PATCH; the file's size is still declared now.
      const sizeAgrees = upload.size === undefined ? Number.isSafeInteger(size) && size >= 0 && size <= MAX_UPLOAD_BYTES : size === upload.size;
      if (!SHA256_HEX.test(sha256) || !sizeAgrees) throw tusError(METADATA_INVALID);
      db.prepare('INSERT INTO uploads (id, desk_id, sha256, size, created_at) VALUES (?, ?, ?, ?, ?)').run(upload.id, desk.id, sha256, size, now());
      return {};
    },
    async onUploadFinish(_req, upload: Upload) {
      const row = uploadRow(upload.id)!;
      const outcome = await finishUpload(db, f, store, row, desks.agencyOf(row.desk_id));
      if (outcome === 'mismatch') {
        throw tusError(
          new ApiError(
            422,
            'upload-hash-mismatch',
            {
              vi: 'Nội dung tệp không khớp SHA-256 đã khai báo; lượt tải lên đã bị xóa, hãy tải lại.',
              en: 'The bytes do not match the declared SHA-256; the upload was deleted, upload again.',
            },
            { sha256: row.sha256 },
          ),
        );
      }
      return { headers: { 'Upload-Sha256': row.sha256 } };
    },
    onResponseError(_req, err) {
      if ('status_code' in err && err.body.startsWith('{')) return undefined;
      return tusError(LIBRARY_ERRORS.get(err) ?? UPLOAD_SERVER_ERROR);
    },
  });
}

function isErrorBody(value: unknown): value is ErrorBody {
  const body = value as Partial<ErrorBody> | null;
  return typeof body?.code === 'string' && typeof body.message?.vi === 'string' && typeof body.message.en === 'string';
}

/** What tus would refuse before reading a byte, answered here so the answer has the documented status and body. */
function protocolRefusal(req: IncomingMessage): ApiError | null {
  const method = req.method ?? '';
  if (!['POST', 'HEAD', 'PATCH', 'DELETE', 'OPTIONS'].includes(method)) {
    return problem(404, 'not-found', 'Không có đường dẫn này.', 'No such endpoint.');
  }
  if (method === 'OPTIONS') return null;
  if (req.headers['tus-resumable'] !== TUS_VERSION) return VERSION_UNSUPPORTED;
  if (method === 'PATCH' && req.headers['content-type'] !== PATCH_TYPE) return CONTENT_TYPE_INVALID;
  return null;
}

function writeError(res: ServerResponse, error: ApiError): void {
  const text = JSON.stringify(error.body);
  res.writeHead(error.status, {
    'Tus-Resumable': TUS_VERSION,
    ...(error.status === 412 ? { 'Tus-Version': TUS_VERSION } : {}),
    ...(error.status === 401 ? { 'WWW-Authenticate': `Bearer realm="provincial", error="${error.body.code}"` } : {}),
    'Access-Control-Allow-Origin': '*',
    'Access-Control-Expose-Headers': EXPOSED_HEADERS,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

/**
 * The /uploads front door: refuses what the protocol refuses with the statuses tus 1.0.0
 * names (412 with Tus-Version, 415), hands the rest to @tus/server, and turns whatever it
 * answers with an error into the JSON Error body with a JSON content type.
 */
export async function serveUploads(tus: Server, req: IncomingMessage, res: ServerResponse): Promise<void> {
  const refusal = protocolRefusal(req);
  if (refusal) return writeError(res, refusal);
  const incoming = new Headers();
  for (let i = 0; i + 1 < req.rawHeaders.length; i += 2) incoming.append(req.rawHeaders[i]!, req.rawHeaders[i + 1]!);
  const hasBody = req.method === 'PATCH' || req.method === 'POST';
  const answer = await tus.handleWeb(
    new Request(new URL(req.url ?? '/', 'http://127.0.0.1'), {
      method: req.method!,
      headers: incoming,
      ...(hasBody ? { body: Readable.toWeb(req) as ReadableStream<Uint8Array>, duplex: 'half' } : {}),
    }),
  );
  const text = req.method === 'HEAD' ? '' : await answer.text();
  if (answer.status >= 400) {
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      body = null;
    }
    const error = isErrorBody(body) ? new ApiError(answer.status, body.code, body.message, body) : errorOfStatus(answer.status, text.trim());
    return writeError(res, error);
  }
  const headers = Object.fromEntries(answer.headers);
  // Response() labels even an empty body text/plain; tus successes have none.
  if (text === '') delete headers['content-type'];
  res.writeHead(answer.status, headers);
  res.end(text);
}

/**
 * After a crash: finishes uploads whose bytes all arrived but were never hashed, and
 * drops tus leftovers older than a day whose file is already stored.
 */
export async function recoverUploads(db: Db, f: Folders, tus: Server, desks: DeskLookup): Promise<void> {
  const store = tus.datastore as FileStore;
  const pending = db.prepare('SELECT * FROM uploads WHERE finished_at IS NULL').all() as UploadRow[];
  for (const row of pending) {
    let size: number;
    try {
      size = statSync(join(f.uploads, row.id)).size;
    } catch {
      db.prepare('DELETE FROM uploads WHERE id = ?').run(row.id);
      continue;
    }
    if (size === row.size) await finishUpload(db, f, store, row, desks.agencyOf(row.desk_id));
  }
  const dayAgo = new Date(Date.now() - 86_400_000).toISOString();
  const old = db.prepare('SELECT * FROM uploads WHERE finished_at IS NOT NULL').all() as UploadRow[];
  for (const row of old) {
    if (new Date(row.finished_at!).toISOString() > dayAgo) continue;
    await store.remove(row.id).catch(() => undefined);
    db.prepare('DELETE FROM uploads WHERE id = ?').run(row.id);
  }
}

export function fileVisible(db: Db, agencyId: string, sha256: string): { size: number } | undefined {
  return db.prepare('SELECT f.size FROM files f JOIN file_access a ON a.sha256 = f.sha256 WHERE a.agency_id = ? AND f.sha256 = ?').get(agencyId, sha256) as
    { size: number } | undefined;
}
