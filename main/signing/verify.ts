// Verifies every signature and document timestamp in a PDF: byte ranges, digest, CMS
// signature, signing-certificate-v2, timestamps, certificate validity at the best known
// signing time, key usage, the chain to the desk's trust anchors — and whether the document
// shown now is the document signed. Verdicts follow EN 319 102-1 in spirit: invalid when
// integrity or cryptography fails, indeterminate when the signature may be fine but cannot be
// trusted or dated. Each signature is judged twice: on the revision it signed (the first N
// bytes of the file), and on the current document, where a later change the signature does
// not permit (revisions.ts) makes it invalid however sound the signed revision is.
import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFRef, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { toDeskIso } from '#domain/deskTime.ts';
import { isDeskError, type Bilingual } from '#domain/errors.ts';
import { checkChain } from './chain.ts';
import { commonName, keyUsage, organisation, parseCertificate, validAt } from './certificateInfo.ts';
import { pkijs } from './crypto.ts';
import { HASH_BY_OID, OID, toArrayBuffer } from './cms.ts';
import { readLaterRevisions } from './laterRevisions.ts';
import { parsePdfDate } from './pdfDate.ts';
import { loadPdf, notAPdf } from './pdfFile.ts';
import { classifyChanges, type Permissions } from './revisions.ts';
import { inspectToken, type TokenCheck } from './timestampToken.ts';
import type { DocMdpLevel, PadesLevel, RevisionChange, SignatureReport, TimeSource, VerifyReport } from '#preload/wire/signing.ts';

export interface VerifyOptions {
  /** DER certificates the desk trusts (see loadTrustAnchors). */
  trustAnchors: readonly Uint8Array[];
  /** The time "now" for certificates without a timestamp; the real clock when absent. */
  now?: Date;
}

const name = (n: string) => PDFName.of(n);
const t = (vi: string, en: string): Bilingual => ({ vi, en });

const FORMATS: Record<string, string> = {
  'ETSI.CAdES.detached': 'CAdES (ETSI.CAdES.detached)',
  'adbe.pkcs7.detached': 'PKCS#7 (adbe.pkcs7.detached)',
  'adbe.pkcs7.sha1': 'PKCS#7 (adbe.pkcs7.sha1)',
  'adbe.x509.rsa_sha1': 'PKCS#1 (adbe.x509.rsa_sha1)',
  'ETSI.RFC3161': 'RFC 3161 (ETSI.RFC3161)',
};

const formatOf = (subFilter: string | null) => (subFilter ? (FORMATS[subFilter] ?? subFilter) : '?');

interface Lock {
  action: string;
  fields: string[];
  p: DocMdpLevel | null;
}

interface Candidate {
  field: string;
  /** The signature dictionary; null when the field's value cannot be read as one. */
  dict: PDFDict | null;
  /** DocMDP P of the signature itself (a certification signature), when it has one. */
  docMdp: DocMdpLevel | null;
  locks: Lock[];
}

function fieldName(dict: PDFDict, parent: string): string {
  const title = dict.lookup(name('T'));
  const own = title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '';
  return [parent, own].filter(Boolean).join('.');
}

function mdpLevel(value: PDFObject | undefined): DocMdpLevel | null {
  const p = value instanceof PDFNumber ? value.asNumber() : null;
  return p === 1 || p === 2 || p === 3 ? p : null;
}

function lockOf(doc: PDFDocument, params: PDFObject | undefined): Lock | null {
  const dict = params instanceof PDFRef ? doc.context.lookup(params) : params;
  if (!(dict instanceof PDFDict)) return null;
  const action = dict.lookup(name('Action'));
  const fields = dict.lookup(name('Fields'));
  return {
    action: action instanceof PDFName ? action.decodeText() : '',
    fields:
      fields instanceof PDFArray
        ? fields
            .asArray()
            .map((f) => doc.context.lookup(f))
            .flatMap((f) => (f instanceof PDFString || f instanceof PDFHexString ? [f.decodeText()] : []))
        : [],
    p: mdpLevel(dict.lookup(name('P'))),
  };
}

