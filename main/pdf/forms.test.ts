import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForm } from './forms.ts';
import { isDeskError } from '#domain/errors.ts';
import {
  APPLICANT,
  decodeQr,
  DOSSIER_CODE,
  hasZbarimg,
  pdfInfo,
  pdfText,
  qpdfCheck,
  receiptRequest,
  refusalRequest,
  supplementRequest,
  writePdf,
} from './test-support.ts';

const A5 = '419.53 x 595.28 pts';

function assertSoundA5(path: string) {
  const check = qpdfCheck(path);
  assert.equal(check.status, 0, check.output);
  assert.match(pdfInfo(path)['Page size']!, new RegExp(`^${A5}`));
}

/** pdftotext -layout pads columns with runs of spaces; compare wording with single spaces. */
const squeeze = (text: string) => text.replace(/[ \t]+/g, ' ');

const count = (text: string, needle: string) => text.split(needle).length - 1;

test('receipt: two A5 copies with the applicant, code, Vietnam times and both copy labels', async () => {
  const path = writePdf(await renderForm(receiptRequest()), 'receipt');
  assertSoundA5(path);
  const info = pdfInfo(path);
  assert.equal(info.Pages, '2');
  assert.equal(info.Title, 'GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ');
  assert.equal(info.Subject, DOSSIER_CODE);
  assert.equal(info.Producer, 'Một Cửa Desk');
  assert.match(info.CreationDate!, /Nov 23 07:05:00 2026 UTC/);

  const first = squeeze(pdfText(path, 1));
  const second = squeeze(pdfText(path, 2));
  assert.match(first, /\(Liên 1: Lưu\)/);
  assert.match(second, /\(Liên 2: Giao người nộp hồ sơ\)/);
  for (const page of [first, second]) {
    assert.match(page, /CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM/);
    assert.match(page, /Độc lập - Tự do - Hạnh phúc/);
    assert.match(page, /UBND PHƯỜNG BA ĐÌNH/);
    assert.match(page, /Phường Ba Đình, ngày 23 tháng 11 năm 2026/);
    assert.match(page, /Mã hồ sơ: 000\.17\.22\.H56-261123-0001/);
    assert.match(page, /Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung/);
    assert.match(page, /Số định danh cá nhân: 001190012345/);
    assert.match(page, /Email: nhung\.nth@example\.vn/);
    assert.match(page, /Nội dung yêu cầu giải quyết: Đăng ký khai sinh/);
    assert.match(page, /Căn cước của người đi đăng ký Bản sao có chứng/);
    assert.match(page, /2\. Số lượng hồ sơ: 1 bộ/);
    assert.match(page, /3\. Thời gian giải quyết hồ sơ theo quy định: 1 ngày làm việc/);
    assert.match(page, /4\. Thời gian nhận hồ sơ: 14 giờ 05 phút, ngày 23\/11\/2026/);
    assert.match(page, /5\. Thời gian trả kết quả giải quyết hồ sơ: 16 giờ 30 phút, ngày 24\/11\/2026/);
    assert.match(page, /6\. Đăng ký nhận kết quả tại: Bộ phận một cửa phường Ba Đình/);
    assert.match(page, /7\. Phí, lệ phí: Miễn lệ phí/);
    assert.match(page, /Quyển số: 03 Số thứ tự: 118/);
    assert.match(page, /NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ/);
    assert.match(page, /Trần Văn Bình/);
    assert.doesNotMatch(page, /Trang \d/, 'a one-page copy carries no page numbers');
  }
});

test('receipt: times follow Vietnam (UTC+7) whatever the machine time zone and input offset', async () => {
  const saved = process.env.TZ;
  process.env.TZ = 'America/Los_Angeles';
  try {
    const bytes = await renderForm(receiptRequest({ receivedAt: '2026-11-23T20:30:00Z', appointmentAt: '2026-11-25T09:15:00+09:00', processingDays: 1.5 }));
    const text = squeeze(pdfText(writePdf(bytes, 'receipt-tz'), 1));
    assert.match(text, /Thời gian nhận hồ sơ: 03 giờ 30 phút, ngày 24\/11\/2026/);
    assert.match(text, /Thời gian trả kết quả giải quyết hồ sơ: 07 giờ 15 phút, ngày 25\/11\/2026/);
    assert.match(text, /ngày 24 tháng 11 năm 2026/);
    assert.match(text, /1,5 ngày làm việc/);
  } finally {
    if (saved === undefined) delete process.env.TZ;
    else process.env.TZ = saved;
  }
});

test('receipt: decomposed (NFD) input prints composed Vietnamese', async () => {
  const bytes = await renderForm(receiptRequest({ applicant: { ...APPLICANT, fullName: 'Phạm Thị Thuỷ Tiên'.normalize('NFD') } }));
  assert.match(pdfText(writePdf(bytes, 'receipt-nfd'), 1), /Phạm Thị Thuỷ Tiên/);
});

