// A reference RFC 3161 timestamp authority for the signing tests: HTTP on 127.0.0.1 only,
// TSTInfo signed with a DevAuthority TSA certificate. Modes: 'ok'; 'slow' answers after
// `delayMs`; 'error' answers with status rejection. "Down" is a closed server.
import * as asn1js from 'asn1js';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { pkijs } from '#main/signing/crypto.ts';
import { createSignedData, OID, sha256, toArrayBuffer } from '#main/signing/cms.ts';
import type { Issued } from '#main/signing/devPki.ts';
import { keySigner } from '#main/signing/test-support.ts';

export type TsaMode = { kind: 'ok' } | { kind: 'slow'; delayMs: number } | { kind: 'error' };

const POLICY = '1.3.6.1.4.1.99999.1.1';

export class TsaServer {
  mode: TsaMode = { kind: 'ok' };
  requests = 0;
  private server: Server | null = null;
  private serial = 1;
  private readonly delays = new Set<NodeJS.Timeout>();

  constructor(private readonly tsa: Issued) {}

  async start(port = 0): Promise<string> {
    const signer = await keySigner(this.tsa, [], 'TSA');
    const server = createServer((req, res) => {
      const chunks: Buffer[] = [];
      req.on('data', (c: Buffer) => chunks.push(c));
      req.on('end', () => {
        this.requests++;
        void this.answer(new Uint8Array(Buffer.concat(chunks)), signer).then(async (body) => {
          if (this.mode.kind === 'slow') await this.delay(this.mode.delayMs);
          if (res.destroyed) return;
          res.writeHead(200, { 'content-type': 'application/timestamp-reply' }).end(body);
        });
      });
    });
    this.server = server;
    await new Promise<void>((resolve) => server.listen(port, '127.0.0.1', resolve));
    return `http://127.0.0.1:${(server.address() as AddressInfo).port}/tsa`;
  }

  async close(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (!server) return;
    for (const timer of this.delays) clearTimeout(timer);
    this.delays.clear();
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  }

  /** A delay that close() cancels, so a slow answer never outlives the test. */
  private delay(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const timer = setTimeout(() => {
        this.delays.delete(timer);
        resolve();
      }, ms);
      this.delays.add(timer);
    });
  }

  private async answer(body: Uint8Array, signer: Awaited<ReturnType<typeof keySigner>>): Promise<Uint8Array> {
    if (this.mode.kind === 'error') {
      const refused = new pkijs.TimeStampResp({
        status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.rejection, statusStrings: [new asn1js.Utf8String({ value: 'thử nghiệm: từ chối' })] }),
      });
      return new Uint8Array(refused.toSchema().toBER(false));
    }
    const request = pkijs.TimeStampReq.fromBER(toArrayBuffer(body));
    const tstInfo = new pkijs.TSTInfo({
      version: 1,
      policy: POLICY,
      messageImprint: request.messageImprint,
      serialNumber: new asn1js.Integer({ value: this.serial++ }),
      genTime: new Date(),
      accuracy: new pkijs.Accuracy({ seconds: 1 }),
      ...(request.nonce ? { nonce: request.nonce } : {}),
    });
    const eContent = new Uint8Array(tstInfo.toSchema().toBER(false));
    const signedData = await createSignedData({ signer, contentType: OID.tstInfo, eContent, messageDigest: sha256(eContent) });
    if (!request.certReq) signedData.certificates = [];
    const response = new pkijs.TimeStampResp({
      status: new pkijs.PKIStatusInfo({ status: pkijs.PKIStatus.granted }),
      timeStampToken: new pkijs.ContentInfo({ contentType: OID.signedData, content: signedData.toSchema(true) }),
    });
    return new Uint8Array(response.toSchema().toBER(false));
  }
}
