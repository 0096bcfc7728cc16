// Renders sample receipts while the desk is idle after start, so that the officer's first
// receipts are not rendered by cold code. V8 compiles and optimises fontkit's shaping, pdf-lib's
// writer and the deflate over their first runs: the first receipts of a run took 3–6× as long
// as later ones (issue 17; `bench/results.json`, reception.receipt).
import { renderForm } from './forms.ts';
import { receiptRequest } from './samples.ts';

export interface WarmUpPlan {
  /** After start: the window and sign-in come first. */
  delayMs: number;
  renders: number;
  /** Between renders, so that a call arriving meanwhile waits for one render at most. */
  pauseMs: number;
}

/** Eight renders: in Node the render time had settled by then (about 200 ms cold, 30 ms after). */
export const WARM_UP: WarmUpPlan = { delayMs: 2000, renders: 8, pauseMs: 100 };

const pause = (ms: number, signal: AbortSignal) =>
  new Promise<void>((done) => {
    const timer = setTimeout(done, ms);
    signal.addEventListener('abort', () => (clearTimeout(timer), done()), { once: true });
  });

/** The renders done, fewer when `signal` stops it; the forms are thrown away. */
export async function warmFormRenderer(signal: AbortSignal, plan: WarmUpPlan = WARM_UP): Promise<number> {
  let done = 0;
  await pause(plan.delayMs, signal);
  while (done < plan.renders && !signal.aborted) {
    await renderForm(receiptRequest());
    done += 1;
    await pause(plan.pauseMs, signal);
  }
  return done;
}
