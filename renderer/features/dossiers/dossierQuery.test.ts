// The register's queries over a few hundred seeded dossiers, each checked against a plain
// scan of every dossier (the oracle) as well as against hand-picked expected values.
import { officeSettings, openTestDb, testOfficer } from '#renderer/test-support/desk.ts';
import { test, before } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { ulid } from 'ulid';
import type { Dossier, StatusCode } from '#domain/model.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { fold } from '#domain/search/fold.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { OFFICE_KEY } from '../settings/officeSettings.ts';
import { installCatalog } from '../catalog/installCatalog.ts';
import { computeAppointment } from '#domain/calendar/appointment.ts';
import { VN_RULES } from '#domain/calendar/rules.ts';
import { DEMO_OFFICE } from '../demo/seedDemo.ts';
import { FIRST_IDS, FIRST_ROWS, SEARCH_LIMIT, emptyFilter, isOverdue, rowsOf, viewDossiers, type DossierFilter } from './dossierQuery.ts';
import { indexQuery, matchesQuery } from '#domain/search/blindTerms.ts';
import type { DeskDb } from '#renderer/db/schema.ts';

// seedDemo asks main for the forms version through host.ts: load it after the fake host.
const { seedDemo } = await import('../demo/seedDemo.ts');

const catalog = parseCatalog(readFileSync(new URL('../../../domain/catalog/default-catalog.json', import.meta.url), 'utf8'));
const settings = officeSettings(DEMO_OFFICE);
/** Demo dossiers are spread over the 8 days before this instant (a Wednesday, 10:00 at the desk). */
const UNTIL = new Date('2025-11-26T03:00:00Z');
const SEEDED = 300;

const db = openTestDb('register');
let all: Dossier[] = [];

/** Hand-made ids follow the app's rule (a ULID of the receipt instant); hand(n) finds one by number. */
const handIds = new Map<number, string>();
function handId(n: number, receivedAt: string): string {
  const id = ulid(Date.parse(receivedAt || '2025-01-01T00:00:00Z'));
  handIds.set(n, id);
  return id;
}
const hand = (n: number) => handIds.get(n)!;

/** Hand-made dossiers with known names, phones and dates, mixed in with the demo ones. */
function handMade(n: number, fullName: string, receivedAt: string, status: StatusCode, phone: string, appointmentAt: string | null): Dossier {
  const code = `000.99.99.H99-${receivedAt.slice(2, 4)}${receivedAt.slice(5, 7)}${receivedAt.slice(8, 10)}-${String(900 + n).padStart(4, '0')}`;
  const idNumber = `0010991234${String(n).padStart(2, '0')}`;
  return {
    id: handId(n, receivedAt),
    code,
    decision: 'accepted',
    status,
    procedureCode: catalog.procedures[0]!.code,
    procedureName: catalog.procedures[0]!.name,
    processingHours: catalog.procedures[0]!.processingHours,
    fees: catalog.procedures[0]!.fees,
    sets: 1,
    applicant: { fullName, idNumber, dateOfBirth: '1991-02-03', gender: 'male', address: 'Thôn Đông', phone },
    components: [],
    receivedAt,
    appointmentAt,
    officerId: 'o',
    officerName: 'Cán bộ',
    deskId: '1',
    versions: { catalog: catalog.version, calendar: 'x', forms: 'tt03-2025', codePattern: 'default-1' },
    updatedAt: receivedAt,
  };
}

const HAND = [
  handMade(1, 'Nguyễn Văn Đạt', '2025-11-25T14:05:00+07:00', 4, '0987000111', '2025-11-25T16:00:00+07:00'),
  handMade(2, 'Nguyễn Vân Anh', '2025-11-24T08:15:00+07:00', 9, '0987000222', '2025-11-24T09:00:00+07:00'),
  handMade(3, 'Trần Nguyễn Văn Khoa', '2025-11-26T09:30:00+07:00', 2, '0987000333', '2025-12-01T09:30:00+07:00'),
];

before(async () => {
  const officer = await testOfficer({ username: 'admin' });
  await db.officers.add(officer);
  await db.settings.put({ key: OFFICE_KEY, value: settings });
  await installCatalog(db, catalog, officer.id);
  await seedDemo(db, SEEDED, UNTIL);
  await db.dossiers.bulkAdd(HAND);
  all = await db.dossiers.toArray();
});

const byReceivedDesc = (a: Dossier, b: Dossier) => (a.receivedAt < b.receivedAt ? 1 : a.receivedAt > b.receivedAt ? -1 : 0);

