// What the app sees of HID tokens: a list, a status to show before the PIN is typed,
// and unlock(), which turns one PIN entry into one Signer. Each call opens the
// device, does its work and closes it, so an unplugged token never leaves state behind.
import type { Signer, SignatureAlgorithm } from '#main/signing/signer.ts';
import { PivCard, type PinStatus } from './cardClient.ts';
import { describeCertificate, type CertificateDescription } from '#main/signing/certificateInfo.ts';
import { tokenErrors } from './errors.ts';
import { CtapHidChannel, type FramingOptions } from './framing.ts';
import { defaultKnownDevices, tokenDevices, type KnownDevice, type TokenDevice } from './knownDevices.ts';
import type { TransmitOptions } from './apdu.ts';
import { createNodeHidTransport } from './nodeHid.ts';
import type { HidTransport } from './transport.ts';
import { TokenWatcher, type Clock } from './watcher.ts';

export interface TokenInfo {
  /** Opaque; valid while the token stays plugged in. */
  id: string;
  label: string;
  kind: 'hid';
}

export interface TokenStatus {
  label: string;
  certificate: CertificateDescription;
  /** null when the card does not say (it reports the PIN as already verified). */
  pinTriesLeft: number | null;
  locked: boolean;
}

/** A Signer that holds the token open until it has signed once or is closed. */
export interface HidSigner extends Signer {
  close(): Promise<void>;
}

export interface HidTokensOptions {
  transport: HidTransport;
  known?: readonly KnownDevice[];
  framing?: FramingOptions;
  apdu?: TransmitOptions;
}

function readable(der: Uint8Array): CertificateDescription {
  try {
    return describeCertificate(der);
  } catch {
    throw tokenErrors.malformed('certificate');
  }
}

/** PIV signs with RSA-2048 (algorithm 07) or P-256 (11); anything else the card cannot do for us. */
function pivAlgorithm({ key, algorithm }: CertificateDescription): SignatureAlgorithm {
  if (algorithm === 'ecdsa-p256-sha256' || (algorithm === 'rsa-pkcs1-sha256' && key.kind === 'rsa' && key.bits === 2048)) return algorithm;
  throw tokenErrors.unsupportedKey(key.kind === 'rsa' ? `rsa ${key.bits}` : `ec ${key.curve}`);
}

function labelOf(token: TokenDevice): string {
  const name = token.device.product || token.known.name;
  return token.device.serialNumber ? `${name} (${token.device.serialNumber})` : name;
}

export class HidTokens {
  private readonly known: readonly KnownDevice[];

  constructor(private readonly options: HidTokensOptions) {
    this.known = options.known ?? defaultKnownDevices;
  }

  async listTokens(): Promise<TokenInfo[]> {
    return (await this.find()).map((t) => ({ id: t.device.path, label: labelOf(t), kind: 'hid' as const }));
  }

  async status(id: string): Promise<TokenStatus> {
    const token = await this.get(id);
    return this.withCard(token, async (card) => {
      const certificate = readable(await card.readCertificate());
      const pin: PinStatus = await card.pinStatus();
      return { label: labelOf(token), certificate, pinTriesLeft: pin.triesLeft, locked: pin.locked };
    });
  }

  /** Verifies the PIN now; the PIN is not kept anywhere once this returns. */
  async unlock(id: string, pin: string): Promise<HidSigner> {
    const token = await this.get(id);
    const { channel, card } = await this.openCard(token);
    try {
      const certificate = await card.readCertificate();
      const described = readable(certificate);
      const algorithm = pivAlgorithm(described);
      const holder = described.subject;
      await card.verifyPin(pin);
      return oneShotSigner(`${labelOf(token)} — ${holder}`, certificate, algorithm, card, channel);
    } catch (e) {
      await channel.close();
      throw e;
    }
  }

  /** Plug/unplug notifications for known tokens; call start() on the result. */
  watch(options: { intervalMs?: number; clock?: Clock; onError?: (error: unknown) => void } = {}): TokenWatcher {
    return new TokenWatcher({ enumerate: () => this.options.transport.enumerate(), known: this.known, ...options });
  }

  private async find(): Promise<TokenDevice[]> {
    return tokenDevices(await this.options.transport.enumerate(), this.known);
  }

  private async get(id: string): Promise<TokenDevice> {
    const token = (await this.find()).find((t) => t.device.path === id);
    if (!token) throw tokenErrors.notFound();
    return token;
  }

  private async openCard(token: TokenDevice): Promise<{ channel: CtapHidChannel; card: PivCard }> {
    const channel = new CtapHidChannel(await this.options.transport.open(token.device.path), this.options.framing);
    const card = new PivCard(channel, this.options.apdu);
    try {
      await card.select();
    } catch (e) {
      await channel.close();
      throw e;
    }
    return { channel, card };
  }

  private async withCard<T>(token: TokenDevice, work: (card: PivCard) => Promise<T>): Promise<T> {
    const { channel, card } = await this.openCard(token);
    try {
      return await work(card);
    } finally {
      await channel.close();
    }
  }
}

// The PIV digital-signature key is "PIN always": the card allows one signature per
// verification, so the signer is spent after one signDigest and lets the device go.
function oneShotSigner(label: string, certificate: Uint8Array, algorithm: SignatureAlgorithm, card: PivCard, channel: CtapHidChannel): HidSigner {
  let open = true;
  const release = async () => {
    if (!open) return;
    open = false;
    await channel.close();
  };
  return {
    label,
    certificate,
    chain: [],
    algorithm,
    async signDigest(digest) {
      if (!open) throw tokenErrors.signerUsed();
      try {
        return await card.signDigest(digest, algorithm);
      } finally {
        await release();
      }
    },
    close: release,
  };
}

/** Real USB tokens through node-hid, with the bundled or an administrator's device list. */
export function createHidTokens(options: { known?: readonly KnownDevice[] } = {}): HidTokens {
  return new HidTokens({ transport: createNodeHidTransport(), known: options.known });
}
