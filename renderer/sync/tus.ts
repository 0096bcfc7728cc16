// The tus 1.0 client the desk needs, over fetch: create, HEAD to find the offset, PATCH
// 5 MB slices of the Blob. Written here rather than taken from tus-js-client because that
// library's Node build accepts only Buffers and streams (not the Blobs the desk stores), so
// it would need our own file reader and HTTP stack, and its retry and URL-storage model
// would duplicate the engine's (upload URLs in Dexie per hash, token refresh, 422 handling).
import type { DeskDb } from '../db/schema.ts';
import type { ProvincialApi } from './api.ts';
import { badAnswer, errorOf, SyncError } from './errors.ts';

export const CHUNK_BYTES = 5 * 1024 * 1024;

const TUS = { 'Tus-Resumable': '1.0.0' };

const b64 = (text: string): string => btoa(String.fromCharCode(...new TextEncoder().encode(text)));

export interface UploadReport {
  /** Body bytes handed to fetch in PATCH requests, including any cut off on the way. */
  bytesSent: number;
}

export interface UploadRequest {
  blob: Blob;
  sha256: string;
  name: string;
  chunkBytes?: number;
  signal?: AbortSignal;
  onBytes?: (n: number) => void;
}

/** Where a kept upload stands: its offset, or null if it is gone or already full (see below). */
async function resumeOffset(api: ProvincialApi, url: string, size: number, signal?: AbortSignal): Promise<number | null> {
  const res = await api.request(url, { method: 'HEAD', headers: TUS }, signal);
  if (res.status === 404 || res.status === 410) return null;
  if (res.status !== 200) throw await errorOf(res);
  const offset = Number(res.headers.get('upload-offset'));
  if (!Number.isInteger(offset) || offset < 0 || offset > size) throw badAnswer('Upload-Offset');
  // Full but the file is not there (the caller asked first): the server was cut off while
  // checking it, and the README says to start a new upload.
  return offset === size ? null : offset;
}

async function createUpload(api: ProvincialApi, req: UploadRequest, signal?: AbortSignal): Promise<string> {
  const res = await api.request(
    '/uploads',
    {
      method: 'POST',
      headers: {
        ...TUS,
        'Upload-Length': String(req.blob.size),
        'Upload-Metadata': `sha256 ${b64(req.sha256)},size ${b64(String(req.blob.size))},filename ${b64(req.name)}`,
      },
    },
    signal,
  );
  if (res.status !== 201) throw await errorOf(res);
  const location = res.headers.get('location');
  if (!location) throw badAnswer('Location');
  return new URL(location, `${await api.baseUrl()}/`).href;
}

/**
 * Uploads one Blob, resuming the upload kept in db.syncUploads for its hash. Reads one
 * slice at a time (Blob.slice is lazy), so memory stays at one chunk whatever the size.
 * Throws SyncError: 'upload-hash-mismatch' (refused) when the province's hash differs.
 */
export async function uploadBlob(db: DeskDb, api: ProvincialApi, req: UploadRequest): Promise<UploadReport> {
  const size = req.blob.size;
  const chunk = req.chunkBytes ?? CHUNK_BYTES;
  const report: UploadReport = { bytesSent: 0 };
  let restarts = 0;
  // Enough rounds for every chunk plus a few resumes; a server that keeps moving the offset is not believed.
  let rounds = 3 * Math.ceil(size / chunk) + 8;
  let url = (await db.syncUploads.get(req.sha256))?.url;
  let offset = url ? await resumeOffset(api, url, size, req.signal) : null;

  for (;;) {
    rounds -= 1;
    if (rounds < 0) throw badAnswer('tus');
    if (url === undefined || offset === null) {
      if (restarts > 2) throw badAnswer('tus');
      restarts += 1;
      url = await createUpload(api, req, req.signal);
      await db.syncUploads.update(req.sha256, { url }).then(async (n) => {
        if (n === 0) await db.syncUploads.put({ sha256: req.sha256, url });
      });
      offset = 0;
    }
    const slice = req.blob.slice(offset, Math.min(size, offset + chunk));
    report.bytesSent += slice.size;
    req.onBytes?.(slice.size);
    const res = await api.request(
      url,
      {
        method: 'PATCH',
        headers: { ...TUS, 'Upload-Offset': String(offset), 'Content-Type': 'application/offset+octet-stream' },
        body: slice,
      },
      req.signal,
    );
    if (res.status === 204) {
      const next = Number(res.headers.get('upload-offset'));
      if (!Number.isInteger(next) || next <= offset || next > size) throw badAnswer('Upload-Offset');
      if (next === size) return report;
      offset = next;
      continue;
    }
    const error = await errorOf(res);
    if (error.code === 'upload-hash-mismatch') {
      await db.syncUploads.update(req.sha256, { url: undefined });
      throw error;
    }
    if (res.status === 409) offset = await resumeOffset(api, url, size, req.signal);
    else if (res.status === 404 || res.status === 410) offset = null;
    else throw error;
  }
}

export const isHashMismatch = (e: unknown): e is SyncError => e instanceof SyncError && e.code === 'upload-hash-mismatch';
