// Electronic certified copies (issue 15 §1): the book entry of each copy a desk certified, with
// the signed PDF uploaded first like a dossier's files. The province keeps the office's book and
// checks what a desk cannot check alone: a number given once per book (year) across all the
// office's desks. It also checks the entry against itself: the fee TT 226/2016/TT-BTC sets for
// its pages (the province's own rule and exemptions, the desk's as bundled), the PDF's bytes
// against their hash, and a signature in it by the certificate the entry names. An entry never
// changes, so the same id is stored once and answered the same; another body under it is refused.

import { readFile } from 'node:fs/promises';
import { isValid as isUlid } from 'ulid';
import { z } from 'zod';
import { deskDate } from '#domain/deskTime.ts';
import { formatPath } from '#domain/catalog/validate.ts';
import { certificationFee } from '#domain/certification/fee.ts';
import { bookLabel } from '#domain/certification/statement.ts';
import { FETCH_CODE_PATTERN, normaliseFetchCode } from '#domain/certification/fetchCode.ts';
import type { PerPageRule } from '#domain/model.ts';
import catalog from '#domain/catalog/default-catalog.json' with { type: 'json' };
import { verifyPdf } from '#main/signing/verify.ts';
import type { Desk } from './auth.ts';
import { badRequest, conflict, notFound } from './errors.ts';
import { canonicalJson } from './intake.ts';
import { type Db, type Folders, SHA256_HEX, blobPath, now, sha256Hex } from './store.ts';
import { fileVisible } from './uploads.ts';

export const CERTIFICATION_PROCEDURE = '2.000815';

/** The province's tariff for 2.000815 (TT 226/2016/TT-BTC, checked 2026-12-07): the bundled catalogue's per-page line. */
const RULE: PerPageRule = (() => {
  const procedure = (catalog as { procedures: Array<{ code: string; fees: Array<{ perPage?: PerPageRule }> }> }).procedures.find(
    (p) => p.code === CERTIFICATION_PROCEDURE,
  );
  const rule = procedure?.fees.find((f) => f.perPage)?.perPage;
  if (!rule) throw new Error(`the bundled catalogue has no per-page fee for ${CERTIFICATION_PROCEDURE}`);
  return rule;
})();

const text = z.string().trim().min(1);
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/, 'expected ISO 8601 with an offset')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real time');
const hash = z.string().regex(SHA256_HEX, 'expected lower-case hex SHA-256');

export const certifiedCopySchema = z
  .strictObject({
    id: z.string().refine(isUlid, 'expected a ULID'),
    procedureCode: z.literal(CERTIFICATION_PROCEDURE),
    book: z.strictObject({ year: z.number().int().min(2000).max(2999), label: text, number: z.number().int().min(1) }),
    day: z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD'),
    at: instant,
    document: text.max(200),
    pages: z.number().int().min(1).max(100_000),
    fee: z.strictObject({
      amount: z.number().int().min(0),
      tariff: z.number().int().min(0),
      paidBy: z.strictObject({ province: text, basis: text }).optional(),
    }),
    signer: z.strictObject({ name: text, certificateSha256: hash }),
    file: z.strictObject({ sha256: hash, size: z.number().int().min(1), name: text }),
    officerId: text,
    dossierCode: text.max(100).optional(),
    fetchCode: z.string().regex(FETCH_CODE_PATTERN, 'expected XXXX-XXXX-XXXX in Crockford base32').optional(),
  })
  .refine((c) => c.day === deskDate(new Date(c.at)), { path: ['day'], message: 'not the desk day (+07:00) of `at`' })
  .refine((c) => Number(c.day.slice(0, 4)) === c.book.year, { path: ['book', 'year'], message: 'a copy is numbered in the book of its own year' })
  .refine((c) => c.book.label === bookLabel(c.book.year), { path: ['book', 'label'], message: 'not the book of that year' });

export type WireCertifiedCopyBody = z.output<typeof certifiedCopySchema>;

export interface CertifiedCopyAnswer {
  id: string;
  agencyId: string;
  storedAt: string;
}

const invalid = (vi: string, en: string, issues: string[]) => badRequest('certified-copy-invalid', vi, en, { issues });

