// The dossier register: search as you type, filter, and scroll through any number of rows.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useVirtualizer } from '@tanstack/react-virtual';
import type { Dossier } from '#domain/model.ts';
import { formatDeskDate } from '#domain/deskTime.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { emptyFilter, isOverdue, rowsOf, SEARCH_DEBOUNCE_MS, viewDossiers, type DossierFilter, type DossierView, type Unreadable } from './dossierQuery.ts';
import { DossierDetail } from './DossierDetail.tsx';
import { statusLabel, STATUS_CODES } from './statusLabels.ts';
import { ledgerRequest } from './ledger.ts';
import { desk } from '#renderer/app/host.ts';
import type { Bilingual } from '#domain/errors.ts';
import { Alert, toBilingual } from '#renderer/ui/Message.tsx';
import { PdfViewer } from '#renderer/ui/PdfViewer.tsx';
import { DateField } from '#renderer/ui/DateField.tsx';
import { takeRegisterSearch, useHidScans } from '../barcode/hidScans.ts';
import { ControlSheetButton, PrintedSheetView, type PrintedSheet } from '../processing/ControlSheetButton.tsx';

const ROW_HEIGHT = 40;
/** Rows read and opened at a time: about two screens, so a search shows its first rows after opening only those. */
const PAGE = 25;