/** The signature's DocMDP level and FieldMDP locks: /Reference transforms and the field's /Lock. */
function permissionsIn(doc: PDFDocument, signature: PDFDict, field: PDFDict): Pick<Candidate, 'docMdp' | 'locks'> {
  let docMdp: DocMdpLevel | null = null;
  const locks: Lock[] = [];
  const references = signature.lookup(name('Reference'));
  for (const item of references instanceof PDFArray ? references.asArray() : []) {
    const reference = doc.context.lookup(item);
    if (!(reference instanceof PDFDict)) continue;
    const method = reference.lookup(name('TransformMethod'));
    const params = reference.lookup(name('TransformParams'));
    if (method === name('DocMDP')) docMdp = (params instanceof PDFDict ? mdpLevel(params.lookup(name('P'))) : null) ?? 2;
    const lock = method === name('FieldMDP') ? lockOf(doc, params) : null;
    if (lock) locks.push(lock);
  }
  const fieldLock = lockOf(doc, field.get(name('Lock')));
  if (fieldLock) locks.push(fieldLock);
  return { docMdp, locks };
}

function signatureFields(doc: PDFDocument): Candidate[] {
  const found: Candidate[] = [];
  const seen = new Set<PDFDict>();
  const walk = (item: PDFObject | undefined, parent: string, inheritedType: PDFObject | undefined, depth: number) => {
    const dict = item ? doc.context.lookup(item) : undefined;
    if (!(dict instanceof PDFDict) || seen.has(dict) || depth > 32) return;
    seen.add(dict);
    const full = fieldName(dict, parent);
    const type = dict.lookup(name('FT')) ?? inheritedType;
    const value = dict.get(name('V'));
    if (type === name('Sig') && value) {
      const signature = doc.context.lookup(value);
      if (signature instanceof PDFDict) found.push({ field: full, dict: signature, ...permissionsIn(doc, signature, dict) });
      else found.push({ field: full, dict: null, docMdp: null, locks: [] });
    }
    const kids = dict.lookup(name('Kids'));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(kid, full, type, depth + 1);
  };
  const acroForm = doc.catalog.lookup(name('AcroForm'));
  const fields = acroForm instanceof PDFDict ? acroForm.lookup(name('Fields')) : undefined;
  if (fields instanceof PDFArray) for (const f of fields.asArray()) walk(f, '', undefined, 0);
  return found;
}

/**
 * Every signature the file holds, including those a damaged form no longer reaches: signature
 * dictionaries outside any field, and /ByteRange entries that do not parse at all. A file
 * whose signature is damaged has a broken signature, not none.
 */
function signatureCandidates(doc: PDFDocument, pdf: Uint8Array): Candidate[] {
  const candidates = signatureFields(doc);
  const known = new Set(candidates.map((c) => c.dict));
  for (const [ref, object] of doc.context.enumerateIndirectObjects()) {
    if (object instanceof PDFDict && !known.has(object) && object.has(name('ByteRange')) && object.has(name('Contents'))) {
      candidates.push({ field: `? (${ref.toString()})`, dict: object, docMdp: null, locks: [] });
    }
  }
  const marker = Buffer.from('/ByteRange');
  const bytes = Buffer.from(pdf.buffer, pdf.byteOffset, pdf.byteLength);
  let written = 0;
  for (let at = bytes.indexOf(marker); at >= 0; at = bytes.indexOf(marker, at + marker.length)) written++;
  for (let i = candidates.length; i < written; i++) candidates.push({ field: '?', dict: null, docMdp: null, locks: [] });
  return candidates;
}

function permissionsFor(candidate: Candidate, end: number, certifications: { end: number; p: DocMdpLevel }[]): Permissions {
  const levels = [candidate.docMdp, ...candidate.locks.map((l) => l.p), ...certifications.filter((c) => c.end <= end).map((c) => c.p)].filter(
    (p): p is DocMdpLevel => p !== null,
  );
  const p = levels.length > 0 ? (Math.min(...levels) as DocMdpLevel) : 2;
  const covers = (list: string[], field: string) => list.some((f) => field === f || field.startsWith(`${f}.`));
  return {
    p,
    locked: (field) =>
      candidate.locks.some((l) =>
        l.action === 'All' ? true : l.action === 'Include' ? covers(l.fields, field) : l.action === 'Exclude' ? !covers(l.fields, field) : false,
      ),
  };
}

