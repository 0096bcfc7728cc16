// Dossier intake is idempotent on the desk's own id: the ULID made at receipt is the
// primary key here, so a dossier sent twice — after a timeout, a crash, a restart — is
// stored once. Each record carries a version the desk raises on every change; the same
// version must always mean the same body. The desk's receipt time is the legal one and is
// never rewritten here.

import { isValid as isUlid } from 'ulid';
import { z } from 'zod';
import { deskDate } from '#domain/deskTime.ts';
import { formatPath } from '#domain/catalog/validate.ts';
import { checkAgencyId } from '#domain/dossierCode/agencyId.ts';
import { CHANNELS, EXEMPT_GROUPS } from '#domain/model.ts';
import { returnsResult } from '#domain/digitisation/resultDelivery.ts';
import { inForceOn } from '#domain/catalog/versions.ts';
import type { Desk } from './auth.ts';
import { ApiError, badRequest, conflict, notFound } from './errors.ts';
import { type Db, SHA256_HEX, now, sha256Hex } from './store.ts';
import { statusLabel } from './statuses.ts';
import { fileVisible } from './uploads.ts';
import { append } from './changes.ts';

const RECEIVED = 2;
const IN_PROCESSING = 4;
const STOPPED = 8;
const PROCESSED = 9;
const RETURNED = 10;

const text = z.string().trim().min(1);
const instant = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,3})?(Z|[+-]\d{2}:\d{2})$/, 'expected ISO 8601 with an offset')
  .refine((s) => !Number.isNaN(Date.parse(s)), 'not a real time');
const isoDate = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'expected YYYY-MM-DD');
const copyKind = z.enum(['original', 'certified', 'photocopy']);
const agency = z.strictObject({
  name: text,
  agencyId: z.string().refine((id) => checkAgencyId(id).problems.length === 0, 'expected an agency e-ID (QĐ 20/2020/QĐ-TTg)'),
});

/**
 * A component's digitisation metadata (issue 15 §2). An issue date after the day it was entered,
 * or a validity end before the issue date, is refused: a desk would not have stored it.
 */
const digitisationSchema = z
  .strictObject({
    fieldSet: text,
    procedureCode: text,
    specId: text,
    documentType: text.max(500),
    number: text.max(500),
    issuedOn: isoDate,
    issuer: text.max(500),
    summary: z.string().max(500).optional(),
    validUntil: isoDate.optional(),
    reusable: z.boolean(),
    owner: z.strictObject({
      role: z.enum(['applicant', 'representative']),
      fullName: text,
      idNumber: z.string().regex(/^\d{12}$/, 'expected a 12-digit ID number'),
    }),
    at: instant,
    officerId: text,
    reusedFrom: z
      .strictObject({
        fromDossierId: z.string().refine(isUlid, 'expected a ULID'),
        fromCode: z.string(),
        sha256: z.string().regex(SHA256_HEX, 'expected lower-case hex SHA-256'),
        at: instant,
        officerId: text,
      })
      .optional(),
  })
  .refine((d) => d.issuedOn <= deskDate(new Date(d.at)), { path: ['issuedOn'], message: 'the issue date is after the day the metadata was entered' })
  .refine((d) => d.validUntil === undefined || d.validUntil >= d.issuedOn, { path: ['validUntil'], message: 'the validity ends before the issue date' });

