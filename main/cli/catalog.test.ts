import { test } from 'node:test';
import assert from 'node:assert/strict';
import { closeSync, constants, mkdtempSync, openSync, readFileSync, rmSync, truncateSync, writeFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { CliIo } from './io.ts';
import { MAX_CATALOG_BYTES, run } from './catalog.ts';
import type { Catalog, Procedure } from '#domain/model.ts';
import { toWindows1258 } from '#tests/support/windows1258.ts';

const BUNDLED = fileURLToPath(new URL('../../domain/catalog/default-catalog.json', import.meta.url));

function fakeIo() {
  const out: string[] = [];
  const err: string[] = [];
  const io: CliIo = { out: (l) => out.push(l), err: (l) => err.push(l), readStdin: async () => '' };
  return { io, out, err };
}

function withTemp(fn: (dir: string) => Promise<void>) {
  return async () => {
    const dir = mkdtempSync(join(tmpdir(), 'desk-catalog-'));
    try {
      await fn(dir);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}

test('check on the bundled catalogue prints OK with the count and version, then its unconfirmed fields as warnings', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['check', BUNDLED], io), 0);
  assert.deepEqual(err, []);
  assert.match(out[0]!, /^OK: \d+ thủ tục \/ procedures, version 2026\.11-default$/);
  assert.ok(Number(out[0]!.match(/\d+/)![0]) >= 25);
  const procedures = (JSON.parse(readFileSync(BUNDLED, 'utf8')) as Catalog).procedures;
  const flagged = procedures.filter((p) => p.unconfirmed?.length);
  const fields = flagged.reduce((n, p) => n + p.unconfirmed!.length, 0);
  assert.ok(flagged.length > 0, 'the bundled catalogue still marks fields unconfirmed');
  assert.equal(out.filter((l) => l.startsWith('Warning: ')).length, flagged.length);
  assert.equal(out.filter((l) => l.startsWith('Cảnh báo: ')).length, flagged.length);
  assert.ok(
    out.includes('Warning: procedures[25] 1.013967: not confirmed by its source (2026-11-23): code, processingHours, fees, components'),
    out.join('\n'),
  );
  // Re-sourced from its national record on 2026-12-07: nothing of đăng ký khai tử is left unconfirmed.
  assert.ok(!out.some((l) => l.includes(' 1.000656: ')), out.join('\n'));
  assert.equal(
    out.at(-1),
    `Hợp lệ nhưng có ${flagged.length} cảnh báo (${fields} trường chưa xác nhận ở ${flagged.length}/${procedures.length} thủ tục). / ` +
      `Valid, with ${flagged.length} warnings (${fields} unconfirmed fields in ${flagged.length} of ${procedures.length} procedures).`,
  );
});

test(
  'check on a bad catalogue exits 1 with both languages and the path on stderr',
  withTemp(async (dir) => {
    const file = join(dir, 'bad.json');
    writeFileSync(
      file,
      JSON.stringify({
        version: 'x',
        effectiveFrom: '2026-11-23',
        procedures: [
          {
            code: '1.001193',
            name: 'Đăng ký khai sinh',
            field: 'Hộ tịch',
            level: 'commune',
            processingHours: 0,
            cutoff: '3pm',
            fees: [],
            components: [{ id: 'a', name: 'a', accepted: ['original'], count: 1, mandatory: true }],
            source: { url: 'https://x.vn', retrieved: '2026-11-23' },
          },
        ],
      }),
    );
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.deepEqual(out, []);
    const text = err.join('\n');
    assert.match(text, /Danh mục thủ tục không hợp lệ/);
    assert.match(text, /The procedure catalogue is invalid/);
    assert.match(text, /procedures\[0\]\.cutoff/);
  }),
);

test(
  'check on a file that is not JSON exits 1',
  withTemp(async (dir) => {
    const file = join(dir, 'broken.json');
    writeFileSync(file, '{ nope');
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.match(err.join('\n'), /invalid JSON/);
  }),
);

test(
  'a missing file exits 2 with a clear message',
  withTemp(async (dir) => {
    const file = join(dir, 'absent.json');
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 2);
    assert.deepEqual(out, []);
    assert.match(err.join('\n'), /file not found/);
    assert.ok(err.join('\n').includes(file));
  }),
);

