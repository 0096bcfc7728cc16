// A component's pages while the officer scans and arranges them, and the PDF they become.
// Every change is one transaction; positions are rewritten densely so order is never ambiguous.
import { ulid } from 'ulid';
import type { Dossier } from '#domain/model.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { DeskDb, Officer, ScanPageRecord, StoredFile } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { ensureStorageRoom } from '#renderer/db/quota.ts';
import { pdfFile } from '#renderer/db/pdfFile.ts';
import { desk } from '#renderer/app/host.ts';
import { DeskError } from '#domain/errors.ts';
import type { ScannedPage } from '#preload/wire/scan.ts';

export function pagesOf(db: DeskDb, dossierId: string, specId: string): Promise<ScanPageRecord[]> {
  return db.scanPages.where('[dossierId+specId+position]').between([dossierId, specId, -Infinity], [dossierId, specId, Infinity]).toArray();
}

/** A page's image and preview sealed with the desk's key, before the transaction that stores them. */
async function sealPage(db: DeskDb, page: ScannedPage): Promise<{ pdf: Blob; thumbnail: Blob }> {
  const [pdf, thumbnail] = await Promise.all([
    db.protection.sealBlob(new Blob([page.pdf as BlobPart], { type: 'application/pdf' })),
    db.protection.sealBlob(new Blob([page.thumbnail as BlobPart], { type: 'image/jpeg' })),
  ]);
  return { pdf, thumbnail };
}

/** Appends delivered pages after the component's last page, in one transaction. */
export async function addPages(db: DeskDb, dossierId: string, specId: string, pages: ScannedPage[]): Promise<void> {
  if (pages.length === 0) return;
  await ensureStorageRoom(pages.reduce((n, p) => n + p.pdf.length + p.thumbnail.length, 0));
  const sealed = await Promise.all(pages.map((p) => sealPage(db, p)));
  await db.transaction('rw', db.scanPages, async () => {
    let position = (await pagesOf(db, dossierId, specId)).length;
    await db.scanPages.bulkAdd(
      pages.map((p, i) => ({
        id: ulid(),
        dossierId,
        specId,
        position: position++,
        kind: p.kind,
        blank: p.blank,
        rotation: 0,
        widthPt: p.widthPt,
        heightPt: p.heightPt,
        ...sealed[i]!,
        createdAt: toDeskIso(new Date()),
      })),
    );
  });
}

async function rewrite(db: DeskDb, dossierId: string, specId: string, change: (pages: ScanPageRecord[]) => ScanPageRecord[]): Promise<void> {
  await db.transaction('rw', db.scanPages, async () => {
    const before = await pagesOf(db, dossierId, specId);
    const after = change(before);
    const kept = new Set(after.map((p) => p.id));
    await db.scanPages.bulkDelete(before.filter((p) => !kept.has(p.id)).map((p) => p.id));
    await db.scanPages.bulkPut(after.map((p, position) => ({ ...p, position })));
  });
}

/** Swaps a page with its neighbour: two records written, however long the component. */
export async function movePage(db: DeskDb, page: ScanPageRecord, delta: -1 | 1): Promise<void> {
  await db.transaction('rw', db.scanPages, async () => {
    const pages = await pagesOf(db, page.dossierId, page.specId);
    const from = pages.findIndex((p) => p.id === page.id);
    const neighbour = pages[from + delta];
    if (from < 0 || !neighbour) return;
    await db.scanPages.bulkPut([
      { ...pages[from]!, position: neighbour.position },
      { ...neighbour, position: pages[from]!.position },
    ]);
  });
}

export function deletePage(db: DeskDb, page: ScanPageRecord): Promise<void> {
  return rewrite(db, page.dossierId, page.specId, (pages) => pages.filter((p) => p.id !== page.id));
}

/** Moves a page to the end of another component: splitting a feeder batch by document. */
export async function movePageToComponent(db: DeskDb, page: ScanPageRecord, specId: string): Promise<void> {
  if (specId === page.specId) return;
  await db.transaction('rw', db.scanPages, async () => {
    const target = await pagesOf(db, page.dossierId, specId);
    const rest = (await pagesOf(db, page.dossierId, page.specId)).filter((p) => p.id !== page.id);
    await db.scanPages.put({ ...page, specId, position: target.length });
    await db.scanPages.bulkPut(rest.map((p, position) => ({ ...p, position })));
  });
}

