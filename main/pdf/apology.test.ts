import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForm } from './forms.ts';
import { contract } from '#preload/contract.ts';
import { apologyRequest, APPLICANT, DOSSIER_CODE, pdfInfo, pdfText, qpdfCheck, writePdf } from './test-support.ts';

/** pdftotext -layout pads columns and breaks lines; compare wording as one line with single spaces. */
const flat = (text: string) => text.replace(/\s+/g, ' ');

const render = async (overrides: Parameters<typeof apologyRequest>[0] = {}, name = 'apology') => {
  const path = writePdf(await renderForm(apologyRequest(overrides)), name);
  const check = qpdfCheck(path);
  assert.equal(check.status, 0, check.output);
  return path;
};

test('apology: one A5 page addressed to the applicant with code, times in Vietnam, reason and the new date', async () => {
  const path = await render({ number: '27', leaderName: 'Lê Văn Cường' });
  const info = pdfInfo(path);
  assert.match(info['Page size']!, /^419\.53 x 595\.28 pts/);
  assert.equal(info.Pages, '1');
  assert.equal(info.Subject, DOSSIER_CODE);
  assert.match(info.Keywords!, /Mẫu số 04/);

  const text = flat(pdfText(path));
  assert.match(text, /UBND PHƯỜNG BA ĐÌNH/);
  assert.match(text, /Độc lập - Tự do - Hạnh phúc/);
  assert.match(text, /Số: 27\/PXL/);
  assert.match(text, /Phường Ba Đình, ngày 26 tháng 11 năm 2026/);
  assert.match(text, /Kính gửi: Nguyễn Thị Hồng Nhung/);
  assert.match(text, /Địa chỉ: Số 12 ngõ 34 phố Đội Cấn, phường Ba Đình, thành phố Hà Nội/);
  assert.match(text, /Số điện thoại: 0912345678/);
  // Received at 07:05 UTC: the letter shows the desk's wall time.
  assert.match(text, /Vào lúc 14 giờ 05 phút, ngày 23\/11\/2026, Trung tâm Phục vụ hành chính công đã tiếp nhận hồ sơ/);
  assert.match(text, /đề nghị giải quyết thủ tục: Đăng ký thường trú\./);
  assert.match(text, /Mã hồ sơ: 000\.17\.22\.H56-261123-0001/);
  assert.match(text, /Giấy tiếp nhận hồ sơ và hẹn trả kết quả: 16 giờ 30 phút, ngày 26\/11\/2026\./);
  assert.match(text, /Lý do: Cần xác minh nơi cư trú của người đăng ký với Công an xã nơi cư trú trước đây\./);
  assert.match(text, /xin lỗi ông \(bà\) vì sự chậm trễ này/);
  assert.match(text, /hẹn lại trả kết quả vào: 09 giờ 00 phút, ngày 01\/12\/2026\./);
  assert.match(text, /THỦ TRƯỞNG CƠ QUAN/);
  assert.match(text, /\(Ký, ghi rõ họ tên và đóng dấu\)/);
  assert.match(text, /Lê Văn Cường/);
  assert.doesNotMatch(text, /Trang \d/);
});

test('apology: each template version prints its own title', async () => {
  const tt03 = flat(pdfText(await render({}, 'apology-tt03')));
  assert.match(tt03, /VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT/);
  const tt01 = await render({ templateVersion: 'tt01-2018' }, 'apology-tt01');
  assert.equal(pdfInfo(tt01).Title, 'PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ');
  const text = flat(pdfText(tt01));
  assert.match(text, /PHIẾU XIN LỖI VÀ HẸN LẠI NGÀY TRẢ KẾT QUẢ/);
  assert.match(text, /Thời gian hẹn lại trả kết quả: 09 giờ 00 phút, ngày 01\/12\/2026\./);
  assert.match(text, /Trung tâm Phục vụ hành chính công chưa trả được kết quả/);
});

