import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DeskError } from '../errors.ts';
import type { Catalog, ComponentSpec } from '../model.ts';
import { parseCatalog } from './validate.ts';
import {
  applicableComponents,
  assertLookupAllowed,
  assertSupplementItems,
  defaultSupplementItems,
  entriesOf,
  lookupLine,
  paperRequired,
  stillOwed,
  supplementChoices,
  withDatabaseNames,
} from './componentRules.ts';

const toKhai: ComponentSpec = { id: 'to-khai', name: 'Tờ khai', accepted: ['original'], count: 1, mandatory: true };
const idCard: ComponentSpec = {
  id: 'giay-to-tuy-than',
  name: 'Giấy tờ tùy thân',
  accepted: ['original'],
  count: 1,
  mandatory: true,
  satisfiedBy: 'lookup',
  lookup: { database: 'population', paperIfLookupFails: true },
};
const authorisation: ComponentSpec = {
  id: 'van-ban-uy-quyen',
  name: 'Văn bản ủy quyền',
  accepted: ['original'],
  count: 1,
  mandatory: true,
  condition: { when: 'representative' },
};

/** A catalogue with one look-up and one conditional component; fees left empty so it speaks of components only. */
function catalog(): Catalog {
  return {
    version: 'test-lookups',
    effectiveFrom: '2026-12-07',
    databases: [{ id: 'population', name: { vi: 'Cơ sở dữ liệu quốc gia về dân cư', en: 'National population database' } }],
    procedures: [
      {
        code: '1.001193',
        name: 'Đăng ký khai sinh',
        field: 'Hộ tịch',
        level: 'commune',
        processingHours: 0,
        cutoff: '15:00',
        fees: [],
        // Cloned: the bad-file cases edit the catalogue in place.
        components: structuredClone([toKhai, idCard, authorisation]),
        source: { url: 'https://dichvucong.gov.vn/x', retrieved: '2026-12-07' },
      },
    ],
  };
}

function refusedWith(c: unknown, vi: RegExp, en: RegExp): void {
  assert.throws(
    () => parseCatalog(JSON.stringify(c)),
    (e: unknown) => e instanceof DeskError && vi.test(e.text.vi) && en.test(e.text.en),
  );
}

test('a catalogue with look-ups and conditions is accepted as written', () => {
  assert.deepEqual(parseCatalog(JSON.stringify(catalog())), catalog());
});

test('a catalogue without the new fields stays valid: components are paper and unconditional', () => {
  const c = catalog();
  delete c.databases;
  c.procedures[0]!.components = [toKhai];
  const parsed = parseCatalog(JSON.stringify(c));
  assert.equal(parsed.procedures[0]!.components[0]!.satisfiedBy, undefined);
  assert.deepEqual(applicableComponents(parsed.procedures[0]!.components, { representative: false }), [toKhai]);
  assert.equal(paperRequired(toKhai, undefined), true);
});

test('a condition that refers to nothing is refused, naming the procedure and the component in both languages', () => {
  const c: any = catalog();
  c.procedures[0].components[2].condition = { when: 'guardian' };
  refusedWith(
    c,
    /thủ tục 1\.001193, thành phần "van-ban-uy-quyen": điều kiện "guardian" không tồn tại/,
    /procedure 1\.001193, component "van-ban-uy-quyen": condition "guardian" refers to nothing/,
  );
});

test('a look-up in a database the catalogue does not list is refused', () => {
  const c = catalog();
  c.databases = [];
  refusedWith(
    c,
    /1\.001193.*giay-to-tuy-than.*"population" không có trong danh mục/,
    /1\.001193.*giay-to-tuy-than.*database "population" is not in the catalogue/,
  );
});

test('a look-up without a database, or a database on a paper component, is refused', () => {
  const noDb: any = catalog();
  delete noDb.procedures[0].components[1].lookup;
  refusedWith(noDb, /không nêu cơ sở dữ liệu/, /names no database/);
  const paper: any = catalog();
  paper.procedures[0].components[0].lookup = { database: 'population', paperIfLookupFails: false };
  refusedWith(paper, /to-khai.*không tra cứu/, /to-khai.*not looked up/);
});

