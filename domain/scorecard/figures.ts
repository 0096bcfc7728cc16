// The scorecard's figures and what each one counts, in the words the screen, the print-out and
// the CSV show next to it. Where QĐ 766/QĐ-TTg names an indicator the figure feeds, its name
// and group come from qd766.json (data: what the national index weights is [S], it changes
// with the index), checked 2026-12-07; see docs/domain/scorecard.md.
import type { Bilingual } from '../errors.ts';
import qd766 from './qd766.json';

export const FIGURES = [
  'received',
  'decidedOnTime',
  'decidedLate',
  'overdueNow',
  'apologies',
  'digitised',
  'electronicResults',
  'reusedComponents',
  'certifiedCopies',
  'lookups',
] as const;
export type FigureId = (typeof FIGURES)[number];

export interface Qd766Indicator {
  id: string;
  group: string;
  name: Bilingual;
  /** false where the indicator's name could not be read whole in the source (then `note` says what is missing). */
  confirmed: boolean;
  note?: string;
}

export interface Qd766Index {
  version: string;
  decision: string;
  checked: string;
  sources: string[];
  groups: Array<{ id: string; name: Bilingual; maxPoints: number }>;
  indicators: Qd766Indicator[];
}

export const QD766: Qd766Index = qd766;

export interface FigureDefinition {
  id: FigureId;
  label: Bilingual;
  /** What is counted, precisely enough to recount it by hand. */
  definition: Bilingual;
  /** The QĐ 766 indicator this figure feeds, if the index has one. */
  indicator?: string;
}

