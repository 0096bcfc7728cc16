// How the sync sorts what went wrong: retry later (network, 5xx, an answer that makes no
// sense), refused (a 4xx about one request: record it and move on), or enrol again.
import { DeskError, type Bilingual } from '#domain/errors.ts';

export type SyncErrorKind = 'retry' | 'refused' | 'enrol';

export class SyncError extends DeskError {
  constructor(
    code: string,
    text: Bilingual,
    readonly kind: SyncErrorKind,
    readonly status = 0,
    readonly body: Record<string, unknown> = {},
  ) {
    super(code, text);
    this.name = 'SyncError';
  }
}

export const isSyncError = (e: unknown): e is SyncError => e instanceof SyncError;

export const networkError = (): SyncError =>
  new SyncError('network', { vi: 'Không kết nối được máy chủ tỉnh.', en: 'The provincial server cannot be reached.' }, 'retry');

export const badAnswer = (what: string): SyncError =>
  new SyncError('bad-answer', { vi: `Máy chủ tỉnh trả lời không hợp lệ (${what}).`, en: `The provincial server gave an invalid answer (${what}).` }, 'retry');

export const notEnrolled = (): SyncError =>
  new SyncError('not-enrolled', { vi: 'Bàn tiếp nhận chưa đăng ký với hệ thống tỉnh.', en: 'This desk is not enrolled with the provincial system.' }, 'enrol');

export const isBilingual = (v: unknown): v is Bilingual =>
  typeof v === 'object' && v !== null && typeof (v as Bilingual).vi === 'string' && typeof (v as Bilingual).en === 'string';

/** Codes after which the desk must be enrolled again; no request can succeed until then. */
const ENROL_AGAIN = new Set(['desk-key-expired', 'desk-unknown']);

/** A non-2xx answer as a SyncError: the server's own code and bilingual message when it sent them. */
export async function errorOf(res: Response): Promise<SyncError> {
  let body: Record<string, unknown> = {};
  try {
    const parsed = JSON.parse(await res.text()) as unknown;
    if (typeof parsed === 'object' && parsed !== null) body = parsed as Record<string, unknown>;
  } catch {
    // Not JSON (a proxy's page, say): the status alone decides.
  }
  const code = typeof body.code === 'string' ? body.code : `http-${res.status}`;
  const message = isBilingual(body.message)
    ? body.message
    : { vi: `Máy chủ tỉnh trả lời mã ${res.status}.`, en: `The provincial server answered ${res.status}.` };
  const kind: SyncErrorKind = res.status >= 500 || res.status === 429 || res.status === 408 ? 'retry' : ENROL_AGAIN.has(code) ? 'enrol' : 'refused';
  return new SyncError(code, message, kind, res.status, body);
}
