import { test } from 'node:test';
import assert from 'node:assert/strict';
import { renderForm } from './forms.ts';
import { contract } from '#preload/contract.ts';
import { isOverdue, LEDGER_LAYOUT, LEDGER_PAGE } from './ledger.ts';
import { ledgerRequest, ledgerRow, pdfInfo, pdfText, pdfWords, qpdfCheck, writePdf } from './test-support.ts';

const A4_LANDSCAPE = /^841\.89 x 595\.28 pts/;

const squeeze = (text: string) => text.replace(/[ \t]+/g, ' ');
const count = (text: string, needle: string) => text.split(needle).length - 1;

async function render(overrides: Parameters<typeof ledgerRequest>[0], name: string) {
  const path = writePdf(await renderForm(ledgerRequest(overrides)), name);
  const check = qpdfCheck(path);
  assert.equal(check.status, 0, check.output);
  const info = pdfInfo(path);
  assert.match(info['Page size']!, A4_LANDSCAPE);
  return { path, pages: Number(info.Pages) };
}

/** The column edges in points from the page's left, as ledger.ts lays the table out. */
function columnEdges(): { id: string; left: number; right: number }[] {
  const { size, margin } = LEDGER_PAGE;
  const tableWidth = size[0] - margin.left - margin.right;
  const fixed = LEDGER_LAYOUT.reduce((sum, c) => sum + (c.width === 'fill' ? 0 : c.width), 0);
  let x = margin.left;
  return LEDGER_LAYOUT.map((c) => {
    const width = c.width === 'fill' ? tableWidth - fixed : c.width;
    const edge = { id: c.id, left: x, right: x + width };
    x += width;
    return edge;
  });
}

/** Asserts that every word of the page's table starts and ends in one column, above the bottom margin; returns the words. */
function assertInsideCells(path: string, page: number) {
  const edges = columnEdges();
  const words = pdfWords(path, page);
  const tableTop = words.find((w) => w.text === 'STT')!.yMin;
  const bottom = LEDGER_PAGE.size[1] - LEDGER_PAGE.margin.bottom;
  const inTable = words.filter((w) => w.yMin >= tableTop && w.yMin < bottom);
  assert.ok(inTable.length > 100);
  for (const word of inTable) {
    const column = edges.find((e) => word.xMin >= e.left && word.xMin < e.right);
    assert.ok(column, `"${word.text}" starts inside the table`);
    assert.ok(word.xMax <= column.right, `"${word.text}" (${word.xMin}–${word.xMax}) overflows ${column.id} (${column.left}–${column.right})`);
    assert.ok(word.yMax <= bottom, `"${word.text}" runs into the bottom margin on page ${page}`);
  }
  return { edges, inTable };
}

test('ledger: an empty period prints the heading, the header row and says there is nothing', async () => {
  const { path, pages } = await render({ rows: [] }, 'ledger-empty');
  assert.equal(pages, 1);
  const info = pdfInfo(path);
  assert.equal(info.Title, 'SỔ THEO DÕI HỒ SƠ');
  assert.match(info.Keywords!, /Mẫu số 07/);
  const text = squeeze(pdfText(path));
  assert.match(text, /UBND PHƯỜNG BA ĐÌNH/);
  assert.match(text, /TRUNG TÂM PHỤC VỤ HÀNH CHÍNH CÔNG/);
  assert.match(text, /SỔ THEO DÕI HỒ SƠ/);
  assert.match(text, /Từ ngày 01\/11\/2026 đến ngày 30\/11\/2026/);
  assert.match(text, /\(In lúc 17 giờ 00 phút, ngày 30\/11\/2026\)/);
  assert.match(text, /STT Mã hồ sơ Tên thủ tục Số bộ Người nộp Địa chỉ, điện thoại Cơ quan chủ trì Ngày nhận/);
  assert.match(text, /Ký nhận Ghi chú/);
  assert.match(text, /Không có hồ sơ nào được tiếp nhận trong kỳ này\./);
  assert.doesNotMatch(text, /Trang \d/);
});

