// Writes the signed update feed for a release: update.json (version, date, roll-out stage, and for
// each installer in the folder its size and SHA-512) and update.json.sig, a detached Ed25519
// signature over the exact bytes of update.json. The release workflow runs it on the installers
// of both platforms; the desk trusts only keys listed in main/update/update-keys.json.
//
//   node --import tsx scripts/sign-update-feed.ts generate-key --id tinh-2027 --out update-signing-key.pem
//   DESK_UPDATE_SIGNING_KEY="$(cat update-signing-key.pem)" DESK_UPDATE_KEY_ID=tinh-2027 \
//     node --import tsx scripts/sign-update-feed.ts sign --dir out [--rollout 20] [--minimum 0.1.0]
import { createPrivateKey, createPublicKey, generateKeyPairSync, sign, type KeyObject } from 'node:crypto';
import { existsSync, readdirSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { sha512OfFile } from '#main/update/download.ts';
import { FEED_FORMAT, PRODUCT, SIGNATURE_FORMAT, feedSchema, type Feed, type Installer, type TrustFile } from '#main/update/feed.ts';

const REPO = fileURLToPath(new URL('../', import.meta.url));

/** Size and SHA-512 as the desk will check them (the same function, so the encodings cannot differ). */
async function signedFacts(path: string): Promise<{ size: number; sha512: string }> {
  return { size: statSync(path).size, sha512: await sha512OfFile(path) };
}

/** What an electron-builder artifact is, from its name (NSIS .exe, .AppImage, .deb). */
export function installerOf(name: string): Pick<Installer, 'platform' | 'arch' | 'kind'> | null {
  const arch = /arm64|aarch64/i.test(name) ? 'arm64' : 'x64';
  if (name.endsWith('.exe')) return { platform: 'win32', arch, kind: 'nsis' };
  if (name.endsWith('.AppImage')) return { platform: 'linux', arch, kind: 'appimage' };
  if (name.endsWith('.deb')) return { platform: 'linux', arch, kind: 'deb' };
  return null;
}

export interface FeedOptions {
  dir: string;
  version: string;
  releaseDate: string;
  rolloutPercent: number;
  minimumVersion?: string;
}

export async function buildFeed(options: FeedOptions): Promise<Feed> {
  const installers: Installer[] = [];
  for (const name of readdirSync(options.dir).sort()) {
    const kind = installerOf(name);
    if (!kind) continue;
    const blockmap = `${name}.blockmap`;
    installers.push({
      ...kind,
      file: name,
      ...(await signedFacts(join(options.dir, name))),
      ...(existsSync(join(options.dir, blockmap)) ? { blockmap: { file: blockmap, ...(await signedFacts(join(options.dir, blockmap))) } } : {}),
    });
  }
  // The same checks the desk makes: a feed the desks would refuse is not published.
  return feedSchema.parse({
    format: FEED_FORMAT,
    product: PRODUCT,
    version: options.version,
    releaseDate: options.releaseDate,
    ...(options.minimumVersion ? { minimumVersion: options.minimumVersion } : {}),
    rolloutPercent: options.rolloutPercent,
    installers,
  });
}

export function feedBytes(feed: Feed): Buffer {
  return Buffer.from(`${JSON.stringify(feed, null, 2)}\n`, 'utf8');
}

export function signFeed(bytes: Uint8Array, privateKey: KeyObject, keyId: string): Buffer {
  const signature = sign(null, bytes, privateKey).toString('base64');
  return Buffer.from(`${JSON.stringify({ format: SIGNATURE_FORMAT, keyId, algorithm: 'ed25519', signature }, null, 2)}\n`, 'utf8');
}

export function generateSigningKey(id: string): { privatePem: string; trustEntry: TrustFile['keys'][number] } {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    privatePem: privateKey.export({ type: 'pkcs8', format: 'pem' }).toString(),
    trustEntry: { id, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

/** The signing key must be one the desks already trust, or every desk would refuse the release. */
export function checkKeyIsTrusted(privateKey: KeyObject, keyId: string, trust: TrustFile): void {
  const entry = trust.keys.find((k) => k.id === keyId);
  if (!entry) throw new Error(`key id "${keyId}" is not in the trust file: add its public key to main/update/update-keys.json and release that first`);
  const mine = createPublicKey(privateKey).export({ type: 'spki', format: 'der' });
  const listed = createPublicKey(entry.publicKey).export({ type: 'spki', format: 'der' });
  if (!mine.equals(listed)) throw new Error(`DESK_UPDATE_SIGNING_KEY is not the key listed as "${keyId}" in the trust file`);
}

async function main(argv: string[]): Promise<void> {
  const [command, ...rest] = argv;
  if (command === 'generate-key') {
    const { values } = parseArgs({ args: rest, options: { id: { type: 'string' }, out: { type: 'string' } } });
    if (!values.id || !values.out) throw new Error('usage: generate-key --id KEY_ID --out private-key.pem');
    if (existsSync(values.out)) throw new Error(`${values.out} exists; not overwritten`);
    const { privatePem, trustEntry } = generateSigningKey(values.id);
    writeFileSync(values.out, privatePem, { mode: 0o600 });
    process.stdout.write(
      `Private key written to ${values.out}: store it as the secret DESK_UPDATE_SIGNING_KEY and the id as DESK_UPDATE_KEY_ID, then delete the file.\n` +
        `Add this to "keys" in main/update/update-keys.json:\n${JSON.stringify(trustEntry, null, 2)}\n`,
    );
    return;
  }
  if (command !== 'sign') throw new Error('usage: sign-update-feed.ts sign --dir DIR [--rollout N] [--minimum VERSION] | generate-key --id ID --out FILE');
  const { values } = parseArgs({
    args: rest,
    options: {
      dir: { type: 'string', default: 'out' },
      version: { type: 'string' },
      rollout: { type: 'string', default: '100' },
      minimum: { type: 'string' },
      trust: { type: 'string' },
    },
  });
  const pem = process.env.DESK_UPDATE_SIGNING_KEY;
  const keyId = process.env.DESK_UPDATE_KEY_ID;
  if (!pem || !keyId) throw new Error('set DESK_UPDATE_SIGNING_KEY (PEM) and DESK_UPDATE_KEY_ID');
  const privateKey = createPrivateKey(pem);
  const trust = JSON.parse(readFileSync(values.trust ?? join(REPO, 'main/update/update-keys.json'), 'utf8')) as TrustFile;
  checkKeyIsTrusted(privateKey, keyId, trust);
  const version = values.version ?? (JSON.parse(readFileSync(join(REPO, 'package.json'), 'utf8')) as { version: string }).version;
  const dir = resolve(values.dir);
  const feed = await buildFeed({
    dir,
    version,
    releaseDate: new Date().toISOString(),
    rolloutPercent: Number(values.rollout),
    ...(values.minimum ? { minimumVersion: values.minimum } : {}),
  });
  const bytes = feedBytes(feed);
  writeFileSync(join(dir, 'update.json'), bytes);
  writeFileSync(join(dir, 'update.json.sig'), signFeed(bytes, privateKey, keyId));
  process.stdout.write(
    `update.json for ${version} (${feed.installers.map((i) => i.file).join(', ')}, roll-out ${feed.rolloutPercent}%) signed with ${keyId}\n`,
  );
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  main(process.argv.slice(2)).catch((e: Error) => {
    process.stderr.write(`sign-update-feed: ${e.message}\n`);
    process.exit(1);
  });
}
