// Listens for a keyboard-wedge QR scanner anywhere on the page, whatever has focus (a field,
// a select, a button, or nothing at all right after the procedure was picked). A scanner's
// characters reach the page in three ways, all fed to one detector:
// - keydown with the character (ASCII on most scanners);
// - keypress only: Windows delivers a character typed as an Alt+numpad code, or sent as a
//   Unicode packet, as a character message after keys that carry none. keypress fires
//   whatever has focus, so a Vietnamese letter is not lost when no field has it;
// - beforeinput only (an input method's commit), which reaches editable fields alone.
// The Alt key (down and up) and the numpad digits typed under it carry no character but set
// the pace.
// Keys that reached a field, a select or a password box before the burst was recognisable are
// taken back by restoring it to its value when the burst began.
import { useEffect, useRef } from 'react';
import { ALT_CODE_DIGIT, KeyboardWedgeDetector, looksLikeCitizenQr, type Scan } from '#domain/citizen/keyboardWedge.ts';
import { DeskError } from '#domain/errors.ts';

/** What the wedge hands the screen: a scan to read, or input it refused, with why. */
export type QrInput = { kind: 'scan'; text: string } | { kind: 'refused'; error: DeskError };

type Restorable = HTMLInputElement | HTMLTextAreaElement | HTMLSelectElement;
type Snapshot = { el: Restorable; value: string };

// Longer than maxGapMs, so the timer only ends bursts the detector already judges paused.
const FLUSH_AFTER_MS = 300;

// Inputs whose value typing cannot change: a key there types nothing to take back.
const KEYLESS_INPUTS = new Set(['checkbox', 'radio', 'file', 'button', 'submit', 'reset', 'image', 'range', 'color']);

const SCAN_INTO_PASSWORD = new DeskError('qr.intoPassword', {
  vi: 'Mã QR được quét khi con trỏ đang ở ô mật khẩu: không điền gì và đã xoá mã khỏi ô. Hãy đặt con trỏ ra khỏi ô mật khẩu rồi quét lại.',
  en: 'The QR was scanned while the cursor was in a password box: nothing was filled in and the code was removed from the box. Move out of the password box and scan again.',
});

const SCAN_BEHIND_DIALOG = new DeskError('qr.behindDialog', {
  vi: 'Mã QR được quét khi màn hình đang khoá hoặc đang mở một hộp thoại: không điền gì vào biểu mẫu phía sau. Hãy mở khoá hoặc đóng hộp thoại rồi quét lại.',
  en: 'The QR was scanned while the screen was locked or a dialog was open: nothing was filled into the form behind it. Unlock or close the dialog, then scan again.',
});

const PASTED_QR = new DeskError('qr.pasted', {
  vi: 'Không dán nội dung mã QR thẻ căn cước vào ô: chỉ điền tự động khi quét mã trên thẻ bằng máy quét. Biểu mẫu giữ nguyên.',
  en: 'Citizen ID QR text is not pasted into a field: the form is filled in only from the card scanned with the scanner. The form is unchanged.',
});

function snapshotOfFocus(): Snapshot | null {
  const el = document.activeElement;
  if (el instanceof HTMLInputElement && KEYLESS_INPUTS.has(el.type)) return null;
  if (el instanceof HTMLInputElement || el instanceof HTMLTextAreaElement || el instanceof HTMLSelectElement) {
    return { el, value: el.value };
  }
  return null;
}

function isPassword(snapshot: Snapshot | null): boolean {
  return snapshot?.el instanceof HTMLInputElement && snapshot.el.type === 'password';
}

/** Sets a field's value the way typing or choosing would, so React's onChange sees it. */
function restoreValue({ el, value }: Snapshot): void {
  if (el.value === value) return;
  const proto =
    el instanceof HTMLInputElement
      ? HTMLInputElement.prototype
      : el instanceof HTMLTextAreaElement
        ? HTMLTextAreaElement.prototype
        : HTMLSelectElement.prototype;
  Object.getOwnPropertyDescriptor(proto, 'value')?.set?.call(el, value);
  el.dispatchEvent(new Event(el instanceof HTMLSelectElement ? 'change' : 'input', { bubbles: true }));
}

/** The character a keypress carries: its key, or its char code when the key is not named. */
function keypressChar(e: KeyboardEvent): string {
  if (e.key.length > 0 && e.key !== 'Unidentified') return e.key;
  return e.charCode > 0 ? String.fromCodePoint(e.charCode) : '';
}

