// A renderer taken over by a malicious PDF, end to end: script in the desk's own page calls
// the contract with crafted arguments, as window.desk would carry them. It must not make main
// load a library, read a directory, reach a host nobody configured, or stop answering; and the
// desk must work for the officer afterwards.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { fromPage, refused, result } from '../support/pageCalls.ts';
import { setUpCanaries, type Canaries } from '../fuzz/canaries.ts';
import { manyPagesPdf } from '#main/scan/pipeline/testFiles.ts';

let desk: DeskSession;
let canaries: Canaries;

before(async () => {
  if (chromiumMissing) return;
  canaries = await setUpCanaries();
  desk = await openDesk();
});
after(async () => {
  await desk?.close();
  await canaries?.close();
});

test('a hostile page cannot load a library, read a folder, reach a host or stop main', { skip: chromiumMissing }, async (t) => {
  const step = storySteps(t);
  const page = desk.page;
  await page.waitForLoadState('load');

  await step('no library is loaded: not by a path, not by a made-up id, not without the console code', async () => {
    const [library] = canaries.libraries;
    if (!library) t.diagnostic('no C compiler: the canary library was not built, the path checks still run');
    const paths = [library ?? '/tmp/libcanary.so', '\\\\attacker\\share\\evil.dll', '//attacker/share/evil.so', 'relative/evil.so'];
    for (const path of paths) {
      refused(
        await fromPage(page, 'sign.configure', { moduleIds: [path], emulator: false, trustAnchors: [] }),
        /^(signing\.unknown-module|invalid-input)$/,
        `sign.configure naming ${path}`,
      );
      refused(
        await fromPage(page, 'sign.configure', { pkcs11Modules: [path], emulator: false, tsaUrl: null, trustAnchors: [] }),
        /^invalid-input$/,
        'the old shape with a path',
      );
    }
    for (const path of paths.slice(1))
      refused(await fromPage(page, 'admin.propose', { kind: 'add-pkcs11-module', vendor: 'CA', path }), /^settings\.pkcs11-module$/, `proposing ${path}`);
    if (library) {
      const proposed = result<{ pending?: { id: string } }>(await fromPage(page, 'admin.propose', { kind: 'add-pkcs11-module', vendor: 'CA', path: library }));
      assert.ok(proposed.pending, 'a local library waits for the administrator');
      for (const guess of ['000000', '123456', '999999'])
        refused(await fromPage(page, 'admin.confirm', { id: proposed.pending.id, code: guess }), /^admin\./, `guessing ${guess}`);
      refused(
        await fromPage(page, 'admin.confirm', { id: proposed.pending.id, code: desk.console.lastCode() }),
        /^admin\./,
        'the right code after three wrong guesses',
      );
    }
    result(await fromPage(page, 'sign.tokens', {}));
    const modules = result<{ path: string }[]>(await fromPage(page, 'sign.modules', {}));
    assert.ok(!modules.some((m) => paths.includes(m.path)), 'a proposed library is listed');
    assert.equal(canaries.libraryLoaded(), false, 'the library was loaded');
  });

  await step('no folder is read: system folders refused, a made-up folder device not found', async () => {
    for (const path of ['/', '/etc', '/root', '/proc', 'C:\\Windows', '\\\\copier\\scans']) {
      refused(await fromPage(page, 'admin.propose', { kind: 'add-scan-folder', path }), /^(settings\.scan-folder|scan\.folder-.+)$/, `proposing ${path}`);
    }
    // An ordinary folder may be proposed, but only the administrator's code applies it.
    const proposed = result<object>(await fromPage(page, 'admin.propose', { kind: 'add-scan-folder', path: canaries.folders[0] }));
    assert.ok('pending' in proposed, 'a folder applied without the administrator');
    for (const path of ['/etc', canaries.folders[0]!]) {
      refused(
        await fromPage(page, 'scan.start', { deviceId: `folder:${path}`, request: { source: 'feeder', mode: 'gray', dpi: 200 }, pageKind: 'auto' }),
        /^scan\.not-found$/,
        `scanning folder:${path}`,
      );
    }
    const devices = result<{ id: string }[]>(await fromPage(page, 'scan.devices', { refresh: true }));
    assert.deepEqual(
      devices.filter((d) => d.id.startsWith('folder:')),
      [],
      'a folder became a scanner',
    );
    refused(await fromPage(page, 'scan.configure', { escl: [], folders: ['/etc'] }), /^unknown-call$/, 'the old scan.configure');
  });

  await step('no host is reached: not through sync, a scanner id, the update feed or the TSA', async () => {
    for (const url of canaries.urls) {
      refused(await fromPage(page, 'sync.request', { url, method: 'GET', headers: {} }), /^sync\./, `sync.request to ${url}`);
      refused(await fromPage(page, 'scan.capabilities', { deviceId: `escl:${url}` }), /^scan\.not-found$/, `a scanner at ${url}`);
    }
    refused(await fromPage(page, 'sync.configure', { endpoint: canaries.urls[0], ca: [] }), /^unknown-call$/, 'the old sync.configure');
    for (const change of [
      { kind: 'set-update-feed', url: canaries.urls[0] },
      { kind: 'set-tsa', url: canaries.urls[0] },
      { kind: 'set-provincial', endpoint: canaries.urls[0], ca: [] },
      { kind: 'add-escl-scanner', address: canaries.urls[0] },
    ]) {
      const proposed = await fromPage(page, 'admin.propose', change);
      if (proposed.ok) assert.ok('pending' in (proposed.result as object), `${change.kind} applied without the administrator`);
    }
    const settings = result<{ updateFeedUrl: string | null; tsaUrl: string | null; provincial: unknown; esclScanners: string[] }>(
      await fromPage(page, 'admin.settings', {}),
    );
    assert.deepEqual([settings.updateFeedUrl, settings.tsaUrl, settings.provincial, settings.esclScanners], [null, null, null, []]);
    refused(await fromPage(page, 'update.check', {}), /^update\./, 'checking a feed nobody approved');
    assert.equal(canaries.connections(), 0, 'main connected to an address nobody approved');
  });

  await step('main keeps answering: a burst of malformed calls and an import bomb', async () => {
    const burst = await Promise.all([
      ...Array.from({ length: 10 }, (_, i) =>
        fromPage(page, 'scan.import', { name: `bom-${i}.pdf`, data: new Uint8Array([0x25, 0x50, 0x44, 0x46, i]), pageKind: 'auto' }),
      ),
      fromPage(page, 'scan.import', { name: 'many.pdf', data: new Uint8Array(manyPagesPdf(10_000)), pageKind: 'auto' }),
      fromPage(page, 'forms.render', { kind: 'ledger', rows: 'x'.repeat(100_000) }),
      fromPage(page, 'sign.verify', { pdf: new Uint8Array(1024 * 1024) }),
      fromPage(page, '__proto__', {}),
      fromPage(page, 'scan.next', { jobId: 'x'.repeat(100), waitMs: 5000 }),
    ]);
    for (const reply of burst) assert.ok(reply.ok || !/^(internal|HTTP)/.test(reply.error.code), JSON.stringify(reply).slice(0, 200));
    const bomb = burst[10]!;
    const jobId = result<{ jobId: string }>(bomb).jobId;
    let batch: { done: boolean; error: { code: string } | null };
    do batch = result(await fromPage(page, 'scan.next', { jobId, waitMs: 2000 }));
    while (!batch.done);
    assert.equal(batch.error?.code, 'import.too-many-pages');
    assert.ok(result<{ version: string }>(await fromPage(page, 'app.info', {})).version);
  });

  await step('the officer’s desk still works: a reload shows the first-run page', async () => {
    await page.reload();
    await page.locator('input[name=officeName]').waitFor();
  });
});
