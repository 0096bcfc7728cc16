// One dossier to the province: its files first (skipping those it already holds), then
// the record under Idempotency-Key "<id>.<version>", and the answer settled in Dexie.
import { isDeskError } from '#domain/errors.ts';
import type { DeskDb, StoredFile } from '../db/schema.ts';
import type { ProvincialApi } from './api.ts';
import { badAnswer, errorOf, isSyncError, SyncError } from './errors.ts';
import { hashBlob } from './fileHash.ts';
import { acknowledge, dropStale, markError, prepareDossier, raiseVersion, type PreparedDossier } from './outbox.ts';
import { isHashMismatch, uploadBlob } from './tus.ts';

export interface SendContext {
  db: DeskDb;
  api: ProvincialApi;
  now: () => Date;
  signal?: AbortSignal;
  chunkBytes?: number;
  /** Hashes the province was seen to hold during this drain (saves a lookup per dossier). */
  present: Set<string>;
  /** Uploads under way in this drain, by hash: a dossier sharing a file waits instead of uploading it again. */
  uploading: Map<string, Promise<void>>;
  onBytes(n: number): void;
}

export type SendOutcome = 'acked' | 'stale' | 'error' | 'nothing';

/** The local Blob does not hash to what it claims: only a rescan can fix it. */
const corruptFile = (name: string) =>
  new SyncError(
    'file-corrupt',
    {
      vi: `Tệp "${name}" trên máy đã bị hỏng (mã băm không khớp); cần quét lại thành phần này.`,
      en: `The file "${name}" on this desk is damaged (its hash does not match); scan this component again.`,
    },
    'refused',
  );

const MAX_TRANSIT_MISMATCHES = 2;

/** Which of these hashes the province lacks (POST /files/lookup). */
export async function lookup(ctx: SendContext, hashes: string[]): Promise<string[]> {
  const res = await ctx.api.request(
    '/files/lookup',
    { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify({ sha256: hashes }) },
    ctx.signal,
  );
  if (res.status !== 200) throw await errorOf(res);
  const body = (await res.json().catch(() => null)) as { missing?: unknown } | null;
  if (!body || !Array.isArray(body.missing) || !body.missing.every((h) => typeof h === 'string')) throw badAnswer('files/lookup');
  return body.missing;
}

async function notePresent(ctx: SendContext, sha256: string): Promise<void> {
  ctx.present.add(sha256);
  const row = await ctx.db.syncUploads.get(sha256);
  await ctx.db.syncUploads.put({ ...row, sha256, presentAt: ctx.now().toISOString(), url: undefined });
}

/**
 * A 422 from the province: hash the local Blob again. If it no longer matches, the file is
 * marked corrupt; if it matches, the bytes were damaged on the way, which is retried a
 * bounded number of times (counted in Dexie, so restarts do not reset it).
 */
async function afterMismatch(ctx: SendContext, file: StoredFile): Promise<SyncError> {
  const actual = await hashBlob(await plainBlob(ctx, file));
  const row = (await ctx.db.syncUploads.get(file.sha256)) ?? { sha256: file.sha256 };
  if (actual !== file.sha256) {
    await ctx.db.syncUploads.put({ ...row, url: undefined, corrupt: { actualSha256: actual, at: ctx.now().toISOString() } });
    return corruptFile(file.name);
  }
  const mismatches = (row.mismatches ?? 0) + 1;
  await ctx.db.syncUploads.put({ ...row, url: undefined, mismatches });
  if (mismatches >= MAX_TRANSIT_MISMATCHES) {
    return new SyncError(
      'upload-hash-mismatch',
      {
        vi: 'Máy chủ tỉnh nhiều lần nhận tệp sai mã băm dù tệp trên máy đúng; cần kiểm tra đường truyền.',
        en: 'The province keeps receiving a file with the wrong hash although the local file is intact; check the link.',
      },
      'refused',
    );
  }
  return new SyncError(
    'upload-hash-mismatch',
    { vi: 'Tệp bị hỏng trên đường truyền; sẽ gửi lại.', en: 'A file was damaged in transit; it will be sent again.' },
    'retry',
  );
}

/** Uploads the files the province lacks, once per drain for a file two records share (a certified copy's PDF too). */
export async function uploadMissing(ctx: SendContext, prepared: Pick<PreparedDossier, 'files'>, missing: string[]): Promise<void> {
  for (const sha256 of missing) {
    const file = prepared.files.find((f) => f.sha256 === sha256);
    if (!file) throw badAnswer('missing file not in dossier');
    const other = ctx.uploading.get(sha256);
    // If that upload fails, this dossier's PUT is answered files-missing and uploads it itself.
    if (other) {
      await other;
      continue;
    }
    const upload = uploadOne(ctx, file);
    ctx.uploading.set(
      sha256,
      upload.then(
        () => undefined,
        () => undefined,
      ),
    );
    try {
      await upload;
    } finally {
      ctx.uploading.delete(sha256);
    }
  }
}

