// `desk catalog check FILE`: lets an administrator test a replacement catalogue before copying it
// to the desks, and see which figures no source confirms. Exit 0 valid (with or without warnings),
// 1 invalid, 2 unusable invocation or unreadable file.
// `desk catalog show CODE [--json] [--catalog FILE]`: one procedure as the desk will use it, so an
// administrator or support can answer "what does the desk think this procedure needs?" without
// opening the JSON. Exit 0 shown, 1 unknown or ambiguous, 2 unusable invocation or unreadable file.

import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { DeskError, isDeskError } from '#domain/errors.ts';
import type { Catalog, Channel, ComponentSpec, CopyKind, FeeSpec, LookupDatabase, Procedure } from '#domain/model.ts';
import { exemptionLabel } from '#domain/catalog/fees.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { searchProcedures } from '#domain/catalog/procedureSearch.ts';
import { applyCase, caseCode, dossierCase, withCase } from '#domain/catalog/cases.ts';
import { sourceWarnings } from '#domain/catalog/sources.ts';
import { formatRange, inForceOn } from '#domain/catalog/versions.ts';
import { HOURS_PER_WORKING_DAY } from '#domain/calendar/appointment.ts';
import { showInvisible } from '#domain/text/citizenText.ts';
import { decodeUserText } from '#domain/text/decodeText.ts';
import { readUserFile, type CliCommand, type CliIo } from './io.ts';

/** ~2,000 national procedures at the bundled file's ~2 KB each is ~4 MB: eight times that is room enough. */
export const MAX_CATALOG_BYTES = 32 * 1024 * 1024;

const DEFAULT_CATALOG = fileURLToPath(new URL('../../domain/catalog/default-catalog.json', import.meta.url));

const USAGE = ['Cách dùng / Usage:', '  desk catalog check FILE', '  desk catalog show CODE|NAME [--at YYYY-MM-DD] [--json] [--catalog FILE]'].join('\n');

function printError(e: DeskError, io: CliIo): void {
  io.err(e.text.vi);
  io.err(e.text.en);
}

/**
 * Unreadable → 2, invalid → 1. readUserText in two steps: a file in a legacy encoding is read
 * fine but is not a valid catalogue, so it exits 1 like any other content problem.
 */
async function loadCatalog(file: string): Promise<Catalog | { exit: number; error: DeskError }> {
  let bytes: Uint8Array;
  try {
    bytes = await readUserFile(file, { maxBytes: MAX_CATALOG_BYTES });
  } catch (e) {
    if (!isDeskError(e)) throw e;
    return { exit: 2, error: e };
  }
  try {
    return parseCatalog(decodeUserText(bytes, file));
  } catch (e) {
    if (!isDeskError(e)) throw e;
    return { exit: 1, error: e };
  }
}

async function check(file: string, io: CliIo): Promise<number> {
  const catalog = await loadCatalog(file);
  if ('exit' in catalog) {
    printError(catalog.error, io);
    return catalog.exit;
  }
  io.out(`OK: ${catalog.procedures.length} thủ tục / procedures, version ${catalog.version}`);
  const unsourced = sourceWarnings(catalog);
  const warnings = unsourced.map((w) => w.text);
  for (const w of warnings) {
    io.out(`Cảnh báo: ${showInvisible(w.vi)}`);
    io.out(`Warning: ${showInvisible(w.en)}`);
  }
  const [n, fields, total] = [warnings.length, unsourced.reduce((sum, w) => sum + w.fields.length, 0), catalog.procedures.length];
  io.out(
    n === 0
      ? 'Mọi trường đều có nguồn và ngày kiểm tra. / Every field has a source and a check date.'
      : `Hợp lệ nhưng có ${n} cảnh báo (${fields} trường chưa xác nhận ở ${unsourced.length}/${total} thủ tục). / ` +
          `Valid, with ${n} warnings (${fields} unconfirmed fields in ${unsourced.length} of ${total} procedures).`,
  );
  return 0;
}

const LEVEL: Record<Procedure['level'], string> = { commune: 'cấp xã / commune', district: 'cấp huyện / district', province: 'cấp tỉnh / province' };

const KIND: Record<CopyKind, string> = {
  original: 'bản chính / original',
  certified: 'bản sao chứng thực / certified copy',
  photocopy: 'bản sao / photocopy',
};

/** The national record's code is "d.dddddd"; anything after it names a case or a local variant. */
function nationalCode(code: string): string {
  return code.slice(0, 8);
}

/** 8.000 đ: the thousands mark receipts use, whatever the machine's locale. */
function vnd(amount: number): string {
  return `${String(amount).replace(/\B(?=(\d{3})+$)/g, '.')} đ`;
}

