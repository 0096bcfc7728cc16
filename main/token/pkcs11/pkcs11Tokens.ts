// Signing through a vendor's PKCS#11 module: list the tokens, list the certificates the
// officer can sign with, open one as a Signer. One child process per module keeps the desk
// responsive while a token takes seconds per signature, and alive when a module hangs or crashes.
import { existsSync } from 'node:fs';
import { isAbsolute } from 'node:path';
import type { Signer } from '#main/signing/signer.ts';
import { describeCertificate, type CertificateDescription } from '#main/signing/certificateInfo.ts';
import { pkcs11Errors } from './errors.ts';
import { pinStatus, TOKEN_FLAGS, type PinStatus } from './pinStatus.ts';
import type { RawToken } from './protocol.ts';
import { sha256DigestInfo, ecdsaRawToDer } from './signatureEncoding.ts';
import { nodeLauncher, type ProcessLauncher } from './processLauncher.ts';
import { Pkcs11Host, type CallOptions } from './workerHost.ts';

export interface TokenSummary {
  /** Slot id (hex); it can change when tokens are re-plugged, so select by serial or label. */
  slot: string;
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  pin: PinStatus;
  /** The PIN is typed on the reader's own keypad: do not show a PIN box. */
  protectedAuthenticationPath: boolean;
}

export interface TokenCertificate extends CertificateDescription {
  /** CKA_ID, hex: pass to open(). */
  id: string;
  label: string;
  /**
   * How the private key was matched by CKA_ID. Most tokens hide private keys until
   * login, so before the PIN the matching public key is the evidence; 'checked-at-login'
   * means the token shows neither and open() will tell.
   */
  keyMatch: 'private-key' | 'public-key' | 'checked-at-login';
  certificate: Uint8Array;
}

export interface Pkcs11Signer extends Signer {
  /** The key is CKA_ALWAYS_AUTHENTICATE: every signature asks for the PIN again. */
  readonly pinForEachSignature: boolean;
  /** Logs out and closes the session; safe to call twice or after the token is gone. */
  close(): Promise<void>;
}

export interface OpenOptions extends CallOptions {
  /**
   * Asked before each signature when the key requires the PIN every time
   * (CKA_ALWAYS_AUTHENTICATE). Return null on a PIN-pad reader.
   */
  pinForSignature?: () => Promise<string | null>;
}

function summary(token: RawToken): TokenSummary {
  return {
    slot: token.slot,
    slotDescription: token.slotDescription,
    label: token.label,
    manufacturer: token.manufacturer,
    model: token.model,
    serial: token.serial,
    pin: pinStatus(token.flags, token.minPinLength, token.maxPinLength),
    protectedAuthenticationPath: (token.flags & TOKEN_FLAGS.protectedAuthenticationPath) !== 0,
  };
}

/**
 * One host, so one module process, per module path for the whole desk: a token's login
 * state is shared by every session on it, and two processes logging in to one token
 * would end each other's sessions.
 */
const hosts = new Map<string, Pkcs11Host>();
let launcher: ProcessLauncher = nodeLauncher;

/** How module processes are started from now on; the Electron shell sets its utilityProcess launcher before the first call. */
export function installProcessLauncher(next: ProcessLauncher): void {
  launcher = next;
}

function hostFor(modulePath: string): Pkcs11Host {
  // A bare name would make the OS search its library path (and, on Windows, the
  // current directory): only a full path says which DLL runs inside the desk.
  if (!isAbsolute(modulePath)) throw pkcs11Errors.moduleNotAbsolute(modulePath);
  if (!existsSync(modulePath)) throw pkcs11Errors.moduleMissing(modulePath);
  let host = hosts.get(modulePath);
  if (!host) {
    host = new Pkcs11Host(modulePath, launcher);
    hosts.set(modulePath, host);
  }
  return host;
}

