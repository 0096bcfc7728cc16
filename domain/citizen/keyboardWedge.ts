// A USB QR scanner in keyboard-wedge mode "types" the card's text as keys, usually ending with
// Enter. The renderer listens on window so a scan works wherever the focus is; this detector
// decides, from key values and timestamps alone, which keystrokes were a scan. It is pure so
// the timing rules can be tested without a DOM or a clock.
//
// Scanners are set anywhere from a few ms to ~80 ms per key, and a fast typist reaches 80 ms
// too, so speed alone cannot tell them apart. Two kinds of evidence make a run a scan:
// - speed: every gap ≤ fastGapMs (no person sustains that) over minLength characters;
// - the citizen-ID QR's own shape: 12 digits (or the 9 of an old CMND) and then "|" at the
//   start, or, once the run has ended, at least two "|" in a long run. Nobody types "|"
//   into a reception form.
// A run is recognised at the key that brings that evidence; the keys before it have already
// reached the focused field and are reported (`leaked`) for the UI to take back out. From
// there on feed() says `swallow`, including the closing Enter that would submit a form or
// press a button. A run recognised only by its shape once it ended leaked all its keys.

export interface WedgeOptions {
  /** Fewest character keys that make a burst; a CCCD QR is well over 60. */
  minLength: number;
  /** A run whose every gap is at most this is machine-fast; people rarely sustain < 35 ms. */
  fastGapMs: number;
  /**
   * Longest gap between two keys of one run, in ms: the slowest scanner setting (~80 ms) with
   * room for a busy office PC delivering keys late. Only the evidence above makes a run a scan,
   * so a long gap here never turns typing into one.
   */
  maxGapMs: number;
  /**
   * Longest gap inside a run already recognised as a scan. A busy office PC can hold a
   * scanner's keys back longer than maxGapMs (a full CI machine did, and the QR's tail leaked
   * into the name field); nobody types into the middle of a scan, and the longer wait only
   * delays the message for a burst that stops without Enter.
   */
  recognisedMaxGapMs: number;
  /** Named keys that close a burst (KeyboardEvent.key values). */
  terminators: readonly string[];
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { minLength: 20, fastGapMs: 35, maxGapMs: 250, recognisedMaxGapMs: 1000, terminators: ['Enter'] };

export interface Keystroke {
  key: string;
  at: number;
}

export interface Scan {
  /** The burst's characters joined and normalised to NFC. */
  text: string;
  /** Every character keystroke of the burst, in order. */
  keys: readonly Keystroke[];
  /** The first keys, which feed() let through before the burst was recognisable. */
  leaked: readonly Keystroke[];
  /** 'terminator' when Enter (or another configured key) closed it; 'pause' otherwise. */
  endedBy: 'terminator' | 'pause';
}

export interface WedgeStep {
  /** True when the key belongs to a recognised burst and must not reach the focused field. */
  swallow: boolean;
  /** A burst that ended at this key: closed by it, or by the pause before it. */
  scan: Scan | null;
  /** True when this character key began a new run: the UI notes the focused field's value before it lands. */
  started: boolean;
}

// Modifiers and composition keys type nothing: the scanner presses Shift for capitals, holds
// Alt while it types a character's code on the numpad, and an IME may report Dead/Process.
// They neither count nor break a burst, but they are activity: an Alt code is six key events
// for one character, and the gaps between them are what show the scanner's pace. They are
// never swallowed: they type nothing, and a browser that sees such a keydown cancelled drops
// the character the scanner sends after it (an Alt code's, a Unicode packet's).
const SILENT_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Dead', 'Process', 'Unidentified']);

/** The key a caller feeds for a numpad digit typed with Alt held (part of an Alt code). */
export const ALT_CODE_DIGIT = 'Alt';

/** 12 digits of a citizen ID (or 9 of an old CMND) and the first separator. */
const QR_HEAD = /^(\d{12}|\d{9})\|/;

/**
 * Whether a whole text has the citizen-ID QR's shape: its ID and separator at the start, or
 * two separators in a text of at least `minLength` characters. Used for a run once it has
 * ended, and for pasted text.
 */
export function looksLikeCitizenQr(text: string, minLength = DEFAULT_WEDGE_OPTIONS.minLength): boolean {
  const trimmed = text.trim();
  if (QR_HEAD.test(trimmed)) return true;
  return [...trimmed].length >= minLength && trimmed.split('|').length >= 3;
}

/**
 * Named keys ("Backspace", "ArrowLeft", "F5") are ASCII words; anything else is text.
 * A character key may be several code units: an astral character, or a Vietnamese
 * letter delivered decomposed ("e" + U+0302 + U+0303).
 */
function isNamedKey(key: string): boolean {
  return /^[A-Z][A-Za-z0-9]+$/.test(key);
}

export class KeyboardWedgeDetector {
  private readonly options: WedgeOptions;
  private run: Keystroke[] = [];
  /** Time of the run's last key event, silent ones included. */
  private lastAt = Number.NEGATIVE_INFINITY;
  /** Whether every gap of the run so far was machine-fast. */
  private fast = true;
  /** Index of the key at which the run was recognised as a scan; null while it is not. */
  private recognisedAt: number | null = null;

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
    const { minLength, fastGapMs, maxGapMs, recognisedMaxGapMs } = this.options;
    if (!(minLength >= 2 && fastGapMs > 0 && maxGapMs >= fastGapMs && recognisedMaxGapMs >= maxGapMs)) {
      throw new RangeError('KeyboardWedgeDetector: minLength must be ≥ 2 and 0 < fastGapMs ≤ maxGapMs ≤ recognisedMaxGapMs');
    }
  }