/** The time limit as the receipt words it (see domain/calendar/appointment.ts for what it computes). */
export function timeLimit(p: Pick<Procedure, 'processingHours' | 'cutoff'>): { vi: string; en: string } {
  if (p.processingHours === 0) {
    return p.cutoff === null
      ? { vi: 'Trong ngày (không có giờ chốt: tính đến giờ đóng cửa)', en: 'Same day (no cut-off: counted until closing time)' }
      : {
          vi: `Trong ngày (nhận sau ${p.cutoff}: trong ngày làm việc tiếp theo)`,
          en: `Same day (received after ${p.cutoff}: within the next working day)`,
        };
  }
  const days = p.processingHours / HOURS_PER_WORKING_DAY;
  return Number.isInteger(days)
    ? { vi: `${days} ngày làm việc`, en: `${days} working day${days === 1 ? '' : 's'}` }
    : { vi: `${p.processingHours} giờ làm việc`, en: `${p.processingHours} working hour${p.processingHours === 1 ? '' : 's'}` };
}

const CHANNEL: Record<Channel, string> = { direct: 'trực tiếp / direct', online: 'trực tuyến / online', post: 'bưu chính / post' };

/** One fee line: its amount or per-page rule, the channels it is for, who sets it, and each exemption with its basis. */
function feeLines(f: FeeSpec): string[] {
  const price = f.perPage
    ? f.perPage.tiers.map((t) => `${vnd(t.amount)}/trang từ trang ${t.fromPage} / a page from page ${t.fromPage}`).join(', ') +
      `, tối đa / at most ${vnd(f.perPage.maxPerCopy)}/bản / a copy`
    : vnd(f.amount);
  const lines = [`  - ${price}: ${f.label}`, `      kênh / channels: ${f.channels.map((c) => CHANNEL[c]).join(', ')}`];
  if (f.province) lines.push(`      ${f.province.name}: ${f.province.resolution} (${f.province.url}, kiểm tra ngày / checked ${f.province.checked})`);
  for (const e of f.exemptions ?? []) {
    const kind = 'applicant' in e.when ? e.when.applicant : e.when.channel;
    lines.push(`      miễn / exempt: ${exemptionLabel(kind)} (${kind}) — ${e.basis}`);
  }
  return lines;
}

/** How a component is satisfied and when it applies, as the officer must read it at the counter. */
function satisfaction(c: ComponentSpec, databases: LookupDatabase[]): string {
  const how =
    c.satisfiedBy === 'lookup' && c.lookup !== undefined
      ? (() => {
          const db = databases.find((d) => d.id === c.lookup?.database);
          const fallback = c.lookup.paperIfLookupFails ? '; nộp giấy nếu tra cứu không được / paper if the look-up fails' : '';
          return ` — tra cứu ${db?.name.vi ?? c.lookup.database} / looked up in ${db?.name.en ?? c.lookup.database}${fallback}`;
        })()
      : c.satisfiedBy === 'presented'
        ? ' — xuất trình, không giữ lại / presented, not kept'
        : '';
  const when =
    c.condition?.when === 'representative'
      ? ' (chỉ khi có người nộp thay / only when filed by a representative)'
      : c.condition?.when === 'case'
        ? ` (chỉ trường hợp / only in case ${c.condition.cases.join(', ')})`
        : '';
  return `${how}${when}`;
}

/** Each case with what it sets differently from the procedure. */
function caseLines(p: Procedure): string[] {
  return (p.cases ?? []).flatMap((c) => {
    const own = [
      c.processingHours !== undefined || c.cutoff !== undefined ? `thời hạn / time limit: ${timeLimit(applyCase(withCase(p, c.suffix))).vi}` : '',
      c.fees !== undefined ? `phí riêng / own fees: ${c.fees.map((f) => `${vnd(f.amount)} ${f.label}`).join('; ')}` : '',
      c.components !== undefined ? 'thành phần riêng / own components' : '',
    ].filter((x) => x !== '');
    return [`  - ${caseCode(p, c.suffix)} — ${c.name}${own.length > 0 ? ` (${own.join('; ')})` : ''}`];
  });
}

function describe(asked: Procedure, databases: LookupDatabase[]): string[] {
  // A case code asked for ("1.001193.01") shows the procedure as that case applies it; the bare
  // code shows every component, each case's with its condition.
  const p = asked.chosenCase === undefined ? asked : applyCase(asked);
  const limit = timeLimit(p);
  const lines = [`${p.code} — ${p.name}`, `Mã thủ tục / Code: ${nationalCode(p.code)}`];
  if (p.code !== nationalCode(p.code)) lines.push(`Mã trường hợp / Case code: ${p.code}`);
  const chosen = dossierCase(p);
  if (chosen !== undefined) lines.push(`Trường hợp / Case: ${chosen.code} — ${chosen.name}`);
  else if (p.cases !== undefined) lines.push('Các trường hợp / Cases:', ...caseLines(p));
  lines.push(`Lĩnh vực / Field: ${p.field}`, `Cấp thực hiện / Level: ${LEVEL[p.level]}`);
  if (p.effectiveFrom !== undefined || p.effectiveTo !== undefined) lines.push(`Hiệu lực / In force: ${formatRange(p)}`);
  lines.push(
    `Thời hạn / Time limit: ${limit.vi} / ${limit.en}`,
    `Giờ chốt / Cut-off: ${p.cutoff ?? 'không có / none'}`,
    `Phí, lệ phí / Fees:${p.fees.length === 0 ? ' không có / none' : ''}`,
    ...p.fees.flatMap(feeLines),
    'Thành phần hồ sơ / Components:',
  );
  for (const c of p.components) {
    const need = c.mandatory ? 'bắt buộc / mandatory' : 'không bắt buộc / optional';
    lines.push(`  - ${c.name} [${need}]: ${c.count} × ${c.accepted.map((k) => KIND[k]).join(', ')}${satisfaction(c, databases)}`);
    if (c.note !== undefined) lines.push(`      ${c.note}`);
  }
  lines.push(`Nguồn / Source: ${p.source.url} (kiểm tra ngày / checked ${p.source.retrieved})`);
  if (p.source.note !== undefined) lines.push(`  ${p.source.note}`);
  lines.push(`Chưa xác nhận / Unconfirmed: ${p.unconfirmed?.length ? p.unconfirmed.join(', ') : 'không có / none'}`);
  return lines.map(showInvisible);
}

