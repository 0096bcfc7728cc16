// Citizens' data at rest, end to end in browser mode: a dossier received through the UI (a
// name with diacritics, an ID number, a phone, an address, a printed receipt, scanned pages)
// is then read from the raw IndexedDB by a blank page of the same origin — no app code, no
// Dexie — and none of it may be there in any form; the register still finds it through the
// blind index; a flipped byte is reported as tampering, a damaged key as a broken keyring;
// and a new browser on the same profile opens it all again with the officer's password.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { Page } from 'playwright-core';
import { openDesk, chromiumMissing, type DeskSession } from '../support/browser.ts';
import { storySteps } from '../support/steps.ts';
import { firstRun, labelledPagePng, newDossier, pickProcedure, scanFirstComponent, signIn } from '../support/deskFlows.ts';
import { decodeWire } from '#preload/wire.ts';
import {
  blobsIn,
  bytesOf,
  flipByte,
  isTaggedBlob,
  isTaggedBytes,
  openRawReader,
  scanDump,
  taggedBlob,
  taggedBytes,
  type Needle,
  type RawDump,
  type RawReader,
  type Tagged,
} from '../support/rawIndexedDb.ts';

const ADMIN = { username: 'canbo7', fullName: 'Đỗ Minh Khôi', password: 'mat-khau-bao-ve-du-lieu' };
const OFFICE = { officeName: 'UBND Xã Tân Phú', agencyId: '000.31.07.H40', placeName: 'Tân Phú' };

/** The dossier under test: every field that must never reach the disk in the clear. */
const CITIZEN = {
  fullName: 'Nguyễn Thị Hương Giang',
  idNumber: '001192034567',
  dateOfBirth: '1992-05-14',
  gender: 'female',
  phone: '0912468357',
  address: 'Số 27 ngõ 64 phố Lò Đúc, Phường Bạch Mai, Hà Nội',
};
/** A second dossier, the one whose record is tampered with. */
const OTHER = {
  fullName: 'Phạm Quốc Tuấn',
  idNumber: '079085012346',
  dateOfBirth: '1985-11-02',
  gender: 'male',
  phone: '0987123450',
  address: 'Tổ 5, khu phố Mỹ Lợi, Phường Thủ Thiêm',
};

const SECRETS: Needle[] = [
  { label: 'name with diacritics', text: CITIZEN.fullName },
  { label: 'name folded', text: 'nguyen thi huong giang' },
  { label: 'given names with diacritics', text: 'Hương Giang' },
  { label: 'given names folded', text: 'huong giang' },
  { label: 'ID number', text: CITIZEN.idNumber },
  { label: 'phone 0…', text: CITIZEN.phone },
  { label: 'phone without 0', text: CITIZEN.phone.slice(1) },
  { label: 'phone +84', text: `84${CITIZEN.phone.slice(1)}` },
  { label: 'address', text: CITIZEN.address },
  { label: 'street', text: 'ngõ 64 phố Lò Đúc' },
  { label: 'date of birth', text: CITIZEN.dateOfBirth },
  { label: 'other name', text: OTHER.fullName },
  { label: 'other name folded', text: 'pham quoc tuan' },
  { label: 'other ID number', text: OTHER.idNumber },
  { label: 'other phone', text: OTHER.phone.slice(1) },
  { label: 'other address', text: OTHER.address },
];
/** Single name words, as a plain search index would hold them (lower case, folded and not), as whole words. */
const WORDS: Needle[] = ['huong', 'giang', 'hương', 'tuan', 'tuấn', 'lo duc', 'lò đúc'].map((w) => ({ label: `word "${w}"`, text: w, word: true }));
/** The bundled catalogue (procedure names, their stored versions and rules) is public text that may hold such words. */
const CATALOGUE_STORES = new Set(['procedures', 'procedureVersions', 'rules']);

const TAMPERED_VI = 'Không đọc được';
const TAMPERED_EN = 'Cannot read';

let desk: DeskSession;

before(async () => {
  if (!chromiumMissing) desk = await openDesk();
});
after(async () => {
  await desk?.close();
});

async function reader(): Promise<RawReader> {
  return openRawReader(desk.context, desk.host.url);
}