async function search(f: Partial<DossierFilter>, now = UNTIL): Promise<Dossier[]> {
  return rowsOf(await viewDossiers(db, { ...emptyFilter, ...f }, now));
}

const ids = (rows: Dossier[]) => rows.map((d) => d.id);
/** The seeded (not hand-made) dossiers, oldest first. */
const seeded = () => all.filter((d) => ![...handIds.values()].includes(d.id)).sort((a, b) => (a.id < b.id ? -1 : 1));
const sortedIds = (rows: Dossier[]) => ids(rows).sort();

test('seedDemo seeded the register: valid codes, days before `until`, one audit entry', async () => {
  assert.equal(all.length, SEEDED + HAND.length);
  const demo = seeded();
  assert.equal(demo.length, SEEDED);
  assert.equal(new Set(demo.map((d) => d.code)).size, SEEDED, 'codes are unique');
  for (const d of demo) {
    assert.match(d.code, /^000\.99\.99\.H99-\d{6}-\d{4}$/);
    assert.ok(d.receivedAt < '2025-11-26', `${d.receivedAt} lies before the seeding day`);
    assert.ok(d.appointmentAt! >= d.receivedAt);
  }
  // 40 a day, on weekdays only, at 08:00 onwards desk time.
  const perDay = new Map<string, number>();
  for (const d of demo) perDay.set(d.receivedAt.slice(0, 10), (perDay.get(d.receivedAt.slice(0, 10)) ?? 0) + 1);
  assert.equal(perDay.size, Math.ceil(SEEDED / 40));
  for (const [day, n] of perDay) {
    assert.ok(n === 40 || n === SEEDED % 40, `${n} on ${day}`);
    assert.ok(![0, 6].includes(new Date(`${day}T00:00:00Z`).getUTCDay()), `${day} is a weekday`);
  }
  assert.ok(perDay.has('2025-11-20') && perDay.has('2025-11-21') && perDay.has('2025-11-25'));
  assert.ok(demo.every((d) => d.receivedAt.slice(11) >= '08:00' && d.receivedAt.slice(11) < '16:00'));
  const audit = await db.audit.toArray();
  assert.deepEqual(
    audit.filter((a) => a.action === 'demo').map((a) => a.detail),
    [String(SEEDED)],
  );
});

test('a diacritic-free name search finds Vietnamese names, from any word', async () => {
  const rows = await search({ query: 'nguyen van' });
  const expected = all.filter((d) => ` ${fold(d.applicant.fullName)}`.includes(' nguyen van'));
  assert.ok(expected.length >= 3, 'the seed has several Nguyễn Văn …');
  assert.deepEqual(sortedIds(rows), sortedIds(expected));
  for (const d of rows) assert.match(d.applicant.fullName.normalize('NFC'), /Nguyễn V[ăâ]n/);
  assert.ok(ids(rows).includes(hand(1)) && ids(rows).includes(hand(2)) && ids(rows).includes(hand(3)));
  assert.deepEqual(ids(rows), ids([...rows].sort(byReceivedDesc)), 'newest first');

  assert.deepEqual(ids(await search({ query: 'NGUYEN VAN DAT' })), [hand(1)]);
  assert.deepEqual(ids(await search({ query: 'Nguyễn Văn Đạt' })), [hand(1)], 'typed with diacritics too');
  assert.deepEqual(ids(await search({ query: 'van dat' })), [hand(1)], 'from the middle name on');
  assert.deepEqual(ids(await search({ query: 'nguyen van khoa' })), [hand(3)], 'a family name inside the name');
  assert.deepEqual(await search({ query: 'nguyen van zzz' }), []);
});

test('a code search finds the dossier by its whole code, its start, or its sequence', async () => {
  const target = seeded()[123]!;
  assert.deepEqual(ids(await search({ query: target.code })), [target.id]);
  assert.deepEqual(ids(await search({ query: ` ${target.code.toLowerCase()} ` })), [target.id], 'case and spaces do not matter');

  const day = target.code.split('-')[1]!;
  const ofDay = await search({ query: `000.99.99.H99-${day}` });
  assert.deepEqual(sortedIds(ofDay), sortedIds(all.filter((d) => d.code.includes(`-${day}-`))));
  assert.ok(ofDay.length >= 40);

  const sequence = target.code.slice(-4);
  const bySequence = await search({ query: sequence });
  assert.deepEqual(sortedIds(bySequence), sortedIds(all.filter((d) => d.code.endsWith(`-${sequence}`))));
  assert.ok(bySequence.length >= 2, 'one per seeded day');
});

