// Reception measurements in the real app: first interactive screen, the register's search,
// scrolling the register, and accept-to-receipt. Timings are taken inside the page with
// performance.now() wherever possible, so Playwright's round trips are not in them.
import type { BrowserContext, Page } from 'playwright-core';
import type { Applicant, Dossier } from '#domain/model.ts';
import type { FormRequest } from '#preload/contract.ts';
import { fold } from '#domain/search/fold.ts';
import { seededRandom } from '#domain/seededRandom.ts';
import { decodeWire } from '#preload/wire.ts';
import { renderForm } from '#main/pdf/forms.ts';
import { launch, signIn } from './desk.ts';
import { SEARCH_DEBOUNCE_MS } from '#renderer/features/dossiers/dossierQuery.ts';
import { newDossier } from '#tests/support/deskFlows.ts';

// ---------------------------------------------------------------------------------------
// First interactive screen

/**
 * Installed before the app's scripts: notes when the sign-in form is in the DOM with its
 * submit button enabled ("appear"), and when the main thread next runs a task after that
 * ("usable": the page can take the officer's keystrokes). Both are ms since the
 * navigation started (performance.timeOrigin), so the browser launch is not included.
 */
const FIRST_INTERACTIVE_PROBE = `
(() => {
  const probe = (window.__firstInteractive = { appear: 0, usable: 0 });
  const check = () => {
    if (probe.appear) return;
    const user = document.querySelector('input[name=username]');
    const submit = document.querySelector('form button[type=submit]');
    if (!user || !submit || submit.disabled) return;
    probe.appear = performance.now();
    observer.disconnect();
    setTimeout(() => { probe.usable = performance.now(); }, 0);
  };
  const observer = new MutationObserver(check);
  observer.observe(document, { subtree: true, childList: true, attributes: true });
})();
`;

export interface FirstInteractiveSample {
  /** Navigation start → sign-in form in the DOM, enabled. */
  appearMs: number;
  /** Navigation start → the next task after that (the form takes input). */
  usableMs: number;
  /** page.goto() call → usable, timed in Node (includes Playwright's own overhead). */
  wallMs: number;
  /** JavaScript the page had fetched (decoded bytes) by then: what it had to parse and compile. */
  scriptBytes: number;
}

/** One sample per fresh browser start on the profile (a desk being switched on); the profile is signed in already, so `deskUrl` is host.url. */
export async function measureFirstInteractive(
  profile: string,
  deskUrl: string,
  runs: number,
): Promise<{ samples: FirstInteractiveSample[]; last: { context: BrowserContext; page: Page } }> {
  const samples: FirstInteractiveSample[] = [];
  let last: { context: BrowserContext; page: Page } | null = null;
  for (let i = 0; i < runs; i++) {
    if (last) await last.context.close();
    last = await launch(profile, [FIRST_INTERACTIVE_PROBE]);
    const started = performance.now();
    await last.page.goto(deskUrl);
    await last.page.waitForFunction(() => (window as unknown as { __firstInteractive?: { usable: number } }).__firstInteractive?.usable, undefined, {
      timeout: 60_000,
      polling: 50,
    });
    const wallMs = performance.now() - started;
    const probe = await last.page.evaluate(() => {
      const fi = (window as unknown as { __firstInteractive: { appear: number; usable: number } }).__firstInteractive;
      const scripts = (performance.getEntriesByType('resource') as PerformanceResourceTiming[]).filter(
        (e) => /\.m?js(\?|$)/.test(e.name) && e.responseEnd <= fi.usable,
      );
      return { ...fi, scriptBytes: scripts.reduce((n, e) => n + e.decodedBodySize, 0) };
    });
    samples.push({ appearMs: probe.appear, usableMs: probe.usable, wallMs, scriptBytes: probe.scriptBytes });
  }
  return { samples, last: last! };
}

// ---------------------------------------------------------------------------------------
// Register search

export type SearchKind = 'code' | 'name' | 'id';

