// Field-by-field problems of the applicant block, as bilingual texts keyed by field name.
import type { Applicant } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { checkIdNumber } from '#domain/citizen/idNumber.ts';
import { deskDate } from '#domain/deskTime.ts';
import { checkCitizenText, TEXT_FIELDS } from '#domain/text/citizenText.ts';

export type ApplicantField = 'fullName' | 'idNumber' | 'dateOfBirth' | 'address' | 'phone' | 'email' | 'representative';

const PHONE = /^(0|\+84)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

/** The problem of a required name or address (blank, or holding controls, bidi or invisible characters), if any. */
function textProblem(value: string, field: Bilingual): Bilingual | undefined {
  const checked = checkCitizenText(value, field, { required: true });
  return checked.ok ? undefined : checked.problem.text;
}

export function applicantProblems(a: Applicant, now = new Date()): Partial<Record<ApplicantField, Bilingual>> {
  const problems: Partial<Record<ApplicantField, Bilingual>> = {};
  const name = textProblem(a.fullName, TEXT_FIELDS.fullName);
  if (name) problems.fullName = name;
  if (!a.dateOfBirth) problems.dateOfBirth = { vi: 'Cần nhập ngày sinh.', en: 'Date of birth is required.' };
  else if (a.dateOfBirth > deskDate(now)) problems.dateOfBirth = { vi: 'Ngày sinh ở tương lai.', en: 'Date of birth is in the future.' };
  const id = checkIdNumber(a.idNumber.trim(), { dateOfBirth: a.dateOfBirth || undefined, gender: a.gender });
  if (id[0]) problems.idNumber = id[0].text;
  const address = textProblem(a.address, TEXT_FIELDS.address);
  if (address) problems.address = address;
  if (a.phone && !PHONE.test(a.phone.replace(/[\s.]/g, ''))) {
    problems.phone = { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' };
  }
  if (a.email && !EMAIL.test(a.email.trim())) problems.email = { vi: 'Thư điện tử không hợp lệ.', en: 'Invalid email address.' };
  if (a.representative && (a.representative.fullName.trim() || a.representative.idNumber.trim())) {
    const rep = checkIdNumber(a.representative.idNumber.trim(), {});
    const repName = textProblem(a.representative.fullName, TEXT_FIELDS.representativeName);
    if (repName) problems.representative = repName;
    else if (rep[0]) problems.representative = rep[0].text;
  }
  return problems;
}
