// The QR on the CCCD / thẻ căn cước: UTF-8, fields separated by "|" (docs/domain/citizen-identity.md):
//   ID | old CMND (may be empty) | full name | DOB ddMMyyyy | Nam/Nữ | permanent address | issue date ddMMyyyy
// Scanners and cameras deliver it with stray CR/LF, decomposed diacritics and, on 2024
// cards, possibly more fields [U]. A readable card yields its fields plus a list of
// problems for the officer to look at; only text that is not a citizen-ID QR at all, or that
// carries characters no card prints (controls, bidi overrides, invisible ones), is refused, so
// a damaged card never blocks reception and a forged one never fills the form.

import { DeskError, type Bilingual } from '../errors.ts';
import type { Gender } from '../model.ts';
import { fold } from '../search/fold.ts';
import { deskDay, isCalendarDay } from '../dossierCode/calendarDay.ts';
import { checkCitizenText } from '../text/citizenText.ts';
import { checkIdNumber } from './idNumber.ts';
import type { CitizenProblem } from './problem.ts';

export interface CccdQrFields {
  idNumber: string;
  /** The old 9- or 12-digit CMND number printed in the QR; null when the field is empty. */
  oldIdNumber: string | null;
  fullName: string;
  /** ISO "YYYY-MM-DD"; null when missing or not a real date (a problem says which). */
  dateOfBirth: string | null;
  gender: Gender | null;
  address: string | null;
  /** ISO "YYYY-MM-DD"; null when missing or not a real date. */
  issueDate: string | null;
  /** Fields after the seventh, kept as read (NFC): 2024 cards may carry more [U]. */
  extra: string[];
}

export interface CccdQrReading {
  fields: CccdQrFields;
  problems: CitizenProblem[];
}

type FieldName = 'fullName' | 'dateOfBirth' | 'gender' | 'address' | 'issueDate';

const FIELD_LABEL: Record<FieldName, Bilingual> = {
  fullName: { vi: 'họ và tên', en: 'full name' },
  dateOfBirth: { vi: 'ngày sinh', en: 'date of birth' },
  gender: { vi: 'giới tính', en: 'gender' },
  address: { vi: 'nơi thường trú', en: 'permanent address' },
  issueDate: { vi: 'ngày cấp', en: 'issue date' },
};

/** The label of the QR's field at `index`, in the card's order. */
function qrFieldLabel(index: number): Bilingual {
  const order: (FieldName | Bilingual)[] = [
    { vi: 'số định danh', en: 'ID number' },
    { vi: 'số CMND cũ', en: 'old CMND number' },
    'fullName',
    'dateOfBirth',
    'gender',
    'address',
    'issueDate',
  ];
  const label = order[index] ?? { vi: `trường thứ ${index + 1}`, en: `field ${index + 1}` };
  return typeof label === 'string' ? FIELD_LABEL[label] : label;
}

function refuse(code: string, text: Bilingual): never {
  throw new DeskError(code, text);
}

const NOT_CITIZEN_ID: Bilingual = {
  vi: 'Đây không phải mã QR trên thẻ căn cước công dân / thẻ căn cước (giấy tờ nước ngoài hoặc mã QR khác). Đề nghị nhập thông tin bằng tay.',
  en: 'This is not the QR of a Vietnamese citizen ID card (a foreign document or another QR). Please type the details in.',
};

/** Refuses text that cannot be a citizen-ID QR, with a message the officer can act on. */
function assertLooksLikeCccd(text: string, fields: string[]): void {
  if (text === '') refuse('qr.empty', { vi: 'Mã QR rỗng', en: 'The QR code is empty' });
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(text) || /^www\./i.test(text)) {
    refuse('qr.notCitizenId', {
      vi: 'Mã QR này là một đường liên kết, không phải mã QR trên thẻ căn cước',
      en: 'This QR is a web link, not the QR of a citizen ID card',
    });
  }
  const first = fields[0]!.replace(/\s/g, '');
  if (/^\d{9}$/.test(first)) {
    refuse('qr.oldCard', {
      vi: 'Đây là số CMND 9 số cũ, không phải thẻ căn cước công dân gắn chip / thẻ căn cước. Đề nghị xuất trình thẻ căn cước hoặc nhập thông tin bằng tay.',
      en: 'This is an old 9-digit CMND number, not a chip citizen ID card. Ask for the citizen ID card or type the details in.',
    });
  }
  if (fields.length < 3 || !/^\d{12}$/.test(first)) refuse('qr.notCitizenId', NOT_CITIZEN_ID);
}

