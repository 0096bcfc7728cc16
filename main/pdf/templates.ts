// The reception forms' wording, kept as versioned data: a dossier is reprinted with the
// version it was received under, and a new circular adds a version instead of editing one.
// Placeholders are written {name}; fill() substitutes them, and an empty value prints the
// dotted blank that a paper form leaves for handwriting.
// Wording comes from production templates of several provinces
// (docs/domain/legal-basis-and-forms.md, [S]); the circulars' own PDFs were not read.
import { DeskError } from '#domain/errors.ts';
import type { CopyKind } from '#domain/model.ts';
import type { FormRequest } from '#preload/contract.ts';
import { vietnamTimeFields } from './vietnam-time.ts';

/** The tracking book's columns; ledger.ts decides their order and widths. */
export type LedgerColumn =
  | 'index'
  | 'code'
  | 'procedure'
  | 'sets'
  | 'applicant'
  | 'contact'
  | 'leadAgency'
  | 'receivedAt'
  | 'appointmentAt'
  | 'forwardedAt'
  | 'resultAt'
  | 'returnedAt'
  | 'signature'
  | 'note';

/** One form of a circular: its number there, the request kind that prints it, and its name. */
export interface FormListing {
  /** Two digits, as the circular numbers it ("05" for Mẫu số 05). */
  number: string;
  kind: FormRequest['kind'];
  name: { vi: string; en: string };
}

