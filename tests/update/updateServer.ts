// A local update server on 127.0.0.1 for the update tests: it serves a signed feed, its
// signature and installers with Range, ETag and If-Range like a static web server, records every
// request and the bytes it sent, and misbehaves on demand: cut the connection mid-file, serve a
// truncated or tampered file, redirect elsewhere, or serve a feed signed with another key.
import { createServer, type Server } from 'node:http';
import { createHash, generateKeyPairSync, type KeyObject } from 'node:crypto';
import type { AddressInfo } from 'node:net';
import { FEED_FORMAT, PRODUCT, type Feed, type Installer, type TrustFile, type TrustedKey } from '#main/update/feed.ts';
import { feedBytes, signFeed } from '#scripts/sign-update-feed.ts';

export interface SeenRequest {
  path: string;
  range: string | null;
  ifRange: string | null;
  status: number;
  bytesSent: number;
}

export interface FileBehaviour {
  /** Destroy the socket after sending this many body bytes, for the next `times` requests. */
  cutAfter?: { bytes: number; times: number };
  /** Serve only this many bytes, as if that were the whole file. */
  truncateTo?: number;
  /** Serve these bytes instead of the published ones (same length). */
  replaceWith?: Buffer;
}

export interface Signer {
  id: string;
  privateKey: KeyObject;
  trusted: TrustedKey;
  trustEntry: TrustFile['keys'][number];
}

export function makeSigner(id: string): Signer {
  const { privateKey, publicKey } = generateKeyPairSync('ed25519');
  return {
    id,
    privateKey,
    trusted: { id, key: publicKey },
    trustEntry: { id, publicKey: publicKey.export({ type: 'spki', format: 'pem' }).toString() },
  };
}

/** Deterministic bytes standing in for an installer. */
export function installerBytes(size: number, seed: string): Buffer {
  const out = Buffer.alloc(size);
  let block = createHash('sha256').update(seed).digest();
  for (let i = 0; i < size; i += block.length) {
    block.copy(out, i);
    block = createHash('sha256').update(block).digest();
  }
  return out;
}

export interface Release {
  version: string;
  installers: { kind: Installer['kind']; bytes: Buffer }[];
  rolloutPercent?: number;
  minimumVersion?: string;
}

export class UpdateServer {
  readonly seen: SeenRequest[] = [];
  readonly files = new Map<string, Buffer>();
  readonly behaviour = new Map<string, FileBehaviour>();
  /** Answers every request with a redirect there, when set. */
  redirectTo: string | null = null;
  feed: Buffer = Buffer.alloc(0);
  signature: Buffer = Buffer.alloc(0);
  private server: Server | null = null;
  origin = '';

  get feedUrl(): string {
    return `${this.origin}/desk/update.json`;
  }

  /** Publishes a release: the installers under /desk/, the feed and its signature. */
  publish(release: Release, signer: Signer): Feed {
    const feed: Feed = {
      format: FEED_FORMAT,
      product: PRODUCT,
      version: release.version,
      releaseDate: '2026-11-22T09:00:00+07:00',
      ...(release.minimumVersion ? { minimumVersion: release.minimumVersion } : {}),
      rolloutPercent: release.rolloutPercent ?? 100,
      installers: release.installers.map(({ kind, bytes }) => {
        const file = `mot-cua-desk-${release.version}-x64.${kind === 'nsis' ? 'exe' : kind === 'appimage' ? 'AppImage' : 'deb'}`;
        this.files.set(file, bytes);
        return {
          platform: kind === 'nsis' ? 'win32' : 'linux',
          arch: 'x64',
          kind,
          file,
          size: bytes.length,
          sha512: createHash('sha512').update(bytes).digest('base64'),
        };
      }),
    };
    this.setFeed(feedBytes(feed), signer);
    return feed;
  }

  setFeed(bytes: Buffer, signer: Signer): void {
    this.feed = bytes;
    this.signature = signFeed(bytes, signer.privateKey, signer.id);
  }

  /** Bytes the server sent for one file, over every request. */
  sentFor(file: string): number {
    return this.seen.filter((r) => r.path === `/desk/${file}`).reduce((sum, r) => sum + r.bytesSent, 0);
  }

  async start(): Promise<void> {
    this.server = createServer((req, res) => {
      const path = new URL(req.url ?? '/', 'http://x').pathname;
      const record: SeenRequest = {
        path,
        range: req.headers.range ?? null,
        ifRange: (req.headers['if-range'] as string | undefined) ?? null,
        status: 0,
        bytesSent: 0,
      };
      this.seen.push(record);
      const send = (status: number, headers: Record<string, string | number>, body?: Buffer, cutAfter?: number) => {
        record.status = status;
        res.writeHead(status, headers);
        if (!body) return void res.end();
        if (cutAfter !== undefined && cutAfter < body.length) {
          record.bytesSent = cutAfter;
          res.write(body.subarray(0, cutAfter), () => res.destroy());
          return;
        }
        record.bytesSent = body.length;
        res.end(body);
      };
      if (this.redirectTo) return send(302, { location: this.redirectTo });
      if (path === '/desk/update.json') return send(200, { 'content-type': 'application/json', 'content-length': this.feed.length }, this.feed);
      if (path === '/desk/update.json.sig') return send(200, { 'content-type': 'application/json', 'content-length': this.signature.length }, this.signature);
      const name = path.startsWith('/desk/') ? path.slice(6) : '';
      const published = this.files.get(name);
      if (!published) return send(404, {});
      const how = this.behaviour.get(name) ?? {};
      let bytes = how.replaceWith ?? published;
      if (how.truncateTo !== undefined) bytes = bytes.subarray(0, how.truncateTo);
      const etag = `"${createHash('sha256').update(bytes).digest('hex').slice(0, 16)}"`;
      let cut: number | undefined;
      if (how.cutAfter && how.cutAfter.times > 0) {
        how.cutAfter.times--;
        cut = how.cutAfter.bytes;
      }
      const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
      const ifRange = req.headers['if-range'];
      if (range && (!ifRange || ifRange === etag)) {
        const start = Number(range[1]);
        if (start >= bytes.length) return send(416, { 'content-range': `bytes */${bytes.length}` });
        const part = bytes.subarray(start);
        return send(
          206,
          { etag, 'accept-ranges': 'bytes', 'content-length': part.length, 'content-range': `bytes ${start}-${bytes.length - 1}/${bytes.length}` },
          part,
          cut,
        );
      }
      return send(200, { etag, 'accept-ranges': 'bytes', 'content-length': bytes.length }, bytes, cut);
    });
    await new Promise<void>((ok) => this.server!.listen(0, '127.0.0.1', () => ok()));
    this.origin = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    this.server.closeAllConnections();
    await new Promise<void>((ok) => this.server!.close(() => ok()));
  }
}
