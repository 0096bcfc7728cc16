// `desk`: the command line for support staff and scripting. Each command lives in
// main/cli/<name>.ts; this file only dispatches. It is run by bin/desk.js (in a checkout) and by
// the app's `--cli` switch (main/electron.ts), both through the bundle dist/main/cli.cjs that
// scripts/build.mjs writes: no top-level await here, which a CommonJS bundle cannot hold.
import { processIo, type CliCommand, type CliIo } from './cli/io.ts';
import type { ProcessLauncher } from './token/pkcs11/processLauncher.ts';

const COMMANDS: Record<string, { summary: string; load: () => Promise<CliCommand> }> = {
  holidays: {
    summary: 'holidays FROM_YEAR [TO_YEAR]        ngày nghỉ, ngày làm bù / days off and make-up days',
    load: async () => (await import('./cli/holidays.ts')).run,
  },
  appointment: {
    summary: 'appointment --received ISO (--days N | --hours N | --procedure CODE)   ngày hẹn trả / appointment',
    load: async () => (await import('./cli/appointment.ts')).run,
  },
  scanners: {
    summary: 'scanners                            máy quét dùng được / scanners this desk can use',
    load: async () => (await import('./cli/scan.ts')).listScanners,
  },
  scan: {
    summary: 'scan --device ID --out FILE.pdf [--source S] [--mode M] [--dpi N]   quét ra PDF / scan to a PDF',
    load: async () => (await import('./cli/scan.ts')).scan,
  },
  tokens: {
    summary: 'tokens [--module LIB]… [--emulator]   token và chứng thư số / tokens and certificates',
    load: async () => (await import('./cli/sign.ts')).listTokens,
  },
  sign: {
    summary:
      'sign --token emulator|hid|pkcs11 [--module LIB] [--image SIG.png] [--seal SEAL.png] [--title T] [--area P,X,Y,W,H] --pin-stdin --out OUT.pdf IN.pdf   ký PAdES / PAdES-sign',
    load: async () => (await import('./cli/sign.ts')).sign,
  },
  certify: {
    summary:
      'certify --original SCAN.pdf --token emulator|hid|pkcs11 --office NAME --certifier NAME --pin-stdin --out COPY.pdf [--book SO.json]   chứng thực bản sao điện tử / electronic certified copy',
    load: async () => (await import('./cli/certify.ts')).certify,
  },
  verify: {
    summary: 'verify FILE.pdf [--trust DIR] [--json]   kiểm tra chữ ký (0 hợp lệ, 1 hỏng, 2 chưa tin cậy) / verify (0 valid, 1 broken, 2 untrusted)',
    load: async () => (await import('./cli/verify.ts')).run,
  },
  hid: {
    summary: 'hid list [--emulator] [--layouts FILE] [--json]   thiết bị HID: máy quét mã vạch, token, khác / HID devices: barcode scanner, token, other',
    load: async () => (await import('./cli/hid.ts')).hid,
  },
  qr: {
    summary: 'qr listen [--emulator] [--show] [--count N]   in mã quét qua HID khi đến (nội dung chỉ với --show) / print HID scans as they arrive',
    load: async () => (await import('./cli/hid.ts')).qr,
  },
  forms: {
    summary: 'forms list | forms render NN --sample --out FILE.pdf   mẫu biểu, in thử / forms, test print',
    load: async () => (await import('./cli/forms.ts')).run,
  },
  catalog: {
    summary: 'catalog check FILE | show CODE|NAME [--json] [--catalog FILE]   kiểm tra danh mục, xem một thủ tục / validate a catalogue, show one procedure',
    load: async () => (await import('./cli/catalog.ts')).run,
  },
  doctor: {
    summary: 'doctor [--json]                     kiểm tra mọi thứ desk cần (1 khi có lỗi) / check everything the desk needs (1 on a problem)',
    load: async () => (await import('./cli/doctor.ts')).run,
  },
};

function usage(io: CliIo): void {
  io.out('Cách dùng / usage: desk <lệnh / command> …');
  for (const { summary } of Object.values(COMMANDS)) io.out(`  desk ${summary}`);
}

export async function main(argv: string[], io: CliIo = processIo): Promise<number> {
  const [name, ...args] = argv;
  if (!name || name === '--help' || name === '-h' || name === 'help') {
    usage(io);
    return name ? 0 : 2;
  }
  const command = COMMANDS[name];
  if (!command) {
    io.err(`Không có lệnh "${name}" / unknown command "${name}".`);
    usage(io);
    return 2;
  }
  return (await command.load())(args, io);
}

/**
 * How PKCS#11 module processes start for `tokens` and `sign`. The app's `--cli` switch
 * (main/electron.ts) passes Electron's utility-process launcher: with the runAsNode fuse off, a
 * fork of the app's binary would start the desk's window, not Node. Loaded only when called, so
 * other commands do not parse the token code.
 */
export async function installPkcs11Launcher(launcher: ProcessLauncher): Promise<void> {
  (await import('./token/pkcs11/pkcs11Tokens.ts')).installProcessLauncher(launcher);
}
