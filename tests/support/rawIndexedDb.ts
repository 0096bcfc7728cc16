// The desk's IndexedDB read and written from outside the app, the way someone holding a copy
// of the browser profile would see it: a blank page of the same origin (no app code, no
// Dexie) using the plain `indexedDB` API. Values cross to Node as tagged JSON: bytes as
// { $bytes: base64 }, Blobs as { $blob: base64, type } (read with arrayBuffer()), so Node can
// search them and hand back a changed record to store as it is.
import type { BrowserContext, Page } from 'playwright-core';

export const RAW_DB_NAME = 'mot-cua-desk';

/** A stored value as it crossed to Node. */
export type Tagged = null | boolean | number | string | Tagged[] | { [key: string]: Tagged };
// Type aliases, not interfaces: they must fit Tagged's index signature.
export type TaggedBytes = { $bytes: string; view: string };
export type TaggedBlob = { $blob: string; type: string };

export interface RawDump {
  /** Every object store's records, in key order. */
  stores: Record<string, Array<{ key: Tagged; value: Tagged }>>;
}

// Browser-side code as text: Playwright would serialise a TypeScript function after tsx
// compiled it (with helpers that do not exist in the page); a string runs as written.
const BROWSER_SIDE = String.raw`
const toB64 = (bytes) => {
  let s = '';
  for (let i = 0; i < bytes.length; i += 0x8000) s += String.fromCharCode.apply(null, bytes.subarray(i, i + 0x8000));
  return btoa(s);
};
const fromB64 = (b64) => Uint8Array.from(atob(b64), (c) => c.charCodeAt(0));
const enc = async (v) => {
  if (v instanceof Blob) return { $blob: toB64(new Uint8Array(await v.arrayBuffer())), type: v.type };
  if (v instanceof ArrayBuffer) return { $bytes: toB64(new Uint8Array(v)), view: 'ArrayBuffer' };
  if (ArrayBuffer.isView(v)) return { $bytes: toB64(new Uint8Array(v.buffer, v.byteOffset, v.byteLength)), view: v.constructor.name };
  if (v instanceof Date) return { $date: v.toISOString() };
  if (Array.isArray(v)) { const out = []; for (const x of v) out.push(await enc(x)); return out; }
  if (v && typeof v === 'object') {
    const tag = Object.prototype.toString.call(v);
    if (tag !== '[object Object]') return { $unknown: tag, text: String(v) };
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = await enc(x);
    return out;
  }
  if (typeof v === 'bigint') return { $unknown: 'bigint', text: String(v) };
  return v === undefined ? null : v;
};
const dec = (v) => {
  if (Array.isArray(v)) return v.map(dec);
  if (v && typeof v === 'object') {
    if (typeof v.$blob === 'string') return new Blob([fromB64(v.$blob)], { type: v.type });
    if (typeof v.$bytes === 'string') { const b = fromB64(v.$bytes); return v.view === 'ArrayBuffer' ? b.buffer : b; }
    if (typeof v.$date === 'string') return new Date(v.$date);
    const out = {};
    for (const [k, x] of Object.entries(v)) out[k] = dec(x);
    return out;
  }
  return v;
};
const req = (r) => new Promise((ok, no) => { r.onsuccess = () => ok(r.result); r.onerror = () => no(r.error); });
const done = (tx) => new Promise((ok, no) => { tx.oncomplete = () => ok(); tx.onerror = () => no(tx.error); tx.onabort = () => no(tx.error); });
// No version: whatever the app made of it, nothing upgraded or created here.
const openDb = () => req(indexedDB.open(${JSON.stringify(RAW_DB_NAME)}));
`;

async function run<T>(page: Page, body: string, arg: unknown): Promise<T> {
  return page.evaluate<T>(`(async (arg) => { ${BROWSER_SIDE}; ${body} })(${JSON.stringify(arg)})`);
}

export interface RawReader {
  page: Page;
  storeNames(): Promise<string[]>;
  dump(): Promise<RawDump>;
  get(store: string, key: Tagged): Promise<Tagged | undefined>;
  /** Stores a tagged value as it is (in-line keys: every store of the desk has them). */
  put(store: string, value: Tagged): Promise<void>;
  delete(store: string, key: Tagged): Promise<void>;
  close(): Promise<void>;
}

const READER_PATH = '/__raw-indexeddb-reader__';