export interface SearchSample {
  kind: SearchKind;
  query: string;
  /** Input event → DOM commit showing the new count and rows; includes the register's debounce (SEARCH_DEBOUNCE_MS). */
  totalMs: number;
  /** The register's debounce timer firing → that commit: IndexedDB query + opening the rows shown + React render. */
  afterDebounceMs: number;
  /** Input → the debounce timer firing (≈ SEARCH_DEBOUNCE_MS plus any main-thread delay). */
  debounceMs: number;
  count: string;
  firstRow: string;
}

/** Varied queries taken from the seeded register, as an officer would type them. */
export function searchQueries(dossiers: readonly Dossier[], each: number, seed = 7): Record<SearchKind, string[]> {
  const rng = seededRandom(seed);
  const pickDossier = () => dossiers[Math.floor(rng() * dossiers.length)]!;
  const code: string[] = [];
  const name: string[] = [];
  const id: string[] = [];
  const seen = new Set<string>();
  const add = (list: string[], q: string) => {
    if (seen.has(q)) return false;
    seen.add(q);
    list.push(q);
    return true;
  };
  let guard = 0;
  while ((code.length < each || name.length < each || id.length < each) && guard++ < each * 50) {
    const d = pickDossier();
    if (code.length < each) add(code, d.code); // the full code, as printed on the receipt
    if (id.length < each) add(id, d.applicant.idNumber);
    if (name.length < each) {
      // Without diacritics, as typed on a keyboard without Telex: family + middle ("nguyen van"),
      // the full name, or middle + given name ("van an").
      const words = fold(d.applicant.fullName).split(' ');
      const form = name.length % 3;
      add(name, form === 0 ? words.slice(0, 2).join(' ') : form === 1 ? words.join(' ') : words.slice(1).join(' '));
    }
  }
  return { code, name, id };
}

interface InPageSearchResult {
  query: string;
  totalMs: number;
  afterDebounceMs: number;
  debounceMs: number;
  count: string;
  firstRow: string;
  error?: string;
}

/** Runs the queries in the page, one after another, each after a reset to a query that matches nothing. */
async function searchInPage(page: Page, queries: string[]): Promise<InPageSearchResult[]> {
  return page.evaluate(
    async ({ queries, reset, debounceMs }) => {
      type W = Window & { __benchTimers?: { debounceAt: number; setTimeout: typeof setTimeout } };
      const w = window as W;
      if (!w.__benchTimers) {
        // The register debounces with window.setTimeout(fn, SEARCH_DEBOUNCE_MS): note when such a timer fires.
        const original = window.setTimeout.bind(window);
        const timers = { debounceAt: 0, setTimeout: original };
        w.__benchTimers = timers;
        window.setTimeout = ((handler: TimerHandler, delay?: number, ...rest: unknown[]) => {
          if (delay === debounceMs && typeof handler === 'function') {
            const fn = handler as (...a: unknown[]) => void;
            return original(
              (...a: unknown[]) => {
                timers.debounceAt = performance.now();
                fn(...a);
              },
              delay,
              ...rest,
            );
          }
          return original(handler, delay, ...rest);
        }) as typeof setTimeout;
      }
      const timers = w.__benchTimers;
      const input = document.querySelector<HTMLInputElement>('input[name=dossier-search]');
      if (!input) throw new Error('the register is not open');
      const type = (text: string) => {
        input.focus();
        input.select();
        // A trusted input event, like a paste or Playwright's fill().
        if (!document.execCommand('insertText', false, text)) throw new Error('insertText refused');
      };
      const dataRow = () => document.querySelector('.list-viewport .list-row:not(.head) .code');
      const emptyShown = () => !document.querySelector('.list-viewport .list-row:not(.head)') && !!document.querySelector('.list-viewport > p.muted');
      const waitFor = (cond: () => boolean, timeoutMs: number) =>
        new Promise<number>((ok, fail) => {
          if (cond()) return ok(performance.now());
          const observer = new MutationObserver(() => {
            if (!cond()) return;
            const at = performance.now();
            observer.disconnect();
            clearTimeout(timer);
            ok(at);
          });
          observer.observe(document.body, { subtree: true, childList: true, characterData: true });
          const timer = timers.setTimeout(() => {
            observer.disconnect();
            fail(new Error('timeout'));
          }, timeoutMs);
        });
      const settle = () => new Promise<void>((ok) => requestAnimationFrame(() => timers.setTimeout(ok, 0)));

      const out: InPageSearchResult[] = [];
      for (const query of queries) {
        try {
          type(reset);
          await waitFor(emptyShown, 20_000);
          await settle();
          const started = performance.now();
          type(query);
          const committed = await waitFor(() => dataRow() !== null, 20_000);
          const row = document.querySelector('.list-viewport .list-row:not(.head)');
          out.push({
            query,
            totalMs: committed - started,
            afterDebounceMs: committed - timers.debounceAt,
            debounceMs: timers.debounceAt - started,
            count: document.querySelector('[data-testid=dossier-count]')?.textContent ?? '',
            firstRow: [...(row?.children ?? [])].map((c) => c.textContent).join(' | '),
          });
        } catch (e) {
          out.push({ query, totalMs: NaN, afterDebounceMs: NaN, debounceMs: NaN, count: '', firstRow: '', error: String(e) });
        }
      }
      type('');
      return out;
    },
    { queries, reset: 'zzzz khong co ai', debounceMs: SEARCH_DEBOUNCE_MS },
  );
}

