import { useTranslation } from 'react-i18next';
import type { DeskSettings } from './officeSettings.ts';
import { Field } from '#renderer/ui/Field.tsx';

/** The office part of the settings, shared by the first-run wizard and the settings page. */
export function OfficeFields({ value, onChange }: { value: DeskSettings; onChange(next: DeskSettings): void }) {
  const { t } = useTranslation();
  const text = (key: 'officeName' | 'unitName' | 'agencyId' | 'placeName' | 'resultPlace' | 'printer') => ({
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
      <Field label={t('setup.officeName')} wide>
        <input required {...text('officeName')} />
      </Field>
      <Field label={t('setup.unitName')} wide>
        <input {...text('unitName')} />
      </Field>
      <Field label={t('setup.agencyId')}>
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
      <Field label={t('setup.placeName')}>
        <input required {...text('placeName')} />
      </Field>
      <Field label={t('setup.deskNumber')}>
        <input min={1} max={99} {...num('deskNumber')} />
      </Field>
      <Field label={t('setup.deskCount')}>
        <input min={1} max={99} {...num('deskCount')} />
      </Field>
      <Field label={`${t('settings.hours')} — ${t('settings.morning')}`}>
        <span className="pair">
          <input
            type="time"
            name="morningStart"
            value={value.morning.start}
            onChange={(e) => onChange({ ...value, morning: { ...value.morning, start: e.target.value } })}
          />
          <input
            type="time"
            name="morningEnd"
            value={value.morning.end}
            onChange={(e) => onChange({ ...value, morning: { ...value.morning, end: e.target.value } })}
          />
        </span>
      </Field>
      <Field label={`${t('settings.hours')} — ${t('settings.afternoon')}`}>
        <span className="pair">
          <input
            type="time"
            name="afternoonStart"
            value={value.afternoon.start}
            onChange={(e) => onChange({ ...value, afternoon: { ...value.afternoon, start: e.target.value } })}
          />
          <input
            type="time"
            name="afternoonEnd"
            value={value.afternoon.end}
            onChange={(e) => onChange({ ...value, afternoon: { ...value.afternoon, end: e.target.value } })}
          />
        </span>
      </Field>
      <Field label={t('settings.cutoff')}>
        <input type="time" name="cutoff" value={value.cutoff} onChange={(e) => onChange({ ...value, cutoff: e.target.value })} />
      </Field>
      <Field label={t('settings.idle')}>
        <input min={1} max={120} {...num('idleLockMinutes')} />
      </Field>
      <Field label={t('settings.resultPlace')} wide>
        <input {...text('resultPlace')} />
      </Field>
      <Field label={t('settings.printer')}>
        <input {...text('printer')} />
      </Field>
    </div>
  );
}
