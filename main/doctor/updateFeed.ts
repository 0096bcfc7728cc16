// The update feed: reachable, and signed by a key this desk trusts (main/update/feed.ts's own
// check, keys from update-keys.json). Fetched whole with a hard deadline, no redirect followed.
import { request as httpRequest } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { DeskError, type Bilingual } from '#domain/errors.ts';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { shippedTrustFile, signatureUrl, trustedKeysOf, validateFeedUrl, verifyFeed, type TrustedKey } from '../update/feed.ts';
import { DOCTOR_LIMITS, check, reason } from './check.ts';

// The same limits as the update service (main/update/updateService.ts): a feed is a few kB.
const MAX_FEED = 64 * 1024;
const MAX_SIGNATURE = 4 * 1024;

export interface UpdateFeedOptions {
  feedUrl: string | null;
  trusted?: readonly TrustedKey[];
  timeoutMs?: number;
}

class Unreachable extends Error {}

/** The whole body of a 200 answer, or Unreachable: a deadline over the whole request, not per chunk. */
function fetchWhole(url: URL, maxBytes: number, timeoutMs: number): Promise<Uint8Array> {
  const send = url.protocol === 'https:' ? httpsRequest : httpRequest;
  return new Promise((resolve, reject) => {
    const fail = (why: string) => {
      clearTimeout(timer);
      outgoing.destroy();
      reject(new Unreachable(why));
    };
    const outgoing = send(url, { method: 'GET', headers: { 'accept-encoding': 'identity' } }, (res) => {
      if (res.statusCode !== 200) {
        res.resume();
        fail(`HTTP ${res.statusCode}`);
        return;
      }
      const chunks: Buffer[] = [];
      let size = 0;
      res.on('data', (chunk: Buffer) => {
        size += chunk.length;
        if (size > maxBytes) fail(`> ${maxBytes} bytes`);
        else chunks.push(chunk);
      });
      res.on('end', () => {
        clearTimeout(timer);
        resolve(new Uint8Array(Buffer.concat(chunks)));
      });
      res.on('error', (e) => fail(e.message));
    });
    const timer = setTimeout(() => fail(`no answer within ${timeoutMs} ms`), timeoutMs);
    timer.unref();
    outgoing.on('error', (e: NodeJS.ErrnoException) => fail(e.code ?? e.message));
    outgoing.end();
  });
}

export async function checkUpdateFeed(options: UpdateFeedOptions): Promise<DoctorCheck> {
  if (!options.feedUrl) {
    return check(
      'update-feed',
      'warning',
      { vi: 'Chưa cấu hình máy chủ cập nhật: desk không tự cập nhật.', en: 'No update server is set: the desk does not update itself.' },
      { vi: 'Nhập địa chỉ máy chủ cập nhật của tỉnh trong Cài đặt → Cập nhật.', en: "Enter the province's update server in Settings → Updates." },
    );
  }
  const timeoutMs = options.timeoutMs ?? DOCTOR_LIMITS.timeouts.networkMs;
  let url: URL;
  try {
    url = validateFeedUrl(options.feedUrl);
  } catch (e) {
    return problem(options.feedUrl, reason(e));
  }
  let feed: Uint8Array;
  let signature: Uint8Array;
  try {
    [feed, signature] = await Promise.all([fetchWhole(url, MAX_FEED, timeoutMs), fetchWhole(signatureUrl(url), MAX_SIGNATURE, timeoutMs)]);
  } catch (e) {
    const why = reason(e);
    return check(
      'update-feed',
      'warning',
      {
        vi: `Không tải được thông tin cập nhật từ ${options.feedUrl} (${why.vi}); desk vẫn chạy phiên bản hiện tại.`,
        en: `Cannot fetch the update feed from ${options.feedUrl} (${why.en}); the desk keeps its current version.`,
      },
      {
        vi: 'Kiểm tra mạng và địa chỉ trong Cài đặt → Cập nhật; báo tỉnh nếu máy chủ cập nhật ngừng.',
        en: 'Check the network and the address in Settings → Updates; tell the province if its update server is down.',
      },
    );
  }
  try {
    const verified = verifyFeed(feed, signature, options.trusted ?? trustedKeysOf(shippedTrustFile));
    return check('update-feed', 'ok', {
      vi: `Thông tin cập nhật có chữ ký hợp lệ (phiên bản ${verified.version}).`,
      en: `The update feed is validly signed (version ${verified.version}).`,
    });
  } catch (e) {
    return problem(options.feedUrl, e instanceof DeskError ? e.text : reason(e));
  }
}

function problem(feedUrl: string, why: Bilingual): DoctorCheck {
  return check(
    'update-feed',
    'problem',
    { vi: `Thông tin cập nhật ở ${feedUrl} bị từ chối: ${why.vi}`, en: `The update feed at ${feedUrl} is refused: ${why.en}` },
    {
      vi: 'Báo quản trị viên của tỉnh: máy chủ cập nhật phải đưa thông tin cập nhật do tỉnh ký.',
      en: "Tell the province's administrator: the update server must serve a feed the province signed.",
    },
  );
}
