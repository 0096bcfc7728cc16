// `desk tokens` and `desk sign`: the same token listing and signing the desk uses, for support
// staff. The PIN never goes on the command line (other users can read it there): it comes
// from DESK_PIN or, with --pin-stdin, from standard input.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { SigningService, type StampRequest } from '../signing/signingService.ts';
import { checkStampImage, MAX_STAMP_IMAGE_BYTES, type StampImageKind } from '../signing/stampImage.ts';
import { stampTemplateSchema } from '../signing/stamp.ts';
import { TOKEN_KINDS } from '#preload/wire/tokens.ts';
import { STAMP_CORNERS, STAMP_PAGES, type StampOutcome } from '#preload/wire/signing.ts';
import { reportBadInput } from './holidays.ts';
import { MAX_PDF_BYTES, readUserFile, type CliCommand, type CliIo } from './io.ts';

const TOKENS_USAGE = 'Cách dùng / Usage: desk tokens [--module LIB]… [--emulator]';
const SIGN_USAGE = [
  'Cách dùng / Usage: desk sign --token emulator|hid|pkcs11|ID [--module LIB]… [--cert ID] [--tsa URL] [--pin-stdin] --out OUT.pdf IN.pdf   (PIN: stdin or DESK_PIN)',
  '  chữ ký hiển thị / visible stamp: [--stamp] [--image CHU-KY.png] [--seal CON-DAU.png] [--title "CHỨC VỤ"] [--organisation NAME]',
  '    [--page first|last] [--corner bottom-right|bottom-left|top-right] [--area TRANG,X,Y,RỘNG,CAO / PAGE,X,Y,W,H] [--appearance MAU.json]',
].join('\n');
/** A stamp template is a few hundred bytes; anything far larger is not one. */
const MAX_APPEARANCE_BYTES = 64 * 1024;

const tokenOptions = {
  module: { type: 'string', multiple: true },
  emulator: { type: 'boolean' },
} as const;

function serviceFor(values: { module?: string[]; emulator?: boolean; tsa?: string }): SigningService {
  const service = new SigningService();
  service.configure({ pkcs11Modules: values.module ?? [], emulator: values.emulator ?? false, tsaUrl: values.tsa ?? null, trustAnchors: [] });
  return service;
}

const usage = (text: string) => new DeskError('cli.usage', { vi: text, en: text });

export const listTokens: CliCommand = async (args, io) => {
  let values: { module?: string[]; emulator?: boolean };
  try {
    ({ values } = parseArgs({ args, options: tokenOptions }));
  } catch {
    return reportBadInput(usage(TOKENS_USAGE), io);
  }
  const service = serviceFor(values);
  try {
    const { tokens, problems } = await service.listTokens();
    for (const p of problems) io.err(`${p.vi} / ${p.en}`);
    for (const token of tokens) {
      const tries = token.pin.triesLeft === null ? token.pin.state : `${token.pin.triesLeft} lần thử / tries`;
      io.out(`${token.id}\t${token.label}\tPIN: ${tries}`);
      for (const c of token.certificates)
        io.out(`  --cert ${c.id}\t${c.subject}${c.organisation ? `, ${c.organisation}` : ''}\t${c.issuer}\t→ ${c.validTo.slice(0, 10)}`);
    }
    return tokens.length > 0 ? 0 : 1;
  } finally {
    await service.close();
  }
};

export async function readPin(pinStdin: boolean, io: CliIo): Promise<string> {
  const pin = pinStdin ? ((await io.readStdin()).split(/\r?\n/)[0] ?? '') : (process.env.DESK_PIN ?? '');
  if (!pin) throw new DeskError('cli.no-pin', { vi: 'Thiếu mã PIN: đặt DESK_PIN hoặc dùng --pin-stdin.', en: 'No PIN: set DESK_PIN or use --pin-stdin.' });
  return pin;
}

interface SignValues {
  out?: string;
  token?: string;
  cert?: string;
  module?: string[];
  emulator?: boolean;
  tsa?: string;
  stamp?: boolean;
  organisation?: string;
  image?: string;
  seal?: string;
  title?: string;
  page?: string;
  corner?: string;
  area?: string;
  appearance?: string;
  'pin-stdin'?: boolean;
}

const badOption = (vi: string, en: string) => new DeskError('cli.bad-stamp-option', { vi, en });

async function readStampImage(file: string, kind: StampImageKind): Promise<Uint8Array> {
  const bytes = await readUserFile(file, { maxBytes: MAX_STAMP_IMAGE_BYTES });
  await checkStampImage(bytes, kind);
  return bytes;
}

/** --area 1,360,40,200,130: a page counted from 1 and a rectangle in points from the page's lower left. */
function parseArea(text: string): NonNullable<StampRequest['area']> {
  const parts = text.split(',').map((p) => Number(p.trim()));
  const [page, x, y, width, height] = parts;
  if (parts.length !== 5 || parts.some((n) => !Number.isFinite(n)) || !Number.isInteger(page) || page! < 1 || !(width! > 0 && height! > 0)) {
    throw badOption(
      `--area "${text}" không hợp lệ: cần TRANG,X,Y,RỘNG,CAO (trang đếm từ 1, đơn vị điểm tính từ góc dưới bên trái), ví dụ 1,360,40,200,130.`,
      `--area "${text}" is not valid: expected PAGE,X,Y,WIDTH,HEIGHT (pages from 1, points from the lower left), e.g. 1,360,40,200,130.`,
    );
  }
  return { page: page! - 1, x: x!, y: y!, width: width!, height: height! };
}

