// The scorecard as a CSV file Excel opens as it is: UTF-8 with a byte-order mark (without it,
// Excel on Windows reads Vietnamese as mojibake), CRLF lines, every field quoted. Each label
// carries both languages, Vietnamese first; the definitions follow the figures, so a sheet
// passed on still says what each number counts.
import { formatDeskDateTime } from '#domain/deskTime.ts';
import type { Bilingual } from '#domain/errors.ts';
import { FIGURES, FIGURE_DEFINITIONS, indicatorOf } from '#domain/scorecard/figures.ts';
import type { Figures, Scorecard } from '#domain/scorecard/scorecard.ts';

export const NOT_RECORDED: Bilingual = { vi: 'chưa ghi nhận trên máy này', en: 'not recorded on this desk' };

const both = (b: Bilingual) => `${b.vi} / ${b.en}`;
const quote = (v: string | number) => `"${String(v).replaceAll('"', '""')}"`;
const line = (fields: Array<string | number>) => fields.map(quote).join(',');
const value = (f: Figures, id: (typeof FIGURES)[number]) => f[id] ?? both(NOT_RECORDED);

/** "11/2026" for "2026-11". */
export const monthLabel = (month: string) => `${month.slice(5, 7)}/${month.slice(0, 4)}`;

export function scorecardCsv(card: Scorecard, office: string): string {
  const lines = [
    line([
      `Báo cáo chỉ số tháng ${monthLabel(card.month)} / Scorecard for ${monthLabel(card.month)}`,
      office,
      `Lập lúc / Computed at ${formatDeskDateTime(card.computedAt)}`,
    ]),
    line(['Mã thủ tục / Procedure code', 'Tên thủ tục / Procedure', ...FIGURES.map((id) => both(FIGURE_DEFINITIONS[id].label))]),
    ...card.rows.map((r) => line([r.procedureCode, r.procedureName, ...FIGURES.map((id) => value(r.figures, id))])),
    line(['', 'Tổng cộng / Total', ...FIGURES.map((id) => value(card.total, id))]),
    '',
    line(['Chỉ tiêu / Figure', 'Định nghĩa', 'Definition', 'Chỉ số QĐ 766/QĐ-TTg / QĐ 766 indicator']),
    ...FIGURES.map((id) => {
      const def = FIGURE_DEFINITIONS[id];
      const qd = indicatorOf(id);
      return line([both(def.label), def.definition.vi, def.definition.en, qd ? `${both(qd.group.name)}: ${both(qd.indicator.name)}` : '']);
    }),
  ];
  return `\uFEFF${lines.join('\r\n')}\r\n`;
}

export function scorecardFileName(month: string): string {
  return `bao-cao-chi-so-${month}.csv`;
}
