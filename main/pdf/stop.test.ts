import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForm } from './forms.ts';
import { contract } from '#preload/contract.ts';
import { isDeskError } from '#domain/errors.ts';
import { DOSSIER_CODE, pdfInfo, pdfText, qpdfCheck, stopRequest, writePdf } from './test-support.ts';

/** pdftotext -layout pads columns and breaks lines; compare wording as one line with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

test('stop notice (Mẫu 05): one A5 page with number, addressee, code, received time in Vietnam, reason, guidance and the head', async () => {
  const path = writePdf(await renderForm(stopRequest({ number: '12', leaderName: 'Lê Văn Cường' })), 'stop');
  const check = qpdfCheck(path);
  assert.equal(check.status, 0, check.output);
  const info = pdfInfo(path);
  assert.match(info['Page size']!, /^419\.53 x 595\.28 pts/);
  assert.equal(info.Pages, '1');
  assert.equal(info.Title, 'THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ');
  assert.equal(info.Subject, DOSSIER_CODE);
  assert.match(info.Keywords!, /Mẫu số 05/);

  const text = flat(pdfText(path));
  assert.match(text, /UBND PHƯỜNG BA ĐÌNH/);
  assert.match(text, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
  assert.match(text, /Số: 12\/TB/);
  assert.match(text, /Phường Ba Đình, ngày 26 tháng 11 năm 2026/);
  assert.match(text, /THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ/);
  assert.match(text, /Kính gửi: Nguyễn Thị Hồng Nhung/);
  // Received at 07:05 UTC: the notice shows the desk's wall time.
  assert.match(text, /Vào lúc 14 giờ 05 phút, ngày 23\/11\/2026, Trung tâm Phục vụ hành chính công đã tiếp nhận hồ sơ/);
  assert.match(text, /đề nghị giải quyết thủ tục: Đăng ký thường trú\./);
  assert.match(text, /Mã hồ sơ: 000\.17\.22\.H56-261123-0001/);
  assert.match(text, /UBND phường Ba Đình thông báo dừng giải quyết hồ sơ nêu trên\. Lý do: Người đăng ký đã có văn bản đề nghị rút hồ sơ ngày 25\/11\/2026\./);
  assert.match(text, /căn cứ pháp lý: Nhận lại hồ sơ đã nộp tại Bộ phận một cửa phường Ba Đình/);
  assert.match(text, /THỦ TRƯỞNG CƠ QUAN/);
  assert.match(text, /\(Ký, ghi rõ họ tên và đóng dấu\)/);
  assert.match(text, /Lê Văn Cường/);
});

test('stop notice: no number and no guidance leave dotted blanks; NFD input prints composed', async () => {
  const path = writePdf(
    await renderForm(stopRequest({ guidance: undefined, reason: 'Chờ ý kiến của Sở Tư pháp về quốc tịch.'.normalize('NFD') })),
    'stop-blanks',
  );
  const text = flat(pdfText(path));
  assert.match(text, /Số: ……………\/TB/);
  assert.match(text, /căn cứ pháp lý: ……………/);
  assert.match(text, /Lý do: Chờ ý kiến của Sở Tư pháp về quốc tịch\./);
});

test('stop notice: TT 01/2018 has no such form, said in both languages', async () => {
  await assert.rejects(
    renderForm(stopRequest({ templateVersion: 'tt01-2018' })),
    (e: unknown) => isDeskError(e) && e.code === 'form.not-in-version' && /tt01-2018/.test(e.text.vi) && /tt01-2018/.test(e.text.en),
  );
});

test('stop notice: the contract refuses a blank reason and accepts the sample', () => {
  const schema = contract['forms.render'].input;
  assert.equal(schema.safeParse(stopRequest()).success, true);
  const result = schema.safeParse(stopRequest({ reason: '   ' }));
  assert.equal(result.success, false);
  assert.deepEqual(result.error?.issues[0]?.path, ['reason']);
});
