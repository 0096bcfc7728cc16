// A USB keyboard-wedge QR scanner, simulated at the lowest layer a browser test reaches:
// raw key events in Chromium's input pipeline (CDP Input.dispatchKeyEvent), each stamped
// with the time a scanner would send it (msPerKey apart, one step per key pressed). The
// stamps, not the test driver's own pace on a loaded machine, are what the page sees as the
// keys' timing.
//
// How a scanner types a character outside ASCII depends on its setting; `nonAscii` picks:
// - 'keys': a key event carrying the character (Linux, macOS, some scanners' own layouts);
// - 'packet': Windows' Unicode packet — a keydown that carries no character (VK_PACKET),
//   then the character alone as a character message, which Chromium turns into keypress and,
//   in a field, text input;
// - 'altCodes': Windows Alt codes — Alt held, "0" and the character's byte in the Vietnamese
//   ANSI code page (Windows-1258) on the numpad, then Alt released and the character message.
//   Windows-1258 has no precomposed toned vowels: "ễ" is "ê" (Alt+0234) then the combining
//   tilde (Alt+0222), as Notepad saves it;
// - 'insertText': text input only, as an input method commits it (CDP Input.insertText): no
//   key event at all. Input.insertText takes no timestamp, so this mode paces every event in
//   real time (without waiting for the page between them) and stamps the key events with the
//   moment they are sent.
import type { CDPSession, Page } from 'playwright-core';
import { toWindows1258 } from './windows1258.ts';

export type NonAsciiMode = 'keys' | 'packet' | 'altCodes' | 'insertText';

export interface WedgeOptions {
  msPerKey?: number;
  nonAscii?: NonAsciiMode;
  /** Whether the scanner ends with Enter (its usual suffix); a truncated burst may not. */
  enter?: boolean;
}

type KeyEvent = { type: 'keyDown' | 'keyUp' | 'rawKeyDown' | 'char'; [field: string]: unknown };
/** One step of the scanner: the events it sends at one tick, or a text commit. */
type Step = { events: KeyEvent[] } | { insertText: string };

const VK_PACKET = 231;
const VK_MENU = 18;
const ALT = 1;
const decoder = new TextDecoder('windows-1258');

function plainKey(ch: string): Step[] {
  return [
    {
      events: [
        { type: 'keyDown', key: ch, text: ch, unmodifiedText: ch },
        { type: 'keyUp', key: ch },
      ],
    },
  ];
}

function altCode(ch: string): Step[] {
  return [...toWindows1258(ch)].flatMap((byte): Step[] => {
    const digits = [...`0${byte}`.padStart(4, '0')];
    const delivered = decoder.decode(new Uint8Array([byte]));
    const alt = { key: 'Alt', code: 'AltLeft', windowsVirtualKeyCode: VK_MENU };
    return [
      { events: [{ type: 'rawKeyDown', ...alt, modifiers: ALT }] },
      ...digits.map((d): Step => {
        const numpad = { key: d, code: `Numpad${d}`, windowsVirtualKeyCode: 96 + Number(d), location: 3, modifiers: ALT };
        return {
          events: [
            { type: 'rawKeyDown', ...numpad },
            { type: 'keyUp', ...numpad },
          ],
        };
      }),
      // Windows sends the character as Alt is released: one step.
      {
        events: [
          { type: 'keyUp', ...alt, modifiers: 0 },
          { type: 'char', key: delivered, text: delivered, unmodifiedText: delivered },
        ],
      },
    ];
  });
}

function stepsFor(ch: string, mode: NonAsciiMode): Step[] {
  if (/^[\x20-\x7e]$/.test(ch) || mode === 'keys') return plainKey(ch);
  if (mode === 'insertText') return [{ insertText: ch }];
  if (mode === 'altCodes') return altCode(ch);
  const packet = { key: 'Unidentified', windowsVirtualKeyCode: VK_PACKET };
  return [
    {
      events: [
        { type: 'rawKeyDown', ...packet },
        { type: 'char', key: ch, text: ch, unmodifiedText: ch },
        { type: 'keyUp', ...packet },
      ],
    },
  ];
}

const ENTER: Step = {
  events: [
    { type: 'keyDown', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' },
    { type: 'keyUp', key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13 },
  ],
};

async function send(cdp: CDPSession, step: Step, at: number): Promise<void> {
  if ('insertText' in step) {
    await cdp.send('Input.insertText', { text: step.insertText });
    return;
  }
  // The events of one step are a key press and its release: a millisecond apart at most.
  await Promise.all(step.events.map((e, i) => cdp.send('Input.dispatchKeyEvent', { ...e, timestamp: (at + i * 0.2) / 1000 })));
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function scanWithWedge(page: Page, text: string, options: WedgeOptions | number = {}): Promise<void> {
  const { msPerKey = 4, nonAscii = 'keys', enter = true } = typeof options === 'number' ? { msPerKey: options } : options;
  const steps = [...text].flatMap((ch) => stepsFor(ch, nonAscii));
  if (enter) steps.push(ENTER);
  const cdp = await page.context().newCDPSession(page);
  try {
    if (nonAscii === 'insertText') {
      // Each event leaves at its time without waiting for the page to handle the one before,
      // as a real device's input queues in the OS while the page is busy: on a loaded machine
      // the page then takes the queued letters back to back instead of seeing a pause that
      // only the driver's waiting made.
      const start = Date.now();
      const sent: Promise<void>[] = [];
      for (const [i, step] of steps.entries()) {
        await sleep(start + i * msPerKey - Date.now());
        sent.push(send(cdp, step, Date.now()));
      }
      await Promise.all(sent);
    } else {
      // Chromium keeps the events' order; sending them at once keeps the driver's pace out of it.
      const start = Date.now();
      await Promise.all(steps.map((step, i) => send(cdp, step, start + i * msPerKey)));
    }
  } finally {
    await cdp.detach();
  }
}