test('receipt: absent optional values print the dotted blank for handwriting', async () => {
  const { email: _email, ...noEmail } = APPLICANT;
  const bytes = await renderForm(receiptRequest({ applicant: noEmail, bookNumber: undefined, sequence: undefined }));
  const text = squeeze(pdfText(writePdf(bytes, 'receipt-blank'), 1));
  assert.match(text, /Email: ……………/);
  assert.match(text, /Quyển số: …………… Số thứ tự: ……………/);
});

test('receipt: a same-day procedure reads "trong ngày", not "0 ngày làm việc"', async () => {
  const text = squeeze(pdfText(writePdf(await renderForm(receiptRequest({ processingDays: 0 })), 'receipt-same-day'), 1));
  assert.match(text, /Thời gian giải quyết hồ sơ theo quy định: trong ngày/);
  assert.doesNotMatch(text, /0 ngày làm việc/);
});

test("receipt: a dossier filed on the applicant's behalf names who filed it; one filed in person does not", async () => {
  const filedFor = receiptRequest({ representative: { fullName: 'Trần Văn Bình', idNumber: '001090012345' } });
  const text = squeeze(pdfText(writePdf(await renderForm(filedFor), 'receipt-representative'), 1));
  assert.match(text, /Người nộp hồ sơ thay: Trần Văn Bình, số định danh cá nhân: 001090012345/);
  const inPerson = squeeze(pdfText(writePdf(await renderForm(receiptRequest()), 'receipt-in-person'), 1));
  assert.doesNotMatch(inPerson, /nộp hồ sơ thay/);
});

test('receipt: a same-day procedure received after its cut-off reads "trong ngày làm việc tiếp theo"', async () => {
  const late = receiptRequest({ processingDays: 0, nextWorkingDay: true, receivedAt: '2026-12-07T15:30:00+07:00', appointmentAt: '2026-12-08T17:30:00+07:00' });
  const text = squeeze(pdfText(writePdf(await renderForm(late), 'receipt-next-working-day'), 1));
  assert.match(text, /Thời gian giải quyết hồ sơ theo quy định: trong ngày làm việc tiếp theo/);
  assert.match(text, /Thời gian trả kết quả giải quyết hồ sơ: 17 giờ 30 phút, ngày 08\/12\/2026/);
  assert.doesNotMatch(text, /0 ngày làm việc/);
});

test('receipt: a dossier filed beyond the boundary names the competent agency; one of this commune does not', async () => {
  const beyond = squeeze(pdfText(writePdf(await renderForm(receiptRequest({ competentAgency: 'UBND Phường Hoàn Kiếm' })), 'receipt-beyond-boundary'), 1));
  assert.match(beyond, /Cơ quan có thẩm quyền giải quyết: UBND Phường Hoàn Kiếm/);
  const own = squeeze(pdfText(writePdf(await renderForm(receiptRequest()), 'receipt-own-commune'), 1));
  assert.doesNotMatch(own, /Cơ quan có thẩm quyền/);
});

test('receipt: components not received are not acknowledged', async () => {
  const req = receiptRequest();
  req.components.push({ name: 'Giấy xác nhận cư trú', kind: 'photocopy', count: 1, received: false });
  const text = pdfText(writePdf(await renderForm(req), 'receipt-unreceived'));
  assert.doesNotMatch(text, /Giấy xác nhận cư trú/);
});

test('receipt: 40 components flow onto more pages of each copy without losing a row', async () => {
  const components = Array.from({ length: 40 }, (_, i) => ({
    name: `Thành phần hồ sơ thứ ${String(i + 1).padStart(2, '0')} đã đối chiếu`,
    kind: 'original' as const,
    count: i + 1,
    received: true,
  }));
  const path = writePdf(await renderForm(receiptRequest({ components })), 'receipt-40');
  assertSoundA5(path);
  const pages = Number(pdfInfo(path).Pages);
  assert.ok(pages >= 4 && pages % 2 === 0, `expected both copies to continue, got ${pages} pages`);

  const all = pdfText(path);
  for (const c of components) assert.equal(count(all, c.name), 2, `${c.name} once per copy`);
  assert.equal(count(all, 'NGƯỜI TIẾP NHẬN HỒ SƠ'), 2);
  assert.equal(count(all, '7. Phí, lệ phí'), 2);

  // Each copy numbers its own pages, and every continuation page says which copy it is.
  const perCopy = pages / 2;
  for (let p = 1; p <= pages; p++) {
    const text = squeeze(pdfText(path, p));
    const copy = p <= perCopy ? '(Liên 1: Lưu)' : '(Liên 2: Giao người nộp hồ sơ)';
    assert.ok(text.includes(copy), `page ${p} names ${copy}`);
    assert.match(text, new RegExp(`Trang ${((p - 1) % perCopy) + 1}/${perCopy}`));
    if ((p - 1) % perCopy > 0) {
      assert.match(text, /\(tiếp theo\)/);
      assert.match(text, /TT Tên giấy tờ Hình thức Số lượng|NGƯỜI NỘP HỒ SƠ/, 'a continued table repeats its header');
    }
  }
});

