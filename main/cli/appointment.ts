// `desk appointment --received ISO (--days N | --hours N | --procedure CODE)
//    [--cutoff HH:mm] [--catalog FILE] [--rules FILE]`
// prints the appointment as an ISO 8601 date-time at +07:00.
// A procedure brings its processing time and cut-off from the catalogue; an explicit
// --cutoff wins over the procedure's. Exit 0 printed, 2 unusable input.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeskError } from '#domain/errors.ts';
import type { Procedure } from '#domain/model.ts';
import { computeAppointment, HOURS_PER_WORKING_DAY } from '#domain/calendar/appointment.ts';
import { showInvisible } from '#domain/text/citizenText.ts';
import { readUserText, type CliCommand } from './io.ts';
import { MAX_CATALOG_BYTES } from './catalog.ts';
import { loadRules, reportBadInput } from './holidays.ts';

const USAGE =
  'Cách dùng / Usage: desk appointment --received ISO_DATETIME (--days N | --hours N | --procedure CODE) [--cutoff HH:mm] [--catalog FILE] [--rules FILE]';

const DEFAULT_CATALOG = fileURLToPath(new URL('../../domain/catalog/default-catalog.json', import.meta.url));

function nonNegativeNumber(text: string, option: string): number {
  if (!/^\d+(\.\d+)?$/.test(text)) {
    throw new DeskError('cli.bad-number', {
      vi: `--${option}: "${text}" không phải số không âm.`,
      en: `--${option}: "${text}" is not a non-negative number.`,
    });
  }
  return Number(text);
}

type ProcedureTiming = Pick<Procedure, 'code' | 'processingHours' | 'cutoff'>;

/** Reads only what an appointment needs from a catalogue file, refusing what it cannot use. */
async function procedureTiming(file: string, code: string): Promise<ProcedureTiming> {
  const text = await readUserText(file, { maxBytes: MAX_CATALOG_BYTES });
  let catalog: unknown;
  try {
    catalog = JSON.parse(text);
  } catch (e) {
    const [where, why] = [showInvisible(file), showInvisible((e as Error).message)];
    throw new DeskError('cli.unreadable-catalog', {
      vi: `Không đọc được danh mục thủ tục: ${where} (${why})`,
      en: `Cannot read the procedure catalogue: ${where} (${why})`,
    });
  }
  const procedures = (catalog as { procedures?: unknown }).procedures;
  const found = Array.isArray(procedures) ? (procedures as Partial<ProcedureTiming>[]).find((p) => p?.code === code) : undefined;
  if (!found) {
    throw new DeskError('cli.unknown-procedure', {
      vi: `Không có thủ tục mã "${code}" trong danh mục ${file}.`,
      en: `No procedure with code "${code}" in the catalogue ${file}.`,
    });
  }
  const { processingHours, cutoff } = found;
  if (typeof processingHours !== 'number' || !(cutoff === null || typeof cutoff === 'string')) {
    throw new DeskError('cli.bad-procedure', {
      vi: `Thủ tục "${code}" thiếu thời gian xử lý hoặc giờ chốt hợp lệ.`,
      en: `Procedure "${code}" lacks a valid processing time or cut-off.`,
    });
  }
  return { code, processingHours, cutoff };
}

export const run: CliCommand = async (args, io) => {
  let values: Record<string, string | undefined>;
  try {
    values = parseArgs({
      args,
      options: {
        received: { type: 'string' },
        days: { type: 'string' },
        hours: { type: 'string' },
        procedure: { type: 'string' },
        cutoff: { type: 'string' },
        catalog: { type: 'string' },
        rules: { type: 'string' },
      },
    }).values;
  } catch {
    values = {};
  }
  const durations = [values.days, values.hours, values.procedure].filter((v) => v !== undefined);
  if (values.received === undefined || durations.length !== 1) {
    io.err(USAGE);
    return 2;
  }

  try {
    let processingHours: number;
    let cutoff = values.cutoff ?? null;
    if (values.procedure !== undefined) {
      const procedure = await procedureTiming(values.catalog ?? DEFAULT_CATALOG, values.procedure);
      processingHours = procedure.processingHours;
      cutoff = values.cutoff ?? procedure.cutoff;
    } else if (values.days !== undefined) {
      processingHours = nonNegativeNumber(values.days, 'days') * HOURS_PER_WORKING_DAY;
    } else {
      processingHours = nonNegativeNumber(values.hours!, 'hours');
    }
    const rules = await loadRules(values.rules);
    io.out(computeAppointment({ receivedAt: values.received, processingHours, cutoff, rules }));
    return 0;
  } catch (e) {
    return reportBadInput(e, io);
  }
};
