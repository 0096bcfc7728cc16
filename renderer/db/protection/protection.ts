// The desk's data keys while the app runs, and the sealing and opening of records and files
// with them. Locked until a key is installed (after sign-in or from the OS keystore); every
// failure to open is an error naming the record, never bytes passed on as if they were data.
import { DeskError } from '#domain/errors.ts';
import { blindToken, type DataKey } from './dataKey.ts';
import { openBytes, recordAad, sealBytes } from './recordCipher.ts';
import { KID_FIELD, SEALED_FIELD, type TableProtection } from './protectedTables.ts';
import { SEALED_BLOB_TYPE, SealedBlobError, openSealedWith, parseSealedHeader, sealBlobWith } from './sealedBlob.ts';
import type { SearchTerm } from '#domain/search/blindTerms.ts';

type Row = Record<string, unknown>;

const utf8 = new TextEncoder();
const fromUtf8 = new TextDecoder();

function lockedError(): DeskError {
  return new DeskError('data-locked', {
    vi: 'Dữ liệu của quầy đang được khoá: hãy đăng nhập để mở.',
    en: "The desk's data is locked: sign in to open it.",
  });
}

function tamperedError(where: string): DeskError {
  return new DeskError('data-tampered', {
    vi: `Không đọc được ${where}: dữ liệu đã bị sửa đổi, bị hỏng, hoặc không được khoá bằng khoá của quầy này. Không hiển thị gì thay cho nó; hãy báo quản trị viên.`,
    en: `Cannot read ${where}: the data was changed, is damaged, or was not locked with this desk's key. Nothing is shown in its place; tell the administrator.`,
  });
}

function missingKeyError(where: string, kid: string): DeskError {
  return new DeskError('data-key-missing', {
    vi: `${where} được khoá bằng khoá "${kid}" mà quầy này không có (dữ liệu chép từ máy khác?).`,
    en: `${where} is locked with key "${kid}", which this desk does not hold (data copied from another computer?).`,
  });
}

/**
 * JSON for a sealed payload, as strict as IndexedDB's own cloning: a value JSON would drop or
 * mangle (a function, a symbol, a BigInt, bytes, a Blob) is refused with the DataCloneError
 * IndexedDB would have raised, rather than stored changed.
 */
function payloadJson(payload: Row): string {
  return JSON.stringify(payload, (_key, value: unknown) => {
    if (
      typeof value === 'function' ||
      typeof value === 'symbol' ||
      typeof value === 'bigint' ||
      value instanceof Blob ||
      ArrayBuffer.isView(value) ||
      value instanceof ArrayBuffer
    ) {
      throw new DOMException('a sealed field holds a value that cannot be stored as data', 'DataCloneError');
    }
    return value;
  });
}

function pick(record: Row, fields: readonly string[]): Row {
  const out: Row = {};
  for (const f of fields) if (record[f] !== undefined) out[f] = record[f];
  return out;
}

/** The clear fields, authenticated with the payload: a status or date edited on disk fails to open too. */
function clearPart(stored: Row, spec: TableProtection): string {
  return JSON.stringify(spec.clear.map((f) => stored[f] ?? null));
}

/** The data key id a record was read under ("" for one stored before encryption). */
export function keyIdOf(record: object): string {
  return String((record as Row)[KID_FIELD] ?? '');
}

export class Protection {
  private readonly keys = new Map<string, DataKey>();
  private readonly cryptoKeys = new Map<string, Promise<CryptoKey>>();
  private currentKid: string | null = null;
  private masterKey: Uint8Array | null = null;
  private readonly listeners = new Set<() => void>();

  get unlocked(): boolean {
    return this.currentKid !== null;
  }

  /** The key new data is sealed with; the others still open what they sealed until re-protected. */
  get current(): DataKey {
    const key = this.currentKid === null ? undefined : this.keys.get(this.currentKid);
    if (!key) throw lockedError();
    return key;
  }

  liveKeys(): DataKey[] {
    return [...this.keys.values()];
  }

  /** The desk's master key, for wrapping a new data key or a new officer's copy. */
  get master(): Uint8Array {
    if (!this.masterKey) throw lockedError();
    return this.masterKey;
  }

  install(keys: DataKey[], currentKid: string, master: Uint8Array): void {
    this.masterKey = master;
    this.keys.clear();
    this.cryptoKeys.clear();
    for (const k of keys) this.keys.set(k.kid, k);
    if (!this.keys.has(currentKid)) throw new Error('current data key missing');
    this.currentKid = currentKid;
    for (const l of this.listeners) l();
  }

