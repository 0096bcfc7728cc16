// Scanning one dossier component: pick a scanner and profile, watch pages arrive while the
// feeder runs, fix them (order, rotation, removal), and save them as the component's PDF.
import { useCallback, useEffect, useRef, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Dossier } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import type { ScanPageRecord } from '#renderer/db/schema.ts';
import { useDesk } from '#renderer/app/DeskContext.tsx';
import { desk } from '#renderer/app/host.ts';
import { Alert } from '#renderer/ui/Message.tsx';
import { useNotice } from '#renderer/ui/useNotice.ts';
import { Field } from '#renderer/ui/Field.tsx';
import { addPages, attachComponentPdf, deletePage, movePage, movePageToComponent, pagesOf, replacePage, rotatePage } from './scanPages.ts';
import { rasteriseFirstPage } from '#renderer/ui/pdfRaster.ts';
import { PdfViewer } from '#renderer/ui/PdfViewer.tsx';
import { loadProfile, saveProfile, type ScanProfile } from './scanProfile.ts';
import { followJob } from './scanJob.ts';
import { startOcr } from './ocrJobs.ts';
import { OcrProgress } from './OcrProgress.tsx';
import { COLOR_MODES, KIND_OVERRIDES, SCAN_SOURCES, type ScanDevice, type ScannedPage } from '#preload/wire/scan.ts';

/**
 * Object URLs for thumbnails, one per page id: re-reading the pages after a move must not
 * make every image open and load again (with 300 pages that was most of a move's cost).
 * Thumbnails are stored sealed, so each URL appears once its image is decrypted.
 */
function useThumbnailUrls(pages: ScanPageRecord[]): (page: ScanPageRecord) => string | undefined {
  const { db } = useDesk();
  const urls = useRef(new Map<string, string>());
  const opening = useRef(new Set<string>());
  const live = useRef(new Set<string>());
  const [, setReady] = useState(0);
  useEffect(() => {
    live.current = new Set(pages.map((p) => p.id));
    for (const [id, url] of urls.current) {
      if (!live.current.has(id)) {
        URL.revokeObjectURL(url);
        urls.current.delete(id);
      }
    }
    for (const page of pages) {
      if (urls.current.has(page.id) || opening.current.has(page.id)) continue;
      opening.current.add(page.id);
      void db.protection
        .openBlob(page.thumbnail)
        .then((plain) => {
          // A page removed (or a panel closed) while its image was opening gets no URL to leak.
          if (!live.current.has(page.id)) return;
          urls.current.set(page.id, URL.createObjectURL(plain));
          setReady((n) => n + 1);
        })
        .catch(() => undefined)
        .finally(() => opening.current.delete(page.id));
    }
  }, [db, pages]);
  useEffect(
    () => () => {
      live.current = new Set();
      urls.current.forEach((url) => URL.revokeObjectURL(url));
    },
    [],
  );
  // A page's image never changes under its id: a reworked page is stored as a new page.
  return (page) => urls.current.get(page.id);
}

