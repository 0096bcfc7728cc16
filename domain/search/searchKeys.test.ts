import { test } from 'node:test';
import assert from 'node:assert/strict';
import { dossierSearchKeys, queryToPrefix } from './searchKeys.ts';

const DOSSIER = {
  code: '000.17.22.H56-210531-0001',
  fullName: 'Nguyễn Văn A',
  idNumber: '001090123456',
  phone: '0912 345 678',
};

/** What a Dexie `startsWith` on the multiEntry index would do. */
const finds = (keys: string[], query: string) => keys.some((k) => k.startsWith(queryToPrefix(query).prefix));

test('keys: folded words and name tails, code and its tail, ID, phone forms', () => {
  assert.deepEqual(dossierSearchKeys(DOSSIER).sort(), [
    '000.17.22.h56-210531-0001',
    '0001',
    '001090123456',
    '0912345678',
    '912345678',
    'a',
    'nguyen',
    'nguyen van a',
    'van',
    'van a',
  ]);
});

test('"nguyen van a" finds "Nguyễn Văn A", and so do its parts', () => {
  const keys = dossierSearchKeys(DOSSIER);
  for (const q of ['nguyen van a', 'Nguyễn Văn A', 'NGUYEN', 'ngu', 'van a', 'Văn']) assert.ok(finds(keys, q), q);
  assert.ok(!finds(keys, 'nguyen van b'));
  assert.ok(!finds(keys, 'tran'));
});

test('"Đặng" and "dang" meet', () => {
  const keys = dossierSearchKeys({ ...DOSSIER, fullName: 'Đặng Thị Bích' });
  assert.ok(finds(keys, 'dang'));
  assert.ok(finds(keys, 'Đặng'));
  assert.ok(finds(keys, 'dang thi bich'));
  assert.equal(queryToPrefix('Đặng').prefix, 'dang');
  const plain = dossierSearchKeys({ ...DOSSIER, fullName: 'Dang Thi Bich' });
  assert.ok(finds(plain, 'Đặng'));
});

test('NFD names and queries give the same keys as NFC', () => {
  const nfc = dossierSearchKeys(DOSSIER);
  const nfd = dossierSearchKeys({ ...DOSSIER, fullName: DOSSIER.fullName.normalize('NFD') });
  assert.deepEqual(nfd, nfc);
  assert.ok(finds(nfc, 'Nguyễn'.normalize('NFD')));
});

test('phone keys without the leading 0 or +84', () => {
  for (const phone of ['0912345678', '+84 912 345 678', '84912345678', '(+84) 912.345.678']) {
    const keys = dossierSearchKeys({ ...DOSSIER, phone });
    assert.ok(keys.includes('0912345678'), phone);
    assert.ok(keys.includes('912345678'), phone);
  }
  const none = dossierSearchKeys({ code: 'X-1', fullName: 'B', idNumber: '001090123456' });
  assert.deepEqual(none.sort(), ['001090123456', '1', 'b', 'x-1']);
});

test('query kinds', () => {
  assert.deepEqual(queryToPrefix('001090123456'), { kind: 'id', prefix: '001090123456' });
  assert.deepEqual(queryToPrefix(' 001 090 123 456 '), { kind: 'id', prefix: '001090123456' });
  assert.deepEqual(queryToPrefix('0912345678'), { kind: 'phone', prefix: '0912345678' });
  assert.deepEqual(queryToPrefix('0912 345 678'), { kind: 'phone', prefix: '0912345678' });
  assert.deepEqual(queryToPrefix('+84912345678'), { kind: 'phone', prefix: '0912345678' });
  assert.deepEqual(queryToPrefix('02838123456'), { kind: 'phone', prefix: '02838123456' });
  assert.deepEqual(queryToPrefix('000.17.22.H56-2105'), { kind: 'code', prefix: '000.17.22.h56-2105' });
  assert.deepEqual(queryToPrefix('H15.50'), { kind: 'code', prefix: 'h15.50' });
  assert.deepEqual(queryToPrefix('000.17'), { kind: 'code', prefix: '000.17' });
  assert.deepEqual(queryToPrefix('0001'), { kind: 'code', prefix: '0001' });
  assert.deepEqual(queryToPrefix('  Nguyễn   Văn '), { kind: 'name', prefix: 'nguyen van' });
  assert.deepEqual(queryToPrefix('Hà'), { kind: 'name', prefix: 'ha' });
});

test('each query kind finds the dossier through its keys', () => {
  const keys = dossierSearchKeys(DOSSIER);
  for (const q of ['001090123456', '+84 912 345 678', '0912345678', '912345', '000.17.22.H56-210531', '0001']) {
    assert.ok(finds(keys, q), q);
  }
  assert.ok(!finds(keys, '001090123457'));
  assert.ok(!finds(keys, '0002'));
});
