// A throw-away certificate authority for the token emulator, the demo mode and tests:
// real X.509 certificates with Vietnamese names (UTF8String), never trusted by default.
import * as asn1js from 'asn1js';
import { randomBytes } from 'node:crypto';
import { pkijs, subtle } from './crypto.ts';

export type KeyKind = 'rsa' | 'ecdsa';

export interface Name {
  commonName: string;
  organization?: string;
  locality?: string;
  country?: string;
}

export interface Issued {
  certificate: Uint8Array;
  keyPair: CryptoKeyPair;
}

export interface IssueOptions {
  keyKind?: KeyKind;
  notBefore?: Date;
  notAfter?: Date;
  /** 'signing' for officers, 'tsa' for a timestamp authority (critical timeStamping EKU). */
  purpose?: 'signing' | 'tsa';
}

const OID = {
  commonName: '2.5.4.3',
  organization: '2.5.4.10',
  locality: '2.5.4.7',
  country: '2.5.4.6',
  basicConstraints: '2.5.29.19',
  keyUsage: '2.5.29.15',
  extKeyUsage: '2.5.29.37',
  subjectKeyId: '2.5.29.14',
  authorityKeyId: '2.5.29.35',
  timeStamping: '1.3.6.1.5.5.7.3.8',
} as const;

const DAY = 86_400_000;

export async function generateKeyPair(kind: KeyKind): Promise<CryptoKeyPair> {
  const params =
    kind === 'rsa'
      ? { name: 'RSASSA-PKCS1-v1_5', modulusLength: 2048, publicExponent: new Uint8Array([1, 0, 1]), hash: 'SHA-256' }
      : { name: 'ECDSA', namedCurve: 'P-256' };
  return await subtle.generateKey(params, true, ['sign', 'verify']);
}

function distinguishedName(name: Name): pkijs.RelativeDistinguishedNames {
  // One attribute per RDN (PKI.js would put them all in one multi-valued SET).
  const attributes: [string, asn1js.BaseStringBlock][] = [];
  if (name.country) attributes.push([OID.country, new asn1js.PrintableString({ value: name.country })]);
  if (name.locality) attributes.push([OID.locality, new asn1js.Utf8String({ value: name.locality })]);
  if (name.organization) attributes.push([OID.organization, new asn1js.Utf8String({ value: name.organization })]);
  attributes.push([OID.commonName, new asn1js.Utf8String({ value: name.commonName })]);
  const sequence = new asn1js.Sequence({
    value: attributes.map(([type, value]) => new asn1js.Set({ value: [new pkijs.AttributeTypeAndValue({ type, value }).toSchema()] })),
  });
  return new pkijs.RelativeDistinguishedNames({ schema: asn1js.fromBER(sequence.toBER(false)).result });
}

async function keyId(publicKey: CryptoKey): Promise<Uint8Array> {
  const spki = new Uint8Array(await subtle.exportKey('spki', publicKey));
  return new Uint8Array(await subtle.digest('SHA-1', spki)).slice(0, 20);
}

function bitString(bits: number[]): asn1js.BitString {
  // keyUsage bits, most significant first: digitalSignature(0) … cRLSign(6).
  let byte = 0;
  for (const b of bits) byte |= 0x80 >> b;
  const unused = 7 - Math.max(...bits);
  return new asn1js.BitString({ valueHex: new Uint8Array([byte]).buffer, unusedBits: unused });
}

export class DevAuthority {
  private constructor(
    readonly name: Name,
    readonly certificate: Uint8Array,
    private readonly keyPair: CryptoKeyPair,
    private readonly parsed: pkijs.Certificate,
  ) {}

