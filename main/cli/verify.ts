// `desk verify FILE.pdf [--trust DIR] [--json]`: checks every signature and document timestamp
// in a PDF against the trust anchors in DIR, one verdict per signature in both languages (or
// the report as JSON). Exit status, for scripts:
//   0  every signature is intact, its signer trusted, and the document shown is the one signed;
//   1  a signature is broken (the document changed after signing in a way it does not
//      permit, its dictionary is damaged, or it is malformed), or the file is not a readable PDF;
//   2  nothing is broken but a signer is not trusted (unknown CA, expired…), or there is
//      no signature at all;
//   64 a bad invocation (sysexits EX_USAGE): wrong arguments, a missing file or trust folder,
//      a file that is not a regular file (FIFO, device) or is over 200 MB.
// A signature over an earlier revision prints that revision's length: `head -c N FILE` is the
// document as signed.
import { parseArgs } from 'node:util';
import { DeskError, isDeskError, type Bilingual } from '#domain/errors.ts';
import { loadTrustAnchors } from '../signing/trustAnchors.ts';
import { verifyPdf } from '../signing/verify.ts';
import { reportBadInput } from './holidays.ts';
import { MAX_PDF_BYTES, readUserFile, type CliCommand, type CliIo } from './io.ts';
import type { SignatureReport, TimeSource, Verdict } from '#preload/wire/signing.ts';

const USAGE = 'Cách dùng / Usage: desk verify FILE.pdf [--trust DIR] [--json]';
const EXIT = { valid: 0, broken: 1, untrusted: 2, usage: 64 } as const;

function badInvocation(e: unknown, io: CliIo): number {
  reportBadInput(e, io);
  return EXIT.usage;
}

const VERDICT: Record<Verdict, string> = {
  valid: 'HỢP LỆ / VALID',
  invalid: 'KHÔNG HỢP LỆ / INVALID',
  indeterminate: 'CHƯA XÁC ĐỊNH / INDETERMINATE',
};

const TIME_SOURCE: Record<TimeSource, string> = {
  'signature-timestamp': 'dấu thời gian của chữ ký / signature timestamp',
  'document-timestamp': 'dấu thời gian tài liệu / document timestamp',
  claimed: 'do người ký khai, chưa được chứng minh / claimed by the signer, not proven',
};

const both = (text: Bilingual) => `${text.vi} / ${text.en}`;

function print(report: SignatureReport, index: number, io: CliIo): void {
  const kind = report.kind === 'document-timestamp' ? 'Dấu thời gian tài liệu / Document timestamp' : 'Chữ ký / Signature';
  io.out(`[${index + 1}] ${kind} "${report.field}": ${VERDICT[report.verdict]}`);
  if (report.signer) io.out(`    Người ký / Signer: ${report.signer}${report.organisation ? ` (${report.organisation})` : ''}`);
  if (report.signingTime) io.out(`    Thời điểm / Time: ${report.signingTime}${report.timeSource ? ` (${TIME_SOURCE[report.timeSource]})` : ''}`);
  io.out(`    Mức / Level: ${report.format}`);
  if (report.laterRevisions > 0) io.out(`    Phiên bản sau / Later revisions: ${report.laterRevisions}`);
  const { length, verdict } = report.signedRevision;
  if (length !== null && (report.laterRevisions > 0 || report.changes.length > 0)) {
    io.out(`    Bản đã ký / Signed version: ${length} byte đầu / first ${length} bytes — ${VERDICT[verdict]}`);
  }
  for (const reason of report.reasons) io.out(`    Lý do / Reason: ${both(reason)}`);
  for (const warning of report.warnings) io.out(`    Lưu ý / Note: ${both(warning)}`);
}

export const run: CliCommand = async (args, io) => {
  let file: string;
  let trust: string | undefined;
  let json = false;
  try {
    const { values, positionals } = parseArgs({ args, options: { trust: { type: 'string' }, json: { type: 'boolean' } }, allowPositionals: true });
    if (positionals.length !== 1) throw new DeskError('cli.usage', { vi: USAGE, en: USAGE });
    file = positionals[0]!;
    trust = values.trust;
    json = values.json ?? false;
  } catch (e) {
    return badInvocation(isDeskError(e) ? e : new DeskError('cli.usage', { vi: USAGE, en: USAGE }), io);
  }
  let pdf: Uint8Array;
  let anchors: Uint8Array[] = [];
  try {
    pdf = await readUserFile(file, { maxBytes: MAX_PDF_BYTES });
    if (trust) {
      const loaded = await loadTrustAnchors(trust);
      anchors = loaded.certificates;
      for (const skipped of loaded.skipped) io.err(`Bỏ qua tệp không phải chứng thư / skipped, not a certificate: ${skipped}`);
    }
  } catch (e) {
    return badInvocation(e, io);
  }
  if (!trust) io.err('Không có --trust: không chứng thư gốc nào được tin cậy / no --trust: no root is trusted.');

  try {
    const { signatures } = await verifyPdf(pdf, { trustAnchors: anchors });
    const status = signatures.some((s) => s.verdict === 'invalid')
      ? EXIT.broken
      : signatures.length > 0 && signatures.every((s) => s.verdict === 'valid')
        ? EXIT.valid
        : EXIT.untrusted;
    if (json) {
      io.out(JSON.stringify({ file, signatures }, null, 2));
      return status;
    }
    if (signatures.length === 0) {
      io.out(`${file}: không có chữ ký nào / no signatures.`);
      return status;
    }
    io.out(`${file}: ${signatures.length} chữ ký / signature(s)`);
    signatures.forEach((report, i) => print(report, i, io));
    return status;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(e.text.vi);
    io.err(e.text.en);
    return EXIT.broken;
  }
};
