// The messages between the desk and the child process that owns one PKCS#11 module. Only
// structured-clonable data crosses: slot ids travel as hex because pkcs11js handles are
// Buffers tied to the child.

export interface RawToken {
  slot: string;
  slotDescription: string;
  label: string;
  manufacturer: string;
  model: string;
  serial: string;
  flags: number;
  minPinLength: number;
  maxPinLength: number;
}

export interface RawCertificate {
  /** CKA_ID, hex: what ties a certificate to its key pair. */
  id: string;
  label: string;
  value: Uint8Array;
  privateKey: boolean;
  publicKey: boolean;
}

export type KeyType = 'rsa' | 'ec';

export interface Ops {
  tokens: { args: Record<string, never>; reply: RawToken[] };
  certificates: { args: { token: string }; reply: { token: RawToken; certificates: RawCertificate[] } };
  open: {
    args: { token: string; certificateId: string; pin: string | null };
    reply: { signer: number; token: RawToken; keyType: KeyType; alwaysAuthenticate: boolean; certificate: Uint8Array; chain: Uint8Array[] };
  };
  sign: { args: { signer: number; mechanism: KeyType; data: Uint8Array; pin: string | null }; reply: Uint8Array };
  close: { args: { signer: number }; reply: null };
  finalize: { args: Record<string, never>; reply: null };
}

export type Op = keyof Ops;

export interface Request<K extends Op = Op> {
  id: number;
  op: K;
  args: Ops[K]['args'];
}

export type WireError =
  /** A CKR_* return value; token is re-read after PIN failures so the officer sees the new flags. */
  | { kind: 'pkcs11'; ckr: string; method: string; token?: RawToken }
  | { kind: 'desk'; code: string; vi: string; en: string }
  | { kind: 'load'; message: string }
  | { kind: 'internal'; message: string };

export type Reply = { id: number; ok: true; value: unknown } | { id: number; ok: false; error: WireError };

/**
 * The child's first message, before any request: the module it owns. It is not passed
 * on the command line, where Electron's utility process adds switches of its own.
 */
export interface Hello {
  modulePath: string;
}

export type ToChild = Hello | Request;

/**
 * `loaded` is said when the module has been loaded and C_Initialize returned. A call that
 * times out before that hung in the library itself, not at the token.
 */
export type FromChild = Reply | { loaded: true };