/** "ddMMyyyy" → ISO date, or null when it is not a real calendar date. */
function isoFromCardDate(text: string): string | null {
  const m = /^(\d{2})(\d{2})(\d{4})$/.exec(text);
  if (m === null) return null;
  const iso = `${m[3]}-${m[2]}-${m[1]}`;
  return isCalendarDay(iso) ? iso : null;
}

/** "Nam"/"Nữ" in any normal form, case, or without diacritics ("Nu"). */
function genderFromCard(text: string): Gender | null {
  const folded = fold(text);
  if (folded === 'nam') return 'male';
  if (folded === 'nu') return 'female';
  return null;
}

function missing(field: FieldName): CitizenProblem {
  return {
    code: 'qr.fieldMissing',
    text: {
      vi: `Mã QR không có ${FIELD_LABEL[field].vi}`,
      en: `The QR has no ${FIELD_LABEL[field].en}`,
    },
  };
}

function unreadableDate(field: 'dateOfBirth' | 'issueDate', raw: string): CitizenProblem {
  return {
    code: 'qr.dateInvalid',
    text: {
      vi: `${capitalise(FIELD_LABEL[field].vi)} "${raw}" không phải ngày hợp lệ dạng ngàythángnăm (ddMMyyyy)`,
      en: `${capitalise(FIELD_LABEL[field].en)} "${raw}" is not a valid ddMMyyyy date`,
    },
  };
}

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** Reads one date field, recording why it could not be used. */
function readDate(field: 'dateOfBirth' | 'issueDate', raw: string | undefined, problems: CitizenProblem[]): string | null {
  const compact = (raw ?? '').replace(/\s/g, '');
  if (compact === '') {
    problems.push(missing(field));
    return null;
  }
  const iso = isoFromCardDate(compact);
  if (iso === null) problems.push(unreadableDate(field, compact));
  return iso;
}

export interface CccdQrOptions {
  /** The moment of reading, for the "date in the future" checks; defaults to now. */
  now?: Date;
}

/** Each field NFC with blanks collapsed; a character no card prints refuses the whole QR. */
function cleanFields(rawFields: string[]): string[] {
  return rawFields.map((f, i) => {
    const checked = checkCitizenText(f, qrFieldLabel(i), { required: false });
    if (checked.ok) return checked.value;
    return refuse('qr.forbiddenCharacter', {
      vi: `Mã QR bị từ chối: ${checked.problem.text.vi}`,
      en: `QR refused: ${checked.problem.text.en}`,
    });
  });
}

/**
 * Parses the QR text of a CCCD / thẻ căn cước. Throws DeskError ("qr.empty",
 * "qr.notCitizenId", "qr.oldCard", "qr.forbiddenCharacter") when the text is not such a
 * QR; otherwise returns the fields with every problem found, including the ID-number
 * cross-check.
 */
