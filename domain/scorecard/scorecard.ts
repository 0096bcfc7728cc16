// The commune's scorecard for one month: per procedure and in total, each figure as
// figures.ts defines it, from the desk's own records. Pure: the renderer gathers the records
// (renderer/features/scorecard/loadScorecard.ts), this counts them, and a hand-counted set of
// 50 dossiers (scorecard.fixture.ts) pins every rule.
import { DeskError } from '../errors.ts';
import { toDeskIso } from '../deskTime.ts';
import type { Decision, StatusCode } from '../model.ts';
import { FIGURES, type FigureId } from './figures.ts';

/** What the scorecard reads of a dossier (a subset of domain/model.ts Dossier). */
export interface ScorecardDossier {
  id: string;
  procedureCode: string;
  procedureName: string;
  decision: Decision;
  status: StatusCode;
  receivedAt: string;
  appointmentAt: string | null;
  components: Array<{ specId: string; received: boolean; lookup?: { outcome: string } }>;
  extensions?: Array<{ previousAppointmentAt: string; newAppointmentAt: string; at: string }>;
  handover?: { at: string };
}

/** A dated event another part of the desk records about a dossier (an electronic result, a reused component). */
export interface DossierEvent {
  dossierId: string;
  at: string;
  /** Distinguishes events of one dossier (the component reused); absent = one per dossier. */
  key?: string;
}

/** An electronic certified copy from the certification book: its date and, when it was filed under one, the procedure. */
export interface CertificationEvent {
  at: string;
  procedureCode?: string;
  procedureName?: string;
}

export interface ScorecardInput {
  /** "YYYY-MM", desk calendar. */
  month: string;
  now: Date;
  /** Every dossier a figure of the month may count; others are ignored, so a superset is fine. */
  dossiers: readonly ScorecardDossier[];
  /** Per dossier id, the components (spec ids) with a scanned or imported file stored. */
  scannedSpecs: ReadonlyMap<string, ReadonlySet<string>>;
  /** null where this desk does not record the events yet: the figure is then "not recorded", never 0. */
  electronicResults: readonly DossierEvent[] | null;
  reusedComponents: readonly DossierEvent[] | null;
  certifiedCopies: readonly CertificationEvent[] | null;
  /**
   * Overdue now, already counted per procedure (loadScorecard counts it from the index at
   * 100,000 dossiers); when given, `dossiers` are not checked for it, so none is counted twice.
   */
  overdueNow?: readonly OverdueCount[];
}

/** How many dossiers of one procedure are overdue now, and its name as a dossier of it records it. */
export interface OverdueCount {
  procedureCode: string;
  procedureName: string;
  count: number;
}

/** A figure's value; null = not recorded by this desk. */
export type Figures = Record<FigureId, number | null>;

export interface ScorecardRow {
  procedureCode: string;
  procedureName: string;
  figures: Figures;
}

export interface Scorecard {
  month: string;
  /** Desk time the figures were computed at (overdue is "now"). */
  computedAt: string;
  rows: ScorecardRow[];
  total: Figures;
}

const MONTH = /^(\d{4})-(0[1-9]|1[0-2])$/;

export function assertMonth(month: string): void {
  if (!MONTH.test(month)) {
    throw new DeskError('scorecard.month-invalid', {
      vi: `Tháng "${month}" không hợp lệ; cần dạng mm/yyyy.`,
      en: `Month "${month}" is not valid; use mm/yyyy.`,
    });
  }
}

/** The desk month ("YYYY-MM") of an instant written in ISO 8601. */
export function deskMonth(iso: string): string {
  return toDeskIso(new Date(iso)).slice(0, 7);
}

/** First and last instants of a desk month, as the ISO strings the dossiers' indexes hold. */
export function monthBounds(month: string): { from: string; to: string } {
  assertMonth(month);
  const [y, m] = month.split('-').map(Number) as [number, number];
  const next = m === 12 ? `${y + 1}-01` : `${y}-${String(m + 1).padStart(2, '0')}`;
  return { from: `${month}-01T00:00:00+07:00`, to: `${next}-01T00:00:00+07:00` };
}

/** The appointment the receipt printed: the first one, before any Mẫu 04 moved it. */
export function firstAppointment(d: Pick<ScorecardDossier, 'appointmentAt' | 'extensions'>): string | null {
  return d.extensions?.[0]?.previousAppointmentAt ?? d.appointmentAt;
}

