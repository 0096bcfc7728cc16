// Test fixtures as Notepad's "ANSI" saves Vietnamese: Windows-1258, where a toned vowel is the
// base letter (ă, â, ê, ô, ơ, ư exist precomposed) followed by a combining tone mark.
// The byte table comes from the platform's own Windows-1258 decoder, not from a hand copy.

const TONES = new Set(['\u0300', '\u0301', '\u0303', '\u0309', '\u0323']);

const BYTE_OF = new Map<string, number>();
const decoder = new TextDecoder('windows-1258');
for (let b = 0; b < 256; b++) BYTE_OF.set(decoder.decode(new Uint8Array([b])), b);

export function toWindows1258(text: string): Uint8Array {
  const out: number[] = [];
  for (const ch of text.normalize('NFC')) {
    const marks = [...ch.normalize('NFD')];
    const tones = marks.filter((m) => TONES.has(m));
    const base = marks
      .filter((m) => !TONES.has(m))
      .join('')
      .normalize('NFC');
    for (const part of [base, ...tones]) {
      const byte = BYTE_OF.get(part);
      if (byte === undefined) throw new Error(`no Windows-1258 byte for ${JSON.stringify(part)}`);
      out.push(byte);
    }
  }
  return new Uint8Array(out);
}
