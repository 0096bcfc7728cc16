// The experienced officer's keyboard path through a reception, in Chromium at 1366×768: Enter
// picks the procedure, the card's QR fills the applicant and leaves the focus in the phone
// field (the next thing to type), the arrows go from one paper's box to the next, and
// Ctrl+Enter accepts. bench/ux.ts counts the keys this saves; this test checks each step works.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, signIn } from '../support/deskFlows.ts';
import { scanWithWedge } from '../support/wedgeScanner.ts';

const ADMIN = { username: 'canbo1', fullName: 'Trần Thị Bình', password: 'mat-khau-an-toan' };
const QR = '001090123456|012345678|Nguyễn Văn An|01011990|Nam|Số 5, ngõ 12 phố Huế, Phường Hai Bà Trưng, Hà Nội|15042021';

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

const focusedName = (page: DeskSession['page']) => page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.name ?? '');

test(
  'keyboard only: Enter picks, the card leaves the focus in the phone field, arrows tick the papers, Ctrl+Enter accepts',
  { skip: chromiumMissing },
  async (t) => {
    const step = storySteps(t);
    const page = desk.page;
    await page.setViewportSize({ width: 1366, height: 768 });

    await step('first run and sign-in', async () => {
      await firstRun(page, ADMIN, { officeName: 'UBND Phường Hai Bà Trưng', agencyId: '000.17.22.H56', placeName: 'Hai Bà Trưng' });
      await signIn(page, ADMIN);
    });

    await step('the search has the focus; typing and Enter pick the birth registration', async () => {
      // The reception screen is a chunk of its own, fetched while the password is typed.
      await page.locator('input[name=procedure-search]').waitFor();
      assert.equal(await focusedName(page), 'procedure-search');
      await page.keyboard.type('khai sinh');
      await page.getByRole('option').first().waitFor();
      await page.keyboard.press('Enter');
      await page.getByTestId('chosen-procedure').filter({ hasText: '1.001193' }).waitFor();
    });

    await step('the card fills the applicant and the focus moves to the empty phone field', async () => {
      await scanWithWedge(page, QR, 20);
      await page.waitForFunction(() => document.querySelector<HTMLInputElement>('input[name=fullName]')?.value === 'Nguyễn Văn An');
      await page.waitForFunction(() => (document.activeElement as HTMLInputElement | null)?.name === 'phone');
      await page.keyboard.type('0912345678');
      assert.equal(await page.locator('input[name=phone]').inputValue(), '0912345678');
    });

    await step("the arrows go from one paper's box to the next, and Space ticks each", async () => {
      const boxes = page.locator('table.checklist td.tick input[type=checkbox]');
      await boxes.first().focus();
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowDown');
      assert.equal(await boxes.nth(1).evaluate((el) => el === document.activeElement), true, 'ArrowDown moved to the second box');
      await page.keyboard.press('Space');
      await page.keyboard.press('ArrowUp');
      assert.equal(await boxes.nth(0).evaluate((el) => el === document.activeElement), true, 'ArrowUp moved back to the first box');
      assert.deepEqual(await boxes.evaluateAll((els) => els.slice(0, 2).map((el) => (el as HTMLInputElement).checked)), [true, true]);
    });

    await step('Ctrl+Enter accepts the dossier, as the accept button says', async () => {
      const accept = page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' });
      assert.equal(await accept.getAttribute('aria-keyshortcuts'), 'Control+Enter');
      await page.keyboard.press('Control+Enter');
      await page.getByTestId('dossier-code').waitFor();
      assert.match((await page.getByTestId('dossier-code').textContent()) ?? '', /^000\.17\.22\.H56-\d{6}-\d{4,}$/);
    });
  },
);
