import { useTranslation } from 'react-i18next';
import type { Bilingual } from '#domain/errors.ts';
import type { DeskSettings, OfficeField } from './officeSettings.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { bilingualLine } from '#renderer/ui/Message.tsx';
import { TimeInput } from '#renderer/ui/DateField.tsx';

/**
 * The office part of the settings, shared by the first-run wizard and the settings page; each
 * field's problem, when the caller found one, shows beside it.
 */
export function OfficeFields({
  value,
  onChange,
  errors = {},
}: {
  value: DeskSettings;
  onChange(next: DeskSettings): void;
  errors?: Partial<Record<OfficeField, Bilingual>>;
}) {
  const { t } = useTranslation();
  const err = (key: OfficeField) => {
    const problem = errors[key];
    return problem ? bilingualLine(problem) : undefined;
  };
  const text = (key: 'officeName' | 'unitName' | 'agencyId' | 'placeName' | 'resultPlace') => ({
    name: key,
    value: value[key],
    onChange: (e: { target: { value: string } }) => onChange({ ...value, [key]: e.target.value }),
  });
  const num = (key: 'deskNumber' | 'deskCount' | 'idleLockMinutes') => ({
    name: key,
    type: 'number',
    value: String(value[key]),
    onChange: (e: { target: { value: string } }) => onChange({ ...value, [key]: Number(e.target.value) }),
  });
  return (
    <div className="grid">
      <Field label={t('setup.officeName')} wide error={err('officeName')}>
        <input required {...text('officeName')} />
      </Field>
      <Field label={t('setup.unitName')} wide>
        <input {...text('unitName')} />
      </Field>
      <Field label={t('setup.agencyId')} error={err('agencyId')}>
        <input required placeholder="000.17.22.H56 / H15.50.05.13" {...text('agencyId')} />
      </Field>
      <Field label={t('setup.level')}>
        <select name="level" value={value.level} onChange={(e) => onChange({ ...value, level: e.target.value as DeskSettings['level'] })}>
          {(['ward', 'commune', 'special', 'district'] as const).map((l) => (
            <option key={l} value={l}>
              {t(`setup.levels.${l}`)}
            </option>
          ))}
        </select>
      </Field>
      <Field label={t('setup.placeName')} error={err('placeName')}>
        <input required {...text('placeName')} />
      </Field>
      <Field label={t('setup.deskNumber')} error={err('deskNumber')}>
        <input min={1} max={99} {...num('deskNumber')} />
      </Field>
      <Field label={t('setup.deskCount')} error={err('deskCount')}>
        <input min={1} max={99} {...num('deskCount')} />
      </Field>
      <Field label={`${t('settings.hours')} — ${t('settings.morning')}`} error={err('morning')}>
        <span className="pair">
          <TimeInput
            name="morningStart"
            aria-label={`${t('settings.morning')} ${t('settings.starts')}`}
            value={value.morning.start}
            onChange={(start) => onChange({ ...value, morning: { ...value.morning, start } })}
          />
          <TimeInput
            name="morningEnd"
            aria-label={`${t('settings.morning')} ${t('settings.ends')}`}
            value={value.morning.end}
            onChange={(end) => onChange({ ...value, morning: { ...value.morning, end } })}
          />
        </span>
      </Field>
      <Field label={`${t('settings.hours')} — ${t('settings.afternoon')}`} error={err('afternoon')}>
        <span className="pair">
          <TimeInput
            name="afternoonStart"
            aria-label={`${t('settings.afternoon')} ${t('settings.starts')}`}
            value={value.afternoon.start}
            onChange={(start) => onChange({ ...value, afternoon: { ...value.afternoon, start } })}
          />
          <TimeInput
            name="afternoonEnd"
            aria-label={`${t('settings.afternoon')} ${t('settings.ends')}`}
            value={value.afternoon.end}
            onChange={(end) => onChange({ ...value, afternoon: { ...value.afternoon, end } })}
          />
        </span>
      </Field>
      <Field label={t('settings.cutoff')} error={err('cutoff')}>
        <TimeInput name="cutoff" value={value.cutoff} onChange={(cutoff) => onChange({ ...value, cutoff })} />
      </Field>
      <Field label={t('settings.idle')} error={err('idleLockMinutes')}>
        <input min={1} max={120} {...num('idleLockMinutes')} />
      </Field>
      <Field label={t('settings.resultPlace')} wide>
        <input {...text('resultPlace')} />
      </Field>
    </div>
  );
}