  static async create(name: Name, keyKind: KeyKind = 'rsa', validDays = 3650): Promise<DevAuthority> {
    const keyPair = await generateKeyPair(keyKind);
    const cert = new pkijs.Certificate();
    cert.version = 2;
    cert.serialNumber = new asn1js.Integer({ valueHex: serial() });
    cert.issuer = distinguishedName(name);
    cert.subject = distinguishedName(name);
    const now = Date.now();
    cert.notBefore.value = new Date(now - DAY);
    cert.notAfter.value = new Date(now + validDays * DAY);
    await cert.subjectPublicKeyInfo.importKey(keyPair.publicKey);
    const ski = await keyId(keyPair.publicKey);
    cert.extensions = [
      new pkijs.Extension({
        extnID: OID.basicConstraints,
        critical: true,
        extnValue: new pkijs.BasicConstraints({ cA: true }).toSchema().toBER(false),
        parsedValue: new pkijs.BasicConstraints({ cA: true }),
      }),
      new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: bitString([5, 6]).toBER(false) }),
      new pkijs.Extension({ extnID: OID.subjectKeyId, extnValue: new asn1js.OctetString({ valueHex: ski }).toBER(false) }),
    ];
    await cert.sign(keyPair.privateKey, 'SHA-256');
    return new DevAuthority(name, new Uint8Array(cert.toSchema(true).toBER(false)), keyPair, cert);
  }

  /** Issues a certificate for a fresh key pair, or for the given public key (a token's). */
  async issue(subject: Name, options: IssueOptions & { publicKey?: CryptoKey } = {}): Promise<Issued & { keyPair: CryptoKeyPair | null }> {
    const keyPair = options.publicKey ? null : await generateKeyPair(options.keyKind ?? 'rsa');
    const publicKey = options.publicKey ?? keyPair!.publicKey;
    const cert = new pkijs.Certificate();
    cert.version = 2;
    cert.serialNumber = new asn1js.Integer({ valueHex: serial() });
    cert.issuer = this.parsed.subject;
    cert.subject = distinguishedName(subject);
    cert.notBefore.value = options.notBefore ?? new Date(Date.now() - DAY);
    cert.notAfter.value = options.notAfter ?? new Date(Date.now() + 730 * DAY);
    await cert.subjectPublicKeyInfo.importKey(publicKey);
    const tsa = options.purpose === 'tsa';
    cert.extensions = [
      new pkijs.Extension({ extnID: OID.basicConstraints, critical: true, extnValue: new pkijs.BasicConstraints({ cA: false }).toSchema().toBER(false) }),
      // digitalSignature + nonRepudiation for officers; digitalSignature for a TSA.
      new pkijs.Extension({ extnID: OID.keyUsage, critical: true, extnValue: bitString(tsa ? [0] : [0, 1]).toBER(false) }),
      new pkijs.Extension({ extnID: OID.subjectKeyId, extnValue: new asn1js.OctetString({ valueHex: await keyId(publicKey) }).toBER(false) }),
      new pkijs.Extension({
        extnID: OID.authorityKeyId,
        extnValue: new pkijs.AuthorityKeyIdentifier({ keyIdentifier: new asn1js.OctetString({ valueHex: await keyId(this.keyPair.publicKey) }) })
          .toSchema()
          .toBER(false),
      }),
    ];
    if (tsa) {
      cert.extensions.push(
        new pkijs.Extension({
          extnID: OID.extKeyUsage,
          critical: true,
          extnValue: new pkijs.ExtKeyUsage({ keyPurposes: [OID.timeStamping] }).toSchema().toBER(false),
        }),
      );
    }
    await cert.sign(this.keyPair.privateKey, 'SHA-256');
    return { certificate: new Uint8Array(cert.toSchema(true).toBER(false)), keyPair: keyPair! };
  }
}

/** Positive 16-byte serials: unique enough that pdfsig's NSS never sees two alike. */
function serial(): Uint8Array {
  const bytes = randomBytes(16);
  bytes[0] = (bytes[0]! & 0x7f) | 0x01;
  return new Uint8Array(bytes);
}

export function toPem(der: Uint8Array, label = 'CERTIFICATE'): string {
  const b64 = Buffer.from(der).toString('base64').replace(/.{64}/g, '$&\n');
  return `-----BEGIN ${label}-----\n${b64}${b64.endsWith('\n') ? '' : '\n'}-----END ${label}-----\n`;
}