  /**
   * One key event: a keydown, or a character that arrived only as text input. `repeat` is
   * KeyboardEvent.repeat: a held key auto-repeats at scanner-like speed, so repeats always
   * break a burst.
   */
  feed(key: string, at: number, repeat = false): WedgeStep {
    const endedByPause = this.endIfPaused(at);
    if (SILENT_KEYS.has(key)) {
      if (this.run.length > 0) this.touch(at);
      return { swallow: false, scan: endedByPause, started: false };
    }

    if (this.options.terminators.includes(key)) {
      const scan = this.run.length > 0 ? this.end('terminator') : null;
      return { swallow: scan !== null, scan: endedByPause ?? scan, started: false };
    }
    if (isNamedKey(key) || repeat) {
      // Editing keys and held keys are a person at work: whatever ran before is over.
      const scan = this.run.length > 0 ? this.end('pause') : null;
      return { swallow: false, scan: endedByPause ?? scan, started: false };
    }
    const started = this.run.length === 0;
    if (!started) this.touch(at);
    this.lastAt = at;
    this.run.push({ key, at });
    if (this.recognisedAt === null && this.recognisable()) this.recognisedAt = this.run.length - 1;
    return { swallow: this.isBurst(), scan: endedByPause, started };
  }

  /**
   * Something only a person does happened (an IME commit, an autofill): whatever ran
   * before is over. Returns the burst it closed, if the run was one.
   */
  interrupt(at: number): Scan | null {
    const endedByPause = this.endIfPaused(at);
    const scan = this.run.length > 0 ? this.end('pause') : null;
    return endedByPause ?? scan;
  }

  /**
   * Ends a burst that stopped without a terminator. Call it from a timer once maxGapMs
   * has passed without a key; returns null if nothing was pending or the run was human.
   */
  flush(now: number): Scan | null {
    return this.endIfPaused(now);
  }

  /** Whether a run is in progress: a caller's timer keeps waiting for its pause. */
  get running(): boolean {
    return this.run.length > 0;
  }

  private touch(at: number): void {
    if (at - this.lastAt > this.options.fastGapMs) this.fast = false;
    this.lastAt = at;
  }

  private isBurst(): boolean {
    return this.recognisedAt !== null;
  }

  private recognisable(): boolean {
    if (this.fast && this.run.length >= this.options.minLength) return true;
    return QR_HEAD.test(this.text());
  }

  private text(): string {
    return this.run.map((k) => k.key).join('');
  }

  /** If the gap since the last key is too long, the run is over: emit it or forget it. */
  private endIfPaused(now: number): Scan | null {
    const limit = this.recognisedAt === null ? this.options.maxGapMs : this.options.recognisedMaxGapMs;
    if (this.run.length === 0 || now - this.lastAt <= limit) return null;
    return this.end('pause');
  }

  /** Closes the run: a scan if it was recognised, or if, now whole, it has the QR's shape. */
  private end(endedBy: Scan['endedBy']): Scan | null {
    const keys = this.run;
    const text = this.text().normalize('NFC');
    const recognisedAt = this.recognisedAt ?? (looksLikeCitizenQr(text, this.options.minLength) ? keys.length : null);
    this.run = [];
    this.fast = true;
    this.recognisedAt = null;
    if (recognisedAt === null) return null;
    return { text, keys, leaked: keys.slice(0, recognisedAt), endedBy };
  }
}
