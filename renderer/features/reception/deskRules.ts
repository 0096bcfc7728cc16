// The rule sets a decision applies: code allocation, the appointment calendar, and the
// versions of each that the dossier records. Rules come as data (bundled, replaceable).
import type { Procedure, RuleVersions } from '#domain/model.ts';
import { allocate, type AllocatorState, type DeskPartition } from '#domain/dossierCode/allocator.ts';
import { DEFAULT_CODE_PATTERN } from '#domain/dossierCode/pattern.ts';
import { computeAppointment as appointmentOf } from '#domain/calendar/appointment.ts';
import { parseRules, VN_RULES, type CalendarRules } from '#domain/calendar/rules.ts';
import { isDeskError, type Bilingual } from '#domain/errors.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';
import { CATALOG_VERSION_KEY } from '../catalog/installCatalog.ts';

export const ALLOCATOR_KEY = 'codeAllocator';
export const PARTITIONS_KEY = 'codePartitions';

/** The partition in force from the start: this desk's number among the office's desks. */
export function initialPartitions(settings: DeskSettings): DeskPartition[] {
  return [{ from: '2000-01-01', slots: settings.deskCount, slot: settings.deskNumber }];
}

/** Allocates the next code; call inside a transaction that covers db.settings. */
export async function allocateDossierCode(db: DeskDb, settings: DeskSettings, now: Date): Promise<{ code: string; patternVersion: string }> {
  const state = ((await db.settings.get(ALLOCATOR_KEY))?.value as AllocatorState | undefined) ?? null;
  const partitions = ((await db.settings.get(PARTITIONS_KEY))?.value as DeskPartition[] | undefined) ?? initialPartitions(settings);
  const allocation = allocate(state, now, { agencyId: settings.agencyId, patterns: [DEFAULT_CODE_PATTERN], partitions });
  await db.settings.put({ key: ALLOCATOR_KEY, value: allocation.state });
  return { code: allocation.code, patternVersion: allocation.patternVersion };
}

export interface DeskCalendar {
  rules: CalendarRules;
  /** Stored calendars that no longer pass validation, with the reason, for the administrator. */
  ignored: Bilingual[];
}

// Versions are compared with their numbers as numbers: vn-2026.10 is newer than vn-2026.9.
const compareNumbered = new Intl.Collator('en', { numeric: true }).compare;

/** Marks a calendar an administrator derived on the desk from a published one (settings/calendarNotices.ts). */
export const DESK_VERSION_MARK = '+desk.';

/** "vn-2026.2+desk.3" → base "vn-2026.2", desk 3; a published version has desk 0. */
export function splitCalendarVersion(version: string): { base: string; desk: number } {
  const at = version.lastIndexOf(DESK_VERSION_MARK);
  const count = at < 0 ? NaN : Number(version.slice(at + DESK_VERSION_MARK.length));
  return Number.isInteger(count) && count > 0 ? { base: version.slice(0, at), desk: count } : { base: version, desk: 0 };
}

/**
 * Orders calendar versions: by the published version first, then by the desk's own notices on
 * top of it. So a desk notice comes after the calendar it was derived from, and any later
 * publication of the province (vn-2026.3, and also vn-2026.2.1) comes after the desk's own,
 * which a plain string comparison would not give ('+' sorts after '.').
 */
export function compareCalendarVersions(a: string, b: string): number {
  const [x, y] = [splitCalendarVersion(a), splitCalendarVersion(b)];
  return compareNumbered(x.base, y.base) || x.desk - y.desk;
}

/**
 * The calendar the desk computes with: the highest version among the bundled one, those
 * received from the province and those an administrator derived with a notice. A stored one
 * is checked again, as the app may be newer than it.
 */
export async function deskCalendar(db: DeskDb): Promise<DeskCalendar> {
  let rules = VN_RULES;
  const ignored: Bilingual[] = [];
  for (const row of await db.rules.where('kind').equals('calendar').toArray()) {
    try {
      const candidate = parseRules(row.data);
      if (compareCalendarVersions(candidate.version, rules.version) > 0) rules = candidate;
    } catch (e) {
      if (!isDeskError(e)) throw e;
      ignored.push({
        vi: `Lịch làm việc ${row.version} đã nhận không được dùng. ${e.text.vi}`,
        en: `The received calendar ${row.version} is not used. ${e.text.en}`,
      });
    }
  }
  return { rules, ignored };
}

export function computeAppointment(receivedAt: string, procedure: Procedure, settings: DeskSettings, rules: CalendarRules): string {
  return appointmentOf({
    receivedAt,
    processingHours: procedure.processingHours,
    rules,
    officeHours: { morning: settings.morning, afternoon: settings.afternoon },
    cutoff: procedure.cutoff ?? settings.cutoff,
  });
}

export async function ruleVersions(db: DeskDb, calendar: CalendarRules, forms: string, codePattern: string): Promise<RuleVersions> {
  return {
    catalog: ((await db.settings.get(CATALOG_VERSION_KEY))?.value as string | undefined) ?? '',
    calendar: calendar.version,
    forms,
    codePattern,
  };
}
