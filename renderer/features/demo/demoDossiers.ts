// Sample dossiers for the demo office and the benchmarks: plausible Vietnamese names, ID
// numbers of valid structure, codes from the real allocator, appointments from the real
// calendar. Seeded days all lie before today, so the desk's own numbering is untouched.
import { ulid } from 'ulid';
import { seededRandom } from '#domain/seededRandom.ts';
import type { Applicant, Dossier, Procedure, StatusCode } from '#domain/model.ts';
import { allocate, type AllocatorState } from '#domain/dossierCode/allocator.ts';
import { DEFAULT_CODE_PATTERN } from '#domain/dossierCode/pattern.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import provinces from '#domain/citizen/provinceCodes.json';
import type { DeskSettings } from '../settings/officeSettings.ts';
import type { Officer } from '#renderer/db/schema.ts';
import { computeAppointment } from '../reception/deskRules.ts';
import { VN_RULES } from '#domain/calendar/rules.ts';
import { initialChecklist } from '../reception/ComponentChecklist.tsx';

const FAMILY = ['Nguyễn', 'Trần', 'Lê', 'Phạm', 'Hoàng', 'Huỳnh', 'Phan', 'Vũ', 'Võ', 'Đặng', 'Bùi', 'Đỗ', 'Hồ', 'Ngô', 'Dương', 'Lý'];
const MIDDLE_M = ['Văn', 'Hữu', 'Đức', 'Quang', 'Minh', 'Thành', 'Công', 'Xuân'];
const MIDDLE_F = ['Thị', 'Ngọc', 'Thu', 'Thanh', 'Kim', 'Mai', 'Hồng', 'Bích'];
const GIVEN_M = ['An', 'Bình', 'Cường', 'Dũng', 'Hải', 'Hùng', 'Khánh', 'Long', 'Nam', 'Phong', 'Quân', 'Sơn', 'Thắng', 'Tuấn', 'Việt'];
const GIVEN_F = ['Anh', 'Chi', 'Dung', 'Hà', 'Hạnh', 'Hương', 'Lan', 'Linh', 'Loan', 'Ngân', 'Nhung', 'Phương', 'Thảo', 'Trang', 'Yến'];
const STREETS = ['Thôn Đông', 'Thôn Tây', 'Xóm Mới', 'Tổ dân phố 3', 'Số 12 đường Lê Lợi', 'Số 45 phố Trần Hưng Đạo', 'Khu phố 2'];
const STATUSES: StatusCode[] = [2, 2, 4, 4, 4, 5, 9, 10, 10, 10];

const pick = <T>(rng: () => number, list: readonly T[]): T => list[Math.floor(rng() * list.length)]!;

function demoApplicant(rng: () => number, place: string): Applicant {
  const female = rng() < 0.5;
  const year = 1940 + Math.floor(rng() * 65);
  const month = 1 + Math.floor(rng() * 12);
  const day = 1 + Math.floor(rng() * 28);
  const province = pick(rng, provinces.provinces).code;
  const centuryDigit = (year >= 2000 ? 2 : 0) + (female ? 1 : 0);
  const serial = String(Math.floor(rng() * 1_000_000)).padStart(6, '0');
  return {
    fullName: `${pick(rng, FAMILY)} ${pick(rng, female ? MIDDLE_F : MIDDLE_M)} ${pick(rng, female ? GIVEN_F : GIVEN_M)}`,
    idNumber: `${province}${centuryDigit}${String(year % 100).padStart(2, '0')}${serial}`,
    dateOfBirth: `${year}-${String(month).padStart(2, '0')}-${String(day).padStart(2, '0')}`,
    gender: female ? 'female' : 'male',
    address: `${pick(rng, STREETS)}, ${place}`,
    phone: `09${String(Math.floor(rng() * 100_000_000)).padStart(8, '0')}`,
  };
}

export interface DemoOptions {
  count: number;
  settings: DeskSettings;
  procedures: Procedure[];
  officer: Officer;
  catalogVersion: string;
  formsVersion: string;
  /** Dossiers are spread over the working hours of the days before this instant. */
  until: Date;
  perDay?: number;
  seed?: number;
}

export function* demoDossiers(o: DemoOptions): Generator<Dossier> {
  const rng = seededRandom(o.seed ?? 20261123);
  const perDay = o.perDay ?? 40;
  // Weekdays before `until`, oldest first; 01:00Z is 08:00 desk time, the same date.
  const dayStarts: number[] = [];
  for (let back = 1; dayStarts.length * perDay < o.count; back++) {
    const start = Date.UTC(o.until.getUTCFullYear(), o.until.getUTCMonth(), o.until.getUTCDate() - back, 1, 0, 0);
    const weekday = new Date(start).getUTCDay();
    if (weekday !== 0 && weekday !== 6) dayStarts.unshift(start);
  }
  let state: AllocatorState | null = null;
  const config = {
    agencyId: o.settings.agencyId,
    patterns: [DEFAULT_CODE_PATTERN],
    partitions: [{ from: '2000-01-01', slots: o.settings.deskCount, slot: o.settings.deskNumber }],
  };
  let made = 0;
  for (const dayStart of dayStarts) {
    // Receipts spread over the eight office hours from 08:00.
    for (let i = 0; i < perDay && made < o.count; i++, made++) {
      const at = new Date(dayStart + Math.floor((i / perDay) * 8 * 3_600_000));
      const procedure = pick(rng, o.procedures);
      const applicant = demoApplicant(rng, o.settings.placeName);
      const allocation = allocate(state, at, config);
      state = allocation.state;
      const receivedAt = toDeskIso(at);
      const components = initialChecklist(procedure).map((c) => ({ ...c, received: true }));
      yield {
        id: ulid(at.getTime()),
        code: allocation.code,
        decision: 'accepted',
        status: pick(rng, STATUSES),
        procedureCode: procedure.code,
        procedureName: procedure.name,
        processingHours: procedure.processingHours,
        fees: procedure.fees,
        sets: 1,
        applicant,
        components,
        receivedAt,
        appointmentAt: computeAppointment(receivedAt, procedure, o.settings, VN_RULES),
        officerId: o.officer.id,
        officerName: o.officer.fullName,
        deskId: String(o.settings.deskNumber),
        versions: { catalog: o.catalogVersion, calendar: VN_RULES.version, forms: o.formsVersion, codePattern: allocation.patternVersion },
        updatedAt: receivedAt,
      };
    }
  }
}
