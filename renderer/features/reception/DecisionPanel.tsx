// The foot of the reception screen, kept in view while the officer works above it: the three
// decisions, and what each one needs before it is recorded. Accepting a dossier that lacks a
// mandatory paper needs the reason for accepting anyway; a supplement request (Mẫu 02) needs
// the list of what to supplement, prefilled from the checklist, and its reason; a refusal
// (Mẫu 03) needs the reason for refusing. A missing entry is reported beside its own box, which
// takes the focus.
import { useEffect, useRef, useState, type KeyboardEvent, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Decision } from '#domain/model.ts';
import type { Bilingual } from '#domain/errors.ts';
import { defaultSupplementItems, type SupplementChoice } from '#domain/catalog/componentRules.ts';
import { Alert, BilingualText } from '#renderer/ui/Message.tsx';
import type { Notice } from '#renderer/ui/useNotice.ts';

/** What the officer entered for the decisions; each decision keeps its own reason. */
export interface DecisionInput {
  /** The decision whose box is open: a supplement request or a refusal is issued from its box. */
  open: 'supplement' | 'refused' | null;
  acceptReason: string;
  supplementReason: string;
  refuseReason: string;
  /** The components (spec ids) on Mẫu 02's list as the officer left it; filled when its box opens. */
  supplementItems: string[];
}

export const NO_DECISION_INPUT: DecisionInput = { open: null, acceptReason: '', supplementReason: '', refuseReason: '', supplementItems: [] };

type Box = 'accept-reason' | 'supplement-items' | 'supplement-reason' | 'refuse-reason';

