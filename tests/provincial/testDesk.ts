// A desk as the tests see it: its own Ed25519 key made with WebCrypto (as the renderer
// will), the enrolment and token dance, tus uploads by hand so a test can stop and resume
// them at any byte, and a wire dossier with invented (never real) personal data.

import { createHash, randomBytes } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { request } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ulid } from 'ulid';
import { type ProvincialServer, startProvincialServer } from './app.ts';
import type { AuthOptions } from './auth.ts';
import { createEnrolmentCode } from './auth.ts';
import type { WireDossier } from './intake.ts';

export const sha256 = (bytes: Buffer): string => createHash('sha256').update(bytes).digest('hex');

export interface TestServer extends ProvincialServer {
  dataDir: string;
  enrolmentCode(agencyId: string): string;
}

export async function startTestServer(auth?: Partial<AuthOptions>, dataDir = mkdtempSync(join(tmpdir(), 'provincial-'))): Promise<TestServer> {
  const server = await startProvincialServer({ dataDir, ...(auth ? { auth } : {}) });
  return {
    ...server,
    dataDir,
    enrolmentCode: (agencyId) => createEnrolmentCode(server.db, agencyId, 'test').code,
    async close() {
      await server.close();
      rmSync(dataDir, { recursive: true, force: true });
    },
  };
}

const b64 = (s: string) => Buffer.from(s, 'utf8').toString('base64');

export class TestDesk {
  token = '';

  private constructor(
    readonly url: string,
    readonly deskId: string,
    readonly agencyId: string,
    readonly keys: CryptoKeyPair,
  ) {}

  static async newKeys(): Promise<CryptoKeyPair> {
    return await crypto.subtle.generateKey({ name: 'Ed25519' }, false, ['sign', 'verify']);
  }

  static async publicKeyText(keys: CryptoKeyPair): Promise<string> {
    return Buffer.from(await crypto.subtle.exportKey('raw', keys.publicKey)).toString('base64url');
  }