/** Puts a reworked page (e.g. an imported PDF page recompressed) in place of the old one, as a new page. */
export async function replacePage(db: DeskDb, page: ScanPageRecord, next: ScannedPage): Promise<void> {
  await ensureStorageRoom(next.pdf.length + next.thumbnail.length);
  const sealed = await sealPage(db, next);
  await db.transaction('rw', db.scanPages, async () => {
    await db.scanPages.delete(page.id);
    await db.scanPages.add({
      ...page,
      id: ulid(),
      kind: next.kind,
      blank: next.blank,
      widthPt: next.widthPt,
      heightPt: next.heightPt,
      ...sealed,
    });
  });
}

export function rotatePage(db: DeskDb, page: ScanPageRecord): Promise<void> {
  return rewrite(db, page.dossierId, page.specId, (pages) =>
    pages.map((p) => (p.id === page.id ? { ...p, rotation: ((p.rotation + 90) % 360) as ScanPageRecord['rotation'] } : p)),
  );
}

/**
 * The component's PDF from main, one page a message: each page is read from the database and
 * opened only when its turn comes, so the renderer holds about one page and the result, however
 * long the component. A failure tells main to drop the job and its file.
 */
async function assemble(db: DeskDb, pageIds: readonly string[], meta: { dossierCode?: string; component: string; scannedAt: string }): Promise<Uint8Array> {
  const { jobId } = await desk['scan.assembleStart']({ pages: pageIds.length, meta });
  try {
    for (const [index, id] of pageIds.entries()) {
      const page = await db.scanPages.get(id);
      // A page deleted since the save began (another window): saving without it would file less than the officer saw.
      if (!page) throw new DeskError('scan.pages-changed', { vi: 'Các trang vừa thay đổi; hãy bấm lưu lại.', en: 'The pages have just changed; save again.' });
      await desk['scan.assemblePage']({ jobId, index, pdf: await db.protection.openBytes(page.pdf), rotation: page.rotation });
    }
    return await desk['scan.assembleFinish']({ jobId });
  } catch (e) {
    await desk['scan.assembleCancel']({ jobId }).catch(() => undefined);
    throw e;
  }
}

/**
 * Joins the component's pages into its PDF and files it with the dossier: the file, the
 * audit entry and the outbox entry in one transaction, and the pages it replaces removed.
 */
export async function attachComponentPdf(db: DeskDb, dossier: Dossier, specId: string, officer: Officer): Promise<StoredFile> {
  // Only the ids, in order: the pages' images are read one at a time as they are sent.
  const pageIds = await db.scanPages
    .where('[dossierId+specId+position]')
    .between([dossier.id, specId, -Infinity], [dossier.id, specId, Infinity])
    .primaryKeys();
  if (pageIds.length === 0) {
    throw new DeskError('scan.no-pages', { vi: 'Chưa có trang nào để lưu.', en: 'There are no pages to save.' });
  }
  const component = dossier.components.find((c) => c.specId === specId)?.name ?? specId;
  const scannedAt = toDeskIso(new Date());
  const bytes = await assemble(db, pageIds, { ...(dossier.code ? { dossierCode: dossier.code } : {}), component, scannedAt });
  await ensureStorageRoom(bytes.length);
  const file = await pdfFile(db.protection, bytes, {
    dossierId: dossier.id,
    kind: 'scan',
    specId,
    name: `${dossier.code || dossier.id}-${specId}.pdf`,
    createdAt: scannedAt,
  });
  await db.transaction('rw', [db.files, db.scanPages, db.audit, db.outbox], async () => {
    const replaced = await db.files.where('[dossierId+specId]').equals([dossier.id, specId]).primaryKeys();
    await db.files.bulkDelete(replaced);
    await db.files.add(file);
    await db.scanPages.bulkDelete(pageIds);
    await audit(db, { officerId: officer.id, action: 'scan', dossierId: dossier.id, detail: `${specId}: ${pageIds.length}` });
    await db.outbox.add({ dossierId: dossier.id, kind: 'dossier.upsert', createdAt: scannedAt });
  });
  return file;
}
