// A returning citizen's papers already digitised (issue 15 §2): found through the dossiers' blind
// index on the whole ID number (never a plain index), offered at reception while still valid and
// reusable, and linked to the new dossier inside the decision's transaction: a new file record
// over the same sealed PDF (nothing copied in the clear), the metadata carried over with where it
// came from, and a log row for the scorecard.
import { ulid } from 'ulid';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import { toDeskIso } from '#domain/deskTime.ts';
import type { Applicant, Dossier, ReceivedComponent } from '#domain/model.ts';
import { stillReusable, type Digitisation } from '#domain/digitisation/metadata.ts';
import type { DeskDb, StoredFile } from '#renderer/db/schema.ts';

export interface ReuseOffer {
  fromDossierId: string;
  fromCode: string;
  /** The stored scan the offer would reuse. */
  fileId: string;
  sha256: string;
  digitisation: Digitisation;
}

/** The officer's choice at reception: this offer for this component of the new dossier. */
export interface ReuseChoice {
  specId: string;
  fromDossierId: string;
  fileId: string;
}

const cleanId = (id: string) => id.replace(/\s/g, '');

/**
 * Components digitised for this ID number, still reusable on `today` (ISO desk date), newest
 * first, one per file. Components that were themselves reused are left out: their first
 * dossier offers the same file.
 */
export async function reuseOffers(db: DeskDb, rawIdNumber: string, today: string): Promise<ReuseOffer[]> {
  const idNumber = cleanId(rawIdNumber);
  if (!/^\d{12}$/.test(idNumber)) return [];
  const ids = await db.dossiers
    .where('searchKeys')
    .anyOf(db.protection.queryTokens({ kind: 'x', value: idNumber }))
    .primaryKeys();
  const dossiers = (await db.dossiers.bulkGet([...new Set(ids)].sort().reverse())).filter((d): d is Dossier => d !== undefined);
  const offers: ReuseOffer[] = [];
  const seen = new Set<string>();
  for (const d of dossiers) {
    for (const c of d.components) {
      const meta = c.digitisation;
      // The blind token may collide, and a dossier names several people: the metadata's owner decides.
      if (!meta || meta.reusedFrom || meta.owner.idNumber !== idNumber || !stillReusable(meta, today)) continue;
      const file = await db.files.where('[dossierId+specId]').equals([d.id, c.specId]).first();
      if (!file || file.kind !== 'scan' || seen.has(file.sha256)) continue;
      seen.add(file.sha256);
      offers.push({ fromDossierId: d.id, fromCode: d.code, fileId: file.id, sha256: file.sha256, digitisation: meta });
    }
  }
  return offers;
}

const refused = (text: { vi: string; en: string }) => new DeskError('reuse-refused', text);

/** The people a dossier's papers may belong to: its applicant and whoever filed for them. */
const peopleOf = (applicant: Applicant) => [applicant.idNumber, applicant.representative?.idNumber].filter((id): id is string => !!id).map(cleanId);

/**
 * The paper a choice points at, if it may still be reused on `today` for one of `people`: its
 * dossier and scan are still on the desk, the scan is the one digitised, and the metadata still
 * says reusable and valid. Null otherwise.
 */
async function reusableSource(
  db: DeskDb,
  choice: ReuseChoice,
  people: readonly string[],
  today: string,
): Promise<{ source: Dossier; file: StoredFile; meta: Digitisation } | null> {
  const source = await db.dossiers.get(choice.fromDossierId);
  const file = await db.files.get(choice.fileId);
  const meta = source?.components.find((c) => c.specId === file?.specId)?.digitisation;
  if (!source || !file || file.dossierId !== source.id || !meta || !people.includes(meta.owner.idNumber) || !stillReusable(meta, today)) return null;
  return { source, file, meta };
}

