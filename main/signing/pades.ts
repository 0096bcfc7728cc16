// PAdES baseline signatures appended as incremental updates: B-B always, B-T when a timestamp
// authority answers in time, and a later document timestamp (upgradeToT) when it did not.
import { PDFHexString, type PDFDocument, type PDFRef } from 'pdf-lib';
import { DeskError, isDeskError } from '#domain/errors.ts';
import { addSignatureTimeStamp, createSignedData, encodeContentInfo, sha256, signatureValue } from './cms.ts';
import { commonName, parseCertificate } from './certificateInfo.ts';
import { appendRevision, collectObjects } from './incrementalUpdate.ts';
import { toPdfDate } from './pdfDate.ts';
import { lastSection, loadPdf } from './pdfFile.ts';
import type { Signer } from './signer.ts';
import { addSignatureField } from './signatureField.ts';
import { drawStamp, emptyAppearance, type VisibleStamp } from './stamp.ts';
import { DEFAULT_TSA_TIMEOUT_MS, requestTimestamp } from './timestamp.ts';
import type { SigningLevel } from '#preload/wire/signing.ts';

export type { VisibleStamp, Rect } from './stamp.ts';

export interface SignOptions {
  signer: Signer;
  /** The claimed signing time written as /M and on the stamp; now when absent. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  /** A visible NĐ 30/2020 stamp; absent for an invisible signature (copies, attachments). */
  stamp?: VisibleStamp;
  /** RFC 3161 timestamp authority for B-T; B-B without one. */
  tsaUrl?: string;
  tsaTimeoutMs?: number;
}

export interface SignResult {
  pdf: Uint8Array;
  level: SigningLevel;
  /** True when a TSA was configured but did not answer: call upgradeToT later. */
  timestampPending: boolean;
  signingTime: Date;
  /** The TSA's time, when the signature carries a timestamp. */
  timestampTime?: Date;
  /** Why the timestamp is pending, for the officer. */
  timestampProblem?: DeskError['text'];
}

/** CMS with the certificates and, when a TSA is asked, room for its token (certificates included). */
const BASE_RESERVE = 16_384;
const TOKEN_RESERVE = 8_192;
const DOC_TIMESTAMP_RESERVE = 16_384;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;

const encoder = new TextEncoder();
const text = (value: string) => PDFHexString.fromText(value.normalize('NFC')).toString();

interface Prepared {
  bytes: Uint8Array;
  contentsStart: number;
  contentsEnd: number;
}

interface Placement {
  page: number;
  rect: [number, number, number, number];
  appearance: PDFRef;
}

const invisible = (doc: PDFDocument): Placement => ({ page: 0, rect: [0, 0, 0, 0], appearance: emptyAppearance(doc) });

/**
 * Appends the field and its value dictionary (`body`, with /ByteRange and /Contents
 * placeholders) as a new revision, and fills in the ByteRange. `place` adds the appearance.
 */
