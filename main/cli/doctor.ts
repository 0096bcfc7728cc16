// `desk doctor [--json]`: everything this desk depends on, one line each with its fix, for
// support staff on the phone with a commune. Reads the same data folder and settings file as
// browser mode (DESK_DATA_DIR, else the user's data folder). Exit 0 when nothing is a problem
// (warnings alone included), 1 when a check found a problem, 2 on a bad invocation.
import { parseArgs } from 'node:util';
import type { DoctorReport, DoctorStatus } from '#preload/wire/doctor.ts';
import { DeskError } from '#domain/errors.ts';
import { browserDataDir } from '../settings/dataDir.ts';
import { shutdown as stopPkcs11 } from '../token/pkcs11/pkcs11Tokens.ts';
import { cupsPrinters } from '../doctor/printer.ts';
import { runDoctor } from '../doctor/run.ts';
import { reportBadInput } from './holidays.ts';
import type { CliCommand } from './io.ts';

const USAGE = 'Cách dùng / Usage: desk doctor [--json]';

const MARK: Record<DoctorStatus, string> = { ok: 'OK', warning: 'CẢNH BÁO / WARNING', problem: 'LỖI / PROBLEM' };

export function exitCodeOf(report: DoctorReport): number {
  return report.checks.some((c) => c.status === 'problem') ? 1 : 0;
}

export const run: CliCommand = async (args, io) => {
  let json: boolean;
  try {
    json = parseArgs({ args, options: { json: { type: 'boolean' } } }).values.json ?? false;
  } catch {
    return reportBadInput(new DeskError('cli.usage', { vi: USAGE, en: USAGE }), io);
  }
  let report: DoctorReport;
  try {
    report = await runDoctor({ dataDir: browserDataDir(), keystore: null, printers: () => cupsPrinters() });
  } finally {
    // The module checks' child processes would keep the command running.
    await stopPkcs11();
  }
  if (json) {
    io.out(JSON.stringify(report, null, 2));
  } else {
    for (const c of report.checks) {
      io.out(`[${MARK[c.status]}] ${c.id}`);
      io.out(`    ${c.vi}`);
      io.out(`    ${c.en}`);
      if (c.status !== 'ok') io.out(`    → ${c.fix.vi}\n    → ${c.fix.en}`);
    }
    const count = (s: DoctorStatus) => report.checks.filter((c) => c.status === s).length;
    io.out(`${count('problem')} lỗi, ${count('warning')} cảnh báo / ${count('problem')} problems, ${count('warning')} warnings`);
  }
  return exitCodeOf(report);
};
