// PAdES baseline signatures appended as incremental updates: B-B always, B-T when a timestamp
// authority answers in time, and a later document timestamp (upgradeToT) when it did not.
import { PDFHexString, type PDFDocument, type PDFRef } from 'pdf-lib';
import { DeskError, isDeskError, type Bilingual } from '#domain/errors.ts';
import { addSignatureTimeStamp, createSignedData, encodeContentInfo, sha256, signatureValue } from './cms.ts';
import { commonName, parseCertificate } from './certificateInfo.ts';
import { appendRevision, collectObjects, joined } from './incrementalUpdate.ts';
import { toPdfDate } from './pdfDate.ts';
import { lastSection } from './pdfFile.ts';
import { fullParse, NeedsFullParse, openForUpdate } from './updateReader.ts';
import type { Signer } from './signer.ts';
import { addSignatureField } from './signatureField.ts';
import { emptyAppearance, prepareStamp, type Rect, type StampContent, type StampTemplate } from './stamp.ts';
import { pageInk } from './pageInk.ts';
import { findFreeArea, isFree } from './freeArea.ts';
import { DEFAULT_TSA_TIMEOUT_MS, requestTimestamp } from './timestamp.ts';
import type { SigningLevel, StampCorner, StampOutcome } from '#preload/wire/signing.ts';

export type { Rect } from './stamp.ts';

/** A visible NĐ 30/2020 stamp: what it shows, and where. The signer's name is the certificate's. */
export interface VisibleStamp extends Omit<StampContent, 'signerName'> {
  /** Zero-based page index. */
  page: number;
  /** The officer's own rectangle; without one the stamp goes to the free area nearest `corner`. */
  rect?: Rect;
  corner?: StampCorner;
  template?: StampTemplate;
}

export interface SignOptions {
  signer: Signer;
  /** The claimed signing time written as /M and on the stamp; now when absent. */
  signingTime?: Date;
  reason?: string;
  location?: string;
  /**
   * A visible NĐ 30/2020 stamp; absent for an invisible signature (copies, attachments). When
   * the page has no free area large enough the signature is made invisible instead, and
   * `SignResult.stamp` says so.
   */
  stamp?: VisibleStamp;
  /** RFC 3161 timestamp authority for B-T; B-B without one. */
  tsaUrl?: string;
  tsaTimeoutMs?: number;
}

/**
 * A signed file as two parts: the input, untouched and not copied, then the revision the
 * signature appended. Written in order (`writeFile(path, parts)`) they are the signed file.
 */
export type SignedParts = readonly [original: Uint8Array, update: Uint8Array];

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
  /** Where the stamp went, when one was asked for. */
  stamp?: StampOutcome;
}

/** CMS with the certificates and, when a TSA is asked, room for its token (certificates included). */
const BASE_RESERVE = 16_384;
const TOKEN_RESERVE = 8_192;
const DOC_TIMESTAMP_RESERVE = 16_384;
const BYTE_RANGE_PLACEHOLDER = `[0 ${'0'.repeat(10)} ${'0'.repeat(10)} ${'0'.repeat(10)}]`;

const encoder = new TextEncoder();
const text = (value: string) => PDFHexString.fromText(value.normalize('NFC')).toString();

interface Prepared {
  original: Uint8Array;
  update: Uint8Array;
  /** Offsets in the whole file; /Contents always lies in the update. */
  contentsStart: number;
  contentsEnd: number;
}

interface Placement {
  page: number;
  rect: [number, number, number, number];
  appearance: PDFRef;
  /** The stamp's text, as the field's alternate name (/TU) for viewers and screen readers. */
  label?: string;
}

const invisible = (doc: PDFDocument, label?: string): Placement => ({
  page: 0,
  rect: [0, 0, 0, 0],
  appearance: emptyAppearance(doc),
  ...(label ? { label } : {}),
});

const NO_ROOM: Bilingual = {
  vi: 'Trang không còn chỗ trống đủ lớn cho chữ ký hiển thị mà không đè lên nội dung: đã ký số ẩn (thông tin người ký, cơ quan và thời gian ký vẫn nằm trong chữ ký).',
  en: 'The page has no free area large enough for a visible signature without covering its content: the signature was made invisible (signer, organisation and signing time are still in the signature).',
};

function checkOfficerRect(doc: PDFDocument, page: number, rect: Rect): void {
  const target = doc.getPages()[page];
  if (!target) return;
  const box = target.getCropBox();
  const inside =
    [rect.x, rect.y, rect.width, rect.height].every(Number.isFinite) &&
    rect.x >= box.x - 0.5 &&
    rect.y >= box.y - 0.5 &&
    rect.x + rect.width <= box.x + box.width + 0.5 &&
    rect.y + rect.height <= box.y + box.height + 0.5;
  if (!inside) {
    throw new DeskError('signing.bad-stamp-rect', {
      vi: `Vùng đặt chữ ký nằm ngoài trang ${page + 1} (trang rộng ${Math.round(box.width)} × cao ${Math.round(box.height)} điểm).`,
      en: `The stamp rectangle lies outside page ${page + 1} (the page is ${Math.round(box.width)} × ${Math.round(box.height)} points).`,
    });
  }
}

