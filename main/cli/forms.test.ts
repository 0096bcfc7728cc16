import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { CliIo } from './io.ts';
import { run } from './forms.ts';
import { main } from '../cli.ts';
import { pdfInfo, pdfText, qpdfCheck } from '../pdf/test-support.ts';

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { io, out, err };
}

const flat = (text: string) => text.replace(/\s+/g, ' ');

test('forms list: the seven forms of TT 03/2025 with names in both languages, version and effective date', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await main(['forms', 'list'], io), 0);
  assert.deepEqual(err, []);
  assert.equal(out.length, 7);
  assert.deepEqual(
    out.map((l) => l.slice(0, 2)),
    ['01', '02', '03', '04', '05', '06', '07'],
  );
  assert.ok(out.every((l) => l.endsWith('\ttt03-2025\t2025-09-15')));
  assert.equal(out[4], '05\tThông báo dừng giải quyết hồ sơ — Notice stopping the processing of a dossier\ttt03-2025\t2025-09-15');
  assert.match(out[5]!, /^06\tPhiếu kiểm soát quá trình giải quyết hồ sơ — Processing control sheet\t/);
  assert.match(out[3]!, /^04\tVăn bản xin lỗi và đề nghị gia hạn thời gian giải quyết — /);

  const old = fakeIo();
  assert.equal(await run(['list', '--version', 'tt01-2018'], old.io), 0);
  assert.equal(old.out.length, 6);
  assert.match(old.out[4]!, /^05\tPhiếu kiểm soát quá trình giải quyết hồ sơ — .*\ttt01-2018\t2019-01-06$/);
});

test('forms render: each of 01–07 prints its sample to a sound PDF with its Vietnamese heading', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-forms-'));
  const headings: Record<string, RegExp> = {
    '01': /GIẤY TIẾP NHẬN HỒ SƠ VÀ HẸN TRẢ KẾT QUẢ/,
    '02': /PHIẾU YÊU CẦU BỔ SUNG, HOÀN THIỆN HỒ SƠ/,
    '03': /PHIẾU TỪ CHỐI TIẾP NHẬN GIẢI QUYẾT HỒ SƠ/,
    '04': /VĂN BẢN XIN LỖI VÀ ĐỀ NGHỊ GIA HẠN THỜI GIAN GIẢI QUYẾT/,
    '05': /THÔNG BÁO DỪNG GIẢI QUYẾT HỒ SƠ/,
    '06': /PHIẾU KIỂM SOÁT QUÁ TRÌNH GIẢI QUYẾT HỒ SƠ/,
    '07': /SỔ THEO DÕI HỒ SƠ/,
  };
  try {
    for (const [number, heading] of Object.entries(headings)) {
      const file = join(dir, `mau-${number}.pdf`);
      const { io, out, err } = fakeIo();
      assert.equal(await main(['forms', 'render', number, '--sample', '--out', file], io), 0, err.join('\n'));
      assert.match(out[0]!, new RegExp(`^${file}: Mẫu số ${number} — `));
      assert.equal(readFileSync(file).subarray(0, 5).toString(), '%PDF-');
      const check = qpdfCheck(file);
      assert.equal(check.status, 0, check.output);
      const text = flat(pdfText(file));
      assert.match(text, heading);
      assert.match(text, number === '07' ? /Công dân số 0001/ : /Nguyễn Thị Hồng Nhung/);
    }
    // Forms on A5, the book on A4 landscape.
    assert.match(pdfInfo(join(dir, 'mau-05.pdf'))['Page size']!, /^419\.53 x 595\.28 pts/);
    assert.match(pdfInfo(join(dir, 'mau-07.pdf'))['Page size']!, /^841\.89 x 595\.28 pts/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('forms: an unknown form number, a missing --out or --sample, and an unknown version exit 2 in both languages', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'desk-forms-bad-'));
  try {
    const file = join(dir, 'x.pdf');
    const unknown = fakeIo();
    assert.equal(await run(['render', '08', '--sample', '--out', file], unknown.io), 2);
    assert.match(unknown.err[0]!, /^Không có mẫu số "08" trong phiên bản tt03-2025 \(có: 01, 02, 03, 04, 05, 06, 07\)\.$/);
    assert.match(unknown.err[1]!, /^No form number "08" in version tt03-2025/);
    assert.deepEqual(unknown.out, []);

    const oldStop = fakeIo();
    assert.equal(await run(['render', '07', '--sample', '--out', file, '--version', 'tt01-2018'], oldStop.io), 2);
    assert.match(oldStop.err[1]!, /No form number "07" in version tt01-2018/);

    const noOut = fakeIo();
    assert.equal(await run(['render', '05', '--sample'], noOut.io), 2);
    assert.match(noOut.err[0]!, /^Thiếu --out FILE\.pdf: tệp PDF cần ghi ra\./);
    assert.match(noOut.err[1]!, /^Missing --out FILE\.pdf: the PDF file to write\./);
    const noSample = fakeIo();
    assert.equal(await run(['render', '05', '--out', file], noSample.io), 2);
    assert.match(noSample.err[0]!, /^Thiếu --sample/);
    assert.match(noSample.err[1]!, /^Missing --sample/);
    assert.equal(existsSync(file), false, 'nothing is written on bad input');

    for (const args of [['render', '--sample', '--out', file], ['render', '05', '06', '--sample', '--out', file], [], ['print'], ['list', '--nope']]) {
      const { io, err, out } = fakeIo();
      assert.equal(await run(args, io), 2, JSON.stringify(args));
      assert.match(err[0]!, /^Cách dùng \/ Usage: desk forms list/);
      assert.equal(err.length, 2);
      assert.deepEqual(out, []);
    }

    const short = fakeIo();
    assert.equal(await run(['render', '5', '--sample', '--out', file], short.io), 0);
    assert.match(short.out[0]!, /Mẫu số 05 — Thông báo dừng giải quyết hồ sơ/);

    const version = fakeIo();
    assert.equal(await run(['list', '--version', 'tt09-2030'], version.io), 2);
    assert.match(version.err[0]!, /Không có mẫu biểu phiên bản "tt09-2030"/);
    assert.match(version.err[1]!, /Unknown form template version "tt09-2030"/);

    const unwritable = fakeIo();
    assert.equal(await run(['render', '05', '--sample', '--out', join(dir, 'missing', 'x.pdf')], unwritable.io), 2);
    assert.match(unwritable.err[0]!, /^Không ghi được tệp: .*ENOENT/);
    assert.match(unwritable.err[1]!, /^Cannot write file: /);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
