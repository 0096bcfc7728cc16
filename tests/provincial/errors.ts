// Every refusal the provincial server gives has one shape, {code, message:{vi,en}}, so the
// desk can branch on `code` and show `message` to the officer without a lookup table.

import type { Bilingual } from '#domain/errors.ts';

export interface ErrorBody {
  code: string;
  message: Bilingual;
  [extra: string]: unknown;
}

export class ApiError extends Error {
  readonly status: number;
  readonly body: ErrorBody;

  constructor(status: number, code: string, message: Bilingual, extra: Record<string, unknown> = {}) {
    super(`${code}: ${message.en}`);
    this.status = status;
    this.body = { code, message, ...extra };
  }
}

export const badRequest = (code: string, vi: string, en: string, extra?: Record<string, unknown>): ApiError => new ApiError(400, code, { vi, en }, extra);

export const unauthorized = (code: string, vi: string, en: string): ApiError => new ApiError(401, code, { vi, en });

export const notFound = (code: string, vi: string, en: string): ApiError => new ApiError(404, code, { vi, en });

export const conflict = (code: string, vi: string, en: string, extra?: Record<string, unknown>): ApiError => new ApiError(409, code, { vi, en }, extra);