/** The wire form of a dossier: the desk's Dossier without its local search keys. */
export const dossierSchema = z.strictObject({
  id: z.string().refine(isUlid, 'expected a ULID'),
  version: z.number().int().min(1),
  code: z.string(),
  decision: z.enum(['accepted', 'supplement', 'refused']),
  status: z.number().int().min(1),
  /** HinhThuc: 1 at the counter, 2 online, 3 public postal service. */
  channel: z.union([z.literal(1), z.literal(2), z.literal(3)]).default(1),
  procedureCode: text,
  procedureName: text,
  /** Where the accepted dossier stands in its office's tracking book (quyển số, số thứ tự), as its receipt printed it. */
  ledger: z.strictObject({ book: text.max(20), year: z.number().int().min(2000).max(9999), number: z.number().int().min(1) }).optional(),
  /** The case (trường hợp) picked at the desk: the procedure's code with the case's number, and its name. */
  procedureCase: z
    .strictObject({ code: z.string().regex(/^\d\.\d{6}(\.[0-9A-Z]+)*\.\d{2,3}$/, 'expected a case code like 1.001193.01'), name: text })
    .optional(),
  fieldName: text.optional(),
  processingHours: z.number().min(0),
  fees: z.array(z.strictObject({ amount: z.number().int().min(0), label: text })),
  /** The fee the desk computed for this dossier: the total is its line's amount, and an exempted line owes nothing. */
  fee: z
    .strictObject({
      amount: z.number().int().min(0),
      reasons: z
        .array(
          z.strictObject({
            label: text,
            amount: z.number().int().min(0),
            exemption: z.strictObject({ kind: z.enum([...EXEMPT_GROUPS, ...CHANNELS]), basis: text }).optional(),
          }),
        )
        .max(20),
    })
    .refine((f) => f.amount === f.reasons.reduce((sum, r) => sum + r.amount, 0), { path: ['amount'], message: 'the amount is not the sum of its lines' })
    .refine((f) => f.reasons.every((r) => r.exemption === undefined || r.amount === 0), { path: ['reasons'], message: 'an exempted line owes nothing' })
    .optional(),
  /** The dated version of the procedure the dossier was received under; it must be in force on the receipt day (checked below). */
  procedureVersion: z
    .strictObject({ effectiveFrom: isoDate.nullable(), effectiveTo: isoDate.nullable() })
    .refine((v) => v.effectiveFrom === null || v.effectiveTo === null || v.effectiveFrom <= v.effectiveTo, {
      path: ['effectiveTo'],
      message: 'the version ends before it starts',
    })
    .optional(),
  sets: z.number().int().min(1),
  applicant: z.strictObject({
    type: z.enum(['citizen', 'business']).default('citizen'),
    fullName: text,
    idNumber: text,
    dateOfBirth: isoDate,
    gender: z.enum(['male', 'female']),
    address: text,
    phone: z.string().optional(),
    email: z.string().optional(),
    representative: z.strictObject({ fullName: text, idNumber: text }).optional(),
  }),
  summary: z.string().optional(),
  components: z.array(
    z.strictObject({
      specId: text,
      name: text,
      received: z.boolean(),
      kind: copyKind,
      count: z.number().int().min(0),
      note: z.string().optional(),
      /** The desk's database look-up for this component, kept with the dossier. */
      lookup: z
        .strictObject({
          database: text,
          databaseName: text,
          numberGiven: z.string(),
          outcome: z.enum(['found', 'not-found', 'could-not-check', 'pending']),
          /** The record found, for 'found' (the desk refuses "found" without it). */
          reference: text.max(100).optional(),
          at: instant,
          officerId: text,
        })
        .optional(),
      /** Its scan's digitisation metadata (TT 01/2023/TT-VPCP): dates real, none in the future of its entry. */
      digitisation: digitisationSchema.optional(),
    }),
  ),
  receivedAt: instant,
  appointmentAt: instant.nullable(),
  reason: z.string().optional(),
  /** A supplement request: the components (spec ids) Mẫu 02 asked for, as the officer left the list. */
  supplementItems: z.array(text).min(1).max(200).optional(),
  officerId: text,
  officerName: text,
  versions: z.strictObject({ catalog: text, calendar: text, forms: text, codePattern: text }),
  updatedAt: instant,
  /** Later appointments promised in letters of apology; appointmentAt holds the latest. */
  extensions: z.array(z.strictObject({ previousAppointmentAt: instant, newAppointmentAt: instant, reason: text, at: instant, officerId: text })).optional(),
  /** The desk handed the result to the citizen: NgayTra, and TrangThaiHoSo 10. */
  handover: z
    .strictObject({
      recipientName: text,
      relation: z.enum(['self', 'authorised']),
      recipientIdNumber: z.string(),
      at: instant,
      officerId: text,
      officerName: text,
      note: z.string().optional(),
    })
    .optional(),
  /** Filed at this desk though another agency decides it ("phi địa giới hành chính"). */
  beyondBoundary: z
    .strictObject({ receiving: agency, competent: agency, decision: text })
    .refine((b) => b.competent.agencyId !== b.receiving.agencyId, { path: ['competent', 'agencyId'], message: 'the competent agency is the receiving one' })
    .optional(),
  /** The desk stopped the processing and told the applicant (Mẫu 05 of TT 03/2025): TrangThaiHoSo 8. */
  stop: z
    .strictObject({ reason: text, guidance: z.string().optional(), leaderName: z.string().optional(), at: instant, officerId: text, officerName: text })
    .optional(),
  /** The paper file's hand-offs (Mẫu 06), oldest first: the first takes a received dossier to 4. */
  handOffs: z
    .array(
      z.strictObject({
        from: text,
        to: text,
        receiverName: z.string().optional(),
        at: instant,
        note: z.string().optional(),
        officerId: text,
        officerName: text,
      }),
    )
    .max(200)
    .refine((rows) => rows.every((h, i) => i === 0 || Date.parse(h.at) >= Date.parse(rows[i - 1]!.at)), 'hand-offs must be in time order')
    .optional(),
  /** A signed result file attached at the desk (issue 15 §2): among `files` as kind 'result', and how it was handed over. */
  electronicResult: z
    .strictObject({
      sha256: z.string().regex(SHA256_HEX, 'expected lower-case hex SHA-256'),
      name: text,
      signer: text,
      verdict: z.enum(['valid', 'indeterminate']),
      attachedAt: instant,
      officerId: text,
      delivery: z.strictObject({ channel: z.enum(['file', 'qr', 'print']), at: instant, officerId: text, officerName: text }).optional(),
    })
    .optional(),
  files: z.array(
    z.strictObject({
      sha256: z.string().regex(SHA256_HEX, 'expected lower-case hex SHA-256'),
      size: z.number().int().min(0),
      name: text,
      kind: z.enum(['receipt', 'supplement', 'refusal', 'scan', 'manifest', 'apology', 'stop', 'control', 'result']),
      specId: text.optional(),
    }),
  ),
});