  onChange(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  private keyFor(kid: string, where: string): DataKey {
    if (this.currentKid === null) throw lockedError();
    const key = this.keys.get(kid);
    if (!key) throw missingKeyError(where, kid);
    return key;
  }

  private cryptoKey(key: DataKey): Promise<CryptoKey> {
    let k = this.cryptoKeys.get(key.kid);
    if (!k) {
      k = crypto.subtle.importKey('raw', key.encryption as BufferSource, 'AES-GCM', false, ['encrypt', 'decrypt']);
      this.cryptoKeys.set(key.kid, k);
    }
    return k;
  }

  /** The tokens a query term may be stored under: one per live key, during a rotation two. */
  queryTokens(term: SearchTerm): string[] {
    return this.liveKeys().map((k) => blindToken(k, term.kind, term.value));
  }

  sealRecord(table: string, spec: TableProtection, record: Row): Row {
    const key = this.current;
    const id = String(record[spec.primaryKey]);
    const payload: Row = {};
    for (const [field, value] of Object.entries(record)) {
      if (
        spec.clear.includes(field) ||
        spec.blobs.includes(field) ||
        field === spec.index?.field ||
        spec.derived?.fields.includes(field) ||
        field === KID_FIELD ||
        field === SEALED_FIELD
      )
        continue;
      payload[field] = value;
    }
    const stored: Row = pick(record, spec.clear);
    for (const field of spec.blobs) {
      const blob = record[field];
      if (blob === undefined) continue;
      if (!(blob instanceof Blob) || blob.type !== SEALED_BLOB_TYPE) {
        // A programming error, caught before a single plain byte reaches the disk.
        throw new Error(`${table}.${field} must be sealed before it is stored`);
      }
      stored[field] = blob;
    }
    if (spec.index) {
      const { clear, terms } = spec.index.of(record);
      stored[spec.index.field] = [...clear, ...terms.map((t) => blindToken(key, t.kind, t.value))];
    }
    if (spec.derived)
      Object.assign(
        stored,
        spec.derived.of(record, (t) => blindToken(key, t.kind, t.value)),
      );
    stored[KID_FIELD] = key.kid;
    stored[SEALED_FIELD] = sealBytes(key.encryption, utf8.encode(payloadJson(payload)), recordAad(table, id, key.kid, clearPart(stored, spec)));
    return stored;
  }

  openRecord(table: string, spec: TableProtection, stored: Row): Row {
    const sealed = stored[SEALED_FIELD];
    const plain: Row = { ...stored };
    delete plain[KID_FIELD];
    delete plain[SEALED_FIELD];
    if (spec.index) delete plain[spec.index.field];
    for (const field of spec.derived?.fields ?? []) delete plain[field];
    // Not enumerable: kept off spreads, JSON and IndexedDB's clone, yet there for re-protection.
    Object.defineProperty(plain, KID_FIELD, { value: stored[KID_FIELD] ?? '', enumerable: false });
    // Written before protection existed, and not yet re-protected: plain as it was stored.
    if (sealed === undefined) return plain;
    const id = String(stored[spec.primaryKey]);
    const where = `${table}/${id}`;
    const kid = String(stored[KID_FIELD]);
    const key = this.keyFor(kid, where);
    let payload: Row;
    try {
      payload = JSON.parse(fromUtf8.decode(openBytes(key.encryption, sealed as Uint8Array, recordAad(table, id, kid, clearPart(stored, spec))))) as Row;
    } catch {
      throw tamperedError(where);
    }
    return Object.defineProperty({ ...payload, ...plain }, KID_FIELD, { value: kid, enumerable: false });
  }

  async sealBlob(plain: Blob): Promise<Blob> {
    const key = this.current;
    return sealBlobWith(await this.cryptoKey(key), key.kid, plain);
  }

  /** A sealed file's plain content in chunks and its type: the stored bytes read once, each chunk checked. */
  private async openSealed(stored: Blob, where: string): Promise<{ parts: ArrayBuffer[]; type: string }> {
    const bytes = new Uint8Array(await stored.arrayBuffer());
    let header;
    try {
      header = parseSealedHeader(bytes);
    } catch {
      throw tamperedError(where);
    }
    const key = this.keyFor(header.kid, where);
    try {
      return { parts: await openSealedWith(await this.cryptoKey(key), header, bytes), type: header.type };
    } catch (e) {
      if (e instanceof SealedBlobError) throw tamperedError(where);
      throw e;
    }
  }

  /** The plain content of a stored Blob (one stored before protection is returned as it is). */
  async openBlob(stored: Blob, where = 'tệp / file'): Promise<Blob> {
    if (stored.type !== SEALED_BLOB_TYPE) return stored;
    const { parts, type } = await this.openSealed(stored, where);
    return new Blob(parts, { type });
  }

  /** The plain bytes, joined from the decrypted chunks (no detour through a Blob, which Chromium copies out of process). */
  async openBytes(stored: Blob, where = 'tệp / file'): Promise<Uint8Array> {
    if (stored.type !== SEALED_BLOB_TYPE) return new Uint8Array(await stored.arrayBuffer());
    const { parts } = await this.openSealed(stored, where);
    const out = new Uint8Array(parts.reduce((n, p) => n + p.byteLength, 0));
    let at = 0;
    for (const p of parts) {
      out.set(new Uint8Array(p), at);
      at += p.byteLength;
    }
    return out;
  }
}
