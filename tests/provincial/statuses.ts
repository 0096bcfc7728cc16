// TrangThaiHoSo codes are data (domain/status-codes.json), not an enum: a real province
// may send a code nobody listed, and the feed must carry it rather than fail.

import type { Bilingual } from '#domain/errors.ts';
import statusCodes from '#domain/status-codes.json';

const labels: Record<string, Bilingual> = statusCodes.statuses;

export const STATUS_CODES_VERSION: string = statusCodes.version;

export function statusLabel(code: number): Bilingual | null {
  return labels[String(code)] ?? null;
}

export function statusTable(): typeof statusCodes {
  return statusCodes;
}