test('receipt: the QR code decodes to the dossier code', { skip: hasZbarimg ? false : 'zbarimg not installed (apt-get install zbar-tools)' }, async () => {
  const path = writePdf(await renderForm(receiptRequest()), 'receipt-qr');
  assert.deepEqual(decodeQr(path, 1), [DOSSIER_CODE]);
  assert.deepEqual(decodeQr(path, 2), [DOSSIER_CODE]);
});

test('supplement: Mẫu 02 lists what is missing by kind, the reason and whom to contact', async () => {
  const path = writePdf(await renderForm(supplementRequest()), 'supplement');
  assertSoundA5(path);
  const info = pdfInfo(path);
  assert.equal(info.Pages, '1');
  assert.equal(info.Title, 'PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ');
  const text = squeeze(pdfText(path));
  assert.match(text, /Số: ……………\/HDHS/);
  assert.match(text, /PHIẾU YÊU CẦU BỔ SUNG,/);
  assert.match(text, /Hồ sơ của: Nguyễn Thị Hồng Nhung/);
  assert.match(text, /Phường Ba Đình, ngày 23 tháng 11 năm 2026/);
  assert.match(text, /TT Thành phần hồ sơ Bản chính/);
  // Each count lands in its kind's column: original, certified, photocopy.
  assert.match(text, /1 Giấy chứng sinh 1\n/);
  assert.match(text, /2 Giấy chứng nhận kết hôn của cha, mẹ 2\n/);
  assert.match(text, /3 Văn bản ủy quyền 3\n/);
  assert.match(text, /Nếu nộp thay/);
  assert.match(text, /Lý do: Thiếu bản chính giấy chứng sinh/);
  const flat = text.replace(/\s*\n\s*/g, ' ');
  assert.match(flat, /liên hệ với Trần Văn Bình, số điện thoại 024 3823 4567 để được hướng dẫn\./);
  assert.match(text, /NGƯỜI HƯỚNG DẪN/);
  const columns = pdfText(path).split('\n');
  const column = (needle: string) => {
    const row = columns.find((l) => l.includes(needle))!;
    return row.trimEnd().length;
  };
  assert.ok(column('Giấy chứng sinh') < column('kết hôn') && column('kết hôn') < column('ủy quyền'));
});

test('refusal: Mẫu 03 states the refusal with its reason, for both to sign', async () => {
  const path = writePdf(await renderForm(refusalRequest()), 'refusal');
  assertSoundA5(path);
  assert.equal(pdfInfo(path).Title, 'PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ');
  const text = squeeze(pdfText(path)).replace(/\s*\n\s*/g, ' ');
  assert.match(text, /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/);
  assert.match(text, /Tiếp nhận hồ sơ của: Nguyễn Thị Hồng Nhung/);
  assert.match(text, /Nội dung yêu cầu giải quyết: Cấp giấy phép xây dựng nhà ở riêng lẻ/);
  assert.match(text, /Trung tâm Phục vụ hành chính công không tiếp nhận, giải quyết hồ sơ này với lý do: Thủ tục không thuộc thẩm quyền/);
  assert.match(text, /NGƯỜI NỘP HỒ SƠ NGƯỜI TIẾP NHẬN HỒ SƠ/);
  assert.match(text, /Trần Văn Bình/);
});

test('refusal: a reason of 2000 characters continues on a second page', async () => {
  const reason = Array.from({ length: 80 }, (_, i) => `Lý do thứ ${i + 1} kèm giải thích.`)
    .join(' ')
    .slice(0, 2000);
  const path = writePdf(await renderForm(refusalRequest({ reason })), 'refusal-long');
  assertSoundA5(path);
  assert.equal(pdfInfo(path).Pages, '2');
  const text = squeeze(pdfText(path)).replace(/\s*\n\s*/g, ' ');
  assert.match(text, /Lý do thứ 1 kèm giải thích\./);
  assert.match(text, /Lý do thứ 57 kèm giải thích\./);
  assert.match(text, /Trang 2\/2/);
});

test('an unknown template version is refused with a bilingual DeskError', async () => {
  for (const req of [receiptRequest(), supplementRequest(), refusalRequest()]) {
    await assert.rejects(renderForm({ ...req, templateVersion: 'tt09-2031' }), (e: unknown) => {
      assert.ok(isDeskError(e));
      assert.equal(e.code, 'form.unknown-template');
      assert.match(e.text.vi, /tt09-2031/);
      assert.match(e.text.en, /tt09-2031/);
      return true;
    });
  }
});

test('the older TT 01/2018 template is still rendered for reprints', async () => {
  const path = writePdf(await renderForm(receiptRequest({ templateVersion: 'tt01-2018' })), 'receipt-tt01');
  assert.match(pdfText(path, 2), /\(Liên 2: Giao khách hàng\)/);
});
