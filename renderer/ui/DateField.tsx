// Date and date-time fields that read and show dd/mm/yyyy and 24-hour time whatever the
// computer's language: <input type="date"> follows the operating system's locale, so an en-US
// Windows showed a birth date of 12 May 1985 as 05/12/1985. The officer types digits
// ("12051985", "12/05/1985", "12-5-1985"); the form keeps the ISO value it kept before.
import { useEffect, useRef, useState } from 'react';
import { readDate, readDateTime, readTime, type DateReading } from '#domain/dateInput.ts';
import { formatDeskDate, formatDeskDateTime } from '#domain/deskTime.ts';
import type { Bilingual } from '#domain/errors.ts';
import { i18n } from '#renderer/i18n/index.ts';
import { Field } from './Field.tsx';

interface Props {
  name: string;
  label: string;
  /** The stored value: an ISO date (DateField) or a desk time with offset (DateTimeField), '' when empty. */
  value: string;
  onChange(value: string): void;
  /** The form's own problem with the value (e.g. required), shown when the typed text itself reads. */
  error?: string | undefined;
  required?: boolean;
  wide?: boolean;
}

const inOrder = (p: Bilingual) => (i18n.language === 'en' ? `${p.en} / ${p.vi}` : `${p.vi} / ${p.en}`);

function TypedDateField(props: Props & { read(text: string): DateReading; show(value: string): string; placeholder: string }) {
  const { value, onChange, read, show } = props;
  const [text, setText] = useState(() => (value ? show(value) : ''));
  const [touched, setTouched] = useState(false);
  // The value this field last handed up: a different one came from elsewhere (a QR fill, a
  // restored draft, a cleared form), and the text follows it.
  const emitted = useRef(value);
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value ? show(value) : '');
    setTouched(false);
  }, [value, show]);

  const reading = read(text);
  // A problem of the typed text is shown once the officer leaves the field or the form asks.
  const own = reading.kind === 'problem' && (touched || props.error) ? inOrder(reading.problem) : undefined;
  const error = own ?? props.error;

  function change(next: string) {
    setText(next);
    const r = read(next);
    const stored = r.kind === 'date' ? r.iso : '';
    if (stored !== emitted.current) {
      emitted.current = stored;
      onChange(stored);
    }
  }

  return (
    <Field label={props.label} error={error} wide={props.wide ?? false}>
      <input
        name={props.name}
        type="text"
        inputMode="numeric"
        autoComplete="off"
        placeholder={props.placeholder}
        required={props.required}
        aria-invalid={error ? true : undefined}
        value={text}
        onChange={(e) => change(e.target.value)}
        onBlur={() => {
          setTouched(true);
          if (reading.kind === 'date') setText(show(reading.iso));
        }}
      />
    </Field>
  );
}

/** A date typed and shown dd/mm/yyyy; `notAfter` (ISO date) refuses later dates, as for a birth date. */
export function DateField(props: Props & { notAfter?: string }) {
  const { notAfter } = props;
  return <TypedDateField {...props} placeholder="dd/mm/yyyy" read={(text) => readDate(text, notAfter ? { notAfter } : {})} show={formatDeskDate} />;
}

/** A desk date and time typed and shown dd/mm/yyyy HH:mm (24-hour, Asia/Ho_Chi_Minh). */
export function DateTimeField(props: Props) {
  return <TypedDateField {...props} placeholder="dd/mm/yyyy HH:mm" read={readDateTime} show={formatDeskDateTime} />;
}

/**
 * A bare 24-hour time input ("HH:mm"), for fields that hold two of them (opening hours): the
 * form's own check names a wrong value, so text that does not read is handed up as typed.
 */
export function TimeInput(props: { name: string; value: string; onChange(value: string): void; 'aria-label'?: string }) {
  const { value, onChange } = props;
  const [text, setText] = useState(value);
  const emitted = useRef(value);
  useEffect(() => {
    if (value === emitted.current) return;
    emitted.current = value;
    setText(value);
  }, [value]);

  function change(next: string) {
    setText(next);
    const r = readTime(next);
    emitted.current = r.kind === 'time' ? r.hhmm : next;
    onChange(emitted.current);
  }

  return (
    <input
      name={props.name}
      type="text"
      inputMode="numeric"
      autoComplete="off"
      placeholder="HH:mm"
      aria-label={props['aria-label']}
      value={text}
      onChange={(e) => change(e.target.value)}
      onBlur={() => {
        const r = readTime(text);
        if (r.kind === 'time') setText(r.hhmm);
      }}
    />
  );
}
