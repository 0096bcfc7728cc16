import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCatalog } from './validate.ts';
import { searchProcedures } from './search.ts';
import type { Procedure } from '../model.ts';

const { procedures } = parseCatalog(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8'));

const codes = (q: string, limit = 20) => searchProcedures(procedures, q, limit).map((p) => p.code);
const names = (q: string) => searchProcedures(procedures, q, 20).map((p) => p.name);

test('"khai sinh" with or without diacritics finds Đăng ký khai sinh', () => {
  assert.ok(names('khai sinh').includes('Đăng ký khai sinh'));
  assert.ok(names('khai sinh'.normalize('NFD')).includes('Đăng ký khai sinh'));
  assert.deepEqual(codes('Khai Sinh'), codes('khai sinh'));
});

test('"dang ky ket hon" finds Đăng ký kết hôn first', () => {
  assert.equal(codes('dang ky ket hon')[0], '1.000894');
  assert.ok(codes('dang ky ket hon').includes('1.000593'), 'kết hôn lưu động also matches');
});

test('"đăng ký khai sinh" ranks the plain procedure above its variants', () => {
  assert.equal(codes('đăng ký khai sinh')[0], '1.001193');
});

test('every query word must start some word', () => {
  assert.deepEqual(codes('khai sinh xyz'), []);
  assert.deepEqual(
    codes('hon'),
    codes('hon').filter((c) =>
      procedures
        .find((p) => p.code === c)!
        .name.toLowerCase()
        .includes('hôn'),
    ),
  );
  // "inh" is inside "sinh" but starts no word.
  assert.deepEqual(codes('inh'), []);
});

test('a field name finds its procedures', () => {
  const found = searchProcedures(procedures, 'bao tro xa hoi', 50);
  assert.ok(found.length >= 3);
  assert.ok(found.every((p) => p.field === 'Bảo trợ xã hội'));
});

test('an exact code comes first, a code prefix finds its family', () => {
  assert.equal(codes('1.001193')[0], '1.001193');
  assert.deepEqual(
    codes('2.000'),
    codes('2.000').filter((c) => c.startsWith('2.000')),
  );
  assert.ok(codes('2.000').length >= 4);
});

test('the limit is honoured and an empty query finds nothing', () => {
  assert.equal(codes('dang ky', 3).length, 3);
  assert.deepEqual(codes('   '), []);
  assert.deepEqual(codes('khai', 0), []);
});

test('ranking: exact code > name prefix > name words > field or code words', () => {
  const make = (code: string, name: string, field: string): Procedure => ({
    code,
    name,
    field,
    level: 'commune',
    processingHours: 0,
    cutoff: null,
    fees: [],
    components: [{ id: 'a', name: 'a', accepted: ['original'], count: 1, mandatory: true }],
    source: { url: 'https://x.vn', retrieved: '2026-11-23' },
  });
  const list = [
    make('1.000003', 'Cấp bản sao trích lục hộ tịch', 'Hộ tịch'),
    make('1.000002', 'Đăng ký lại khai sinh', 'Hộ tịch'),
    make('1.000001', 'Khai sinh lưu động', 'Hộ tịch'),
  ];
  assert.deepEqual(
    searchProcedures(list, 'ho tich', 10).map((p) => p.code),
    ['1.000003', '1.000002', '1.000001'],
  );
  assert.deepEqual(
    searchProcedures(list, 'khai sinh', 10).map((p) => p.code),
    ['1.000001', '1.000002'],
  );
  assert.deepEqual(searchProcedures(list, '1.000002', 10).map((p) => p.code)[0], '1.000002');
});