async function readAppearance(file: string): Promise<NonNullable<StampRequest['template']>> {
  const text = new TextDecoder().decode(await readUserFile(file, { maxBytes: MAX_APPEARANCE_BYTES }));
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch {
    throw badOption(`Tệp mẫu chữ ký ${file} không phải JSON.`, `The stamp template ${file} is not JSON.`);
  }
  const parsed = stampTemplateSchema.safeParse(json);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.') || '(gốc / root)'))].join(', ');
    throw badOption(
      `Tệp mẫu chữ ký ${file} sai ở: ${fields} (xem main/signing/stamp-content.json).`,
      `The stamp template ${file} is wrong at: ${fields} (see main/signing/stamp-content.json).`,
    );
  }
  return parsed.data;
}

/** Everything about the stamp is checked before the token is opened: a typo costs no PIN try. */
async function stampOptions(values: SignValues): Promise<Omit<StampRequest, 'organisation'> | null> {
  const wanted =
    values.stamp || [values.image, values.seal, values.title, values.area, values.appearance, values.page, values.corner].some((v) => v !== undefined);
  if (!wanted) return null;
  const page = STAMP_PAGES.find((p) => p === (values.page ?? 'last'));
  const corner = STAMP_CORNERS.find((c) => c === (values.corner ?? 'bottom-right'));
  if (!page) throw badOption(`--page phải là ${STAMP_PAGES.join(' hoặc ')}.`, `--page must be ${STAMP_PAGES.join(' or ')}.`);
  if (!corner) throw badOption(`--corner phải là ${STAMP_CORNERS.join(', ')}.`, `--corner must be one of ${STAMP_CORNERS.join(', ')}.`);
  return {
    page,
    corner,
    ...(values.area ? { area: parseArea(values.area) } : {}),
    ...(values.title ? { title: values.title } : {}),
    ...(values.image ? { signerImage: await readStampImage(values.image, 'signer') } : {}),
    ...(values.seal ? { sealImage: await readStampImage(values.seal, 'seal') } : {}),
    ...(values.appearance ? { template: await readAppearance(values.appearance) } : {}),
  };
}

function describeStamp(stamp: StampOutcome | undefined): string | null {
  if (!stamp) return null;
  if (stamp.placed === 'invisible') return `${stamp.reason.vi} / ${stamp.reason.en}`;
  const r = stamp.rect;
  const where = `${stamp.page + 1}, x=${Math.round(r.x)} y=${Math.round(r.y)} ${Math.round(r.width)}×${Math.round(r.height)} pt`;
  return stamp.placed === 'officer'
    ? `Chữ ký hiển thị tại vùng đã chọn, trang ${where} / visible stamp in the area given, page ${where}`
    : `Chữ ký hiển thị ở chỗ trống, trang ${where} / visible stamp in a free area, page ${where}`;
}

export const sign: CliCommand = async (args, io) => {
  let file: string;
  let values: SignValues;
  try {
    const parsed = parseArgs({
      args,
      options: {
        ...tokenOptions,
        out: { type: 'string' },
        token: { type: 'string' },
        cert: { type: 'string' },
        tsa: { type: 'string' },
        stamp: { type: 'boolean' },
        organisation: { type: 'string' },
        image: { type: 'string' },
        seal: { type: 'string' },
        title: { type: 'string' },
        page: { type: 'string' },
        corner: { type: 'string' },
        area: { type: 'string' },
        appearance: { type: 'string' },
        'pin-stdin': { type: 'boolean' },
      },
      allowPositionals: true,
    });
    values = parsed.values;
    if (parsed.positionals.length !== 1 || !values.out || !values.token) throw usage(SIGN_USAGE);
    file = parsed.positionals[0]!;
  } catch {
    return reportBadInput(usage(SIGN_USAGE), io);
  }
  let stamp: Awaited<ReturnType<typeof stampOptions>>;
  try {
    stamp = await stampOptions(values);
  } catch (e) {
    return reportBadInput(e, io);
  }
  const service = serviceFor({ ...values, emulator: values.emulator || values.token === 'emulator' });
  try {
    const pdf = await readUserFile(file, { maxBytes: MAX_PDF_BYTES });
    const { tokens } = await service.listTokens();
    // A kind picks the first token of that kind; anything else is a token id from `desk tokens`.
    const kind = TOKEN_KINDS.find((k) => k === values.token);
    const token = tokens.find((t) => (kind ? t.kind === kind : t.id === values.token));
    if (!token)
      throw new DeskError('cli.no-token', {
        vi: `Không thấy token "${values.token}" (xem: desk tokens).`,
        en: `Token "${values.token}" not found (see: desk tokens).`,
      });
    const certificateId = values.cert ?? token.certificates[0]?.id;
    if (!certificateId) throw new DeskError('cli.no-cert', { vi: 'Token không có chứng thư để ký.', en: 'The token holds no certificate to sign with.' });
    const result = await service.signFileParts({
      tokenId: token.id,
      certificateId,
      pin: token.pin.pinPad ? null : await readPin(values['pin-stdin'] ?? false, io),
      files: [pdf],
      stamp: stamp ? { ...stamp, organisation: values.organisation ?? token.certificates.find((c) => c.id === certificateId)?.organisation ?? '' } : null,
    });
    const signed = result.files[0]!;
    // Written part by part: the input and its signature's revision are never joined in memory.
    await writeFile(values.out, signed.parts);
    io.out(
      `Đã ký / signed: ${values.out} — ${result.signer}, PAdES ${signed.level}${signed.timestampPending ? ' (chờ dấu thời gian / timestamp pending)' : ''}`,
    );
    const placed = describeStamp(signed.stamp);
    if (placed) io.out(placed);
    return 0;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(`${e.text.vi} / ${e.text.en}`);
    return 1;
  } finally {
    await service.close();
  }
};
