import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { FeeSpec } from '../model.ts';
import { applicableFee, formatAppliedFee, perPageAmount } from './fees.ts';
import { parseCatalog } from './validate.ts';

const catalog = parseCatalog(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8'));
const feesOf = (code: string): FeeSpec[] => catalog.procedures.find((p) => p.code === code)!.fees;

/** Hải Phòng's civil-status fee, free online on the national portal or VNeID (NQ 23/2026/NQ-HĐND); a test fixture. */
const HAI_PHONG: FeeSpec = {
  amount: 8000,
  label: 'Lệ phí đăng ký khai sinh không đúng hạn',
  channels: ['direct', 'online', 'post'],
  province: { name: 'Hải Phòng', resolution: 'NQ 23/2026/NQ-HĐND', url: 'https://haiphong.gov.vn/', checked: '2026-12-07' },
  exemptions: [
    { when: { channel: 'online' }, basis: 'NQ 23/2026/NQ-HĐND Hải Phòng' },
    { when: { applicant: 'disabled' }, basis: 'Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a' },
  ],
};

// The brief had 8,000 đ for 5 pages and the cap at 150: the circular's own rule gives 7,000 đ and
// 152,000 đ, and reaches the cap only past 198 pages.
test('certification is priced page by page: 2,000 đ for pages 1–2, 1,000 đ from page 3, at most 200,000 đ a copy', () => {
  const rule = feesOf('2.000815')[0]!.perPage!;
  assert.equal(perPageAmount(rule, 1), 2000);
  assert.equal(perPageAmount(rule, 2), 4000);
  assert.equal(perPageAmount(rule, 5), 7000);
  assert.equal(perPageAmount(rule, 198), 200000);
  assert.equal(perPageAmount(rule, 150), 152000);
  assert.equal(perPageAmount(rule, 199), 200000);
  assert.equal(perPageAmount(rule, 400), 200000);
});

test('the fee of a certified copy follows its pages, and the receipt reads the amount alone', () => {
  const fee = applicableFee(feesOf('2.000815'), { channel: 'direct', groups: [], pages: 5 });
  assert.equal(fee.amount, 7000);
  assert.equal(formatAppliedFee(fee), 'Phí chứng thực bản sao từ bản chính, mỗi bản (TT 226/2016/TT-BTC): 7.000 đồng');
  assert.equal(applicableFee(feesOf('2.000815'), { channel: 'direct', groups: [], pages: 250 }).amount, 200000);
});

test('an exemption the line lists and the officer ticked makes the line 0 đ and says why', () => {
  const fee = applicableFee(feesOf('1.004873'), { channel: 'direct', groups: ['disabled'] });
  assert.equal(fee.amount, 0);
  assert.deepEqual(fee.reasons[0]!.exemption, { kind: 'disabled', basis: 'Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a' });
  assert.equal(
    formatAppliedFee(fee),
    'Lệ phí cấp Giấy xác nhận tình trạng hôn nhân (Hải Phòng: 5.000 đ/lần): 0 đồng (miễn: người khuyết tật — Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a)',
  );
  assert.equal(applicableFee(feesOf('1.004873'), { channel: 'direct', groups: [] }).amount, 5000, 'Hải Phòng NQ 12/2018/NQ-HĐND Phụ lục 04 điểm a');
});

test('a ticked group the line does not list changes nothing', () => {
  const lawOnly: FeeSpec = { ...HAI_PHONG, exemptions: HAI_PHONG.exemptions!.filter((e) => 'applicant' in e.when) };
  const fee = applicableFee([lawOnly], { channel: 'direct', groups: ['under-age'] });
  assert.equal(fee.amount, 8000);
  assert.equal(formatAppliedFee(fee), 'Lệ phí đăng ký khai sinh không đúng hạn: 8.000 đồng');
});

test('the channel decides: online is free under the Hải Phòng resolution, direct and post pay', () => {
  assert.equal(applicableFee([HAI_PHONG], { channel: 'online', groups: [] }).amount, 0);
  assert.equal(applicableFee([HAI_PHONG], { channel: 'direct', groups: [] }).amount, 8000);
  assert.equal(applicableFee([HAI_PHONG], { channel: 'post', groups: [] }).amount, 8000);
  assert.equal(applicableFee([HAI_PHONG], { channel: 'post', groups: ['disabled'] }).amount, 0);
});

test('a line for other channels is not charged at all', () => {
  const onlineOnly: FeeSpec = { amount: 3000, label: 'Phí gửi kết quả', channels: ['online'] };
  const fee = applicableFee([onlineOnly, HAI_PHONG], { channel: 'direct', groups: [] });
  assert.equal(fee.amount, 8000);
  assert.deepEqual(
    fee.reasons.map((r) => r.label),
    [HAI_PHONG.label],
  );
});

test('no bundled fee label carries exemption prose any more', () => {
  for (const p of catalog.procedures) for (const f of p.fees) assert.doesNotMatch(f.label, /miễn cho/, `${p.code}: ${f.label}`);
});

test('lines are cases, not items: the officer’s chosen line is the one charged', () => {
  const birth = feesOf('1.001193');
  assert.equal(applicableFee(birth, { channel: 'direct', groups: [] }).amount, 0);
  assert.equal(applicableFee(birth, { channel: 'direct', groups: [], line: 1 }).amount, 8000);
  const exempt = applicableFee(birth, { channel: 'direct', groups: ['poor-household'], line: 1 });
  assert.equal(exempt.amount, 0);
  assert.equal(exempt.reasons[0]!.exemption!.kind, 'poor-household');
});

test('a chosen line that is not for the dossier’s channel charges nothing and the receipt says so', () => {
  const onlineOnly: FeeSpec = { amount: 3000, label: 'Phí gửi kết quả', channels: ['online'] };
  const fee = applicableFee([onlineOnly], { channel: 'direct', groups: [], line: 0 });
  assert.deepEqual(fee, { amount: 0, reasons: [] });
  assert.equal(formatAppliedFee(fee), 'Không');
});
