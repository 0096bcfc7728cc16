// The desk's way out to the provincial system: HTTP requests to the one provincial endpoint the
// administrator approved (main/settings/), made here on the main side, and only the operations
// of the provincial API (provincialRoutes.ts). The renderer keeps its strict CSP
// (connect-src 'self') and never reaches another host or path; redirects are never followed.
// A private CA for the province's certificate is trusted here, where Node can be told about it.
import { rootCertificates } from 'node:tls';
import { checkAddress } from './urlRules.ts';
import { isProvincialOperation } from './provincialRoutes.ts';
import { request as httpRequest, type IncomingHttpHeaders } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { X509Certificate } from 'node:crypto';
import { DeskError } from '#domain/errors.ts';
import type { LinkMethod, LinkResponse } from '#preload/wire/sync.ts';

export interface LinkConfig {
  /** Base URL of the provincial API, e.g. https://motcua.tinh.gov.vn/api/; null: not set up. */
  endpoint: string | null;
  /** PEM certificates to trust for the endpoint besides the system's roots. */
  ca: string[];
}

export interface LinkRequest {
  url: string;
  method: LinkMethod;
  headers: Record<string, string>;
  body?: Uint8Array;
}

/** Result files can be large scans; nothing the province sends may exceed this. */
const MAX_RESPONSE_BYTES = 250 * 1024 * 1024;
const TIMEOUT_MS = 120_000;
/** Set by Node itself, or meaningless across this hop. */
const DROPPED_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'keep-alive', 'upgrade', 'cookie', 'origin', 'referer']);

const notConfigured = () =>
  new DeskError('sync.no-endpoint', {
    vi: 'Chưa cấu hình địa chỉ hệ thống một cửa của tỉnh (Cài đặt → Đồng bộ).',
    en: 'The provincial system address is not configured (Settings → Sync).',
  });

const foreign = () =>
  new DeskError('sync.foreign-url', { vi: 'Yêu cầu tới địa chỉ ngoài hệ thống của tỉnh bị chặn.', en: 'A request outside the provincial system was blocked.' });

const redirected = (status: number) =>
  new DeskError('sync.redirect', {
    vi: `Hệ thống của tỉnh trả lời bằng một chuyển hướng (HTTP ${status}): máy không đi theo. Hãy kiểm tra địa chỉ đã cấu hình.`,
    en: `The provincial system answered with a redirect (HTTP ${status}): not followed. Check the configured address.`,
  });

const offline = (detail: string) =>
  new DeskError('sync.unreachable', {
    vi: `Không kết nối được hệ thống của tỉnh (${detail}). Hồ sơ vẫn được lưu trên máy và sẽ gửi lại sau.`,
    en: `Cannot reach the provincial system (${detail}). Dossiers stay on this desk and will be sent later.`,
  });

export function validateEndpoint(endpoint: string): URL {
  return checkAddress('provincial', endpoint);
}

/** A CA certificate the administrator gave for the province, read as Node will use it. */
export function readProvincialCa(pem: string): X509Certificate {
  try {
    return new X509Certificate(pem);
  } catch {
    throw new DeskError('sync.bad-ca', { vi: 'Tệp chứng thư CA của tỉnh không đọc được.', en: "The province's CA certificate cannot be read." });
  }
}

function validateCa(pem: string): string {
  readProvincialCa(pem);
  return pem;
}

function flatten(headers: IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers)) {
    if (value !== undefined) out[name] = Array.isArray(value) ? value.join(', ') : value;
  }
  return out;
}

export class ProvincialLink {
  private base: URL | null = null;
  private ca: string[] = [];

  configure(config: LinkConfig): void {
    const base = config.endpoint ? validateEndpoint(config.endpoint) : null;
    const ca = config.ca.map(validateCa);
    this.base = base;
    this.ca = ca;
  }

  /** Requests go only to the API's operations below the endpoint: the renderer cannot point the desk elsewhere. */
  private target(url: string, method: LinkRequest['method']): URL {
    if (!this.base) throw notConfigured();
    let target: URL;
    try {
      target = new URL(url, this.base);
    } catch {
      throw foreign();
    }
    const basePath = this.base.pathname.replace(/\/+$/, '');
    const below = target.pathname.startsWith(`${basePath}/`) ? target.pathname.slice(basePath.length) : null;
    if (
      target.origin !== this.base.origin ||
      target.username ||
      target.password ||
      below === null ||
      !isProvincialOperation(method, below, target.searchParams)
    ) {
      throw foreign();
    }
    return target;
  }

  async request(req: LinkRequest): Promise<LinkResponse> {
    const target = this.target(req.url, req.method);
    const headers: Record<string, string> = {};
    for (const [name, value] of Object.entries(req.headers)) if (!DROPPED_HEADERS.has(name.toLowerCase())) headers[name] = value;
    if (req.body) headers['content-length'] = String(req.body.length);
    const send = target.protocol === 'https:' ? httpsRequest : httpRequest;
    return new Promise((resolve, reject) => {
      const outgoing = send(
        target,
        {
          method: req.method,
          headers,
          timeout: TIMEOUT_MS,
          ...(target.protocol === 'https:' && this.ca.length ? { ca: [...rootCertificates, ...this.ca] } : {}),
        },
        (res) => {
          // The API never redirects, and Node's client never follows one: a redirect is refused here
          // rather than handed to the renderer, which would take its Location as an address.
          const status = res.statusCode ?? 0;
          if (status >= 300 && status < 400 && status !== 304) {
            res.destroy();
            reject(redirected(status));
            return;
          }
          const chunks: Buffer[] = [];
          let size = 0;
          res.on('data', (chunk: Buffer) => {
            size += chunk.length;
            if (size > MAX_RESPONSE_BYTES) {
              res.destroy();
              reject(offline('answer too large'));
              return;
            }
            chunks.push(chunk);
          });
          res.on('end', () => resolve({ status, headers: flatten(res.headers), body: new Uint8Array(Buffer.concat(chunks)) }));
          res.on('error', (e) => reject(offline(e.message)));
        },
      );
      outgoing.on('timeout', () => outgoing.destroy(new Error('timeout')));
      // The error code (ECONNREFUSED, certificate errors…) is what support staff need; no personal data in it.
      outgoing.on('error', (e: NodeJS.ErrnoException) => reject(offline(e.code ?? e.message)));
      outgoing.end(req.body ? Buffer.from(req.body.buffer, req.body.byteOffset, req.body.byteLength) : undefined);
    });
  }
}