async function withReader<T>(fn: (r: RawReader) => Promise<T>): Promise<T> {
  const r = await reader();
  try {
    return await fn(r);
  } finally {
    await r.close();
  }
}

function rowsOf(dump: RawDump, store: string): Array<Record<string, Tagged>> {
  return (dump.stores[store] ?? []).map((r) => r.value as Record<string, Tagged>);
}

async function receive(page: Page, who: typeof CITIZEN): Promise<string> {
  await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).click();
  await newDossier(page);
  await pickProcedure(page, 'dang ky khai sinh', /Đăng ký khai sinh/);
  await page.locator('input[name=fullName]').fill(who.fullName);
  await page.locator('input[name=idNumber]').fill(who.idNumber);
  await page.locator('input[name=dateOfBirth]').fill(who.dateOfBirth);
  await page.locator('select[name=gender]').selectOption(who.gender);
  await page.locator('input[name=address]').fill(who.address);
  await page.locator('input[name=phone]').fill(who.phone);
  for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();
  const rendered = page.waitForResponse((r) => r.url().endsWith('/api/forms.render'));
  await page.getByRole('button', { name: 'Tiếp nhận & in giấy hẹn' }).click();
  const envelope = decodeWire(await (await rendered).text()) as { ok: boolean; result: Uint8Array };
  assert.equal(envelope.ok, true, 'the receipt was rendered');
  assert.equal(Buffer.from(envelope.result).subarray(0, 4).toString('latin1'), '%PDF', 'main hands the renderer a plain PDF: only the store must be sealed');
  await page.locator('.pdf-viewer canvas').first().waitFor();
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  assert.match(code, /^000\.31\.07\.H40-\d{6}-\d{4,}$/);
  return code;
}

async function search(page: Page, query: string): Promise<void> {
  await page.getByRole('button', { name: 'Hồ sơ (F3)' }).click();
  const box = page.locator('input[name=dossier-search]');
  await box.fill(query);
}

async function openDossier(page: Page, code: string): Promise<void> {
  await search(page, code);
  await page.getByRole('row').filter({ hasText: code }).dblclick();
  await page.getByRole('heading', { name: new RegExp(`^${code.replace(/\./g, '\\.')} — `) }).waitFor();
}

/** Errors the page raised but did not show (unhandled rejections), to tell what a silent screen hid. */
const pageErrors: string[] = [];
function watchErrors(page: Page): void {
  page.on('pageerror', (e) => pageErrors.push(e.message.split('\n')[0]!));
}
const takeErrors = () => pageErrors.splice(0).join(' | ') || 'none';

async function reloadAndSignIn(page: Page): Promise<void> {
  await page.reload();
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await signIn(page, ADMIN);
}

/** Signs in expecting the desk NOT to open: returns the alert's text. */
async function signInRefused(page: Page): Promise<string> {
  await page.getByRole('heading', { name: 'Đăng nhập' }).waitFor();
  await page.getByLabel('Tên đăng nhập').fill(ADMIN.username);
  await page.getByLabel('Mật khẩu').fill(ADMIN.password);
  await page.getByRole('button', { name: 'Đăng nhập' }).click();
  const alert = page.getByRole('alert');
  await alert.waitFor();
  return (await alert.innerText()).replace(/\s+/g, ' ');
}