test('the authorisation letter applies only when someone files on the applicant’s behalf', () => {
  const specs = catalog().procedures[0]!.components;
  assert.deepEqual(
    applicableComponents(specs, { representative: false }).map((s) => s.id),
    ['to-khai', 'giay-to-tuy-than'],
  );
  assert.deepEqual(
    applicableComponents(specs, { representative: true }).map((s) => s.id),
    ['to-khai', 'giay-to-tuy-than', 'van-ban-uy-quyen'],
  );
});

test('a look-up component needs its paper only once the look-up found nothing', () => {
  for (const outcome of [undefined, 'pending', 'found', 'could-not-check'] as const) assert.equal(paperRequired(idCard, outcome), false, String(outcome));
  assert.equal(paperRequired(idCard, 'not-found'), true);
  const noFallback: ComponentSpec = { ...idCard, lookup: { database: 'population', paperIfLookupFails: false } };
  assert.equal(paperRequired(noFallback, 'not-found'), false);
});

test('a look-up result for a component that is not looked up is refused in both languages', () => {
  const procedure = catalog().procedures[0]!;
  assert.doesNotThrow(() => assertLookupAllowed(procedure, 'giay-to-tuy-than'));
  assert.throws(
    () => assertLookupAllowed(procedure, 'to-khai'),
    (e: unknown) => e instanceof DeskError && e.code === 'lookup.not-lookup' && /Tờ khai/.test(e.text.vi) && /not looked up/.test(e.text.en),
  );
});

test('the bundled catalogue looks up identity papers and the marital-status certificate, and conditions the authorisation letter', () => {
  const bundled = JSON.parse(readFileSync(new URL('./default-catalog.json', import.meta.url), 'utf8')) as Catalog;
  const spec = (code: string, id: string) => bundled.procedures.find((p) => p.code === code)?.components.find((k) => k.id === id);
  assert.deepEqual(new Set(bundled.databases?.map((d) => d.id)), new Set(['population', 'civil-status', 'land']));
  for (const code of ['1.001193', '1.000894']) {
    assert.equal(spec(code, 'giay-to-tuy-than')?.lookup?.database, 'population', code);
    assert.match(spec(code, 'giay-to-tuy-than')?.basis?.text ?? '', /18\/2026/);
  }
  const marital = spec('1.000894', 'xac-nhan-hon-nhan');
  assert.equal(marital?.lookup?.database, 'civil-status');
  assert.match(marital?.basis?.text ?? '', /07\/2025/);
  assert.equal(marital?.basis?.checked, '2026-12-07');
  const letters = bundled.procedures.flatMap((p) => p.components.filter((k) => k.id === 'van-ban-uy-quyen'));
  assert.ok(letters.length >= 5);
  for (const k of letters) assert.deepEqual(k.condition, { when: 'representative' });
});

test('a stored component is owed on Mẫu 02 only if not handed in and not a look-up still standing', () => {
  const lookup = (outcome: 'found' | 'not-found' | 'pending' | 'could-not-check') => ({
    database: 'population',
    databaseName: 'Cơ sở dữ liệu quốc gia về dân cư',
    numberGiven: '001090123456',
    outcome,
    at: '2026-12-07T09:00:00+07:00',
    officerId: 'o1',
  });
  assert.equal(stillOwed({ received: false }), true);
  assert.equal(stillOwed({ received: true }), false);
  for (const o of ['found', 'pending', 'could-not-check'] as const) assert.equal(stillOwed({ received: false, lookup: lookup(o) }), false, o);
  assert.equal(stillOwed({ received: false, lookup: lookup('not-found') }), true);
  assert.equal(lookupLine(lookup('pending')), 'Tra cứu Cơ sở dữ liệu quốc gia về dân cư — chờ tra cứu');
  assert.equal(lookupLine(lookup('found')), 'Tra cứu Cơ sở dữ liệu quốc gia về dân cư — đã tra cứu');
});