export const FIGURE_DEFINITIONS: Readonly<Record<FigureId, FigureDefinition>> = {
  received: {
    id: 'received',
    label: { vi: 'Hồ sơ tiếp nhận', en: 'Dossiers received' },
    definition: {
      vi: 'Hồ sơ được tiếp nhận (cấp giấy tiếp nhận, Mẫu 01) trong tháng, theo ngày tiếp nhận giờ Việt Nam. Phiếu yêu cầu bổ sung và phiếu từ chối không tính.',
      en: 'Dossiers accepted (receipt, Mẫu 01) in the month, by their receipt date in Vietnam time. Supplement requests and refusals do not count.',
    },
  },
  decidedOnTime: {
    id: 'decidedOnTime',
    label: { vi: 'Trả kết quả đúng hạn', en: 'Returned on time' },
    definition: {
      vi: 'Hồ sơ trả kết quả cho công dân trong tháng (ngày trả ghi trên máy này) không muộn hơn ngày hẹn ghi trên giấy tiếp nhận. Trước hạn cũng tính là đúng hạn.',
      en: 'Dossiers whose result was handed to the citizen in the month (as this desk recorded it) no later than the appointment on the receipt. Early counts as on time.',
    },
    indicator: 'on-time',
  },
  decidedLate: {
    id: 'decidedLate',
    label: { vi: 'Trả kết quả trễ hạn', en: 'Returned late' },
    definition: {
      vi: 'Hồ sơ trả kết quả trong tháng sau ngày hẹn ghi trên giấy tiếp nhận, kể cả hồ sơ đã có văn bản xin lỗi, hẹn lại (Mẫu 04) và trả trước ngày hẹn mới: ngày hẹn lại không xóa việc trễ hạn.',
      en: 'Dossiers whose result was handed over in the month after the appointment on the receipt, including those with a letter of apology (Mẫu 04) returned before its new date: a new appointment does not undo the delay.',
    },
    indicator: 'on-time',
  },
  overdueNow: {
    id: 'overdueNow',
    label: { vi: 'Đang quá hạn', en: 'Overdue now' },
    definition: {
      vi: 'Hồ sơ đã tiếp nhận, chưa xử lý xong và không bị dừng (Mẫu 05), mà ngày hẹn hiện tại (ngày hẹn lại nếu có Mẫu 04) đã qua tại thời điểm lập báo cáo; cùng quy tắc với sổ hồ sơ. Không phụ thuộc tháng chọn.',
      en: 'Accepted dossiers neither finished nor stopped (Mẫu 05) whose current appointment (the new one if a Mẫu 04 was issued) has passed when the report is made; the register’s rule. Independent of the month picked.',
    },
  },
  apologies: {
    id: 'apologies',
    label: { vi: 'Thư xin lỗi (Mẫu 04)', en: 'Apology letters (Mẫu 04)' },
    definition: {
      vi: 'Văn bản xin lỗi và hẹn lại ngày trả kết quả (Mẫu 04) lập trong tháng; một hồ sơ hẹn lại hai lần tính hai.',
      en: 'Letters of apology with a new appointment (Mẫu 04) issued in the month; a dossier extended twice counts twice.',
    },
  },
  digitised: {
    id: 'digitised',
    label: { vi: 'Hồ sơ được số hóa', en: 'Dossiers digitised' },
    definition: {
      vi: 'Hồ sơ tiếp nhận trong tháng mà mọi thành phần nộp bằng giấy đều có bản quét hoặc tệp nhập lưu trên máy; thành phần tra cứu từ cơ sở dữ liệu không cần bản quét. Hồ sơ không có thành phần giấy nào không tính.',
      en: 'Dossiers received in the month where every component handed in on paper has a scanned or imported file stored on the desk; a component looked up in a database needs none. A dossier with no paper component does not count.',
    },
    indicator: 'digitised',
  },
  electronicResults: {
    id: 'electronicResults',
    label: { vi: 'Kết quả điện tử', en: 'Electronic results' },
    definition: {
      vi: 'Kết quả giải quyết điện tử (tệp kết quả đã ký) gắn vào hồ sơ trong tháng, mỗi hồ sơ tính một lần.',
      en: 'Signed electronic result files attached to a dossier in the month, one per dossier.',
    },
    indicator: 'electronic-result',
  },
  reusedComponents: {
    id: 'reusedComponents',
    label: { vi: 'Thành phần dùng lại', en: 'Components reused' },
    definition: {
      vi: 'Thành phần hồ sơ lấy lại từ dữ liệu đã số hóa của công dân (không quét lại) trong tháng; mỗi thành phần tính một lần.',
      en: 'Components taken from a citizen’s already digitised data instead of a new scan in the month; each component once.',
    },
    indicator: 'reuse',
  },
  certifiedCopies: {
    id: 'certifiedCopies',
    label: { vi: 'Bản sao chứng thực điện tử', en: 'Electronic certified copies' },
    definition: {
      vi: 'Số trong sổ chứng thực bản sao điện tử từ bản chính cấp trong tháng (bản sao đã cấp; từ chối không tính). Sổ không ghi bản sao theo hồ sơ nên chỉ tính vào dòng tổng cộng.',
      en: 'Numbers of the electronic certification book given in the month (copies issued; refusals do not count). The book files a copy under no dossier, so it counts in the total only.',
    },
  },
  lookups: {
    id: 'lookups',
    label: { vi: 'Tra cứu dữ liệu', en: 'Look-ups used' },
    definition: {
      vi: 'Thành phần của hồ sơ tiếp nhận trong tháng được tra cứu trong cơ sở dữ liệu thay cho giấy tờ, đã có kết quả (tìm thấy, không tìm thấy hoặc không tra được); tra cứu còn chờ không tính.',
      en: 'Components of dossiers received in the month looked up in a database instead of a paper, with an outcome (found, not found or could not check); look-ups still pending do not count.',
    },
  },
};

/** The QĐ 766 indicator a figure feeds, with its group, if any. */
export function indicatorOf(figure: FigureId): { indicator: Qd766Indicator; group: Qd766Index['groups'][number] } | null {
  const id = FIGURE_DEFINITIONS[figure].indicator;
  const indicator = id ? QD766.indicators.find((i) => i.id === id) : undefined;
  const group = indicator && QD766.groups.find((g) => g.id === indicator.group);
  return indicator && group ? { indicator, group } : null;
}
