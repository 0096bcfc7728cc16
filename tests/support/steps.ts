import type { TestContext } from 'node:test';
import { describeOpenPages } from './pageState.ts';

/**
 * Runs the steps of one end-to-end story in order; once a step fails, the later ones are
 * skipped with that reason instead of each timing out on a screen that never came. A failed
 * step's error says what the desk's pages showed at that moment.
 */
export function storySteps(t: TestContext): (name: string, fn: () => Promise<void>) => Promise<void> {
  let failed: string | null = null;
  return async (name, fn) => {
    await t.test(name, { skip: failed ? `an earlier step failed: ${failed}` : false }, async () => {
      try {
        await fn();
      } catch (e) {
        failed = name;
        if (e instanceof Error) {
          const state = await describeOpenPages(name);
          e.message += `\n${state}`;
          // The reporter prints the stack, which holds the new message only if V8 had not made it yet.
          if (!e.stack?.includes(state)) e.stack = `${e.stack ?? ''}\n${state}`;
        }
        throw e;
      }
    });
  };
}
