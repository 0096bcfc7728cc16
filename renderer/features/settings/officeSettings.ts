// The desk's office settings, kept under one settings key and validated on every save.
import { z } from 'zod';
import type { OfficeSettings } from '#domain/model.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { checkOfficeAgencyId } from '#domain/dossierCode/agencyId.ts';

const hhmm = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

export const officeSettingsSchema = z.object({
  officeName: z.string().trim().min(1).max(200),
  unitName: z.string().trim().max(200),
  agencyId: z.string().trim().min(1).max(35),
  level: z.enum(['commune', 'ward', 'special', 'district']),
  placeName: z.string().trim().min(1).max(100),
  deskNumber: z.number().int().min(1).max(99),
  deskCount: z.number().int().min(1).max(99),
  morning: z.object({ start: hhmm, end: hhmm }),
  afternoon: z.object({ start: hhmm, end: hhmm }),
  cutoff: hhmm,
  printer: z.string().max(200),
  idleLockMinutes: z.number().int().min(1).max(120),
  resultPlace: z.string().max(300),
});

export type DeskSettings = OfficeSettings & { deskCount: number };

export const OFFICE_KEY = 'office';

export const defaultOfficeSettings: DeskSettings = {
  officeName: '',
  unitName: 'Bộ phận Tiếp nhận và Trả kết quả',
  agencyId: '',
  level: 'ward',
  placeName: '',
  deskNumber: 1,
  deskCount: 1,
  morning: { start: '07:30', end: '11:30' },
  afternoon: { start: '13:30', end: '17:30' },
  cutoff: '16:00',
  printer: '',
  idleLockMinutes: 5,
  resultPlace: 'Bộ phận Tiếp nhận và Trả kết quả',
};

export function validateOfficeSettings(input: unknown): DeskSettings {
  const parsed = officeSettingsSchema.safeParse(input);
  if (!parsed.success) {
    const fields = [...new Set(parsed.error.issues.map((i) => i.path.join('.')))].join(', ');
    throw new DeskError('bad-settings', { vi: `Cài đặt chưa hợp lệ: ${fields}.`, en: `Invalid settings: ${fields}.` });
  }
  const agency = checkOfficeAgencyId(parsed.data.agencyId.toUpperCase());
  if (agency.problems[0]) throw new DeskError('bad-agency-id', agency.problems[0].text);
  if (parsed.data.deskNumber > parsed.data.deskCount) {
    throw new DeskError('bad-desk-number', {
      vi: 'Số quầy không được lớn hơn tổng số quầy.',
      en: 'The desk number cannot exceed the number of desks.',
    });
  }
  return { ...parsed.data, agencyId: parsed.data.agencyId.toUpperCase() };
}

export type OfficeField = 'officeName' | 'agencyId' | 'placeName' | 'deskNumber' | 'deskCount' | 'morning' | 'afternoon' | 'cutoff' | 'idleLockMinutes';

const between = (n: number, min: number, max: number) => Number.isInteger(n) && n >= min && n <= max;

/**
 * What is wrong with each office field, for the message beside it: the same rules as
 * validateOfficeSettings, checked before the officer moves on rather than at the end.
 */
export function officeFieldProblems(input: DeskSettings): Partial<Record<OfficeField, Bilingual>> {
  const problems: Partial<Record<OfficeField, Bilingual>> = {};
  if (!input.officeName.trim()) problems.officeName = { vi: 'Chưa nhập tên cơ quan.', en: 'The office name is empty.' };
  const agency = checkOfficeAgencyId(input.agencyId.trim().toUpperCase()).problems[0];
  if (agency) problems.agencyId = agency.text;
  if (!input.placeName.trim()) problems.placeName = { vi: 'Chưa nhập địa danh.', en: 'The place name is empty.' };
  if (!between(input.deskCount, 1, 99)) problems.deskCount = { vi: 'Số quầy từ 1 đến 99.', en: 'From 1 to 99 desks.' };
  if (!between(input.deskNumber, 1, 99)) problems.deskNumber = { vi: 'Số quầy từ 1 đến 99.', en: 'A desk number from 1 to 99.' };
  else if (input.deskNumber > input.deskCount)
    problems.deskNumber = { vi: 'Số quầy không được lớn hơn tổng số quầy.', en: 'The desk number cannot exceed the number of desks.' };
  const time = { vi: 'Giờ theo dạng hh:mm (24 giờ).', en: 'A time as hh:mm (24-hour).' };
  for (const key of ['morning', 'afternoon'] as const) {
    if (!hhmm.safeParse(input[key].start).success || !hhmm.safeParse(input[key].end).success) problems[key] = time;
  }
  if (!hhmm.safeParse(input.cutoff).success) problems.cutoff = time;
  if (!between(input.idleLockMinutes, 1, 120)) problems.idleLockMinutes = { vi: 'Từ 1 đến 120 phút.', en: 'From 1 to 120 minutes.' };
  return problems;
}

export async function loadOfficeSettings(db: DeskDb): Promise<DeskSettings | null> {
  const row = await db.settings.get(OFFICE_KEY);
  return row ? (row.value as DeskSettings) : null;
}
