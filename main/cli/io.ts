// What a CLI command may touch: its output streams and standard input. Tests pass their own.

import { constants } from 'node:fs';
import { open, stat } from 'node:fs/promises';
import { DeskError } from '#domain/errors.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { showInvisible } from '#domain/text/citizenText.ts';

export interface CliIo {
  out(line: string): void;
  err(line: string): void;
  readStdin(): Promise<string>;
}

export type CliCommand = (args: string[], io: CliIo) => Promise<number>;

export const processIo: CliIo = {
  out: (line) => process.stdout.write(`${line}\n`),
  err: (line) => process.stderr.write(`${line}\n`),
  readStdin: async () => {
    const chunks: Buffer[] = [];
    for await (const chunk of process.stdin) chunks.push(chunk as Buffer);
    return Buffer.concat(chunks).toString('utf8');
  },
};

const MiB = 1024 * 1024;

/** The largest PDF the desk takes through its contract, so the CLI signs and verifies no bigger. */
export const MAX_PDF_BYTES = 200 * MiB;

function unreadable(file: string, e: unknown): DeskError {
  const code = (e as NodeJS.ErrnoException).code;
  const reason =
    code === 'ENOENT'
      ? { vi: 'không tìm thấy tệp', en: 'file not found' }
      : code === 'EACCES' || code === 'EPERM'
        ? { vi: 'không có quyền đọc', en: 'permission denied' }
        : { vi: code ?? 'lỗi đọc', en: code ?? 'read error' };
  return new DeskError('cli.unreadable-file', {
    vi: `Không đọc được tệp: ${file} (${reason.vi})`,
    en: `Cannot read file: ${file} (${reason.en})`,
  });
}

function notAFile(file: string): DeskError {
  return new DeskError('cli.not-a-file', {
    vi: `Không đọc được tệp: ${file} không phải tệp thông thường (thư mục, FIFO hay thiết bị).`,
    en: `Cannot read file: ${file} is not a regular file (a directory, FIFO or device).`,
  });
}

function tooLarge(file: string, maxBytes: number): DeskError {
  const limit = maxBytes >= MiB ? `${Math.floor(maxBytes / MiB)} MiB` : `${maxBytes} bytes`;
  return new DeskError('cli.file-too-large', {
    vi: `Tệp quá lớn: ${file} (tối đa ${limit}).`,
    en: `File too large: ${file} (at most ${limit}).`,
  });
}

/**
 * The bytes of a file the user named on the command line. Anything but a regular file is
 * refused before reading (a FIFO would block the command for ever, /dev/zero would never end),
 * and so is a file over maxBytes — also one that grows past it while being read.
 */
export async function readUserFile(file: string, { maxBytes }: { maxBytes: number }): Promise<Uint8Array> {
  const shown = showInvisible(file);
  try {
    if (!(await stat(file)).isFile()) throw notAFile(shown);
  } catch (e) {
    throw e instanceof DeskError ? e : unreadable(shown, e);
  }
  // O_NONBLOCK: if a FIFO replaces the file after the check, opening it must not wait for a writer.
  const handle = await open(file, constants.O_RDONLY | (constants.O_NONBLOCK ?? 0)).catch((e: unknown) => {
    throw unreadable(shown, e);
  });
  try {
    const info = await handle.stat();
    if (!info.isFile()) throw notAFile(shown);
    if (info.size > maxBytes) throw tooLarge(shown, maxBytes);
    const chunks: Uint8Array[] = [];
    let total = 0;
    for (;;) {
      const { bytesRead, buffer } = await handle.read({ buffer: new Uint8Array(Math.min(maxBytes + 1 - total, MiB)) });
      if (bytesRead === 0) break;
      total += bytesRead;
      if (total > maxBytes) throw tooLarge(shown, maxBytes);
      chunks.push(buffer.subarray(0, bytesRead));
    }
    return Buffer.concat(chunks);
  } finally {
    await handle.close();
  }
}

/** readUserFile, decoded as UTF-8 (BOM allowed) or BOM-marked UTF-16; other encodings are refused by name. */
export async function readUserText(file: string, options: { maxBytes: number }): Promise<string> {
  return decodeUserText(await readUserFile(file, options), file);
}