test('ledger: one row prints every field, dates as dd/MM/yyyy in Vietnam time', async () => {
  const row = ledgerRow(1, {
    code: 'H56.22-0042',
    procedureName: 'Đăng ký kết hôn',
    sets: 2,
    applicantName: 'Trần Thị Ngọc Ánh',
    contact: 'Thôn Đông; 0987654321',
    leadAgency: 'Phòng Tư pháp',
    // 18:30 UTC on the 2nd is already the 3rd in Hà Nội.
    receivedAt: '2026-11-02T18:30:00Z',
    appointmentAt: '2026-11-06T16:30:00+07:00',
    forwardedAt: '2026-11-03T09:00:00+07:00',
    resultAt: '2026-11-05T17:00:00Z',
    returnedAt: '2026-11-06T08:00:00+07:00',
    note: 'Nộp thay',
  });
  const { path, pages } = await render({ rows: [row], templateVersion: 'tt01-2018' }, 'ledger-one');
  assert.equal(pages, 1);
  assert.match(pdfInfo(path).Keywords!, /Mẫu số 06/);
  const line = squeeze(pdfText(path))
    .split('\n')
    .find((l) => l.includes('Trần Thị Ngọc Ánh'));
  assert.ok(line, 'the row is printed');
  assert.match(
    line,
    /^ ?1 H56\.22-0042 Đăng ký kết hôn 2 Trần Thị Ngọc Ánh Thôn Đông; 0987654321 Phòng Tư pháp 03\/11\/2026 06\/11\/2026 03\/11\/2026 06\/11\/2026 06\/11\/2026 Nộp thay$/,
  );
  assert.doesNotMatch(pdfText(path), /Quá hạn/);
});

test("ledger: STT is each dossier's own number in the year's book, as its receipt printed it; none for a dossier without one", async () => {
  // Desk 2 of 2 numbers 2, 4, …; a dossier accepted before the book was numbered has no number; a period across 1 January spans two books.
  const rows = [
    ledgerRow(1, { book: { label: '01/2026', number: 4 } }),
    ledgerRow(2, { book: undefined }),
    ledgerRow(3, { book: { label: '01/2027', number: 2 } }),
  ];
  const { path } = await render({ rows, from: '2026-12-31', to: '2027-01-01' }, 'ledger-book');
  const text = squeeze(pdfText(path));
  assert.match(text, /Quyển số: 01\/2026, 01\/2027/);
  const lines = text.split('\n');
  const rowLine = (n: number) => lines.find((l) => l.includes(`Công dân số 000${n}`)) ?? '';
  assert.match(rowLine(1), /^ ?4 000\.17\.22\.H56- Đăng ký/);
  assert.match(rowLine(2), /^ ?000\.17\.22\.H56- Đăng ký/);
  assert.match(rowLine(3), /^ ?2 000\.17\.22\.H56- Đăng ký/);
  const none = squeeze(pdfText((await render({ rows: [ledgerRow(1, { book: undefined })] }, 'ledger-no-book')).path));
  assert.doesNotMatch(none, /Quyển số/);
  assert.equal(contract['forms.render'].input.safeParse(ledgerRequest({ rows: [ledgerRow(1, { book: { label: ' ', number: 1 } })] })).success, false);
  assert.equal(contract['forms.render'].input.safeParse(ledgerRequest({ rows: [ledgerRow(1, { book: { label: '01/2026', number: 0 } })] })).success, false);
});

test('ledger: dossiers returned, or still out, after their appointment are marked overdue', async () => {
  const due = '2026-11-05T16:30:00+07:00';
  const rows = [
    ledgerRow(1, { appointmentAt: due, returnedAt: '2026-11-05T16:00:00+07:00' }),
    ledgerRow(2, { appointmentAt: due, returnedAt: '2026-11-09T08:00:00+07:00', note: 'Chờ xác minh' }),
    // Still not returned when the book is printed on the 30th.
    ledgerRow(3, { appointmentAt: due, returnedAt: undefined, resultAt: undefined }),
    ledgerRow(4, { appointmentAt: '2026-12-03T16:30:00+07:00', returnedAt: undefined, resultAt: undefined }),
  ];
  const { path } = await render({ rows }, 'ledger-overdue');
  const lines = squeeze(pdfText(path)).split('\n');
  const rowLine = (n: number) => lines.find((l) => l.includes(`Công dân số 000${n}`)) ?? '';
  assert.doesNotMatch(rowLine(1), /Quá hạn/);
  assert.match(rowLine(2), /Quá hạn$/);
  assert.match(rowLine(3), /Quá hạn$/);
  assert.doesNotMatch(rowLine(4), /Quá hạn/);
  assert.equal(count(pdfText(path), 'Quá hạn'), 2);
  // The officer's own note stays, under the flag.
  assert.match(pdfText(path), /Quá hạn\s*\n.*Chờ xác minh/);
});