/** A DSS holding certificates and revocation data: validation material for B-LT. */
function holdsValidationData(doc: PDFDocument): boolean {
  const dss = doc.catalog.lookup(name('DSS'));
  if (!(dss instanceof PDFDict)) return false;
  const size = (key: string) => {
    const list = dss.lookup(name(key));
    return list instanceof PDFArray ? list.size() : 0;
  };
  return size('Certs') > 0 && size('OCSPs') + size('CRLs') > 0;
}

function bytesOf(value: PDFObject | undefined): Uint8Array | null {
  return value instanceof PDFHexString || value instanceof PDFString ? value.asBytes() : null;
}

/** The DER element at the start of a /Contents buffer, without the placeholder's zero padding. */
function trimDer(bytes: Uint8Array): Uint8Array {
  const parsed = asn1js.fromBER(toArrayBuffer(bytes));
  return parsed.offset > 0 ? bytes.subarray(0, parsed.offset) : bytes;
}

function endsRevision(bytes: Uint8Array, end: number): boolean {
  let at = end;
  while (at > end - 2 && (bytes[at - 1] === 0x0a || bytes[at - 1] === 0x0d)) at--;
  return Buffer.from(bytes.subarray(at - 5, at)).toString('latin1') === '%%EOF';
}

interface Ranges {
  signed: Uint8Array;
  end: number;
}

/** Checks the ByteRange covers a whole revision but exactly the /Contents hex string. */
function checkByteRange(bytes: Uint8Array, dict: PDFDict, contents: Uint8Array): Ranges | Bilingual {
  const array = dict.lookup(name('ByteRange'));
  const values = array instanceof PDFArray ? array.asArray().map((v) => (v instanceof PDFNumber ? v.asNumber() : NaN)) : [];
  const [a, b, c, d] = values;
  const bad = t('Vùng dữ liệu được ký (ByteRange) không hợp lệ.', 'The signed byte range (ByteRange) is malformed.');
  if (values.length !== 4 || !values.every((v) => Number.isInteger(v) && v >= 0) || a !== 0 || !(b! < c!) || c! + d! > bytes.length) return bad;
  const gap = Buffer.from(bytes.subarray(b, c)).toString('latin1');
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || Buffer.from(gap.slice(1, -1), 'hex').compare(Buffer.from(contents)) !== 0) {
    return t('Vùng không được ký không đúng là giá trị chữ ký (/Contents).', 'The unsigned gap is not exactly the signature value (/Contents).');
  }
  const end = c! + d!;
  if (!endsRevision(bytes, end))
    return t('Vùng được ký không kết thúc ở cuối một phiên bản của tệp.', 'The signed range does not end at the end of a file revision.');
  const signed = new Uint8Array(b! + d!);
  signed.set(bytes.subarray(0, b));
  signed.set(bytes.subarray(c, end), b);
  return { signed, end };
}

function isProblem(value: Ranges | Bilingual): value is Bilingual {
  return 'vi' in value;
}

function findAttribute(attributes: pkijs.SignedAndUnsignedAttributes | undefined, oid: string): pkijs.Attribute | undefined {
  return attributes?.attributes.find((a) => a.type === oid);
}