export async function measureSearches(page: Page, queries: Record<SearchKind, string[]>, warmup: string[]): Promise<SearchSample[]> {
  await page.keyboard.press('F3');
  await page.locator('input[name=dossier-search]').waitFor();
  await page.getByTestId('dossier-count').waitFor();
  // Warm the register (code paths, IndexedDB caches) with queries that are not measured.
  await searchInPage(page, warmup);
  const samples: SearchSample[] = [];
  // Interleave the kinds so a slow patch of the run does not land on one kind only.
  const n = Math.max(queries.code.length, queries.name.length, queries.id.length);
  const order: { kind: SearchKind; query: string }[] = [];
  for (let i = 0; i < n; i++) {
    for (const kind of ['code', 'name', 'id'] as const) if (queries[kind][i] !== undefined) order.push({ kind, query: queries[kind][i]! });
  }
  const results = await searchInPage(
    page,
    order.map((o) => o.query),
  );
  results.forEach((r, i) => {
    const { kind } = order[i]!;
    if (r.error) throw new Error(`search "${r.query}" (${kind}) did not complete: ${r.error}`);
    samples.push({
      kind,
      query: r.query,
      totalMs: r.totalMs,
      afterDebounceMs: r.afterDebounceMs,
      debounceMs: r.debounceMs,
      count: r.count,
      firstRow: r.firstRow,
    });
  });
  return samples;
}

// ---------------------------------------------------------------------------------------
// Scrolling the register: heap and how fast rows fill in

export interface ScrollResult {
  heapBeforeBytes: number;
  heapPeakBytes: number;
  heapAfterBytes: number;
  heapTotalPeakBytes: number;
  heapSamples: number;
  total: string;
  /** Raw IndexedDB, no app code: one 100-row page read through the receivedAt index, newest first, at these offsets. */
  rawPageReadMs: { offset: number; reverseMs: number; forwardMs: number }[];
  /** Jump to a position → every visible row filled (no "…" placeholder); null if not within the time limit. */
  jumps: { fraction: number; row: number; fillMs: number | null }[];
  jumpTimeoutMs: number;
  /** Continuous scroll from the top: frames stepped, how long the stretch took, frames showing placeholders. */
  continuous: { frames: number; px: number; ms: number; stalledFrames: number; filled: boolean };
  /** IndexedDB cursor and getAll requests the page made while jumping and scrolling. */
  idbRequests: number;
  /** Distinct 100-row pages (the register's page size) that were on screen: the reads needed. */
  distinctPages: number;
}