/**
 * A blank page at the desk's origin. The host would answer the path with the app, so the
 * page is served by the browser itself: no script of the app ever runs in it.
 */
export async function openRawReader(context: BrowserContext, origin: string): Promise<RawReader> {
  const page = await context.newPage();
  await page.route(`${origin}${READER_PATH}`, (route) =>
    route.fulfill({
      status: 200,
      contentType: 'text/html; charset=utf-8',
      body: '<!doctype html><meta charset="utf-8"><title>raw IndexedDB reader</title><p>raw IndexedDB reader</p>',
    }),
  );
  await page.goto(`${origin}${READER_PATH}`);
  const appScripts = await page.evaluate('document.scripts.length');
  if (appScripts !== 0) throw new Error('the raw reader page runs scripts: it is not a blank page');
  return {
    page,
    storeNames: () => run(page, `const db = await openDb(); try { return [...db.objectStoreNames]; } finally { db.close(); }`, null),
    dump: () =>
      run(
        page,
        `const db = await openDb();
         try {
           const stores = {};
           for (const name of db.objectStoreNames) {
             const tx = db.transaction(name, 'readonly');
             const [keys, values] = await Promise.all([req(tx.objectStore(name).getAllKeys()), req(tx.objectStore(name).getAll())]);
             const rows = [];
             for (let i = 0; i < values.length; i++) rows.push({ key: await enc(keys[i]), value: await enc(values[i]) });
             stores[name] = rows;
           }
           return { stores };
         } finally { db.close(); }`,
        null,
      ),
    get: (store, key) =>
      run(
        page,
        `const db = await openDb();
         try { const v = await req(db.transaction(arg.store).objectStore(arg.store).get(dec(arg.key))); return v === undefined ? undefined : await enc(v); }
         finally { db.close(); }`,
        { store, key },
      ),
    put: (store, value) =>
      run(
        page,
        `const db = await openDb();
         try { const tx = db.transaction(arg.store, 'readwrite', { durability: 'strict' }); tx.objectStore(arg.store).put(dec(arg.value)); await done(tx); }
         finally { db.close(); }`,
        { store, value },
      ),
    delete: (store, key) =>
      run(
        page,
        `const db = await openDb();
         try { const tx = db.transaction(arg.store, 'readwrite', { durability: 'strict' }); tx.objectStore(arg.store).delete(dec(arg.key)); await done(tx); }
         finally { db.close(); }`,
        { store, key },
      ),
    close: () => page.close(),
  };
}

export const isTaggedBytes = (v: unknown): v is TaggedBytes => typeof v === 'object' && v !== null && typeof (v as TaggedBytes).$bytes === 'string';
export const isTaggedBlob = (v: unknown): v is TaggedBlob => typeof v === 'object' && v !== null && typeof (v as TaggedBlob).$blob === 'string';
export const bytesOf = (v: TaggedBytes | TaggedBlob): Buffer => Buffer.from(isTaggedBlob(v) ? v.$blob : v.$bytes, 'base64');
export const taggedBytes = (bytes: Uint8Array, view = 'Uint8Array'): TaggedBytes => ({ $bytes: Buffer.from(bytes).toString('base64'), view });
export const taggedBlob = (bytes: Uint8Array, type: string): TaggedBlob => ({ $blob: Buffer.from(bytes).toString('base64'), type });

/** A copy of the bytes with one bit-pattern changed at `at` (a flipped byte, never equal to the old one). */
export function flipByte(bytes: Buffer, at: number): Buffer {
  const out = Buffer.from(bytes);
  out[at] = out[at]! ^ 0xff;
  return out;
}

export interface Needle {
  label: string;
  text: string;
  /**
   * Found in a string only as a whole word (no letter or digit on either side). A short word
   * such as "tuan" turns up by chance inside random text — a blind search token
   * (~abc123.XYtuanZ…) held one in a CI run — where a plain index would hold it as a word.
   */
  word?: boolean;
}

export interface Hit {
  store: string;
  key: string;
  path: string;
  needle: string;
  how: string;
}

export interface ScanFigures {
  stores: number;
  records: number;
  strings: number;
  byteArrays: number;
  byteArrayBytes: number;
  blobs: number;
  blobBytes: number;
}

