// `desk holidays FROM_YEAR [TO_YEAR] [--rules FILE]`: the days off that are not plain
// weekends, and the make-up working days, one per line as "YYYY-MM-DD name"; days
// from a default the Prime Minister has not yet confirmed are marked provisional.
// Exit 0 listed, 2 unusable invocation or rules file.

import { parseArgs } from 'node:util';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { SUPPORTED_YEARS } from '#domain/calendar/lunar.ts';
import { parseRules, VN_RULES, type CalendarRules } from '#domain/calendar/rules.ts';
import { nonWorkingDays } from '#domain/calendar/workingDays.ts';
import { showInvisible } from '#domain/text/citizenText.ts';
import { readUserText, type CliCommand, type CliIo } from './io.ts';

const USAGE = 'Cách dùng / Usage: desk holidays FROM_YEAR [TO_YEAR] [--rules FILE]';

/** The bundled rules, or those of an administrator's replacement file. */
export async function loadRules(file: string | undefined): Promise<CalendarRules> {
  if (file === undefined) return VN_RULES;
  // The bundled rules are 6 KB: a megabyte is decades of notices.
  const text = await readUserText(file, { maxBytes: 1024 * 1024 });
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    const [where, why] = [showInvisible(file), showInvisible((e as Error).message)];
    throw new DeskError('calendar.rules-invalid', {
      vi: `Tệp quy tắc lịch làm việc bị từ chối: ${where} không phải JSON (${why}).`,
      en: `Calendar rules file refused: ${where} is not JSON (${why}).`,
    });
  }
  return parseRules(json);
}

/** Prints a DeskError in both languages; returns the exit code for unusable input. */
export function reportBadInput(e: unknown, io: CliIo): number {
  if (!isDeskError(e)) throw e;
  io.err(e.text.vi);
  io.err(e.text.en);
  return 2;
}

function parseYear(text: string): number {
  const year = Number(text);
  if (!/^\d{4}$/.test(text) || year < SUPPORTED_YEARS.from || year > SUPPORTED_YEARS.to) {
    throw new DeskError('cli.bad-year', {
      vi: `Năm "${text}" không hợp lệ (cần năm ${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}).`,
      en: `Year "${text}" is not valid (expected ${SUPPORTED_YEARS.from}–${SUPPORTED_YEARS.to}).`,
    });
  }
  return year;
}

export const run: CliCommand = async (args, io) => {
  let positionals: string[];
  let rulesFile: string | undefined;
  try {
    const parsed = parseArgs({ args, allowPositionals: true, options: { rules: { type: 'string' } } });
    positionals = parsed.positionals;
    rulesFile = parsed.values.rules;
  } catch {
    positionals = [];
  }
  if (positionals.length < 1 || positionals.length > 2) {
    io.err(USAGE);
    return 2;
  }

  try {
    const from = parseYear(positionals[0]!);
    const to = positionals[1] === undefined ? from : parseYear(positionals[1]);
    if (to < from) {
      throw new DeskError('cli.bad-year-range', { vi: `Năm cuối ${to} trước năm đầu ${from}.`, en: `End year ${to} is before start year ${from}.` });
    }
    const rules = await loadRules(rulesFile);
    for (const day of nonWorkingDays(rules, from, to)) {
      io.out(`${day.date} ${day.name.vi} — ${day.name.en}${day.provisional ? ' [dự kiến / provisional]' : ''}`);
    }
    return 0;
  } catch (e) {
    return reportBadInput(e, io);
  }
};
