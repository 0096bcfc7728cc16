// Bundled by bench/pageSeed.ts and run inside the desk's page: generates the sample register
// with the app's own generator and writes it with raw IndexedDB puts, so 100,000 dossiers
// need not cross Playwright's protocol (≈ 2.5 MB/s for large arguments).
import { demoDossiers, type DemoOptions } from '../renderer/features/demo/demoDossiers.ts';


export interface PageSeedOptions extends Omit<DemoOptions, 'until'> {
  until: string;
  chunk: number;
}

function done(tx: IDBTransaction): Promise<void> {
  return new Promise((ok, fail) => {
    tx.oncomplete = () => ok();
    tx.onerror = () => fail(tx.error);
    tx.onabort = () => fail(tx.error ?? new Error('transaction aborted'));
  });
}

async function seed(o: PageSeedOptions): Promise<{ stored: number; generateMs: number; writeMs: number }> {
  const db = await new Promise<IDBDatabase>((ok, fail) => {
    const request = indexedDB.open('mot-cua-desk');
    request.onsuccess = () => ok(request.result);
    request.onerror = () => fail(request.error);
  });
  try {
    const clear = db.transaction('dossiers', 'readwrite');
    clear.objectStore('dossiers').clear();
    await done(clear);
    const t0 = performance.now();
    const rows = [...demoDossiers({ ...o, until: new Date(o.until) })];
    const t1 = performance.now();
    // One transaction a chunk, all queued at once: the page clones the next chunk while
    // the browser commits the previous one.
    const pending: Promise<void>[] = [];
    for (let i = 0; i < rows.length; i += o.chunk) {
      const tx = db.transaction('dossiers', 'readwrite', { durability: 'relaxed' });
      const store = tx.objectStore('dossiers');
      for (const row of rows.slice(i, i + o.chunk)) store.put(row);
      pending.push(done(tx));
    }
    await Promise.all(pending);
    const t2 = performance.now();
    const count = db.transaction('dossiers').objectStore('dossiers').count();
    const stored = await new Promise<number>((ok, fail) => {
      count.onsuccess = () => ok(count.result);
      count.onerror = () => fail(count.error);
    });
    return { stored, generateMs: t1 - t0, writeMs: t2 - t1 };
  } finally {
    db.close();
  }
}

(window as unknown as { __benchSeed: typeof seed }).__benchSeed = seed;