test('wrong arguments print the usage and exit 2', async () => {
  for (const args of [[], ['check'], ['verify', BUNDLED], ['check', BUNDLED, 'extra'], ['show'], ['show', '--unknown', '1.001193']]) {
    const { io, err } = fakeIo();
    assert.equal(await run(args, io), 2, JSON.stringify(args));
    assert.match(err.join('\n'), /desk catalog check FILE/);
    assert.match(err.join('\n'), /desk catalog show CODE\|NAME \[--at YYYY-MM-DD\] \[--json\] \[--catalog FILE\]/);
  }
});

test(
  'a catalogue saved as Windows-1258 ("ANSI") is refused naming the encoding and the byte offset',
  withTemp(async (dir) => {
    const text = readFileSync(BUNDLED, 'utf8');
    const file = join(dir, 'ansi.json');
    writeFileSync(file, toWindows1258(text));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.deepEqual(out, []);
    const firstForeign = Buffer.byteLength(
      text.slice(
        0,
        [...text].findIndex((c) => c > '\x7f'),
      ),
    );
    assert.match(err[0]!, /có vẻ là bảng mã cũ Windows-1258\/1252 \(ANSI\).*hãy lưu lại dưới dạng UTF-8/);
    assert.match(err[1]!, new RegExp(`at offset ${firstForeign}\\b.*looks like a legacy Windows-1258/1252 \\(ANSI\\)`));
    assert.ok(!err.join('\n').includes('\ufffd'));
  }),
);

test(
  'a catalogue with a UTF-8 byte-order mark (Notepad\'s "UTF-8 with BOM") is accepted',
  withTemp(async (dir) => {
    const file = join(dir, 'bom.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), readFileSync(BUNDLED)]));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 0, err.join('\n'));
    assert.match(out[0]!, /^OK: \d+ thủ tục/);
  }),
);

test(
  'a catalogue saved as UTF-16 LE with its mark (Notepad\'s "Unicode") is read',
  withTemp(async (dir) => {
    const file = join(dir, 'utf16.json');
    writeFileSync(file, Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(readFileSync(BUNDLED, 'utf8'), 'utf16le')]));
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', file], io), 0, err.join('\n'));
    assert.match(out[0]!, /^OK: \d+ thủ tục/);
  }),
);

test(
  'an invisible character in the file is shown as U+XXXX, never printed raw',
  withTemp(async (dir) => {
    const file = join(dir, 'hidden.json');
    writeFileSync(file, '\u202e{"version": 1}');
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 1);
    assert.match(err.join('\n'), /U\+202E/);
    assert.ok(!err.join('\n').includes('\u202e'));
  }),
);

test(
  'a FIFO is refused at once instead of waiting for a writer',
  { skip: process.platform === 'win32' ? 'no FIFOs on Windows' : false, timeout: 30_000 },
  withTemp(async (dir) => {
    const fifo = join(dir, 'catalog.json');
    execFileSync('mkfifo', [fifo]);
    try {
      const { io, out, err } = fakeIo();
      assert.equal(await run(['check', fifo], io), 2);
      assert.deepEqual(out, []);
      assert.match(err.join('\n'), /không phải tệp thông thường/);
      assert.match(err.join('\n'), /is not a regular file/);
    } finally {
      // Were the command blocked opening the FIFO, a writer coming and going lets it end.
      try {
        closeSync(openSync(fifo, constants.O_WRONLY | constants.O_NONBLOCK));
      } catch {
        // ENXIO: nobody is reading it, which is the point.
      }
    }
  }),
);

test(
  'a catalogue over the size limit is refused before it is read',
  withTemp(async (dir) => {
    const file = join(dir, 'huge.json');
    writeFileSync(file, '');
    truncateSync(file, MAX_CATALOG_BYTES + 1);
    const { io, err } = fakeIo();
    assert.equal(await run(['check', file], io), 2);
    assert.match(err.join('\n'), /File too large: .*huge\.json \(at most 32 MiB\)/);
  }),
);

test(
  'a directory is refused as not a regular file',
  withTemp(async (dir) => {
    const { io, err } = fakeIo();
    assert.equal(await run(['check', dir], io), 2);
    assert.match(err.join('\n'), /is not a regular file/);
  }),
);

