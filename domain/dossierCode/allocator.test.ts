import { test } from 'node:test';
import assert from 'node:assert/strict';
import { isDeskError } from '../errors.ts';
import { allocate, schedulePartition, type AllocatorConfig, type AllocatorState, type DeskPartition } from './allocator.ts';
import { DEFAULT_CODE_PATTERN } from './pattern.ts';

const AGENCY = 'H15.50.05.13';
const HOUR = 3_600_000;

function deskConfig(partitions: DeskPartition[]): AllocatorConfig {
  return { agencyId: AGENCY, patterns: [DEFAULT_CODE_PATTERN], partitions };
}
const single = deskConfig([{ from: '2020-01-01', slots: 1, slot: 1 }]);

/** Deterministic PRNG (mulberry32) so a failing interleaving can be replayed. */
function random(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Desk {
  config: AllocatorConfig;
  state: AllocatorState | null;
}

/**
 * Lets the desks allocate `countPerDay` codes each day, at random times between the given
 * hours (UTC+7) and in random desk order; returns every code issued.
 */
function simulate(desks: Desk[], days: string[], countPerDay: number, seed: number, hours: [number, number] = [0, 24]): string[] {
  const rnd = random(seed);
  const issued: string[] = [];
  for (const day of days) {
    const start = Date.parse(`${day}T00:00:00+07:00`) + hours[0] * HOUR;
    const span = (hours[1] - hours[0]) * HOUR;
    const times = Array.from({ length: countPerDay }, () => start + Math.floor(rnd() * span)).sort((a, b) => a - b);
    for (const t of times) {
      const desk = desks[Math.floor(rnd() * desks.length)]!;
      const result = allocate(desk.state, new Date(t), desk.config);
      desk.state = result.state;
      issued.push(result.code);
    }
  }
  return issued;
}

function assertUnique(codes: string[]) {
  const seen = new Set<string>();
  for (const c of codes) {
    assert.ok(!seen.has(c), `duplicate code ${c}`);
    seen.add(c);
  }
}

function desksOf(count: number, slots = count): Desk[] {
  return Array.from({ length: count }, (_, i) => ({
    config: deskConfig([{ from: '2020-01-01', slots, slot: i + 1 }]),
    state: null,
  }));
}

test('one desk numbers 1, 2, 3… in the default pattern', () => {
  const a = allocate(null, new Date('2026-11-22T08:00:00+07:00'), single);
  assert.equal(a.code, 'H15.50.05.13-261122-0001');
  assert.equal(a.sequence, 1);
  assert.equal(a.day, '2026-11-22');
  assert.equal(a.patternVersion, DEFAULT_CODE_PATTERN.version);
  const b = allocate(a.state, new Date('2026-11-22T08:05:00+07:00'), single);
  assert.equal(b.code, 'H15.50.05.13-261122-0002');
});

test('the 10,000th dossier of a day gets 5 digits, never a repeat', () => {
  let state: AllocatorState | null = null;
  const codes: string[] = [];
  const t0 = Date.parse('2026-11-22T07:00:00+07:00');
  for (let i = 0; i < 10_000; i++) {
    const r = allocate(state, new Date(t0 + i * 1000), single);
    state = r.state;
    codes.push(r.code);
  }
  assert.equal(codes[9_998], 'H15.50.05.13-261122-9999');
  assert.equal(codes[9_999], 'H15.50.05.13-261122-10000');
  assertUnique(codes);
});

test('midnight roll-over at UTC+7 resets the sequence', () => {
  const before = allocate(null, new Date('2026-11-22T23:59:58+07:00'), single);
  const last = allocate(before.state, new Date('2026-11-22T23:59:59+07:00'), single);
  const first = allocate(last.state, new Date('2026-11-23T00:00:00+07:00'), single);
  assert.equal(last.code, 'H15.50.05.13-261122-0002');
  assert.equal(first.code, 'H15.50.05.13-261123-0001');

  const z1 = allocate(first.state, new Date('2026-11-23T16:59:59Z'), single);
  const z2 = allocate(z1.state, new Date('2026-11-23T17:00:00Z'), single);
  assert.equal(z1.code, 'H15.50.05.13-261123-0002');
  assert.equal(z2.code, 'H15.50.05.13-261124-0001');
});

test('desk d of K issues sequences ≡ d (mod K)', () => {
  const [d1, , d3] = desksOf(3);
  let s1: AllocatorState | null = null;
  let s3: AllocatorState | null = null;
  const seq1: number[] = [];
  const seq3: number[] = [];
  for (let i = 0; i < 4; i++) {
    const a = allocate(s1, new Date('2026-11-22T09:00:00+07:00'), d1!.config);
    const c = allocate(s3, new Date('2026-11-22T09:00:00+07:00'), d3!.config);
    s1 = a.state;
    s3 = c.state;
    seq1.push(a.sequence);
    seq3.push(c.sequence);
  }
  assert.deepEqual(seq1, [1, 4, 7, 10]);
  assert.deepEqual(seq3, [3, 6, 9, 12]);
});

test('two desks, thousands of codes, random interleaving over several days: no collision', () => {
  const days = ['2026-11-20', '2026-11-21', '2026-11-22', '2026-11-23'];
  const codes = simulate(desksOf(2), days, 3000, 1);
  assert.equal(codes.length, 12_000);
  assertUnique(codes);
});

test('five desks, thousands of codes, random interleaving over several days: no collision', () => {
  const days = ['2026-12-30', '2026-12-31', '2027-01-01'];
  for (const seed of [2, 3, 4]) {
    const codes = simulate(desksOf(5), days, 4000, seed);
    assert.equal(codes.length, 12_000);
    assertUnique(codes);
  }
});

test('five desks past 10,000 a day still never collide', () => {
  const codes = simulate(desksOf(5), ['2026-11-22'], 12_000, 5);
  assertUnique(codes);
  assert.ok(codes.some((c) => /-1\d{4}$/.test(c)));
});

test('a desk count change scheduled mid-day applies from the next day, without collisions', () => {
  const desks = desksOf(2);
  const codes = simulate(desks, ['2026-11-21', '2026-11-22'], 3000, 6);
  codes.push(...simulate(desks, ['2026-11-23'], 1500, 7, [0, 12]));
  const noon = new Date('2026-11-23T12:00:00+07:00');
  for (const [i, d] of desks.entries()) {
    d.config = deskConfig(schedulePartition(d.config.partitions, { slots: 5, slot: i + 1 }, noon));
  }
  const added: Desk[] = [3, 4, 5].map((slot) => ({ config: deskConfig(schedulePartition([], { slots: 5, slot }, noon)), state: null }));
  assert.deepEqual(desks[0]!.config.partitions.at(-1), { from: '2026-11-24', slots: 5, slot: 1 });
  // The afternoon goes on under the old partition; the next days all five desks work.
  codes.push(...simulate(desks, ['2026-11-23'], 1500, 8, [12, 24]));
  codes.push(...simulate([...desks, ...added], ['2026-11-24', '2026-11-25'], 5000, 9));
  assert.equal(codes.length, 19_000);
  assertUnique(codes);
});

test('a desk added into a spare slot in the middle of the day does not collide', () => {
  const desks = desksOf(2, 4);
  const codes = simulate(desks, ['2026-11-22'], 2000, 10, [0, 12]);
  const late: Desk = { config: deskConfig([{ from: '2026-11-22', slots: 4, slot: 3 }]), state: null };
  codes.push(...simulate([...desks, late], ['2026-11-22'], 3000, 11, [12, 24]));
  assertUnique(codes);
});

test('a partition changed for today after this desk issued codes today is refused', () => {
  const old = deskConfig([{ from: '2026-01-01', slots: 2, slot: 1 }]);
  const a = allocate(null, new Date('2026-11-22T08:00:00+07:00'), old);
  const edited = deskConfig([...old.partitions, { from: '2026-11-22', slots: 3, slot: 1 }]);
  assert.throws(
    () => allocate(a.state, new Date('2026-11-22T09:00:00+07:00'), edited),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.partitionChangedToday' && /ngày hôm sau/.test(e.text.vi),
  );
  // From the next day the edited partition is simply in force.
  assert.equal(allocate(a.state, new Date('2026-11-23T08:00:00+07:00'), edited).sequence, 1);
});

test('schedulePartition never dates a change today and replaces a pending one', () => {
  const base: DeskPartition[] = [{ from: '2026-01-01', slots: 2, slot: 1 }];
  const lateNight = new Date('2026-11-22T16:59:59Z'); // 23:59:59 at UTC+7
  const once = schedulePartition(base, { slots: 3, slot: 1 }, lateNight);
  assert.deepEqual(once, [...base, { from: '2026-11-23', slots: 3, slot: 1 }]);
  const twice = schedulePartition(once, { slots: 4, slot: 2 }, lateNight);
  assert.deepEqual(twice, [...base, { from: '2026-11-23', slots: 4, slot: 2 }]);
  assert.throws(
    () => schedulePartition(base, { slots: 3, slot: 4 }, lateNight),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.partition',
  );
  assert.throws(
    () => schedulePartition(base, { slots: 0, slot: 0 }, lateNight),
    (e: unknown) => isDeskError(e),
  );
});

test('a desk whose partition starts tomorrow cannot number today', () => {
  const newDesk = deskConfig(schedulePartition([], { slots: 3, slot: 3 }, new Date('2026-11-22T10:00:00+07:00')));
  assert.throws(
    () => allocate(null, new Date('2026-11-22T11:00:00+07:00'), newDesk),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.noPartition',
  );
  assert.equal(allocate(null, new Date('2026-11-23T07:30:00+07:00'), newDesk).sequence, 3);
});

test('a clock moved back to an earlier day is refused', () => {
  const a = allocate(null, new Date('2026-11-23T08:00:00+07:00'), single);
  assert.throws(
    () => allocate(a.state, new Date('2026-11-22T08:00:00+07:00'), single),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.clockBehind',
  );
  // Earlier the same day is fine: the sequence still only grows.
  assert.equal(allocate(a.state, new Date('2026-11-23T07:00:00+07:00'), single).sequence, 2);
});

test('the pattern version in force on the day is used and reported', () => {
  const v2 = { version: 'v2', effectiveFrom: '2026-11-23', template: '{agency}-{yymmdd}-{seq:6}' };
  const config = { ...single, patterns: [DEFAULT_CODE_PATTERN, v2] };
  const a = allocate(null, new Date('2026-11-22T23:00:00+07:00'), config);
  const b = allocate(a.state, new Date('2026-11-23T01:00:00+07:00'), config);
  assert.equal(a.code, 'H15.50.05.13-261122-0001');
  assert.equal(b.code, 'H15.50.05.13-261123-000001');
  assert.equal(b.patternVersion, 'v2');
});

test('allocate is pure: the given state is not changed', () => {
  const a = allocate(null, new Date('2026-11-22T08:00:00+07:00'), single);
  const frozen = Object.freeze({ ...a.state, space: Object.freeze({ ...a.state.space }) });
  const b = allocate(frozen, new Date('2026-11-22T08:01:00+07:00'), single);
  assert.equal(frozen.lastSequence, 1);
  assert.equal(b.state.lastSequence, 2);
});

test('an invalid configuration is refused, listing every problem', () => {
  const bad = { agencyId: 'h15..13', patterns: [DEFAULT_CODE_PATTERN], partitions: [{ from: '2026-02-30', slots: 2, slot: 3 }] };
  assert.throws(
    () => allocate(null, new Date('2026-11-22T08:00:00+07:00'), bad),
    (e: unknown) =>
      isDeskError(e) &&
      e.code === 'dossierCode.config' &&
      /partitions\.0\.from/.test(e.text.en) &&
      /slot must be between/.test(e.text.en) &&
      /chữ in hoa/.test(e.text.vi) &&
      /doubled dot/.test(e.text.en),
  );
  assert.throws(
    () => allocate(null, new Date('2026-11-22T08:00:00+07:00'), { ...single, patterns: [] }),
    (e: unknown) => isDeskError(e),
  );
  assert.throws(
    () => allocate(null, new Date('2026-11-22T08:00:00+07:00'), { ...single, patterns: [{ ...DEFAULT_CODE_PATTERN, template: '{agency}-{seq:4}' }] }),
    (e: unknown) => isDeskError(e) && e.code === 'dossierCode.template',
  );
});