  static async register(url: string, enrolmentCode: string, keys?: CryptoKeyPair): Promise<Response> {
    const pair = keys ?? (await TestDesk.newKeys());
    return fetch(`${url}/desks/register`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({ enrolmentCode, publicKey: await TestDesk.publicKeyText(pair), name: 'Quầy 1' }),
    });
  }

  /** The same desk (key, token) talking to the province at another address. */
  at(url: string): TestDesk {
    const moved = new TestDesk(url, this.deskId, this.agencyId, this.keys);
    moved.token = this.token;
    return moved;
  }

  /** Enrols with a fresh key and signs in. */
  static async enrol(url: string, enrolmentCode: string): Promise<TestDesk> {
    const keys = await TestDesk.newKeys();
    const res = await TestDesk.register(url, enrolmentCode, keys);
    if (res.status !== 201) throw new Error(`register: ${res.status} ${await res.text()}`);
    const body = (await res.json()) as { deskId: string; agencyId: string };
    const desk = new TestDesk(url, body.deskId, body.agencyId, keys);
    await desk.signIn();
    return desk;
  }

  /** Challenge, signature, token; `signWith` lets a test sign with a key that is not the desk's. */
  async requestToken(signWith: CryptoKey = this.keys.privateKey): Promise<Response> {
    const challenge = await this.post('/auth/challenge', { deskId: this.deskId });
    if (challenge.status !== 200) return challenge;
    const { nonce } = (await challenge.json()) as { nonce: string };
    const message = Buffer.from(`mot-cua-provincial/v1 auth\n${this.deskId}\n${nonce}`, 'utf8');
    const signature = Buffer.from(await crypto.subtle.sign({ name: 'Ed25519' }, signWith, message)).toString('base64url');
    return this.post('/auth/token', { deskId: this.deskId, nonce, signature });
  }

  async signIn(): Promise<void> {
    const res = await this.requestToken();
    if (res.status !== 200) throw new Error(`token: ${res.status} ${await res.text()}`);
    this.token = ((await res.json()) as { token: string }).token;
  }

  private post(path: string, body: unknown): Promise<Response> {
    return fetch(`${this.url}${path}`, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: JSON.stringify(body) });
  }

  fetch(path: string, init: RequestInit = {}): Promise<Response> {
    const headers = new Headers(init.headers);
    if (this.token) headers.set('Authorization', `Bearer ${this.token}`);
    return fetch(`${this.url}${path}`, { ...init, headers });
  }

  putDossier(dossier: WireDossier, idempotencyKey = `${dossier.id}.${dossier.version}`): Promise<Response> {
    return this.fetch(`/dossiers/${dossier.id}`, {
      method: 'PUT',
      headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey },
      body: JSON.stringify(dossier),
    });
  }

  /** tus creation: returns the upload's absolute URL. */
  async createUpload(size: number, hash: string): Promise<Response> {
    return this.fetch('/uploads', {
      method: 'POST',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Length': String(size),
        'Upload-Metadata': `sha256 ${b64(hash)},size ${b64(String(size))},filename ${b64('to-khai.pdf')}`,
      },
    });
  }

  uploadUrl(res: Response): string {
    return new URL(res.headers.get('location')!, this.url).href;
  }

  async offset(uploadUrl: string): Promise<Response> {
    return fetch(uploadUrl, { method: 'HEAD', headers: { 'Tus-Resumable': '1.0.0', Authorization: `Bearer ${this.token}` } });
  }

  patch(uploadUrl: string, offset: number, chunk: Buffer): Promise<Response> {
    return fetch(uploadUrl, {
      method: 'PATCH',
      headers: {
        'Tus-Resumable': '1.0.0',
        'Upload-Offset': String(offset),
        'Content-Type': 'application/offset+octet-stream',
        Authorization: `Bearer ${this.token}`,
      },
      body: new Uint8Array(chunk),
    });
  }

  /** Sends part of a PATCH body and then cuts the connection, as a dropped link would. */
  patchCutOff(uploadUrl: string, offset: number, chunk: Buffer, sendBytes: number): Promise<void> {
    return new Promise((resolve) => {
      const req = request(uploadUrl, {
        method: 'PATCH',
        headers: {
          'Tus-Resumable': '1.0.0',
          'Upload-Offset': String(offset),
          'Content-Type': 'application/offset+octet-stream',
          'Content-Length': String(chunk.length),
          Authorization: `Bearer ${this.token}`,
        },
      });
      req.on('error', () => resolve());
      req.on('close', () => resolve());
      req.write(chunk.subarray(0, sendBytes), () => setTimeout(() => req.destroy(), 100));
    });
  }

  /** A whole upload in chunks; skips the bytes if the province already has the file. */
  async upload(bytes: Buffer, chunkSize = 64 * 1024): Promise<string> {
    const hash = sha256(bytes);
    if ((await this.fetch(`/files/${hash}`, { method: 'HEAD' })).status === 200) return hash;
    const created = await this.createUpload(bytes.length, hash);
    if (created.status !== 201) throw new Error(`create upload: ${created.status} ${await created.text()}`);
    const url = this.uploadUrl(created);
    for (let offset = 0; offset < bytes.length; offset += chunkSize) {
      const res = await this.patch(url, offset, bytes.subarray(offset, offset + chunkSize));
      if (res.status !== 204) throw new Error(`patch: ${res.status} ${await res.text()}`);
    }
    return hash;
  }
}

let sequence = 0;

/** A wire dossier with invented data; `files` must name uploaded hashes. */
export function makeDossier(files: Array<{ sha256: string; size: number }> = [], overrides: Partial<WireDossier> = {}): WireDossier {
  sequence += 1;
  return {
    id: ulid(),
    version: 1,
    code: `000.17.22.H56-261123-${String(sequence).padStart(4, '0')}`,
    decision: 'accepted',
    status: 2,
    channel: 1,
    procedureCode: '1.001193',
    procedureName: 'Đăng ký khai sinh',
    processingHours: 0,
    fees: [{ amount: 0, label: 'Miễn lệ phí' }],
    sets: 1,
    applicant: {
      type: 'citizen',
      fullName: 'Nguyễn Văn Thử',
      idNumber: '001099000000',
      dateOfBirth: '1990-01-01',
      gender: 'male',
      address: 'Số 1 Phố Thử, Phường Ba Đình, Hà Nội',
    },
    components: [{ specId: 'to-khai', name: 'Tờ khai', received: true, kind: 'original', count: 1 }],
    receivedAt: '2026-11-23T09:15:00+07:00',
    appointmentAt: '2026-11-23T16:00:00+07:00',
    officerId: 'officer-1',
    officerName: 'Cán bộ Thử',
    versions: { catalog: '2026.11-default', calendar: 'vn-2026.1', forms: 'tt03-2025', codePattern: 'default' },
    updatedAt: '2026-11-23T09:15:00+07:00',
    files: files.map((f) => ({ sha256: f.sha256, size: f.size, name: 'to-khai.pdf', kind: 'scan' as const, specId: 'to-khai' })),
    ...overrides,
  };
}

export const randomFile = (size: number): Buffer => randomBytes(size);
