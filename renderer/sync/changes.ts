// Pulls the province's changes feed from the stored cursor. Each page is applied in one
// Dexie transaction together with its cursor, so a crash mid-pull neither skips nor
// repeats an entry. What the province says is recorded, never used to delete or
// overwrite the desk's own records: an unknown status code is kept raw beside the
// dossier, a publication that fails the desk's validation is kept out and reported. The one
// write into a dossier is a look-up result, and only where the desk left the look-up open: the
// same rule as the officer's own (domain/catalog/lookupResult.ts), refused and reported otherwise.
import { STATUS_CODES } from '../features/dossiers/statusLabels.ts';
import { deskDate, toDeskIso } from '#domain/deskTime.ts';
import { parseRules } from '#domain/calendar/rules.ts';
import { parseCatalog } from '#domain/catalog/validate.ts';
import { DeskError, isDeskError, type Bilingual } from '#domain/errors.ts';
import type { StatusCode } from '#domain/model.ts';
import type { DeskDb } from '../db/schema.ts';
import { writeCatalog } from '../features/catalog/installCatalog.ts';
import { writeNonTerritorial } from '../features/catalog/nonTerritorial.ts';
import { writeLookupResult } from '../features/dossiers/lookupLater.ts';
import { RESOLVED_OUTCOMES, type ResolvedOutcome } from '#domain/catalog/lookupResult.ts';
import type { ProvincialApi } from './api.ts';
import { badAnswer, errorOf, isBilingual } from './errors.ts';
import { clearState, readState, writeState, type SyncProblem } from './state.ts';

export const PAGE_LIMIT = 100;

/** The officer id the audit trail shows for what the sync installs. */
export const SYNC_ACTOR = 'provincial-sync';

interface ResultFile {
  sha256: string;
  size: number;
  name: string;
}

type Change =
  | {
      cursor: string;
      type: 'dossier.status';
      at: string;
      dossierId: string;
      status: number;
      label: Bilingual | null;
      note: string | null;
      results: ResultFile[];
    }
  | { cursor: string; type: 'catalog'; at: string; version: string; catalog: unknown }
  | { cursor: string; type: 'calendar'; at: string; version: string; rules: unknown }
  | { cursor: string; type: 'nonTerritorial'; at: string; version: string; list: unknown }
  | {
      cursor: string;
      type: 'dossier.lookup';
      at: string;
      dossierId: string;
      /** The desk that sent the dossier; another desk of the agency skips the change. */
      deskId?: string;
      specId: string;
      outcome: ResolvedOutcome;
      reference?: string;
    }
  | { cursor: string; type: string; at?: string };

interface Page {
  changes: Change[];
  cursor: string;
  hasMore: boolean;
}

export interface PullReport {
  pages: number;
  statusChanges: number;
  /** Look-ups the province resolved, written into this desk's dossiers. */
  lookups: number;
  installed: string[];
  rejected: string[];
}

const isPage = (v: unknown): v is Page =>
  typeof v === 'object' &&
  v !== null &&
  Array.isArray((v as Page).changes) &&
  typeof (v as Page).cursor === 'string' &&
  typeof (v as Page).hasMore === 'boolean' &&
  (v as Page).changes.every((c) => typeof c === 'object' && c !== null && typeof c.type === 'string');

const KNOWN_STATUS = new Set<number>(STATUS_CODES);

async function applyStatus(db: DeskDb, change: Extract<Change, { type: 'dossier.status' }>): Promise<boolean> {
  if (typeof change.dossierId !== 'string' || !Number.isInteger(change.status)) return false;
  const dossier = await db.dossiers.get(change.dossierId);
  // Another desk's dossier of the same agency: not ours to keep.
  if (!dossier) return false;
  const row = await db.dossierSync.get(change.dossierId);
  const results = Array.isArray(change.results)
    ? change.results.filter((r) => typeof r?.sha256 === 'string' && typeof r.name === 'string' && Number.isInteger(r.size))
    : [];
  const provincial = {
    status: change.status,
    label: isBilingual(change.label) ? change.label : null,
    note: typeof change.note === 'string' ? change.note : null,
    at: typeof change.at === 'string' ? change.at : new Date().toISOString(),
    results,
  };
  await db.dossierSync.put(
    row
      ? { ...row, provincial }
      : {
          dossierId: dossier.id,
          receivedAt: dossier.receivedAt,
          receivedDay: deskDate(new Date(dossier.receivedAt)),
          state: 'acked',
          version: 0,
          versionSeq: 0,
          provincial,
        },
  );
  for (const r of results) {
    const id = `${dossier.id}:${r.sha256}`;
    if (!(await db.syncResults.get(id))) await db.syncResults.add({ id, dossierId: dossier.id, sha256: r.sha256, name: r.name, size: r.size, pending: 1 });
  }
  // Only a code the desk knows goes into the dossier's own field; any other stays raw above.
  if (KNOWN_STATUS.has(change.status)) await db.dossiers.update(dossier.id, { status: change.status as StatusCode });
  return true;
}

type LookupChange = Extract<Change, { type: 'dossier.lookup' }>;

/**
 * A look-up the province resolved, written as the desk's own would be (lookupLater.ts) by the
 * sync's actor. Refused, with the reason in both languages, when it names no dossier of this
 * desk, a component without a look-up, or an outcome that resolves nothing.
 */
