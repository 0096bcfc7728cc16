// What `desk doctor` and Settings → Kiểm tra hệ thống show: one line per thing the desk depends
// on, for support staff on the phone with a commune. No personal data: device serial numbers,
// certificate subjects and file contents never appear, only counts, names of products and paths
// of the desk's own files.
import type { Bilingual } from '#domain/errors.ts';

export type DoctorStatus = 'ok' | 'warning' | 'problem';

export const DOCTOR_CHECK_IDS = [
  'settings',
  'hid-access',
  'hid-devices',
  'pkcs11-modules',
  'paper-scanners',
  'printer',
  'provincial',
  'clock',
  'storage',
  'keystore',
  'update-feed',
] as const;

export type DoctorCheckId = (typeof DOCTOR_CHECK_IDS)[number];

export interface DoctorCheck extends Bilingual {
  id: DoctorCheckId;
  status: DoctorStatus;
  /** One line: what to do about it (for 'ok', what keeps it so or nothing to do). */
  fix: Bilingual;
}

export interface DoctorReport {
  /** When main ran the checks, ISO 8601. */
  at: string;
  checks: DoctorCheck[];
}