test('an ID number or a phone number finds its dossier', async () => {
  const target = seeded()[42]!;
  const withId = all.filter((d) => d.applicant.idNumber === target.applicant.idNumber);
  assert.deepEqual(sortedIds(await search({ query: target.applicant.idNumber })), sortedIds(withId));
  assert.deepEqual(ids(await search({ query: '001 099 123 402' })), [hand(2)], 'spaces in an ID number are ignored');

  const phone = target.applicant.phone!;
  const withPhone = all.filter((d) => d.applicant.phone === phone);
  assert.deepEqual(sortedIds(await search({ query: phone })), sortedIds(withPhone));
  assert.deepEqual(sortedIds(await search({ query: `+84 ${phone.slice(1, 4)} ${phone.slice(4)}` })), sortedIds(withPhone), '+84 form');
  assert.deepEqual(ids(await search({ query: '0987000333' })), [hand(3)]);
});

test('a search combines with the status filter and the date range', async () => {
  const rows = await search({ query: 'nguyen van', status: 4, from: '2025-11-25', to: '2025-11-25' });
  const expected = all.filter((d) => ` ${fold(d.applicant.fullName)}`.includes(' nguyen van') && d.status === 4 && d.receivedAt.startsWith('2025-11-25'));
  assert.deepEqual(sortedIds(rows), sortedIds(expected));
  assert.ok(ids(rows).includes(hand(1)));
  assert.ok(!ids(rows).includes(hand(2)) && !ids(rows).includes(hand(3)));
});

test('the status filter is a paged view, newest first, with the right count', async () => {
  for (const status of [2, 4, 9, 10] as const) {
    const view = await viewDossiers(db, { ...emptyFilter, status }, UNTIL);
    assert.equal(view.kind, 'paged');
    if (view.kind !== 'paged') continue;
    const expected = all.filter((d) => d.status === status).sort(byReceivedDesc);
    assert.equal(view.total, expected.length, `status ${status}`);
    assert.ok(expected.length > 0);
    const paged: Dossier[] = [];
    for (let offset = 0; offset < view.total; offset += 7) paged.push(...(await view.page(offset, 7)));
    assert.deepEqual(ids(paged), ids(expected), `pages of status ${status}`);
  }
});

test('the unfiltered register pages through every dossier, newest first', async () => {
  const view = await viewDossiers(db, emptyFilter, UNTIL);
  assert.equal(view.kind, 'paged');
  if (view.kind !== 'paged') return;
  assert.equal(view.total, all.length);
  const first = await view.page(0, 50);
  const second = await view.page(50, 50);
  const expected = [...all].sort(byReceivedDesc);
  assert.deepEqual(ids(first), ids(expected.slice(0, 50)));
  assert.deepEqual(ids(second), ids(expected.slice(50, 100)));
  assert.equal(first[0]!.id, hand(3), 'the newest dossier comes first');
  assert.deepEqual(await view.page(all.length, 50), []);
});

test('the date range is inclusive of both days, alone and with a status', async () => {
  // Thursday 20 and Friday 21 November, both seeded days of 40.
  const inRange = (d: Dossier) => d.receivedAt >= '2025-11-20' && d.receivedAt.slice(0, 10) <= '2025-11-21';
  const rows = await search({ from: '2025-11-20', to: '2025-11-21' });
  assert.deepEqual(ids(rows), ids(all.filter(inRange).sort(byReceivedDesc)));
  assert.equal(rows.length, 80, 'two seeded days of 40');
  assert.equal(rows.at(-1)!.receivedAt, '2025-11-20T08:00:00+07:00');
  assert.ok(rows[0]!.receivedAt.startsWith('2025-11-21'));

  const withStatus = await search({ from: '2025-11-20', to: '2025-11-21', status: 10 });
  assert.deepEqual(ids(withStatus), ids(all.filter((d) => inRange(d) && d.status === 10).sort(byReceivedDesc)));

  assert.deepEqual(ids(await search({ from: '2025-11-26' })), [hand(3)], 'open-ended range');
  const upTo = await search({ to: '2025-11-19' });
  assert.deepEqual(ids(upTo), ids(all.filter((d) => d.receivedAt.slice(0, 10) <= '2025-11-19').sort(byReceivedDesc)));
  assert.ok(upTo.length >= 40 && upTo[0]!.receivedAt.startsWith('2025-11-19'));
});

