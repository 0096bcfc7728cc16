// Resumable uploads are the tus protocol (core + creation + termination) as @tus/server
// speaks it; this module adds what tus leaves to the application: who may touch an
// upload, the declared SHA-256 and size, and turning a finished upload into a
// content-addressed file only after its bytes hash to what the desk declared.

import { FileStore } from '@tus/file-store';
import { Server, type Upload } from '@tus/server';
import { statSync } from 'node:fs';
import { join } from 'node:path';
import { authenticate, type Desk } from './auth.ts';
import { ApiError, type ErrorBody } from './errors.ts';
import { type Db, type Folders, SHA256_HEX, hashFile, linkIntoBlobs, now, recordFile, removeQuietly } from './store.ts';

export const UPLOADS_PATH = '/uploads';
export const MAX_UPLOAD_BYTES = 200 * 1024 * 1024;

/** tus hooks abort a request by throwing {status_code, body}. */
function tusError(error: ApiError): { status_code: number; body: string } {
  return { status_code: error.status, body: JSON.stringify(error.body) };
}

const TUS_CODES: Record<number, ErrorBody> = {
  404: { code: 'upload-not-found', message: { vi: 'Không tìm thấy lượt tải lên.', en: 'The upload was not found.' } },
  409: { code: 'upload-offset-conflict', message: { vi: 'Vị trí tải lên không khớp.', en: 'Upload-Offset conflict.' } },
  410: { code: 'upload-gone', message: { vi: 'Lượt tải lên không còn.', en: 'The upload no longer exists.' } },
  413: { code: 'upload-too-large', message: { vi: 'Tệp quá lớn.', en: 'The file is too large.' } },
};

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
      if (!row || row.desk_id !== desk.id) throw { status_code: 404, body: JSON.stringify(TUS_CODES[404]) };
    },
    async onUploadCreate(req, upload: Upload) {
      const desk = deskOf(req);
      const sha256 = upload.metadata?.sha256 ?? '';
      const size = Number(upload.metadata?.size);
      if (!SHA256_HEX.test(sha256) || upload.size === undefined || size !== upload.size) {
        throw tusError(
          new ApiError(400, 'upload-metadata-invalid', {
            vi: 'Upload-Metadata phải có sha256 (hex chữ thường) và size bằng Upload-Length.',
            en: 'Upload-Metadata must carry sha256 (lower-case hex) and size equal to Upload-Length.',
          }),
        );
      }
      db.prepare('INSERT INTO uploads (id, desk_id, sha256, size, created_at) VALUES (?, ?, ?, ?, ?)').run(
        upload.id,
        desk.id,
        sha256,
        size,
        now(),
      );
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
      const status = 'status_code' in err ? err.status_code : 500;
      const known = TUS_CODES[status];
      const body: ErrorBody = known ?? {
        code: status >= 500 ? 'upload-server-error' : 'upload-request-invalid',
        message: { vi: 'Yêu cầu tải lên không hợp lệ.', en: 'The upload request was refused.' },
        detail: 'body' in err ? err.body.trim() : err.message,
      };
      return { status_code: status, body: JSON.stringify(body) };
    },
  });
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
  return db
    .prepare('SELECT f.size FROM files f JOIN file_access a ON a.sha256 = f.sha256 WHERE a.agency_id = ? AND f.sha256 = ?')
    .get(agencyId, sha256) as { size: number } | undefined;
}

