// Every failure the officer can see carries both languages, Vietnamese first.

export interface Bilingual {
  vi: string;
  en: string;
}

export class DeskError extends Error {
  readonly code: string;
  readonly text: Bilingual;

  constructor(code: string, text: Bilingual) {
    super(`${text.vi} / ${text.en}`);
    this.name = 'DeskError';
    this.code = code;
    this.text = text;
  }
}

export function isDeskError(e: unknown): e is DeskError {
  return e instanceof DeskError;
}