export function DossierListPage() {
  const { t } = useTranslation();
  const { db, settings } = useDesk();
  const [ledger, setLedger] = useState<Uint8Array | null>(null);
  const [ledgerError, setLedgerError] = useState<Bilingual | null>(null);
  /** A control sheet (Mẫu 06) printed from a row, shown above the list. */
  const [sheet, setSheet] = useState<PrintedSheet | null>(null);

  function printLedger() {
    setLedgerError(null);
    ledgerRequest(db, settings, filter.from, filter.to)
      .then((request) => desk['forms.render'](request))
      .then(setLedger, (e: unknown) => setLedgerError(toBilingual(e)));
  }
  const [filter, setFilter] = useState<DossierFilter>(emptyFilter);
  // A register that cannot be read says why; a damaged dossier is named, the rest still listed.
  const [viewError, setViewError] = useState<Bilingual | null>(null);
  const [unreadable, setUnreadable] = useState<Map<string, Bilingual>>(new Map());
  const noteUnreadable = useCallback((u: Unreadable) => setUnreadable((old) => (old.has(u.id) ? old : new Map(old).set(u.id, u.error))), []);
  const [view, setView] = useState<DossierView | null>(null);
  const [pages, setPages] = useState<Map<number, Dossier[]>>(new Map());
  const [open, setOpen] = useState<Dossier | null>(null);
  // A code scanned by a HID scanner (a receipt's QR, here or handed over from reception)
  // searches the register and opens the dossier that carries exactly that code.
  const openScanned = useCallback(
    (code: string) => {
      setOpen(null);
      setFilter({ ...emptyFilter, query: code });
      viewDossiers(db, { ...emptyFilter, query: code })
        .then(rowsOf)
        .then(
          (rows) => {
            const match = rows.filter((d) => d.code === code);
            if (match.length === 1) setOpen(match[0]!);
          },
          (e: unknown) => setViewError(toBilingual(e)),
        );
    },
    [db],
  );
  useEffect(() => {
    const handedOver = takeRegisterSearch();
    if (handedOver) openScanned(handedOver);
  }, [openScanned]);
  useHidScans((route) => {
    if (route.kind === 'search') openScanned(route.text);
    else if (route.kind === 'refused') setViewError(route.error.text);
    // A card's QR here searches by its ID number only: the register needs no more of it.
    else openScanned(route.text.split('|')[0] ?? '');
  }, true);
  const viewport = useRef<HTMLDivElement>(null);
  // The row a double-click began on: what the first click does (the sync details closing
  // under it) can move the rows, so the second click may land on the row below.
  const firstClicked = useRef<Dossier | null>(null);
  // Pages asked for under the current view: each is read once, however often we re-render.
  const requested = useRef(new Set<number>());
  // The rows a search's answer came with, and how many ids they were read from: the start of its first page.
  const shownFirst = useRef<{ rows: Dossier[]; read: number }>({ rows: [], read: 0 });
  const now = new Date();

  useEffect(() => {
    // Each keystroke cancels the search before it and starts its own after a pause too short to
    // feel: a pasted or fast-typed query runs once, and a stale search stops opening dossiers.
    const typedPast = new AbortController();
    const timer = window.setTimeout(() => {
      setViewError(null);
      setUnreadable(new Map());
      viewDossiers(db, filter, new Date(), noteUnreadable, typedPast.signal)
        .then(async (v) => {
          // The first screenful comes with the answer, so rows are never blank between two
          // searches: a double-click landing on a blank row would open nothing. Only the rows
          // the viewport shows are opened before the answer is drawn (issue 17: opening is most
          // of a search's cost); the rest of the first page follows just after, out of sight.
          const inView = Math.min(PAGE, Math.ceil((viewport.current?.clientHeight ?? PAGE * ROW_HEIGHT) / ROW_HEIGHT) + 1);
          const firstRows = v.kind === 'paged' && v.total > 0 ? await v.page(0, inView) : null;
          if (typedPast.signal.aborted) return;
          // A first page still short of its rows is completed by the effect below, after this is drawn.
          shownFirst.current = { rows: firstRows ?? [], read: firstRows ? inView : 0 };
          requested.current = new Set(firstRows && inView >= Math.min(PAGE, v.kind === 'paged' ? v.total : 0) ? [0] : []);
          setView(v);
          setPages(firstRows ? new Map([[0, firstRows]]) : new Map());
          viewport.current?.scrollTo({ top: 0 });
          // A broad name's other ids lengthen the list once the answer is on screen; the rows shown stay.
          if (v.kind !== 'paged' || !v.rest) return;
          await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));
          if (typedPast.signal.aborted) return;
          const whole = await v.rest();
          if (!typedPast.signal.aborted) setView(whole);
        })
        .catch((e: unknown) => !typedPast.signal.aborted && (setView(null), setViewError(toBilingual(e))));
    }, SEARCH_DEBOUNCE_MS);
    return () => {
      typedPast.abort();
      window.clearTimeout(timer);
    };
  }, [db, filter, noteUnreadable]);

  const count = view ? (view.kind === 'list' ? view.rows.length : view.total) : 0;
  const virtualizer = useVirtualizer({ count, getScrollElement: () => viewport.current, estimateSize: () => ROW_HEIGHT, overscan: 10 });
  const items = virtualizer.getVirtualItems();

  const first = items[0]?.index ?? 0;
  const last = items.at(-1)?.index ?? -1;
  useEffect(() => {
    if (!view || view.kind !== 'paged' || last < 0) return;
    for (let p = Math.floor(first / PAGE); p <= Math.floor(last / PAGE); p++) {
      if (requested.current.has(p)) continue;
      requested.current.add(p);
      const have = p === 0 ? shownFirst.current : { rows: [], read: 0 };
      view.page(p * PAGE + have.read, PAGE - have.read).then(
        (rows) => setPages((old) => new Map(old).set(p, [...have.rows, ...rows])),
        (e: unknown) => setViewError(toBilingual(e)),
      );
    }
  }, [view, first, last]);

  function rowAt(index: number): Dossier | undefined {
    if (!view) return undefined;
    if (view.kind === 'list') return view.rows[index];
    return pages.get(Math.floor(index / PAGE))?.[index % PAGE];
  }

  if (open) return <DossierDetail dossier={open} onClose={() => setOpen(null)} />;

  return (
    <div>
      <div className="list-toolbar">
        <label className="field grow">
          <span className="label">{t('common.search')}</span>
          <input
            name="dossier-search"
            type="search"
            autoFocus
            placeholder={t('dossiers.searchPlaceholder')}
            value={filter.query}
            onChange={(e) => setFilter({ ...filter, query: e.target.value })}
          />
        </label>
        <label className="field">
          <span className="label">{t('dossiers.status')}</span>
          <select
            name="status-filter"
            value={String(filter.status)}
            onChange={(e) =>
              setFilter({
                ...filter,
                status: e.target.value === '' || e.target.value === 'overdue' ? e.target.value : (Number(e.target.value) as DossierFilter['status']),
              })
            }
          >
            <option value="">{t('common.all')}</option>
            <option value="overdue">{t('dossiers.overdue')}</option>
            {STATUS_CODES.map((code) => (
              <option key={code} value={code}>
                {statusLabel(code)}
              </option>
            ))}
          </select>
        </label>
        <DateField name="from" label={t('dossiers.from')} value={filter.from} onChange={(from) => setFilter({ ...filter, from })} />
        <DateField name="to" label={t('dossiers.to')} value={filter.to} onChange={(to) => setFilter({ ...filter, to })} />
        <span className="muted" data-testid="dossier-count">
          {view?.kind === 'paged' && view.rest ? t('dossiers.countAtLeast', { n: count }) : t('dossiers.count', { n: count })}
        </span>
        <button onClick={printLedger} disabled={!filter.from || !filter.to} title={t('ledger.needDates')}>
          {t('ledger.print')}
        </button>
      </div>
      {ledgerError && <Alert kind="error" text={ledgerError} />}
      {viewError && <Alert kind="error" text={viewError} />}
      {[...unreadable].map(([id, error]) => (
        <Alert key={id} kind="error" text={error} />
      ))}
      {ledger && <PdfViewer bytes={ledger} title={t('ledger.print')} />}
      {sheet && ('error' in sheet ? <Alert kind="error" text={sheet.error} /> : <PrintedSheetView sheet={sheet} onClose={() => setSheet(null)} />)}
      <div className="list-viewport" ref={viewport} role="table" aria-rowcount={count + 1}>
        <div className="list-row head" role="row" aria-rowindex={1}>
          {(['code', 'applicant', 'procedure', 'received', 'appointment', 'state'] as const).map((c) => (
            <span key={c} role="columnheader">
              {t(`dossiers.columns.${c}`)}
            </span>
          ))}
          <span role="columnheader">{t('processing.controlColumn')}</span>
        </div>
        {count === 0 && view && (
          <p className="muted" style={{ padding: '3rem 1rem' }}>
            {t('dossiers.none')}
          </p>
        )}
        <div style={{ height: virtualizer.getTotalSize(), position: 'relative' }}>
          {items.map((item) => {
            const d = rowAt(item.index);
            const late = d ? isOverdue(d, now) : false;
            return (
              <div
                key={item.key}
                role="row"
                aria-rowindex={item.index + 2}
                tabIndex={0}
                className={`list-row${late ? ' overdue' : ''}`}
                style={{ transform: `translateY(${item.start}px)` }}
                onClick={(e) => {
                  if (e.detail === 1) firstClicked.current = d ?? null;
                }}
                onDoubleClick={() => {
                  const chosen = firstClicked.current ?? d;
                  if (chosen) setOpen(chosen);
                }}
                onKeyDown={(e) => e.key === 'Enter' && d && setOpen(d)}
              >
                {d ? (
                  <>
                    <span role="cell" className="code ellipsis">
                      {d.code || '—'}
                    </span>
                    <span role="cell" className="ellipsis">
                      {d.applicant.fullName}
                    </span>
                    <span
                      role="cell"
                      className="ellipsis"
                      title={d.beyondBoundary ? `${t('processing.competent')}: ${d.beyondBoundary.competent.name}` : undefined}
                    >
                      {d.procedureName}
                      {d.beyondBoundary && <span className="muted"> → {d.beyondBoundary.competent.name}</span>}
                    </span>
                    <span role="cell">{formatDeskDate(d.receivedAt)}</span>
                    <span role="cell" className="appointment">
                      {d.appointmentAt ? formatDeskDate(d.appointmentAt) : '—'}
                    </span>
                    <span role="cell" className="ellipsis">
                      {late ? t('dossiers.overdue') : d.decision === 'accepted' ? statusLabel(d.status) : t(`dossiers.decision.${d.decision}`)}
                    </span>
                    <span role="cell">
                      <ControlSheetButton dossier={d} onPrinted={setSheet} />
                    </span>
                  </>
                ) : (
                  <span role="cell" className="muted">
                    …
                  </span>
                )}
              </div>
            );
          })}
        </div>
      </div>
    </div>
  );
}
