// Verifies every signature and document timestamp in a PDF: byte ranges, digest, CMS
// signature, signing-certificate-v2, timestamps, certificate validity at the best known
// signing time, key usage, the chain to the desk's trust anchors, and what later revisions
// changed. Verdicts follow EN 319 102-1 in spirit: invalid when integrity or cryptography
// fails, indeterminate when the signature may be fine but cannot be trusted or dated.
import * as asn1js from 'asn1js';
import { createHash } from 'node:crypto';
import { PDFArray, PDFDict, PDFHexString, PDFName, PDFNumber, PDFString, type PDFDocument, type PDFObject } from 'pdf-lib';
import { toDeskIso } from '../../domain/deskTime.ts';
import type { Bilingual } from '../../domain/errors.ts';
import { checkChain } from './chain.ts';
import { commonName, keyUsage, organisation, parseCertificate, validAt } from './certificateInfo.ts';
import { pkijs } from './crypto.ts';
import { HASH_BY_OID, OID, toArrayBuffer } from './cms.ts';
import { parsePdfDate } from './pdfDate.ts';
import { loadPdf, revisionEnds } from './pdfFile.ts';
import { changesAfter } from './revisions.ts';
import { inspectToken, type TokenCheck } from './timestampToken.ts';

export type Verdict = 'valid' | 'invalid' | 'indeterminate';
export type TimeSource = 'signature-timestamp' | 'document-timestamp' | 'claimed';

export interface SignatureReport {
  /** Fully qualified field name. */
  field: string;
  kind: 'signature' | 'document-timestamp';
  verdict: Verdict;
  /** Why the verdict is not `valid`; empty when it is. */
  reasons: Bilingual[];
  /** Worth knowing whatever the verdict: later changes, revocation not checked. */
  warnings: Bilingual[];
  /** Certificate holder (CN): the officer, or the TSA for a document timestamp. */
  signer: string | null;
  organisation: string | null;
  /** ISO 8601 at +07:00. */
  signingTime: string | null;
  /** 'claimed' is the signer's own clock (/M), proven by nothing. */
  timeSource: TimeSource | null;
  /** PAdES baseline level reached; null for a document timestamp. */
  level: 'B-B' | 'B-T' | null;
  subFilter: string | null;
  /** The signed ranges reach the end of the file. */
  coversWholeFile: boolean;
  /** Incremental updates appended after this signature. */
  laterRevisions: number;
}

export interface VerifyReport {
  signatures: SignatureReport[];
}

export interface VerifyOptions {
  /** DER certificates the desk trusts (see loadTrustAnchors). */
  trustAnchors: readonly Uint8Array[];
  /** The time "now" for certificates without a timestamp; the real clock when absent. */
  now?: Date;
}

const name = (n: string) => PDFName.of(n);
const t = (vi: string, en: string): Bilingual => ({ vi, en });

interface RawSignature {
  field: string;
  dict: PDFDict;
}

function fieldName(dict: PDFDict, parent: string): string {
  const title = dict.lookup(name('T'));
  const own = title instanceof PDFString || title instanceof PDFHexString ? title.decodeText() : '';
  return [parent, own].filter(Boolean).join('.');
}

function signatureFields(doc: PDFDocument): RawSignature[] {
  const found: RawSignature[] = [];
  const seen = new Set<PDFDict>();
  const walk = (item: PDFObject | undefined, parent: string, inheritedType: PDFObject | undefined) => {
    const dict = item ? doc.context.lookup(item) : undefined;
    if (!(dict instanceof PDFDict) || seen.has(dict)) return;
    seen.add(dict);
    const full = fieldName(dict, parent);
    const type = dict.lookup(name('FT')) ?? inheritedType;
    const value = dict.lookup(name('V'));
    if (type === name('Sig') && value instanceof PDFDict) found.push({ field: full, dict: value });
    const kids = dict.lookup(name('Kids'));
    if (kids instanceof PDFArray) for (const kid of kids.asArray()) walk(kid, full, type);
  };
  const acroForm = doc.catalog.lookup(name('AcroForm'));
  const fields = acroForm instanceof PDFDict ? acroForm.lookup(name('Fields')) : undefined;
  if (fields instanceof PDFArray) for (const f of fields.asArray()) walk(f, '', undefined);
  return found;
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
  const gap = Buffer.from(bytes.subarray(b!, c!)).toString('latin1');
  if (!/^<[0-9A-Fa-f]*>$/.test(gap) || Buffer.from(gap.slice(1, -1), 'hex').compare(Buffer.from(contents)) !== 0) {
    return t('Vùng không được ký không đúng là giá trị chữ ký (/Contents).', 'The unsigned gap is not exactly the signature value (/Contents).');
  }
  const end = c! + d!;
  if (!endsRevision(bytes, end)) return t('Vùng được ký không kết thúc ở cuối một phiên bản của tệp.', 'The signed range does not end at the end of a file revision.');
  const signed = new Uint8Array(b! + d!);
  signed.set(bytes.subarray(0, b!));
  signed.set(bytes.subarray(c!, end), b!);
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
    return { check, proven: false, broken: true, reasons: [t(`${what.vi}: không khớp dữ liệu hoặc chữ ký sai.`, `${what.en}: does not match the data or its signature is wrong.`)] };
  }
  const reasons: Bilingual[] = [];
  if (!check.tsaHasTimeStampingEku) reasons.push(t(`${what.vi}: chứng thư không dùng để cấp dấu thời gian.`, `${what.en}: the certificate is not for time-stamping.`));
  const tsa = check.tsaCertificate!;
  const chain = await checkChain(tsa, check.certificates, anchors, check.time);
  if (!chain.trusted) reasons.push(t(`${what.vi}: máy chủ cấp dấu thời gian không được tin cậy.`, `${what.en}: the timestamp authority is not trusted.`));
  return { check, proven: reasons.length === 0, broken: false, reasons };
}

