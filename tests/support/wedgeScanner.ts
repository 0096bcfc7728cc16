// A USB keyboard-wedge QR scanner, simulated at the lowest layer a browser test reaches:
// raw key events in Chromium's input pipeline (CDP Input.dispatchKeyEvent), each stamped
// with the time a scanner would send it (a few ms apart). The stamps, not the test
// driver's own pace on a loaded machine, are what the page sees as the keys' timing.
import type { Page } from 'playwright-core';

export async function scanWithWedge(page: Page, text: string, msPerKey = 4): Promise<void> {
  const cdp = await page.context().newCDPSession(page);
  const start = Date.now() / 1000;
  const keys = [...text].map((ch) => ({ key: ch, text: ch, unmodifiedText: ch }));
  const enter = { key: 'Enter', code: 'Enter', windowsVirtualKeyCode: 13, text: '\r' };
  const sent: Promise<unknown>[] = [];
  [...keys, enter].forEach((k, i) => {
    const timestamp = start + (i * msPerKey) / 1000;
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyDown', timestamp, ...k }));
    sent.push(cdp.send('Input.dispatchKeyEvent', { type: 'keyUp', timestamp: timestamp + 0.001, key: k.key }));
  });
  await Promise.all(sent);
  await cdp.detach();
}