/**
 * A reuse choice given back with the officer's draft (after F3, a reload, a sign-out or a
 * restart) is checked against the desk as it is now: a paper that expired, was marked not
 * reusable, was rescanned or is gone meanwhile is dropped, its component unticked (it was ticked
 * for the reuse), and the notice names it, so the officer takes the paper or scans it again
 * rather than learning of it only when the decision is refused.
 */
export async function recheckReuse(
  db: DeskDb,
  form: { applicant: Applicant; components: ReceivedComponent[]; reuse: ReuseChoice[] },
  today: string,
): Promise<{ reuse: ReuseChoice[]; components: ReceivedComponent[]; notice: Bilingual | null }> {
  const people = peopleOf(form.applicant);
  const kept: ReuseChoice[] = [];
  const dropped: ReuseChoice[] = [];
  for (const choice of form.reuse) ((await reusableSource(db, choice, people, today)) ? kept : dropped).push(choice);
  if (dropped.length === 0) return { reuse: kept, components: form.components, notice: null };
  const gone = new Set(dropped.map((c) => c.specId));
  const names = form.components
    .filter((c) => gone.has(c.specId))
    .map((c) => `«${c.name}»`)
    .join(', ');
  return {
    reuse: kept,
    components: form.components.map((c) => (gone.has(c.specId) ? { ...c, received: false } : c)),
    notice: {
      vi: `Đã bỏ chọn dùng lại giấy tờ đã số hóa cho ${names}: giấy tờ đó không còn dùng lại được (hết hiệu lực, đã thay đổi hoặc không còn trên quầy). Hãy nhận giấy tờ hoặc quét bản mới.`,
      en: `The choice to reuse a digitised paper for ${names} was dropped: that paper can no longer be reused (expired, changed or no longer on this desk). Take the paper or scan a new one.`,
    },
  };
}

/**
 * Links each chosen paper to `dossier` (not yet stored) and returns its components with the
 * metadata carried over. Call it inside the decision's transaction, with db.dossiers, db.files
 * and db.digitisationLog in it: each offer is checked again there, so a paper that expired or
 * was changed meanwhile writes nothing.
 */
export async function linkReuses(db: DeskDb, dossier: Dossier, choices: ReuseChoice[], officerId: string, now: Date): Promise<ReceivedComponent[]> {
  const at = toDeskIso(now);
  const today = at.slice(0, 10);
  const people = peopleOf(dossier.applicant);
  let components = dossier.components;
  for (const choice of choices) {
    const found = await reusableSource(db, choice, people, today);
    if (!found) {
      throw refused({
        vi: 'Giấy tờ đã số hóa được chọn không còn dùng lại được (hết hiệu lực, đã thay đổi hoặc không thuộc công dân này): hãy quét bản mới.',
        en: 'The digitised paper chosen can no longer be reused (expired, changed or not this citizen’s): scan a new one.',
      });
    }
    const { source, file, meta } = found;
    if (!components.some((c) => c.specId === choice.specId)) {
      throw refused({ vi: 'Thành phần được chọn không thuộc hồ sơ này.', en: 'The chosen component is not part of this dossier.' });
    }
    await db.files.where('[dossierId+specId]').equals([dossier.id, choice.specId]).delete();
    // The same sealed Blob under a new record: the PDF is neither opened nor copied in the clear.
    await db.files.add({
      ...file,
      id: ulid(now.getTime()),
      dossierId: dossier.id,
      specId: choice.specId,
      name: `${dossier.code || dossier.id}-${choice.specId}.pdf`,
      createdAt: at,
    });
    const reused: Digitisation = {
      ...meta,
      reusedFrom: { fromDossierId: source.id, fromCode: source.code, sha256: file.sha256, at, officerId },
    };
    components = components.map((c) => (c.specId === choice.specId ? { ...c, received: true, digitisation: reused } : c));
    await db.digitisationLog.add({
      id: ulid(now.getTime()),
      kind: 'reused',
      dossierId: dossier.id,
      at,
      officerId,
      specId: choice.specId,
      fromDossierId: source.id,
    });
  }
  return components;
}
