// Citizens' names and addresses end up on receipts, in the register, in search keys and at the
// province. Text that renders differently from what it holds — a bidi override that turns
// "Nguyễn Văn A" around, a NUL that truncates it in another system, a zero-width space that
// splits a search key, a name made only of blanks — is refused here, once, for every way in:
// the QR reader, the reception form, the contract and the catalogue.

import { z } from 'zod';
import { DeskError, type Bilingual } from '../errors.ts';
import type { CitizenProblem } from '../citizen/problem.ts';

/** Field names for the messages, lower-case so they fit inside a sentence. */
export const TEXT_FIELDS = {
  fullName: { vi: 'họ và tên', en: 'full name' },
  address: { vi: 'địa chỉ', en: 'address' },
  permanentAddress: { vi: 'nơi thường trú', en: 'permanent address' },
  representativeName: { vi: 'họ tên người nộp thay', en: "representative's name" },
  name: { vi: 'tên', en: 'name' },
} satisfies Record<string, Bilingual>;

/** "U+202E": how a character that must not be printed raw is named in a message. */
export function codePointLabel(cp: number): string {
  return `U+${cp.toString(16).toUpperCase().padStart(4, '0')}`;
}

const BIDI_CONTROLS = new Set([0x061c, 0x200e, 0x200f, 0x202a, 0x202b, 0x202c, 0x202d, 0x202e, 0x2066, 0x2067, 0x2068, 0x2069]);

/** Letters and symbols that render as nothing at all: Hangul fillers, the braille blank. */
const BLANK_LOOKING = new Set([0x115f, 0x1160, 0x3164, 0xffa0, 0x2800]);

type Kind = 'control' | 'bidi' | 'surrogate' | 'noncharacter' | 'invisible';

const KIND_TEXT: Record<Kind, Bilingual> = {
  control: { vi: 'ký tự điều khiển', en: 'the control character' },
  bidi: { vi: 'ký tự điều khiển chiều văn bản (bidi)', en: 'the bidirectional control character' },
  surrogate: { vi: 'nửa cặp UTF-16 lẻ (surrogate)', en: 'the unpaired surrogate' },
  noncharacter: { vi: 'mã không phải ký tự (noncharacter)', en: 'the noncharacter' },
  invisible: { vi: 'ký tự vô hình', en: 'the invisible character' },
};

function kindOf(cp: number): Kind | null {
  if (cp < 0x20 || (cp >= 0x7f && cp <= 0x9f)) return 'control';
  if (BIDI_CONTROLS.has(cp)) return 'bidi';
  if (cp >= 0xd800 && cp <= 0xdfff) return 'surrogate';
  if ((cp >= 0xfdd0 && cp <= 0xfdef) || (cp & 0xfffe) === 0xfffe) return 'noncharacter';
  if (BLANK_LOOKING.has(cp) || /[\p{Cf}\p{Zl}\p{Zp}]/u.test(String.fromCodePoint(cp))) return 'invisible';
  return null;
}

/**
 * The text with every control, bidi, invisible or broken character written as "U+XXXX", so a
 * message quoting untrusted text shows what is there and cannot be reordered or cut by it.
 */
export function showInvisible(text: string): string {
  let out = '';
  for (const ch of text) {
    const cp = ch.codePointAt(0)!;
    out += kindOf(cp) === null ? ch : `<${codePointLabel(cp)}>`;
  }
  return out;
}

export type CheckedText = { ok: true; value: string } | { ok: false; problem: CitizenProblem };

function capitalise(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/**
 * NFC, blanks collapsed to single spaces and trimmed; or the first character that may not be
 * in a citizen's text (controls — tab and newline included —, bidi controls, unpaired
 * surrogates, noncharacters, invisible format characters), or a required value that is blank.
 */
export function checkCitizenText(raw: string, field: Bilingual, options: { required: boolean }): CheckedText {
  let position = 0;
  for (const ch of raw) {
    position += 1;
    const cp = ch.codePointAt(0)!;
    const kind = kindOf(cp);
    if (kind !== null) {
      const label = codePointLabel(cp);
      return {
        ok: false,
        problem: {
          code: `text.${kind}`,
          text: {
            vi: `${capitalise(field.vi)} chứa ${KIND_TEXT[kind].vi} ${label} ở ký tự thứ ${position}: không được chấp nhận, hãy nhập lại bằng tay.`,
            en: `The ${field.en} contains ${KIND_TEXT[kind].en} ${label} at character ${position}, which is not accepted: type it in again.`,
          },
        },
      };
    }
  }
  const value = raw
    .normalize('NFC')
    .replace(/\p{Zs}+/gu, ' ')
    .trim();
  if (options.required && value === '') {
    return {
      ok: false,
      problem: {
        code: 'text.empty',
        text: {
          vi: `Cần nhập ${field.vi} (không để trống hoặc chỉ có khoảng trắng).`,
          en: `The ${field.en} is required (not blank, not only spaces).`,
        },
      },
    };
  }
  return { ok: true, value };
}

/** checkCitizenText for callers that stop at the first problem: the clean value or a DeskError. */
export function citizenText(raw: string, field: Bilingual, options: { required: boolean }): string {
  const checked = checkCitizenText(raw, field, options);
  if (!checked.ok) throw new DeskError(checked.problem.code, checked.problem.text);
  return checked.value;
}

/**
 * A zod string checked and cleaned by checkCitizenText. The issue keeps both languages in
 * `params.text` for callers that print them apart; its message carries both.
 */
export function citizenTextSchema(field: Bilingual, options: { required: boolean; max?: number }) {
  const raw = z.string();
  return (options.max === undefined ? raw : raw.max(options.max)).transform((raw, ctx) => {
    const checked = checkCitizenText(raw, field, options);
    if (checked.ok) return checked.value;
    const { code, text } = checked.problem;
    ctx.addIssue({ code: 'custom', message: `${text.vi} / ${text.en}`, params: { code, text } });
    return z.NEVER;
  });
}