export interface FormTemplate {
  id: string;
  /** First day (Vietnam date, YYYY-MM-DD) the version applies to. */
  effectiveFrom: string;
  basis: string;
  /** The circular's forms in its own numbering; a kind absent here is not printable under this version. */
  forms: readonly FormListing[];
  nationalName: string;
  motto: string;
  /** Placeholders: {place} and the fields of vietnamTimeFields. */
  dateLine: string;
  /** Placeholders: the fields of vietnamTimeFields. */
  clockDate: string;
  blank: string;
  signHint: string;
  /** Top line of a copy's continuation pages. Placeholders: {heading}. */
  continued: string;
  /** Placeholders: {page}, {pages}. */
  pageNumber: string;
  copyKinds: Record<CopyKind, string>;
  applicant: {
    idNumber: string;
    address: string;
    /** Placeholders: {phone}, {email}. */
    contact: string;
    procedure: string;
  };
  receipt: {
    title: string;
    /** Placeholders: {code}. */
    dossierCode: string;
    /** Printed under the code, one copy per label. */
    copies: string[];
    /** Placeholders: {name}. */
    applicant: string;
    components: string;
    componentHeaders: [string, string, string, string];
    sets: string;
    processingDays: string;
    /** Used instead of processingDays for procedures settled the same day. */
    processingSameDay: string;
    /** Used instead of processingSameDay when received after the cut-off or on a day off. */
    processingNextWorkingDay: string;
    /** Placeholders: {agency}. Not in the circular's form: printed only for a dossier filed beyond the boundary, which another agency decides. */
    competentAgency: string;
    /** Placeholders: {name}, {id}. Printed only when someone filed on the applicant's behalf. */
    representative: string;
    receivedAt: string;
    appointmentAt: string;
    resultPlace: string;
    fee: string;
    /** Placeholders: {book}, {sequence}. */
    book: string;
    submitter: string;
    receiver: string;
  };
  supplement: {
    number: string;
    title: string;
    applicant: string;
    intro: string;
    missingHeaders: [string, string, string, string, string];
    reason: string;
    /** Placeholders: {officer}, {contact}. */
    contact: string;
    guide: string;
  };
  refusal: {
    title: string;
    applicant: string;
    /** Placeholders: {unit}, {reason}. */
    decision: string;
    closing: string;
    submitter: string;
    receiver: string;
  };
  apology: {
    /** The circular's number for the form; goes into the PDF's keywords. */
    formNumber: string;
    /** Placeholders: {number}. */
    number: string;
    title: string;
    /** Placeholders: {name}. */
    addressee: string;
    /** Placeholders: {address}. */
    address: string;
    /** Placeholders: {phone}. */
    phone: string;
    /** Placeholders: {time}, {unit}, {name}, {procedure}. */
    received: string;
    /** Placeholders: {code}. */
    dossierCode: string;
    /** Placeholders: {time}. */
    appointment: string;
    /** Placeholders: {unit} (the receiving unit), {agency} (the office itself), {reason}. */
    delay: string;
    /** Placeholders: {unit}, {agency}. */
    apology: string;
    /** Placeholders: {time}. */
    newAppointment: string;
    closing: string;
    /** Used when the request names no title of its own. */
    leader: string;
    /** The leader signs for the agency, so the seal goes with the signature. */
    signHint: string;
  };
  /** Mẫu 05 of TT 03/2025; TT 01/2018 has no such form. */
  stop?: {
    formNumber: string;
    /** Placeholders: {number}. */
    number: string;
    title: string;
    /** Placeholders: {name}. */
    addressee: string;
    /** Placeholders: {address}. */
    address: string;
    /** Placeholders: {phone}. */
    phone: string;
    /** Placeholders: {time}, {unit}, {name}, {procedure}. */
    received: string;
    /** Placeholders: {code}. */
    dossierCode: string;
    /** Placeholders: {agency}, {reason}. */
    reason: string;
    /** Placeholders: {guidance}. */
    guidance: string;
    closing: string;
    leader: string;
    signHint: string;
  };
  control: {
    formNumber: string;
    title: string;
    /** Placeholders: {code}. */
    dossierCode: string;
    /** Placeholders: {name}. */
    applicant: string;
    /** Placeholders: {procedure}. */
    procedure: string;
    /** Placeholders: {time}. */
    appointment: string;
    /** A dossier filed beyond the boundary. Placeholders: {agency}. */
    competentAgency: string;
    headers: [string, string, string, string];
    /** Placeholders: {agency}. */
    giver: string;
    /** Placeholders: {agency}. */
    receiver: string;
    /** Placeholders: {time}. */
    handOffAt: string;
    /** The time of a hand-off still to be written by hand. */
    blankTime: string;
    giverSign: string;
    receiverSign: string;
    /** Under the signatures. Placeholders: {name}. */
    receiverName: string;
  };
  ledger: {
    formNumber: string;
    title: string;
    /** Placeholders: {from}, {to}. */
    period: string;
    /** Placeholders: {time}. */
    printedAt: string;
    /** The book(s) the rows' numbers belong to, printed when any row has one. Placeholders: {book}. */
    book: string;
    /** A date in a table cell. Placeholders: the fields of vietnamTimeFields. */
    date: string;
    columns: Record<LedgerColumn, string>;
    /** Put in Ghi chú of a dossier returned, or still not returned, after its appointment. */
    overdue: string;
    /** Put in Ghi chú of a dossier whose processing stopped. Placeholders: {date}. */
    stopped: string;
    empty: string;
  };
}

