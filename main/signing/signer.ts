// What every way of signing (HID token, PKCS#11 module, emulator) offers the PAdES
// layer: a certificate and a digest signer. The PIN is handled before a Signer exists.

export type SignatureAlgorithm = 'rsa-pkcs1-sha256' | 'ecdsa-p256-sha256';

export interface Signer {
  /** What the officer sees: token or slot label and certificate holder. */
  readonly label: string;
  /** The signing certificate, DER. */
  readonly certificate: Uint8Array;
  /** Intermediate certificates the token holds, DER; may be empty. */
  readonly chain: readonly Uint8Array[];
  readonly algorithm: SignatureAlgorithm;
  /**
   * Signs a SHA-256 digest. RSA returns the raw PKCS#1 v1.5 signature; ECDSA returns
   * the DER Ecdsa-Sig-Value that CMS expects (tokens give raw r‖s; callers never see it).
   */
  signDigest(digest: Uint8Array): Promise<Uint8Array>;
}
