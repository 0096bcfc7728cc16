// The last checks on a downloaded installer before anything runs it: its size and SHA-512 against
// the signed feed (again, right before use: the file sat on disk since it was downloaded), and on
// Windows its Authenticode signature, which must be valid and made by the configured publisher.
// The PowerShell command and the reading of its answer are pure functions; only the call between
// them needs Windows.
import { execFile } from 'node:child_process';
import { rm } from 'node:fs/promises';
import { DeskError } from '#domain/errors.ts';
import { matchesSigned } from './download.ts';

export async function verifyDownloaded(path: string, expected: { size: number; sha512: string }): Promise<void> {
  if (!(await matchesSigned(path, expected))) {
    await rm(path, { force: true });
    throw new DeskError('update.tampered', {
      vi: 'Bộ cài đã tải bị thay đổi trên máy sau khi kiểm tra: đã xoá tệp, bản cập nhật bị từ chối. Phiên bản đang dùng không bị ảnh hưởng.',
      en: 'The downloaded installer changed on this computer after it was checked: it was deleted and the update refused. The installed version is untouched.',
    });
  }
}

/** A PowerShell single-quoted literal: only the quote itself needs escaping, by doubling. */
function psLiteral(text: string): string {
  return `'${text.replace(/'/g, "''")}'`;
}

/**
 * powershell.exe with the script passed as -EncodedCommand (UTF-16LE base64), so no path or
 * Vietnamese character goes through cmd.exe quoting; the answer is one line of JSON in UTF-8.
 */
export function authenticodeCommand(path: string): { file: string; args: string[] } {
  const script = [
    "$ErrorActionPreference = 'Stop'",
    '[Console]::OutputEncoding = [System.Text.Encoding]::UTF8',
    `$s = Get-AuthenticodeSignature -LiteralPath ${psLiteral(path)}`,
    '$subject = if ($s.SignerCertificate) { $s.SignerCertificate.Subject } else { $null }',
    '[pscustomobject]@{ Status = [string]$s.Status; StatusMessage = [string]$s.StatusMessage; Subject = $subject } | ConvertTo-Json -Compress',
  ].join('; ');
  return {
    file: 'powershell.exe',
    args: ['-NoProfile', '-NonInteractive', '-ExecutionPolicy', 'Bypass', '-EncodedCommand', Buffer.from(script, 'utf16le').toString('base64')],
  };
}

/** An X.500 distinguished name as Windows prints it (`CN="A, B", O=C, C=VN`) into its attributes. */
export function parseDistinguishedName(dn: string): Record<string, string> {
  const out: Record<string, string> = {};
  const pattern = /\s*([A-Za-z0-9.]+)=("((?:[^"]|"")*)"|[^,]*)\s*(?:,|$)/gy;
  for (let m = pattern.exec(dn); m && m[0] !== ''; m = pattern.exec(dn)) {
    const value = m[3] !== undefined ? m[3].replace(/""/g, '"') : m[2]!.trim();
    out[m[1]!.toUpperCase()] ??= value;
  }
  return out;
}

const refusedSignature = (vi: string, en: string) =>
  new DeskError('update.untrusted-installer', {
    vi: `Bộ cài không có chữ ký số hợp lệ của nhà phát hành (${vi}): bản cập nhật bị từ chối.`,
    en: `The installer does not carry the publisher's valid code signature (${en}): the update is refused.`,
  });

/** Reads Get-AuthenticodeSignature's answer: valid, and signed by one of the configured publishers. */
export function judgeAuthenticode(output: string, publishers: readonly string[]): void {
  let answer: { Status?: unknown; StatusMessage?: unknown; Subject?: unknown };
  try {
    answer = JSON.parse(output.trim()) as typeof answer;
  } catch {
    throw refusedSignature('không đọc được kết quả kiểm tra', "the check's answer cannot be read");
  }
  if (answer.Status !== 'Valid') {
    const status = String(answer.Status ?? '?');
    throw refusedSignature(`trạng thái ${status}`, `status ${status}: ${String(answer.StatusMessage ?? '')}`.trim());
  }
  const name = parseDistinguishedName(typeof answer.Subject === 'string' ? answer.Subject : '').CN ?? '';
  const wanted = publishers.map((p) => p.normalize('NFC'));
  if (!wanted.includes(name.normalize('NFC'))) {
    throw refusedSignature(`người ký "${name}", cần "${wanted.join('" hoặc "')}"`, `signed by "${name}", expected "${wanted.join('" or "')}"`);
  }
}

/** Runs the check on Windows. Elsewhere there is no Authenticode: the signed feed's hash is the check. */
export async function checkAuthenticode(path: string, publishers: readonly string[]): Promise<void> {
  const { file, args } = authenticodeCommand(path);
  const output = await new Promise<string>((resolve, reject) =>
    execFile(file, args, { timeout: 60_000, windowsHide: true, encoding: 'utf8' }, (error, stdout) => (error ? reject(error) : resolve(stdout))),
  ).catch(() => {
    throw refusedSignature('không chạy được PowerShell', 'PowerShell could not run');
  });
  judgeAuthenticode(output, publishers);
}
