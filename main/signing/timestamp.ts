// RFC 3161 client: asks the one approved timestamp authority to stamp a SHA-256 digest (never
// following a redirect) and checks the answer before anything is written into a PDF. Time-boxed: a TSA that is down or slow must never
// hold up the officer (the signature then stays at B-B until upgradeToT).
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import { DeskError } from '#domain/errors.ts';
import { pkijs } from './crypto.ts';
import { OID, sha256, toArrayBuffer } from './cms.ts';
import { inspectToken, integerValue } from './timestampToken.ts';

export const DEFAULT_TSA_TIMEOUT_MS = 3000;

export interface Timestamp {
  /** The TimeStampToken (a CMS ContentInfo), DER. */
  token: Uint8Array;
  time: Date;
}

function tsaError(code: string, vi: string, en: string): DeskError {
  return new DeskError(`timestamp.${code}`, { vi: `Máy chủ cấp dấu thời gian: ${vi}`, en: `Timestamp authority: ${en}` });
}

/**
 * Stamps `stamped` (hashed here with SHA-256). Throws a DeskError when the TSA cannot be
 * reached within `timeoutMs`, refuses, or answers with a token that does not match the request.
 */
export async function requestTimestamp(url: string, stamped: Uint8Array, timeoutMs = DEFAULT_TSA_TIMEOUT_MS): Promise<Timestamp> {
  const digest = sha256(stamped);
  const nonceBytes = randomBytes(8);
  nonceBytes[0]! &= 0x7f;
  const nonce = new asn1js.Integer({ valueHex: toArrayBuffer(nonceBytes) });
  const request = new pkijs.TimeStampReq({
    version: 1,
    messageImprint: new pkijs.MessageImprint({
      hashAlgorithm: new pkijs.AlgorithmIdentifier({ algorithmId: OID.sha256 }),
      hashedMessage: new asn1js.OctetString({ valueHex: toArrayBuffer(digest) }),
    }),
    nonce,
    certReq: true,
  });

  let body: ArrayBuffer;
  try {
    const response = await fetch(url, {
      method: 'POST',
      headers: { 'content-type': 'application/timestamp-query' },
      body: new Uint8Array(request.toSchema().toBER(false)),
      signal: AbortSignal.timeout(timeoutMs),
      // Only the approved TSA is asked: a redirect would send the desk's request to another host.
      redirect: 'manual',
    });
    if (response.status >= 300 && response.status < 400) {
      throw tsaError(
        'redirect',
        `chuyển hướng sang địa chỉ khác (HTTP ${response.status}): không đi theo.`,
        `redirects elsewhere (HTTP ${response.status}): not followed.`,
      );
    }
    if (!response.ok) throw tsaError('http', `trả lời HTTP ${response.status}.`, `answered HTTP ${response.status}.`);
    body = await response.arrayBuffer();
  } catch (e) {
    if (e instanceof DeskError) throw e;
    const timedOut = e instanceof Error && (e.name === 'TimeoutError' || e.name === 'AbortError');
    throw timedOut
      ? tsaError('timeout', `không trả lời trong ${timeoutMs} ms.`, `no answer within ${timeoutMs} ms.`)
      : tsaError('unreachable', 'không kết nối được.', 'cannot be reached.');
  }

  let response: pkijs.TimeStampResp;
  try {
    response = pkijs.TimeStampResp.fromBER(body);
  } catch {
    throw tsaError('bad-response', 'câu trả lời không đúng định dạng RFC 3161.', 'the answer is not an RFC 3161 response.');
  }
  const status = response.status.status;
  if (status !== pkijs.PKIStatus.granted && status !== pkijs.PKIStatus.grantedWithMods) {
    const reason = response.status.statusStrings?.map((s) => s.valueBlock.value).join('; ') ?? '';
    throw tsaError('refused', `từ chối cấp (trạng thái ${status}${reason ? `: ${reason}` : ''}).`, `refused (status ${status}${reason ? `: ${reason}` : ''}).`);
  }
  if (!response.timeStampToken) throw tsaError('bad-response', 'câu trả lời không có dấu thời gian.', 'the answer carries no token.');
  const token = new Uint8Array(response.timeStampToken.toSchema().toBER(false));

  let check;
  try {
    check = await inspectToken(token, stamped);
  } catch {
    throw tsaError('bad-response', 'dấu thời gian không đọc được.', 'the token cannot be read.');
  }
  if (!check.imprintMatches) throw tsaError('mismatch', 'dấu thời gian không khớp dữ liệu đã gửi.', 'the token does not stamp the data sent.');
  if (check.nonce !== integerValue(nonce)) throw tsaError('mismatch', 'số nonce không khớp yêu cầu.', 'the nonce does not match the request.');
  if (!check.signatureValid) throw tsaError('bad-signature', 'chữ ký trên dấu thời gian không hợp lệ.', 'the token’s signature is not valid.');
  if (!check.tsaHasTimeStampingEku) {
    throw tsaError('not-a-tsa', 'chứng thư của máy chủ không dùng để cấp dấu thời gian.', 'its certificate is not for time-stamping.');
  }
  return { token, time: check.time };
}
