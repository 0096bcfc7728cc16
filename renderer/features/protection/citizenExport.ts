// A citizen's request to see what the desk holds about them (Law 91/2025): every dossier in
// which their ID number appears — as applicant, representative, or the person who collected
// the result — with its files, signatures, the province's word on it, and the audit trail of
// who did what, in one ZIP (fflate). Found through the blind index, checked once decrypted.
// Reception drafts naming them (as applicant, representative or a look-up's number) are in it
// too: a half-filled form holds their details as much as a dossier does. Drafts have no blind
// index; there is at most one per officer, so each is opened and checked.
import { strToU8, zipSync, type Zippable } from 'fflate';
import type { Dossier } from '#domain/model.ts';
import { DeskError } from '#domain/errors.ts';
import type { DeskDb, ReceptionDraftRow } from '#renderer/db/schema.ts';
import { audit } from '#renderer/db/audit.ts';

function mentions(d: Dossier, idNumber: string): boolean {
  return [d.applicant.idNumber, d.applicant.representative?.idNumber, d.handover?.recipientIdNumber].some((id) => id?.replace(/\s/g, '') === idNumber);
}

function draftMentions(row: ReceptionDraftRow, idNumber: string): boolean {
  const { applicant, lookups } = row.form;
  return [applicant.idNumber, applicant.representative?.idNumber, ...lookups.map((l) => l.numberGiven)].some((id) => id?.replace(/\s/g, '') === idNumber);
}

const safeName = (name: string) => name.replace(/[\\/:*?"<>|\u0000-\u001f]/g, '_');

const README = `Dữ liệu quầy một cửa lưu về một công dân / What this one-stop desk holds about one citizen

ho-so.json   mọi hồ sơ có số định danh này (người nộp, người nộp thay, người nhận kết quả),
             trạng thái đồng bộ với tỉnh, chữ ký số, nhật ký thao tác của cán bộ trên hồ sơ.
             every dossier naming this ID number, its sync state, signatures and audit trail;
             "drafts": hồ sơ đang nhập dở (chưa tiếp nhận) có số định danh này.
             "drafts": half-filled receptions (not yet decided) naming this ID number.
tep/         các tệp của từng hồ sơ (giấy tiếp nhận, bản quét, kết quả), theo mã hồ sơ.
             each dossier's files (receipt, scans, results), by dossier code.
`;

export interface CitizenExport {
  zip: Uint8Array;
  dossiers: number;
  files: number;
  drafts: number;
}

export async function exportCitizen(db: DeskDb, rawIdNumber: string, officerId: string, now = new Date()): Promise<CitizenExport> {
  const idNumber = rawIdNumber.replace(/\s/g, '');
  if (!/^\d{12}$/.test(idNumber)) {
    throw new DeskError('bad-id-number', { vi: 'Số định danh cá nhân gồm đúng 12 chữ số.', en: 'A personal ID number has exactly 12 digits.' });
  }
  const ids = await db.dossiers
    .where('searchKeys')
    .anyOf(db.protection.queryTokens({ kind: 'x', value: idNumber }))
    .primaryKeys();
  const dossiers = (await db.dossiers.bulkGet([...new Set(ids)].sort())).filter((d): d is Dossier => d !== undefined && mentions(d, idNumber));
  const entries: Zippable = { 'README.txt': strToU8(README) };
  const records = [];
  let files = 0;
  for (const d of dossiers) {
    const stored = await db.files.where('dossierId').equals(d.id).toArray();
    const results = await db.syncResults.where('dossierId').equals(d.id).toArray();
    const folder = `tep/${safeName(d.code || d.id)}`;
    for (const f of stored) {
      entries[`${folder}/${safeName(f.name)}`] = await db.protection.openBytes(f.blob, `tệp ${f.name}`);
      files++;
    }
    for (const r of results) {
      if (!r.blob) continue;
      entries[`${folder}/ket-qua/${safeName(r.name)}`] = await db.protection.openBytes(r.blob, `tệp ${r.name}`);
      files++;
    }
    records.push({
      dossier: d,
      files: stored.map(({ blob: _blob, ...meta }) => meta),
      results: results.map(({ blob: _blob, ...meta }) => meta),
      signatures: await db.signatures.where('dossierId').equals(d.id).toArray(),
      sync: (await db.dossierSync.get(d.id)) ?? null,
      audit: await db.audit.where('dossierId').equals(d.id).toArray(),
    });
  }
  const drafts = (await db.receptionDrafts.toArray()).filter((row) => draftMentions(row, idNumber));
  entries['ho-so.json'] = strToU8(JSON.stringify({ idNumber, exportedAt: now.toISOString(), dossiers: records, drafts }, null, 2));
  const zip = zipSync(entries, { level: 6 });
  // The request itself is on record; the ID number is not (the audit trail holds nothing personal).
  await audit(db, { officerId, action: 'export', detail: `${dossiers.length} dossiers, ${files} files, ${drafts.length} drafts` });
  return { zip, dossiers: dossiers.length, files, drafts: drafts.length };
}
