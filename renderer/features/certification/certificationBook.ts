// The electronic certification book on this desk: the next number to show before signing, and
// each action written in one Dexie transaction — the entry, the book's state and the audit line
// together — so a crash keeps all or none: no number lost (gap), none given twice (duplicate;
// the [year+number] index is unique as well). The number is peeked before signing and recorded
// after: a copy refused or failed at signing uses no number. If the book moved on between the two
// (another window of this desk certified first), the entry is refused and the officer signs again.
import { ulid } from 'ulid';
import { DeskError } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { bookPartitions, nextBookNumber, type BookNumber, type BookState } from '#domain/certification/book.ts';
import { refusalReason } from '#domain/certification/statement.ts';
import { newFetchCode } from '#domain/certification/fetchCode.ts';
import type { DeskPartition } from '#domain/dossierCode/allocator.ts';
import { deskDay } from '#domain/dossierCode/calendarDay.ts';
import type { CertificationRow, DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import type { DeskSettings } from '../settings/officeSettings.ts';

export const BOOK_STATE_KEY = 'certificationBook';

export const BOOK_PARTITIONS_KEY = 'certificationPartitions';

/**
 * The desks share the book as they share dossier codes: this desk's number among the office's.
 * A share changed in Settings (desk number or count) applies from the next 1 January: within the
 * year the desk goes on in the share it started with, which no other desk can be given then.
 */
async function storedPartitions(db: DeskDb, settings: Pick<DeskSettings, 'deskCount' | 'deskNumber'>, now: Date): Promise<DeskPartition[]> {
  const stored = (await db.settings.get(BOOK_PARTITIONS_KEY))?.value as DeskPartition[] | undefined;
  return bookPartitions(stored, { slots: settings.deskCount, slot: settings.deskNumber }, now);
}

async function bookState(db: DeskDb): Promise<BookState | null> {
  return ((await db.settings.get(BOOK_STATE_KEY))?.value as BookState | undefined) ?? null;
}

/** The number the next copy will get, without taking it. */
export async function peekBookNumber(db: DeskDb, settings: DeskSettings, now = new Date()): Promise<BookNumber> {
  return nextBookNumber(await bookState(db), now, await storedPartitions(db, settings, now));
}

export interface CertifiedEntry {
  document: string;
  pages: number;
  fee: number;
  feePaidBy?: string;
  sha256: string;
}

/** Records a signed copy under the number it carries; refuses if the book moved on since the peek. */
export async function recordCertified(
  db: DeskDb,
  settings: DeskSettings,
  peeked: BookNumber,
  entry: CertifiedEntry,
  officerId: string,
  now = new Date(),
): Promise<CertificationRow> {
  return db.transaction('rw', db.settings, db.certifications, db.audit, async () => {
    const partitions = await storedPartitions(db, settings, now);
    const again = nextBookNumber(await bookState(db), now, partitions);
    if (again.number !== peeked.number || again.year !== peeked.year) {
      throw new DeskError('certification.bookMoved', {
        vi: `Số ${peeked.number} vừa được cấp cho bản sao khác trên quầy này; bản vừa ký không được vào sổ. Hãy chứng thực lại để nhận số ${again.number}.`,
        en: `Number ${peeked.number} was just given to another copy on this desk; the copy just signed is not entered in the book. Certify again to get number ${again.number}.`,
      });
    }
    const row: CertificationRow = {
      id: ulid(),
      kind: 'certified',
      year: again.year,
      number: again.number,
      day: again.day,
      at: toDeskIso(now),
      officerId,
      document: entry.document,
      pages: entry.pages,
      fee: entry.fee,
      ...(entry.feePaidBy ? { feePaidBy: entry.feePaidBy } : {}),
      sha256: entry.sha256,
      // Drawn here so the code is in the very write that gives the number: no entry without one.
      fetchCode: newFetchCode(),
    };
    await db.certifications.add(row);
    await db.settings.put({ key: BOOK_STATE_KEY, value: again.state });
    await db.settings.put({ key: BOOK_PARTITIONS_KEY, value: partitions });
    await audit(db, { officerId, action: 'sign', detail: `certify ${again.year}/${again.number}` }, now);
    return row;
  });
}

/** Records a refusal with the law's reason; it takes no number. */
export async function recordRefusal(db: DeskDb, reasonId: string, document: string, officerId: string, now = new Date()): Promise<CertificationRow> {
  refusalReason(reasonId);
  const day = deskDay(now);
  const row: CertificationRow = {
    id: ulid(),
    kind: 'refused',
    year: Number(day.slice(0, 4)),
    day,
    at: toDeskIso(now),
    officerId,
    document,
    pages: 0,
    fee: 0,
    reason: reasonId,
  };
  await db.transaction('rw', db.certifications, db.audit, async () => {
    await db.certifications.add(row);
    await audit(db, { officerId, action: 'refuse', detail: `certify-refusal ${reasonId}` }, now);
  });
  return row;
}

/** The book for a period (inclusive days, "YYYY-MM-DD"), in the order things happened. */
export async function bookForPeriod(db: DeskDb, from: string, to: string): Promise<CertificationRow[]> {
  const rows = await db.certifications.where('day').between(from, to, true, true).toArray();
  return rows.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : a.id < b.id ? -1 : 1));
}