/** Whether signing-certificate(-v2) names this certificate; null when the attribute is absent. */
function signingCertificateMatches(info: pkijs.SignerInfo, certificateDer: Uint8Array, serial: asn1js.Integer): boolean | null {
  const v2 = findAttribute(info.signedAttrs, OID.signingCertificateV2);
  const v1 = findAttribute(info.signedAttrs, OID.signingCertificate);
  const attribute = v2 ?? v1;
  if (!attribute) return null;
  try {
    const certs = (attribute.values[0] as asn1js.Sequence).valueBlock.value[0] as asn1js.Sequence;
    const first = (certs.valueBlock.value[0] as asn1js.Sequence).valueBlock.value;
    let index = 0;
    let hash = v2 ? 'sha256' : 'sha1';
    if (v2 && first[0] instanceof asn1js.Sequence) {
      hash = HASH_BY_OID[new pkijs.AlgorithmIdentifier({ schema: first[0] }).algorithmId] ?? 'unknown';
      index = 1;
    }
    const certHash = Buffer.from((first[index] as asn1js.OctetString).valueBlock.valueHexView);
    if (hash === 'unknown' || !certHash.equals(createHash(hash).update(certificateDer).digest())) return false;
    const issuerSerial = first[index + 1] as asn1js.Sequence | undefined;
    if (issuerSerial) {
      const serialInAttr = issuerSerial.valueBlock.value[1] as asn1js.Integer;
      if (!Buffer.from(serialInAttr.valueBlock.valueHexView).equals(Buffer.from(serial.valueBlock.valueHexView))) return false;
    }
    return true;
  } catch {
    return false;
  }
}

interface TimestampVerdict {
  check: TokenCheck | null;
  /** The token proves its time: intact, over the right data, from a trusted TSA. */
  proven: boolean;
  broken: boolean;
  reasons: Bilingual[];
}

async function verifyToken(token: Uint8Array, stamped: Uint8Array, anchors: pkijs.Certificate[], what: Bilingual): Promise<TimestampVerdict> {
  let check: TokenCheck;
  try {
    check = await inspectToken(token, stamped);
  } catch {
    return { check: null, proven: false, broken: true, reasons: [t(`${what.vi}: không đọc được.`, `${what.en}: cannot be read.`)] };
  }
  if (!check.imprintMatches || !check.signatureValid) {
    return {
      check,
      proven: false,
      broken: true,
      reasons: [t(`${what.vi}: không khớp dữ liệu hoặc chữ ký sai.`, `${what.en}: does not match the data or its signature is wrong.`)],
    };
  }
  const reasons: Bilingual[] = [];
  if (!check.tsaHasTimeStampingEku)
    reasons.push(t(`${what.vi}: chứng thư không dùng để cấp dấu thời gian.`, `${what.en}: the certificate is not for time-stamping.`));
  const tsa = check.tsaCertificate!;
  const chain = await checkChain(tsa, check.certificates, anchors, check.time);
  if (!chain.trusted) reasons.push(t(`${what.vi}: máy chủ cấp dấu thời gian không được tin cậy.`, `${what.en}: the timestamp authority is not trusted.`));
  return { check, proven: reasons.length === 0, broken: false, reasons };
}

const REVOCATION_NOT_CHECKED = t('Chưa kiểm tra thu hồi chứng thư (làm việc ngoại tuyến).', 'Certificate revocation was not checked (offline).');
const UNREADABLE_SIGNATURE = t('Từ điển chữ ký bị hỏng, không đọc được.', 'The signature dictionary is damaged and cannot be read.');
const DAMAGED_SIGNATURE = t('Chữ ký bị hỏng, không đọc được.', 'The signature is damaged and cannot be read.');
/** Disallowed changes listed one by one, up to this many; the rest are counted. */
const REASONS_SHOWN = 8;

interface DocTimestamp {
  end: number;
  time: Date;
  proven: boolean;
  /** The revision it stamps holds a DSS with validation data (B-LTA for what it covers). */
  coversValidationData: boolean;
}

/** What verifySignature needs from the rest of the file. */
interface Surroundings {
  anchors: pkijs.Certificate[];
  now: Date;
  docTimestamps: DocTimestamp[];
  validationData: boolean;
}

export async function verifyPdf(pdf: Uint8Array, options: VerifyOptions): Promise<VerifyReport> {
  const doc = await loadPdf(pdf);
  try {
    return await verifyDocument(pdf, doc, options);
  } catch (e) {
    if (isDeskError(e)) throw e;
    // Reading a damaged file in ways no check below anticipated: still a damaged file.
    throw notAPdf(e instanceof Error ? e.message.split('\n')[0]! : String(e));
  }
}

