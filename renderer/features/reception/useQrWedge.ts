// Listens for a keyboard-wedge QR scanner anywhere on the page. Keys reach us either as
// keydown (ASCII) or, for characters the scanner types through Unicode emulation, only as
// beforeinput; both feed the same detector. Keys typed into a field before the burst was
// recognisable are undone by restoring the field to its value when the burst began.
import { useEffect, useRef } from 'react';
import { DEFAULT_WEDGE_OPTIONS, KeyboardWedgeDetector, type Scan } from '#domain/citizen/keyboardWedge.ts';

type Editable = HTMLInputElement | HTMLTextAreaElement;
type Snapshot = { el: Editable; value: string };

const FLUSH_AFTER_MS = 300;

function focusedEditable(): Editable | null {
  const el = document.activeElement;
  return el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement ? el : null;
}

/** Sets a field's value the way typing would, so React's onChange sees it. */
function restoreValue(el: Editable, value: string): void {
  const proto = el instanceof HTMLInputElement ? HTMLInputElement.prototype : HTMLTextAreaElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event('input', { bubbles: true }));
}

export function useQrWedge(onScan: (text: string) => void, enabled: boolean, maxGapMs = DEFAULT_WEDGE_OPTIONS.maxGapMs): void {
  const callback = useRef(onScan);
  callback.current = onScan;

  useEffect(() => {
    if (!enabled) return;
    const detector = new KeyboardWedgeDetector({ maxGapMs });
    let snapshot: Snapshot | null = null;
    let lastAt = Number.NEGATIVE_INFINITY;
    let keydownChar: string | null = null;
    let timer = 0;

    const finish = (scan: Scan | null, runSnapshot: Snapshot | null) => {
      if (!scan) return;
      if (runSnapshot && scan.leaked.length > 0) restoreValue(runSnapshot.el, runSnapshot.value);
      callback.current(scan.text);
    };

    const feed = (key: string, at: number, repeat: boolean, event: Event) => {
      // A key after a pause starts a new run; a scan it reports belongs to the run before.
      const newRun = at - lastAt > maxGapMs;
      const previous = snapshot;
      if (newRun) {
        const el = focusedEditable();
        snapshot = el ? { el, value: el.value } : null;
      }
      lastAt = at;
      const step = detector.feed(key, at, repeat);
      if (step.swallow) {
        event.preventDefault();
        event.stopPropagation();
      }
      window.clearTimeout(timer);
      // A backstop for scanners that end without Enter; the detector judges gaps by event
      // time, so a late timer cannot split a burst.
      timer = window.setTimeout(() => finish(detector.flush(performance.now()), snapshot), FLUSH_AFTER_MS);
      finish(step.scan, newRun ? previous : snapshot);
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing || e.ctrlKey || e.metaKey || e.altKey) return;
      keydownChar = e.key.length === 1 ? e.key : null;
      feed(e.key, e.timeStamp, e.repeat, e);
    };
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType !== 'insertText' || !e.data) return;
      // Ordinary keys were already counted at keydown.
      if (keydownChar !== null && e.data === keydownChar) {
        keydownChar = null;
        return;
      }
      // A scanner types one character per event; several at once are an IME commit or an
      // autofill, which a person caused: they end any run instead of extending it.
      if ([...e.data.normalize('NFC')].length > 1) {
        finish(detector.interrupt(e.timeStamp), snapshot);
        return;
      }
      feed(e.data, e.timeStamp, false, e);
    };

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('beforeinput', onBeforeInput, true);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('beforeinput', onBeforeInput, true);
    };
  }, [enabled, maxGapMs]);
}
