import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parseCatalog } from './validate.ts';
import { browseProcedures, matchTier, MatchTier, searchProcedures, summarizeUsage, type ProcedureUsage } from './procedureSearch.ts';
import type { Procedure } from '../model.ts';

// In code order, as the desk's procedures table gives them back (its primary key), not in the
// catalogue file's order, which happens to put the plain procedures first.
const procedures = parseCatalog(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8')).procedures.sort((a, b) => (a.code < b.code ? -1 : 1));
const NONE: ProcedureUsage = new Map();

const codes = (q: string, usage = NONE, limit = 20) => searchProcedures(procedures, q, { usage, limit }).map((p) => p.code);
const BIRTH = '1.001193';
const BIRTH_WITH_PARENTS = '1.000689';
const LATE_BIRTH = '1.004884';
const MOBILE_BIRTH = '1.003583';
const BIRTH_FROM_PAPERS = '1.004772';
const MARRIAGE = '1.000894';
const MOBILE_MARRIAGE = '1.000593';

const uses = (...list: Array<[code: string, receivedAt: string]>) => summarizeUsage(list.map(([procedureCode, receivedAt]) => ({ procedureCode, receivedAt })));

test('"khai sinh" puts Đăng ký khai sinh first, above its longer variants', () => {
  assert.equal(codes('khai sinh')[0], BIRTH);
  assert.equal(codes('Khai Sinh'.normalize('NFD'))[0], BIRTH);
  assert.equal(codes('khai sinh')[1], LATE_BIRTH, 'Đăng ký lại khai sinh also ends with the words typed');
  // "…khai sinh cho người đã có hồ sơ", "…khai sinh kết hợp…", "…khai sinh lưu động": by name when unused.
  assert.deepEqual(codes('khai sinh').slice(2, 5), [BIRTH_FROM_PAPERS, BIRTH_WITH_PARENTS, MOBILE_BIRTH], 'then the names that go on after them');
  assert.equal(codes('ket hon')[0], MARRIAGE);
});

test('a heavy use of a variant does not push the plain procedure down for "khai sinh"', () => {
  const usage = uses([BIRTH_WITH_PARENTS, '2026-12-01T08:00:00+07:00'], [BIRTH_WITH_PARENTS, '2026-12-02T08:00:00+07:00']);
  assert.equal(codes('khai sinh', usage)[0], BIRTH);
  assert.deepEqual(codes('khai sinh', usage).slice(2, 5), [BIRTH_WITH_PARENTS, BIRTH_FROM_PAPERS, MOBILE_BIRTH]);
  const mobile = uses([MOBILE_BIRTH, '2026-12-01T08:00:00+07:00']);
  assert.deepEqual(
    codes('khai sinh', mobile).slice(2, 5),
    [MOBILE_BIRTH, BIRTH_FROM_PAPERS, BIRTH_WITH_PARENTS],
    'among equal matches, the one this desk uses first',
  );
});

test('the whole name, with or without diacritics or case, is an exact match', () => {
  for (const q of ['Đăng ký khai sinh', 'dang ky khai sinh', 'DANG KY KHAI SINH', '  đăng   ký khai sinh ']) {
    assert.equal(
      matchTier(
        procedures.find((p) => p.code === BIRTH)!,
        q,
      ),
      MatchTier.Exact,
      q,
    );
    assert.equal(codes(q)[0], BIRTH, q);
  }
  // đ folds to d, so "dang" finds "Đăng" and "đang" finds "Dang".
  assert.equal(codes('đang ky ket hon')[0], MARRIAGE);
});

test('part of a code finds it: any run of its digits, with or without the dots', () => {
  for (const q of ['001193', '1.001193', '1001193', '01193', '1193', ' 1.001193 ']) assert.equal(codes(q)[0], BIRTH, q);
  assert.deepEqual(codes('1.001193'), [BIRTH], 'the whole code finds only itself');
  assert.deepEqual(codes('001193'), [BIRTH]);
  // A prefix finds its family; prefixes come before runs found inside other codes.
  const family = codes('2.000', NONE, 50);
  assert.ok(family.length >= 4);
  const firstInside = family.findIndex((c) => !c.replace('.', '').startsWith('2000'));
  assert.ok(family.slice(0, firstInside === -1 ? undefined : firstInside).every((c) => c.startsWith('2.000')));
  assert.deepEqual(codes('999999'), []);
});

test('the desk\u2019s shorthand: the initials of the words, without diacritics', () => {
  assert.equal(codes('dkks')[0], BIRTH);
  assert.equal(codes('DKKS')[0], BIRTH);
  assert.deepEqual(codes('dkkh').slice(0, 2), [MARRIAGE, MOBILE_MARRIAGE]);
  // "ct": Chứng thực, as the names start and as the field is called.
  const certification = procedures.filter((p) => p.field === 'Chứng thực').map((p) => p.code);
  assert.ok(certification.length >= 6);
  assert.deepEqual(codes('ct', NONE, 50).slice(0, certification.length).sort(), [...certification].sort());
  // The words themselves still win over initials: "kh" starts "khai", "khuyết"…
  assert.equal(
    matchTier(
      procedures.find((p) => p.code === BIRTH)!,
      'kh',
    ),
    MatchTier.Phrase,
  );
});

test('every typed word must start some word, so a mistyped word finds nothing', () => {
  assert.deepEqual(codes('khai sinh xyz'), []);
  assert.deepEqual(codes('inh'), [], '"inh" is inside "sinh" but starts no word and is no run of initials');
  const found = searchProcedures(procedures, 'bao tro xa hoi', { limit: 50 });
  assert.ok(found.length >= 3);
  assert.ok(
    found.every((p) => p.field === 'Bảo trợ xã hội'),
    'a field name finds its procedures',
  );
});

test('ties are broken by this desk\u2019s use: more often first, then more recently, then by name', () => {
  const dangKy = codes('dang ky', NONE, 50);
  // With no use, by name: "Đăng ký giám hộ" sorts with "dang ky giam ho".
  assert.equal(searchProcedures(procedures, 'dang ky', { limit: 1 })[0]!.name, 'Đăng ký giám hộ');
  assert.ok(dangKy.length >= 9);
  const usage = uses(
    [MARRIAGE, '2026-12-01T08:00:00+07:00'],
    [MARRIAGE, '2026-12-01T09:00:00+07:00'],
    ['1.000656', '2026-12-03T08:00:00+07:00'],
    [BIRTH, '2026-12-02T08:00:00+07:00'],
  );
  assert.deepEqual(codes('dang ky', usage).slice(0, 3), [MARRIAGE, '1.000656', BIRTH]);
});

test('a field lists all its procedures, and a query searches within it', () => {
  const usage = uses(['2.001019', '2026-12-01T08:00:00+07:00']);
  const all = searchProcedures(procedures, '', { field: 'Chứng thực', usage, limit: 100 });
  assert.equal(all.length, procedures.filter((p) => p.field === 'Chứng thực').length);
  assert.equal(all[0]!.code, '2.001019', 'the one this desk uses first');
  assert.ok(all.every((p) => p.field === 'Chứng thực'));
  assert.deepEqual(
    searchProcedures(procedures, 'ban sao', { field: 'Chứng thực' }).map((p) => p.code),
    ['2.000908', '2.000815'],
  );
  assert.deepEqual(searchProcedures(procedures, 'khai sinh', { field: 'Chứng thực' }), []);
});

test('the limit is honoured and an empty query finds nothing', () => {
  assert.equal(codes('dang ky', NONE, 3).length, 3);
  assert.deepEqual(codes('   '), []);
  assert.deepEqual(codes('khai', NONE, 0), []);
});

test('an empty search offers recent and frequent procedures and every field', () => {
  const usage = uses(
    [MARRIAGE, '2026-12-01T08:00:00+07:00'],
    [MARRIAGE, '2026-12-01T09:00:00+07:00'],
    [MARRIAGE, '2026-12-01T10:00:00+07:00'],
    ['2.000815', '2026-12-02T08:00:00+07:00'],
    ['2.000815', '2026-12-02T09:00:00+07:00'],
    [BIRTH, '2026-12-04T08:00:00+07:00'],
    ['1.000656', '2026-12-03T08:00:00+07:00'],
    ['not-in-catalogue', '2026-12-05T08:00:00+07:00'],
  );
  const browse = browseProcedures(procedures, usage, { recent: 2, frequent: 5 });
  assert.deepEqual(
    browse.recent.map((p) => p.code),
    [BIRTH, '1.000656'],
  );
  assert.deepEqual(
    browse.frequent.map((p) => p.code),
    [MARRIAGE, '2.000815'],
  );
  // Counted from the file, not written out: the bundled catalogue grows as procedures are sourced.
  const counts = new Map<string, number>();
  for (const p of procedures) counts.set(p.field, (counts.get(p.field) ?? 0) + 1);
  const bySize = [...counts].sort(([a, m], [b, n]) => n - m || a.localeCompare(b, 'vi'));
  assert.deepEqual(
    browse.fields.map((f) => f.field),
    ['Hộ tịch', 'Chứng thực', ...bySize.map(([f]) => f).filter((f) => f !== 'Hộ tịch' && f !== 'Chứng thực')],
    'the used fields first (five dossiers in Hộ tịch, two in Chứng thực), then the larger, then by name',
  );
  assert.equal(browse.fields[0]!.procedures, counts.get('Hộ tịch'));
  assert.ok(browse.fields[0]!.procedures >= 12);

  const fresh = browseProcedures(procedures, NONE);
  assert.deepEqual([fresh.recent, fresh.frequent], [[], []]);
  assert.deepEqual(
    fresh.fields.map((f) => [f.field, f.procedures]),
    bySize,
    'a new desk: the larger fields first, then by name',
  );
});

test('summarizeUsage counts dossiers and keeps the latest time, whatever the order', () => {
  const usage = uses([BIRTH, '2026-12-02T08:00:00+07:00'], [BIRTH, '2026-12-01T08:00:00+07:00'], [MARRIAGE, '2026-12-01T08:00:00+07:00']);
  assert.deepEqual(usage.get(BIRTH), { count: 2, lastAt: '2026-12-02T08:00:00+07:00' });
  assert.deepEqual(usage.get(MARRIAGE), { count: 1, lastAt: '2026-12-01T08:00:00+07:00' });
});

test('tiers, on made-up names: exact > leading > phrase to the end > phrase > words > field words > initials > code', () => {
  const make = (code: string, name: string, field = 'Hộ tịch'): Procedure => ({
    code,
    name,
    field,
    level: 'commune',
    processingHours: 0,
    cutoff: null,
    fees: [],
    components: [{ id: 'a', name: 'a', accepted: ['original'], count: 1, mandatory: true }],
    source: { url: 'https://x.vn', retrieved: '2026-12-07' },
  });
  const list = [
    make('9.000007', 'Sinh hoạt khai báo'),
    make('9.000006', 'Khai báo sinh'),
    make('9.000005', 'Đăng ký khai sinh lưu động'),
    make('9.000004', 'Đăng ký khai sinh'),
    make('9.000003', 'Khai sinh cho trẻ'),
    make('9.000002', 'Khai sinh'),
  ];
  const tiers = (q: string) => list.map((p) => [p.code, matchTier(p, q)]).filter(([, t]) => t !== null);
  assert.deepEqual(
    searchProcedures(list, 'khai sinh').map((p) => p.code),
    ['9.000002', '9.000003', '9.000004', '9.000005', '9.000006', '9.000007'],
  );
  assert.deepEqual(Object.fromEntries(tiers('khai sinh')), {
    '9.000002': MatchTier.Exact,
    '9.000003': MatchTier.Leading,
    '9.000004': MatchTier.PhraseEnd,
    '9.000005': MatchTier.Phrase,
    '9.000006': MatchTier.NameWords,
    '9.000007': MatchTier.NameWords,
  });
  assert.equal(matchTier(make('9.1', 'Giám hộ', 'Hộ tịch'), 'ho tich'), MatchTier.OtherWords);
  assert.equal(matchTier(list[3]!, 'dkks'), MatchTier.InitialsExact);
  assert.equal(matchTier(list[2]!, 'dkks'), MatchTier.InitialsPrefix);
  assert.equal(matchTier(list[2]!, 'ksl'), MatchTier.InitialsInside);
  assert.equal(matchTier(make('9.2', 'Hỗ trợ mai táng', 'Bảo trợ xã hội'), 'ht'), MatchTier.InitialsPrefix);
  assert.equal(matchTier(list[1]!, 'ht'), MatchTier.FieldInitials);
  assert.equal(matchTier(list[1]!, '9.000006'), MatchTier.Exact);
  assert.equal(matchTier(list[1]!, '9.00'), MatchTier.CodePrefix);
  assert.equal(matchTier(list[1]!, '006'), MatchTier.CodeInside);
  assert.equal(matchTier(list[1]!, 'k'), MatchTier.Leading, 'one letter is a word prefix, never initials');
  assert.equal(matchTier(list[3]!, 'd'), MatchTier.Leading);
  assert.equal(matchTier(list[1]!, 'x'), null);
});