test('installed procedures carry their database names, so a dossier needs no catalogue file', () => {
  const [birth] = withDatabaseNames(catalog());
  assert.deepEqual(birth!.components[1]!.lookup?.name, { vi: 'Cơ sở dữ liệu quốc gia về dân cư', en: 'National population database' });
  assert.deepEqual(birth!.components[0], toKhai);
});

test('representative fields typed into and emptied again leave a citizen who came in person', () => {
  assert.equal(entriesOf({}).representative, false);
  assert.equal(entriesOf({ representative: { fullName: '', idNumber: '' } }).representative, false);
  assert.equal(entriesOf({ representative: { fullName: '  ', idNumber: ' ' } }).representative, false);
  assert.equal(entriesOf({ representative: { fullName: 'Trần Văn Bình', idNumber: '' } }).representative, true);
  assert.equal(entriesOf({ representative: { fullName: '', idNumber: '001090123456' } }).representative, true);
});

test('Mẫu 02 offers only papers that apply, missing mandatory ones first: no authorisation letter from a citizen in person, no look-up still standing', () => {
  const procedure = catalog().procedures[0]!;
  const optional: ComponentSpec = { id: 'giay-khac', name: 'Giấy tờ khác', accepted: ['photocopy'], count: 1, mandatory: false };
  const specs = [optional, ...procedure.components];
  const record = (specId: string, received: boolean, outcome?: 'pending' | 'not-found') => ({
    specId,
    name: specId,
    received,
    kind: 'original' as const,
    count: 1,
    ...(outcome
      ? { lookup: { database: 'population', databaseName: 'CSDL', numberGiven: '001090123456', outcome, at: '2026-12-07T09:00:00+07:00', officerId: 'o1' } }
      : {}),
  });
  const inPerson = entriesOf({ representative: { fullName: '', idNumber: '' } });
  const none = [record('to-khai', false), record('giay-to-tuy-than', false, 'pending'), record('giay-khac', false)];
  assert.deepEqual(
    supplementChoices(specs, none, inPerson).map((c) => [c.specId, c.mandatory, c.received]),
    [
      ['to-khai', true, false],
      ['giay-khac', false, false],
    ],
  );
  const notFound = [record('to-khai', true), record('giay-to-tuy-than', false, 'not-found'), record('giay-khac', true), record('van-ban-uy-quyen', false)];
  assert.deepEqual(
    supplementChoices(specs, notFound, { representative: true }).map((c) => [c.specId, c.mandatory, c.received]),
    [
      ['giay-to-tuy-than', true, false],
      ['van-ban-uy-quyen', true, false],
      ['giay-khac', false, true],
      ['to-khai', false, true],
    ],
  );
  assert.deepEqual(defaultSupplementItems(supplementChoices(specs, notFound, { representative: true })), ['giay-to-tuy-than', 'van-ban-uy-quyen']);
  const onlyOptional = [record('to-khai', true), record('giay-khac', false)];
  assert.deepEqual(defaultSupplementItems(supplementChoices(specs, onlyOptional, inPerson)), ['giay-khac']);
  const allIn = [record('to-khai', true), record('giay-khac', true)];
  assert.deepEqual(defaultSupplementItems(supplementChoices(specs, allIn, inPerson)), ['giay-khac', 'to-khai']);
});

test('a supplement request that asks for nothing, or for a paper it may not ask for, is refused in both languages', () => {
  const procedure = catalog().procedures[0]!;
  const choices = supplementChoices(procedure.components, [], { representative: false });
  assert.doesNotThrow(() => assertSupplementItems(procedure, choices, ['to-khai']));
  assert.throws(
    () => assertSupplementItems(procedure, choices, []),
    (e: unknown) => e instanceof DeskError && e.code === 'supplement.nothing-requested' && /ít nhất một/.test(e.text.vi) && /at least one/.test(e.text.en),
  );
  assert.throws(
    () => assertSupplementItems(procedure, choices, ['van-ban-uy-quyen']),
    (e: unknown) => e instanceof DeskError && e.code === 'supplement.not-owed' && /van-ban-uy-quyen/.test(e.text.vi) && /may not be asked for/.test(e.text.en),
  );
});
