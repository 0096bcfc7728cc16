import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DeskError } from '../errors.ts';
import type { Catalog } from '../model.ts';
import { parseCatalog, formatPath } from './validate.ts';

const BUNDLED = readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8');

/** A small valid catalogue that each bad-file case breaks in one place. */
function good(): Catalog {
  return {
    version: 'test-1',
    effectiveFrom: '2026-11-23',
    procedures: [
      {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        level: 'commune',
        processingHours: 0,
        cutoff: '15:00',
        fees: [{ amount: 0, label: 'Miễn', channels: ['direct', 'online', 'post'] }],
        components: [
          { id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true },
          { id: 'chung-sinh', name: 'Giấy chứng sinh', accepted: ['original'], count: 1, mandatory: true },
        ],
        source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-11-23' },
      },
      {
        code: '2.000815',
        name: 'Chứng thực bản sao từ bản chính',
        field: 'Chứng thực',
        level: 'commune',
        processingHours: 0,
        cutoff: null,
        fees: [{ amount: 2000, label: '2.000 đ/trang', channels: ['direct', 'post'] }],
        components: [{ id: 'ban-chinh', name: 'Bản chính', accepted: ['original'], count: 1, mandatory: true }],
        source: { url: 'https://dichvucong.gov.vn/y', retrieved: '2026-11-23' },
        unconfirmed: ['fees'],
      },
    ],
  };
}

/** Asserts the text is refused with a DeskError whose both languages name the path. */
function refused(text: string, path: string): DeskError {
  let caught: unknown;
  try {
    parseCatalog(text);
  } catch (e) {
    caught = e;
  }
  assert.ok(caught instanceof DeskError, `expected a DeskError, got ${String(caught)}`);
  assert.equal(caught.code, 'catalog.invalid');
  assert.ok(caught.text.vi.includes(path), `vi message lacks "${path}":\n${caught.text.vi}`);
  assert.ok(caught.text.en.includes(path), `en message lacks "${path}":\n${caught.text.en}`);
  return caught;
}

function broken(edit: (c: any) => void): string {
  const c = good();
  edit(c);
  return JSON.stringify(c);
}

test('the bundled catalogue validates, with at least 25 procedures', () => {
  const c = parseCatalog(BUNDLED);
  assert.ok(c.procedures.length >= 25, `only ${c.procedures.length} procedures`);
  assert.match(c.version, /^2026\.11/);
});

