// Which feed versions this desk may install. Semantic versions compared with `semver`; the
// feed's minimumVersion is the oldest version it still supports: desks below it must update,
// whatever the roll-out stage.
import semver from 'semver';
import type { Bilingual } from '#domain/errors.ts';

export type VersionVerdict = { verdict: 'newer'; required: boolean } | { verdict: 'same'; reason: Bilingual } | { verdict: 'older'; reason: Bilingual };

export function isVersion(text: string): boolean {
  return semver.valid(text) !== null;
}

export function versionOrder(a: string, b: string): number {
  return semver.compare(a, b);
}

export function judgeVersion(current: string, offered: { version: string; minimumVersion?: string | undefined }): VersionVerdict {
  const order = versionOrder(offered.version, current);
  if (order === 0) {
    return {
      verdict: 'same',
      reason: { vi: `Máy đang dùng phiên bản mới nhất (${current}).`, en: `This desk runs the latest version (${current}).` },
    };
  }
  if (order < 0) {
    // An old, validly signed feed replayed by a proxy or a stale mirror must not take the desk back.
    return {
      verdict: 'older',
      reason: {
        vi: `Không hạ cấp: máy chủ cập nhật đưa phiên bản ${offered.version}, cũ hơn phiên bản đang dùng ${current}.`,
        en: `No downgrade: the update server offers ${offered.version}, older than the installed ${current}.`,
      },
    };
  }
  const required = offered.minimumVersion !== undefined && semver.lt(current, offered.minimumVersion);
  return { verdict: 'newer', required };
}
