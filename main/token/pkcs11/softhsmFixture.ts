// A real PKCS#11 token for tests: SoftHSM2 in a temporary directory, keys generated on
// the token (they never leave it), certificates from the development CA for those keys.
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import pkcs11js from 'pkcs11js';
import { pkijs, subtle } from '#main/signing/crypto.ts';
import { DevAuthority, type Name } from '#main/signing/devPki.ts';
import { knownModules } from './moduleList.ts';

export interface FixtureKey {
  /** CKA_ID, hex. */
  id: string;
  holder: Name;
  certificate: Uint8Array;
}

export interface SoftHsmFixture {
  modulePath: string;
  tokenLabel: string;
  tokenSerial: string;
  userPin: string;
  rsa: FixtureKey;
  ec: FixtureKey;
  /** EC P-256 with CKA_ALWAYS_AUTHENTICATE: the PIN is asked again for every signature. */
  ecAlwaysAuthenticate: FixtureKey;
  authority: DevAuthority;
  cleanup(): Promise<void>;
}

const INSTALL_HINT = 'SoftHSM2 is required for the PKCS#11 tests and was not found. Install it: `apt-get install softhsm2` (CI installs it).';

/** The SoftHSM2 module from known-modules.json that exists here; fails loudly, never skips. */
export function softHsmModule(): string {
  const softhsm = knownModules.find((m) => m.id === 'softhsm2');
  const path = softhsm?.paths.find((p) => p.platform === process.platform && existsSync(p.path))?.path;
  if (!path) throw new Error(`${INSTALL_HINT} Looked for the module at: ${softhsm?.paths.map((p) => p.path).join(', ')}`);
  try {
    execFileSync('softhsm2-util', ['--version'], { stdio: 'pipe' });
  } catch {
    throw new Error(`${INSTALL_HINT} (softhsm2-util is not on PATH)`);
  }
  return path;
}

const P256_OID_DER = Buffer.from('06082a8648ce3d030107', 'hex');

function b64url(bytes: Buffer): string {
  return bytes.toString('base64url');
}

async function importTokenPublicKey(lib: pkcs11js.PKCS11, session: Buffer, key: Buffer, kind: 'rsa' | 'ec'): Promise<CryptoKey> {
  if (kind === 'rsa') {
    const [n, e] = lib.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_MODULUS }, { type: pkcs11js.CKA_PUBLIC_EXPONENT }]);
    const jwk: JsonWebKey = { kty: 'RSA', n: b64url(n!.value), e: b64url(e!.value), ext: true };
    return subtle.importKey('jwk', jwk, { name: 'RSASSA-PKCS1-v1_5', hash: 'SHA-256' }, true, ['verify']);
  }
  // CKA_EC_POINT is the uncompressed point wrapped in a DER OCTET STRING (04 41 …).
  const point = lib.C_GetAttributeValue(session, key, [{ type: pkcs11js.CKA_EC_POINT }])[0]!.value;
  return subtle.importKey('raw', new Uint8Array(point.subarray(2)), { name: 'ECDSA', namedCurve: 'P-256' }, true, ['verify']);
}

function subjectDer(certificate: Uint8Array): Buffer {
  const parsed = pkijs.Certificate.fromBER(new Uint8Array(certificate));
  return Buffer.from(parsed.subject.toSchema().toBER(false));
}

function storeCertificate(lib: pkcs11js.PKCS11, session: Buffer, id: Buffer, label: string, certificate: Uint8Array): void {
  lib.C_CreateObject(session, [
    { type: pkcs11js.CKA_CLASS, value: pkcs11js.CKO_CERTIFICATE },
    { type: pkcs11js.CKA_CERTIFICATE_TYPE, value: pkcs11js.CKC_X_509 },
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: false },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: label },
    { type: pkcs11js.CKA_SUBJECT, value: subjectDer(certificate) },
    { type: pkcs11js.CKA_VALUE, value: Buffer.from(certificate) },
  ]);
}

