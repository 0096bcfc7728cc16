// The shape every doctor check returns, and the two things each needs: a deadline, so that no
// check can hang the report, and the thresholds from limits.json.
import { z } from 'zod';
import type { Bilingual } from '#domain/errors.ts';
import { isDeskError } from '#domain/errors.ts';
import type { DoctorCheck, DoctorCheckId, DoctorStatus } from '#preload/wire/doctor.ts';
import limitsFile from './limits.json' with { type: 'json' };

const limitsSchema = z.object({
  clock: z.object({ warnSkewMs: z.number().positive(), problemSkewMs: z.number().positive() }),
  storage: z.object({ warnFreeBytes: z.number().nonnegative(), problemFreeBytes: z.number().nonnegative() }),
  timeouts: z.object({
    networkMs: z.number().positive(),
    scannersMs: z.number().positive(),
    pkcs11Ms: z.number().positive(),
    printersMs: z.number().positive(),
  }),
  udevRules: z.array(z.string().min(1)).min(1),
});

export type DoctorLimits = z.infer<typeof limitsSchema>;

export const DOCTOR_LIMITS: DoctorLimits = limitsSchema.parse(limitsFile);

export const NOTHING_TO_DO: Bilingual = { vi: 'Không cần làm gì.', en: 'Nothing to do.' };

export function check(id: DoctorCheckId, status: DoctorStatus, said: Bilingual, fix: Bilingual = NOTHING_TO_DO): DoctorCheck {
  return { id, status, vi: said.vi, en: said.en, fix: { vi: fix.vi, en: fix.en } };
}

/** A check's failure in words: a DeskError's own text, else the error's code or message. */
export function reason(e: unknown): Bilingual {
  if (isDeskError(e)) return e.text;
  const text = (e as NodeJS.ErrnoException)?.code ?? (e instanceof Error ? e.message : String(e));
  return { vi: text, en: text };
}

export class DeadlineExceeded extends Error {
  constructor(readonly ms: number) {
    super(`no answer within ${ms} ms`);
  }
}

/** The work's result, or DeadlineExceeded after ms; the timer never keeps the process alive. */
export async function withDeadline<T>(ms: number, work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const late = new Promise<never>((_resolve, reject) => {
    timer = setTimeout(() => reject(new DeadlineExceeded(ms)), ms);
    timer.unref();
  });
  try {
    return await Promise.race([work, late]);
  } finally {
    clearTimeout(timer);
  }
}