const REVOCATION_NOT_CHECKED = t('Chưa kiểm tra thu hồi chứng thư (làm việc ngoại tuyến).', 'Certificate revocation was not checked (offline).');

export async function verifyPdf(pdf: Uint8Array, options: VerifyOptions): Promise<VerifyReport> {
  const doc = await loadPdf(pdf);
  const anchors = options.trustAnchors.flatMap((der) => {
    try {
      return [parseCertificate(der)];
    } catch {
      return [];
    }
  });
  const now = options.now ?? new Date();
  const ends = revisionEnds(pdf);
  const raws = signatureFields(doc).map((raw) => {
    const type = raw.dict.lookup(name('Type'));
    const subFilter = raw.dict.lookup(name('SubFilter'));
    const isDocTimestamp = type === name('DocTimeStamp') || subFilter === name('ETSI.RFC3161');
    return { ...raw, isDocTimestamp, subFilter: subFilter instanceof PDFName ? subFilter.decodeText() : null };
  });

  const prefixes = new Map<number, Promise<PDFDocument>>();
  const laterChanges = async (end: number): Promise<{ later: number; warnings: Bilingual[] }> => {
    const later = ends.filter((e) => e > end + 2).length;
    if (later === 0) return { later, warnings: [] };
    if (!prefixes.has(end)) prefixes.set(end, loadPdf(pdf.subarray(0, end)));
    let disallowed: string[];
    try {
      disallowed = changesAfter(await prefixes.get(end)!, doc).disallowed;
    } catch {
      return { later, warnings: [t('Không đọc được phiên bản đã ký để so sánh với các thay đổi sau đó.', 'The signed revision cannot be read to compare it with later changes.')] };
    }
    if (disallowed.length === 0) return { later, warnings: [] };
    return {
      later,
      warnings: [
        t(
          `Tài liệu đã bị thay đổi sau khi ký, không chỉ thêm chữ ký (${disallowed.join(', ')}).`,
          `The document was changed after this signature by more than added signatures (${disallowed.join(', ')}).`,
        ),
      ],
    };
  };

  // Document timestamps first: they date the signatures they cover.
  const docTimestamps: { end: number; time: Date; proven: boolean }[] = [];
  const reports: SignatureReport[] = [];
  const pending: { report: SignatureReport; dict: PDFDict; ranges: Ranges; contents: Uint8Array }[] = [];
  for (const raw of raws) {
    const base: SignatureReport = {
      field: raw.field,
      kind: raw.isDocTimestamp ? 'document-timestamp' : 'signature',
      verdict: 'invalid',
      reasons: [],
      warnings: [],
      signer: null,
      organisation: null,
      signingTime: null,
      timeSource: null,
      level: null,
      subFilter: raw.subFilter,
      coversWholeFile: false,
      laterRevisions: 0,
    };
    reports.push(base);
    const contents = bytesOf(raw.dict.lookup(name('Contents')));
    if (!contents) {
      base.reasons.push(t('Chữ ký không có giá trị (/Contents).', 'The signature has no value (/Contents).'));
      continue;
    }
    const ranges = checkByteRange(pdf, raw.dict, contents);
    if (isProblem(ranges)) {
      base.reasons.push(ranges);
      continue;
    }
    base.coversWholeFile = ranges.end === pdf.length;
    const later = await laterChanges(ranges.end);
    base.laterRevisions = later.later;
    base.warnings.push(...later.warnings);
    if (raw.isDocTimestamp) {
      const result = await verifyToken(trimDer(contents), ranges.signed, anchors, t('Dấu thời gian tài liệu', 'Document timestamp'));
      if (result.check) {
        base.signingTime = toDeskIso(result.check.time);
        base.timeSource = 'document-timestamp';
        const tsa = result.check.tsaCertificate;
        base.signer = tsa ? commonName(tsa) : null;
        base.organisation = tsa ? organisation(tsa) : null;
        if (!result.broken) docTimestamps.push({ end: ranges.end, time: result.check.time, proven: result.proven });
      }
      base.reasons.push(...result.reasons);
      base.verdict = result.broken ? 'invalid' : result.proven ? 'valid' : 'indeterminate';
    } else {
      pending.push({ report: base, dict: raw.dict, ranges, contents: trimDer(contents) });
    }
  }
  for (const { report, dict, ranges, contents } of pending) {
    try {
      await verifySignature(report, dict, ranges, contents, anchors, now, docTimestamps);
    } catch {
      // Malformed ASN.1 deep inside a certificate or attribute: unreadable, not a crash.
      report.verdict = 'invalid';
      report.reasons.push(t('Chữ ký bị hỏng, không đọc được.', 'The signature is damaged and cannot be read.'));
    }
  }
  return { signatures: reports };
}

