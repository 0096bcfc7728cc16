// The few HTTP helpers the handlers share: JSON in and out, CORS for the desk's renderer
// (it calls from its own origin with a bearer token, never cookies, so "*" is safe), and
// one place that turns an ApiError into a response.

import type { IncomingMessage, ServerResponse } from 'node:http';
import { ApiError, badRequest } from './errors.ts';

// /uploads is answered by @tus/server, which sets the tus headers' CORS itself.
const ALLOWED_HEADERS = ['Authorization', 'Content-Type', 'Idempotency-Key'];

const EXPOSED_HEADERS = ['WWW-Authenticate', 'ETag', 'Repr-Digest', 'Content-Length'];

export function setCors(res: ServerResponse): void {
  res.setHeader('Access-Control-Allow-Origin', '*');
  res.setHeader('Access-Control-Expose-Headers', EXPOSED_HEADERS.join(', '));
}

export function answerPreflight(res: ServerResponse): void {
  setCors(res);
  res.setHeader('Access-Control-Allow-Methods', 'GET, HEAD, POST, PUT, PATCH, DELETE, OPTIONS');
  res.setHeader('Access-Control-Allow-Headers', ALLOWED_HEADERS.join(', '));
  res.setHeader('Access-Control-Max-Age', '600');
  res.writeHead(204).end();
}

export function sendJson(res: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    ...headers,
    'Content-Type': 'application/json; charset=utf-8',
    'Content-Length': Buffer.byteLength(text),
    'Cache-Control': 'no-store',
  });
  res.end(text);
}

export function sendError(res: ServerResponse, error: ApiError): void {
  const headers: Record<string, string> = error.status === 401 ? { 'WWW-Authenticate': `Bearer realm="provincial", error="${error.body.code}"` } : {};
  sendJson(res, error.status, error.body, headers);
}

const MAX_JSON_BYTES = 5 * 1024 * 1024;

export async function readJson(req: IncomingMessage): Promise<unknown> {
  const type = req.headers['content-type'] ?? '';
  if (!type.startsWith('application/json')) {
    throw badRequest('content-type-json', 'Nội dung phải là JSON (application/json).', 'The body must be JSON (application/json).');
  }
  const chunks: Buffer[] = [];
  let total = 0;
  for await (const chunk of req) {
    total += (chunk as Buffer).length;
    if (total > MAX_JSON_BYTES) {
      throw new ApiError(413, 'body-too-large', { vi: 'Nội dung quá lớn.', en: 'The body is too large.' });
    }
    chunks.push(chunk as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString('utf8'));
  } catch {
    throw badRequest('json-invalid', 'Nội dung JSON không đọc được.', 'The JSON body could not be parsed.');
  }
}