test('overdue: accepted, not finished, appointment before now', async () => {
  const rows = await search({ status: 'overdue' });
  const expected = all.filter((d) => d.decision === 'accepted' && d.status < 9 && d.appointmentAt !== null && Date.parse(d.appointmentAt) < UNTIL.getTime());
  assert.ok(expected.length > 0 && expected.length < all.length);
  assert.deepEqual(sortedIds(rows), sortedIds(expected));
  assert.ok(ids(rows).includes(hand(1)), 'appointment passed, status 4');
  assert.ok(!ids(rows).includes(hand(2)), 'finished (status 9)');
  assert.ok(!ids(rows).includes(hand(3)), 'appointment still ahead');
  for (const d of rows) assert.ok(isOverdue(d, UNTIL));

  // Later, hand-3 falls due as well; earlier, hand-1 was not yet due.
  assert.ok(ids(await search({ status: 'overdue' }, new Date('2025-12-01T03:00:00Z'))).includes(hand(3)));
  assert.ok(!ids(await search({ status: 'overdue' }, new Date('2025-11-25T08:59:00Z'))).includes(hand(1)));
  const overdueInRange = await search({ status: 'overdue', from: '2025-11-25', to: '2025-11-25' });
  assert.deepEqual(sortedIds(overdueInRange), sortedIds(expected.filter((d) => d.receivedAt.startsWith('2025-11-25'))));
});

test('a same-day birth registration received at 07:42 is not overdue at 14:00, only after the end of that working day', async () => {
  const birth = catalog.procedures.find((p) => p.code === '1.001193')!;
  const receivedAt = '2026-12-07T07:42:00+07:00';
  const officeHours = { morning: settings.morning, afternoon: settings.afternoon };
  const due = computeAppointment({ receivedAt, processingHours: birth.processingHours, cutoff: birth.cutoff, rules: VN_RULES, officeHours });
  const d = { ...handMade(4, 'Lê Thị Hoa', receivedAt, 2, '0987000444', due), processingHours: birth.processingHours };
  assert.equal(d.appointmentAt, '2026-12-07T17:30:00+07:00');
  const at = (hhmm: string) => new Date(`2026-12-07T${hhmm}:00+07:00`);
  assert.equal(isOverdue(d, at('14:00')), false);
  assert.equal(isOverdue(d, at('17:30')), false);
  assert.equal(isOverdue(d, at('17:31')), true);

  const register = openTestDb('register-same-day');
  await register.dossiers.add(d);
  const overdueAt = async (hhmm: string) => ids(await rowsOf(await viewDossiers(register, { ...emptyFilter, status: 'overdue' }, at(hhmm))));
  assert.deepEqual(await overdueAt('14:00'), []);
  assert.deepEqual(await overdueAt('17:31'), [d.id]);
});

test('a search with more matches than the limit shows the newest ones', async () => {
  const big = openTestDb('big-search');
  const many = Array.from({ length: SEARCH_LIMIT + 20 }, (_, i) => {
    const d = handMade(i % 90, 'Lê Văn Tám', '', 4, '', null);
    const receivedAt = toDeskIso(new Date(Date.UTC(2025, 0, 1) + i * 3_600_000));
    return { ...d, id: `many-${String(i).padStart(5, '0')}`, receivedAt, updatedAt: receivedAt };
  });
  await big.dossiers.bulkAdd(many);
  const rows = await rowsOf(await viewDossiers(big, { ...emptyFilter, query: 'le van tam' }, UNTIL));
  assert.equal(rows.length, SEARCH_LIMIT);
  assert.equal(rows[0]!.id, many.at(-1)!.id, 'the newest matching dossier is shown first');
});