/** The fee the entry states must be the tariff for its pages, waived only where the province's own list says so. */
function checkFee(copy: WireCertifiedCopyBody): void {
  const expected = certificationFee({ pages: copy.pages, province: copy.fee.paidBy?.province ?? '', day: copy.day }, RULE);
  const paidBy = expected.paidBy?.basis ?? null;
  if (expected.tariff !== copy.fee.tariff || expected.amount !== copy.fee.amount || paidBy !== (copy.fee.paidBy?.basis ?? null)) {
    const dong = (n: number) => n.toLocaleString('vi-VN');
    throw invalid(
      `Lệ phí không đúng TT 226/2016/TT-BTC: bản chính ${copy.pages} trang phải thu ${dong(expected.amount)} đồng (mức ${dong(expected.tariff)} đồng), bản ghi ghi ${dong(copy.fee.amount)} đồng.`,
      `The fee does not follow TT 226/2016/TT-BTC: a ${copy.pages}-page original costs ${expected.amount} VND (tariff ${expected.tariff}), the entry says ${copy.fee.amount}.`,
      [`fee: expected amount ${expected.amount}, tariff ${expected.tariff}${paidBy ? `, paid by ${paidBy}` : ''}`],
    );
  }
}

/** The stored bytes hash to what the entry says, and carry a signature by the certificate it names. */
async function checkPdf(f: Folders, copy: WireCertifiedCopyBody): Promise<void> {
  const bytes = await readFile(blobPath(f, copy.file.sha256));
  if (sha256Hex(bytes) !== copy.file.sha256) {
    throw invalid('Tệp bản sao đã nhận không khớp mã băm khai báo.', 'The copy’s uploaded bytes do not match the declared SHA-256.', [
      'file.sha256: the bytes differ',
    ]);
  }
  let signatures: Awaited<ReturnType<typeof verifyPdf>>['signatures'] = [];
  try {
    signatures = (await verifyPdf(new Uint8Array(bytes), { trustAnchors: [] })).signatures.filter((s) => s.kind === 'signature');
  } catch {
    throw invalid('Tệp bản sao không phải PDF đọc được.', 'The copy is not a readable PDF.', ['file: not a readable PDF']);
  }
  if (signatures.length === 0) {
    throw invalid('Bản sao điện tử chưa được ký số.', 'The electronic copy carries no signature.', ['file: no signature']);
  }
  // Untrusted here is not broken: the province's trust list is its own; a signature that does not verify is.
  const sound = signatures.filter((s) => s.verdict !== 'invalid');
  if (sound.length === 0) {
    throw invalid('Chữ ký số trên bản sao không hợp lệ (tài liệu bị sửa sau khi ký).', 'The copy’s signature does not verify (altered after signing).', [
      'file: the signature is invalid',
    ]);
  }
  if (!sound.some((s) => s.certificateSha256 === copy.signer.certificateSha256)) {
    throw invalid('Bản sao không được ký bằng chứng thư số ghi trong sổ.', 'The copy is not signed with the certificate the book entry names.', [
      'signer.certificateSha256: no signature by this certificate',
    ]);
  }
}

interface CopyRow {
  id: string;
  agency_id: string;
  body_hash: string;
  stored_at: string;
}

