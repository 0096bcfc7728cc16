// The signed update feed: update.json listing the release and its installers, and beside it
// update.json.sig, a detached Ed25519 signature over the feed's exact bytes with the id of the
// key that made it. Only keys listed in update-keys.json (shipped inside the app) are trusted;
// the signature is checked before a byte of the feed is parsed.
import { checkAddress } from '../net/urlRules.ts';
import { createPublicKey, verify, type KeyObject } from 'node:crypto';
import { z } from 'zod';
import { DeskError } from '#domain/errors.ts';
import { isVersion, versionOrder } from './version.ts';
import shippedTrust from './update-keys.json' with { type: 'json' };

export const FEED_FORMAT = 'mot-cua-desk-update/1';
export const SIGNATURE_FORMAT = 'mot-cua-desk-update-signature/1';
export const PRODUCT = 'mot-cua-desk';

const MAX_INSTALLER = 2 * 1024 ** 3;
const version = z.string().max(64).refine(isVersion, 'a semantic version');
/** A plain file name, fetched beside the feed: a feed cannot send the desk to another server or path. */
const fileName = z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,199}$/, 'a plain file name');
/** SHA-512 in base64, as electron-builder writes it in latest.yml. */
const sha512 = z.string().regex(/^[A-Za-z0-9+/]{86}==$/, 'a base64 SHA-512');

const installerSchema = z.object({
  platform: z.enum(['win32', 'linux']),
  arch: z.enum(['x64', 'arm64']),
  kind: z.enum(['nsis', 'appimage', 'deb']),
  file: fileName,
  size: z.number().int().positive().max(MAX_INSTALLER),
  sha512,
  blockmap: z.object({ file: fileName, size: z.number().int().positive(), sha512 }).optional(),
});

export const feedSchema = z
  .object({
    format: z.literal(FEED_FORMAT),
    product: z.literal(PRODUCT),
    version,
    releaseDate: z.iso.datetime({ offset: true }),
    minimumVersion: version.optional(),
    rolloutPercent: z.number().int().min(0).max(100),
    installers: z.array(installerSchema).min(1).max(20),
  })
  // zod runs this even when a version field failed; those fields already carry their own issue.
  .refine((f) => !f.minimumVersion || !isVersion(f.version) || !isVersion(f.minimumVersion) || versionOrder(f.minimumVersion, f.version) <= 0, {
    path: ['minimumVersion'],
    message: 'minimumVersion above the version offered',
  });

const signatureSchema = z.object({
  format: z.literal(SIGNATURE_FORMAT),
  keyId: z.string().min(1).max(100),
  algorithm: z.literal('ed25519'),
  signature: z.string().regex(/^[A-Za-z0-9+/]{86}==$/),
});

export type Feed = z.infer<typeof feedSchema>;
export type Installer = z.infer<typeof installerSchema>;
export type FeedSignature = z.infer<typeof signatureSchema>;
export type InstallerTarget = Pick<Installer, 'platform' | 'arch' | 'kind'>;

export interface TrustedKey {
  id: string;
  key: KeyObject;
}

export interface TrustFile {
  keys: { id: string; publicKey: string }[];
  windowsPublishers: string[];
}

/** The keys of a trust file; a key that is not an Ed25519 public key is an error in the build. */
export function trustedKeysOf(trust: TrustFile): TrustedKey[] {
  return trust.keys.map(({ id, publicKey }) => {
    const key = createPublicKey(publicKey);
    if (key.asymmetricKeyType !== 'ed25519') throw new Error(`update key ${id} is not an Ed25519 key`);
    return { id, key };
  });
}

export const shippedTrustFile: TrustFile = shippedTrust;

const refused = (code: string, vi: string, en: string) => new DeskError(`update.${code}`, { vi, en });

/** Checks the signature with a trusted key, then parses the feed. Throws the reason otherwise. */
export function verifyFeed(feedBytes: Uint8Array, signatureBytes: Uint8Array, trusted: readonly TrustedKey[]): Feed {
  let envelope: FeedSignature;
  try {
    envelope = signatureSchema.parse(JSON.parse(Buffer.from(signatureBytes).toString('utf8')));
  } catch {
    throw refused(
      'bad-signature',
      'Tệp chữ ký của bản cập nhật không đọc được: bản cập nhật bị từ chối.',
      "The update's signature file cannot be read: the update is refused.",
    );
  }
  if (trusted.length === 0) {
    throw refused(
      'no-trusted-key',
      'Bản cài đặt này chưa có khoá tin cậy nào cho bản cập nhật (update-keys.json): không thể cập nhật tự động.',
      'This build trusts no update key (update-keys.json): automatic updates are not possible.',
    );
  }
  const key = trusted.find((k) => k.id === envelope.keyId);
  if (!key) {
    throw refused(
      'unknown-key',
      `Bản cập nhật được ký bằng khoá "${envelope.keyId}" mà máy này không tin cậy: bản cập nhật bị từ chối.`,
      `The update is signed with key "${envelope.keyId}", which this desk does not trust: the update is refused.`,
    );
  }
  if (!verify(null, feedBytes, key.key, Buffer.from(envelope.signature, 'base64'))) {
    throw refused(
      'forged',
      'Chữ ký của bản cập nhật không khớp (bản cập nhật giả hoặc đã bị sửa): bản cập nhật bị từ chối.',
      "The update's signature does not match (forged or altered): the update is refused.",
    );
  }
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(feedBytes).toString('utf8'));
  } catch {
    throw malformed('JSON');
  }
  const parsed = feedSchema.safeParse(json);
  if (!parsed.success) throw malformed(parsed.error.issues.map((i) => i.path.join('.') || '(feed)').join(', '));
  return parsed.data;
}

function malformed(where: string): DeskError {
  return refused(
    'malformed-feed',
    `Thông tin bản cập nhật sai định dạng (${where}): bản cập nhật bị từ chối.`,
    `The update feed is malformed (${where}): the update is refused.`,
  );
}

/** The feed's address: https, or http only to this computer (a trial server), naming the feed file (main/net/urlRules.ts). */
export function validateFeedUrl(text: string): URL {
  return checkAddress('update-feed', text);
}

export function signatureUrl(feedUrl: URL): URL {
  return new URL(`${feedUrl.pathname}.sig`, feedUrl);
}

export function installerUrl(feedUrl: URL, installer: Pick<Installer, 'file'>): URL {
  return new URL(installer.file, feedUrl);
}

export function selectInstaller(feed: Feed, target: InstallerTarget): Installer {
  const found = feed.installers.find((i) => i.platform === target.platform && i.arch === target.arch && i.kind === target.kind);
  if (!found) {
    throw refused(
      'no-installer',
      `Phiên bản ${feed.version} chưa có bộ cài cho máy này (${target.platform} ${target.arch}, ${target.kind}).`,
      `Version ${feed.version} has no installer for this desk (${target.platform} ${target.arch}, ${target.kind}).`,
    );
  }
  return found;
}