export async function measureScroll(context: BrowserContext, page: Page, fractions: number[], frames: number, jumpTimeoutMs: number): Promise<ScrollResult> {
  const cdp = await context.newCDPSession(page);
  await cdp.send('Performance.enable');
  const heap = async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => metrics.find((m) => m.name === name)?.value ?? 0;
    return { used: get('JSHeapUsedSize'), total: get('JSHeapTotalSize') };
  };

  // The register with no query: a paged view over all dossiers.
  await page.keyboard.press('F2');
  await page.keyboard.press('F3');
  await page.locator('.list-viewport .list-row:not(.head) .code').first().waitFor({ timeout: 60_000 });

  const total = (await page.getByTestId('dossier-count').textContent()) ?? '';
  const rawPageReadMs = await page.evaluate(async () => {
    const db = await new Promise<IDBDatabase>((ok, fail) => {
      const r = indexedDB.open('mot-cua-desk');
      r.onsuccess = () => ok(r.result);
      r.onerror = () => fail(r.error);
    });
    const n = await new Promise<number>((ok) => {
      const r = db.transaction('dossiers').objectStore('dossiers').count();
      r.onsuccess = () => ok(r.result);
    });
    // What Dexie does for offset(k).limit(100) on a plain index range: advance(k), then 100 continue()s.
    const read = (offset: number, direction: IDBCursorDirection) =>
      new Promise<number>((ok, fail) => {
        const start = performance.now();
        const request = db.transaction('dossiers').objectStore('dossiers').index('receivedAt').openCursor(null, direction);
        let advanced = offset === 0;
        let got = 0;
        request.onerror = () => fail(request.error);
        request.onsuccess = () => {
          const cursor = request.result;
          if (!cursor) return ok(performance.now() - start);
          if (!advanced) {
            advanced = true;
            cursor.advance(offset);
            return;
          }
          if (++got === 100) return ok(performance.now() - start);
          cursor.continue();
        };
      });
    const out: { offset: number; reverseMs: number; forwardMs: number }[] = [];
    for (const offset of [0, Math.floor(n / 4), Math.floor(n / 2), Math.max(0, n - 100)]) {
      out.push({ offset, reverseMs: await read(offset, 'prev'), forwardMs: await read(offset, 'next') });
    }
    db.close();
    return out;
  });

  await cdp.send('HeapProfiler.collectGarbage');
  const before = await heap();
  let peak = before.used;
  let totalPeak = before.total;
  let heapSamples = 1;
  let sampling = true;
  const sampler = (async () => {
    while (sampling) {
      const h = await heap().catch(() => null);
      if (h) {
        peak = Math.max(peak, h.used);
        totalPeak = Math.max(totalPeak, h.total);
        heapSamples++;
      }
      await new Promise((ok) => setTimeout(ok, 100));
    }
  })();

  const inPage = await page.evaluate(
    async ({ fractions, frames, jumpTimeoutMs }) => {
      // Count the IndexedDB reads the register makes (Dexie opens cursors or calls getAll).
      const counter = { n: 0 };
      const restore: (() => void)[] = [];
      for (const proto of [IDBIndex.prototype, IDBObjectStore.prototype] as unknown as Record<string, (...a: unknown[]) => unknown>[]) {
        for (const method of ['openCursor', 'openKeyCursor', 'getAll', 'getAllKeys']) {
          const original = proto[method]!;
          restore.push(() => (proto[method] = original));
          proto[method] = function (this: unknown, ...args: unknown[]) {
            counter.n++;
            return original.apply(this, args);
          };
        }
      }
      const vp = document.querySelector<HTMLElement>('.list-viewport')!;
      const frame = () => new Promise<number>((ok) => requestAnimationFrame(ok));
      const placeholders = () => vp.querySelectorAll('.list-row:not(.head) > .muted').length;
      const filled = () => placeholders() === 0 && vp.querySelector('.list-row:not(.head) .code') !== null;
      const waitFilled = async (timeoutMs: number) => {
        const start = performance.now();
        await frame();
        await frame();
        while (!filled()) {
          if (performance.now() - start > timeoutMs) return false;
          await frame();
        }
        return true;
      };
      const shown = new Set<number>();
      const notePages = () => {
        for (const row of vp.querySelectorAll<HTMLElement>('.list-row:not(.head)[style]')) {
          const y = /translateY\((\d+(?:\.\d+)?)px\)/.exec(row.style.transform);
          if (y) shown.add(Math.floor(Math.round(Number(y[1]) / 40) / 100));
        }
      };
      const jumps: { fraction: number; row: number; fillMs: number | null }[] = [];
      for (const fraction of fractions) {
        const start = performance.now();
        vp.scrollTop = fraction * (vp.scrollHeight - vp.clientHeight);
        const ok = await waitFilled(jumpTimeoutMs);
        jumps.push({ fraction, row: Math.round(vp.scrollTop / 40), fillMs: ok ? performance.now() - start : null });
        notePages();
      }
      // Continuous scrolling from the top, 120 px a frame, as with a wheel held down.
      vp.scrollTop = 0;
      await waitFilled(jumpTimeoutMs);
      let stalled = 0;
      const start = performance.now();
      for (let f = 0; f < frames; f++) {
        vp.scrollTop += 120;
        await frame();
        notePages();
        if (placeholders() > 0) stalled++;
      }
      const ok = await waitFilled(jumpTimeoutMs);
      const continuous = { frames, px: frames * 120, ms: performance.now() - start, stalledFrames: stalled, filled: ok };
      for (const undo of restore) undo();
      return { jumps, continuous, idbRequests: counter.n, distinctPages: shown.size };
    },
    { fractions, frames, jumpTimeoutMs },
  );
  sampling = false;
  await sampler;
  const after = await heap();
  await cdp.detach();
  return {
    heapBeforeBytes: before.used,
    heapPeakBytes: Math.max(peak, after.used),
    heapAfterBytes: after.used,
    heapTotalPeakBytes: totalPeak,
    heapSamples,
    total,
    rawPageReadMs,
    jumps: inPage.jumps,
    jumpTimeoutMs,
    continuous: inPage.continuous,
    idbRequests: inPage.idbRequests,
    distinctPages: inPage.distinctPages,
  };
}