export async function putCertifiedCopy(
  db: Db,
  f: Folders,
  desk: Desk,
  id: string,
  idempotencyKey: string | undefined,
  input: unknown,
): Promise<CertifiedCopyAnswer> {
  if (!idempotencyKey || !/^[\x21-\x7e]{1,200}$/.test(idempotencyKey)) {
    throw badRequest(
      'idempotency-key-required',
      'Thiếu tiêu đề Idempotency-Key (1–200 ký tự in được).',
      'The Idempotency-Key header is required (1–200 printable characters).',
    );
  }
  const parsed = certifiedCopySchema.safeParse(input);
  if (!parsed.success) {
    throw invalid(
      'Bản ghi bản sao chứng thực không hợp lệ.',
      'The certified copy entry is not valid.',
      parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    );
  }
  const copy = parsed.data;
  if (copy.id !== id) throw invalid('Bản ghi bản sao chứng thực không hợp lệ.', 'The certified copy entry is not valid.', ['id: differs from the path']);
  // The fetch code counts for "the same entry" but is not kept in the body the book is read from.
  const bodyHash = sha256Hex(canonicalJson(copy));
  const { fetchCode, ...kept } = copy;
  const body = canonicalJson(kept);
  const answer = (row: CopyRow): CertifiedCopyAnswer => ({ id: row.id, agencyId: row.agency_id, storedAt: row.stored_at });
  const existing = () => db.prepare('SELECT id, agency_id, body_hash, stored_at FROM certified_copies WHERE id = ?').get(id) as CopyRow | undefined;

  const before = existing();
  if (before && before.agency_id === desk.agencyId && before.body_hash === bodyHash) return answer(before);
  checkFee(copy);
  const file = fileVisible(db, desk.agencyId, copy.file.sha256);
  if (!file) {
    throw conflict(
      'certified-copy-file-missing',
      'Tệp bản sao chưa được tải lên; hãy tải lên trước khi gửi bản ghi.',
      'The copy’s file has not been uploaded; upload it before the entry.',
      { missing: [copy.file.sha256] },
    );
  }
  if (file.size !== copy.file.size) {
    throw invalid('Kích thước tệp khai báo không khớp tệp đã lưu.', 'The declared file size differs from the stored file.', [
      'file.size: differs from the upload',
    ]);
  }
  await checkPdf(f, copy);

  return db.transaction((): CertifiedCopyAnswer => {
    const row = existing();
    if (row && row.agency_id === desk.agencyId && row.body_hash === bodyHash) return answer(row);
    if (row) {
      throw conflict('certified-copy-conflict', 'Mã bản ghi này đã được dùng cho một bản sao khác.', 'This entry id is already used for another copy.');
    }
    const taken = db
      .prepare('SELECT id FROM certified_copies WHERE agency_id = ? AND year = ? AND number = ?')
      .get(desk.agencyId, copy.book.year, copy.book.number) as { id: string } | undefined;
    if (taken) {
      throw conflict(
        'certified-copy-number-taken',
        `Số chứng thực ${copy.book.number} quyển ${copy.book.label} đã được cấp cho bản sao khác của cơ quan.`,
        `Certification number ${copy.book.number} of book ${copy.book.label} was already given to another copy of this office.`,
      );
    }
    const at = now();
    db.prepare(
      `INSERT INTO certified_copies (id, agency_id, desk_id, year, number, day, sha256, body_hash, body, dossier_code, stored_at)
       VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
    ).run(id, desk.agencyId, desk.id, copy.book.year, copy.book.number, copy.day, copy.file.sha256, bodyHash, body, copy.dossierCode ?? null, at);
    if (fetchCode) {
      if (db.prepare('SELECT 1 FROM certified_copy_fetch WHERE code_hash = ?').get(fetchCodeHash(fetchCode))) {
        throw conflict(
          'certified-copy-fetch-code-taken',
          'Mã nhận bản sao này đã được dùng; hãy chứng thực lại.',
          'This fetch code is already in use; certify again.',
        );
      }
      db.prepare('INSERT INTO certified_copy_fetch (code_hash, copy_id) VALUES (?, ?)').run(fetchCodeHash(fetchCode), id);
    }
    return { id, agencyId: desk.agencyId, storedAt: at };
  })();
}

/** The office's book for a year, in number order (the operator's view; no personal data but the document's kind). */
export function certifiedCopies(db: Db, agencyId: string, year: number): WireCertifiedCopyBody[] {
  const rows = db.prepare('SELECT body FROM certified_copies WHERE agency_id = ? AND year = ? ORDER BY number').all(agencyId, year) as Array<{ body: string }>;
  return rows.map((r) => JSON.parse(r.body) as WireCertifiedCopyBody);
}

const fetchCodeHash = (code: string) => sha256Hex(`mot-cua-provincial/v1 fetch\n${code}`);

const NO_COPY = () =>
  notFound(
    'certified-copy-not-found',
    'Không có bản sao chứng thực với mã này. Hãy kiểm tra lại mã trên phiếu nhận.',
    'No certified copy has this code. Check the code on the slip.',
  );

/**
 * The copy a fetch code opens, for whoever holds the code (the citizen's slip): its stored PDF's
 * hash and size, or a 404 alike for a malformed and an unknown code. Looked up by the code's
 * hash, so no comparison runs over the code itself and the table lists nothing to guess from.
 */
export function copyByFetchCode(db: Db, code: string): { sha256: string; size: number; name: string } {
  const canonical = normaliseFetchCode(code);
  if (!canonical) throw NO_COPY();
  const row = db
    .prepare(
      `SELECT c.sha256 AS sha256, f.size AS size, c.year AS year, c.number AS number FROM certified_copy_fetch x
       JOIN certified_copies c ON c.id = x.copy_id JOIN files f ON f.sha256 = c.sha256 WHERE x.code_hash = ?`,
    )
    .get(fetchCodeHash(canonical)) as { sha256: string; size: number; year: number; number: number } | undefined;
  if (!row) throw NO_COPY();
  return { sha256: row.sha256, size: row.size, name: `ban-sao-dien-tu-${row.year}-${row.number}.pdf` };
}
