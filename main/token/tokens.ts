// Every token the desk can sign with, whatever the path to it: USB HID tokens (node-hid),
// the CA tokens behind a vendor's PKCS#11 module, and the emulator of the demo mode.
// One listing for the officer, one way to open a signing session.
import { DeskError, type Bilingual } from '#domain/errors.ts';
import type { Signer } from '../signing/signer.ts';
import type { CertificateDescription } from '../signing/certificateInfo.ts';
import { createEmulatedToken, createHidTokens, type EmulatedTokenSetup, type HidTokens } from './hid/index.ts';
import * as pkcs11 from './pkcs11/pkcs11Tokens.ts';
import type { TokenCertificateInfo, TokenList, TokenListing, TokenPin } from '#preload/wire/tokens.ts';

/**
 * A logged-in token. `signer()` gives a Signer for the next signature: a PIV key signs
 * once per PIN verification, so for HID tokens the session keeps the PIN for the length
 * of one batch (one officer action) and verifies it again before each file.
 */
export interface SigningSession {
  signer(): Promise<Signer>;
  close(): Promise<void>;
}

export interface TokenConfig {
  /** Absolute paths of the PKCS#11 modules the administrator chose. */
  pkcs11Modules: string[];
  /** Offer the emulated token (demo mode and training). */
  emulator: boolean;
  /**
   * Whose certificate the emulated token holds: an officer's (default) or the office's own
   * (CN = O = the office), which electronic certified copies are signed with.
   */
  emulatorHolder?: 'officer' | 'organisation';
  /** The office the emulated organisation certificate is issued to (default: EMULATOR_ORGANISATION's). */
  emulatorOrganisation?: string;
}

/** The emulated office certificate: issued to the organisation itself, as the copy's signature needs. */
export const EMULATOR_ORGANISATION = { commonName: 'UBND xã Tân Phú', organization: 'UBND xã Tân Phú', locality: 'Đồng Nai', country: 'VN' };

const EMULATOR_ID = 'emulator';
const EMULATOR_PIN_HINT: Bilingual = { vi: 'Token mô phỏng: mã PIN là 123456.', en: 'Emulated token: the PIN is 123456.' };

const notFound = () =>
  new DeskError('token.not-found', {
    vi: 'Không thấy token này nữa. Hãy cắm lại token rồi bấm "Làm mới".',
    en: 'This token is no longer there. Plug it in again and press "Refresh".',
  });

function hidPin(triesLeft: number | null, locked: boolean, notice: Bilingual | null): TokenPin {
  const state = locked ? 'locked' : triesLeft === 1 ? 'final-try' : 'ok';
  const said: Bilingual | null = locked
    ? { vi: 'Token đã bị khoá do nhập sai PIN quá số lần cho phép.', en: 'The token is locked after too many wrong PINs.' }
    : triesLeft === 1
      ? { vi: 'Chỉ còn MỘT lần nhập mã PIN: nếu nhập sai, token sẽ bị khoá.', en: 'Only ONE PIN attempt is left: a wrong PIN will lock the token.' }
      : notice;
  return { state, triesLeft, notice: said, pinPad: false };
}

function listed(id: string, info: CertificateDescription): TokenCertificateInfo {
  return {
    id,
    subject: info.subject,
    organisation: info.organisation,
    issuer: info.issuer,
    validFrom: info.validFrom.toISOString(),
    validTo: info.validTo.toISOString(),
  };
}

export class TokenRegistry {
  private config: TokenConfig = { pkcs11Modules: [], emulator: false };
  private emulated: Promise<EmulatedTokenSetup> | undefined;
  private hid: HidTokens | undefined;

  constructor(private readonly options: { hid?: () => HidTokens } = {}) {}

  configure(config: TokenConfig): void {
    const holder = config.emulatorHolder ?? 'officer';
    const organisation = config.emulatorOrganisation?.trim() || EMULATOR_ORGANISATION.organization;
    if (holder !== (this.config.emulatorHolder ?? 'officer') || organisation !== (this.config.emulatorOrganisation ?? EMULATOR_ORGANISATION.organization)) {
      this.emulated = undefined;
    }
    this.config = { pkcs11Modules: [...config.pkcs11Modules], emulator: config.emulator, emulatorHolder: holder, emulatorOrganisation: organisation };
  }

  /** The emulated token's certificate authority, for the trust list of a demo desk. */
  async emulatorAuthority(): Promise<Uint8Array | null> {
    return this.config.emulator ? (await this.emulator()).identity.authority.certificate : null;
  }

