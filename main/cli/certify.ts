// `desk certify`: an electronic certified copy from the command line, as the counter makes it
// (main/certification/certify.ts): the scan checked, the statement page added, the office's
// signature, a number in the certification book. The book is a JSON file the command keeps
// (--book, by default next to the copy): its state is written only after the copy is signed,
// and atomically (a temporary file renamed), so a refused or failed copy uses no number and a
// number is never given twice. The PIN comes from stdin (--pin-stdin) or DESK_PIN, never the command line.
import { randomUUID, createHash } from 'node:crypto';
import { readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { parseArgs } from 'node:util';
import { z } from 'zod';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { nextBookNumber } from '#domain/certification/book.ts';
import { certificationFee } from '#domain/certification/fee.ts';
import type { DeskPartition } from '#domain/dossierCode/allocator.ts';
import { deskDay } from '#domain/dossierCode/calendarDay.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { TOKEN_KINDS } from '#preload/wire/tokens.ts';
import bundledCatalog from '#domain/catalog/default-catalog.json' with { type: 'json' };
import { SigningService } from '../signing/signingService.ts';
import { certifyCopy } from '../certification/certify.ts';
import { reportBadInput } from './holidays.ts';
import { readPin } from './sign.ts';
import { MAX_PDF_BYTES, readUserFile, type CliCommand } from './io.ts';

const USAGE = [
  'Cách dùng / Usage: desk certify --original SCAN.pdf --token emulator|hid|pkcs11|ID [--module LIB]… [--cert ID] [--pin-stdin] --out COPY.pdf',
  '    --office "UBND xã …" --certifier "HỌ TÊN / NAME" [--place "XÃ / COMMUNE"] [--province TỈNH] [--book SO.json] [--slot D/N]',
  '  (PIN: stdin or DESK_PIN; --slot 2/3 = this desk is 2 of 3 sharing the book, default 1/1)',
].join('\n');
const usage = () => new DeskError('cli.usage', { vi: USAGE, en: USAGE });

export const BOOK_FORMAT = 'mot-cua-desk/certification-book@1';

const bookFileSchema = z.object({
  format: z.literal(BOOK_FORMAT),
  partitions: z.array(z.object({ from: z.string(), slots: z.number(), slot: z.number() })),
  state: z.object({ year: z.number(), slots: z.number(), slot: z.number(), lastNumber: z.number() }).nullable(),
  entries: z.array(
    z.object({
      number: z.number(),
      year: z.number(),
      day: z.string(),
      certifiedAt: z.string(),
      certifier: z.string(),
      pages: z.number(),
      fee: z.number(),
      file: z.string(),
      sha256: z.string(),
    }),
  ),
});
type BookFile = z.infer<typeof bookFileSchema>;

async function readBook(path: string, slot: { slots: number; slot: number }, today: string): Promise<BookFile> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code !== 'ENOENT') throw e;
    const partitions: DeskPartition[] = [{ from: `${today.slice(0, 4)}-01-01`, ...slot }];
    return { format: BOOK_FORMAT, partitions, state: null, entries: [] };
  }
  const parsed = bookFileSchema.safeParse(JSON.parse(text));
  if (!parsed.success) {
    throw new DeskError('certification.bookFile', {
      vi: `Tệp sổ chứng thực ${path} không đúng định dạng ${BOOK_FORMAT}; không ghi đè lên tệp này.`,
      en: `The certification book file ${path} is not in the ${BOOK_FORMAT} format; it will not be overwritten.`,
    });
  }
  return parsed.data;
}

/** Written beside the target, to be renamed over it: a reader sees the old file or the new one, never half. */
async function staged(path: string, bytes: Uint8Array | string): Promise<() => Promise<void>> {
  const temporary = join(dirname(path), `.${randomUUID()}.tmp`);
  await writeFile(temporary, bytes);
  return () => rename(temporary, path);
}

function parseSlot(text: string | undefined): { slots: number; slot: number } {
  if (text === undefined) return { slots: 1, slot: 1 };
  const match = /^(\d{1,2})\/(\d{1,2})$/.exec(text.trim());
  const [slot, slots] = match ? [Number(match[1]), Number(match[2])] : [0, 0];
  if (!(slot >= 1 && slots >= 1 && slot <= slots)) {
    throw new DeskError('cli.bad-slot', {
      vi: `--slot "${text}" không hợp lệ: cần D/N, quầy D trong N quầy dùng chung sổ (ví dụ 2/3).`,
      en: `--slot "${text}" is not valid: expected D/N, desk D of N desks sharing the book (e.g. 2/3).`,
    });
  }
  return { slots, slot };
}

