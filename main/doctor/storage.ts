// Free space where the desk keeps its data. Main sees the disk; the dossiers themselves live in
// the renderer's IndexedDB, whose quota only the renderer can ask (navigator.storage.estimate),
// so this reports the disk the browser profile shares and says so.
import { statfs } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { DoctorCheck } from '#preload/wire/doctor.ts';
import { DOCTOR_LIMITS, check, reason, type DoctorLimits } from './check.ts';

export interface StorageCheckOptions {
  dataDir: string;
  limits?: DoctorLimits['storage'];
  /** The free bytes of the disk holding a path; statfs by default (tests give a small disk). */
  freeBytes?: (path: string) => Promise<number>;
}

async function statfsFree(path: string): Promise<number> {
  const s = await statfs(path);
  return s.bavail * s.bsize;
}

function size(bytes: number): string {
  const GiB = 1024 ** 3;
  return bytes >= GiB ? `${(bytes / GiB).toFixed(1)} GiB` : `${Math.floor(bytes / 1024 ** 2)} MiB`;
}

const QUOTA_NOTE = {
  vi: 'hạn mức IndexedDB do trình duyệt của ứng dụng quản lý',
  en: "the IndexedDB quota is the app's browser's to manage",
};

export async function checkStorage(options: StorageCheckOptions): Promise<DoctorCheck> {
  const limits = options.limits ?? DOCTOR_LIMITS.storage;
  const free = options.freeBytes ?? statfsFree;
  // Before the first start the data folder may not exist yet: the disk it will be on counts.
  let path = options.dataDir;
  let bytes: number | null = null;
  let failure: unknown = null;
  for (;;) {
    try {
      bytes = await free(path);
      break;
    } catch (e) {
      failure = e;
      if ((e as NodeJS.ErrnoException).code !== 'ENOENT' || dirname(path) === path) break;
      path = dirname(path);
    }
  }
  const freeUp = {
    vi: 'Giải phóng ổ đĩa (xoá tệp tạm, thùng rác, bản quét cũ đã gửi tỉnh) hoặc chuyển dữ liệu sang ổ lớn hơn.',
    en: 'Free up the disk (temporary files, the recycle bin, old scans already sent to the province) or move the data to a larger disk.',
  };
  if (bytes === null) {
    const why = reason(failure);
    return check(
      'storage',
      'problem',
      { vi: `Không đọc được dung lượng ổ đĩa của ${options.dataDir} (${why.vi}).`, en: `Cannot read the free space of ${options.dataDir} (${why.en}).` },
      freeUp,
    );
  }
  const said = {
    vi: `Ổ chứa dữ liệu (${options.dataDir}) còn trống ${size(bytes)}; ${QUOTA_NOTE.vi}`,
    en: `The data disk (${options.dataDir}) has ${size(bytes)} free; ${QUOTA_NOTE.en}`,
  };
  if (bytes < limits.problemFreeBytes)
    return check('storage', 'problem', { vi: `${said.vi}. Sắp hết chỗ lưu hồ sơ.`, en: `${said.en}. Dossiers are about to run out of room.` }, freeUp);
  if (bytes < limits.warnFreeBytes)
    return check('storage', 'warning', { vi: `${said.vi}. Ổ đĩa sắp đầy.`, en: `${said.en}. The disk is getting full.` }, freeUp);
  return check('storage', 'ok', { vi: `${said.vi}.`, en: `${said.en}.` });
}