  async list(): Promise<TokenList> {
    const tokens: TokenListing[] = [];
    const problems: Bilingual[] = [];
    const attempt = async (work: () => Promise<void>) => {
      try {
        await work();
      } catch (e) {
        problems.push(e instanceof DeskError ? e.text : { vi: 'Không đọc được token.', en: 'Could not read a token.' });
      }
    };
    if (this.config.emulator) {
      await attempt(async () => {
        const { tokens: emulated } = await this.emulator();
        const [device] = await emulated.listTokens();
        if (!device) return;
        const status = await emulated.status(device.id);
        tokens.push({
          id: EMULATOR_ID,
          kind: 'emulator',
          label: `Token mô phỏng / Emulated token — ${status.certificate.subject}`,
          pin: hidPin(status.pinTriesLeft, status.locked, EMULATOR_PIN_HINT),
          certificates: [listed('piv-9c', status.certificate)],
        });
      });
    }
    await attempt(async () => {
      const hid = this.hidTokens();
      for (const device of await hid.listTokens()) {
        await attempt(async () => {
          const status = await hid.status(device.id);
          tokens.push({
            id: `hid:${device.id}`,
            kind: 'hid',
            label: device.label,
            pin: hidPin(status.pinTriesLeft, status.locked, null),
            certificates: [listed('piv-9c', status.certificate)],
          });
        });
      }
    });
    for (const modulePath of this.config.pkcs11Modules) {
      await attempt(async () => {
        for (const slot of await pkcs11.listSlots(modulePath)) {
          const tokenRef = slot.serial || slot.label;
          const certificates = slot.pin.locked || slot.pin.state === 'not-initialized' ? [] : await pkcs11.listCertificates(modulePath, tokenRef);
          tokens.push({
            id: `pkcs11:${JSON.stringify([modulePath, tokenRef])}`,
            kind: 'pkcs11',
            label: `${slot.label} (${slot.manufacturer})`,
            pin: { state: slot.pin.state, triesLeft: null, notice: slot.pin.notice, pinPad: slot.protectedAuthenticationPath },
            certificates: certificates.filter((c) => c.algorithm).map((c) => listed(c.id, c)),
          });
        }
      });
    }
    return { tokens, problems };
  }

  /** Logs in: a wrong PIN fails here, before any file is touched. */
  async open(tokenId: string, certificateId: string, pin: string | null): Promise<SigningSession> {
    if (tokenId === EMULATOR_ID || tokenId.startsWith('hid:')) {
      if (pin === null) throw notFound();
      const tokens = tokenId === EMULATOR_ID ? (await this.emulator()).tokens : this.hidTokens();
      const deviceId = tokenId === EMULATOR_ID ? (await tokens.listTokens())[0]?.id : tokenId.slice('hid:'.length);
      if (!deviceId) throw notFound();
      let first: Signer | null = await tokens.unlock(deviceId, pin);
      let held: string | null = pin;
      const opened: Array<{ close(): Promise<void> }> = [first as Signer & { close(): Promise<void> }];
      return {
        async signer() {
          if (first) {
            const s = first;
            first = null;
            return s;
          }
          if (held === null) throw notFound();
          const next = await tokens.unlock(deviceId, held);
          opened.push(next);
          return next;
        },
        async close() {
          held = null;
          await Promise.all(opened.map((s) => s.close()));
        },
      };
    }
    if (tokenId.startsWith('pkcs11:')) {
      const [modulePath, tokenRef] = JSON.parse(tokenId.slice('pkcs11:'.length)) as [string, string];
      if (!this.config.pkcs11Modules.includes(modulePath)) throw notFound();
      const signer = await pkcs11.open(modulePath, tokenRef, certificateId, pin, { pinForSignature: async () => pin });
      return { signer: async () => signer, close: () => signer.close() };
    }
    throw notFound();
  }

  async close(): Promise<void> {
    await pkcs11.shutdown();
  }

  private hidTokens(): HidTokens {
    this.hid ??= (this.options.hid ?? createHidTokens)();
    return this.hid;
  }

  private emulator(): Promise<EmulatedTokenSetup> {
    const organisation = this.config.emulatorOrganisation ?? EMULATOR_ORGANISATION.organization;
    this.emulated ??= createEmulatedToken(
      this.config.emulatorHolder === 'organisation' ? { holder: { ...EMULATOR_ORGANISATION, commonName: organisation, organization: organisation } } : {},
    );
    return this.emulated;
  }
}
