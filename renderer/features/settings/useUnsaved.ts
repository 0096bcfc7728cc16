// What the administrator changed in a section and has not saved yet, found from the section's
// own form controls: each control's value is taken when it first gains focus (before any
// typing) and compared after each edit. Submitting a form counts as saving what it holds.
// The panels inside a section (scanners, signing, sync…) keep their own state and need no
// change for this; a value a panel loads or sets itself never fires an edit, so it never
// counts as unsaved.
import { useCallback, useEffect, useRef, useState, type RefObject } from 'react';

type Control = HTMLInputElement | HTMLSelectElement | HTMLTextAreaElement;

function tracked(target: EventTarget | null): target is Control {
  const control =
    (target instanceof HTMLInputElement && target.type !== 'file') || target instanceof HTMLSelectElement || target instanceof HTMLTextAreaElement;
  // The one-time approval code of main's privileged settings is a confirmation, not a setting.
  return control && !target.closest('.admin-code');
}

const valueOf = (c: Control) => (c instanceof HTMLInputElement && (c.type === 'checkbox' || c.type === 'radio') ? String(c.checked) : c.value);

function labelOf(c: Control): string {
  const label = c.closest('.field')?.querySelector('.label')?.textContent ?? c.closest('label')?.textContent ?? c.getAttribute('aria-label') ?? c.name;
  return label.trim();
}

export interface Unsaved {
  /** The labels of the fields changed and not saved, once each, in page order. */
  fields: string[];
  /** Forgets every change (after the administrator chose to discard them). */
  forget(): void;
  /**
   * The fields changed as the controls hold them now. A panel that saves by a button and then
   * empties its field itself (the province's one-time enrolment code) fires no edit, so
   * `fields` can still name it: ask this before warning that leaving drops something.
   */
  check(): string[];
}

export function useUnsaved(container: RefObject<HTMLElement | null>): Unsaved {
  const baseline = useRef(new Map<Control, string>());
  const [fields, setFields] = useState<string[]>([]);

  const recompute = useCallback(() => {
    const changed = [...baseline.current].filter(([c, v]) => c.isConnected && valueOf(c) !== v).map(([c]) => c);
    changed.sort((a, b) => (a.compareDocumentPosition(b) & Node.DOCUMENT_POSITION_FOLLOWING ? -1 : 1));
    const now = [...new Set(changed.map(labelOf))];
    setFields(now);
    return now;
  }, []);

  useEffect(() => {
    const el = container.current;
    if (!el) return;
    const onFocus = (e: Event) => {
      if (tracked(e.target) && !baseline.current.has(e.target)) baseline.current.set(e.target, valueOf(e.target));
    };
    // React settles a controlled value in its own listener, after this one: read it in the next task.
    const onEdit = (e: Event) => {
      if (tracked(e.target)) setTimeout(recompute);
    };
    const onSubmit = (e: Event) => {
      const form = e.target as Node;
      for (const c of [...baseline.current.keys()]) if (form.contains(c)) baseline.current.delete(c);
      recompute();
    };
    el.addEventListener('focusin', onFocus);
    el.addEventListener('input', onEdit);
    el.addEventListener('change', onEdit);
    el.addEventListener('submit', onSubmit);
    return () => {
      el.removeEventListener('focusin', onFocus);
      el.removeEventListener('input', onEdit);
      el.removeEventListener('change', onEdit);
      el.removeEventListener('submit', onSubmit);
    };
  }, [container, recompute]);

  const forget = useCallback(() => {
    baseline.current.clear();
    setFields([]);
  }, []);

  return { fields, forget, check: recompute };
}
