// Raw sealing throughput, shared by the protection benchmark in Node and in Chromium (bundled
// into bench/protectionPage.entry.ts): records sealed and opened by the desk's Protection,
// against structuredClone of the same records (what IndexedDB does to every value it
// stores), and a 20 MB file sealed and opened, against copying the same Blob's bytes.
import type { Dossier } from '#domain/model.ts';
import type { Protection } from '#renderer/db/protection/protection.ts';
import { PROTECTED_TABLES } from '#renderer/db/protection/protectedTables.ts';
import { blindToken } from '#renderer/db/protection/dataKey.ts';

const SPEC = PROTECTED_TABLES.dossiers!;
const ROUNDS = 3;

const medianOf = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)]!;

async function timedRounds(fn: () => unknown | Promise<unknown>): Promise<number> {
  const times: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    const t0 = performance.now();
    await fn();
    times.push(performance.now() - t0);
  }
  return medianOf(times);
}

export interface RecordThroughput {
  records: number;
  rounds: number;
  /** Median over rounds of the whole batch, ms. */
  sealMs: number;
  openMs: number;
  /** Of sealRecord: the blind index alone (index terms + one HMAC token each). */
  indexTokensMs: number;
  structuredCloneMs: number;
  sealedBytesPerRecord: number;
  plainJsonBytesPerRecord: number;
  indexKeysPerRecord: number;
}

export async function recordThroughput(protection: Protection, dossiers: readonly Dossier[]): Promise<RecordThroughput> {
  const rows = dossiers as unknown as Record<string, unknown>[];
  // Warm the JIT on a few hundred before timing.
  for (const d of rows.slice(0, 300)) protection.openRecord('dossiers', SPEC, protection.sealRecord('dossiers', SPEC, d));
  let sealed: Record<string, unknown>[] = [];
  const sealMs = await timedRounds(() => {
    sealed = rows.map((d) => protection.sealRecord('dossiers', SPEC, d));
  });
  const openMs = await timedRounds(() => {
    for (const s of sealed) protection.openRecord('dossiers', SPEC, s);
  });
  const key = protection.current;
  const indexTokensMs = await timedRounds(() => {
    for (const d of rows) for (const t of SPEC.index!.of(d).terms) blindToken(key, t.kind, t.value);
  });
  const structuredCloneMs = await timedRounds(() => {
    for (const d of rows) structuredClone(d);
  });
  const sealedBytes = sealed.reduce((n, s) => n + (s.sealed as Uint8Array).length, 0);
  const plainBytes = rows.reduce((n, d) => n + JSON.stringify(d).length, 0);
  const keys = sealed.reduce((n, s) => n + (s.searchKeys as string[]).length, 0);
  return {
    records: rows.length,
    rounds: ROUNDS,
    sealMs,
    openMs,
    indexTokensMs,
    structuredCloneMs,
    sealedBytesPerRecord: Math.round(sealedBytes / rows.length),
    plainJsonBytesPerRecord: Math.round(plainBytes / rows.length),
    indexKeysPerRecord: Math.round((keys / rows.length) * 10) / 10,
  };
}

export interface FileThroughput {
  bytes: number;
  rounds: number;
  /** protection.sealBlob(plain): 1 MiB chunks of AES-256-GCM through WebCrypto. */
  sealMs: number;
  /** protection.openBytes(sealed): authenticated and decrypted to a Uint8Array. */
  openMs: number;
  /** Baselines: new Blob([await plain.arrayBuffer()]) (a copy into a new Blob), and new Uint8Array(await plain.arrayBuffer()). */
  copyBlobMs: number;
  readBytesMs: number;
  /** The same 1 MiB slices read and put back together, without encryption: the sealing loop minus AES-GCM. */
  copyChunkedMs: number;
  sealedBytes: number;
}

export async function fileThroughput(protection: Protection, bytes: number): Promise<FileThroughput> {
  const data = new Uint8Array(bytes);
  for (let at = 0; at < bytes; at += 65536) crypto.getRandomValues(data.subarray(at, Math.min(bytes, at + 65536)));
  const plain = new Blob([data], { type: 'application/pdf' });
  // Warm WebCrypto (key import) and the Blob paths once.
  await protection.openBytes(await protection.sealBlob(plain.slice(0, 2 * 1024 * 1024, 'application/pdf')));
  let sealed: Blob = plain;
  const sealMs = await timedRounds(async () => {
    sealed = await protection.sealBlob(plain);
  });
  const openMs = await timedRounds(async () => {
    const out = await protection.openBytes(sealed);
    if (out.length !== bytes) throw new Error('opened file has the wrong size');
  });
  const copyBlobMs = await timedRounds(async () => new Blob([await plain.arrayBuffer()], { type: plain.type }));
  const readBytesMs = await timedRounds(async () => new Uint8Array(await plain.arrayBuffer()));
  const copyChunkedMs = await timedRounds(async () => {
    const parts: BlobPart[] = [];
    for (let at = 0; at < bytes; at += 1024 * 1024) parts.push(await plain.slice(at, at + 1024 * 1024).arrayBuffer());
    return new Blob(parts, { type: plain.type });
  });
  return { bytes, rounds: ROUNDS, sealMs, openMs, copyBlobMs, readBytesMs, copyChunkedMs, sealedBytes: sealed.size };
}
