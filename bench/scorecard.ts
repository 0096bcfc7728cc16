// `BENCH_SECTIONS=scorecard npm run bench`: the commune's scorecard (issue 15 §4) over a
// register of 100,000 encrypted dossiers, in Chromium, as the screen computes it. Baselines
// from the same page and the same run, interleaved round by round: a plain count of the whole
// table, a count of the month's dossiers through the receivedAt index, and reading and opening
// those dossiers (what the scorecard cannot avoid: the procedure and the components are sealed).
import { cpus, loadavg } from 'node:os';
import type { WebHost } from '#main/web.ts';
import { ADMIN, PER_DAY, SEED, firstRun, launch, newProfile, readDeskFacts, removeProfile, seedRegister } from './desk.ts';
import { pageScript } from './pageSeed.ts';
import { ratio, round, summary } from './stats.ts';
import type { ScorecardRound } from './scorecardPage.entry.ts';

const DOSSIERS = Number(process.env.BENCH_DOSSIERS ?? 100_000);
const ROUNDS = 4;

type ScorecardWindow = {
  __scorecardUnlock(u: string, p: string): Promise<void>;
  __scorecardMeasure(month: string, rounds: number): Promise<ScorecardRound[]>;
  __scorecardTotal(): Promise<number>;
  __scorecardReference(month: string): Promise<{ openOverdueMs: number; opened: number; sameOverdue: boolean; sameRows: boolean }>;
};

function figures(rounds: ScorecardRound[]) {
  // The first round warms the caches; the figures are of the rest.
  const r = rounds.slice(1);
  const scorecard = summary(r.map((x) => x.scorecardMs));
  const countAll = summary(r.map((x) => x.countAllMs));
  const countMonth = summary(r.map((x) => x.countMonthMs));
  const openMonth = summary(r.map((x) => x.openMonthMs));
  const overdueAlone = summary(r.map((x) => x.overdueMs));
  return {
    monthDossiers: rounds[0]?.monthDossiers ?? 0,
    received: rounds[0]?.received ?? 0,
    overdueNow: rounds[0]?.overdueNow ?? 0,
    procedures: rounds[0]?.rows ?? 0,
    scorecard,
    overdueAlone,
    baselines: { countAll, countMonth, openMonth },
    ratioToCountAll: ratio(scorecard.medianMs, countAll.medianMs),
    ratioToOpenMonth: ratio(scorecard.medianMs, openMonth.medianMs),
    warmupMs: round(rounds[0]?.scorecardMs ?? 0),
  };
}

export async function benchScorecard(options: { host: WebHost; log?: (message: string) => void }) {
  const log = options.log ?? ((m: string) => process.stdout.write(`[scorecard] ${m}\n`));
  const began = performance.now();
  const loadAtStart = loadavg().map((v) => round(v, 2));
  const profile = await newProfile('scorecard');
  const { context, page } = await launch(profile);
  try {
    await page.goto(options.host.issueOpenUrl());
    await firstRun(page);
    const facts = await readDeskFacts(page);
    const until = new Date();
    log(`seeding ${DOSSIERS} encrypted dossiers`);
    const seeded = await seedRegister(page, facts, DOSSIERS, until);
    await page.evaluate(await pageScript('./scorecardPage.entry.ts'));
    await page.evaluate(({ u, p }) => (window as unknown as ScorecardWindow).__scorecardUnlock(u, p), { u: ADMIN.username, p: ADMIN.password });
    const stored = await page.evaluate(() => (window as unknown as ScorecardWindow).__scorecardTotal());
    // The last whole month and the month under way (the one a commune checks before the portal publishes).
    const desk = new Date(until.getTime() + 7 * 3_600_000);
    const current = desk.toISOString().slice(0, 7);
    const previous = new Date(Date.UTC(desk.getUTCFullYear(), desk.getUTCMonth() - 1, 1)).toISOString().slice(0, 7);
    const months: Record<string, ReturnType<typeof figures> & { checkedAgainstOpening: Awaited<ReturnType<ScorecardWindow['__scorecardReference']>> }> = {};
    for (const month of [previous, current]) {
      log(`scorecard of ${month}: ${ROUNDS} rounds`);
      const rounds = await page.evaluate(({ m, n }) => (window as unknown as ScorecardWindow).__scorecardMeasure(m, n), { m: month, n: ROUNDS });
      log(`scorecard of ${month}: overdue now checked against opening every overdue dossier`);
      const checked = await page.evaluate((m) => (window as unknown as ScorecardWindow).__scorecardReference(m), month);
      if (!checked.sameOverdue || !checked.sameRows) throw new Error(`the scorecard of ${month} differs from the one opening every overdue dossier`);
      months[month] = { ...figures(rounds), checkedAgainstOpening: checked };
    }
    const main = months[previous]!;
    const result = {
      date: new Date().toISOString(),
      dossiers: stored,
      machine: {
        cpus: cpus().length,
        cpuModel: cpus()[0]?.model ?? 'unknown',
        node: process.version,
        loadAverageAtStart: loadAtStart,
        loadAverageAtEnd: loadavg().map((v) => round(v, 2)),
      },
      method: {
        where:
          'Debian Chromium on real IndexedDB, in a desk page served by main/web.ts after the first run; the register replaced by generated dossiers (demoDossiers, fixed seed, 80 a day) sealed through the app’s own protection middleware (bench/desk.ts seedRegister). loadScorecard (renderer/features/scorecard/loadScorecard.ts) bundled by esbuild and called in the page on the app’s unlocked database, timed with performance.now().',
        baseline:
          'In the same page, interleaved with each scorecard round: countAll = db.dossiers.count() (the whole table, keys only); countMonth = the month’s dossiers counted through the receivedAt index; openMonth = those dossiers read and decrypted (toArray), the part no clear index can spare since the procedure is sealed.',
        rounds: `${ROUNDS} per month, the first a warm-up not counted`,
        overdue:
          'Overdue now is per procedure, and the procedure is sealed: it is one IndexedDB count() per procedure over the dueBy index (database v10: the procedure’s blind token with the appointment, written by the protection middleware on the dossiers that can be overdue; loadScorecard countOverdue), with the keys between the counted ranges read to prove nothing overdue was left out, opening one dossier per procedure for its name. overdueAlone: countOverdue timed alone after each round, nothing opened beforehand. The generator leaves about 60 % of its dossiers at statuses 2, 4 or 5 with appointments long past (demoDossiers STATUSES), far more than a desk in service. checkedAgainstOpening: after the rounds, overdue now is counted the way it was before (every overdue dossier opened: openOverdueMs, opened) and compared per procedure with the scorecard’s rows; the run stops if one differs.',
      },
      seedingMs: { generate: round(seeded.generateMs), sealAndWrite: round(seeded.writeMs) },
      perDay: PER_DAY,
      seed: SEED,
      scorecardMedianMs: main.scorecard.medianMs,
      countAllMedianMs: main.baselines.countAll.medianMs,
      ratioToCountAll: main.ratioToCountAll,
      ratioToOpenMonth: main.ratioToOpenMonth,
      months,
      runtimeS: round((performance.now() - began) / 1000),
    };
    return result;
  } finally {
    await context.close();
    await removeProfile(profile);
  }
}