async function generateOnToken(
  lib: pkcs11js.PKCS11,
  session: Buffer,
  authority: DevAuthority,
  kind: 'rsa' | 'ec',
  idHex: string,
  holder: Name,
  alwaysAuthenticate = false,
): Promise<FixtureKey> {
  const id = Buffer.from(idHex, 'hex');
  const common = [
    { type: pkcs11js.CKA_TOKEN, value: true },
    { type: pkcs11js.CKA_ID, value: id },
    { type: pkcs11js.CKA_LABEL, value: holder.commonName },
  ];
  const publicTemplate =
    kind === 'rsa'
      ? [
          ...common,
          { type: pkcs11js.CKA_VERIFY, value: true },
          { type: pkcs11js.CKA_MODULUS_BITS, value: 2048 },
          { type: pkcs11js.CKA_PUBLIC_EXPONENT, value: Buffer.from([1, 0, 1]) },
        ]
      : [...common, { type: pkcs11js.CKA_VERIFY, value: true }, { type: pkcs11js.CKA_EC_PARAMS, value: P256_OID_DER }];
  const privateTemplate = [
    ...common,
    { type: pkcs11js.CKA_SIGN, value: true },
    { type: pkcs11js.CKA_PRIVATE, value: true },
    { type: pkcs11js.CKA_SENSITIVE, value: true },
    { type: pkcs11js.CKA_EXTRACTABLE, value: false },
    ...(alwaysAuthenticate ? [{ type: pkcs11js.CKA_ALWAYS_AUTHENTICATE, value: true }] : []),
  ];
  const mechanism = kind === 'rsa' ? pkcs11js.CKM_RSA_PKCS_KEY_PAIR_GEN : pkcs11js.CKM_EC_KEY_PAIR_GEN;
  const pair = lib.C_GenerateKeyPair(session, { mechanism }, publicTemplate, privateTemplate);
  const publicKey = await importTokenPublicKey(lib, session, pair.publicKey, kind);
  const { certificate } = await authority.issue(holder, { publicKey });
  storeCertificate(lib, session, id, holder.commonName, certificate);
  return { id: idHex, holder, certificate };
}

export interface FixtureOptions {
  tokenLabel?: string;
  userPin?: string;
}

/**
 * Sets SOFTHSM2_CONF for the whole process, so create the fixture before any PKCS#11
 * worker starts; the module reads the variable once, at C_Initialize.
 */
export async function createSoftHsmToken(options: FixtureOptions = {}): Promise<SoftHsmFixture> {
  const modulePath = softHsmModule();
  const tokenLabel = options.tokenLabel ?? 'Token Một Cửa';
  const userPin = options.userPin ?? '246810';
  const dir = await mkdtemp(join(tmpdir(), 'motcua-softhsm-'));
  const previousConf = process.env.SOFTHSM2_CONF;
  const cleanup = async () => {
    if (previousConf === undefined) delete process.env.SOFTHSM2_CONF;
    else process.env.SOFTHSM2_CONF = previousConf;
    await rm(dir, { recursive: true, force: true });
  };
  try {
    const tokens = join(dir, 'tokens');
    await mkdir(tokens);
    const conf = join(dir, 'softhsm2.conf');
    await writeFile(conf, `directories.tokendir = ${tokens}\nobjectstore.backend = file\nlog.level = ERROR\nslots.removable = false\n`);
    // Assigned on the main thread, this reaches the real process environment, where the
    // worker's native module will read it.
    process.env.SOFTHSM2_CONF = conf;
    execFileSync('softhsm2-util', ['--init-token', '--free', '--label', tokenLabel, '--so-pin', '13579135', '--pin', userPin], { stdio: 'pipe' });

    const lib = new pkcs11js.PKCS11();
    lib.load(modulePath);
    lib.C_Initialize();
    try {
      // --init-token moves the token to a new slot id: find it by label.
      const slot = lib.C_GetSlotList(true).find((s) => lib.C_GetTokenInfo(s).label.trimEnd() === tokenLabel);
      if (!slot) throw new Error(`SoftHSM did not show the token "${tokenLabel}" after --init-token`);
      const tokenSerial = lib.C_GetTokenInfo(slot).serialNumber.trim();
      const session = lib.C_OpenSession(slot, pkcs11js.CKF_SERIAL_SESSION | pkcs11js.CKF_RW_SESSION);
      lib.C_Login(session, pkcs11js.CKU_USER, userPin);
      const authority = await DevAuthority.create({ commonName: 'CA Thử nghiệm Bộ phận Một cửa', organization: 'Môi trường phát triển', country: 'VN' });
      const office = { organization: 'UBND phường Bến Thành', locality: 'Thành phố Hồ Chí Minh', country: 'VN' };
      const rsa = await generateOnToken(lib, session, authority, 'rsa', '01', { commonName: 'Nguyễn Thị Hồng Nhung', ...office });
      const ec = await generateOnToken(lib, session, authority, 'ec', '02', { commonName: 'Trần Văn Đức', ...office });
      const ecAlwaysAuthenticate = await generateOnToken(lib, session, authority, 'ec', '03', { commonName: 'Lê Thị Ánh Tuyết', ...office }, true);
      // The CA certificate as tokens ship it: stored without a key, part of the chain.
      storeCertificate(lib, session, Buffer.from('ca', 'hex'), 'CA', authority.certificate);
      lib.C_Logout(session);
      lib.C_CloseSession(session);
      return { modulePath, tokenLabel, tokenSerial, userPin, rsa, ec, ecAlwaysAuthenticate, authority, cleanup };
    } finally {
      // The workers under test load the same library into this process; leave it uninitialised.
      lib.C_Finalize();
      lib.close();
    }
  } catch (e) {
    await cleanup();
    throw e;
  }
}