async function verifyDocument(pdf: Uint8Array, doc: PDFDocument, options: VerifyOptions): Promise<VerifyReport> {
  const anchors = options.trustAnchors.flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
  const prefixes = new Map<number, Promise<PDFDocument>>();
  const signedRevisionOf = (end: number): Promise<PDFDocument> => {
    if (end === pdf.length) return Promise.resolve(doc);
    if (!prefixes.has(end)) prefixes.set(end, loadPdf(pdf.subarray(0, end)));
    return prefixes.get(end)!;
  };

  const reports: SignatureReport[] = [];
  const checked: { report: SignatureReport; candidate: Candidate; ranges: Ranges }[] = [];
  const pending: { report: SignatureReport; dict: PDFDict; ranges: Ranges; contents: Uint8Array }[] = [];
  const surroundings: Surroundings = { anchors, now: options.now ?? new Date(), docTimestamps: [], validationData: holdsValidationData(doc) };
  // Document timestamps first: they date the signatures they cover.
  for (const candidate of signatureCandidates(doc, pdf)) {
    const type = candidate.dict?.lookup(name('Type'));
    const subFilterName = candidate.dict?.lookup(name('SubFilter'));
    const subFilter = subFilterName instanceof PDFName ? subFilterName.decodeText() : null;
    const isDocTimestamp = type === name('DocTimeStamp') || subFilter === 'ETSI.RFC3161';
    const report: SignatureReport = {
      field: candidate.field,
      kind: isDocTimestamp ? 'document-timestamp' : 'signature',
      verdict: 'invalid',
      reasons: [],
      warnings: [],
      signer: null,
      organisation: null,
      signingTime: null,
      timeSource: null,
      level: null,
      format: formatOf(subFilter),
      subFilter,
      signedRevision: { verdict: 'invalid', length: null },
      laterRevisions: 0,
      changes: [],
      permission: 2,
    };
    reports.push(report);
    if (!candidate.dict) {
      report.reasons.push(UNREADABLE_SIGNATURE);
      continue;
    }
    try {
      const contents = bytesOf(candidate.dict.lookup(name('Contents')));
      if (!contents) {
        report.reasons.push(t('Chữ ký không có giá trị (/Contents).', 'The signature has no value (/Contents).'));
        continue;
      }
      const ranges = checkByteRange(pdf, candidate.dict, contents);
      if (isProblem(ranges)) {
        report.reasons.push(ranges);
        continue;
      }
      report.signedRevision.length = ranges.end;
      checked.push({ report, candidate, ranges });
      if (isDocTimestamp) {
        const result = await verifyToken(trimDer(contents), ranges.signed, anchors, t('Dấu thời gian tài liệu', 'Document timestamp'));
        if (result.check) {
          report.signingTime = toDeskIso(result.check.time);
          report.timeSource = 'document-timestamp';
          const tsa = result.check.tsaCertificate;
          report.signer = tsa ? commonName(tsa) : null;
          report.organisation = tsa ? organisation(tsa) : null;
          if (!result.broken) {
            const stamped = await signedRevisionOf(ranges.end).then(holdsValidationData, () => false);
            surroundings.docTimestamps.push({ end: ranges.end, time: result.check.time, proven: result.proven, coversValidationData: stamped });
          }
        }
        report.reasons.push(...result.reasons);
        report.verdict = result.broken ? 'invalid' : result.proven ? 'valid' : 'indeterminate';
      } else {
        pending.push({ report, dict: candidate.dict, ranges, contents: trimDer(contents) });
      }
    } catch {
      report.verdict = 'invalid';
      report.reasons.push(DAMAGED_SIGNATURE);
    }
  }
  for (const { report, dict, ranges, contents } of pending) {
    try {
      await verifySignature(report, dict, ranges, contents, surroundings);
    } catch {
      // Malformed ASN.1 deep inside a certificate or attribute: unreadable, not a crash.
      report.verdict = 'invalid';
      report.reasons.push(DAMAGED_SIGNATURE);
    }
  }

  const certifications = checked.flatMap(({ candidate, ranges }) => (candidate.docMdp ? [{ end: ranges.end, p: candidate.docMdp }] : []));
  for (const { report, candidate, ranges } of checked) {
    const permissions = permissionsFor(candidate, ranges.end, certifications);
    report.permission = permissions.p;
    report.signedRevision.verdict = report.verdict;
    const later = await changesAfter(pdf, doc, ranges.end, permissions, signedRevisionOf);
    report.laterRevisions = later.count;
    report.changes = later.changes;
    judgeChanges(report);
  }
  return { signatures: reports };
}