const tt01of2018: FormTemplate = {
  id: 'tt01-2018',
  effectiveFrom: '2019-01-06',
  basis: 'TT 01/2018/TT-VPCP, Mẫu 01–06',
  // TT 01/2018's six forms (docs/domain/legal-basis-and-forms.md, [V] for the circular, [S] for the table).
  forms: [
    { number: '01', kind: 'receipt', name: { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment' } },
    { number: '02', kind: 'supplement', name: { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to complete the dossier' } },
    { number: '03', kind: 'refusal', name: { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal to receive the dossier' } },
    { number: '04', kind: 'apology', name: { vi: 'Phiếu xin lỗi và hẹn lại ngày trả kết quả', en: 'Apology with a new appointment' } },
    { number: '05', kind: 'control', name: { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Processing control sheet' } },
    { number: '06', kind: 'ledger', name: { vi: 'Sổ theo dõi hồ sơ', en: 'Dossier tracking book' } },
  ],
  nationalName: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
  motto: 'Độc lập - Tự do - Hạnh phúc',
  dateLine: '{place}, ngày {dd} tháng {month} năm {yyyy}',
  clockDate: '{HH} giờ {mm} phút, ngày {dd}/{MM}/{yyyy}',
  blank: '……………',
  signHint: '(Ký và ghi rõ họ tên)',
  continued: '{heading} (tiếp theo)',
  pageNumber: 'Trang {page}/{pages}',
  copyKinds: { original: 'Bản chính', certified: 'Bản sao có chứng thực', photocopy: 'Bản sao' },
  applicant: {
    idNumber: 'Số định danh cá nhân: {idNumber}',
    address: 'Địa chỉ: {address}',
    contact: 'Số điện thoại: {phone}    Email: {email}',
    procedure: 'Nội dung yêu cầu giải quyết: {procedure}',
  },
  receipt: {
    title: 'GIẤY TIẾP NHẬN HỒ SƠ\nVÀ HẸN TRẢ KẾT QUẢ',
    dossierCode: 'Mã hồ sơ: {code}',
    copies: ['(Liên 1: Lưu)', '(Liên 2: Giao khách hàng)'],
    applicant: 'Tiếp nhận hồ sơ của: {name}',
    components: '1. Thành phần hồ sơ nộp gồm:',
    componentHeaders: ['TT', 'Tên giấy tờ', 'Hình thức', 'Số lượng'],
    sets: '2. Số lượng hồ sơ: {sets} bộ',
    processingDays: '3. Thời gian giải quyết hồ sơ theo quy định: {days} ngày làm việc',
    processingSameDay: '3. Thời gian giải quyết hồ sơ theo quy định: trong ngày',
    processingNextWorkingDay: '3. Thời gian giải quyết hồ sơ theo quy định: trong ngày làm việc tiếp theo',
    competentAgency: 'Cơ quan có thẩm quyền giải quyết: {agency}',
    // The form names only the applicant; the person who filed for them is the one who signs as
    // NGƯỜI NỘP HỒ SƠ below, so the receipt says who that is (issue 13 §4) [U: wording ours].
    representative: 'Người nộp hồ sơ thay: {name}, số định danh cá nhân: {id}',
    receivedAt: '4. Thời gian nhận hồ sơ: {time}',
    appointmentAt: '5. Thời gian trả kết quả giải quyết hồ sơ: {time}',
    resultPlace: '6. Đăng ký nhận kết quả tại: {place}',
    fee: '7. Phí, lệ phí: {fee}',
    book: 'Vào Sổ theo dõi hồ sơ, Quyển số: {book}    Số thứ tự: {sequence}',
    submitter: 'NGƯỜI NỘP HỒ SƠ',
    receiver: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
  },
  supplement: {
    number: 'Số: {number}/HDHS',
    title: 'PHIẾU YÊU CẦU BỔ SUNG,\nHOÀN THIỆN HỒ SƠ',
    applicant: 'Hồ sơ của: {name}',
    intro: 'Yêu cầu bổ sung, hoàn thiện hồ sơ gồm những nội dung sau:',
    missingHeaders: ['TT', 'Thành phần hồ sơ', 'Bản chính', 'Bản chứng thực', 'Bản photo'],
    reason: 'Lý do: {reason}',
    contact: 'Trong quá trình hoàn thiện hồ sơ nếu có vướng mắc, ông (bà) liên hệ với {officer}, {contact} để được hướng dẫn.',
    guide: 'NGƯỜI HƯỚNG DẪN',
  },
  refusal: {
    title: 'PHIẾU TỪ CHỐI TIẾP NHẬN\nGIẢI QUYẾT HỒ SƠ',
    applicant: 'Tiếp nhận hồ sơ của: {name}',
    decision: 'Sau khi xem xét, đối chiếu với quy định của pháp luật, {unit} không tiếp nhận, giải quyết hồ sơ này với lý do: {reason}',
    closing: 'Xin thông báo để ông (bà) được biết và thực hiện./.',
    submitter: 'NGƯỜI NỘP HỒ SƠ',
    receiver: 'NGƯỜI TIẾP NHẬN HỒ SƠ',
  },
  // Mẫu 04: title and "Số …/PXL" as docs/domain/legal-basis-and-forms.md lists them [S]; the
  // body is written from the fields production templates carry (Kính gửi, received, code,
  // reason, new date) and is unconfirmed [U] against the circular's own text.
  apology: {
    formNumber: 'Mẫu số 04',
    number: 'Số: {number}/PXL',
    title: 'PHIẾU XIN LỖI VÀ HẸN LẠI\nNGÀY TRẢ KẾT QUẢ',
    addressee: 'Kính gửi: {name}',
    address: 'Địa chỉ: {address}',
    phone: 'Số điện thoại: {phone}',
    received: 'Vào lúc {time}, {unit} đã tiếp nhận hồ sơ của ông (bà) {name} đề nghị giải quyết thủ tục: {procedure}.',
    dossierCode: 'Mã hồ sơ: {code}',
    appointment: 'Thời gian hẹn trả kết quả ghi trên Giấy tiếp nhận hồ sơ và hẹn trả kết quả: {time}.',
    delay: 'Tuy nhiên đến nay, {unit} chưa trả được kết quả giải quyết hồ sơ của ông (bà) đúng thời gian đã hẹn. Lý do: {reason}',
    apology: '{unit} xin lỗi ông (bà) vì sự chậm trễ này và rất mong nhận được sự thông cảm của ông (bà).',
    newAppointment: 'Thời gian hẹn lại trả kết quả: {time}.',
    closing: 'Trân trọng./.',
    leader: 'THỦ TRƯỞNG CƠ QUAN',
    signHint: '(Ký, ghi rõ họ tên và đóng dấu)',
  },
  // Mẫu 05 of TT 01/2018: the columns and the "Giao / Nhận" rows with both signatures are those
  // of the production control sheets in docs/domain/legal-basis-and-forms.md [S]; the lines
  // above the table are the dossier's own particulars [U].
  control: {
    formNumber: 'Mẫu số 05',
    title: 'PHIẾU KIỂM SOÁT QUÁ TRÌNH\nGIẢI QUYẾT HỒ SƠ',
    dossierCode: 'Mã hồ sơ: {code}',
    applicant: 'Người nộp hồ sơ: {name}',
    procedure: 'Tên thủ tục hành chính: {procedure}',
    appointment: 'Thời gian hẹn trả kết quả: {time}',
    // The receipt's own wording for the same fact (Mẫu 01 above) [U].
    competentAgency: 'Cơ quan có thẩm quyền giải quyết: {agency}',
    headers: ['TÊN CƠ QUAN', 'THỜI GIAN GIAO, NHẬN HỒ SƠ', 'KẾT QUẢ', 'GHI CHÚ'],
    giver: '1. Giao: {agency}',
    receiver: '2. Nhận: {agency}',
    handOffAt: '{time}',
    blankTime: '…… giờ …… phút, ngày …/…/……',
    giverSign: 'Người giao',
    receiverSign: 'Người nhận',
    receiverName: 'Người nhận: {name}',
  },
  // Mẫu 06: the columns are the tracking book of docs/domain/legal-basis-and-forms.md [U];
  // TT 01/2018 prints it on A4 [V].
  ledger: {
    formNumber: 'Mẫu số 06',
    title: 'SỔ THEO DÕI HỒ SƠ',
    period: 'Từ ngày {from} đến ngày {to}',
    printedAt: '(In lúc {time})',
    // The receipt's "Quyển số" (Mẫu 01): the STT column is each dossier's số thứ tự in that book [U].
    book: 'Quyển số: {book}',
    date: '{dd}/{MM}/{yyyy}',
    columns: {
      index: 'STT',
      code: 'Mã hồ sơ',
      procedure: 'Tên thủ tục',
      sets: 'Số bộ',
      applicant: 'Người nộp',
      contact: 'Địa chỉ, điện thoại',
      leadAgency: 'Cơ quan chủ trì',
      receivedAt: 'Ngày nhận',
      appointmentAt: 'Ngày hẹn trả',
      forwardedAt: 'Ngày chuyển',
      resultAt: 'Ngày có kết quả',
      returnedAt: 'Ngày trả',
      signature: 'Ký nhận',
      note: 'Ghi chú',
    },
    overdue: 'Quá hạn',
    stopped: 'Dừng giải quyết ngày {date}',
    empty: 'Không có hồ sơ nào được tiếp nhận trong kỳ này.',
  },
};

/** TT 03/2025 keeps forms 01–03; only what differs from TT 01/2018 is restated. */
const tt03of2025: FormTemplate = {
  ...tt01of2018,
  id: 'tt03-2025',
  effectiveFrom: '2025-09-15',
  basis: 'TT 03/2025/TT-VPCP, Phụ lục I, Mẫu 01–07',
  // The seven forms of Phụ lục I, numbers and names as thuviennhadat.vn lists them ("Tải file word
  // biểu mẫu Thông tư 03/2025/TT-VPCP", forms in use from 15/9/2025), checked 2026-12-07 [S].
  forms: [
    { number: '01', kind: 'receipt', name: { vi: 'Giấy tiếp nhận hồ sơ và hẹn trả kết quả', en: 'Receipt and appointment' } },
    { number: '02', kind: 'supplement', name: { vi: 'Phiếu yêu cầu bổ sung, hoàn thiện hồ sơ', en: 'Request to complete the dossier' } },
    { number: '03', kind: 'refusal', name: { vi: 'Phiếu từ chối tiếp nhận giải quyết hồ sơ', en: 'Refusal to receive the dossier' } },
    {
      number: '04',
      kind: 'apology',
      name: { vi: 'Văn bản xin lỗi và đề nghị gia hạn thời gian giải quyết', en: 'Apology and request to extend the processing time' },
    },
    { number: '05', kind: 'stop', name: { vi: 'Thông báo dừng giải quyết hồ sơ', en: 'Notice stopping the processing of a dossier' } },
    { number: '06', kind: 'control', name: { vi: 'Phiếu kiểm soát quá trình giải quyết hồ sơ', en: 'Processing control sheet' } },
    { number: '07', kind: 'ledger', name: { vi: 'Sổ theo dõi hồ sơ', en: 'Dossier tracking book' } },
  ],
  receipt: { ...tt01of2018.receipt, copies: ['(Liên 1: Lưu)', '(Liên 2: Giao người nộp hồ sơ)'] },
  // Number and title as thuviennhadat.vn lists Phụ lục I (checked 2026-12-07) [S]. Under TT 03/2025
  // the letter comes from the agency whose processing is late, not from the unit that received
  // the dossier (docs/domain/legal-basis-and-forms.md), so the delay and the apology name the
  // office itself; the sentences are written from the form's fields and unconfirmed [U].
  apology: {
    ...tt01of2018.apology,
    formNumber: 'Mẫu số 04',
    title: 'VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN\nTHỜI GIAN GIẢI QUYẾT',
    delay: 'Tuy nhiên đến nay, {agency} chưa giải quyết xong hồ sơ của ông (bà) đúng thời gian đã hẹn. Lý do: {reason}',
    apology:
      '{agency} xin lỗi ông (bà) vì sự chậm trễ này, đề nghị ông (bà) đồng ý gia hạn thời gian giải quyết và rất mong nhận được sự thông cảm của ông (bà).',
    newAppointment: 'Đề nghị gia hạn thời gian giải quyết, hẹn lại trả kết quả vào: {time}.',
  },
  // Mẫu 05: the fields are those the notice must carry (agency, number, addressee, code,
  // procedure, date received, reason, what to do or the legal basis, the head's signature);
  // the wording is written from them and unconfirmed [U] against the circular's own text.
  stop: {
    formNumber: 'Mẫu số 05',
    number: 'Số: {number}/TB',
    title: 'THÔNG BÁO\nDỪNG GIẢI QUYẾT HỒ SƠ',
    addressee: 'Kính gửi: {name}',
    address: 'Địa chỉ: {address}',
    phone: 'Số điện thoại: {phone}',
    received: 'Vào lúc {time}, {unit} đã tiếp nhận hồ sơ của ông (bà) {name} đề nghị giải quyết thủ tục: {procedure}.',
    dossierCode: 'Mã hồ sơ: {code}',
    reason: '{agency} thông báo dừng giải quyết hồ sơ nêu trên. Lý do: {reason}',
    guidance: 'Đề nghị ông (bà) thực hiện / căn cứ pháp lý: {guidance}',
    closing: 'Xin thông báo để ông (bà) được biết và thực hiện./.',
    leader: 'THỦ TRƯỞNG CƠ QUAN',
    signHint: '(Ký, ghi rõ họ tên và đóng dấu)',
  },
  // Mẫu 06 in TT 03/2025 (was 05) [S]; wording kept from TT 01/2018's control sheet.
  control: { ...tt01of2018.control, formNumber: 'Mẫu số 06' },
  // Mẫu 07 in TT 03/2025 per docs/domain/legal-basis-and-forms.md [S], unconfirmed; columns
  // kept from TT 01/2018 [U].
  ledger: { ...tt01of2018.ledger, formNumber: 'Mẫu số 07' },
};

/** Oldest first. */
export const FORM_TEMPLATES: readonly FormTemplate[] = [tt01of2018, tt03of2025];

export function getFormTemplate(id: string): FormTemplate {
  const template = FORM_TEMPLATES.find((t) => t.id === id);
  if (!template) {
    const known = FORM_TEMPLATES.map((t) => t.id).join(', ');
    throw new DeskError('form.unknown-template', {
      vi: `Không có mẫu biểu phiên bản "${id}" (có: ${known}).`,
      en: `Unknown form template version "${id}" (known: ${known}).`,
    });
  }
  return template;
}

/** The version in force on a Vietnam calendar date (YYYY-MM-DD) or at an ISO 8601 instant. */
export function formTemplateInForce(when: string): FormTemplate {
  const date = /^\d{4}-\d{2}-\d{2}$/.test(when) ? when : vietnamTimeFields(when).isoDate;
  const inForce = FORM_TEMPLATES.filter((t) => t.effectiveFrom <= date).at(-1);
  if (!inForce) {
    throw new DeskError('form.no-template', {
      vi: `Không có mẫu biểu nào có hiệu lực vào ngày ${date}.`,
      en: `No form template is in force on ${date}.`,
    });
  }
  return inForce;
}

/** A piece of filled text; `key` names the placeholder it came from, so callers can emphasise values. */
export interface Segment {
  text: string;
  key?: string;
}

type Values = Record<string, string | number | undefined>;

/** Substitutes {placeholders}; a missing or empty value becomes the template's dotted blank. */
export function fillSegments(pattern: string, values: Values, blank: string): Segment[] {
  const segments: Segment[] = [];
  let last = 0;
  for (const match of pattern.matchAll(/\{(\w+)\}/g)) {
    const key = match[1]!;
    if (match.index > last) segments.push({ text: pattern.slice(last, match.index) });
    const value = values[key];
    segments.push({ text: value === undefined || value === '' ? blank : String(value), key });
    last = match.index + match[0].length;
  }
  if (last < pattern.length) segments.push({ text: pattern.slice(last) });
  return segments;
}

export function fill(pattern: string, values: Values, blank: string): string {
  return fillSegments(pattern, values, blank)
    .map((s) => s.text)
    .join('');
}
