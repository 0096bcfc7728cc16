import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { CHROMIUM, CHROMIUM_ARGS, chromiumMissing } from './browser.ts';
import { describeOpenPages, trackContext } from './pageState.ts';

test('a failed step is described by what the open page showed: focus, dialog, text and a screenshot', { skip: chromiumMissing }, async () => {
  const browser = await chromium.launch({ executablePath: CHROMIUM, headless: true, args: CHROMIUM_ARGS });
  try {
    const context = await browser.newContext();
    trackContext(context);
    const page = await context.newPage();
    await page.setContent('<h1>Tiếp nhận hồ sơ</h1><div role="dialog" aria-label="Màn hình đã khóa">x</div><input name="unlock-password" autofocus>');
    await page.locator('input[name=unlock-password]').focus();
    const state = await describeOpenPages('một bước / a step');
    assert.match(state, /focus: input\[name=unlock-password\]/);
    assert.match(state, /dialogs: Màn hình đã khóa/);
    assert.match(state, /text: Tiếp nhận hồ sơ/);
    const shot = /screenshot: (\S+\.png)/.exec(state)?.[1];
    assert.ok(shot && existsSync(shot), `the screenshot is on disk: ${state}`);
    await context.close();
    assert.equal(await describeOpenPages('after'), 'No desk page was open when the step failed.');
  } finally {
    await browser.close();
  }
});
