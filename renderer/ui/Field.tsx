import type { ReactNode } from 'react';

/** A labelled form control with an optional error beneath it. */
export function Field(props: { label: string; error?: string | undefined; children: ReactNode; wide?: boolean }) {
  return (
    <label className={`field${props.wide ? ' wide' : ''}${props.error ? ' invalid' : ''}`}>
      <span className="label">{props.label}</span>
      {props.children}
      {props.error ? <span className="field-error">{props.error}</span> : null}
    </label>
  );
}