// ---------------------------------------------------------------------------------------
// Accept → receipt on screen

export interface ReceiptSample {
  procedure: string;
  /** Click on "Tiếp nhận & in giấy hẹn" → the PDF viewer's first canvas in the DOM (page 1 drawn). */
  totalMs: number;
  /** Click → the forms.render request leaving (saving the dossier: code, IndexedDB transaction). */
  beforeRenderMs: number;
  /** The forms.render request, start → response end (Resource Timing). */
  renderHttpMs: number;
  /** Response end → first canvas (storing the PDF, pdf.js loading and drawing page 1). */
  afterRenderMs: number;
  code: string;
  requestBody: string;
}

const RECEIPT_PROCEDURES = ['dang ky khai sinh', 'dang ky ket hon', 'dang ky khai tu', 'cap ban sao trich luc ho tich', 'chung thuc di chuc'];

const ACCEPT = 'Tiếp nhận & in giấy hẹn';

async function receiveOne(page: Page, procedure: string, applicant: Applicant): Promise<ReceiptSample> {
  await page.locator('input[name=procedure-search]').fill(procedure);
  await page.getByRole('option').first().waitFor();
  await page.locator('input[name=procedure-search]').press('Enter');
  await page.getByTestId('chosen-procedure').waitFor();
  await page.locator('input[name=fullName]').fill(applicant.fullName);
  await page.locator('input[name=idNumber]').fill(applicant.idNumber);
  await page.locator('input[name=dateOfBirth]').fill(applicant.dateOfBirth);
  await page.locator('select[name=gender]').selectOption(applicant.gender);
  await page.locator('input[name=address]').fill(applicant.address);
  if (applicant.phone) await page.locator('input[name=phone]').fill(applicant.phone);
  for (const box of await page.locator('table.checklist input[type=checkbox]').all()) await box.check();

  await page.evaluate((label) => {
    type Probe = { clickAt: number; canvasAt: number };
    const probe: Probe = { clickAt: 0, canvasAt: 0 };
    (window as unknown as { __receipt: Probe }).__receipt = probe;
    performance.clearResourceTimings();
    const onClick = (e: Event) => {
      const button = (e.target as Element | null)?.closest?.('button');
      // The button also shows its shortcut (<kbd>Ctrl+Enter</kbd>): its text starts with the label.
      if (!button?.textContent?.trim().startsWith(label)) return;
      probe.clickAt = performance.now();
      window.removeEventListener('click', onClick, true);
    };
    window.addEventListener('click', onClick, true);
    const observer = new MutationObserver(() => {
      if (!document.querySelector('.pdf-viewer canvas')) return;
      probe.canvasAt = performance.now();
      observer.disconnect();
    });
    observer.observe(document.body, { subtree: true, childList: true });
  }, ACCEPT);

  const request = page.waitForRequest((r) => r.url().endsWith('/api/forms.render'));
  await page.getByRole('button', { name: ACCEPT }).click();
  const requestBody = (await request).postData() ?? '';
  await page.waitForFunction(() => (window as unknown as { __receipt: { canvasAt: number } }).__receipt.canvasAt > 0, undefined, {
    timeout: 60_000,
    polling: 50,
  });
  const timing = await page.evaluate(() => {
    const probe = (window as unknown as { __receipt: { clickAt: number; canvasAt: number } }).__receipt;
    const entry = performance
      .getEntriesByType('resource')
      .filter((e) => e.name.endsWith('/api/forms.render'))
      .at(-1) as PerformanceResourceTiming | undefined;
    return { ...probe, start: entry?.startTime ?? NaN, end: entry?.responseEnd ?? NaN };
  });
  // Without the click the figures would run from the page's start: a changed button must fail the run, not skew it.
  if (!(timing.clickAt > 0)) throw new Error(`the click on "${ACCEPT}" was not seen in the page`);
  const code = (await page.getByTestId('dossier-code').textContent()) ?? '';
  await newDossier(page);
  return {
    procedure,
    totalMs: timing.canvasAt - timing.clickAt,
    beforeRenderMs: timing.start - timing.clickAt,
    renderHttpMs: timing.end - timing.start,
    afterRenderMs: timing.canvasAt - timing.end,
    code,
    requestBody,
  };
}