/**
 * The corner of the page's user space that the reader sees at `corner` when the page is shown
 * turned clockwise by `rotation` (/Rotate): a scan stored sideways still gets its stamp at the
 * bottom right as read.
 */
export function userCorner(corner: StampCorner, rotation: 0 | 90 | 180 | 270): { right: boolean; top: boolean } {
  const seen = { x: corner === 'bottom-left' ? 0 : 1, y: corner === 'top-right' ? 1 : 0 };
  const user =
    rotation === 90
      ? { x: 1 - seen.y, y: seen.x }
      : rotation === 180
        ? { x: 1 - seen.x, y: 1 - seen.y }
        : rotation === 270
          ? { x: seen.y, y: 1 - seen.x }
          : seen;
  return { right: user.x === 1, top: user.y === 1 };
}

/** Places the stamp: the officer's rectangle, else the free area nearest the corner, else invisible. */
async function placeStamp(
  doc: PDFDocument,
  stamp: VisibleStamp,
  signerName: string,
  signingTime: Date,
): Promise<{ placement: Placement; outcome: StampOutcome }> {
  const prepared = await prepareStamp({ ...stamp, signerName }, signingTime, stamp.template);
  const label = prepared.text.join(' — ');
  if (!doc.getPages()[stamp.page]) {
    const count = doc.getPageCount();
    throw new DeskError('signing.bad-page', {
      vi: `Tài liệu không có trang ${stamp.page + 1} (chỉ có ${count} trang).`,
      en: `The document has no page ${stamp.page + 1} (it has ${count}).`,
    });
  }
  const rotation = (((doc.getPage(stamp.page).getRotation().angle % 360) + 360) % 360) as 0 | 90 | 180 | 270;
  let rect: Rect | null;
  if (stamp.rect) {
    checkOfficerRect(doc, stamp.page, stamp.rect);
    if (!isFree(await pageInk(doc, stamp.page), stamp.rect)) {
      throw new DeskError('signing.stamp-over-content', {
        vi: `Vùng đặt chữ ký đè lên nội dung của trang ${stamp.page + 1} (chữ, hình hay chữ ký đã có): hãy chọn chỗ trống.`,
        en: `The stamp rectangle covers content on page ${stamp.page + 1} (text, images or an earlier signature): choose a free area.`,
      });
    }
    rect = stamp.rect;
  } else {
    const turned = rotation === 90 || rotation === 270;
    const size = turned ? { width: prepared.height, height: prepared.width } : prepared;
    rect = findFreeArea(await pageInk(doc, stamp.page), size, { toward: userCorner(stamp.corner ?? 'bottom-right', rotation) });
  }
  if (!rect) return { placement: invisible(doc, label), outcome: { placed: 'invisible', reason: NO_ROOM, text: prepared.text } };
  const appearance = await prepared.draw(doc, rect, rotation);
  return {
    placement: { page: stamp.page, rect: [rect.x, rect.y, rect.x + rect.width, rect.y + rect.height], appearance, label },
    outcome: { placed: stamp.rect ? 'officer' : 'free-area', page: stamp.page, rect, text: prepared.text },
  };
}

/**
 * Appends the field and its value dictionary (`body`, with /ByteRange and /Contents
 * placeholders) as a new revision, and fills in the ByteRange. `place` adds the appearance.
 */
async function prepare(pdf: Uint8Array, body: string, place: (doc: PDFDocument) => Promise<Placement>): Promise<Prepared> {
  const opened = await openForUpdate(pdf);
  if (opened.path === 'full') return build(pdf, opened.doc, body, place);
  try {
    return await build(pdf, opened.doc, body, place);
  } catch (e) {
    // An object the table points at that does not parse: read the file whole, as before.
    if (!(e instanceof NeedsFullParse)) throw e;
    return build(pdf, (await fullParse(pdf, e.message)).doc, body, place);
  }
}