/** The tokens present in the module's slots, with what to tell the officer about the PIN. */
export async function listSlots(modulePath: string, options: CallOptions = {}): Promise<TokenSummary[]> {
  const tokens = await hostFor(modulePath).call('tokens', {}, options);
  // A blank token (SoftHSM's spare slot, a card never issued) holds nothing to sign with.
  return tokens.filter((t) => (t.flags & TOKEN_FLAGS.tokenInitialized) !== 0).map(summary);
}

/** Certificates on the token (serial, or a label no other token shares) that have a key pair. */
export async function listCertificates(modulePath: string, token: string, options: CallOptions = {}): Promise<TokenCertificate[]> {
  const { token: raw, certificates } = await hostFor(modulePath).call('certificates', { token }, options);
  const keysHidden = (raw.flags & TOKEN_FLAGS.loginRequired) !== 0 && certificates.every((c) => !c.privateKey && !c.publicKey);
  const listed: TokenCertificate[] = [];
  for (const c of certificates) {
    const keyMatch = c.privateKey ? 'private-key' : c.publicKey ? 'public-key' : keysHidden ? 'checked-at-login' : null;
    if (!keyMatch) continue;
    let info;
    try {
      info = describeCertificate(c.value);
    } catch {
      // A damaged certificate object is not something the officer can sign with.
      continue;
    }
    // Without any visible key, CA certificates stored on the token are not candidates.
    if (keyMatch === 'checked-at-login' && info.subject === info.issuer) continue;
    listed.push({ id: c.id, label: c.label, ...info, keyMatch, certificate: c.value });
  }
  return listed;
}

/**
 * Logs in with the PIN (null: the reader's PIN pad) and returns a Signer for the
 * certificate. The PIN goes to the token once and is kept nowhere. Opening a token
 * again ends signers opened on it before: a new login must really check the PIN.
 */
export async function open(modulePath: string, token: string, certificateId: string, pin: string | null, options: OpenOptions = {}): Promise<Pkcs11Signer> {
  const host = hostFor(modulePath);
  const opened = await host.call('open', { token, certificateId, pin }, options);
  const generation = host.generation;
  const closeSigner = () =>
    host.call('close', { signer: opened.signer }, { generation }).then(
      () => undefined,
      () => undefined,
    );
  const info = describeCertificate(opened.certificate);
  if (!info.algorithm || info.key.kind !== opened.keyType) {
    await closeSigner();
    throw pkcs11Errors.unsupportedKey(info.key.kind === 'ec' ? `EC ${info.key.curve}` : `${opened.keyType} ≠ ${info.key.kind}`);
  }
  const protectedPath = (opened.token.flags & TOKEN_FLAGS.protectedAuthenticationPath) !== 0;
  let closed = false;
  return {
    label: `${opened.token.label} — ${info.subject}`,
    certificate: opened.certificate,
    chain: opened.chain,
    algorithm: info.algorithm,
    pinForEachSignature: opened.alwaysAuthenticate,
    async signDigest(digest: Uint8Array): Promise<Uint8Array> {
      if (closed) throw pkcs11Errors.sessionLost();
      let signaturePin: string | null = null;
      if (opened.alwaysAuthenticate && !protectedPath) {
        if (!options.pinForSignature) throw pkcs11Errors.pinRequiredForSignature();
        signaturePin = await options.pinForSignature();
        if (signaturePin === null) throw pkcs11Errors.pinMissing();
      }
      const mechanism = opened.keyType;
      const data = mechanism === 'rsa' ? sha256DigestInfo(digest) : digest.slice();
      const raw = await host.call('sign', { signer: opened.signer, mechanism, data, pin: signaturePin }, { generation });
      return mechanism === 'rsa' ? raw : ecdsaRawToDer(raw);
    },
    async close(): Promise<void> {
      if (closed) return;
      closed = true;
      await closeSigner();
    },
  };
}

/** Stops what the module is doing now (the officer pressed "Huỷ"); its open signers end. */
export function cancel(modulePath: string): void {
  hosts.get(modulePath)?.cancel();
}

/** Finalizes every module and stops their processes; for app exit and tests. */
export async function shutdown(): Promise<void> {
  const all = [...hosts.values()];
  hosts.clear();
  await Promise.all(all.map((h) => h.shutdown()));
}