export interface ReceiptResult {
  warmup: ReceiptSample;
  samples: ReceiptSample[];
  /** The same forms.render calls replayed over HTTP from the page (fetch → response body read). */
  httpBaselineMs: number[];
  /** renderForm() for the same requests, in Node, no HTTP. */
  nodeRenderMs: number[];
}

export async function measureReceipts(page: Page, applicants: Applicant[], runs: number): Promise<ReceiptResult> {
  await page.keyboard.press('F2');
  await page.locator('input[name=procedure-search]').waitFor();
  const warmup = await receiveOne(page, RECEIPT_PROCEDURES[0]!, applicants[0]!);
  const samples: ReceiptSample[] = [];
  for (let i = 0; i < runs; i++) samples.push(await receiveOne(page, RECEIPT_PROCEDURES[i % RECEIPT_PROCEDURES.length]!, applicants[i + 1]!));

  const bodies = samples.map((s) => s.requestBody);
  const httpBaselineMs = await page.evaluate(async (bodies) => {
    const out: number[] = [];
    for (const body of bodies) {
      const start = performance.now();
      const response = await fetch('/api/forms.render', { method: 'POST', credentials: 'same-origin', headers: { 'Content-Type': 'application/json' }, body });
      const text = await response.text();
      if (!response.ok || !text.startsWith('{"ok":true')) throw new Error(`forms.render replay failed: ${response.status} ${text.slice(0, 200)}`);
      out.push(performance.now() - start);
    }
    return out;
  }, bodies);

  const nodeRenderMs: number[] = [];
  for (const body of bodies) {
    const request = decodeWire(body) as FormRequest;
    const start = performance.now();
    await renderForm(request);
    nodeRenderMs.push(performance.now() - start);
  }
  return { warmup, samples, httpBaselineMs, nodeRenderMs };
}

export { signIn };
