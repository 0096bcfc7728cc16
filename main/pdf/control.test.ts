import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForm } from './forms.ts';
import { contract } from '#preload/contract.ts';
import { controlRequest, DOSSIER_CODE, pdfInfo, pdfText, qpdfCheck, writePdf } from './test-support.ts';

const flat = (text: string) => text.replace(/\s+/g, ' ');
const count = (text: string, needle: string) => text.split(needle).length - 1;

const render = async (overrides: Parameters<typeof controlRequest>[0], name: string) => {
  const path = writePdf(await renderForm(controlRequest(overrides)), name);
  const check = qpdfCheck(path);
  assert.equal(check.status, 0, check.output);
  assert.match(pdfInfo(path)['Page size']!, /^419\.53 x 595\.28 pts/);
  return path;
};

test('control sheet (Mẫu 06): code, the columns, the desk hand-off at Vietnam time with both signers, and blank rows for the rest', async () => {
  const path = await render({}, 'control');
  const info = pdfInfo(path);
  assert.equal(info.Pages, '1');
  assert.equal(info.Title, 'PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ');
  assert.equal(info.Subject, DOSSIER_CODE);
  assert.match(info.Keywords!, /Mẫu số 06/);

  const text = flat(pdfText(path));
  assert.match(text, /PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/);
  assert.match(text, /Mã hồ sơ: 000\.17\.22\.H56-261123-0001/);
  assert.match(text, /Người nộp hồ sơ: Nguyễn Thị Hồng Nhung/);
  assert.match(text, /Tên thủ tục hành chính: Đăng ký khai sinh/);
  assert.match(text, /Thời gian hẹn trả kết quả: 16 giờ 30 phút, ngày 24\/11\/2026/);
  for (const header of ['TÊN CƠ QUAN', 'KẾT QUẢ', 'GHI CHÚ']) assert.match(text, new RegExp(header));
  assert.match(text, /THỜI GIAN GIAO, NHẬN HỒ ?SƠ/);
  // 07:20 UTC is 14:20 in Vietnam.
  assert.match(text, /1\. Giao: Bộ phận một .*2\. Nhận: Công chức Tư pháp - Hộ tịch/);
  assert.match(text, /14 giờ 20 phút, ngày 23\/11\/2026/);
  assert.match(text, /Đúng hạn/);
  // The desk's row and four left for handwriting, each with both signers.
  assert.equal(count(text, '1. Giao:'), 5);
  assert.equal(count(text, '2. Nhận:'), 5);
  assert.equal(count(text, 'Người giao'), 5);
  assert.equal(count(text, 'Người nhận'), 5);
  assert.equal(count(text, '…… giờ …… phút, ngày …/…/……'), 4);
});

test('control sheet: TT 01/2018 numbers it Mẫu 05; many hand-offs continue on a page that repeats the header row', async () => {
  const tt01 = await render({ templateVersion: 'tt01-2018' }, 'control-tt01');
  assert.match(pdfInfo(tt01).Keywords!, /Mẫu số 05/);

  const handOffs = Array.from({ length: 12 }, (_, i) => ({
    from: `Cơ quan số ${i + 1}`,
    to: `Cơ quan số ${i + 2}`,
    at: `2026-11-23T0${Math.floor(i / 6) + 1}:${String((i % 6) * 10).padStart(2, '0')}:00Z`,
  }));
  const path = await render({ handOffs, blankRows: 0 }, 'control-long');
  assert.equal(pdfInfo(path).Pages, '2');
  const second = flat(pdfText(path, 2));
  assert.match(second, /TÊN CƠ QUAN/);
  assert.match(second, /Trang 2\/2/);
  const all = flat(pdfText(path));
  for (let i = 1; i <= 12; i++) assert.match(all, new RegExp(`Giao: Cơ quan số ${i} `));
  assert.equal(count(all, '…… giờ'), 0);
});

test('control sheet: the contract refuses a hand-off without a giver and too many blank rows', () => {
  const schema = contract['forms.render'].input;
  assert.equal(schema.safeParse(controlRequest()).success, true);
  assert.equal(schema.safeParse(controlRequest({ handOffs: [{ from: '', to: 'X' }] })).success, false);
  assert.equal(schema.safeParse(controlRequest({ blankRows: 21 })).success, false);
});

test('control sheet: a dossier filed beyond the boundary names the competent agency; a hand-off names who took the file', async () => {
  const handOffs = [
    { from: 'Bộ phận một cửa', to: 'Công chức Tư pháp - Hộ tịch', at: '2026-11-23T07:20:00Z', receiverName: 'Trần Văn Bình' },
    { from: 'Công chức Tư pháp - Hộ tịch', to: 'Lãnh đạo UBND', at: '2026-11-23T08:05:00Z', note: 'Trình ký' },
  ];
  const path = await render({ competentAgency: 'UBND Phường Hoàn Kiếm', handOffs, blankRows: 1 }, 'control-beyond');
  const text = flat(pdfText(path));
  assert.match(text, /Cơ quan có thẩm quyền giải quyết: UBND Phường Hoàn Kiếm/);
  assert.match(text, /Người nhận: Trần Văn Bình/);
  assert.match(text, /15 giờ 05 phút, ngày 23\/11\/2026/);
  assert.match(text, /Trình ký/);
  // Without a competent agency the line is not printed at all.
  assert.doesNotMatch(flat(pdfText(await render({}, 'control-plain'))), /thẩm quyền/);
});
