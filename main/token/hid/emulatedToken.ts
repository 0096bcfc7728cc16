// The demo mode's and the CLI's `--token emulator`: a PIV token with a certificate
// from a development CA, behind the same HidTokens API as real hardware.
import { createPrivateKey, type KeyObject } from 'node:crypto';
import { DevAuthority, type KeyKind, type Name } from '#main/signing/devPki.ts';
import { subtle } from '#main/signing/crypto.ts';
import { EmulatedHidBus, EmulatedToken, type EmulatedTokenOptions } from './emulator.ts';
import { HidTokens } from './hidToken.ts';
import { PivApplet } from './pivApplet.ts';
import type { FramingOptions } from './framing.ts';

export interface EmulatorIdentity {
  certificate: Uint8Array;
  privateKey: KeyObject;
  authority: DevAuthority;
}

export const DEFAULT_HOLDER: Name = { commonName: 'Nguyễn Thị Hương', organization: 'UBND xã Tân Phú', locality: 'Đồng Nai', country: 'VN' };

/** Key generation is the slow part; tests make one identity and share it. */
export async function createEmulatorIdentity(options: { keyKind?: KeyKind; holder?: Name; authority?: DevAuthority } = {}): Promise<EmulatorIdentity> {
  const authority =
    options.authority ?? (await DevAuthority.create({ commonName: 'CA Thử nghiệm Một Cửa', organization: 'Một Cửa Desk', country: 'VN' }, 'ecdsa'));
  const issued = await authority.issue(options.holder ?? DEFAULT_HOLDER, { keyKind: options.keyKind ?? 'rsa' });
  const pkcs8 = new Uint8Array(await subtle.exportKey('pkcs8', issued.keyPair.privateKey));
  return { certificate: issued.certificate, privateKey: createPrivateKey({ key: Buffer.from(pkcs8), format: 'der', type: 'pkcs8' }), authority };
}

export interface EmulatedTokenSetup {
  tokens: HidTokens;
  token: EmulatedToken;
  bus: EmulatedHidBus;
  identity: EmulatorIdentity;
}

export async function createEmulatedToken(
  options: {
    pin?: string;
    keyKind?: KeyKind;
    holder?: Name;
    identity?: EmulatorIdentity;
    maxTries?: number;
    compressCertificate?: boolean;
    device?: EmulatedTokenOptions;
    framing?: FramingOptions;
  } = {},
): Promise<EmulatedTokenSetup> {
  const identity = options.identity ?? (await createEmulatorIdentity({ keyKind: options.keyKind, holder: options.holder }));
  const applet = new PivApplet({
    certificate: identity.certificate,
    privateKey: identity.privateKey,
    pin: options.pin,
    maxTries: options.maxTries,
    compressCertificate: options.compressCertificate,
  });
  const token = new EmulatedToken(applet, options.device);
  const bus = new EmulatedHidBus();
  bus.add(token);
  return { tokens: new HidTokens({ transport: bus, framing: options.framing }), token, bus, identity };
}