test('ledger: overdue compares instants, whatever the offsets they are written in', () => {
  const now = Date.parse('2026-11-30T17:00:00+07:00');
  const due = '2026-11-05T16:30:00+07:00';
  assert.equal(isOverdue({ appointmentAt: due, returnedAt: '2026-11-05T09:30:00Z' }, now), false);
  assert.equal(isOverdue({ appointmentAt: due, returnedAt: '2026-11-05T09:31:00Z' }, now), true);
  assert.equal(isOverdue({ appointmentAt: due }, now), true);
  assert.equal(isOverdue({ appointmentAt: due }, Date.parse(due)), false);
  // Stopped (Mẫu 05) before the appointment: no result was due any more.
  assert.equal(isOverdue({ appointmentAt: due, stoppedAt: '2026-11-04T09:00:00+07:00' }, now), false);
  assert.equal(isOverdue({ appointmentAt: due, stoppedAt: '2026-11-06T09:00:00+07:00' }, now), true);
});

test('ledger: a stopped dossier says so in Ghi chú, above the officer’s note, and is not flagged overdue', async () => {
  const rows = [ledgerRow(1, { returnedAt: undefined, resultAt: undefined, stoppedAt: '2026-11-04T09:00:00+07:00', note: 'Người nộp rút hồ sơ' })];
  const { path } = await render({ rows }, 'ledger-stopped');
  const text = pdfText(path);
  // The Ghi chú column is narrow: its lines wrap, so look for the words in reading order.
  assert.match(text.replace(/\s+/g, ' '), /Dừng giải .*quyết ngày .*04\/11\/2026.* Người nộp rút/);
  assert.equal(count(text, 'Quá hạn'), 0);
});

test('ledger: 250 rows run over numbered pages, each starting with the header row, none lost', async () => {
  const one = await render({ rows: [ledgerRow(1)] }, 'ledger-1');
  const rows = Array.from({ length: 250 }, (_, i) => ledgerRow(i + 1));
  const { path, pages } = await render({ rows }, 'ledger-250');
  assert.ok(pages > one.pages && pages >= 5, `250 rows on ${pages} pages`);

  let next = 1;
  for (let p = 1; p <= pages; p++) {
    const text = squeeze(pdfText(path, p));
    for (const header of ['STT', 'Mã hồ sơ', 'Tên thủ tục', 'Người nộp', 'Cơ quan chủ trì', 'Ký nhận', 'Ghi chú']) {
      assert.equal(count(text, header), 1, `page ${p} has one "${header}"`);
    }
    assert.match(text, new RegExp(`Trang ${p}/${pages}`));
    if (p > 1) assert.match(text, /SỔ THEO DÕI HỒ SƠ – Từ ngày 01\/11\/2026 đến ngày 30\/11\/2026 \(tiếp theo\)/);
    // Rows continue in order from page to page.
    const numbers = [...text.matchAll(/Công dân số (\d{4})/g)].map((m) => Number(m[1]));
    assert.ok(numbers.length > 0, `page ${p} has rows`);
    assert.deepEqual(
      numbers,
      Array.from({ length: numbers.length }, (_, i) => next + i),
    );
    next += numbers.length;
  }
  assert.equal(next, 251);
  assert.match(squeeze(pdfText(path, 1)), new RegExp(`Trang 1/${pages}`));
});