/** Byte patterns a text may be stored as: UTF-8 (composed and decomposed) and UTF-16 both ways. */
function encodings(text: string): Array<{ how: string; bytes: Buffer }> {
  const out = new Map<string, { how: string; bytes: Buffer }>();
  for (const [form, s] of [
    ['NFC', text.normalize('NFC')],
    ['NFD', text.normalize('NFD')],
  ] as const) {
    for (const variant of new Set([s, s.toLowerCase(), s.toUpperCase()])) {
      const le = Buffer.from(variant, 'utf16le');
      const be = Buffer.from(le).swap16();
      for (const [how, bytes] of [
        [`utf8/${form}`, Buffer.from(variant, 'utf8')],
        [`utf16le/${form}`, le],
        [`utf16be/${form}`, be],
      ] as const) {
        out.set(bytes.toString('hex'), { how, bytes });
      }
    }
  }
  return [...out.values()];
}

/**
 * Walks every stored value: strings (values and property names) compared case-insensitively
 * after NFC, byte arrays and Blob contents searched for every encoding of each needle.
 */
export function scanDump(dump: RawDump, needles: Needle[], stores?: (name: string) => boolean): { hits: Hit[]; figures: ScanFigures } {
  const figures: ScanFigures = { stores: 0, records: 0, strings: 0, byteArrays: 0, byteArrayBytes: 0, blobs: 0, blobBytes: 0 };
  const hits: Hit[] = [];
  const textNeedles = needles.map((n) => {
    const folded = n.text.normalize('NFC').toLowerCase();
    const asWord = new RegExp(`(?<![\\p{L}\\p{N}])${folded.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?![\\p{L}\\p{N}])`, 'u');
    return { ...n, found: n.word ? (hay: string) => asWord.test(hay) : (hay: string) => hay.includes(folded) };
  });
  const byteNeedles = needles.map((n) => ({ ...n, patterns: encodings(n.text) }));
  for (const [store, rows] of Object.entries(dump.stores)) {
    if (stores && !stores(store)) continue;
    figures.stores++;
    for (const row of rows) {
      figures.records++;
      const key = JSON.stringify(row.key);
      const visitString = (s: string, path: string) => {
        figures.strings++;
        const hay = s.normalize('NFC').toLowerCase();
        for (const n of textNeedles) if (n.found(hay)) hits.push({ store, key, path, needle: n.label, how: 'string' });
      };
      const visitBytes = (bytes: Buffer, path: string) => {
        for (const n of byteNeedles) {
          for (const p of n.patterns) {
            if (bytes.includes(p.bytes)) {
              hits.push({ store, key, path, needle: n.label, how: p.how });
              break;
            }
          }
        }
      };
      const walk = (v: Tagged, path: string) => {
        if (typeof v === 'string') return visitString(v, path);
        if (v === null || typeof v !== 'object') return;
        if (isTaggedBlob(v)) {
          const bytes = bytesOf(v);
          figures.blobs++;
          figures.blobBytes += bytes.length;
          visitString(v.type, `${path}.type`);
          return visitBytes(bytes, path);
        }
        if (isTaggedBytes(v)) {
          const bytes = bytesOf(v);
          figures.byteArrays++;
          figures.byteArrayBytes += bytes.length;
          return visitBytes(bytes, path);
        }
        if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
        for (const [k, x] of Object.entries(v)) {
          visitString(k, `${path}.<name ${k}>`);
          walk(x, `${path}.${k}`);
        }
      };
      walk(row.key, 'key');
      walk(row.value, 'value');
    }
  }
  return { hits, figures };
}

/** Every Blob in the dump, with where it is. */
export function blobsIn(dump: RawDump): Array<{ store: string; key: string; path: string; type: string; bytes: Buffer }> {
  const out: Array<{ store: string; key: string; path: string; type: string; bytes: Buffer }> = [];
  for (const [store, rows] of Object.entries(dump.stores)) {
    for (const row of rows) {
      const walk = (v: Tagged, path: string) => {
        if (v === null || typeof v !== 'object') return;
        if (isTaggedBlob(v)) return void out.push({ store, key: JSON.stringify(row.key), path, type: v.type, bytes: bytesOf(v) });
        if (isTaggedBytes(v)) return;
        if (Array.isArray(v)) return v.forEach((x, i) => walk(x, `${path}[${i}]`));
        for (const [k, x] of Object.entries(v)) walk(x, `${path}.${k}`);
      };
      walk(row.value, 'value');
    }
  }
  return out;
}