/** A procedure as an administrator might write it; each test changes what it needs. */
function procedure(over: Partial<Procedure> = {}): Procedure {
  return {
    code: '1.001193',
    name: 'Đăng ký khai sinh',
    field: 'Hộ tịch',
    level: 'commune',
    processingHours: 0,
    cutoff: '15:00',
    fees: [{ amount: 8000, label: 'Phí cấp bản sao', channels: ['direct'] }],
    components: [
      { id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true },
      { id: 'uy-quyen', name: 'Văn bản ủy quyền', accepted: ['original', 'certified'], count: 2, mandatory: false, note: 'Khi ủy quyền' },
    ],
    source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-12-07', note: 'Trang thủ tục' },
    ...over,
  };
}

function writeCatalog(dir: string, procedures: Procedure[]): string {
  const file = join(dir, 'catalog.json');
  writeFileSync(file, JSON.stringify({ version: 'test-1', effectiveFrom: '2026-12-07', procedures }));
  return file;
}

test(
  'check on a catalogue with nothing unconfirmed says every field is sourced',
  withTemp(async (dir) => {
    const { io, out, err } = fakeIo();
    assert.equal(await run(['check', writeCatalog(dir, [procedure()])], io), 0);
    assert.deepEqual(err, []);
    assert.deepEqual(out, [
      'OK: 1 thủ tục / procedures, version test-1',
      'Mọi trường đều có nguồn và ngày kiểm tra. / Every field has a source and a check date.',
    ]);
  }),
);

test(
  'check names each version with unconfirmed fields, its range and its source date, and exits 0 (desks install dated versions)',
  withTemp(async (dir) => {
    const file = writeCatalog(dir, [
      procedure({ effectiveTo: '2027-02-28', unconfirmed: ['fees', 'cutoff'] }),
      procedure({ code: '2.000815', name: 'Chứng thực bản sao' }),
      procedure({ effectiveFrom: '2027-03-01', unconfirmed: ['components'] }),
    ]);
    const { io, out } = fakeIo();
    assert.equal(await run(['check', file], io), 0);
    assert.deepEqual(out.slice(1), [
      'Cảnh báo: procedures[0] 1.001193 (… – 2027-02-28): chưa xác nhận từ nguồn (2026-12-07): fees, cutoff',
      'Warning: procedures[0] 1.001193 (… – 2027-02-28): not confirmed by its source (2026-12-07): fees, cutoff',
      'Cảnh báo: procedures[2] 1.001193 (2027-03-01 – …): chưa xác nhận từ nguồn (2026-12-07): components',
      'Warning: procedures[2] 1.001193 (2027-03-01 – …): not confirmed by its source (2026-12-07): components',
      'Hợp lệ nhưng có 2 cảnh báo (3 trường chưa xác nhận ở 2/3 thủ tục). / Valid, with 2 warnings (3 unconfirmed fields in 2 of 3 procedures).',
    ]);
  }),
);