test('apology: under TT 03/2025 the office whose processing is late apologises and asks for the extension, not the receiving unit', async () => {
  const text = flat(pdfText(await render({}, 'apology-tt03-agency')));
  assert.match(text, /Tuy nhiên đến nay, UBND phường Ba Đình chưa giải quyết xong hồ sơ của ông \(bà\) đúng thời gian đã hẹn\./);
  assert.match(text, /UBND phường Ba Đình xin lỗi ông \(bà\) vì sự chậm trễ này, đề nghị ông \(bà\) đồng ý gia hạn thời gian giải quyết/);
  assert.doesNotMatch(text, /Trung tâm Phục vụ hành chính công (chưa|xin lỗi)/);
});

test('apology: no number and no phone leave dotted blanks; a deputy signs under his own title', async () => {
  const { phone: _phone, ...noPhone } = APPLICANT;
  const path = await render({ applicant: noPhone, leaderTitle: 'KT. GIÁM ĐỐC\nPHÓ GIÁM ĐỐC' }, 'apology-blanks');
  const text = flat(pdfText(path));
  assert.match(text, /Số: ……………\/PXL/);
  assert.match(text, /Số điện thoại: ……………/);
  assert.match(text, /KT\. GIÁM ĐỐC PHÓ GIÁM ĐỐC/);
  assert.doesNotMatch(text, /THỦ TRƯỞNG CƠ QUAN/);
});

test('apology: decomposed (NFD) names and reasons print composed', async () => {
  const path = await render(
    {
      applicant: { ...APPLICANT, fullName: 'Phạm Thị Thuỷ Tiên'.normalize('NFD') },
      reason: 'Chờ ý kiến của Sở Tư pháp về quốc tịch.'.normalize('NFD'),
    },
    'apology-nfd',
  );
  const text = flat(pdfText(path));
  assert.match(text, /Kính gửi: Phạm Thị Thuỷ Tiên/);
  assert.match(text, /Lý do: Chờ ý kiến của Sở Tư pháp về quốc tịch\./);
});

test('apology: a reason of 2000 characters continues on a numbered second page', async () => {
  const reason = Array.from({ length: 90 }, (_, i) => `Nguyên nhân thứ ${i + 1} cần giải trình.`)
    .join(' ')
    .slice(0, 2000);
  const path = await render({ reason }, 'apology-long');
  assert.equal(pdfInfo(path).Pages, '2');
  const text = flat(pdfText(path));
  assert.match(text, /Nguyên nhân thứ 56 cần giải trình\./);
  assert.match(text, /Trang 2\/2/);
  assert.match(flat(pdfText(path, 2)), /THỦ TRƯỞNG CƠ QUAN/);
});

test('apology: the contract refuses a new appointment that is not after the original one', () => {
  const schema = contract['forms.render'].input;
  const refused = (overrides: Parameters<typeof apologyRequest>[0]) => {
    const result = schema.safeParse(apologyRequest(overrides));
    assert.equal(result.success, false, JSON.stringify(overrides));
    return result.error.issues;
  };
  const [same] = refused({ newAppointmentAt: '2026-11-26T16:30:00+07:00' });
  assert.deepEqual(same!.path, ['newAppointmentAt']);
  assert.match(same!.message, /newAppointmentAt must be after appointmentAt/);
  refused({ newAppointmentAt: '2026-11-25T09:00:00+07:00' });
  // The same instant written in UTC is no later either: instants are compared, not strings.
  refused({ newAppointmentAt: '2026-11-26T09:30:00Z' });
  refused({ reason: '   ' });

  assert.equal(schema.safeParse(apologyRequest()).success, true);
  // 09:31 UTC is 16:31 in Vietnam, a minute after the original appointment.
  assert.equal(schema.safeParse(apologyRequest({ newAppointmentAt: '2026-11-26T09:31:00Z' })).success, true);
});
