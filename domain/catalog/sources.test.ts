// `desk catalog check` warns about what a valid catalogue still cannot vouch for: the fields its
// source left unconfirmed, and cases (trường hợp) that name no national record of their own.

import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DeskError } from '../errors.ts';
import { sourceWarnings } from './sources.ts';
import { parseCatalog } from './validate.ts';

const RECORD = { url: 'https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?formalityId=x&formalityCaseId=y', retrieved: '2026-12-07' };

function birth(cases?: unknown[], unconfirmed?: string[]): Record<string, unknown> {
  return {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingHours: 0,
    cutoff: '15:00',
    fees: [{ amount: 0, label: 'Miễn', channels: ['direct'] }],
    components: [{ id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true }],
    source: { url: 'https://example.gov.vn/khai-sinh', retrieved: '2026-12-07' },
    ...(cases === undefined ? {} : { cases }),
    ...(unconfirmed === undefined ? {} : { unconfirmed }),
  };
}
const catalog = (...procedures: unknown[]) => parseCatalog(JSON.stringify({ version: 't', effectiveFrom: '2026-12-07', procedures }));

test('cases without a record of their own are warned about by their case codes, in both languages', () => {
  const warnings = sourceWarnings(
    catalog(
      birth([
        { suffix: '01', name: 'Có giấy chứng sinh' },
        { suffix: '02', name: 'Trẻ bị bỏ rơi', source: RECORD },
      ]),
    ),
  );
  assert.equal(warnings.length, 1);
  assert.deepEqual(warnings[0]!.fields, ['cases']);
  assert.equal(warnings[0]!.text.vi, 'procedures[0] 1.001193: chưa xác nhận từ nguồn (2026-12-07): cases (1.001193.01)');
  assert.equal(warnings[0]!.text.en, 'procedures[0] 1.001193: not confirmed by its source (2026-12-07): cases (1.001193.01)');
});

test('cases that each name their record raise no warning; a procedure without cases raises none for them', () => {
  assert.deepEqual(sourceWarnings(catalog(birth([{ suffix: '01', name: 'Có giấy chứng sinh', source: RECORD }]))), []);
  assert.deepEqual(sourceWarnings(catalog(birth())), []);
});

test('an administrator may mark the cases unconfirmed like any field; it is listed once with the other fields', () => {
  const [w] = sourceWarnings(catalog(birth([{ suffix: '01', name: 'Có giấy chứng sinh' }], ['fees', 'cases'])));
  assert.deepEqual(w!.fields, ['fees', 'cases']);
  assert.match(w!.text.en, /: fees, cases \(1\.001193\.01\)$/);
  const [sourced] = sourceWarnings(catalog(birth([{ suffix: '01', name: 'Có giấy chứng sinh', source: RECORD }], ['cases'])));
  assert.match(sourced!.text.vi, /: cases$/);
});

test("a case's record must be a web page with a real check date, like a procedure's", () => {
  assert.throws(
    () => catalog(birth([{ suffix: '01', name: 'Có giấy chứng sinh', source: { url: 'file:///tmp/x', retrieved: '2026-12-07' } }])),
    (e: unknown) => e instanceof DeskError && /cases\[0\]\.source\.url/.test(e.text.en),
  );
  assert.throws(
    () => catalog(birth([{ suffix: '01', name: 'Có giấy chứng sinh', source: { url: RECORD.url, retrieved: '2026-02-30' } }])),
    (e: unknown) => e instanceof DeskError && /cases\[0\]\.source\.retrieved/.test(e.text.en),
  );
});