test('ledger: long procedure names and codes wrap inside their columns', async () => {
  const procedureName = `Thủ tục ${'cấp đổi, cấp lại giấy chứng nhận '.repeat(6)}kết thúc`;
  const rows = [ledgerRow(1), ledgerRow(2, { procedureName, code: '000.00.17.H56-261103-0002-BS01' }), ledgerRow(3)];
  const { path } = await render({ rows }, 'ledger-wrap');
  const { edges, inTable } = assertInsideCells(path, 1);

  const procedure = edges.find((e) => e.id === 'procedure')!;
  const inProcedure = inTable.filter((w) => w.xMin >= procedure.left && w.xMin < procedure.right);
  const first = inProcedure.find((w) => w.text === 'Thủ')!;
  const last = inProcedure.find((w) => w.text === 'thúc')!;
  assert.ok(last.yMin - first.yMin > 5 * 8, 'the name runs over more than five lines');
  // Its row is taller, so the next row starts below the name's last line.
  const nextRow = inTable.find((w) => w.text === '0003')!;
  assert.ok(nextRow.yMin > last.yMin);

  // The code breaks after a separator rather than in the middle of a segment.
  const code = edges.find((e) => e.id === 'code')!;
  const codeWords = inTable.filter((w) => w.xMin >= code.left && w.xMin < code.right && !/^(Mã|hồ|sơ)$/.test(w.text));
  assert.ok(codeWords.some((w) => w.text === '000.00.17.H56-'));
  for (const { text } of codeWords) assert.match(text, /[.-]$|-(\d{4}|BS01)$|^BS01$/, `"${text}" is a whole part of a code`);
});

test("ledger: rows with every field at the contract's maximum length still fit their cells and pages", async () => {
  const long = (words: string, max: number) =>
    words
      .repeat(Math.ceil(max / words.length))
      .slice(0, max)
      .trim();
  const row = (n: number) =>
    ledgerRow(n, {
      code: long('000.17.22.H56-261103-', 56) + String(n).padStart(4, '0'),
      procedureName: long('Cấp giấy chứng nhận quyền sử dụng đất lần đầu ', 500),
      applicantName: long('Nguyễn Thị Hồng Nhung ', 200),
      contact: long('Số 12 ngõ 34 phố Đội Cấn, phường Ba Đình; ', 400),
      leadAgency: long('Phòng Kinh tế, Hạ tầng và Đô thị ', 300),
      note: long('Chờ ý kiến của cơ quan phối hợp ', 300),
      returnedAt: undefined,
    });
  const request = ledgerRequest({ rows: [row(1), row(2), row(3), row(4)] });
  assert.equal(contract['forms.render'].input.safeParse(request).success, true, 'the rows are within the contract');
  const path = writePdf(await renderForm(request), 'ledger-max');
  assert.equal(qpdfCheck(path).status, 0);
  const pages = Number(pdfInfo(path).Pages);
  assert.ok(pages >= 2);
  for (let p = 1; p <= pages; p++) assertInsideCells(path, p);
});

test('ledger: the contract takes up to 5000 rows and a period that does not end before it starts', () => {
  const schema = contract['forms.render'].input;
  assert.equal(schema.safeParse(ledgerRequest()).success, true);
  assert.equal(schema.safeParse(ledgerRequest({ from: '2026-11-30', to: '2026-11-30' })).success, true);
  const backwards = schema.safeParse(ledgerRequest({ from: '2026-12-01', to: '2026-11-30' }));
  assert.equal(backwards.success, false);
  assert.deepEqual(backwards.error.issues[0]!.path, ['to']);
  assert.equal(schema.safeParse(ledgerRequest({ from: '2026-11-01T00:00:00+07:00' })).success, false);
  const many = Array.from({ length: 5001 }, (_, i) => ledgerRow(i + 1));
  assert.equal(schema.safeParse(ledgerRequest({ rows: many })).success, false);
  assert.equal(schema.safeParse(ledgerRequest({ rows: many.slice(0, 5000) })).success, true);
});

test('ledger: render time for 1000 rows (reported, not asserted)', async (t) => {
  const rows = Array.from({ length: 1000 }, (_, i) =>
    ledgerRow(
      i + 1,
      i % 7 === 0 ? { procedureName: 'Cấp giấy chứng nhận quyền sử dụng đất, quyền sở hữu nhà ở và tài sản khác gắn liền với đất lần đầu' } : {},
    ),
  );
  const started = performance.now();
  const bytes = await renderForm(ledgerRequest({ rows }));
  const ms = performance.now() - started;
  const path = writePdf(bytes, 'ledger-1000');
  assert.equal(qpdfCheck(path).status, 0);
  t.diagnostic(`1000 rows: ${ms.toFixed(0)} ms, ${pdfInfo(path).Pages} pages, ${(bytes.length / 1024).toFixed(0)} KiB`);
});
