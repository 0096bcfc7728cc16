// Fetching from the update server over slow, unreliable links. The feed and its signature are
// small and read whole; an installer is streamed to `<file>.partial` beside a small JSON state
// (where it comes from, what it must be, the server's ETag) and resumed with an HTTP Range
// request after a cut or an app restart. Memory stays bounded: bytes go to disk as they come and
// the SHA-512 is computed by streaming the file. Redirects are not followed: the desk talks to
// the one server the administrator configured.
import { request as httpRequest, type IncomingMessage } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { createReadStream, createWriteStream } from 'node:fs';
import { mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { createHash } from 'node:crypto';
import { join } from 'node:path';
import { Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { setTimeout as sleep } from 'node:timers/promises';
import { DeskError } from '#domain/errors.ts';

const IDLE_TIMEOUT_MS = 30_000;
const mb = (n: number) => (n / (1024 * 1024)).toFixed(1);

/** A network failure: what was written so far is kept and the next attempt resumes from it. */
export class Interrupted extends Error {
  override readonly name = 'Interrupted';
}

const tampered = (detail: { vi: string; en: string }) =>
  new DeskError('update.tampered', {
    vi: `Bộ cài tải về không đúng với thông tin đã ký (${detail.vi}): đã xoá tệp, bản cập nhật bị từ chối.`,
    en: `The downloaded installer does not match the signed feed (${detail.en}): the file was deleted and the update refused.`,
  });

function open(url: URL, headers: Record<string, string>, idleTimeoutMs: number): Promise<IncomingMessage> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const req = send(url, { method: 'GET', headers: { 'accept-encoding': 'identity', ...headers }, timeout: idleTimeoutMs }, (res) => {
      if ((res.statusCode ?? 0) >= 300 && (res.statusCode ?? 0) < 400) {
        res.resume();
        const to = res.headers.location ?? '?';
        reject(
          new DeskError('update.wrong-server', {
            vi: `Máy chủ cập nhật chuyển hướng sang địa chỉ khác (${to}): không đi theo. Hãy cấu hình đúng địa chỉ của tỉnh.`,
            en: `The update server redirects elsewhere (${to}): not followed. Configure the province's own address.`,
          }),
        );
        return;
      }
      resolve(res);
    });
    req.on('timeout', () => req.destroy(new Interrupted('timeout')));
    req.on('error', (e: NodeJS.ErrnoException) => reject(e instanceof DeskError ? e : new Interrupted(e.code ?? e.message)));
    req.end();
  });
}

function unreachable(url: URL, detail: string): DeskError {
  return new DeskError('update.unreachable', {
    vi: `Không tải được ${url.pathname.split('/').pop()} từ máy chủ cập nhật (${detail}). Máy vẫn dùng phiên bản hiện tại.`,
    en: `Cannot fetch ${url.pathname.split('/').pop()} from the update server (${detail}). The desk keeps its current version.`,
  });
}

/** A small file (the feed, its signature), whole, or the reason it could not be had. */
export async function fetchSmall(url: URL, maxBytes: number, idleTimeoutMs = IDLE_TIMEOUT_MS): Promise<Uint8Array> {
  let res: IncomingMessage;
  try {
    res = await open(url, {}, idleTimeoutMs);
  } catch (e) {
    if (e instanceof Interrupted) throw unreachable(url, e.message);
    throw e;
  }
  if (res.statusCode !== 200) {
    res.resume();
    throw unreachable(url, `HTTP ${res.statusCode}`);
  }
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const chunk of res) {
      size += (chunk as Buffer).length;
      if (size > maxBytes) {
        res.destroy();
        throw unreachable(url, `> ${maxBytes} bytes`);
      }
      chunks.push(chunk as Buffer);
    }
  } catch (e) {
    if (e instanceof DeskError) throw e;
    throw unreachable(url, (e as Error).message);
  }
  return new Uint8Array(Buffer.concat(chunks));
}

/** SHA-512 of a file in base64 (electron-builder's latest.yml encoding), read in chunks. */
export async function sha512OfFile(path: string): Promise<string> {
  const hash = createHash('sha512');
  for await (const chunk of createReadStream(path) as AsyncIterable<Buffer>) hash.update(chunk);
  return hash.digest('base64');
}

/** Whether the file on disk is the one the feed signed: its size, then its SHA-512. */
export async function matchesSigned(path: string, expected: { size: number; sha512: string }): Promise<boolean> {
  return (await sizeOf(path)) === expected.size && (await sha512OfFile(path)) === expected.sha512;
}

export interface Expected {
  url: string;
  size: number;
  sha512: string;
}

interface PartialState extends Expected {
  etag: string | null;
}

export interface DownloadOptions {
  /** The folder the installer goes to (with its .partial and state while it downloads). */
  dir: string;
  file: string;
  expected: Expected;
  /** Attempts in a row that bring no new byte before giving up for now (the partial file stays). */
  attempts?: number;
  retryDelayMs?: number;
  idleTimeoutMs?: number;
  onProgress?: (received: number, total: number) => void;
}

const sizeOf = (path: string) =>
  stat(path).then(
    (s) => s.size,
    () => -1,
  );

async function readState(path: string): Promise<PartialState | null> {
  try {
    return JSON.parse(await readFile(path, 'utf8')) as PartialState;
  } catch {
    return null;
  }
}