async function build(pdf: Uint8Array, doc: PDFDocument, body: string, place: (doc: PDFDocument) => Promise<Placement>): Promise<Prepared> {
  const context = doc.context;
  // Numbers a free list may still hold in the last trailer's /Size are not reused.
  const baseline = Math.max(context.largestObjectNumber, lastSection(pdf).size - 1);
  context.largestObjectNumber = baseline;
  const valueRef = context.nextRef();
  const changed = addSignatureField(doc, valueRef, await place(doc));
  const objects = collectObjects(context, baseline, changed, new Set([valueRef.objectNumber]));
  objects.push({ ref: valueRef, body: encoder.encode(body) });
  const { update, bodyOffsets } = appendRevision(pdf, context, objects);

  const start = bodyOffsets.get(valueRef.objectNumber)!;
  const contentsStart = start + body.indexOf('/Contents <') + '/Contents '.length;
  const contentsEnd = start + body.indexOf('>', contentsStart - start) + 1;
  const length = pdf.length + update.length;
  const range = `[0 ${contentsStart} ${contentsEnd} ${length - contentsEnd}]`.padEnd(BYTE_RANGE_PLACEHOLDER.length, ' ');
  update.set(encoder.encode(range), start + body.indexOf(BYTE_RANGE_PLACEHOLDER) - pdf.length);
  return { original: pdf, update, contentsStart, contentsEnd };
}

/** The byte ranges the signature covers, in order, as views: the original is hashed where it lies. */
function signedBytes({ original, update, contentsStart, contentsEnd }: Prepared): Uint8Array[] {
  return [original, update.subarray(0, contentsStart - original.length), update.subarray(contentsEnd - original.length)];
}

function fillContents(prepared: Prepared, der: Uint8Array): SignedParts {
  const room = (prepared.contentsEnd - prepared.contentsStart - 2) / 2;
  if (der.length > room) {
    throw new DeskError('signing.contents-too-small', {
      vi: `Chữ ký (${der.length} byte) vượt chỗ dành sẵn (${room} byte).`,
      en: `The signature (${der.length} bytes) does not fit the space reserved (${room} bytes).`,
    });
  }
  prepared.update.set(encoder.encode(Buffer.from(der).toString('hex').toUpperCase()), prepared.contentsStart + 1 - prepared.original.length);
  return [prepared.original, prepared.update];
}

/** `sign` with the file joined into one buffer: for IPC, and callers that read the result again. */
export async function sign(pdf: Uint8Array, options: SignOptions): Promise<SignResult> {
  const { parts, ...result } = await signParts(pdf, options);
  return { pdf: joined(parts), ...result };
}

/**
 * Signs without copying the input: the result is the input followed by the appended revision,
 * so a caller that writes the file (the `desk sign` command) holds the document once.
 */
export async function signParts(pdf: Uint8Array, options: SignOptions): Promise<Omit<SignResult, 'pdf'> & { parts: SignedParts }> {
  const { signer, stamp } = options;
  const signingTime = options.signingTime ?? new Date();
  const certificate = parseCertificate(signer.certificate);
  const signerName = commonName(certificate) ?? signer.label;
  const reserve = BASE_RESERVE + signer.certificate.length + signer.chain.reduce((n, c) => n + c.length, 0) + (options.tsaUrl ? TOKEN_RESERVE : 0);
  const body = [
    '<< /Type /Sig /Filter /Adobe.PPKLite /SubFilter /ETSI.CAdES.detached',
    `/ByteRange ${BYTE_RANGE_PLACEHOLDER}`,
    `/Contents <${'0'.repeat(2 * reserve)}>`,
    `/M (${toPdfDate(signingTime)})`,
    `/Name ${text(signerName)}`,
    ...(options.reason ? [`/Reason ${text(options.reason)}`] : []),
    ...(options.location ? [`/Location ${text(options.location)}`] : []),
    '>>',
  ].join('\n');
  let outcome: StampOutcome | undefined;
  const prepared = await prepare(pdf, body, async (doc) => {
    if (!stamp) return invisible(doc);
    const placed = await placeStamp(doc, stamp, signerName, signingTime);
    outcome = placed.outcome;
    return placed.placement;
  });

  const signedData = await createSignedData({ signer, messageDigest: sha256(...signedBytes(prepared)) });
  let result: Omit<SignResult, 'pdf'> = { level: 'B-B', timestampPending: false, signingTime, ...(outcome ? { stamp: outcome } : {}) };
  if (options.tsaUrl) {
    try {
      const timestamp = await requestTimestamp(options.tsaUrl, signatureValue(signedData), options.tsaTimeoutMs ?? DEFAULT_TSA_TIMEOUT_MS);
      addSignatureTimeStamp(signedData, timestamp.token);
      result = { ...result, level: 'B-T', timestampTime: timestamp.time };
    } catch (e) {
      if (!isDeskError(e)) throw e;
      result = { ...result, timestampPending: true, timestampProblem: e.text };
    }
  }
  return { parts: fillContents(prepared, encodeContentInfo(signedData)), ...result };
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
  return { pdf: joined(fillContents(prepared, timestamp.token)), timestampTime: timestamp.time };
}