async function prepare(pdf: Uint8Array, body: string, place: (doc: PDFDocument) => Promise<Placement>): Promise<Prepared> {
  const doc = await loadPdf(pdf);
  const context = doc.context;
  // Numbers a free list may still hold in the last trailer's /Size are not reused.
  const baseline = Math.max(context.largestObjectNumber, lastSection(pdf).size - 1);
  context.largestObjectNumber = baseline;
  const valueRef = context.nextRef();
  const changed = addSignatureField(doc, valueRef, await place(doc));
  const objects = collectObjects(context, baseline, changed, new Set([valueRef.objectNumber]));
  objects.push({ ref: valueRef, body: encoder.encode(body) });
  const { bytes, bodyOffsets } = appendRevision(pdf, context, objects);

  const start = bodyOffsets.get(valueRef.objectNumber)!;
  const contentsStart = start + body.indexOf('/Contents <') + '/Contents '.length;
  const contentsEnd = start + body.indexOf('>', contentsStart - start) + 1;
  const range = `[0 ${contentsStart} ${contentsEnd} ${bytes.length - contentsEnd}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  bytes.set(encoder.encode(range), start + body.indexOf(BYTE_RANGE_PLACEHOLDER));
  return { bytes, contentsStart, contentsEnd };
}

function signedBytes({ bytes, contentsStart, contentsEnd }: Prepared): Uint8Array[] {
  return [bytes.subarray(0, contentsStart), bytes.subarray(contentsEnd)];
}

function fillContents(prepared: Prepared, der: Uint8Array): Uint8Array {
  const room = (prepared.contentsEnd - prepared.contentsStart - 2) / 2;
  if (der.length > room) {
    throw new DeskError('signing.contents-too-small', {
      vi: `Chữ ký (${der.length} byte) vượt chỗ dành sẵn (${room} byte).`,
      en: `The signature (${der.length} bytes) does not fit the space reserved (${room} bytes).`,
    });
  }
  prepared.bytes.set(encoder.encode(Buffer.from(der).toString('hex').toUpperCase()), prepared.contentsStart + 1);
  return prepared.bytes;
}

export async function sign(pdf: Uint8Array, options: SignOptions): Promise<SignResult> {
  const { signer, stamp } = options;
  const signingTime = options.signingTime ?? new Date();
  const certificate = parseCertificate(signer.certificate);
  const reserve = BASE_RESERVE + signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0) + (options.tsaUrl ? TOKEN_RESERVE : 0);
  const body = [
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Contents <${'0'.repeat(2 * reserve)}>`,
    `/M (${toPdfDate(signingTime)})`,
    `/Name ${text(commonName(certificate) ?? signer.label)}`,
    ...(options.reason ? [`/Reason ${text(options.reason)}`] : []),
    ...(options.location ? [`/Location ${text(options.location)}`] : []),
    '>>',
  ].join('\n');
  const prepared = await prepare(pdf, body, async (doc) =>
    stamp
      ? {
          page: stamp.page,
          rect: [stamp.rect.x, stamp.rect.y, stamp.rect.x + stamp.rect.width, stamp.rect.y + stamp.rect.height],
          appearance: await drawStamp(doc, stamp, signingTime),
        }
      : invisible(doc),
  );

  const signedData = await createSignedData({ signer, messageDigest: sha256(...signedBytes(prepared)) });
  let result: Omit<SignResult, 'pdf'> = { level: 'B-B', timestampPending: false, signingTime };
  if (options.tsaUrl) {
    try {
      const timestamp = await requestTimestamp(options.tsaUrl, signatureValue(signedData), options.tsaTimeoutMs ?? DEFAULT_TSA_TIMEOUT_MS);
      addSignatureTimeStamp(signedData, timestamp.token);
      result = { level: 'B-T', timestampPending: false, signingTime, timestampTime: timestamp.time };
    } catch (e) {
      if (!isDeskError(e)) throw e;
      result = { level: 'B-B', timestampPending: true, signingTime, timestampProblem: e.text };
    }
  }
  return { pdf: fillContents(prepared, encodeContentInfo(signedData)), ...result };
}

/**
 * Appends a document timestamp (/DocTimeStamp, /ETSI.RFC3161) over the whole file: the B-T
 * upgrade for signatures made while the TSA was unavailable. Throws a DeskError when the TSA
 * still does not answer; the input is then unchanged.
 */
export async function upgradeToT(pdf: Uint8Array, tsaUrl: string, options: { tsaTimeoutMs?: number } = {}): Promise<{ pdf: Uint8Array; timestampTime: Date }> {
  const body = [
    '<< /Type /DocTimeStamp /Filter /Adobe.PPKLite /SubFilter /ETSI.RFC3161',
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Contents <${'0'.repeat(2 * DOC_TIMESTAMP_RESERVE)}>`,
    '>>',
  ].join('\n');
  const prepared = await prepare(pdf, body, async (doc) => invisible(doc));
  const stamped = Buffer.concat(signedBytes(prepared));
  const timestamp = await requestTimestamp(tsaUrl, stamped, options.tsaTimeoutMs ?? DEFAULT_TSA_TIMEOUT_MS);
  return { pdf: fillContents(prepared, timestamp.token), timestampTime: timestamp.time };
}
