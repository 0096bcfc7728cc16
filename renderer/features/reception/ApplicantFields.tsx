import { useTranslation } from 'react-i18next';
import type { Applicant } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { DateField } from '#renderer/ui/DateField.tsx';
import { deskDate } from '#domain/deskTime.ts';
import { i18n } from '#renderer/i18n/index.ts';
import type { ApplicantField } from './applicantProblems.ts';

export const emptyApplicant: Applicant = { fullName: '', idNumber: '', dateOfBirth: '', gender: 'male', address: '', phone: '', email: '' };

export function ApplicantFields(props: {
  value: Applicant;
  onChange(next: Applicant): void;
  problems: Partial<Record<ApplicantField, Bilingual>>;
  showProblems: boolean;
}) {
  const { t } = useTranslation();
  const a = props.value;
  const err = (f: ApplicantField) => {
    const p = props.showProblems ? props.problems[f] : undefined;
    return p ? (i18n.language === 'en' ? `${p.en} / ${p.vi}` : `${p.vi} / ${p.en}`) : undefined;
  };
  const set = (patch: Partial<Applicant>) => props.onChange({ ...a, ...patch });
  const rep = a.representative ?? { fullName: '', idNumber: '' };

  return (
    <div className="grid">
      <Field label={t('reception.fullName')} error={err('fullName')}>
        <input name="fullName" value={a.fullName} onChange={(e) => set({ fullName: e.target.value })} />
      </Field>
      <Field label={t('reception.idNumber')} error={err('idNumber')}>
        <input name="idNumber" inputMode="numeric" maxLength={12} value={a.idNumber} onChange={(e) => set({ idNumber: e.target.value.trim() })} />
      </Field>
      <DateField
        name="dateOfBirth"
        label={t('reception.dateOfBirth')}
        error={err('dateOfBirth')}
        notAfter={deskDate(new Date())}
        value={a.dateOfBirth}
        onChange={(dateOfBirth) => set({ dateOfBirth })}
      />
      <Field label={t('reception.gender')}>
        <select name="gender" value={a.gender} onChange={(e) => set({ gender: e.target.value as Applicant['gender'] })}>
          <option value="male">{t('reception.male')}</option>
          <option value="female">{t('reception.female')}</option>
        </select>
      </Field>
      <Field label={t('reception.address')} error={err('address')} wide>
        <input name="address" value={a.address} onChange={(e) => set({ address: e.target.value })} />
      </Field>
      <Field label={t('reception.phone')} error={err('phone')}>
        <input name="phone" inputMode="tel" value={a.phone ?? ''} onChange={(e) => set({ phone: e.target.value })} />
      </Field>
      <Field label={t('reception.email')} error={err('email')}>
        <input name="email" type="email" value={a.email ?? ''} onChange={(e) => set({ email: e.target.value })} />
      </Field>
      <Field label={t('reception.representativeName')} error={err('representative')}>
        <input name="representativeName" value={rep.fullName} onChange={(e) => set({ representative: { ...rep, fullName: e.target.value } })} />
      </Field>
      <Field label={t('reception.representativeId')}>
        <input
          name="representativeId"
          inputMode="numeric"
          maxLength={12}
          value={rep.idNumber}
          onChange={(e) => set({ representative: { ...rep, idNumber: e.target.value.trim() } })}
        />
      </Field>
    </div>
  );
}
