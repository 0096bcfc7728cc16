// A USB QR scanner in keyboard-wedge mode "types" the card's text far faster than a
// person can (a few ms between keys, usually ending with Enter). The renderer listens on
// window keydown so a scan works wherever the focus is; this detector decides, from key
// values and timestamps alone, which keystrokes were a scan. It is pure so the timing
// rules can be tested without a DOM or a clock.
//
// A burst is only recognisable after its minLength-th key, so the first minLength − 1
// keys have already reached the focused field: the scan reports them (`leaked`) for the
// UI to remove. From the minLength-th key on, feed() says `swallow` so the UI can
// preventDefault the rest, including the closing Enter that would otherwise submit a form.

export interface WedgeOptions {
  /** Fewest character keys that make a burst; a CCCD QR is well over 60. */
  minLength: number;
  /** Longest gap between two keys of one burst, in ms; people rarely sustain < 35 ms. */
  maxGapMs: number;
  /** Named keys that close a burst (KeyboardEvent.key values). */
  terminators: readonly string[];
}

export const DEFAULT_WEDGE_OPTIONS: WedgeOptions = { minLength: 20, maxGapMs: 35, terminators: ['Enter'] };

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
}

// Modifiers and composition keys type nothing: the scanner presses Shift for capitals,
// and an IME may report Dead/Process. They neither extend nor break a burst.
const SILENT_KEYS = new Set(['Shift', 'Control', 'Alt', 'AltGraph', 'Meta', 'CapsLock', 'Dead', 'Process', 'Unidentified']);

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

  constructor(options: Partial<WedgeOptions> = {}) {
    this.options = { ...DEFAULT_WEDGE_OPTIONS, ...options };
    if (!(this.options.minLength >= 2 && this.options.maxGapMs > 0)) {
      throw new RangeError('KeyboardWedgeDetector: minLength must be ≥ 2 and maxGapMs > 0');
    }
  }

  /**
   * One keydown. `repeat` is KeyboardEvent.repeat: a held key auto-repeats at
   * scanner-like speed, so repeats always break a burst.
   */
  feed(key: string, at: number, repeat = false): WedgeStep {
    if (SILENT_KEYS.has(key)) return { swallow: this.isBurst(), scan: null };
    const endedByPause = this.endIfPaused(at);

    if (this.options.terminators.includes(key)) {
      const scan = this.isBurst() ? this.emit('terminator') : null;
      this.run = [];
      return { swallow: scan !== null, scan: endedByPause ?? scan };
    }
    if (isNamedKey(key) || repeat) {
      // Editing keys and held keys are a person at work: whatever ran before is over.
      const scan = this.isBurst() ? this.emit('pause') : null;
      this.run = [];
      return { swallow: false, scan: endedByPause ?? scan };
    }
    this.run.push({ key, at });
    return { swallow: this.isBurst(), scan: endedByPause };
  }

  /**
   * Something only a person does happened (an IME commit, an autofill): whatever ran
   * before is over. Returns the burst it closed, if the run was one.
   */
  interrupt(at: number): Scan | null {
    const endedByPause = this.endIfPaused(at);
    const scan = this.isBurst() ? this.emit('pause') : null;
    this.run = [];
    return endedByPause ?? scan;
  }

  /**
   * Ends a burst that stopped without a terminator. Call it from a timer once maxGapMs
   * has passed without a key; returns null if nothing was pending or the run was human.
   */
  flush(now: number): Scan | null {
    return this.endIfPaused(now);
  }

  private isBurst(): boolean {
    return this.run.length >= this.options.minLength;
  }

  /** If the gap since the last key is too long, the run is over: emit it or forget it. */
  private endIfPaused(now: number): Scan | null {
    const last = this.run.at(-1);
    if (last === undefined || now - last.at <= this.options.maxGapMs) {
      return null;
    }
    const scan = this.isBurst() ? this.emit('pause') : null;
    this.run = [];
    return scan;
  }

  private emit(endedBy: Scan['endedBy']): Scan {
    const keys = this.run;
    return {
      text: keys
        .map((k) => k.key)
        .join('')
        .normalize('NFC'),
      keys,
      leaked: keys.slice(0, this.options.minLength - 1),
      endedBy,
    };
  }
}