test('every bundled procedure has a unique code and a sourced, dated origin', () => {
  const c = parseCatalog(BUNDLED);
  assert.equal(new Set(c.procedures.map((p) => p.code)).size, c.procedures.length);
  for (const p of c.procedures) {
    assert.match(p.source.url, /^https?:\/\//, p.code);
    // Gathered 2026-11-23; entries re-sourced or added in December carry the day they were checked.
    assert.ok(['2026-11-23', '2026-12-07'].includes(p.source.retrieved), `${p.code}: ${p.source.retrieved}`);
    // An unconfirmed figure must say why, or the officer cannot judge it.
    if (p.unconfirmed?.length) assert.ok(p.source.note && p.source.note.length > 20, `${p.code} lacks a note`);
  }
});

test('the bundled catalogue holds the anchor procedures the desk is built around', () => {
  const byCode = new Map(parseCatalog(BUNDLED).procedures.map((p) => [p.code, p]));
  const birth = byCode.get('1.001193');
  assert.ok(birth);
  assert.equal(birth.processingHours, 0);
  assert.equal(birth.cutoff, '15:00');
  assert.ok(byCode.has('1.000894'), 'đăng ký kết hôn');
  assert.ok(byCode.has('2.000815'), 'chứng thực bản sao');
  const fields = new Set([...byCode.values()].map((p) => p.field));
  for (const f of ['Hộ tịch', 'Chứng thực', 'Bảo trợ xã hội', 'Đất đai', 'Người có công']) assert.ok(fields.has(f), f);
});

test('every bundled same-day procedure has its cut-off, or says it is unconfirmed', () => {
  const sameDay = parseCatalog(BUNDLED).procedures.filter((p) => p.processingHours === 0);
  assert.deepEqual(sameDay.map((p) => p.code).sort(), ['1.000656', '1.000894', '1.001193', '2.000635', '2.000815', '2.000884', '2.000908']);
  // Without a source for it, no 15:00 is invented: the desk's cut-off setting applies.
  for (const p of sameDay) assert.ok(p.cutoff !== null || p.unconfirmed?.includes('cutoff'), p.code);
});

test('a small valid catalogue is returned as parsed', () => {
  assert.deepEqual(parseCatalog(JSON.stringify(good())), good());
});

test('invalid JSON is refused with a bilingual message', () => {
  const e = refused('{ "version": ', '(file)');
  assert.match(e.text.vi, /JSON/);
  assert.match(e.text.en, /invalid JSON/);
});

test('an unknown key is refused', () => {
  refused(
    broken((c) => (c.procedures[1].components[0].colour = 'red')),
    'procedures[1].components[0]',
  );
  refused(
    broken((c) => (c.extra = 1)),
    '(file)',
  );
});

test('a malformed procedure code is refused', () => {
  refused(
    broken((c) => (c.procedures[0].code = '1001193')),
    'procedures[0].code',
  );
  refused(
    broken((c) => (c.procedures[0].code = '1.00119')),
    'procedures[0].code',
  );
});

test('local code suffixes are accepted', () => {
  const c = good();
  c.procedures[0]!.code = '2.000815.000.00.00.H55';
  c.procedures[1]!.code = '1.000948.H38';
  assert.equal(parseCatalog(JSON.stringify(c)).procedures[0]!.code, '2.000815.000.00.00.H55');
});

test('negative processing hours are refused', () => {
  refused(
    broken((c) => (c.procedures[1].processingHours = -8)),
    'procedures[1].processingHours',
  );
});

test('duplicate procedure codes are refused, naming the second one', () => {
  refused(
    broken((c) => (c.procedures[1].code = '1.001193')),
    'procedures[1].code',
  );
});

test('duplicate component ids within a procedure are refused', () => {
  const e = refused(
    broken((c) => (c.procedures[0].components[1].id = 'to-khai')),
    'procedures[0].components[1].id',
  );
  assert.match(e.text.en, /duplicate component id "to-khai"/);
});

test('the same component id in two procedures is fine', () => {
  assert.doesNotThrow(() => parseCatalog(broken((c) => (c.procedures[1].components[0].id = 'to-khai'))));
});

test('a procedure without components is refused', () => {
  refused(
    broken((c) => (c.procedures[0].components = [])),
    'procedures[0].components',
  );
});

test('a malformed cut-off is refused', () => {
  for (const bad of ['3pm', '15h00', '24:00', '15:60', '5:00']) {
    refused(
      broken((c) => (c.procedures[0].cutoff = bad)),
      'procedures[0].cutoff',
    );
  }
});

test('bad component counts, kinds and fees are refused with their paths', () => {
  refused(
    broken((c) => (c.procedures[1].components[0].count = 0)),
    'procedures[1].components[0].count',
  );
  refused(
    broken((c) => (c.procedures[1].components[0].count = 1.5)),
    'procedures[1].components[0].count',
  );
  refused(
    broken((c) => (c.procedures[0].components[0].accepted = ['scan'])),
    'procedures[0].components[0].accepted[0]',
  );
  refused(
    broken((c) => (c.procedures[0].components[0].accepted = [])),
    'procedures[0].components[0].accepted',
  );
  refused(
    broken((c) => (c.procedures[1].fees[0].amount = -1)),
    'procedures[1].fees[0].amount',
  );
});

test('bad sources and dates are refused', () => {
  refused(
    broken((c) => (c.procedures[0].source.url = 'not a url')),
    'procedures[0].source.url',
  );
  refused(
    broken((c) => (c.procedures[0].source.retrieved = '2026-02-30')),
    'procedures[0].source.retrieved',
  );
  refused(
    broken((c) => (c.effectiveFrom = '23/11/2026')),
    'effectiveFrom',
  );
});

test('one bad procedure refuses the whole file and every problem is listed', () => {
  const text = broken((c) => {
    c.procedures[0].cutoff = '25:00';
    c.procedures[1].components[0].count = 0;
  });
  const e = refused(text, 'procedures[0].cutoff');
  assert.ok(e.text.en.includes('procedures[1].components[0].count'));
  assert.match(e.text.vi, /không nạp phần nào/);
});

test('paths are written the way the officer reads them', () => {
  assert.equal(formatPath(['procedures', 3, 'components', 0, 'count']), 'procedures[3].components[0].count');
  assert.equal(formatPath([]), '(file)');
});

test('names with controls, bidi overrides or only blanks are refused, each language in its own list', () => {
  const e = refused(
    broken((c) => {
      c.procedures[0].name = 'Đăng ký \u202ehnis iahk';
      c.procedures[0].components[1].name = 'Giấy\u0000 chứng sinh';
      c.procedures[1].field = ' \u00a0 ';
      c.procedures[1].fees[0].label = '2.000\u200b đ';
    }),
    'procedures[0].name',
  );
  assert.match(e.text.vi, /procedures\[0\]\.name: Tên chứa ký tự điều khiển chiều văn bản \(bidi\) U\+202E/);
  assert.match(e.text.en, /procedures\[0\]\.name: The name contains the bidirectional control character U\+202E/);
  assert.match(e.text.en, /procedures\[0\]\.components\[1\]\.name: .*U\+0000/);
  assert.match(e.text.en, /procedures\[1\]\.field: The name is required/);
  assert.match(e.text.vi, /procedures\[1\]\.fees\[0\]\.label: Tên chứa ký tự vô hình U\+200B/);
  assert.ok(!/[\u0000\u200b\u202e]/.test(e.text.vi + e.text.en), 'no raw invisible character in the message');
});

test('names typed in NFD with doubled blanks are stored NFC and single-spaced', () => {
  const c = parseCatalog(broken((c) => (c.procedures[0].name = ' Đăng  ký khai\u00a0sinh '.normalize('NFD'))));
  assert.equal(c.procedures[0]!.name, 'Đăng ký khai sinh'.normalize('NFC'));
});

/** Two versions of the birth registration around Luật Hộ tịch 03/2026/QH16's start (a test fixture, not bundled data). */
function twoVersions(oldTo: string, newFrom: string) {
  return (c: any) => {
    c.procedures[0].effectiveTo = oldTo;
    c.procedures.push({ ...c.procedures[0], effectiveTo: undefined, effectiveFrom: newFrom, processingHours: 8 });
  };
}

test('versions of one code that meet without overlapping are accepted', () => {
  const c = parseCatalog(broken(twoVersions('2027-02-28', '2027-03-01')));
  assert.deepEqual(
    c.procedures.filter((p) => p.code === '1.001193').map((p) => [p.effectiveFrom, p.effectiveTo]),
    [
      [undefined, '2027-02-28'],
      ['2027-03-01', undefined],
    ],
  );
});

test('overlapping versions of one code are refused, naming the code and both ranges in both languages', () => {
  const e = refused(broken(twoVersions('2027-03-01', '2027-03-01')), 'procedures[2].code');
  assert.match(e.text.vi, /thủ tục "1\.001193" có hai phiên bản cùng hiệu lực: procedures\[0\] \(… – 2027-03-01\) và procedures\[2\] \(2027-03-01 – …\)/);
  assert.match(e.text.en, /procedure "1\.001193" has two versions in force at once: procedures\[0\] \(… – 2027-03-01\) and procedures\[2\] \(2027-03-01 – …\)/);
});

test('a version that ends before it starts is refused', () => {
  const e = refused(
    broken((c) => Object.assign(c.procedures[0], { effectiveFrom: '2027-03-01', effectiveTo: '2027-02-28' })),
    'procedures[0].effectiveTo',
  );
  assert.match(e.text.vi, /ngày hết hiệu lực 2027-02-28 trước ngày có hiệu lực 2027-03-01/);
});

test('an unconfirmed entry that names no field of a procedure is refused', () => {
  const e = refused(
    broken((c) => (c.procedures[1].unconfirmed = ['fee'])),
    'procedures[1].unconfirmed[0]',
  );
  assert.match(e.text.en, /expected one of code, name, field/);
});

test('a fee without a channel is refused, naming the procedure and the fee in both languages', () => {
  const e = refused(
    broken((c) => delete c.procedures[1].fees[0].channels),
    'procedures[1].fees[0].channels',
  );
  assert.match(e.text.vi, /thủ tục 2\.000815, khoản "2\.000 đ\/trang": chưa ghi kênh nộp/);
  assert.match(e.text.en, /procedure 2\.000815, fee "2\.000 đ\/trang": names no channel/);
  refused(
    broken((c) => (c.procedures[0].fees[0].channels = [])),
    'procedures[0].fees[0].channels',
  );
});

test('an unknown channel or exemption kind is refused in both languages', () => {
  const e = refused(
    broken((c) => {
      c.procedures[0].fees[0].channels = ['fax'];
      c.procedures[1].fees[0].exemptions = [{ when: { applicant: 'student' }, basis: 'NQ 1/2026' }];
    }),
    'procedures[0].fees[0].channels[0]',
  );
  assert.match(e.text.vi, /kênh nộp không có trong danh sách: direct, online, post/);
  assert.match(e.text.en, /procedures\[1\]\.fees\[0\]\.exemptions\[0\]\.when\.applicant: exempt group is not one of disabled/);
  assert.match(e.text.vi, /đối tượng miễn không có trong danh sách/);
});

test('a per-page fee whose tiers do not start at page 1 or whose amount is not page 1 is refused', () => {
  const e = refused(
    broken((c) => (c.procedures[1].fees[0].perPage = { tiers: [{ fromPage: 1, amount: 3000 }], maxPerCopy: 200000 })),
    'procedures[1].fees[0].amount',
  );
  assert.match(e.text.en, /the amount must be the first tier's price of page 1/);
  refused(
    broken((c) => (c.procedures[1].fees[0].perPage = { tiers: [{ fromPage: 2, amount: 2000 }], maxPerCopy: 200000 })),
    'procedures[1].fees[0].perPage',
  );
});

test('an exemption with no condition, or with two, is refused', () => {
  refused(
    broken((c) => (c.procedures[1].fees[0].exemptions = [{ when: {}, basis: 'NQ 1/2026' }])),
    'procedures[1].fees[0].exemptions[0].when',
  );
  refused(
    broken((c) => (c.procedures[1].fees[0].exemptions = [{ when: { applicant: 'disabled', channel: 'online' }, basis: 'NQ 1/2026' }])),
    'procedures[1].fees[0].exemptions[0].when',
  );
});