/** Whether anything but whitespace follows the signed revision. */
function appendedAfter(pdf: Uint8Array, end: number): boolean {
  for (let i = end; i < pdf.length; i++) if (![0x00, 0x09, 0x0a, 0x0c, 0x0d, 0x20].includes(pdf[i]!)) return true;
  return false;
}

async function changesAfter(
  pdf: Uint8Array,
  doc: PDFDocument,
  end: number,
  permissions: Permissions,
  signedRevisionOf: (end: number) => Promise<PDFDocument>,
): Promise<{ count: number; changes: RevisionChange[] }> {
  if (!appendedAfter(pdf, end)) return { count: 0, changes: [] };
  try {
    const before = await signedRevisionOf(end);
    const later = readLaterRevisions(pdf, end, before, doc);
    const problems = later.problems.map((text): RevisionChange => ({ kind: 'structure', allowed: false, text }));
    return { count: later.count, changes: [...problems, ...classifyChanges(before, doc, later, permissions)] };
  } catch {
    const text = t(
      'Không đọc được phiên bản đã ký để so sánh với phần thêm vào sau đó.',
      'The signed revision cannot be read to compare it with what was added after it.',
    );
    return { count: 0, changes: [{ kind: 'structure', allowed: false, text }] };
  }
}

/** The current document's verdict from the signed revision's and what changed after it. */
function judgeChanges(report: SignatureReport): void {
  const disallowed = report.changes.filter((c) => !c.allowed);
  for (const change of report.changes) {
    if (!change.allowed || ['signature', 'document-timestamp', 'dss'].includes(change.kind)) continue;
    report.warnings.push(
      t(`Có thay đổi sau khi ký mà chữ ký cho phép: ${change.text.vi}.`, `Changed after signing, as the signature permits: ${change.text.en}.`),
    );
  }
  if (disallowed.length === 0) return;
  report.verdict = 'invalid';
  for (const change of disallowed.slice(0, REASONS_SHOWN)) {
    report.reasons.push(
      t(
        `Tài liệu bị thay đổi sau khi ký, điều chữ ký không cho phép: ${change.text.vi}.`,
        `Changed after signing in a way the signature does not permit: ${change.text.en}.`,
      ),
    );
  }
  if (disallowed.length > REASONS_SHOWN) {
    const more = disallowed.length - REASONS_SHOWN;
    report.reasons.push(t(`… và ${more} thay đổi không được phép khác.`, `… and ${more} more disallowed changes.`));
  }
  if (report.signedRevision.verdict !== 'invalid') {
    const n = report.signedRevision.length;
    report.warnings.push(
      t(
        `Bản đã ký (${n} byte đầu của tệp) vẫn nguyên vẹn; tài liệu đang hiển thị không phải bản đó.`,
        `The signed version (the file's first ${n} bytes) is intact; the document shown now is not that version.`,
      ),
    );
  }
}