/**
 * The file's plain bytes (stored sealed). One that no longer opens was damaged on disk: it is
 * marked corrupt like a file whose hash changed, and must be scanned again.
 */
async function plainBlob(ctx: SendContext, file: StoredFile): Promise<Blob> {
  try {
    return await ctx.db.protection.openBlob(file.blob);
  } catch (e) {
    if (!(isDeskError(e) && e.code === 'data-tampered')) throw e;
    const row = (await ctx.db.syncUploads.get(file.sha256)) ?? { sha256: file.sha256 };
    await ctx.db.syncUploads.put({ ...row, url: undefined, corrupt: { actualSha256: 'unreadable', at: ctx.now().toISOString() } });
    throw corruptFile(file.name);
  }
}

async function uploadOne(ctx: SendContext, file: StoredFile): Promise<void> {
  if ((await ctx.db.syncUploads.get(file.sha256))?.corrupt) throw corruptFile(file.name);
  const blob = await plainBlob(ctx, file);
  try {
    await uploadBlob(ctx.db, ctx.api, {
      blob,
      sha256: file.sha256,
      name: file.name,
      ...(ctx.chunkBytes ? { chunkBytes: ctx.chunkBytes } : {}),
      ...(ctx.signal ? { signal: ctx.signal } : {}),
      onBytes: ctx.onBytes,
    });
  } catch (e) {
    if (isHashMismatch(e)) throw await afterMismatch(ctx, file);
    throw e;
  }
  await notePresent(ctx, file.sha256);
}

async function putDossier(ctx: SendContext, prepared: PreparedDossier): Promise<Response> {
  const { wire } = prepared;
  return ctx.api.request(
    `/dossiers/${wire.id}`,
    { method: 'PUT', headers: { 'Content-Type': 'application/json', 'Idempotency-Key': `${wire.id}.${wire.version}` }, body: JSON.stringify(wire) },
    ctx.signal,
  );
}

/**
 * Sends the dossier's pending version. Throws SyncError of kind 'retry' or 'enrol' (the
 * engine backs off or stops); a refusal is recorded on the dossier and reported as 'error'.
 */
export async function sendDossier(ctx: SendContext, dossierId: string, retryErrors: boolean): Promise<SendOutcome> {
  let conflicts = 0;
  for (;;) {
    const prepared = await prepareDossier(ctx.db, dossierId, retryErrors);
    if (!prepared) return 'nothing';
    try {
      const hashes = [...new Set(prepared.files.map((f) => f.sha256))].filter((h) => !ctx.present.has(h));
      if (hashes.length > 0) {
        const missing = await lookup(ctx, hashes);
        for (const h of hashes) if (!missing.includes(h)) ctx.present.add(h);
        await uploadMissing(ctx, prepared, missing);
      }
      let res = await putDossier(ctx, prepared);
      for (let round = 0; res.status === 409 && round < 2; round += 1) {
        const error = await errorOf(res.clone());
        if (error.code !== 'dossier-files-missing') break;
        const missing = Array.isArray(error.body.missing) ? (error.body.missing as string[]) : [];
        for (const h of missing) ctx.present.delete(h);
        await uploadMissing(ctx, prepared, missing);
        res = await putDossier(ctx, prepared);
      }
      if (res.status === 200) {
        const answer = (await res.json().catch(() => null)) as { id?: unknown; version?: unknown } | null;
        // An answer about another dossier or version is not an acknowledgement of this one.
        if (!answer || answer.id !== prepared.wire.id || answer.version !== prepared.wire.version) throw badAnswer('dossier answer');
        await acknowledge(ctx.db, prepared, ctx.now());
        return 'acked';
      }
      const error = await errorOf(res);
      if (error.code === 'dossier-version-stale') {
        const current = Number(error.body.currentVersion);
        await dropStale(ctx.db, prepared, Number.isInteger(current) ? current : prepared.wire.version);
        return 'stale';
      }
      if (error.code === 'dossier-version-conflict' && conflicts === 0) {
        conflicts += 1;
        await raiseVersion(ctx.db, dossierId);
        continue;
      }
      throw error;
    } catch (e) {
      if (isSyncError(e) && e.kind === 'refused') {
        await markError(ctx.db, prepared, e.code, e.text, ctx.now());
        return 'error';
      }
      throw e;
    }
  }
}
