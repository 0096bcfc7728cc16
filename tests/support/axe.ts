// axe-core inside the page Playwright drives: the WCAG 2.1 A and AA rules, run on what the
// officer sees now. The desk's Content-Security-Policy forbids inline scripts, so the engine is
// evaluated through the DevTools protocol rather than added as a <script> tag.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Page } from 'playwright-core';
import type { AxeResults, RunOptions } from 'axe-core';

const AXE_SOURCE = readFileSync(createRequire(import.meta.url).resolve('axe-core/axe.min.js'), 'utf8');

const WCAG_21_AA: RunOptions = { runOnly: { type: 'tag', values: ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa'] }, resultTypes: ['violations'] };

export interface AxeFinding {
  rule: string;
  impact: string;
  help: string;
  /** Up to five offending elements, each as its selector and axe's summary of what fails. */
  nodes: string[];
}

/** The serious and critical WCAG 2.1 AA violations on the page as it is now. */
export async function seriousViolations(page: Page): Promise<AxeFinding[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.evaluate(AXE_SOURCE);
  const violations = await page.evaluate(async (options) => {
    const axe = (window as unknown as { axe: { run(context: Document, options: RunOptions): Promise<AxeResults> } }).axe;
    return (await axe.run(document, options)).violations;
  }, WCAG_21_AA);
  return violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => ({
      rule: v.id,
      impact: v.impact ?? '',
      help: v.help,
      nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(' ')} — ${(n.failureSummary ?? '').replace(/\s+/g, ' ')}`),
    }));
}

/** Fails with every finding spelled out, so the report names the rule and the element. */
export async function assertAccessible(page: Page, screen: string): Promise<void> {
  const found = await seriousViolations(page);
  if (found.length > 0) {
    const lines = found.flatMap((f) => [`${f.impact} ${f.rule}: ${f.help}`, ...f.nodes.map((n) => `    ${n}`)]);
    throw new Error(`${screen}: ${found.length} serious or critical WCAG 2.1 AA violation(s)\n${lines.join('\n')}`);
  }
}