export function DecisionPanel(props: {
  /** False until a procedure is picked: the decisions then only say to pick one. */
  ready: boolean;
  /** Names of the mandatory papers missing: accepting then needs a reason. */
  missing: string[];
  /** What Mẫu 02 may ask for, from the checklist as it stands. */
  choices: SupplementChoice[];
  value: DecisionInput;
  onChange(next: DecisionInput): void;
  notice: Notice | null;
  busy: boolean;
  onDecide(decision: Decision, reason: string, supplementItems?: string[]): void;
}) {
  const { t } = useTranslation();
  const { value, choices } = props;
  const [error, setError] = useState<{ box: Box; text: Bilingual } | null>(null);
  // The reason for accepting an incomplete dossier is asked for once the officer means to accept it, not before.
  const [acceptTried, setAcceptTried] = useState(false);
  const boxes = useRef(new Map<Box, HTMLElement | null>());
  const triggers = useRef(new Map<'supplement' | 'refused', HTMLButtonElement | null>());
  const both = (key: string, options: Record<string, unknown> = {}): Bilingual => ({
    vi: t(key, { ...options, lng: 'vi' }),
    en: t(key, { ...options, lng: 'en' }),
  });
  const set = (patch: Partial<DecisionInput>, box?: Box) => {
    if (box !== undefined && error?.box === box) setError(null);
    props.onChange({ ...value, ...patch });
  };

  // The box a decision needs takes the focus when it opens and when it is reported empty.
  const [focusTarget, setFocusTarget] = useState<Box | null>(null);
  useEffect(() => {
    if (focusTarget === null) return;
    const el = boxes.current.get(focusTarget);
    (el instanceof HTMLTextAreaElement ? el : (el?.querySelector<HTMLElement>('input, textarea') ?? el))?.focus();
    setFocusTarget(null);
  }, [focusTarget]);
  const report = (box: Box, key: string) => {
    setError({ box, text: both(key) });
    setFocusTarget(box);
  };

  // Printed on the Vietnamese form, so prefilled in Vietnamese whatever the screen's language.
  const prefillFor = (items: string[]) => {
    const names = choices.filter((c) => items.includes(c.specId)).map((c) => c.name);
    return names.length > 0 ? t('reception.supplementReasonPrefill', { lng: 'vi', names: names.join('; ') }) : '';
  };
  // The prefilled reason follows the ticks until the officer writes their own.
  const setSupplementItems = (items: string[]) => {
    const reason = value.supplementReason === prefillFor(value.supplementItems) ? prefillFor(items) : value.supplementReason;
    set({ supplementItems: items, supplementReason: reason }, 'supplement-items');
  };

  function toggle(which: 'supplement' | 'refused') {
    setError(null);
    if (value.open === which) {
      props.onChange({ ...value, open: null });
      return;
    }
    if (which === 'supplement') {
      const items = defaultSupplementItems(choices);
      props.onChange({ ...value, open: 'supplement', supplementItems: items, supplementReason: value.supplementReason || prefillFor(items) });
      setFocusTarget(choices.length > 0 ? 'supplement-items' : 'supplement-reason');
    } else {
      props.onChange({ ...value, open: 'refused' });
      setFocusTarget('refuse-reason');
    }
  }

  function close(which: 'supplement' | 'refused') {
    setError(null);
    props.onChange({ ...value, open: null });
    triggers.current.get(which)?.focus();
  }

  const onEscape = (which: 'supplement' | 'refused') => (e: KeyboardEvent) => {
    if (e.key !== 'Escape') return;
    e.stopPropagation();
    close(which);
  };

  function accept() {
    setError(null);
    if (props.ready && props.missing.length > 0 && value.acceptReason.trim() === '') {
      setAcceptTried(true);
      return report('accept-reason', 'reception.acceptReasonRequired');
    }
    props.onDecide('accepted', value.acceptReason);
  }

  function supplement() {
    setError(null);
    const items = value.supplementItems.filter((id) => choices.some((c) => c.specId === id));
    if (items.length === 0) return report(choices.length > 0 ? 'supplement-items' : 'supplement-reason', 'reception.supplementItemsRequired');
    if (value.supplementReason.trim() === '') return report('supplement-reason', 'reception.supplementReasonRequired');
    props.onDecide('supplement', value.supplementReason, items);
  }

  function refuse() {
    setError(null);
    if (value.refuseReason.trim() === '') return report('refuse-reason', 'reception.refuseReasonRequired');
    props.onDecide('refused', value.refuseReason);
  }

  // Ctrl+Enter decides without leaving the keyboard: the open box's decision, or accepting.
  const decideByKey = useRef(() => {});
  decideByKey.current = () => (value.open === 'supplement' ? supplement() : value.open === 'refused' ? refuse() : accept());
  const keyReady = props.ready && !props.busy;
  useEffect(() => {
    if (!keyReady) return;
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key !== 'Enter' || !(e.ctrlKey || e.metaKey) || e.altKey || e.shiftKey || document.querySelector('[aria-modal="true"]')) return;
      e.preventDefault();
      decideByKey.current();
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [keyReady]);

  const errorId = (box: Box) => `${box}-error`;
  const errorOf = (box: Box): ReactNode =>
    error?.box === box ? (
      <span id={errorId(box)} className="field-error" role="alert">
        <BilingualText text={error.text} />
      </span>
    ) : null;
  const described = (box: Box) => (error?.box === box ? { 'aria-invalid': true, 'aria-describedby': errorId(box) } : {});
  const ref = (box: Box) => (el: HTMLElement | null) => void boxes.current.set(box, el);

  /** A decision box's foot: close it, or issue its decision (Ctrl+Enter from anywhere in the box). */
  const boxActions = (box: 'supplement' | 'refused', issue: () => void, label: string) => (
    <div className="actions">
      <button type="button" onClick={() => close(box)}>
        {t('common.close')}
      </button>
      <button type="button" className="primary" disabled={props.busy} onClick={issue} aria-keyshortcuts="Control+Enter" title="Ctrl+Enter">
        {label}
        <kbd aria-hidden="true">Ctrl+Enter</kbd>
      </button>
    </div>
  );
  const reasonBox = (box: Box, label: string, text: string, onText: (v: string) => void) => (
    <div className={`field${error?.box === box ? ' invalid' : ''}`}>
      <label className="label" htmlFor={box}>
        {label}
      </label>
      <textarea id={box} name={box} ref={ref(box)} value={text} onChange={(e) => onText(e.target.value)} {...described(box)} />
      {errorOf(box)}
    </div>
  );

  return (
    <section className="decision span" aria-label={t('reception.decision')}>
      {value.open === 'supplement' && (
        <div className="decision-box" role="group" aria-labelledby="supplement-title" onKeyDown={onEscape('supplement')}>
          <h3 id="supplement-title">{t('reception.supplementTitle')}</h3>
          <div className="decision-columns">
            <fieldset className="supplement-items" ref={ref('supplement-items')} {...described('supplement-items')}>
              <legend className="label">{t('reception.supplementItems')}</legend>
              {choices.length === 0 ? (
                <p className="muted">{t('reception.supplementNone')}</p>
              ) : (
                choices.map((c) => (
                  <label key={c.specId} className="check">
                    <input
                      type="checkbox"
                      name={`supplement-${c.specId}`}
                      checked={value.supplementItems.includes(c.specId)}
                      onChange={(e) =>
                        setSupplementItems(e.target.checked ? [...value.supplementItems, c.specId] : value.supplementItems.filter((id) => id !== c.specId))
                      }
                    />
                    <span>
                      {c.name}
                      {c.mandatory && <span className="tag">{t('reception.mandatory')}</span>}
                      {c.received && <span className="tag">{t('reception.supplementReceived')}</span>}
                    </span>
                  </label>
                ))
              )}
              {errorOf('supplement-items')}
            </fieldset>
            {reasonBox('supplement-reason', t('reception.supplementReason'), value.supplementReason, (v) => set({ supplementReason: v }, 'supplement-reason'))}
          </div>
          {boxActions('supplement', supplement, t('reception.issueSupplement'))}
        </div>
      )}
      {value.open === 'refused' && (
        <div className="decision-box" role="group" aria-labelledby="refuse-title" onKeyDown={onEscape('refused')}>
          <h3 id="refuse-title">{t('reception.refuseTitle')}</h3>
          {reasonBox('refuse-reason', t('reception.refuseReason'), value.refuseReason, (v) => set({ refuseReason: v }, 'refuse-reason'))}
          {boxActions('refused', refuse, t('reception.issueRefusal'))}
        </div>
      )}
      <div className="decision-row">
        {props.ready && props.missing.length > 0 && value.open === null && (acceptTried || value.acceptReason !== '') && (
          <div className="accept-reason">
            {reasonBox('accept-reason', t('reception.incompleteReason', { names: props.missing.join('; ') }), value.acceptReason, (v) =>
              set({ acceptReason: v }, 'accept-reason'),
            )}
          </div>
        )}
        {/* A decision's own error speaks beside its box; the screen's notice (often the QR fill's) gives it the room. */}
        {props.notice && error === null && <Alert kind={props.notice.kind} text={props.notice.text} />}
        <div className="actions">
          <button
            type="button"
            ref={(el) => void triggers.current.set('refused', el)}
            aria-expanded={value.open === 'refused'}
            disabled={props.busy}
            onClick={() => (props.ready ? toggle('refused') : props.onDecide('refused', ''))}
          >
            {t('reception.refuse')}
          </button>
          <button
            type="button"
            ref={(el) => void triggers.current.set('supplement', el)}
            aria-expanded={value.open === 'supplement'}
            disabled={props.busy}
            onClick={() => (props.ready ? toggle('supplement') : props.onDecide('supplement', ''))}
          >
            {t('reception.supplement')}
          </button>
          <button type="button" className="primary" disabled={props.busy} onClick={accept} aria-keyshortcuts="Control+Enter" title="Ctrl+Enter">
            {t('reception.accept')}
            <kbd aria-hidden="true">Ctrl+Enter</kbd>
          </button>
        </div>
      </div>
    </section>
  );
}
