// Field-by-field problems of the applicant block, as bilingual texts keyed by field name.
import type { Applicant } from '../../../domain/model.ts';
import type { Bilingual } from '../../../domain/errors.ts';
import { checkIdNumber } from '../../../domain/citizen/idNumber.ts';
import { deskDate } from '../../../domain/deskTime.ts';

export type ApplicantField = 'fullName' | 'idNumber' | 'dateOfBirth' | 'address' | 'phone' | 'email' | 'representative';

const PHONE = /^(0|\+84)\d{9,10}$/;
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@]+$/;

export function applicantProblems(a: Applicant, now = new Date()): Partial<Record<ApplicantField, Bilingual>> {
  const problems: Partial<Record<ApplicantField, Bilingual>> = {};
  if (!a.fullName.trim()) problems.fullName = { vi: 'Cần nhập họ và tên.', en: 'Full name is required.' };
  if (!a.dateOfBirth) problems.dateOfBirth = { vi: 'Cần nhập ngày sinh.', en: 'Date of birth is required.' };
  else if (a.dateOfBirth > deskDate(now)) problems.dateOfBirth = { vi: 'Ngày sinh ở tương lai.', en: 'Date of birth is in the future.' };
  const id = checkIdNumber(a.idNumber.trim(), { dateOfBirth: a.dateOfBirth || undefined, gender: a.gender });
  if (id[0]) problems.idNumber = id[0].text;
  if (!a.address.trim()) problems.address = { vi: 'Cần nhập địa chỉ.', en: 'Address is required.' };
  if (a.phone && !PHONE.test(a.phone.replace(/[\s.]/g, ''))) {
    problems.phone = { vi: 'Số điện thoại không hợp lệ.', en: 'Invalid phone number.' };
  }
  if (a.email && !EMAIL.test(a.email.trim())) problems.email = { vi: 'Thư điện tử không hợp lệ.', en: 'Invalid email address.' };
  if (a.representative && (a.representative.fullName.trim() || a.representative.idNumber.trim())) {
    const rep = checkIdNumber(a.representative.idNumber.trim(), {});
    if (!a.representative.fullName.trim()) problems.representative = { vi: 'Cần họ tên người nộp thay.', en: 'The representative\'s name is required.' };
    else if (rep[0]) problems.representative = rep[0].text;
  }
  return problems;
}