async function verifySignature(
  report: SignatureReport,
  dict: PDFDict,
  ranges: Ranges,
  contents: Uint8Array,
  { anchors, now, docTimestamps, validationData }: Surroundings,
): Promise<void> {
  const invalid = (reason: Bilingual) => {
    report.verdict = 'invalid';
    report.reasons.push(reason);
  };
  if (report.subFilter !== 'ETSI.CAdES.detached' && report.subFilter !== 'adbe.pkcs7.detached') {
    report.verdict = 'indeterminate';
    report.reasons.push(t(`Kiểu chữ ký ${report.subFilter ?? '?'} chưa được hỗ trợ.`, `Signature type ${report.subFilter ?? '?'} is not supported.`));
    return;
  }
  let signedData: pkijs.SignedData;
  try {
    const contentInfo = pkijs.ContentInfo.fromBER(toArrayBuffer(contents));
    if (contentInfo.contentType !== OID.signedData) throw new Error('not SignedData');
    signedData = new pkijs.SignedData({ schema: contentInfo.content });
  } catch {
    return invalid(t('Giá trị chữ ký không phải CMS SignedData đọc được.', 'The signature value is not a readable CMS SignedData.'));
  }
  const info = signedData.signerInfos[0];
  if (!info || signedData.signerInfos.length !== 1) return invalid(t('Chữ ký phải có đúng một người ký.', 'The signature must have exactly one signer.'));

  const claimedText = dict.lookup(name('M'));
  const claimed = claimedText instanceof PDFString || claimedText instanceof PDFHexString ? parsePdfDate(claimedText.decodeText()) : null;

  const hash = HASH_BY_OID[info.digestAlgorithm.algorithmId];
  const digestAttr = findAttribute(info.signedAttrs, OID.messageDigest);
  if (!hash || !digestAttr)
    return invalid(
      t('Chữ ký thiếu thuộc tính bắt buộc hoặc dùng thuật toán băm không hỗ trợ.', 'The signature lacks a required attribute or uses an unsupported hash.'),
    );
  const digest = createHash(hash).update(ranges.signed).digest();
  if (!digest.equals(Buffer.from((digestAttr.values[0] as asn1js.OctetString).valueBlock.valueHexView))) {
    return invalid(t('Nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp).', 'The document was altered after signing (digest mismatch).'));
  }

  let signerCertificate: pkijs.Certificate | undefined;
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(ranges.signed), extendedMode: true, checkChain: false });
    signerCertificate = result.signerCertificate ?? undefined;
    if (!result.signatureVerified)
      return invalid(t('Giá trị chữ ký không đúng với chứng thư của người ký.', 'The signature value does not verify with the signer’s certificate.'));
  } catch (e) {
    const error = e as pkijs.SignedDataVerifyError;
    return invalid(t(`Không kiểm tra được chữ ký: ${error.message}`, `The signature cannot be verified: ${error.message}`));
  }
  if (!signerCertificate) return invalid(t('Không tìm thấy chứng thư của người ký.', 'The signer’s certificate is missing.'));
  const certificateDer = new Uint8Array(signerCertificate.toSchema().toBER(false));
  report.signer = commonName(signerCertificate);
  report.certificateSha256 = createHash('sha256').update(certificateDer).digest('hex');
  report.organisation = organisation(signerCertificate);

  const essMatch = signingCertificateMatches(info, certificateDer, signerCertificate.serialNumber);
  if (essMatch === false)
    return invalid(
      t('Thuộc tính signing-certificate không khớp chứng thư người ký.', 'The signing-certificate attribute does not match the signer’s certificate.'),
    );

  const reasons: Bilingual[] = [];
  if (essMatch === null && report.subFilter === 'ETSI.CAdES.detached') {
    reasons.push(
      t('Chữ ký thiếu thuộc tính signing-certificate-v2 mà PAdES yêu cầu.', 'The signature lacks the signing-certificate-v2 attribute PAdES requires.'),
    );
  }

  // The best proof of when the signature existed: its own timestamp, else a document timestamp over it.
  // A timestamp that is intact but from an untrusted TSA still makes the signature B-T; it
  // just proves no time, so the verdict stays indeterminate through its reason.
  let proven: { time: Date; source: TimeSource } | null = null;
  let timestamped = false;
  const tokenAttr = findAttribute(info.unsignedAttrs, OID.signatureTimeStampToken);
  if (tokenAttr) {
    const token = new Uint8Array(tokenAttr.values[0]!.toBER(false));
    const result = await verifyToken(
      token,
      new Uint8Array(info.signature.valueBlock.valueHexView),
      anchors,
      t('Dấu thời gian của chữ ký', 'Signature timestamp'),
    );
    timestamped = !result.broken;
    if (result.proven) proven = { time: result.check!.time, source: 'signature-timestamp' };
    else reasons.push(...result.reasons);
  }
  const covering = docTimestamps.filter((d) => d.end >= ranges.end).sort((a, b) => a.time.getTime() - b.time.getTime());
  if (!proven) {
    const first = covering.find((d) => d.proven);
    if (first) proven = { time: first.time, source: 'document-timestamp' };
  }
  // PAdES baseline only where its constraints hold (EN 319 142-1 §6.3): CAdES in the PDF, the
  // signer named by signing-certificate-v2, no signing-time attribute (the time is /M).
  const signingTimeAttribute = !!findAttribute(info.signedAttrs, OID.signingTime);
  const pades =
    report.subFilter === 'ETSI.CAdES.detached' && essMatch === true && !!findAttribute(info.signedAttrs, OID.signingCertificateV2) && !signingTimeAttribute;
  let level: PadesLevel = timestamped || covering.length > 0 ? 'B-T' : 'B-B';
  if (level === 'B-T' && validationData) level = covering.some((d) => d.end > ranges.end && d.coversValidationData) ? 'B-LTA' : 'B-LT';
  report.level = pades ? level : null;
  report.format = pades ? `PAdES ${level}` : formatOf(report.subFilter);
  if (signingTimeAttribute && report.subFilter === 'ETSI.CAdES.detached') {
    report.warnings.push(
      t(
        'Chữ ký có thuộc tính signing-time mà PAdES không cho phép: không phải chữ ký PAdES.',
        'The signature carries a signing-time attribute, which PAdES forbids: it is not a PAdES signature.',
      ),
    );
  }
  const signingTime = proven?.time ?? claimed ?? null;
  report.signingTime = signingTime ? toDeskIso(signingTime) : null;
  report.timeSource = proven?.source ?? (claimed ? 'claimed' : null);

  if (proven) {
    if (!validAt(signerCertificate, proven.time))
      reasons.push(
        t('Chứng thư người ký không còn hiệu lực vào thời điểm của dấu thời gian.', 'The signer’s certificate was not valid at the timestamp’s time.'),
      );
  } else {
    if (claimed && !validAt(signerCertificate, claimed))
      reasons.push(t('Chứng thư người ký không có hiệu lực vào thời điểm ký khai báo.', 'The signer’s certificate was not valid at the claimed signing time.'));
    if (!validAt(signerCertificate, now)) {
      reasons.push(
        t(
          'Chứng thư người ký đã hết hạn (hoặc chưa có hiệu lực) và không có dấu thời gian chứng minh thời điểm ký.',
          'The signer’s certificate is expired (or not yet valid) and no timestamp proves when it was signed.',
        ),
      );
    }
  }
  const usages = keyUsage(signerCertificate);
  if (usages && !usages.has('digitalSignature') && !usages.has('nonRepudiation')) {
    reasons.push(t('Chứng thư người ký không được phép dùng để ký số.', 'The signer’s certificate is not allowed for digital signatures.'));
  }
  const intermediates = (signedData.certificates ?? []).filter((c): c is pkijs.Certificate => c instanceof pkijs.Certificate);
  const chain = await checkChain(signerCertificate, intermediates, anchors, proven?.time ?? now);
  if (!chain.trusted) {
    reasons.push(
      anchors.length === 0
        ? t('Chưa có chứng thư gốc tin cậy nào để kiểm tra chuỗi chứng thư.', 'No trust anchors are configured to check the certificate chain.')
        : t('Chứng thư người ký không dẫn đến chứng thư gốc tin cậy.', 'The signer’s certificate does not chain to a trusted root.'),
    );
  }
  report.warnings.push(REVOCATION_NOT_CHECKED);
  report.reasons.push(...reasons);
  report.verdict = reasons.length ? 'indeterminate' : 'valid';
}