test('a broad name answers first with its newest FIRST_IDS ids; the rest lengthens the same list', async () => {
  const broad = openTestDb('first-ids');
  const many = Array.from({ length: FIRST_IDS + 37 }, (_, i) => {
    const d = handMade(i % 90, i % 2 ? 'Lê Văn Tám' : 'Lê Thị Tâm', '', 4, '', null);
    const receivedAt = toDeskIso(new Date(Date.UTC(2025, 0, 1) + i * 3_600_000));
    return { ...d, id: ulid(Date.parse(receivedAt)), receivedAt, updatedAt: receivedAt };
  });
  await broad.dossiers.bulkAdd(many);
  const first = await viewDossiers(broad, { ...emptyFilter, query: 'le' }, UNTIL);
  assert.ok(first.kind === 'paged' && first.rest, 'a paged view with the rest to come');
  assert.equal(first.total, FIRST_IDS);
  const whole = await first.rest();
  assert.ok(whole.kind === 'paged' && !whole.rest);
  assert.equal(whole.total, many.length);
  const newestFirst = ids([...many].reverse());
  assert.deepEqual(ids(await first.page(0, FIRST_IDS)), newestFirst.slice(0, FIRST_IDS), 'the first answer is the newest');
  assert.deepEqual(ids(await whole.page(0, whole.total)), newestFirst, 'the rest keeps the rows shown and adds the older ones');
  // Fewer matches than FIRST_IDS: the first answer is the whole answer.
  const narrow = await viewDossiers(broad, { ...emptyFilter, query: 'le van tam' }, UNTIL);
  assert.ok(narrow.kind === 'paged' && !narrow.rest);
  assert.equal(narrow.total, Math.floor(many.length / 2));
});

test('a name longer than the index answers once FIRST_ROWS of its candidates match; the rest opens the others', async () => {
  const long = openTestDb('first-rows');
  // Every tenth holds the query's narrowing terms without matching it, so it is opened and left
  // out; there are more than the first two reads open (a screenful, then 200).
  const many = Array.from({ length: 300 }, (_, i) => {
    const d = handMade(i % 90, i % 10 ? 'Nguyễn Thị Thanh Hương' : 'Nguyễn Thị Thanh Hà Thị Thanh Hương', '', 4, '', null);
    const receivedAt = toDeskIso(new Date(Date.UTC(2025, 0, 1) + i * 3_600_000));
    return { ...d, id: ulid(Date.parse(receivedAt)), receivedAt, updatedAt: receivedAt };
  });
  await long.dossiers.bulkAdd(many);
  const opened: string[] = [];
  const openRecord = long.protection.openRecord.bind(long.protection);
  long.protection.openRecord = (table, spec, stored) => {
    if (table === 'dossiers') opened.push(String(stored.id));
    return openRecord(table, spec, stored);
  };
  const query = 'nguyen thi thanh huong';
  const matching = ids([...many].reverse().filter((d) => d.applicant.fullName === 'Nguyễn Thị Thanh Hương'));
  const first = await viewDossiers(long, { ...emptyFilter, query }, UNTIL);
  assert.ok(first.kind === 'paged' && first.rest, 'the first rows, with the rest to come');
  assert.ok(first.total >= FIRST_ROWS && first.total < matching.length, `${first.total} rows first`);
  assert.deepEqual(ids(await first.page(0, first.total)), matching.slice(0, first.total), 'the newest matches');
  assert.ok(opened.length < many.length, `${opened.length} of ${many.length} candidates opened before the first answer`);
  const whole = await first.rest();
  assert.ok(whole.kind === 'list');
  assert.deepEqual(ids(whole.rows), matching, 'the rest keeps the rows shown and adds the older ones');
  assert.equal(new Set(opened).size, many.length);
  // A range holding fewer matches than FIRST_ROWS: the first answer is the whole answer.
  const from = many[many.length - 12]!.receivedAt.slice(0, 10);
  const few = await viewDossiers(long, { ...emptyFilter, query, from }, UNTIL);
  assert.ok(few.kind === 'list');
  assert.deepEqual(
    ids(few.rows),
    ids([...many].reverse().filter((d) => d.applicant.fullName === 'Nguyễn Thị Thanh Hương' && d.receivedAt.slice(0, 10) >= from)),
  );
});

/**
 * The register's search as it was before searches became paged views (viewDossiers' search
 * branch at d79451f): every candidate id from the index, sorted newest first, opened 200 at a
 * time and checked until 1,000 match. Today's search must give the same rows in the same order.
 */
async function searchBefore(register: DeskDb, f: DossierFilter, now: Date): Promise<Dossier[]> {
  const query = f.query.trim();
  const { clearPrefix, terms } = indexQuery(query);
  const found = new Set<string>();
  if (clearPrefix) for (const id of await register.dossiers.where('searchKeys').startsWith(clearPrefix).primaryKeys()) found.add(id);
  const tokens = terms.flatMap((term) => register.protection.queryTokens(term));
  if (tokens.length) for (const id of await register.dossiers.where('searchKeys').anyOf(tokens).primaryKeys()) found.add(id);
  const newestFirst = [...found].sort().reverse();
  const rows: Dossier[] = [];
  for (let i = 0; i < newestFirst.length && rows.length < SEARCH_LIMIT; i += 200) {
    for (const d of (await register.dossiers.bulkGet(newestFirst.slice(i, i + 200))).filter((d): d is Dossier => d !== undefined)) {
      const day = d.receivedAt.slice(0, 10);
      const inRange = (!f.from || day >= f.from) && (!f.to || day <= f.to);
      const status = f.status === '' || (f.status === 'overdue' ? isOverdue(d, now) : d.status === f.status);
      const matches = matchesQuery({ code: d.code, fullName: d.applicant.fullName, idNumber: d.applicant.idNumber, phone: d.applicant.phone }, query);
      if (rows.length < SEARCH_LIMIT && status && inRange && matches) rows.push(d);
    }
  }
  return rows;
}

