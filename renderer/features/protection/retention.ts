// The retention rule: a dossier the desk has finished with — the province acknowledged its
// latest version, nothing waits in the outbox, and it is closed here (its result handed
// over, or refused / sent back for supplements at the counter) — is removed with its files,
// pages, signatures and sync records once the administrator's period has passed since it
// closed. The period is data ([U]: no published figure for what a commune desk must keep
// after the province holds the dossier); unset means keep everything. Each run is logged.
// Reception drafts (an officer's half-filled form, a citizen's details in it) are no record at
// all: they go once older than the rule's draft limit — data too, 30 days unless the
// administrator set another — or than the dossier period when that is shorter, period or not.
import Dexie from 'dexie';
import type { Dossier } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import type { DeskDb } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import { returnedAt } from '#domain/digitisation/resultDelivery.ts';

const RETENTION_KEY = 'protection.retention';
const RETURNED = 10;
const BATCH = 100;

export interface RetentionRule {
  /** Months after a dossier closed; null keeps dossiers for ever. */
  months: number | null;
  /** Days a reception draft is kept after it was last saved; absent means DRAFT_DAYS. */
  draftDays?: number;
}

/**
 * How long an unfinished reception is kept when the administrator set nothing: a month covers a
 * citizen who comes back with a missing paper after a holiday, and no longer keeps the details
 * of one who never did. A desk's choice ([U], no published figure), so it is data, not a law.
 */
export const DRAFT_DAYS = 30;

export async function loadRetention(db: DeskDb): Promise<RetentionRule> {
  return ((await db.settings.get(RETENTION_KEY))?.value as RetentionRule | undefined) ?? { months: null };
}

export async function saveRetention(db: DeskDb, rule: RetentionRule, officerId: string): Promise<void> {
  if (rule.months !== null && (!Number.isInteger(rule.months) || rule.months < 1 || rule.months > 1200)) {
    throw new DeskError('bad-retention', {
      vi: 'Thời hạn lưu là số tháng nguyên từ 1 đến 1200, hoặc để trống.',
      en: 'The retention period is a whole number of months from 1 to 1200, or empty.',
    });
  }
  if (rule.draftDays !== undefined && (!Number.isInteger(rule.draftDays) || rule.draftDays < 1 || rule.draftDays > 3650)) {
    throw new DeskError('bad-retention', {
      vi: 'Thời hạn giữ bản nháp tiếp nhận là số ngày nguyên từ 1 đến 3650.',
      en: 'The time reception drafts are kept is a whole number of days from 1 to 3650.',
    });
  }
  await db.transaction('rw', db.settings, db.audit, async () => {
    await db.settings.put({ key: RETENTION_KEY, value: rule });
    await audit(db, { officerId, action: 'settings', detail: `retention ${rule.months ?? 'off'}` });
  });
}

/** The instant `months` before `now`, in desk time like receivedAt, so the index can compare them as strings. */
function retentionCutoff(now: Date, months: number): string {
  const cutoff = new Date(now);
  cutoff.setUTCMonth(cutoff.getUTCMonth() - months);
  return toDeskIso(cutoff);
}

function closedAt(d: Dossier): string | null {
  // Handed over on paper, or electronically by file or QR (issue 15 §2), which also returns it.
  if (d.status === RETURNED) return returnedAt(d) ?? null;
  if (d.decision === 'refused' || d.decision === 'supplement') return d.receivedAt;
  return null;
}

async function isSettled(db: DeskDb, d: Dossier): Promise<boolean> {
  const sync = await db.dossierSync.get(d.id);
  if (!sync || sync.state !== 'acked' || sync.ackVersion !== sync.version) return false;
  return (await db.outbox.where('dossierId').equals(d.id).count()) === 0;
}

/**
 * Removes the reception drafts older than the rule allows, from the clear savedAt index alone
 * (none is opened), and logs how many; returns that number.
 */
export async function purgeStaleDrafts(db: DeskDb, officerId: string, now = new Date()): Promise<number> {
  const { months, draftDays = DRAFT_DAYS } = await loadRetention(db);
  const byDays = toDeskIso(new Date(now.getTime() - draftDays * 86_400_000));
  // The later cut-off is the shorter limit.
  const cutoff = months === null ? byDays : [byDays, retentionCutoff(now, months)].sort((a, b) => Date.parse(b) - Date.parse(a))[0]!;
  return db.transaction('rw', db.receptionDrafts, db.audit, async () => {
    const stale = await db.receptionDrafts.where('savedAt').below(cutoff).primaryKeys();
    if (stale.length === 0) return 0;
    await db.receptionDrafts.bulkDelete(stale);
    await audit(db, { officerId, action: 'retention', detail: `${stale.length} reception drafts removed (saved before ${cutoff})` });
    return stale.length;
  });
}

/** Removes what the rule allows; returns how many dossiers went. Stale drafts go first, period or not; no dossier goes without a period. */
export async function applyRetention(db: DeskDb, officerId: string, now = new Date()): Promise<number> {
  await purgeStaleDrafts(db, officerId, now);
  const { months } = await loadRetention(db);
  if (months === null) return 0;
  const cutoff = retentionCutoff(now, months);
  const before = (iso: string) => Date.parse(iso) < Date.parse(cutoff);
  // Closing comes after receipt, so only dossiers received before the cut-off can qualify;
  // keys only, so nothing is decrypted until a dossier may really go.
  const receivedBefore = new Set(await db.dossiers.where('receivedAt').below(cutoff).primaryKeys());
  const turnedAway = (await db.dossiers.where('decision').anyOf('refused', 'supplement').primaryKeys()).filter((id) => receivedBefore.has(id));
  const candidates = [
    ...(await db.dossiers.where('[status+receivedAt]').between([RETURNED, Dexie.minKey], [RETURNED, cutoff], true, true).primaryKeys()),
    ...turnedAway,
  ];
  let removed = 0;
  for (let i = 0; i < candidates.length; i += BATCH) {
    const tables = [db.dossiers, db.files, db.scanPages, db.signatures, db.syncResults, db.dossierSync, db.outbox, db.audit];
    removed += await db.transaction('rw', tables, async () => {
      const gone: string[] = [];
      for (const d of await db.dossiers.bulkGet(candidates.slice(i, i + BATCH))) {
        const closed = d && closedAt(d);
        if (!d || !closed || !before(closed) || !(await isSettled(db, d))) continue;
        await db.files.where('dossierId').equals(d.id).delete();
        await db.scanPages.where('dossierId').equals(d.id).delete();
        await db.signatures.where('dossierId').equals(d.id).delete();
        await db.syncResults.where('dossierId').equals(d.id).delete();
        await db.dossierSync.delete(d.id);
        await db.dossiers.delete(d.id);
        gone.push(d.code || d.id);
      }
      // Codes only: what was removed can be traced without keeping anything personal.
      if (gone.length) await audit(db, { officerId, action: 'retention', detail: `${gone.length} removed (${months} months): ${gone.join(' ')}` });
      return gone.length;
    });
  }
  return removed;
}
