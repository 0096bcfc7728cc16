// Staged roll-out: each desk falls in a bucket 0..99 of its own for each version, and takes the
// update once the feed's percentage passes its bucket. The version is part of the hash so the
// same desks are not always the first to try a release.
import { createHash } from 'node:crypto';

export function rolloutBucket(deskId: string, version: string): number {
  const digest = createHash('sha256').update(`${deskId}\n${version}`, 'utf8').digest();
  return digest.readUInt32BE(0) % 100;
}

export function inRolloutStage(deskId: string, version: string, percent: number): boolean {
  return rolloutBucket(deskId, version) < percent;
}