/**
 * The register's overdue rule (renderer/features/dossiers/dossierQuery.ts isOverdue): not
 * finished, current appointment past; a stopped dossier (8, Mẫu 05) has no result due.
 */
export function overdueAt(d: Pick<ScorecardDossier, 'decision' | 'status' | 'appointmentAt'>, now: Date): boolean {
  return d.decision === 'accepted' && d.status < 8 && d.appointmentAt !== null && Date.parse(d.appointmentAt) < now.getTime();
}

const emptyFigures = (input: ScorecardInput): Figures => {
  const f = Object.fromEntries(FIGURES.map((id) => [id, 0])) as Figures;
  if (input.electronicResults === null) f.electronicResults = null;
  if (input.reusedComponents === null) f.reusedComponents = null;
  if (input.certifiedCopies === null) f.certifiedCopies = null;
  return f;
};

export function computeScorecard(input: ScorecardInput): Scorecard {
  assertMonth(input.month);
  const inMonth = (iso: string | undefined) => iso !== undefined && deskMonth(iso) === input.month;
  const rows = new Map<string, ScorecardRow>();
  const byId = new Map(input.dossiers.map((d) => [d.id, d]));
  const rowOf = (code: string, name: string) => {
    let row = rows.get(code);
    if (!row) rows.set(code, (row = { procedureCode: code, procedureName: name, figures: emptyFigures(input) }));
    return row.figures;
  };
  const add = (code: string, name: string, figure: FigureId, n = 1) => {
    const f = rowOf(code, name);
    f[figure] = (f[figure] ?? 0) + n;
  };

  for (const d of byId.values()) {
    const at = (figure: FigureId, n = 1) => add(d.procedureCode, d.procedureName, figure, n);
    if (d.decision !== 'accepted') continue;
    if (inMonth(d.receivedAt)) {
      at('received');
      const paper = d.components.filter((c) => c.received && !c.lookup);
      const scanned = input.scannedSpecs.get(d.id);
      if (paper.length > 0 && paper.every((c) => scanned?.has(c.specId))) at('digitised');
      const looked = d.components.filter((c) => c.lookup && c.lookup.outcome !== 'pending').length;
      if (looked > 0) at('lookups', looked);
    }
    if (d.handover && inMonth(d.handover.at)) {
      const due = firstAppointment(d);
      at(due !== null && Date.parse(d.handover.at) <= Date.parse(due) ? 'decidedOnTime' : 'decidedLate');
    }
    const letters = (d.extensions ?? []).filter((e) => inMonth(e.at)).length;
    if (letters > 0) at('apologies', letters);
    if (!input.overdueNow && overdueAt(d, input.now)) at('overdueNow');
  }
  // After the dossiers: a procedure that has a row keeps the name its dossiers gave it.
  for (const o of input.overdueNow ?? []) if (o.count > 0) add(o.procedureCode, o.procedureName, 'overdueNow', o.count);

  const countEvents = (events: readonly DossierEvent[] | null, figure: FigureId) => {
    const seen = new Set<string>();
    for (const e of events ?? []) {
      const d = byId.get(e.dossierId);
      const key = `${e.dossierId}\u0000${e.key ?? ''}`;
      if (!d || !inMonth(e.at) || seen.has(key)) continue;
      seen.add(key);
      add(d.procedureCode, d.procedureName, figure);
    }
  };
  countEvents(input.electronicResults, 'electronicResults');
  countEvents(input.reusedComponents, 'reusedComponents');
  let unfiled = 0;
  for (const c of input.certifiedCopies ?? []) {
    if (!inMonth(c.at)) continue;
    // A copy the book does not file under a procedure is counted in the total only.
    if (c.procedureCode) add(c.procedureCode, c.procedureName ?? c.procedureCode, 'certifiedCopies');
    else unfiled += 1;
  }

  const sorted = [...rows.values()].sort((a, b) => a.procedureCode.localeCompare(b.procedureCode));
  const total = emptyFigures(input);
  for (const id of FIGURES) {
    if (total[id] === null) continue;
    total[id] = sorted.reduce((sum, r) => sum + (r.figures[id] ?? 0), id === 'certifiedCopies' ? unfiled : 0);
  }
  return { month: input.month, computedAt: toDeskIso(input.now), rows: sorted, total };
}