export function parseCccdQr(raw: string, options: CccdQrOptions = {}): CccdQrReading {
  // Line breaks are scanner artefacts (a trailing Enter, or a wrapped line): never data.
  const text = raw
    .normalize('NFC')
    .replace(/^\uFEFF/, '')
    .replace(/[\r\n]+/g, ' ')
    .trim();
  const rawFields = text.split('|');
  assertLooksLikeCccd(text, rawFields);
  const fields = cleanFields(rawFields);

  const today = deskDay(options.now ?? new Date());
  const problems: CitizenProblem[] = [];
  const [idField, oldField, nameField, dobField, genderField, addressField, issueField, ...extra] = fields;
  const idNumber = idField!.replace(/\s/g, '');

  const oldCompact = (oldField ?? '').replace(/\s/g, '');
  if (oldCompact !== '' && !/^(\d{9}|\d{12})$/.test(oldCompact)) {
    problems.push({
      code: 'qr.oldIdInvalid',
      text: {
        vi: `Số CMND cũ "${oldCompact}" không phải 9 hoặc 12 chữ số`,
        en: `The old CMND number "${oldCompact}" is not 9 or 12 digits`,
      },
    });
  }

  const fullName = nameField ?? '';
  if (fullName === '') problems.push(missing('fullName'));

  const dateOfBirth = readDate('dateOfBirth', dobField, problems);
  if (dateOfBirth !== null && dateOfBirth > today) {
    problems.push({
      code: 'qr.dateOfBirthFuture',
      text: {
        vi: `Ngày sinh ${dateOfBirth} ở tương lai`,
        en: `The date of birth ${dateOfBirth} is in the future`,
      },
    });
  }

  let gender: Gender | null = null;
  if ((genderField ?? '') === '') problems.push(missing('gender'));
  else {
    gender = genderFromCard(genderField!);
    if (gender === null) {
      problems.push({
        code: 'qr.genderInvalid',
        text: {
          vi: `Giới tính "${genderField}" không phải "Nam" hoặc "Nữ"`,
          en: `Gender "${genderField}" is neither "Nam" nor "Nữ"`,
        },
      });
    }
  }

  const address = addressField !== undefined && addressField !== '' ? addressField : null;
  if (address === null) problems.push(missing('address'));

  const issueDate = readDate('issueDate', issueField, problems);
  if (issueDate !== null && (issueDate > today || (dateOfBirth !== null && issueDate < dateOfBirth))) {
    problems.push({
      code: 'qr.issueDateImpossible',
      text: {
        vi: `Ngày cấp ${issueDate} ở tương lai hoặc trước ngày sinh`,
        en: `The issue date ${issueDate} is in the future or before the date of birth`,
      },
    });
  }

  problems.push(
    ...checkIdNumber(idNumber, {
      ...(dateOfBirth !== null ? { dateOfBirth } : {}),
      ...(gender !== null ? { gender } : {}),
    }),
  );

  return {
    fields: {
      idNumber,
      oldIdNumber: oldCompact === '' ? null : oldCompact,
      fullName,
      dateOfBirth,
      gender,
      address,
      issueDate,
      extra,
    },
    problems,
  };
}

/** Fields on every card's QR, ID to issue date, empty ones included (docs/domain/citizen-identity.md, [S], gathered 2026-11-22). */
const CARD_FIELDS = 7;

/**
 * Parses a QR as a scanner delivered it. A card's QR carries all seven fields, separators
 * included even when a field is empty, so fewer mean the scanner stopped early or the code
 * was read in part (a truncated burst): that is refused, naming what is missing, so the
 * officer scans again rather than half a card filling the form. Text that is no citizen-ID
 * QR at all is refused first, as parseCccdQr does.
 */
export function parseScannedCccdQr(raw: string, options: CccdQrOptions = {}): CccdQrReading {
  const reading = parseCccdQr(raw, options);
  const count = raw.split('|').length;
  if (count < CARD_FIELDS) {
    const missingLabels = Array.from({ length: CARD_FIELDS - count }, (_, i) => qrFieldLabel(count + i));
    refuse('qr.truncated', {
      vi: `Mã QR bị cắt ngắn: chỉ đọc được ${count}/${CARD_FIELDS} trường, thiếu ${missingLabels.map((l) => l.vi).join(', ')}. Chưa điền gì; đề nghị quét lại thẻ.`,
      en: `The QR was cut short: only ${count} of ${CARD_FIELDS} fields were read, ${missingLabels.map((l) => l.en).join(', ')} missing. Nothing was filled in; please scan the card again.`,
    });
  }
  return reading;
}
