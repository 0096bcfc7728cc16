// `desk tokens` and `desk sign`: the same token listing and signing the desk uses, for support
// staff. The PIN never goes on the command line (other users can read it there): it comes
// from DESK_PIN or, with --pin-stdin, from standard input.
import { writeFile } from 'node:fs/promises';
import { parseArgs } from 'node:util';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { SigningService } from '../signing/signingService.ts';
import { TOKEN_KINDS } from '#preload/wire/tokens.ts';
import { reportBadInput } from './holidays.ts';
import { MAX_PDF_BYTES, readUserFile, type CliCommand, type CliIo } from './io.ts';

const TOKENS_USAGE = 'Cách dùng / Usage: desk tokens [--module LIB]… [--emulator]';
const SIGN_USAGE =
  'Cách dùng / Usage: desk sign --token emulator|hid|pkcs11|ID [--module LIB]… [--cert ID] [--tsa URL] [--stamp] [--organisation NAME] [--pin-stdin] --out OUT.pdf IN.pdf   (PIN: stdin or DESK_PIN)';

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

async function readPin(pinStdin: boolean, io: CliIo): Promise<string> {
  const pin = pinStdin ? ((await io.readStdin()).split(/\r?\n/)[0] ?? '') : (process.env.DESK_PIN ?? '');
  if (!pin) throw new DeskError('cli.no-pin', { vi: 'Thiếu mã PIN: đặt DESK_PIN hoặc dùng --pin-stdin.', en: 'No PIN: set DESK_PIN or use --pin-stdin.' });
  return pin;
}

export const sign: CliCommand = async (args, io) => {
  let file: string;
  let values: {
    out?: string;
    token?: string;
    cert?: string;
    module?: string[];
    emulator?: boolean;
    tsa?: string;
    stamp?: boolean;
    organisation?: string;
    'pin-stdin'?: boolean;
  };
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
    const result = await service.signFiles({
      tokenId: token.id,
      certificateId,
      pin: token.pin.pinPad ? null : await readPin(values['pin-stdin'] ?? false, io),
      files: [pdf],
      stamp: values.stamp
        ? {
            page: 'last',
            corner: 'bottom-right',
            organisation: values.organisation ?? token.certificates.find((c) => c.id === certificateId)?.organisation ?? '',
          }
        : null,
    });
    const signed = result.files[0]!;
    await writeFile(values.out, signed.pdf);
    io.out(
      `Đã ký / signed: ${values.out} — ${result.signer}, PAdES ${signed.level}${signed.timestampPending ? ' (chờ dấu thời gian / timestamp pending)' : ''}`,
    );
    return 0;
  } catch (e) {
    if (!isDeskError(e)) throw e;
    io.err(`${e.text.vi} / ${e.text.en}`);
    return 1;
  } finally {
    await service.close();
  }
};