/** The verified installer's path. Throws update.tampered (files deleted) or update.interrupted (partial kept). */
export async function downloadResumable(options: DownloadOptions): Promise<string> {
  const { dir, file, expected } = options;
  const final = join(dir, file);
  const partial = `${final}.partial`;
  const stateFile = `${partial}.json`;
  await mkdir(dir, { recursive: true });

  if (await matchesSigned(final, expected)) return final;
  await rm(final, { force: true });

  let state = await readState(stateFile);
  if (!state || state.url !== expected.url || state.size !== expected.size || state.sha512 !== expected.sha512) {
    // Another file (or another version) was being fetched: its bytes are of no use here.
    await rm(partial, { force: true });
    state = { ...expected, etag: null };
    await writeFile(stateFile, JSON.stringify(state));
  }

  const attempts = options.attempts ?? 5;
  let fruitless = 0;
  let offset = Math.max(0, await sizeOf(partial));
  if (offset > expected.size) {
    await rm(partial, { force: true });
    offset = 0;
  }
  let lastProblem = '';
  while (offset < expected.size && fruitless < attempts) {
    const before = offset;
    try {
      offset = await fetchFrom(offset, state, partial, stateFile, options);
    } catch (e) {
      if (!(e instanceof Interrupted)) {
        if (e instanceof DeskError && e.code === 'update.tampered') {
          await rm(partial, { force: true });
          await rm(stateFile, { force: true });
        }
        throw e;
      }
      lastProblem = e.message;
      offset = Math.max(0, await sizeOf(partial));
    }
    if (offset > before) fruitless = 0;
    else fruitless++;
    if (offset < expected.size && fruitless < attempts && fruitless > 0) await sleep(options.retryDelayMs ?? 2000);
  }
  if (offset < expected.size) {
    throw new DeskError('update.interrupted', {
      vi: `Tải bản cập nhật bị gián đoạn ở ${mb(offset)}/${mb(expected.size)} MB (${lastProblem}). Lần sau sẽ tải tiếp từ chỗ dừng; máy vẫn dùng phiên bản hiện tại.`,
      en: `The update download stopped at ${mb(offset)}/${mb(expected.size)} MB (${lastProblem}). It resumes from there next time; the desk keeps its current version.`,
    });
  }
  if ((await sha512OfFile(partial)) !== expected.sha512) {
    await rm(partial, { force: true });
    await rm(stateFile, { force: true });
    throw tampered({ vi: 'mã băm SHA-512 khác', en: 'SHA-512 differs' });
  }
  await rename(partial, final);
  await rm(stateFile, { force: true });
  return final;
}

/** One request: appends what the server sends from `offset` on; returns the new size of the partial file. */
async function fetchFrom(offset: number, state: PartialState, partial: string, stateFile: string, options: DownloadOptions): Promise<number> {
  const { expected } = options;
  const url = new URL(expected.url);
  const headers: Record<string, string> = {};
  if (offset > 0) {
    headers.range = `bytes=${offset}-`;
    // The server sends the whole file (200) instead if it changed since the part we hold.
    if (state.etag) headers['if-range'] = state.etag;
  }
  const res = await open(url, headers, options.idleTimeoutMs ?? IDLE_TIMEOUT_MS);
  const status = res.statusCode ?? 0;
  let start: number;
  if (status === 206 && offset > 0) {
    const range = /^bytes (\d+)-(\d+)\/(\d+|\*)$/.exec(res.headers['content-range'] ?? '');
    if (!range || Number(range[1]) !== offset) {
      res.resume();
      throw new Interrupted('unusable Content-Range');
    }
    if (range[3] !== '*' && Number(range[3]) !== expected.size) {
      res.resume();
      throw tampered({
        vi: `máy chủ có ${range[3]} byte, thông tin ký ghi ${expected.size}`,
        en: `the server has ${range[3]} bytes, the feed says ${expected.size}`,
      });
    }
    start = offset;
  } else if (status === 200) {
    const length = res.headers['content-length'];
    if (length !== undefined && Number(length) !== expected.size) {
      res.resume();
      throw tampered({
        vi: `máy chủ có ${length} byte, thông tin ký ghi ${expected.size}`,
        en: `the server has ${length} bytes, the feed says ${expected.size}`,
      });
    }
    start = 0;
  } else if (status === 416) {
    res.resume();
    // We hold fewer bytes than the feed promises, yet the server has nothing past them.
    throw tampered({
      vi: `máy chủ chỉ có ${offset} byte, thông tin ký ghi ${expected.size}`,
      en: `the server has only ${offset} bytes, the feed says ${expected.size}`,
    });
  } else {
    res.resume();
    throw new Interrupted(`HTTP ${status}`);
  }
  const etag = typeof res.headers.etag === 'string' && !res.headers.etag.startsWith('W/') ? res.headers.etag : null;
  if (etag !== state.etag) {
    state.etag = etag;
    await writeFile(stateFile, JSON.stringify(state));
  }

  let written = start;
  const count = new Transform({
    transform(chunk: Buffer, _encoding, done) {
      written += chunk.length;
      if (written > expected.size) {
        done(tampered({ vi: 'máy chủ gửi nhiều hơn kích thước đã ký', en: 'the server sent more than the signed size' }));
        return;
      }
      options.onProgress?.(written, expected.size);
      done(null, chunk);
    },
  });
  const out = createWriteStream(partial, { flags: start === 0 ? 'w' : 'a' });
  try {
    await pipeline(res, count, out);
  } catch (e) {
    // The next attempt resumes from the file's size: a write still in flight when the connection
    // broke would land after that was read and duplicate bytes (seen once under load as a SHA-512
    // mismatch), so the size is read only once the file is closed.
    if (!out.closed) await new Promise<void>((closed) => out.once('close', () => closed()));
    if (e instanceof DeskError) throw e;
    throw new Interrupted((e as NodeJS.ErrnoException).code ?? (e as Error).message);
  }
  return written;
}