function perPageRule() {
  const procedure = parseCatalog(JSON.stringify(bundledCatalog)).procedures.find((p) => p.code === '2.000815');
  const rule = procedure?.fees.find((f) => f.perPage)?.perPage;
  if (!rule)
    throw new DeskError('certification.noFeeRule', {
      vi: 'Danh mục thiếu biểu phí của thủ tục 2.000815.',
      en: 'The catalogue lacks the fee rule of procedure 2.000815.',
    });
  return rule;
}

export const certify: CliCommand = async (args, io) => {
  let values: Record<string, string | boolean | string[] | undefined>;
  let slot: { slots: number; slot: number };
  try {
    ({ values } = parseArgs({
      args,
      options: {
        original: { type: 'string' },
        out: { type: 'string' },
        token: { type: 'string' },
        cert: { type: 'string' },
        module: { type: 'string', multiple: true },
        'pin-stdin': { type: 'boolean' },
        office: { type: 'string' },
        place: { type: 'string' },
        certifier: { type: 'string' },
        province: { type: 'string' },
        book: { type: 'string' },
        slot: { type: 'string' },
      },
    }));
    if (!values.original || !values.out || !values.token || !values.office || !values.certifier) throw usage();
    slot = parseSlot(values.slot as string | undefined);
  } catch (e) {
    return reportBadInput(isDeskError(e) ? e : usage(), io);
  }
  const out = values.out as string;
  const tokenArg = values.token as string;
  const bookPath = (values.book as string | undefined) ?? join(dirname(out), 'so-chung-thuc-dien-tu.json');
  const service = new SigningService();
  // The training token holds the office's certificate here: a copy is signed by the office.
  service.configure({
    pkcs11Modules: (values.module as string[] | undefined) ?? [],
    emulator: tokenArg === 'emulator',
    emulatorHolder: 'organisation',
    tsaUrl: null,
    trustAnchors: [],
  });
  try {
    const original = await readUserFile(values.original as string, { maxBytes: MAX_PDF_BYTES });
    const now = new Date();
    const book = await readBook(bookPath, slot, deskDay(now));
    const entry = nextBookNumber(book.state, now, book.partitions);
    const { tokens } = await service.listTokens();
    const kind = TOKEN_KINDS.find((k) => k === tokenArg);
    const token = tokens.find((t) => (kind ? t.kind === kind : t.id === tokenArg));
    if (!token)
      throw new DeskError('cli.no-token', {
        vi: `Không thấy token "${tokenArg}" (xem: desk tokens).`,
        en: `Token "${tokenArg}" not found (see: desk tokens).`,
      });
    const certificateId = (values.cert as string | undefined) ?? token.certificates[0]?.id;
    if (!certificateId) throw new DeskError('cli.no-cert', { vi: 'Token không có chứng thư để ký.', en: 'The token holds no certificate to sign with.' });
    const copy = await certifyCopy(service, {
      original,
      tokenId: token.id,
      certificateId,
      // Asked only once the scan and the certificate passed: nothing is read from stdin for a refused copy.
      pin: token.pin.pinPad ? null : await readPin(values['pin-stdin'] === true, io),
      office: { name: values.office as string, place: (values.place as string | undefined) ?? '' },
      certifier: values.certifier as string,
      entry: { number: entry.number, year: entry.year, day: entry.day },
    });
    const fee = certificationFee({ pages: copy.pages.length, province: (values.province as string | undefined) ?? '', day: entry.day }, perPageRule());
    const next: BookFile = {
      ...book,
      state: entry.state,
      entries: [
        ...book.entries,
        {
          number: entry.number,
          year: entry.year,
          day: entry.day,
          certifiedAt: copy.signingTime,
          certifier: values.certifier as string,
          pages: copy.pages.length,
          fee: fee.amount,
          file: out,
          sha256: createHash('sha256').update(copy.pdf).digest('hex'),
        },
      ],
    };
    // The book is renamed into place before the copy: a number on a signed file is always in the
    // book, and a crash between the two leaves the entry (with the copy's hash) and no second use.
    const placeCopy = await staged(out, copy.pdf);
    await (
      await staged(bookPath, `${JSON.stringify(next, null, 2)}\n`)
    )();
    await placeCopy();
    const paid = fee.paidBy ? ` (${fee.paidBy.province} chi trả / paid by the province — ${fee.paidBy.basis})` : '';
    io.out(`Đã chứng thực / certified: ${out} — số / number ${entry.number}, quyển / book ${copy.book}, ${copy.pages.length} trang / pages`);
    io.out(`Lệ phí / fee: ${fee.amount.toLocaleString('vi-VN')} đồng${paid}; ký / signed by ${copy.signer}, PAdES ${copy.level}`);
    return 0;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(`${e.text.vi} / ${e.text.en}`);
    return 1;
  } finally {
    await service.close();
  }
};
