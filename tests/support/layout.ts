// Layout checks shared by the end-to-end stories at the office PCs' sizes (1366×768, 1280×720).
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';

export const OFFICE_SIZES = [
  { width: 1366, height: 768 },
  { width: 1280, height: 720 },
] as const;

/**
 * Nothing reaches past the window's right edge: the page does not scroll sideways, and every
 * visible element ends inside the window unless an ancestor that clips it (a scroll box) does.
 */
export async function assertNoOverflow(page: Page, screen: string): Promise<void> {
  const found = await page.evaluate(() => {
    const root = document.scrollingElement!;
    const limit = window.innerWidth + 0.5;
    const beyond = [...document.body.querySelectorAll('*')].flatMap((el) => {
      const r = el.getBoundingClientRect();
      if (r.width === 0 || r.height === 0 || r.right <= limit) return [];
      // Inside a box that clips it (a scroll box), it counts only if that box reaches past the edge.
      for (let a = el.parentElement; a && a !== document.body; a = a.parentElement) {
        if (getComputedStyle(a).overflowX !== 'visible') {
          if (a.getBoundingClientRect().right <= limit) return [];
          break;
        }
      }
      return [`${el.tagName.toLowerCase()}${el.className ? `.${String(el.className).split(' ').join('.')}` : ''} right=${Math.round(r.right)}`];
    });
    return { scrollWidth: root.scrollWidth, clientWidth: root.clientWidth, beyond };
  });
  const size = page.viewportSize();
  const where = `${screen} at ${size?.width}×${size?.height}`;
  assert.ok(found.scrollWidth <= found.clientWidth, `${where} scrolls sideways: ${found.scrollWidth} > ${found.clientWidth}`);
  assert.deepEqual(found.beyond, [], `${where}: elements past the right edge`);
}

/** Each element the locator finds lies wholly inside the window and is what a click at its centre reaches. */
export async function assertWhollyInView(page: Page, selector: string, what: string): Promise<void> {
  const hidden = await page.locator(selector).evaluateAll((els) =>
    els.flatMap((el) => {
      const r = el.getBoundingClientRect();
      const inside = r.top >= 0 && r.left >= 0 && r.bottom <= window.innerHeight && r.right <= window.innerWidth;
      const top = document.elementFromPoint(r.left + r.width / 2, r.top + r.height / 2);
      return inside && top !== null && el.contains(top) ? [] : [`${el.textContent?.trim()} ${JSON.stringify(r)}`];
    }),
  );
  assert.deepEqual(hidden, [], `${what} at ${page.viewportSize()?.width}×${page.viewportSize()?.height}: not wholly in view`);
}
