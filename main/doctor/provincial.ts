// The province: is its API reachable (GET /health, the API's own connectivity probe,
// tests/provincial/openapi.yaml), and how far is this computer's clock from the province's. The
// receipt time printed on the citizen's receipt is this computer's clock (main/pdf/vietnam-time.ts),
// so a wrong clock writes wrong legal times; the province's HTTP Date header (RFC 9110 §6.6.1) is
// the reference. One request serves both checks; it has a short timeout and follows no redirect.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { rootCertificates } from 'node:tls';
import type { Bilingual } from '#domain/errors.ts';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { validateEndpoint } from '../net/provincialLink.ts';
import { isProvincialOperation } from '../net/provincialRoutes.ts';
import { DOCTOR_LIMITS, check, reason, type DoctorLimits } from './check.ts';

export interface ProvinceProbe {
  /** The endpoint as configured, or null when the desk has none. */
  endpoint: string | null;
  /** HTTP status of /health; null when there was no answer. */
  status: number | null;
  failure: Bilingual | null;
  /** This computer's clock minus the province's, in ms; null without a usable Date header. */
  skewMs: number | null;
}

const HEALTH = '/health';
const MAX_BODY = 64 * 1024;

function healthUrl(endpoint: string): URL {
  const base = validateEndpoint(endpoint);
  if (!isProvincialOperation('GET', HEALTH, new URLSearchParams())) throw new Error('the provincial API has no /health');
  return new URL(`${base.pathname.replace(/\/+$/, '')}${HEALTH}`, base);
}

export async function probeProvince(
  config: { endpoint: string | null; ca: readonly string[] },
  timeoutMs = DOCTOR_LIMITS.timeouts.networkMs,
  now: () => number = Date.now,
): Promise<ProvinceProbe> {
  const { endpoint } = config;
  if (!endpoint) return { endpoint: null, status: null, failure: null, skewMs: null };
  let url: URL;
  try {
    url = healthUrl(endpoint);
  } catch (e) {
    return { endpoint, status: null, failure: reason(e), skewMs: null };
  }
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve) => {
    let settled = false;
    const done = (probe: Omit<ProvinceProbe, 'endpoint'>) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      resolve({ endpoint, ...probe });
    };
    const sentAt = now();
    const outgoing = send(
      url,
      { method: 'GET', ...(url.protocol === 'https:' && config.ca.length ? { ca: [...rootCertificates, ...config.ca] } : {}) },
      (res) => {
        const receivedAt = now();
        const date = Date.parse(res.headers.date ?? '');
        // The Date header is whole seconds, taken between sending and receiving: compare with the midpoint.
        const skewMs = Number.isFinite(date) ? Math.round((sentAt + receivedAt) / 2) - date : null;
        let size = 0;
        res.on('data', (chunk: Buffer) => {
          size += chunk.length;
          if (size > MAX_BODY) res.destroy();
        });
        res.on('close', () => done({ status: res.statusCode ?? null, failure: null, skewMs }));
        res.on('error', () => done({ status: res.statusCode ?? null, failure: null, skewMs }));
      },
    );
    // A whole-request deadline, not an idle one: a server that dribbles bytes must not hold the report.
    const timer = setTimeout(() => {
      outgoing.destroy();
      done({ status: null, failure: { vi: `không trả lời sau ${timeoutMs} ms`, en: `no answer within ${timeoutMs} ms` }, skewMs: null });
    }, timeoutMs);
    timer.unref();
    outgoing.on('error', (e: NodeJS.ErrnoException) => done({ status: null, failure: reason(e), skewMs: null }));
    outgoing.end();
  });
}

const SET_ENDPOINT = {
  vi: 'Nhập địa chỉ hệ thống của tỉnh trong Cài đặt → Đồng bộ (quản trị viên duyệt).',
  en: "Enter the province's address in Settings → Sync (an administrator approves it).",
};

export function checkProvincial(probe: ProvinceProbe): DoctorCheck {
  if (!probe.endpoint) {
    return check(
      'provincial',
      'warning',
      { vi: 'Chưa cấu hình địa chỉ hệ thống của tỉnh: hồ sơ chỉ lưu trên máy.', en: "The province's address is not set: dossiers stay on this desk." },
      SET_ENDPOINT,
    );
  }
  if (probe.failure || probe.status !== 200) {
    const detail = probe.failure ?? { vi: `HTTP ${probe.status}`, en: `HTTP ${probe.status}` };
    return check(
      'provincial',
      'problem',
      {
        vi: `Không kết nối được hệ thống của tỉnh ${probe.endpoint} (${detail.vi}).`,
        en: `Cannot reach the provincial system ${probe.endpoint} (${detail.en}).`,
      },
      {
        vi: 'Kiểm tra mạng Internet/mạng WAN của xã, tường lửa, và địa chỉ trong Cài đặt → Đồng bộ; hồ sơ vẫn lưu trên máy và gửi sau.',
        en: "Check the commune's Internet/WAN link, the firewall, and the address in Settings → Sync; dossiers are kept and sent later.",
      },
    );
  }
  return check('provincial', 'ok', { vi: `Kết nối được hệ thống của tỉnh ${probe.endpoint}.`, en: `The provincial system ${probe.endpoint} answers.` });
}

function seconds(ms: number): string {
  return `${Math.round(Math.abs(ms) / 1000)}`;
}

export function checkClock(probe: ProvinceProbe, limits: DoctorLimits['clock'] = DOCTOR_LIMITS.clock): DoctorCheck {
  const fixClock = {
    vi: 'Bật "Đặt giờ tự động" (đồng bộ NTP) và múi giờ UTC+7 trong cài đặt ngày giờ của hệ điều hành.',
    en: 'Turn on automatic time (NTP sync) and the UTC+7 time zone in the system date and time settings.',
  };
  if (probe.skewMs === null) {
    const why = probe.endpoint
      ? { vi: 'không nhận được giờ của tỉnh', en: 'no time came from the province' }
      : { vi: 'chưa cấu hình địa chỉ của tỉnh', en: "the province's address is not set" };
    return check(
      'clock',
      'warning',
      { vi: `Không so được đồng hồ máy với giờ của tỉnh (${why.vi}).`, en: `The clock could not be compared with the province's (${why.en}).` },
      {
        vi: 'Khi có mạng, chạy lại kiểm tra; trong lúc chờ, so giờ máy với đồng hồ chuẩn.',
        en: 'Run the check again once online; meanwhile compare the clock with a reference clock.',
      },
    );
  }
  const skew = probe.skewMs;
  const direction = skew > 0 ? { vi: 'nhanh', en: 'ahead of' } : { vi: 'chậm', en: 'behind' };
  const said = {
    vi: `Đồng hồ máy ${direction.vi} hơn giờ của tỉnh ${seconds(skew)} giây`,
    en: `The clock is ${seconds(skew)} s ${direction.en} the province's`,
  };
  const abs = Math.abs(skew);
  if (abs > limits.problemSkewMs) {
    return check('clock', 'problem', { vi: `${said.vi}: giờ tiếp nhận trên giấy biên nhận sẽ sai.`, en: `${said.en}: receipt times will be wrong.` }, fixClock);
  }
  if (abs > limits.warnSkewMs) {
    return check('clock', 'warning', { vi: `${said.vi}: giờ tiếp nhận có thể lệch.`, en: `${said.en}: receipt times may be off.` }, fixClock);
  }
  return check('clock', 'ok', { vi: `${said.vi} (trong giới hạn).`, en: `${said.en} (within limits).` });
}
