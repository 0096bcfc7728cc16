// A desk being switched on shows its sign-in form without waiting for its database (issue 17):
// Chromium opens an IndexedDB database's whole store before answering, which takes longer the
// more dossiers the desk holds. Here the page's database opens are held back until the test
// lets them go: the form must be there, in the desk's language, take the officer's name and
// password, and sign in once the database answers. Before, the desk showed 'Đang tải…' until then.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun } from '../support/deskFlows.ts';
import { assertAccessible } from '../support/axe.ts';

const ADMIN = { username: 'canbo7', fullName: 'Lê Thị Mai', password: 'mat-khau-khoi-dong' };
const OFFICE = { officeName: 'UBND xã Khởi Động', agencyId: '000.12.34.H56', placeName: 'Khởi Động' };

/**
 * Installed before the app's scripts: every indexedDB.open() waits until window.__releaseDb()
 * is called. The request the app gets forwards to the real one once that is made.
 */
const HOLD_DATABASE = `
(() => {
  const realOpen = IDBFactory.prototype.open;
  const waiting = [];
  window.__heldOpens = 0;
  window.__releaseDb = () => { IDBFactory.prototype.open = realOpen; for (const go of waiting.splice(0)) go(); };
  IDBFactory.prototype.open = function (...args) {
    const factory = this;
    const handlers = {};
    const listeners = [];
    let real = null;
    const held = {
      get result() { return real.result; },
      get error() { return real ? real.error : null; },
      get transaction() { return real ? real.transaction : null; },
      get readyState() { return real ? real.readyState : 'pending'; },
      get source() { return null; },
      addEventListener(type, fn, options) { listeners.push([type, fn, options]); },
      removeEventListener() {},
    };
    for (const type of ['success', 'error', 'blocked', 'upgradeneeded']) {
      Object.defineProperty(held, 'on' + type, { get: () => handlers[type] ?? null, set: (fn) => { handlers[type] = fn; } });
    }
    window.__heldOpens++;
    waiting.push(() => {
      real = realOpen.apply(factory, args);
      for (const [type, fn] of Object.entries(handlers)) if (fn) real['on' + type] = (e) => fn.call(held, e);
      for (const [type, fn, options] of listeners) real.addEventListener(type, fn, options);
    });
    return held;
  };
})();
`;

let desk: DeskSession;
before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

test('the sign-in form takes input before the desk database has opened', { skip: chromiumMissing, timeout: 180_000 }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  const held = () => page.evaluate(() => (window as unknown as { __heldOpens: number }).__heldOpens);
  const release = () => page.evaluate(() => (window as unknown as { __releaseDb(): void }).__releaseDb());

  await step('first start: the wizard, then sign-in (the database decides, as before)', async () => {
    await firstRun(page, ADMIN, OFFICE);
  });

  await step('a restart with the database held: the sign-in form is there and takes the name and password', async () => {
    await desk.context.addInitScript(HOLD_DATABASE);
    await page.reload();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    assert.ok((await held()) > 0, 'the app asked for its database, which is still held');
    const submit = page.getByRole('button', { name: 'Đăng nhập' });
    assert.equal(await submit.isEnabled(), true);
    await assertAccessible(page, 'sign-in before the database opens');
    await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
    await page.getByLabel('Mật khẩu').fill(ADMIN.password);
    await submit.click();
    await release();
    await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).waitFor();
  });

  await step('the language the desk was switched to is the sign-in form’s at the next start', async () => {
    await page.getByRole('button', { name: 'English' }).click();
    await page.getByRole('button', { name: /Reception \(F2\)/ }).waitFor();
    await page.reload();
    await page.getByRole('heading', { name: 'Sign in' }).waitFor();
    assert.ok((await held()) > 0, 'the database is still held');
    await release();
    await page.getByLabel('Username').fill(ADMIN.username);
    await page.getByLabel('Password').fill(ADMIN.password);
    await page.getByRole('button', { name: 'Sign in' }).click();
    await page.getByRole('button', { name: 'Tiếng Việt' }).click();
    await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).waitFor();
  });

  await step('a desk whose database has no office any more shows the wizard, whatever the hint said', async () => {
    await page.evaluate(async () => {
      const db = await new Promise<IDBDatabase>((ok, fail) => {
        const r = indexedDB.open('mot-cua-desk');
        r.onsuccess = () => ok(r.result);
        r.onerror = () => fail(r.error);
      });
      await new Promise<void>((ok, fail) => {
        const tx = db.transaction('settings', 'readwrite');
        tx.objectStore('settings').delete('office');
        tx.oncomplete = () => ok();
        tx.onerror = () => fail(tx.error);
      });
      db.close();
    });
    await page.reload();
    await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
    await release();
    await page.getByRole('heading', { name: 'Thiết lập lần đầu' }).waitFor();
  });
});
