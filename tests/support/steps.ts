import type { TestContext } from 'node:test';

/**
 * Runs the steps of one end-to-end story in order; once a step fails, the later ones are
 * skipped with that reason instead of each timing out on a screen that never came.
 */
export function storySteps(t: TestContext): (name: string, fn: () => Promise<void>) => Promise<void> {
  let failed: string | null = null;
  return async (name, fn) => {
    await t.test(name, { skip: failed ? `an earlier step failed: ${failed}` : false }, async () => {
      try {
        await fn();
      } catch (e) {
        failed = name;
        throw e;
      }
    });
  };
}