test(
  "citizens' data at rest: nothing readable in the raw IndexedDB, search still works, tampering and a broken key are refused, the password reopens it",
  { skip: chromiumMissing, timeout: 420_000 },
  async (t) => {
    const step = storySteps(t);
    let page = desk.page;
    watchErrors(page);
    let code = '';
    let otherCode = '';

    await step('first run of a new office, sign in', async () => {
      await firstRun(page, ADMIN, OFFICE);
      await signIn(page, ADMIN);
    });

    await step('receive a dossier for Nguyễn Thị Hương Giang through the reception page and print the receipt', async () => {
      code = await receive(page, CITIZEN);
      otherCode = await receive(page, OTHER);
    });

    await step('import a page into a component and save it as its PDF; leave another page waiting in a second component', async () => {
      await openDossier(page, code);
      await page.getByText(CITIZEN.address).waitFor();
      await scanFirstComponent(page, 'To khai dang ky khai sinh');
      const second = page.locator('.component-row').nth(1);
      await second.getByRole('button', { name: 'Quét / nhập tệp' }).click();
      await page
        .locator('input[name=scan-import]')
        .setInputFiles({ name: 'giay-chung-sinh.png', mimeType: 'image/png', buffer: await labelledPagePng('Giay chung sinh') });
      await page.locator('ol.thumbs li').first().waitFor();
      await page.getByRole('button', { name: 'Đóng' }).click();
    });

    let dump: RawDump;
    await step("the raw IndexedDB, read by a blank page of the same origin, holds none of the citizen's data", async () => {
      const { origin, webStorage, databases } = await withReader(async (r) => {
        dump = await r.dump();
        return await r.page.evaluate<{ origin: string; webStorage: Record<string, string>; databases: string[] }>(`(async () => ({
        origin: location.origin,
        webStorage: { local: JSON.stringify({ ...localStorage }), session: JSON.stringify({ ...sessionStorage }) },
        databases: (await indexedDB.databases()).map((d) => d.name),
      }))()`);
      });
      assert.equal(origin, desk.host.url, "the reader runs at the desk's origin");
      assert.deepEqual(databases, ['mot-cua-desk'], 'the desk keeps one IndexedDB database');
      const storage = scanDump(
        { stores: { localStorage: [{ key: 'all', value: webStorage.local! }], sessionStorage: [{ key: 'all', value: webStorage.session! }] } },
        [...SECRETS, ...WORDS],
      );
      assert.deepEqual(storage.hits, [], 'nothing personal in localStorage or sessionStorage either');
      const stores = Object.keys(dump.stores).sort();
      for (const s of ['dossiers', 'files', 'scanPages', 'keyring', 'officers', 'settings', 'audit', 'outbox'])
        assert.ok(stores.includes(s), `store ${s} was read (${stores.join(', ')})`);

      // The reader demonstrably sees the data: what is stored in the clear on purpose is found.
      const controls = scanDump(dump, [
        { label: 'dossier code', text: code },
        { label: 'office name', text: OFFICE.officeName },
        { label: 'officer name', text: ADMIN.fullName },
      ]);
      const found = (label: string) => controls.hits.filter((h) => h.needle === label);
      assert.ok(
        found('dossier code').some((h) => h.store === 'dossiers' && h.path === 'value.code'),
        'the dossier code is found in dossiers.code',
      );
      assert.ok(found('office name').length > 0, 'the office name is found (settings)');
      assert.ok(
        found('officer name').some((h) => h.store === 'officers'),
        'the officer name is found (officers)',
      );
      // ...including in Blob bytes: every sealed file names its key id in its header.
      const kid = String(rowsOf(dump, 'dossiers').find((d) => d.code === code)?.kid ?? '');
      assert.match(kid, /^[a-z2-9]{6}$/);
      const kidHits = scanDump(dump, [{ label: 'kid', text: `MCDB` }]).hits.filter((h) => h.how.startsWith('utf8'));
      assert.ok(kidHits.some((h) => h.store === 'files') && kidHits.some((h) => h.store === 'scanPages'), 'the Blob bytes of files and scanPages were read');

      const { hits, figures } = scanDump(dump, SECRETS);
      const words = scanDump(dump, WORDS, (s) => !CATALOGUE_STORES.has(s));
      console.log(
        `# raw IndexedDB examined: ${figures.stores} stores, ${figures.records} records, ${figures.strings} strings, ` +
          `${figures.byteArrays} byte arrays (${figures.byteArrayBytes} bytes), ${figures.blobs} Blobs (${figures.blobBytes} bytes); ` +
          `${SECRETS.length} secrets × encodings, ${WORDS.length} words; controls found: code ×${found('dossier code').length}, office ×${found('office name').length}, officer ×${found('officer name').length}`,
      );
      const perStore = Object.entries(dump.stores)
        .map(([s, rows]) => `${s}:${rows.length}`)
        .join(' ');
      console.log(`# records per store: ${perStore}`);
      assert.deepEqual(hits, [], 'no personal field in any record or Blob');
      assert.deepEqual(words.hits, [], 'no name word in any store but the catalogue');
      assert.ok(figures.blobs >= 4, `the receipts, the component PDF and the waiting page were examined (${figures.blobs} Blobs)`);
      assert.ok(figures.blobBytes > 10_000, 'Blob bytes were examined');

      // Files: sealed Blobs only, never a PDF or an image as it was.
      const blobs = blobsIn(dump);
      for (const b of blobs) {
        const where = `${b.store} ${b.key} ${b.path}`;
        assert.notEqual(b.bytes.subarray(0, 4).toString('latin1'), '%PDF', `${where} is not a plain PDF`);
        assert.ok(!b.bytes.subarray(0, 3).equals(Buffer.from([0xff, 0xd8, 0xff])), `${where} is not a plain JPEG`);
        assert.ok(!b.bytes.subarray(0, 4).equals(Buffer.from([0x89, 0x50, 0x4e, 0x47])), `${where} is not a plain PNG`);
        assert.ok(!b.bytes.includes(Buffer.from('%PDF')), `${where} holds no PDF inside`);
        if (['files', 'scanPages', 'syncResults'].includes(b.store)) {
          assert.equal(b.type, 'application/vnd.mot-cua-desk.sealed', `${where} is a sealed Blob`);
          assert.equal(b.bytes.subarray(0, 4).toString('latin1'), 'MCDB', `${where} starts with the sealed header`);
        }
      }
      const files = rowsOf(dump, 'files');
      assert.ok(
        files.some((f) => f.kind === 'receipt') && files.some((f) => f.kind === 'scan'),
        `the receipt and the scan are stored (${files.map((f) => f.kind).join(', ')})`,
      );
      assert.ok(rowsOf(dump, 'scanPages').length >= 1, 'the waiting page is stored');
      for (const f of files) assert.ok(!('name' in f), "a file's name (it carries the code) is sealed with the record");

      // Dossiers: the personal fields are gone from the record; the search index holds the code's keys and tokens only.
      for (const d of rowsOf(dump, 'dossiers')) {
        assert.ok(!('applicant' in d), 'no applicant object in the clear');
        assert.ok(isTaggedBytes(d.sealed), 'the record carries its sealed payload');
        const lowerCode = String(d.code).toLowerCase();
        const clearKeys = [lowerCode, lowerCode.slice(lowerCode.lastIndexOf('-') + 1)];
        const keys = d.searchKeys as string[];
        assert.ok(Array.isArray(keys) && keys.length > 10, 'the dossier has its search keys');
        for (const k of keys)
          assert.ok(clearKeys.includes(k) || /^~[a-z2-9]{6}\.[A-Za-z0-9_-]{11}$/.test(k), `search key ${JSON.stringify(k)} is a code key or a blind token`);
        assert.deepEqual(keys.filter((k) => !k.startsWith('~')).sort(), [...clearKeys].sort(), 'both code keys are there, nothing else in the clear');
      }
      // The keys themselves: only wrapped.
      for (const k of rowsOf(dump, 'keyring')) if ('wrapped' in k) assert.ok(isTaggedBytes(k.wrapped), 'a data key is stored wrapped');
      for (const o of rowsOf(dump, 'officers'))
        assert.ok(o.keyWrap && isTaggedBytes((o.keyWrap as Record<string, Tagged>).sealed), 'the officer holds a wrapped master key');
    });

    await step('the scanner would have seen the data had it been stored plain (self-check of the search)', async () => {
      const fake: RawDump = {
        stores: {
          a: [{ key: 1, value: { s: `x ${CITIZEN.fullName.normalize('NFD')} y` } }],
          b: [{ key: 2, value: { f: taggedBlob(Buffer.from(`%PDF-1.7 (${CITIZEN.address})`, 'utf16le'), 'application/pdf') } }],
          c: [{ key: 3, value: { k: ['giang'], b: taggedBytes(Buffer.from(`..${CITIZEN.phone.slice(1)}..`)) } }],
          d: [{ key: 4, value: { k: ['~h4x9q2.XYgiangZ0123', 'ho va ten: lê thị hương'] } }],
        },
      };
      const { hits } = scanDump(fake, SECRETS);
      assert.ok(
        hits.some((h) => h.store === 'a' && h.needle === 'name with diacritics'),
        'a decomposed name in a string',
      );
      assert.ok(
        hits.some((h) => h.store === 'b' && h.needle === 'address' && h.how.startsWith('utf16le')),
        'a UTF-16 address in a Blob',
      );
      assert.ok(
        hits.some((h) => h.store === 'c' && h.needle === 'phone without 0'),
        'a phone in a byte array',
      );
      assert.ok(
        scanDump(fake, WORDS).hits.some((h) => h.store === 'c' && h.needle === 'word "giang"'),
        'a single word as an index key',
      );
      const inD = scanDump(fake, WORDS).hits.filter((h) => h.store === 'd');
      assert.deepEqual(
        inD.map((h) => `${h.path} ${h.needle}`),
        ['value.k[1] word "hương"'],
        'a word inside a random token is chance, a word in text is a hit',
      );
    });

    await step('the register finds the dossier by a name without diacritics, a word prefix, the ID number and the phone; not by another name', async () => {
      const row = page.getByRole('row').filter({ hasText: code });
      const none = page.getByText('Không có hồ sơ nào.');
      // Each query starts from the opposite screen, so a row (or "none") left from the last one never counts.
      const expectFound = async (query: string) => {
        await search(page, 'khong ai co ten nay');
        await none.waitFor();
        await search(page, query);
        await row.waitFor();
        assert.ok((await row.innerText()).includes(CITIZEN.fullName), `"${query}" finds ${CITIZEN.fullName}`);
        assert.equal(await page.getByRole('row').filter({ hasText: otherCode }).count(), 0, `"${query}" does not find the other dossier`);
      };
      const expectNone = async (query: string) => {
        await search(page, code);
        await row.waitFor();
        await search(page, query);
        await none.waitFor();
        assert.equal(await row.count(), 0, `"${query}" finds nothing`);
      };
      await page.keyboard.press('F3');
      for (const query of ['nguyen thi huong', 'gian', 'Hương Giang', CITIZEN.idNumber, CITIZEN.phone, CITIZEN.phone.slice(1), '+84 912 468 357'])
        await expectFound(query);
      for (const query of ['nguyen van huong', 'tran thi giang', '001192099999', '0912000000']) await expectNone(query);
      await search(page, 'pham quoc');
      await page.getByRole('row').filter({ hasText: otherCode }).waitFor();
      assert.equal(await row.count(), 0, 'a search for the other name does not find this dossier');
    });

    // ---- Tampering with a record -------------------------------------------------------------
    let otherId = '';
    let otherSealed: Tagged = null;
    await step("a byte of the other dossier's sealed payload is flipped on disk", async () => {
      const stored = rowsOf(dump, 'dossiers').find((d) => d.code === otherCode)!;
      otherId = String(stored.id);
      await withReader(async (r) => {
        const row = (await r.get('dossiers', otherId)) as Record<string, Tagged>;
        assert.ok(isTaggedBytes(row.sealed));
        otherSealed = row.sealed;
        const bytes = bytesOf(row.sealed);
        await r.put('dossiers', { ...row, sealed: taggedBytes(flipByte(bytes, Math.floor(bytes.length / 2))) });
        const back = (await r.get('dossiers', otherId)) as Record<string, Tagged>;
        assert.ok(!bytesOf(back.sealed as never).equals(bytes), 'the change is on disk');
      });
      await reloadAndSignIn(page);
    });

    await step('with the tampered record, the desk never shows its fields as if fine, nor garbage', async () => {
      await search(page, otherCode);
      await page.waitForTimeout(1500);
      const text = await page.locator('body').innerText();
      for (const plain of [OTHER.fullName, OTHER.idNumber, OTHER.address, OTHER.phone]) assert.ok(!text.includes(plain), `${plain} is not shown`);
      assert.ok(!/\uFFFD/.test(text), 'no replacement characters (garbage) on the screen');
    });

    await step('the register shows the bilingual data-tampered message for the tampered dossier', async () => {
      // A fresh query (the same text again would not run one).
      await search(page, 'x');
      await page.waitForTimeout(400);
      takeErrors();
      await search(page, otherCode);
      const alert = page.getByRole('alert').filter({ hasText: TAMPERED_VI });
      await alert.waitFor({ timeout: 5000 }).catch(async (e: Error) => {
        const rows = await page.getByRole('row').allInnerTexts();
        throw new Error(
          `${e.message.split('\n')[0]} — the register shows rows ${JSON.stringify(rows)}, count "${await page.getByTestId('dossier-count').innerText()}"; errors the page did not show: ${takeErrors()}`,
        );
      });
      assert.ok((await alert.innerText()).includes(TAMPERED_EN), 'the message is bilingual');
    });

    await step('the register still lists the intact dossiers beside the tampered one (one damaged record does not hide the others)', async () => {
      takeErrors();
      await search(page, '');
      await page
        .getByRole('row')
        .filter({ hasText: code })
        .waitFor({ timeout: 5000 })
        .catch(async (e: Error) => {
          const rows = await page.getByRole('row').allInnerTexts();
          throw new Error(`${e.message.split('\n')[0]} — the register shows rows ${JSON.stringify(rows)}; errors the page did not show: ${takeErrors()}`);
        });
    });

    await step('the record restored byte for byte opens again', async () => {
      await withReader(async (r) => {
        const row = (await r.get('dossiers', otherId)) as Record<string, Tagged>;
        await r.put('dossiers', { ...row, sealed: otherSealed });
      });
      await reloadAndSignIn(page);
      await openDossier(page, otherCode);
      await page.getByText(OTHER.address).waitFor();
      await page.getByRole('button', { name: 'Đóng' }).click();
    });

    // ---- Tampering with a stored file --------------------------------------------------------
    let receiptId = '';
    let receiptBlob: Tagged = null;
    await step('a byte inside the stored receipt file is flipped on disk', async () => {
      const dossierId = String(rowsOf(dump, 'dossiers').find((d) => d.code === code)!.id);
      const receipt = rowsOf(dump, 'files').find((f) => f.dossierId === dossierId && f.kind === 'receipt')!;
      receiptId = String(receipt.id);
      await withReader(async (r) => {
        const row = (await r.get('files', receiptId)) as Record<string, Tagged>;
        assert.ok(isTaggedBlob(row.blob));
        receiptBlob = row.blob;
        const bytes = bytesOf(row.blob);
        // Past the header (magic, key id, type, sizes, nonce): inside the first chunk's ciphertext.
        await r.put('files', { ...row, blob: taggedBlob(flipByte(bytes, Math.floor(bytes.length / 2)), row.blob.type) });
      });
      await reloadAndSignIn(page);
    });

    await step('the dossier itself still opens (its record is intact)', async () => {
      await openDossier(page, code);
      await page.getByText(CITIZEN.address).waitFor();
    });

    await step('opening the tampered receipt shows the bilingual data-tampered message, not a document', async () => {
      takeErrors();
      await page.getByRole('button', { name: `receipt-${code}.pdf` }).click();
      const alert = page.getByRole('alert').filter({ hasText: TAMPERED_VI });
      await alert.waitFor({ timeout: 5000 }).catch(async (e: Error) => {
        throw new Error(
          `${e.message.split('\n')[0]} — alerts on screen: ${JSON.stringify(await page.getByRole('alert').allInnerTexts())}; errors the page did not show: ${takeErrors()}`,
        );
      });
      assert.ok((await alert.innerText()).includes(TAMPERED_EN), 'the message is bilingual');
    });

    await step('the tampered receipt is never shown as a document', async () => {
      await page.getByRole('button', { name: `receipt-${code}.pdf` }).click();
      await page.waitForTimeout(1500);
      assert.equal(await page.locator('.pdf-viewer canvas').count(), 0, 'no PDF is rendered from the tampered file');
    });

    await step('the receipt restored byte for byte opens again', async () => {
      await withReader(async (r) => {
        const row = (await r.get('files', receiptId)) as Record<string, Tagged>;
        await r.put('files', { ...row, blob: receiptBlob });
      });
      await reloadAndSignIn(page);
      await openDossier(page, code);
      await page.getByRole('button', { name: `receipt-${code}.pdf` }).click();
      await page.locator(`.pdf-viewer canvas[aria-label^="receipt-${code}.pdf"]`).first().waitFor();
    });

    // ---- A wrong key ---------------------------------------------------------------------------
    await step('with the data key on disk replaced by random bytes, a new browser signs in to a clear "keyring-broken" message and no dossier', async () => {
      const dataRow = rowsOf(dump, 'keyring').find((k) => String(k.id).startsWith('data:'))!;
      const original = await withReader(async (r) => {
        const row = (await r.get('keyring', dataRow.id!)) as Record<string, Tagged>;
        const length = bytesOf(row.wrapped as never).length;
        await r.put('keyring', { ...row, wrapped: taggedBytes(crypto.getRandomValues(new Uint8Array(length))) });
        return row;
      });
      page = await desk.restartBrowser();
      watchErrors(page);
      const message = await signInRefused(page);
      assert.match(message, /Khoá dữ liệu của quầy bị hỏng hoặc đã bị thay/, `the keyring-broken message: ${message}`);
      assert.match(message, /data keys are damaged or were replaced/, 'in both languages');
      assert.equal(await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).count(), 0, 'the desk did not open');
      assert.equal(await page.getByRole('button', { name: 'Hồ sơ (F3)' }).count(), 0, 'no register');
      assert.ok(!(await page.locator('body').innerText()).includes(CITIZEN.fullName), 'no dossier shown');
      await withReader((r) => r.put('keyring', original));
    });

    await step("with the officer's wrapped master key removed, sign-in says the account holds no key on this desk", async () => {
      const officerRow = rowsOf(dump, 'officers').find((o) => o.username === ADMIN.username)!;
      const original = await withReader(async (r) => {
        const row = (await r.get('officers', officerRow.id!)) as Record<string, Tagged>;
        const { keyWrap: _dropped, ...rest } = row;
        await r.put('officers', rest);
        return row;
      });
      page = await desk.restartBrowser();
      watchErrors(page);
      const message = await signInRefused(page);
      assert.match(message, /chưa được cấp khoá dữ liệu trên quầy này/, `the no-key-for-officer message: ${message}`);
      assert.match(message, /holds no data key on this desk/, 'in both languages');
      assert.equal(await page.getByRole('button', { name: /Tiếp nhận \(F2\)/ }).count(), 0, 'the desk did not open');
      await withReader(async (r) => {
        const now = (await r.get('officers', officerRow.id!)) as Record<string, Tagged>;
        assert.ok(!('keyWrap' in now), 'a refused sign-in wrote no key of its own');
        await r.put('officers', original);
      });
    });

    // ---- A new browser on the same profile -----------------------------------------------------
    await step('a new browser on the same profile: after signing in with the password the dossier is readable again', async () => {
      page = await desk.restartBrowser();
      watchErrors(page);
      await signIn(page, ADMIN);
      await search(page, 'nguyen thi huong giang');
      const row = page.getByRole('row').filter({ hasText: code });
      await row.waitFor();
      assert.ok((await row.innerText()).includes(CITIZEN.fullName));
      await row.dblclick();
      // The applicant's line; the look-up panel also names the ID number given for the look-up.
      const details = page.locator('p').filter({ hasText: CITIZEN.fullName }).filter({ hasText: CITIZEN.idNumber });
      await details.waitFor();
      const text = await details.innerText();
      for (const field of [CITIZEN.fullName, CITIZEN.address, CITIZEN.phone, '14/05/1992']) assert.ok(text.includes(field), `${field} is shown`);
      await page.getByRole('button', { name: `receipt-${code}.pdf` }).click();
      await page.locator(`.pdf-viewer canvas[aria-label^="receipt-${code}.pdf"]`).first().waitFor();
      await page
        .locator('.component-row')
        .first()
        .getByRole('button', { name: /Bản quét \(\d+ KB\)/ })
        .click();
      await page.locator('.pdf-viewer canvas:not([aria-label^="receipt-"])').first().waitFor();
      await page.getByRole('button', { name: 'Đóng' }).click();
      await search(page, 'pham quoc tuan');
      await page.getByRole('row').filter({ hasText: otherCode }).waitFor();
    });
  },
);