async function verifySignature(
  report: SignatureReport,
  dict: PDFDict,
  ranges: Ranges,
  contents: Uint8Array,
  anchors: pkijs.Certificate[],
  now: Date,
  docTimestamps: { end: number; time: Date; proven: boolean }[],
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
  if (!hash || !digestAttr) return invalid(t('Chữ ký thiếu thuộc tính bắt buộc hoặc dùng thuật toán băm không hỗ trợ.', 'The signature lacks a required attribute or uses an unsupported hash.'));
  const digest = createHash(hash).update(ranges.signed).digest();
  if (!digest.equals(Buffer.from((digestAttr.values[0] as asn1js.OctetString).valueBlock.valueHexView))) {
    return invalid(t('Nội dung tài liệu đã bị thay đổi sau khi ký (mã băm không khớp).', 'The document was altered after signing (digest mismatch).'));
  }

  let signerCertificate: pkijs.Certificate | undefined;
  try {
    const result = await signedData.verify({ signer: 0, data: toArrayBuffer(ranges.signed), extendedMode: true, checkChain: false });
    signerCertificate = result.signerCertificate ?? undefined;
    if (!result.signatureVerified) return invalid(t('Giá trị chữ ký không đúng với chứng thư của người ký.', 'The signature value does not verify with the signer’s certificate.'));
  } catch (e) {
    const error = e as pkijs.SignedDataVerifyError;
    return invalid(t(`Không kiểm tra được chữ ký: ${error.message}`, `The signature cannot be verified: ${error.message}`));
  }
  if (!signerCertificate) return invalid(t('Không tìm thấy chứng thư của người ký.', 'The signer’s certificate is missing.'));
  const certificateDer = new Uint8Array(signerCertificate.toSchema().toBER(false));
  report.signer = commonName(signerCertificate);
  report.organisation = organisation(signerCertificate);

  const essMatch = signingCertificateMatches(info, certificateDer, signerCertificate.serialNumber);
  if (essMatch === false) return invalid(t('Thuộc tính signing-certificate không khớp chứng thư người ký.', 'The signing-certificate attribute does not match the signer’s certificate.'));

  const reasons: Bilingual[] = [];
  if (essMatch === null && report.subFilter === 'ETSI.CAdES.detached') {
    reasons.push(t('Chữ ký thiếu thuộc tính signing-certificate-v2 mà PAdES yêu cầu.', 'The signature lacks the signing-certificate-v2 attribute PAdES requires.'));
  }

  // The best proof of when the signature existed: its own timestamp, else a document timestamp over it.
  // A timestamp that is intact but from an untrusted TSA still makes the signature B-T; it
  // just proves no time, so the verdict stays indeterminate through its reason.
  let proven: { time: Date; source: TimeSource } | null = null;
  let timestamped = false;
  const tokenAttr = findAttribute(info.unsignedAttrs, OID.signatureTimeStampToken);
  if (tokenAttr) {
    const token = new Uint8Array(tokenAttr.values[0]!.toBER(false));
    const result = await verifyToken(token, new Uint8Array(info.signature.valueBlock.valueHexView), anchors, t('Dấu thời gian của chữ ký', 'Signature timestamp'));
    timestamped = !result.broken;
    if (result.proven) proven = { time: result.check!.time, source: 'signature-timestamp' };
    else reasons.push(...result.reasons);
  }
  const covering = docTimestamps.filter((d) => d.end >= ranges.end).sort((a, b) => a.time.getTime() - b.time.getTime());
  if (!proven) {
    const first = covering.find((d) => d.proven);
    if (first) proven = { time: first.time, source: 'document-timestamp' };
  }
  report.level = timestamped || covering.length > 0 ? 'B-T' : 'B-B';
  const signingTime = proven?.time ?? claimed ?? null;
  report.signingTime = signingTime ? toDeskIso(signingTime) : null;
  report.timeSource = proven?.source ?? (claimed ? 'claimed' : null);

  if (proven) {
    if (!validAt(signerCertificate, proven.time)) reasons.push(t('Chứng thư người ký không còn hiệu lực vào thời điểm của dấu thời gian.', 'The signer’s certificate was not valid at the timestamp’s time.'));
  } else {
    if (claimed && !validAt(signerCertificate, claimed)) reasons.push(t('Chứng thư người ký không có hiệu lực vào thời điểm ký khai báo.', 'The signer’s certificate was not valid at the claimed signing time.'));
    if (!validAt(signerCertificate, now)) {
      reasons.push(t('Chứng thư người ký đã hết hạn (hoặc chưa có hiệu lực) và không có dấu thời gian chứng minh thời điểm ký.', 'The signer’s certificate is expired (or not yet valid) and no timestamp proves when it was signed.'));
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