export type WireDossier = z.output<typeof dossierSchema>;

/** JSON with sorted keys: the same dossier hashes the same whatever order the desk wrote. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value);
}

export interface IntakeAnswer {
  id: string;
  version: number;
  agencyId: string;
  receivedAt: string;
  storedAt: string;
}

interface DossierRow {
  id: string;
  agency_id: string;
  version: number;
  body_hash: string;
  body: string;
  received_at: string;
  status: number;
  status_note: string | null;
  stored_at: string;
  first_stored_at: string;
}

const answerOf = (row: DossierRow, version: number): IntakeAnswer => ({
  id: row.id,
  version,
  agencyId: row.agency_id,
  receivedAt: row.received_at,
  storedAt: row.first_stored_at,
});

const IDEMPOTENCY_KEY = /^[\x21-\x7e]{1,200}$/;

export function putDossier(db: Db, desk: Desk, id: string, idempotencyKey: string | undefined, input: unknown): IntakeAnswer {
  if (!idempotencyKey || !IDEMPOTENCY_KEY.test(idempotencyKey)) {
    throw badRequest(
      'idempotency-key-required',
      'Thiếu tiêu đề Idempotency-Key (1–200 ký tự in được).',
      'The Idempotency-Key header is required (1–200 printable characters).',
    );
  }
  const parsed = dossierSchema.safeParse(input);
  if (!parsed.success) {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: parsed.error.issues.map((i) => `${formatPath(i.path)}: ${i.message}`),
    });
  }
  const dossier = parsed.data;
  // The desk speaks for its own agency only: the receiving agency is the one it enrolled for.
  if (dossier.beyondBoundary && dossier.beyondBoundary.receiving.agencyId !== desk.agencyId) {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: [`beyondBoundary.receiving.agencyId: expected ${desk.agencyId}, the desk's agency`],
    });
  }
  // Only a received dossier enters the tracking book, and the book is the year of its receipt (+07:00).
  if (dossier.ledger && (dossier.decision !== 'accepted' || dossier.ledger.year !== Number(deskDate(new Date(dossier.receivedAt)).slice(0, 4)))) {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: [`ledger: expected only on an accepted dossier, in the book of the year it was received (${deskDate(new Date(dossier.receivedAt)).slice(0, 4)})`],
    });
  }
  // A case belongs to the dossier's procedure: 1.001193.01 is not a case of 1.001234.
  if (dossier.procedureCase && !dossier.procedureCase.code.startsWith(`${dossier.procedureCode}.`)) {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: [`procedureCase.code: expected a case of ${dossier.procedureCode}`],
    });
  }
  // A dossier is received under the version in force that day (+07:00), never a past or future one.
  if (dossier.procedureVersion) {
    const { effectiveFrom, effectiveTo } = dossier.procedureVersion;
    const range = { ...(effectiveFrom ? { effectiveFrom } : {}), ...(effectiveTo ? { effectiveTo } : {}) };
    if (!inForceOn(range, deskDate(new Date(dossier.receivedAt)))) {
      throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
        issues: [`procedureVersion: not in force on the receipt day ${deskDate(new Date(dossier.receivedAt))}`],
      });
    }
  }
  // The electronic result names its file: it must be sent with the dossier, as a result.
  if (dossier.electronicResult && !dossier.files.some((f) => f.kind === 'result' && f.sha256 === dossier.electronicResult!.sha256)) {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: ['electronicResult.sha256: expected a file of kind result with this hash'],
    });
  }
  // A result handed over by file or QR code returns the dossier (status 10): only a received one has a result to return.
  const delivery = dossier.electronicResult?.delivery;
  if (delivery && returnsResult(delivery.channel) && dossier.decision !== 'accepted') {
    throw badRequest('dossier-invalid', 'Hồ sơ gửi lên không hợp lệ.', 'The dossier is not valid.', {
      issues: [`electronicResult.delivery: a hand-over by ${delivery.channel} returns the result, expected only on an accepted dossier`],
    });
  }
  if (dossier.id !== id) {
    throw badRequest('dossier-id-mismatch', 'Mã hồ sơ trong đường dẫn và nội dung khác nhau.', 'The id in the path and in the body differ.');
  }
  const body = canonicalJson(dossier);
  const bodyHash = sha256Hex(body);

  return db.transaction((): IntakeAnswer => {
    const seen = db.prepare('SELECT dossier_id, body_hash FROM idempotency WHERE desk_id = ? AND key = ?').get(desk.id, idempotencyKey) as
      { dossier_id: string; body_hash: string } | undefined;
    if (seen && (seen.dossier_id !== id || seen.body_hash !== bodyHash)) {
      throw new ApiError(422, 'idempotency-key-reused', {
        vi: 'Idempotency-Key này đã được dùng cho một nội dung khác.',
        en: 'This Idempotency-Key was already used for a different request.',
      });
    }
    const existing = db.prepare('SELECT * FROM dossiers WHERE id = ?').get(id) as DossierRow | undefined;
    // A replay gets the first answer even if a newer version has been stored since.
    if (seen && existing) return answerOf(existing, dossier.version);
    if (existing && existing.agency_id !== desk.agencyId) {
      throw conflict('dossier-version-conflict', 'Mã hồ sơ đã được dùng.', 'This dossier id is already in use.');
    }
    if (existing && existing.version === dossier.version) {
      if (existing.body_hash !== bodyHash) {
        throw conflict(
          'dossier-version-conflict',
          'Đã có phiên bản này của hồ sơ với nội dung khác; hãy tăng số phiên bản.',
          'This version of the dossier is stored with a different body; raise the version.',
          { currentVersion: existing.version },
        );
      }
      remember(db, desk, idempotencyKey, id, bodyHash);
      return answerOf(existing, existing.version);
    }
    if (existing && existing.version > dossier.version) {
      throw conflict('dossier-version-stale', 'Máy chủ đã có phiên bản mới hơn của hồ sơ.', 'The server holds a newer version of this dossier.', {
        currentVersion: existing.version,
      });
    }
    if (existing && Date.parse(existing.received_at) !== Date.parse(dossier.receivedAt)) {
      throw conflict('received-at-immutable', 'Không được thay đổi thời điểm tiếp nhận của hồ sơ.', 'The receipt time of a dossier never changes.', {
        receivedAt: existing.received_at,
      });
    }
    checkFiles(db, desk.agencyId, dossier);

    const at = now();
    if (existing) {
      db.prepare('UPDATE dossiers SET version = ?, body_hash = ?, body = ?, code = ?, desk_id = ?, stored_at = ? WHERE id = ?').run(
        dossier.version,
        bodyHash,
        body,
        dossier.code,
        desk.id,
        at,
        id,
      );
      db.prepare('DELETE FROM dossier_files WHERE dossier_id = ?').run(id);
    } else {
      db.prepare(
        `INSERT INTO dossiers (id, agency_id, desk_id, version, body_hash, body, code, received_at, received_day, status, stored_at, first_stored_at)
         VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
      ).run(
        id,
        desk.agencyId,
        desk.id,
        dossier.version,
        bodyHash,
        body,
        dossier.code,
        dossier.receivedAt,
        deskDate(new Date(dossier.receivedAt)),
        dossier.status,
        at,
        at,
      );
    }
    const link = db.prepare('INSERT OR IGNORE INTO dossier_files (dossier_id, sha256) VALUES (?, ?)');
    for (const file of dossier.files) link.run(id, file.sha256);
    if (dossier.handover) recordReturn(db, id, dossier.handover.at);
    else if (delivery && returnsResult(delivery.channel)) recordReturn(db, id, delivery.at);
    else if (dossier.stop) recordStatus(db, id, STOPPED, dossier.stop.at, dossier.stop.reason);
    else if (dossier.handOffs?.length) recordStatus(db, id, IN_PROCESSING, dossier.handOffs[0]!.at, null);
    remember(db, desk, idempotencyKey, id, bodyHash);
    return answerOf(db.prepare('SELECT * FROM dossiers WHERE id = ?').get(id) as DossierRow, dossier.version);
  })();
}

/** The result was handed over at the desk, on paper or by file or QR code: status 10 once, announced on the feed (NgayTra = its time). */
function recordReturn(db: Db, id: string, at: string): void {
  const row = db.prepare('SELECT agency_id, code, status FROM dossiers WHERE id = ?').get(id) as { agency_id: string; code: string; status: number };
  if (row.status === RETURNED) return;
  db.prepare('UPDATE dossiers SET status = ?, status_note = NULL WHERE id = ?').run(RETURNED, id);
  append(db, row.agency_id, 'dossier.status', { at, dossierId: id, code: row.code, status: RETURNED, label: statusLabel(RETURNED), note: null, results: [] });
}