/** An exact code (every version of it), else the single procedure a search finds. */
function find(catalog: Catalog, query: string): Procedure[] | DeskError {
  const exact = catalog.procedures.filter((p) => p.code.toLowerCase() === query.toLowerCase());
  if (exact.length > 0) return exact;
  const found = searchProcedures(catalog.procedures, query, { limit: catalog.procedures.length });
  const codes = [...new Set(found.map((p) => p.code))];
  if (codes.length === 1) return found;
  const shown = showInvisible(query);
  if (codes.length === 0) {
    return new DeskError('cli.unknown-procedure', {
      vi: `Không có thủ tục nào khớp "${shown}" trong danh mục.`,
      en: `No procedure matches "${shown}" in the catalogue.`,
    });
  }
  const list = codes.map((code) => `  ${code} — ${found.find((p) => p.code === code)!.name}`).join('\n');
  return new DeskError('cli.ambiguous-procedure', {
    vi: `"${shown}" khớp ${codes.length} thủ tục; hãy ghi một mã:\n${list}`,
    en: `"${shown}" matches ${codes.length} procedures; give one code:\n${list}`,
  });
}

/** A real calendar date written YYYY-MM-DD (not 2027-02-30). */
function isCalendarDate(s: string): boolean {
  const d = new Date(`${s}T00:00:00Z`);
  return /^\d{4}-\d{2}-\d{2}$/.test(s) && !Number.isNaN(d.getTime()) && d.toISOString().startsWith(s);
}

async function show(args: string[], io: CliIo): Promise<number> {
  let parsed;
  try {
    parsed = parseArgs({ args, allowPositionals: true, options: { json: { type: 'boolean' }, catalog: { type: 'string' }, at: { type: 'string' } } });
  } catch {
    io.err(USAGE);
    return 2;
  }
  const query = parsed.positionals.join(' ').trim();
  if (query === '') {
    io.err(USAGE);
    return 2;
  }
  const catalog = await loadCatalog(parsed.values.catalog ?? DEFAULT_CATALOG);
  if ('exit' in catalog) {
    printError(catalog.error, io);
    return catalog.exit;
  }
  const at = parsed.values.at;
  if (at !== undefined && !isCalendarDate(at)) {
    printError(
      new DeskError('cli.bad-date', {
        vi: `--at cần một ngày dạng YYYY-MM-DD, không phải "${showInvisible(at)}".`,
        en: `--at needs a date YYYY-MM-DD, not "${showInvisible(at)}".`,
      }),
      io,
    );
    return 2;
  }
  const every = find(catalog, query);
  if (every instanceof DeskError) {
    printError(every, io);
    return 1;
  }
  // --at: only the version in force on that desk date, as a dossier received then would have it.
  const found = at === undefined ? every : every.filter((p) => inForceOn(p, at));
  if (found.length === 0) {
    printError(
      new DeskError('cli.no-version-in-force', {
        vi: `Ngày ${at ?? ''} không có phiên bản nào của "${showInvisible(query)}" có hiệu lực (có: ${every.map(formatRange).join('; ')}).`,
        en: `No version of "${showInvisible(query)}" is in force on ${at ?? ''} (there are: ${every.map(formatRange).join('; ')}).`,
      }),
      io,
    );
    return 1;
  }
  if (parsed.values.json) {
    io.out(
      JSON.stringify(
        found.map((p) => (p.chosenCase === undefined ? p : applyCase(p))).map((p) => ({ ...p, timeLimit: timeLimit(p) })),
        null,
        2,
      ),
    );
  } else {
    io.out(found.map((p) => describe(p, catalog.databases ?? []).join('\n')).join('\n\n'));
  }
  return 0;
}

export const run: CliCommand = async (args, io) => {
  const [sub, ...rest] = args;
  if (sub === 'check' && rest.length === 1) return check(rest[0]!, io);
  if (sub === 'show') return show(rest, io);
  io.err(USAGE);
  return 2;
};
