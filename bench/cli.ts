// `desk` start-up (issue 17: 0.4–1.3 s when tsx compiled TypeScript at every run; goal ≤ 200 ms).
// `desk holidays 2026` three ways in the same run, rounds interleaved so that each way sees the
// same machine load: `node -e 0` (the floor any Node program pays), the built CLI as the installed
// app runs it (dist/main/cli.mjs, bundled here into a folder of the benchmark's own with the
// options scripts/build.mjs uses; plain node stands in for the app's executable with --cli, since
// Electron's binary is absent here), and main/cli.ts through tsx as bin/desk.js runs it in a
// checkout whose sources are newer than the bundle (tsx's own transform cache warm, as after the
// first run). Each run's output is checked, so a failing command cannot pass for a fast one.
import { spawnSync } from 'node:child_process';
import { cpus, loadavg, tmpdir } from 'node:os';
import { mkdir, mkdtemp, rm, symlink, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import { ratio, round, summary } from './stats.ts';
import { buildCli } from '#scripts/cliBuild.mjs';

const ROOT = fileURLToPath(new URL('..', import.meta.url));
const RUNS = Number(process.env.BENCH_CLI_RUNS ?? 15);
const ARGS = ['holidays', '2026'];
const EXPECTED = /^2026-09-02 Quốc khánh/m;

function wallMs(args: string[], check: RegExp | null): number {
  const t0 = performance.now();
  const result = spawnSync(process.execPath, args, {
    cwd: ROOT,
    encoding: 'utf8',
    env: { PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: process.env.HOME ?? tmpdir() },
  });
  const ms = performance.now() - t0;
  if (result.status !== 0 || (check && !check.test(result.stdout)))
    throw new Error(`node ${args.join(' ')} exited ${result.status}: ${result.stderr.slice(-800)}`);
  return ms;
}

export async function benchCli() {
  const work = await mkdtemp(join(tmpdir(), 'desk-bench-cli-'));
  try {
    // The installed layout's dist/main, resolving its external packages from the checkout's node_modules.
    const distMain = join(work, 'dist', 'main');
    await mkdir(distMain, { recursive: true });
    await symlink(join(ROOT, 'node_modules'), join(work, 'node_modules'), 'dir');
    const t0 = performance.now();
    await buildCli(ROOT, distMain);
    const buildMs = performance.now() - t0;
    const built = join(work, 'run-built.mjs');
    await writeFile(
      built,
      `const { main } = await import(${JSON.stringify(pathToFileURL(join(distMain, 'cli.mjs')).href)});\nprocess.exitCode = await main(process.argv.slice(2));\n`,
    );
    const viaTsx = join(work, 'run-tsx.mjs');
    await writeFile(
      viaTsx,
      [
        `const { register } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'node_modules/tsx/dist/esm/api/index.mjs')).href)});`,
        'register();',
        `const { main } = await import(${JSON.stringify(pathToFileURL(join(ROOT, 'main/cli.ts')).href)});`,
        'process.exitCode = await main(process.argv.slice(2));',
        '',
      ].join('\n'),
    );
    const ways = {
      nodeBaseline: () => wallMs(['-e', '0'], null),
      built: () => wallMs([built, ...ARGS], EXPECTED),
      tsx: () => wallMs([viaTsx, ...ARGS], EXPECTED),
    };
    const loadAtStart = round(loadavg()[0]!, 2);
    // One warm-up each (disk cache, tsx's transform cache), not counted.
    for (const run of Object.values(ways)) run();
    const samples: Record<keyof typeof ways, number[]> = { nodeBaseline: [], built: [], tsx: [] };
    for (let round_ = 0; round_ < RUNS; round_++) for (const [name, run] of Object.entries(ways)) samples[name as keyof typeof ways].push(run());
    const figures = {
      nodeBaseline: summary(samples.nodeBaseline),
      built: summary(samples.built),
      tsx: summary(samples.tsx),
    };
    return {
      command: `desk ${ARGS.join(' ')}`,
      runs: RUNS,
      machine: { cpus: cpus().length, loadAverage1mAtStart: loadAtStart, loadAverage1mAtEnd: round(loadavg()[0]!, 2) },
      bundleBuildMs: round(buildMs),
      ...figures,
      ratios: {
        builtToNode: ratio(figures.built.medianMs, figures.nodeBaseline.medianMs),
        tsxToNode: ratio(figures.tsx.medianMs, figures.nodeBaseline.medianMs),
        tsxToBuilt: ratio(figures.tsx.medianMs, figures.built.medianMs),
      },
      /** What the built CLI adds to Node's own start-up, median against median. */
      builtOverNodeMs: round(figures.built.medianMs - figures.nodeBaseline.medianMs),
      note: "wall time of a child process, median of interleaved rounds; the installed app runs the same bundle in Electron's executable (--cli), which is not measured here: Electron's binary is absent",
    };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}