export function useQrWedge(onInput: (input: QrInput) => void, enabled: boolean): void {
  const callback = useRef(onInput);
  callback.current = onInput;

  useEffect(() => {
    if (!enabled) return;
    const detector = new KeyboardWedgeDetector();
    let snapshot: Snapshot | null = null;
    // The character a counted keydown will also deliver as keypress and as beforeinput, so it
    // is counted once; a character arriving without it is one that only came as text.
    let awaitedKeypress: string | null = null;
    let awaitedInput: string | null = null;
    let timer = 0;

    const finish = (scan: Scan | null, runSnapshot: Snapshot | null) => {
      if (!scan) return;
      // A password box is never a source for the form, and the code never stays in it.
      if (isPassword(runSnapshot)) {
        restoreValue(runSnapshot!);
        callback.current({ kind: 'refused', error: SCAN_INTO_PASSWORD });
        return;
      }
      if (runSnapshot && scan.leaked.length > 0) restoreValue(runSnapshot);
      // A modal dialog (the lock screen, the guide) makes the form behind it inert: filling it
      // unseen, perhaps by someone else at a locked desk, is what the lock is there to stop.
      if (document.querySelector('[aria-modal="true"]') !== null) {
        callback.current({ kind: 'refused', error: SCAN_BEHIND_DIALOG });
        return;
      }
      callback.current({ kind: 'scan', text: scan.text });
    };

    // A backstop for scanners that end without Enter. The detector judges gaps by event time,
    // so a late timer cannot split a burst, and one that fires before the last key's time
    // (event times can run ahead of the clock) waits again.
    const armFlush = () => {
      window.clearTimeout(timer);
      timer = window.setTimeout(() => {
        finish(detector.flush(performance.now()), snapshot);
        if (detector.running) armFlush();
      }, FLUSH_AFTER_MS);
    };

    /** Feeds one key; returns whether it was swallowed. */
    const feed = (key: string, at: number, repeat: boolean, event: Event): boolean => {
      const step = detector.feed(key, at, repeat);
      if (step.started) {
        // The run before (if it was a burst the pause ended) is done before this one is noted.
        finish(step.scan, snapshot);
        snapshot = snapshotOfFocus();
      }
      if (step.swallow) {
        event.preventDefault();
        event.stopPropagation();
      }
      armFlush();
      if (!step.started) finish(step.scan, snapshot);
      return step.swallow;
    };

    const onKeyDown = (e: KeyboardEvent) => {
      if (e.isComposing) return;
      awaitedKeypress = null;
      awaitedInput = null;
      if (e.key === 'Alt' || (e.altKey && /^Numpad\d$/.test(e.code))) {
        feed(e.key === 'Alt' ? 'Alt' : ALT_CODE_DIGIT, e.timeStamp, false, e);
        return;
      }
      if (e.ctrlKey || e.metaKey || e.altKey) return;
      const swallowed = feed(e.key, e.timeStamp, e.repeat, e);
      if (!swallowed && [...e.key].length === 1) {
        awaitedKeypress = e.key;
        awaitedInput = e.key;
      }
    };
    // Releasing Alt is when Windows types an Alt code's character: part of the pace too.
    const onKeyUp = (e: KeyboardEvent) => {
      if (e.key === 'Alt') feed('Alt', e.timeStamp, false, e);
    };
    const onKeyPress = (e: KeyboardEvent) => {
      const ch = keypressChar(e);
      if (ch === '' || ch === '\r' || ch === 'Enter' || e.ctrlKey || e.metaKey) return;
      if (awaitedKeypress === ch) {
        awaitedKeypress = null;
        return;
      }
      const swallowed = feed(ch, e.timeStamp, false, e);
      awaitedInput = swallowed ? null : ch;
    };
    const onBeforeInput = (e: InputEvent) => {
      if (e.inputType !== 'insertText' || !e.data) return;
      if (awaitedInput !== null && e.data === awaitedInput) {
        awaitedInput = null;
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
    // A click is a person at work, like an editing key: it ends any run, so the search the
    // officer typed just before picking a procedure with the mouse never prefixes the next scan.
    const onPointerDown = (e: PointerEvent) => finish(detector.interrupt(e.timeStamp), snapshot);
    // A whole QR pasted is not a card read by the scanner: it fills nothing and lands nowhere.
    const onPaste = (e: ClipboardEvent) => {
      const text = e.clipboardData?.getData('text/plain') ?? '';
      if (!looksLikeCitizenQr(text)) return;
      e.preventDefault();
      e.stopPropagation();
      callback.current({ kind: 'refused', error: PASTED_QR });
    };

    window.addEventListener('keydown', onKeyDown, true);
    window.addEventListener('keyup', onKeyUp, true);
    window.addEventListener('keypress', onKeyPress, true);
    window.addEventListener('beforeinput', onBeforeInput, true);
    window.addEventListener('paste', onPaste, true);
    window.addEventListener('pointerdown', onPointerDown, true);
    return () => {
      window.clearTimeout(timer);
      window.removeEventListener('keydown', onKeyDown, true);
      window.removeEventListener('keyup', onKeyUp, true);
      window.removeEventListener('keypress', onKeyPress, true);
      window.removeEventListener('beforeinput', onBeforeInput, true);
      window.removeEventListener('paste', onPaste, true);
      window.removeEventListener('pointerdown', onPointerDown, true);
    };
  }, [enabled]);
}
