// `npm run security:scan` (node --import tsx tests/package/security-scan.ts): Electronegativity over the app's own sources (main/, preload/,
// renderer/ and package.json, without the *.test.* files, which are not shipped). It parses
// TypeScript and TSX itself, so the sources are scanned, not the bundles. Exits 1 on any HIGH
// finding or on any file it could not parse (an unparsed file is an unscanned file).
//
// Offline by default: the check that compares the Electron version with GitHub's release list
// (AVAILABLE_SECURITY_FIXES_GLOBAL_CHECK) needs the network and is left out; `--online` keeps it
// (the release workflow runs that). Electronegativity also tries to fetch translations once
// (1 s timeout) and falls back to its bundled English texts.
//
// Exports scan() for tests/package/electronegativity.test.ts (and `npm run security:scan`).
import { cp, mkdtemp, rm, readdir } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../../', import.meta.url));
export const SCANNED = ['main', 'preload', 'renderer'];
export const OFFLINE_EXCLUDED = ['AvailableSecurityFixesGlobalCheck'];

export interface Finding {
  id: string;
  severity: string;
  confidence: string;
  file: string;
  line: number;
  column: number;
  manualReview: boolean;
  sample: string;
  description: string;
}

export interface ScanReport {
  files: number;
  checks: number;
  issues: Finding[];
  errors: { file: string; message: string; tolerable: boolean }[];
}

interface RawIssue {
  id: string;
  severity: { name: string };
  confidence: { name: string };
  file: string;
  location: { line: number; column: number };
  manualReview?: boolean;
  sample?: unknown;
  description: string;
}

type Runner = (
  options: Record<string, unknown>,
  forCli: boolean,
) => Promise<{ globalChecks: number; atomicChecks: number; issues: RawIssue[]; errors: { file: string; message: string; tolerable: boolean }[] }>;

async function listScanned(dir: string): Promise<string[]> {
  const out: string[] = [];
  for (const entry of await readdir(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && /\.(jsx?|tsx?|html?)$/.test(entry.name)) out.push(join(entry.parentPath, entry.name));
  }
  return out;
}

/**
 * Scans a copy of main/, preload/, renderer/ and package.json taken from `root` (the
 * repository by default). Returns the findings and parse errors as plain objects.
 */
export async function scan({ root = REPO, online = false }: { root?: string; online?: boolean } = {}): Promise<ScanReport> {
  const run = createRequire(import.meta.url)('@doyensec/electronegativity/dist/runner.js') as Runner;
  const work = await mkdtemp(join(tmpdir(), 'electronegativity-'));
  try {
    for (const dir of SCANNED) {
      await cp(join(root, dir), join(work, dir), {
        recursive: true,
        filter: (src) => !/\.test\.[cm]?[jt]sx?$/.test(src) && !src.includes(`${join('/', 'node_modules')}`),
      }).catch((error: NodeJS.ErrnoException) => {
        if (error.code !== 'ENOENT') throw error;
      });
    }
    await cp(join(root, 'package.json'), join(work, 'package.json'));
    const files = await listScanned(work);
    const result = await run(
      {
        input: work,
        customScan: [],
        excludeFromScan: online ? [] : OFFLINE_EXCLUDED,
        isRelative: true,
        parserPlugins: [],
      },
      false,
    );
    const issues = result.issues.map((i) => ({
      id: i.id,
      severity: i.severity.name,
      confidence: i.confidence.name,
      file: i.file,
      line: i.location.line,
      column: i.location.column,
      manualReview: Boolean(i.manualReview),
      sample: String(i.sample ?? '')
        .trim()
        .slice(0, 160),
      description: i.description,
    }));
    const errors = result.errors.map((e) => ({ file: relative(work, e.file), message: e.message, tolerable: e.tolerable }));
    return { files: files.length, checks: result.globalChecks + result.atomicChecks, issues, errors };
  } finally {
    await rm(work, { recursive: true, force: true });
  }
}

export function failures(report: ScanReport): string[] {
  return [
    ...report.issues.filter((i) => i.severity === 'HIGH').map((i) => `HIGH ${i.id} at ${i.file}:${i.line}:${i.column} ${i.sample}`),
    ...report.errors.filter((e) => !e.tolerable).map((e) => `not parsed: ${e.file}: ${e.message}`),
  ];
}

if (process.argv[1] === fileURLToPath(import.meta.url)) {
  const report = await scan({ online: process.argv.includes('--online') });
  console.log(`Electronegativity: ${report.files} files, ${report.checks} checks, ${report.issues.length} findings`);
  for (const i of report.issues) {
    console.log(`  ${i.severity.padEnd(13)} ${i.confidence.padEnd(9)} ${i.id}  ${i.file}:${i.line}:${i.column}${i.manualReview ? '  (review)' : ''}`);
  }
  for (const e of report.errors) console.log(`  parse ${e.tolerable ? 'warning' : 'error'}: ${e.file}: ${e.message}`);
  const bad = failures(report);
  if (bad.length > 0) {
    console.error(`\n${bad.length} blocking finding(s):\n  ${bad.join('\n  ')}`);
    process.exit(1);
  }
  console.log('No HIGH findings; every other finding is explained in tests/package/electronegativity.md.');
}
