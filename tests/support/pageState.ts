// What the desk's pages showed when a story step failed: the error alone ("waiting for locator…")
// cannot tell a screen that never came from a click that landed elsewhere, and a flaky failure in
// a full CI run cannot be re-run with a debugger attached. CI prints the failing tests' errors, so
// the state goes into the error's message; a screenshot is kept beside it.
import type { BrowserContext } from 'playwright-core';
import { mkdir } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

const open = new Set<BrowserContext>();

/** Called by the harness for every browser it launches; a closed one leaves by itself. */
export function trackContext(context: BrowserContext): void {
  open.add(context);
  context.on('close', () => open.delete(context));
}

/** Where failure screenshots go: outside the repository, so a failed run leaves nothing in it. */
export const FAILURE_SHOTS = join(tmpdir(), 'desk-e2e-failures');

/** A bounded wait: a page busy in a long task must not turn one failure into a hung suite. */
function within<T>(ms: number, work: Promise<T>): Promise<T | 'no answer'> {
  return Promise.race([work, new Promise<'no answer'>((ok) => setTimeout(() => ok('no answer'), ms).unref())]);
}

/** The URL, the focused element, the open dialogs and the start of the visible text of every open page. */
export async function describeOpenPages(stepName: string): Promise<string> {
  const lines: string[] = [];
  let n = 0;
  for (const context of open) {
    for (const page of context.pages()) {
      n += 1;
      const state = await within(
        3_000,
        page
          .evaluate(() => {
            const active = document.activeElement;
            const focus =
              !active || active === document.body
                ? 'nothing (body)'
                : `${active.tagName.toLowerCase()}${active.getAttribute('name') ? `[name=${active.getAttribute('name')}]` : ''} "${(active.textContent ?? '').trim().slice(0, 40)}"`;
            const dialogs = [...document.querySelectorAll('[role=dialog],[role=alertdialog],dialog[open]')].map(
              (d) => d.getAttribute('aria-label') ?? d.textContent?.trim().slice(0, 60),
            );
            const text = (document.body?.innerText ?? '').replace(/\s+/g, ' ').trim().slice(0, 700);
            return { focus, dialogs, text };
          })
          .catch((e: unknown) => ({ focus: 'unknown', dialogs: [], text: `(could not read the page: ${String(e)})` })),
      );
      const shot = join(FAILURE_SHOTS, `${stepName.replace(/[^\p{L}\p{N}]+/gu, '-').slice(0, 80)}-${n}.png`);
      const saved = await within(
        5_000,
        mkdir(FAILURE_SHOTS, { recursive: true }).then(() => page.screenshot({ path: shot }).then(() => shot)),
      ).catch(() => 'no screenshot');
      if (state === 'no answer') lines.push(`page ${n} ${page.url()}: the page did not answer within 3 s (busy main thread?); screenshot: ${saved}`);
      else
        lines.push(
          `page ${n} ${page.url()}`,
          `  focus: ${state.focus}`,
          `  dialogs: ${state.dialogs.length ? state.dialogs.join(' | ') : 'none'}`,
          `  text: ${state.text}`,
          `  screenshot: ${saved}`,
        );
    }
  }
  return lines.length ? `What the desk showed when the step failed:\n${lines.join('\n')}` : 'No desk page was open when the step failed.';
}
