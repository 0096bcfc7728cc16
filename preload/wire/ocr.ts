// What the ocr.* calls return: the state of one text-recognition job (main/ocr/), polled like
// a scan. The PDF with its text layer comes once, with the state 'done'.
import type { Bilingual } from '#domain/errors.ts';

export const OCR_STATES = ['queued', 'running', 'done', 'cancelled', 'failed'] as const;
export type OcrState = (typeof OCR_STATES)[number];

export interface OcrJobStatus {
  state: OcrState;
  /** Pages finished so far, of `pages` (0 until the file has been read). */
  pagesDone: number;
  pages: number;
  /** Pages that are not the desk's own scans (an imported PDF's): left as they are. */
  skipped: number;
  /** The component's PDF with its text layer, when state is 'done'. */
  pdf?: Uint8Array;
  error: { code: string; text: Bilingual } | null;
}
