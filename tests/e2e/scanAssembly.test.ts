// Saving a component page by page over the browser host's real wire (issue 17): the calls a
// page can make, as a hostile page would make them. The UI's own save is in scanning.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { fromPage, refused, result } from '../support/pageCalls.ts';

let desk: DeskSession;
const work = mkdtempSync(join(tmpdir(), 'scan-assembly-e2e-'));

before(async () => {
  if (chromiumMissing) return;
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  rmSync(work, { recursive: true, force: true });
});

async function onePage(width: number): Promise<Uint8Array> {
  const doc = await PDFDocument.create();
  doc.addPage([width, 842]);
  return doc.save();
}

const META = { component: 'Tờ khai', dossierCode: '000.00.12.H19-261207-0001', scannedAt: '2026-12-07T09:30:00+07:00' };

test("a component saved one page a message over the wire; job ids are main's, in order, and end with the job", { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await page.waitForLoadState('load');
  const pages = [await onePage(595), await onePage(420), await onePage(300)];

  await step('a path or a made-up id is no job', async () => {
    for (const jobId of ['../../etc/passwd', '/tmp/desk-assemble-x/a.pdf', 'C:\\Windows\\win.ini'])
      refused(await fromPage(page, 'scan.assemblePage', { jobId, index: 0, pdf: pages[0], rotation: 0 }), 'invalid-input', `job id ${jobId}`);
    refused(
      await fromPage(page, 'scan.assemblePage', { jobId: '4b1f0c7e-5d2a-4c8e-9f3b-2a6d8e1c0b7a', index: 0, pdf: pages[0], rotation: 0 }),
      'scan.assemble-unknown',
      'an id main never gave',
    );
    refused(await fromPage(page, 'scan.assembleStart', { pages: 2001, meta: META }), 'invalid-input', 'more pages than a component may have');
    refused(
      await fromPage(page, 'scan.assemblePage', { jobId: '4b1f0c7e-5d2a-4c8e-9f3b-2a6d8e1c0b7a', index: 0, pdf: pages[0], rotation: 45 }),
      'invalid-input',
      'a rotation of 45°',
    );
  });

  await step('pages in order with their rotations make the component; a page after finish finds no job', async () => {
    const { jobId } = result<{ jobId: string }>(await fromPage(page, 'scan.assembleStart', { pages: 3, meta: META }));
    for (const [index, pdf] of pages.entries()) result(await fromPage(page, 'scan.assemblePage', { jobId, index, pdf, rotation: index * 90 }));
    const file = join(work, 'component.pdf');
    writeFileSync(file, result<Uint8Array>(await fromPage(page, 'scan.assembleFinish', { jobId })));
    const check = spawnSync('qpdf', ['--check', file], { encoding: 'utf8' });
    assert.equal(check.status, 0, check.stdout + check.stderr);
    const info = spawnSync('pdfinfo', ['-f', '1', '-l', '3', file], { encoding: 'utf8' }).stdout;
    assert.match(info, /Pages:\s+3\n/);
    assert.deepEqual(
      [...info.matchAll(/Page +(\d) size: +(\d+) x 842 pts.*\nPage +\d rot: +(\d+)/g)].map((m) => [m[2], m[3]]),
      [
        ['595', '0'],
        ['420', '90'],
        ['300', '180'],
      ],
    );
    refused(await fromPage(page, 'scan.assemblePage', { jobId, index: 3, pdf: pages[0], rotation: 0 }), 'scan.assemble-unknown', 'a page after finish');
  });

  await step('a page out of order ends the job', async () => {
    const { jobId } = result<{ jobId: string }>(await fromPage(page, 'scan.assembleStart', { pages: 2, meta: META }));
    refused(await fromPage(page, 'scan.assemblePage', { jobId, index: 1, pdf: pages[1], rotation: 0 }), 'scan.assemble-order', 'page 2 before page 1');
    refused(await fromPage(page, 'scan.assemblePage', { jobId, index: 0, pdf: pages[0], rotation: 0 }), 'scan.assemble-unknown', 'the job is gone');
  });
});