async function applyLookup(db: DeskDb, change: LookupChange, deskId: string | undefined): Promise<boolean> {
  if (typeof change.deskId === 'string' && deskId !== undefined && change.deskId !== deskId) return false;
  const { dossierId, specId, outcome, reference, at } = change;
  if (
    typeof dossierId !== 'string' ||
    typeof specId !== 'string' ||
    !(RESOLVED_OUTCOMES as readonly unknown[]).includes(outcome) ||
    (reference !== undefined && typeof reference !== 'string') ||
    typeof at !== 'string' ||
    Number.isNaN(Date.parse(at))
  ) {
    throw new DeskError('lookup.change-invalid', {
      vi: 'Kết quả tra cứu tỉnh gửi về không hợp lệ (thiếu hồ sơ, thành phần, kết quả hoặc thời điểm).',
      en: 'The look-up result from the province is not valid (dossier, component, outcome or time missing).',
    });
  }
  const result = { specId, outcome, ...(reference === undefined ? {} : { reference }) };
  return (await writeLookupResult(db, dossierId, result, { officerId: SYNC_ACTOR, at: toDeskIso(new Date(at)) })) !== null;
}

function problemOf(e: unknown, at: string): SyncProblem {
  if (isDeskError(e)) return { code: e.code, message: e.text, at };
  return { code: 'publication-invalid', message: { vi: 'Bản phát hành không hợp lệ.', en: 'The publication is not valid.' }, at };
}

async function applyPage(db: DeskDb, page: Page, report: PullReport): Promise<void> {
  const catalogTables = [db.procedures, db.procedureVersions, db.rules, db.settings, db.audit];
  await db.transaction('rw', [db.dossiers, db.dossierSync, db.syncResults, db.syncState, db.outbox, ...catalogTables], async () => {
    const rejected = (await readState(db, 'rejectedPublications')) ?? [];
    const deskId = (await readState(db, 'identity'))?.deskId;
    for (const change of page.changes) {
      const at = new Date().toISOString();
      if (change.type === 'dossier.status') {
        if (await applyStatus(db, change as Extract<Change, { type: 'dossier.status' }>)) report.statusChanges += 1;
      } else if (change.type === 'catalog' && 'catalog' in change) {
        try {
          const catalog = parseCatalog(JSON.stringify(change.catalog));
          await writeCatalog(db, catalog, SYNC_ACTOR);
          report.installed.push(`catalog ${catalog.version}`);
        } catch (e) {
          rejected.push({ ...problemOf(e, at), type: 'catalog', version: String(change.version) });
          report.rejected.push(`catalog ${String(change.version)}`);
        }
      } else if (change.type === 'calendar' && 'rules' in change) {
        try {
          const rules = parseRules(change.rules);
          await db.rules.put({ kind: 'calendar', version: rules.version, effectiveFrom: rules.effectiveFrom, data: rules, installedAt: at });
          report.installed.push(`calendar ${rules.version}`);
        } catch (e) {
          rejected.push({ ...problemOf(e, at), type: 'calendar', version: String(change.version) });
          report.rejected.push(`calendar ${String(change.version)}`);
        }
      } else if (change.type === 'dossier.lookup') {
        const lookup = change as LookupChange;
        try {
          if (await applyLookup(db, lookup, deskId)) report.lookups += 1;
        } catch (e) {
          // Only this result is refused; the rest of the page and the cursor go on.
          const about = `${String(lookup.dossierId)}/${String(lookup.specId)}`;
          rejected.push({ ...problemOf(e, at), type: 'dossier.lookup', version: about });
          report.rejected.push(`dossier.lookup ${about}`);
        }
      } else if (change.type === 'nonTerritorial' && 'list' in change) {
        try {
          const list = await writeNonTerritorial(db, change.list, SYNC_ACTOR);
          report.installed.push(`nonTerritorial ${list.version}`);
        } catch (e) {
          rejected.push({ ...problemOf(e, at), type: 'nonTerritorial', version: String(change.version) });
          report.rejected.push(`nonTerritorial ${String(change.version)}`);
        }
      }
      // Any other type is from a newer province: skipped, the cursor moves past it.
    }
    if (report.rejected.length > 0) await writeState(db, 'rejectedPublications', rejected.slice(-20));
    await writeState(db, 'changesCursor', page.cursor);
  });
}

/** Reads pages until hasMore is false. Throws SyncError (retry/enrol/refused) on failure. */
export async function pullChanges(db: DeskDb, api: ProvincialApi, signal?: AbortSignal): Promise<PullReport> {
  const report: PullReport = { pages: 0, statusChanges: 0, lookups: 0, installed: [], rejected: [] };
  for (;;) {
    const cursor = await readState(db, 'changesCursor');
    const query = new URLSearchParams({ limit: String(PAGE_LIMIT), ...(cursor ? { since: cursor } : {}) });
    const res = await api.request(`/changes?${query}`, {}, signal);
    if (res.status !== 200) {
      const error = await errorOf(res);
      // A province restored from an older backup or replaced does not know our cursor: read
      // its feed again from the start (applying an entry twice changes nothing).
      if (error.code === 'cursor-invalid' && cursor !== undefined && report.pages === 0) {
        await clearState(db, 'changesCursor');
        continue;
      }
      throw error;
    }
    const page = (await res.json().catch(() => null)) as unknown;
    if (!isPage(page)) throw badAnswer('changes');
    await applyPage(db, page, report);
    report.pages += 1;
    if (!page.hasMore || page.changes.length === 0) return report;
  }
}