export function ScanPanel(props: { dossier: Dossier; specId: string; onSaved(): void }) {
  const { t } = useTranslation();
  const { db, officer } = useDesk();
  const [devices, setDevices] = useState<ScanDevice[]>([]);
  const [profile, setProfile] = useState<ScanProfile | null>(null);
  const [pages, setPages] = useState<ScanPageRecord[]>([]);
  const [jobId, setJobId] = useState<string | null>(null);
  const { notice, show, clear, fail } = useNotice();
  const [shown, setShown] = useState<{ id: string; bytes: Uint8Array } | null>(null);
  const [dragging, setDragging] = useState(false);
  const scope = `${props.dossier.procedureCode}:${props.specId}`;
  const thumbnailUrl = useThumbnailUrls(pages);

  const refresh = useCallback(async () => setPages(await pagesOf(db, props.dossier.id, props.specId)), [db, props.dossier.id, props.specId]);

  useEffect(() => {
    void refresh();
    void loadProfile(db, scope).then(setProfile);
    void desk['scan.devices']({}).then(setDevices, fail);
  }, [db, scope, refresh, fail]);

  async function run(action: () => Promise<void>) {
    clear();
    try {
      await action();
    } catch (e) {
      fail(e);
    } finally {
      await refresh();
    }
  }

  const scan = () =>
    run(async () => {
      if (!profile?.deviceId) throw new Error('no device');
      await saveProfile(db, scope, profile);
      const { jobId: id } = await desk['scan.start']({
        deviceId: profile.deviceId,
        request: { source: profile.source, mode: profile.mode, dpi: profile.dpi },
        pageKind: profile.pageKind,
      });
      const error = await receive(id);
      if (error) show({ kind: 'error', text: error.text });
    });

  /** Stores a job's pages the moment they arrive (nothing received is lost if the scanner fails); Stop cancels it meanwhile. */
  async function receive(id: string) {
    setJobId(id);
    try {
      return await followJob(desk, id, async (batch) => {
        await addPages(db, props.dossier.id, props.specId, batch.pages);
        await refresh();
      });
    } finally {
      setJobId(null);
    }
  }

  const importFiles = (files: FileList | null) =>
    run(async () => {
      for (const file of Array.from(files ?? [])) {
        const { jobId: id } = await desk['scan.import']({
          name: file.name,
          data: new Uint8Array(await file.arrayBuffer()),
          pageKind: profile?.pageKind ?? 'auto',
        });
        const error = await receive(id);
        if (error) throw new DeskError(error.code, error.text);
      }
    });

  async function showPage(page: ScanPageRecord) {
    setShown({ id: page.id, bytes: await db.protection.openBytes(page.pdf) });
  }

  /** Keyboard work on the strip: arrows move focus, Ctrl+arrows move the page, Delete removes, R rotates. */
  function onThumbKey(e: React.KeyboardEvent, page: ScanPageRecord, index: number) {
    const focusAt = (i: number) => (e.currentTarget.parentElement?.children[i] as HTMLElement | undefined)?.focus();
    if (e.key === 'ArrowLeft' || e.key === 'ArrowRight') {
      const delta = e.key === 'ArrowLeft' ? -1 : 1;
      if (e.ctrlKey) void run(() => movePage(db, page, delta)).then(() => focusAt(index + delta));
      else focusAt(index + delta);
    } else if (e.key === 'Delete') void run(() => deletePage(db, page));
    else if (e.key.toLowerCase() === 'r') void run(() => rotatePage(db, page));
    else if (e.key === 'Enter') void showPage(page);
    else return;
    e.preventDefault();
  }

  /** An imported PDF page is kept as it is unless the officer asks: then it is drawn at the profile's dpi and goes through the pipeline. */
  const recompress = (page: ScanPageRecord) =>
    run(async () => {
      const dpi = profile?.dpi ?? 200;
      const png = await rasteriseFirstPage(await db.protection.openBytes(page.pdf), dpi);
      const { jobId: id } = await desk['scan.import']({ name: 'page.png', data: png, pageKind: profile?.pageKind ?? 'auto', dpi });
      const pages: ScannedPage[] = [];
      const error = await followJob(desk, id, async (batch) => void pages.push(...batch.pages));
      if (error) throw new DeskError(error.code, error.text);
      if (pages[0]) await replacePage(db, page, pages[0]);
    });

  const save = () =>
    run(async () => {
      const file = await attachComponentPdf(db, props.dossier, props.specId, officer);
      show({ kind: 'ok', text: { vi: 'Đã lưu tệp PDF của thành phần hồ sơ.', en: 'The component PDF was saved.' } });
      props.onSaved();
      // Saved first, searchable later: the text layer comes in the background (ocrJobs.ts).
      await startOcr(desk, db, file, officer);
    });

  return (
    <div
      className={`scan-panel${dragging ? ' dragging' : ''}`}
      data-testid="scan-panel"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={() => setDragging(false)}
      onDrop={(e) => {
        e.preventDefault();
        setDragging(false);
        void importFiles(e.dataTransfer.files);
      }}
    >
      {profile && (
        <div className="grid">
          <Field label={t('scan.device')}>
            <select name="scan-device" value={profile.deviceId} onChange={(e) => setProfile({ ...profile, deviceId: e.target.value })}>
              <option value="">—</option>
              {devices.map((d) => (
                <option key={d.id} value={d.id}>
                  {d.unreachable ? `${d.name} — ${t('scan.notAnswering')}` : d.name}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('scan.source')}>
            <select name="scan-source" value={profile.source} onChange={(e) => setProfile({ ...profile, source: e.target.value as ScanProfile['source'] })}>
              {SCAN_SOURCES.map((s) => (
                <option key={s} value={s}>
                  {t(`scan.sources.${s}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('scan.mode')}>
            <select name="scan-mode" value={profile.mode} onChange={(e) => setProfile({ ...profile, mode: e.target.value as ScanProfile['mode'] })}>
              {COLOR_MODES.map((m) => (
                <option key={m} value={m}>
                  {t(`scan.modes.${m}`)}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('scan.dpi')}>
            <select name="scan-dpi" value={profile.dpi} onChange={(e) => setProfile({ ...profile, dpi: Number(e.target.value) })}>
              {[150, 200, 300, 400, 600].map((d) => (
                <option key={d} value={d}>
                  {d}
                </option>
              ))}
            </select>
          </Field>
          <Field label={t('scan.pageKind')}>
            <select
              name="scan-page-kind"
              value={profile.pageKind}
              onChange={(e) => setProfile({ ...profile, pageKind: e.target.value as ScanProfile['pageKind'] })}
            >
              {KIND_OVERRIDES.map((k) => (
                <option key={k} value={k}>
                  {t(`scan.kinds.${k}`)}
                </option>
              ))}
            </select>
          </Field>
        </div>
      )}
      <div className="actions" style={{ justifyContent: 'flex-start' }}>
        <button className="primary" disabled={!profile?.deviceId || jobId !== null} onClick={() => void scan()}>
          {t('scan.scan')}
        </button>
        {jobId && <button onClick={() => void desk['scan.cancel']({ jobId })}>{t('scan.stop')}</button>}
        <label className="file-button">
          {t('scan.import')}
          <input
            type="file"
            name="scan-import"
            multiple
            accept="application/pdf,image/jpeg,image/png,image/tiff"
            onChange={(e) => void importFiles(e.target.files)}
          />
        </label>
        <button disabled={pages.length === 0 || jobId !== null} onClick={() => void save()}>
          {t('scan.save')}
        </button>
      </div>
      {notice && <Alert kind={notice.kind} text={notice.text} />}
      <OcrProgress dossierId={props.dossier.id} specId={props.specId} />
      <ol className="thumbs" aria-label={t('scan.pages')}>
        {pages.map((p, i) => (
          <li
            key={p.id}
            data-page-id={p.id}
            data-kind={p.kind}
            className={p.blank ? 'blank' : ''}
            tabIndex={0}
            onKeyDown={(e) => onThumbKey(e, p, i)}
            onDoubleClick={() => void showPage(p)}
          >
            <img src={thumbnailUrl(p)} alt="" className={`thumb rot-${p.rotation}`} />
            <span className="thumb-label">
              {i + 1}
              {p.blank ? ` · ${t('scan.blank')}` : ''}
            </span>
            <span className="thumb-actions">
              <button aria-label={t('scan.moveUp')} disabled={i === 0} onClick={() => void run(() => movePage(db, p, -1))}>
                ←
              </button>
              <button aria-label={t('scan.moveDown')} disabled={i === pages.length - 1} onClick={() => void run(() => movePage(db, p, 1))}>
                →
              </button>
              <button aria-label={t('scan.rotate')} onClick={() => void run(() => rotatePage(db, p))}>
                ⟳
              </button>
              <button aria-label={t('scan.delete')} onClick={() => void run(() => deletePage(db, p))}>
                ✕
              </button>
              {p.kind === 'pdf' && (
                <button aria-label={t('scan.recompress')} title={t('scan.recompress')} onClick={() => void recompress(p)}>
                  ⇣
                </button>
              )}
            </span>
            {props.dossier.components.length > 1 && (
              <select aria-label={t('scan.moveTo')} value={p.specId} onChange={(e) => void run(() => movePageToComponent(db, p, e.target.value))}>
                {props.dossier.components.map((c) => (
                  <option key={c.specId} value={c.specId}>
                    {c.name}
                  </option>
                ))}
              </select>
            )}
          </li>
        ))}
      </ol>
      <p className="muted">{t('scan.keys')}</p>
      {shown && pages.some((p) => p.id === shown.id) && <PdfViewer bytes={shown.bytes} title={t('scan.pages')} />}
    </div>
  );
}