/** Queries an officer types, taken from the seeded dossiers: names whole and in parts, long and short, codes, IDs, phones. */
function officerQueries(): string[] {
  const queries = new Set<string>(['nguyen', 'n', 'ng', 'tran thi', 'Nguyễn Văn', 'van', 'thi thanh', 'h9', 'h99', '000.99', '0001', '00109', '098', '+84 98']);
  for (const d of seeded().filter((_, i) => i % 12 === 0)) {
    const name = d.applicant.fullName;
    const words = fold(name).split(' ');
    queries.add(fold(name)).add(name).add(name.toUpperCase()).add(words.slice(0, 2).join(' ')).add(words.slice(1).join(' '));
    queries
      .add(`${fold(name).slice(0, 16)}`)
      .add(words[0]!.slice(0, 3))
      .add(`${words[0]} ${words[1]!.slice(0, 1)}`);
    queries.add(d.code).add(d.code.slice(0, 20)).add(d.code.slice(-4)).add(d.applicant.idNumber).add(d.applicant.idNumber.slice(0, 6));
    if (d.applicant.phone)
      queries
        .add(d.applicant.phone)
        .add(`+84 ${d.applicant.phone.slice(1)}`)
        .add(d.applicant.phone.slice(1, 6));
  }
  return [...queries];
}

test('every search gives the rows it gave before searches were paged, in the same order, with and without filters', async () => {
  const queries = officerQueries();
  assert.ok(queries.length > 150, `${queries.length} queries`);
  const filters: Partial<DossierFilter>[] = [
    {},
    { status: 4 },
    { from: '2025-11-20', to: '2025-11-21' },
    { status: 10, from: '2025-11-24' },
    { status: 'overdue' },
  ];
  let compared = 0;
  let nonEmpty = 0;
  for (const [n, filter] of filters.entries()) {
    // Every query alone, every third with each filter.
    for (const query of n === 0 ? queries : queries.filter((_, i) => i % 3 === 0)) {
      const f = { ...emptyFilter, ...filter, query };
      const before = ids(await searchBefore(db, f, UNTIL));
      assert.deepEqual(ids(await rowsOf(await viewDossiers(db, f, UNTIL))), before, `"${query}" with ${JSON.stringify(filter)}`);
      compared += 1;
      if (before.length > 0) nonEmpty += 1;
    }
  }
  assert.ok(nonEmpty > compared / 3, `${nonEmpty} of ${compared} searches found something`);
});

test('a broad name search opens none of its dossiers until their rows are shown, and then only those', async () => {
  const opened: string[] = [];
  const openRecord = db.protection.openRecord.bind(db.protection);
  db.protection.openRecord = (table, spec, stored) => {
    if (table === 'dossiers') opened.push(String(stored.id));
    return openRecord(table, spec, stored);
  };
  try {
    const view = await viewDossiers(db, { ...emptyFilter, query: 'n' }, UNTIL);
    assert.equal(view.kind, 'paged');
    if (view.kind !== 'paged') return;
    assert.ok(view.total > 20, `${view.total} names with a word starting n`);
    assert.deepEqual(opened, []);
    const screen = await view.page(0, 12);
    assert.deepEqual(opened, ids(screen));
  } finally {
    db.protection.openRecord = openRecord;
  }
});

test('a search the officer has typed past stops with the abort reason', async () => {
  const typedPast = new AbortController();
  typedPast.abort(new Error('typed past'));
  await assert.rejects(viewDossiers(db, { ...emptyFilter, query: 'nguyen van' }, UNTIL, undefined, typedPast.signal), /typed past/);
  await assert.rejects(viewDossiers(db, { ...emptyFilter, query: 'nguyen van dat khoa' }, UNTIL, undefined, typedPast.signal), /typed past/);
});