test('show prints the bundled birth registration: same day with its cut-off, fees, components, source and what is unconfirmed', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['show', '1.001193'], io), 0);
  assert.deepEqual(err, []);
  const lines = out.join('\n').split('\n');
  assert.equal(lines[0], '1.001193 — Đăng ký khai sinh');
  for (const line of [
    'Mã thủ tục / Code: 1.001193',
    'Lĩnh vực / Field: Hộ tịch',
    'Cấp thực hiện / Level: cấp xã / commune',
    'Thời hạn / Time limit: Trong ngày (nhận sau 15:00: trong ngày làm việc tiếp theo) / Same day (received after 15:00: within the next working day)',
    'Giờ chốt / Cut-off: 15:00',
    '  - 8.000 đ: Phí cấp bản sao Giấy khai sinh, mỗi bản (nếu có yêu cầu)',
    '      kênh / channels: trực tiếp / direct, trực tuyến / online, bưu chính / post',
    '      miễn / exempt: người khuyết tật (disabled) — Luật Hộ tịch 2014 Điều 11 khoản 1 điểm a',
    '  - Giấy chứng sinh [bắt buộc / mandatory]: 1 × bản chính / original',
    '  - Văn bản ủy quyền (khi ủy quyền nộp hồ sơ) [bắt buộc / mandatory]: 1 × bản chính / original, bản sao chứng thực / certified copy (chỉ khi có người nộp thay / only when filed by a representative)',
    '  - Hộ chiếu/thẻ căn cước hoặc giấy tờ tùy thân có ảnh của người yêu cầu [bắt buộc / mandatory]: 1 × bản chính / original — tra cứu Cơ sở dữ liệu quốc gia về dân cư / looked up in National population database; nộp giấy nếu tra cứu không được / paper if the look-up fails',
    'Nguồn / Source: https://dichvucong.gov.vn/p/home/dvc-tthc-thu-tuc-hanh-chinh-chi-tiet.html?ma_thu_tuc=187805&open_popup=1 (kiểm tra ngày / checked 2026-11-23)',
    'Chưa xác nhận / Unconfirmed: không có / none',
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n${lines.join('\n')}`);
  }
  assert.ok(!lines.some((l) => l.startsWith('Mã trường hợp')), 'a national code has no case code');
});

test('show prints đăng ký khai tử as its national record has it: identity looked up, late fee by province, no field unconfirmed', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['show', '1.000656'], io), 0);
  const lines = out.join('\n').split('\n');
  for (const line of [
    'Thời hạn / Time limit: Trong ngày (nhận sau 15:00: trong ngày làm việc tiếp theo) / Same day (received after 15:00: within the next working day)',
    '  - 8.000 đ: Lệ phí đăng ký khai tử không đúng hạn (Hải Phòng: 8.000 đ/lần)',
    '  - Hộ chiếu/thẻ căn cước hoặc giấy tờ tùy thân có ảnh của người đi khai tử [bắt buộc / mandatory]: 1 × bản chính / original — tra cứu Cơ sở dữ liệu quốc gia về dân cư / looked up in National population database; nộp giấy nếu tra cứu không được / paper if the look-up fails',
    'Nguồn / Source: https://dichvucong.gov.vn/tim-kiem-thu-tuc-hanh-chinh?formalityId=019d2bfd-3fac-7489-b53b-9c6c958f2da4&formalityCaseId=019d6642-b82d-75cb-b429-16055891d02c (kiểm tra ngày / checked 2026-12-07)',
    'Chưa xác nhận / Unconfirmed: không có / none',
  ]) {
    assert.ok(lines.includes(line), `missing line: ${line}\n${lines.join('\n')}`);
  }
});

test('show lists the unconfirmed fields of a bundled procedure and its working-day time limit', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['show', '1.013967'], io), 0);
  assert.match(out.join('\n'), /^Chưa xác nhận \/ Unconfirmed: code, processingHours, fees, components$/m);
  const days = fakeIo();
  assert.equal(await run(['show', '1.004873'], days.io), 0);
  assert.match(days.out.join('\n'), /^Thời hạn \/ Time limit: 3 ngày làm việc \/ 3 working days$/m);
  assert.match(days.out.join('\n'), /^Giờ chốt \/ Cut-off: không có \/ none$/m);
});

test(
  'show lists the cases of a procedure, and a case code shows the procedure as that case applies it',
  withTemp(async (dir) => {
    const file = writeCatalog(dir, [
      procedure({
        components: [
          { id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true },
          { id: 'bien-ban', name: 'Biên bản trẻ bị bỏ rơi', accepted: ['original'], count: 1, mandatory: true, condition: { when: 'case', cases: ['02'] } },
        ],
        cases: [
          { suffix: '01', name: 'Trẻ có giấy chứng sinh' },
          { suffix: '02', name: 'Trẻ bị bỏ rơi', processingHours: 40, cutoff: null },
        ],
      }),
    ]);
    const all = fakeIo();
    assert.equal(await run(['show', '1.001193', '--catalog', file], all.io), 0);
    const text = all.out.join('\n');
    assert.match(
      text,
      /^Các trường hợp \/ Cases:\n {2}- 1\.001193\.01 — Trẻ có giấy chứng sinh\n {2}- 1\.001193\.02 — Trẻ bị bỏ rơi \(thời hạn \/ time limit: 5 ngày làm việc\)$/m,
    );
    assert.match(text, /^ {2}- Biên bản trẻ bị bỏ rơi .*\(chỉ trường hợp \/ only in case 02\)$/m, 'no case picked: listed with its condition');
    const one = fakeIo();
    assert.equal(await run(['show', '1.001193.02', '--catalog', file], one.io), 0);
    const shown = one.out.join('\n');
    assert.match(shown, /^Trường hợp \/ Case: 1\.001193\.02 — Trẻ bị bỏ rơi$/m);
    assert.match(shown, /^Thời hạn \/ Time limit: 5 ngày làm việc \/ 5 working days$/m);
    const json = fakeIo();
    assert.equal(await run(['show', '1.001193.01', '--json', '--catalog', file], json.io), 0);
    const [p] = JSON.parse(json.out.join('')) as Procedure[];
    assert.equal(p?.chosenCase, '01');
    assert.deepEqual(
      p?.components.map((c) => c.id),
      ['to-khai'],
      "case 01 does not ask for case 02's paper",
    );
  }),
);

test(
  'show --at DATE prints only the version in force that day; a date with none, or not a date, is refused in both languages',
  withTemp(async (dir) => {
    const file = writeCatalog(dir, [
      procedure({ processingHours: 0, effectiveTo: '2027-02-28' }),
      procedure({ processingHours: 16, effectiveFrom: '2027-03-01' }),
      procedure({ code: '2.000815', name: 'Chứng thực bản sao', effectiveFrom: '2027-06-01' }),
    ]);
    const before = fakeIo();
    assert.equal(await run(['show', '1.001193', '--at', '2027-02-28', '--catalog', file], before.io), 0);
    assert.equal(before.out.join('\n').split('\n\n').length, 1, 'one version');
    assert.match(before.out.join('\n'), /^Hiệu lực \/ In force: … – 2027-02-28$/m);
    const after = fakeIo();
    assert.equal(await run(['show', '1.001193', '--at', '2027-03-01', '--json', '--catalog', file], after.io), 0);
    const versions = JSON.parse(after.out.join('')) as Procedure[];
    assert.deepEqual(
      versions.map((p) => [p.effectiveFrom, p.processingHours]),
      [['2027-03-01', 16]],
    );
    const none = fakeIo();
    assert.equal(await run(['show', '2.000815', '--at', '2027-03-01', '--catalog', file], none.io), 1);
    assert.deepEqual(none.err, [
      'Ngày 2027-03-01 không có phiên bản nào của "2.000815" có hiệu lực (có: 2027-06-01 – …).',
      'No version of "2.000815" is in force on 2027-03-01 (there are: 2027-06-01 – …).',
    ]);
    const bad = fakeIo();
    assert.equal(await run(['show', '1.001193', '--at', '2027-02-30', '--catalog', file], bad.io), 2);
    assert.deepEqual(bad.err, ['--at cần một ngày dạng YYYY-MM-DD, không phải "2027-02-30".', '--at needs a date YYYY-MM-DD, not "2027-02-30".']);
  }),
);

test(
  'show --catalog reads another file: a case code, an hours-based time limit and every version of the code with its range',
  withTemp(async (dir) => {
    const file = writeCatalog(dir, [
      procedure({ code: '1.001193.01', processingHours: 4, cutoff: null, effectiveTo: '2027-02-28' }),
      procedure({ code: '1.001193.01', processingHours: 16, effectiveFrom: '2027-03-01', fees: [] }),
    ]);
    const { io, out } = fakeIo();
    assert.equal(await run(['show', '1.001193.01', '--catalog', file], io), 0);
    const [older, newer] = out.join('\n').split('\n\n');
    assert.match(older!, /^Mã thủ tục \/ Code: 1\.001193$/m);
    assert.match(older!, /^Mã trường hợp \/ Case code: 1\.001193\.01$/m);
    assert.match(older!, /^Hiệu lực \/ In force: … – 2027-02-28$/m);
    assert.match(older!, /^Thời hạn \/ Time limit: 4 giờ làm việc \/ 4 working hours$/m);
    assert.match(
      older!,
      /^ {2}- Văn bản ủy quyền \[không bắt buộc \/ optional\]: 2 × bản chính \/ original, bản sao chứng thực \/ certified copy\n {6}Khi ủy quyền$/m,
    );
    assert.match(newer!, /^Hiệu lực \/ In force: 2027-03-01 – …$/m);
    assert.match(newer!, /^Thời hạn \/ Time limit: 2 ngày làm việc \/ 2 working days$/m);
    assert.match(newer!, /^Phí, lệ phí \/ Fees: không có \/ none$/m);
  }),
);

test('show --json prints the same procedure as JSON, with its time limit in both languages', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['show', '--json', '1.000656'], io), 0);
  const [p, ...more] = JSON.parse(out.join('\n')) as (Procedure & { timeLimit: { vi: string; en: string } })[];
  assert.deepEqual(more, []);
  const bundled = (JSON.parse(readFileSync(BUNDLED, 'utf8')) as Catalog).procedures.find((q) => q.code === '1.000656')!;
  assert.deepEqual(p, {
    ...bundled,
    timeLimit: { vi: 'Trong ngày (nhận sau 15:00: trong ngày làm việc tiếp theo)', en: 'Same day (received after 15:00: within the next working day)' },
  });
});

test('show with an unknown code exits 1 saying so in both languages', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['show', '9.999999'], io), 1);
  assert.deepEqual(out, []);
  assert.deepEqual(err, ['Không có thủ tục nào khớp "9.999999" trong danh mục.', 'No procedure matches "9.999999" in the catalogue.']);
});

test('show with a name or a partial code that matches several lists the candidates and exits 1', async () => {
  const { io, out, err } = fakeIo();
  assert.equal(await run(['show', 'dang', 'ky', 'khai', 'sinh'], io), 1);
  assert.deepEqual(out, []);
  const text = err.join('\n');
  assert.match(text, /"dang ky khai sinh" khớp \d+ thủ tục; hãy ghi một mã:/);
  assert.match(text, /"dang ky khai sinh" matches \d+ procedures; give one code:/);
  assert.match(text, /^ {2}1\.001193 — Đăng ký khai sinh$/m);
  assert.match(text, /^ {2}1\.003583 — Đăng ký khai sinh lưu động$/m);

  const partial = fakeIo();
  assert.equal(await run(['show', '2.000'], partial.io), 1);
  assert.match(partial.err.join('\n'), /^ {2}2\.000815 — /m);
  assert.match(partial.err.join('\n'), /^ {2}2\.000884 — /m);
});

test('show with a partial code or a name that matches one procedure shows it', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['show', 'khai sinh lưu động'], io), 0);
  assert.equal(out.join('\n').split('\n')[0], '1.003583 — Đăng ký khai sinh lưu động');
  // Digits read off a paper, without the leading "1.", as at the reception desk.
  const digits = fakeIo();
  assert.equal(await run(['show', '001193'], digits.io), 0);
  assert.equal(digits.out.join('\n').split('\n')[0], '1.001193 — Đăng ký khai sinh');
});

test(
  'show --catalog with an ANSI file exits 1 naming the encoding, and with a missing file exits 2',
  withTemp(async (dir) => {
    const ansi = join(dir, 'ansi.json');
    writeFileSync(ansi, toWindows1258(readFileSync(BUNDLED, 'utf8')));
    const bad = fakeIo();
    assert.equal(await run(['show', '1.001193', '--catalog', ansi], bad.io), 1);
    assert.deepEqual(bad.out, []);
    assert.match(bad.err.join('\n'), /Windows-1258\/1252 \(ANSI\)/);
    const missing = fakeIo();
    assert.equal(await run(['show', '1.001193', '--catalog', join(dir, 'absent.json')], missing.io), 2);
    assert.match(missing.err.join('\n'), /file not found/);
  }),
);

test('show prints a per-page fee with its tiers and cap', async () => {
  const { io, out } = fakeIo();
  assert.equal(await run(['show', '2.000815'], io), 0);
  const lines = out.join('\n').split('\n');
  const line =
    '  - 2.000 đ/trang từ trang 1 / a page from page 1, 1.000 đ/trang từ trang 3 / a page from page 3, tối đa / at most 200.000 đ/bản / a copy: Phí chứng thực bản sao từ bản chính, mỗi bản (TT 226/2016/TT-BTC)';
  assert.ok(lines.includes(line), lines.join('\n'));
});