/**
 * What the desk recorded moves the province's status once, announced on the feed: a stop (8)
 * unless the dossier is already processed or returned, the first hand-off (4) of a received one.
 */
function recordStatus(db: Db, id: string, status: number, at: string, note: string | null): void {
  const row = db.prepare('SELECT agency_id, code, status FROM dossiers WHERE id = ?').get(id) as { agency_id: string; code: string; status: number };
  const moves = status === STOPPED ? row.status !== STOPPED && row.status < PROCESSED : row.status === RECEIVED;
  if (!moves) return;
  db.prepare('UPDATE dossiers SET status = ?, status_note = ? WHERE id = ?').run(status, note, id);
  append(db, row.agency_id, 'dossier.status', { at, dossierId: id, code: row.code, status, label: statusLabel(status), note, results: [] });
}

function remember(db: Db, desk: Desk, key: string, id: string, bodyHash: string): void {
  db.prepare('INSERT OR IGNORE INTO idempotency (desk_id, key, dossier_id, body_hash, created_at) VALUES (?, ?, ?, ?, ?)').run(
    desk.id,
    key,
    id,
    bodyHash,
    now(),
  );
}

function checkFiles(db: Db, agencyId: string, dossier: WireDossier): void {
  const missing: string[] = [];
  const wrongSize: string[] = [];
  for (const file of dossier.files) {
    const row = fileVisible(db, agencyId, file.sha256);
    if (!row) missing.push(file.sha256);
    else if (row.size !== file.size) wrongSize.push(file.sha256);
  }
  if (missing.length > 0) {
    throw conflict(
      'dossier-files-missing',
      `Còn ${missing.length} tệp chưa được tải lên; hãy tải lên trước khi gửi hồ sơ.`,
      `${missing.length} file(s) have not been uploaded; upload them before the dossier.`,
      { missing: [...new Set(missing)] },
    );
  }
  if (wrongSize.length > 0) {
    throw badRequest('dossier-file-size-mismatch', 'Kích thước tệp khai báo không khớp tệp đã lưu.', 'A declared file size differs from the stored file.', {
      files: wrongSize,
    });
  }
}

export function getDossier(db: Db, desk: Desk, id: string): Record<string, unknown> {
  const row = db.prepare('SELECT * FROM dossiers WHERE id = ?').get(id) as DossierRow | undefined;
  // Another agency's dossier answers exactly like a missing one.
  if (!row || row.agency_id !== desk.agencyId) {
    throw notFound('dossier-not-found', 'Không tìm thấy hồ sơ.', 'The dossier was not found.');
  }
  const results = db
    .prepare('SELECT r.sha256, r.name, f.size FROM dossier_results r JOIN files f ON f.sha256 = r.sha256 WHERE r.dossier_id = ? ORDER BY r.name')
    .all(id);
  return {
    id: row.id,
    version: row.version,
    agencyId: row.agency_id,
    status: row.status,
    statusLabel: statusLabel(row.status),
    statusNote: row.status_note,
    storedAt: row.first_stored_at,
    updatedAt: row.stored_at,
    dossier: JSON.parse(row.body) as unknown,
    results,
  };
}
