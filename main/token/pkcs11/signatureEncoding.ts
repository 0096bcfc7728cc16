// What goes into and comes out of the token's raw mechanisms: CKM_RSA_PKCS pads but
// does not hash or wrap, and CKM_ECDSA returns r‖s where CMS wants a DER Ecdsa-Sig-Value.

/** DER DigestInfo prefix for SHA-256 (RFC 8017 §9.2, note 1). */
const SHA256_DIGEST_INFO = Uint8Array.from([0x30, 0x31, 0x30, 0x0d, 0x06, 0x09, 0x60, 0x86, 0x48, 0x01, 0x65, 0x03, 0x04, 0x02, 0x01, 0x05, 0x00, 0x04, 0x20]);

export function sha256DigestInfo(digest: Uint8Array): Uint8Array {
  if (digest.length !== 32) throw new RangeError(`a SHA-256 digest is 32 bytes, got ${digest.length}`);
  const out = new Uint8Array(SHA256_DIGEST_INFO.length + 32);
  out.set(SHA256_DIGEST_INFO);
  out.set(digest, SHA256_DIGEST_INFO.length);
  return out;
}

function derLength(length: number): number[] {
  if (length < 0x80) return [length];
  const bytes: number[] = [];
  for (let n = length; n > 0; n >>= 8) bytes.unshift(n & 0xff);
  return [0x80 | bytes.length, ...bytes];
}

function derInteger(bigEndian: Uint8Array): number[] {
  let start = 0;
  while (start < bigEndian.length - 1 && bigEndian[start] === 0) start++;
  const magnitude = Array.from(bigEndian.subarray(start));
  // A set top bit would read as negative.
  if (magnitude[0]! & 0x80) magnitude.unshift(0);
  return [0x02, ...derLength(magnitude.length), ...magnitude];
}

/** r‖s (each half the length) → SEQUENCE { INTEGER r, INTEGER s }. */
export function ecdsaRawToDer(raw: Uint8Array): Uint8Array {
  if (raw.length === 0 || raw.length % 2 !== 0) throw new RangeError(`raw ECDSA signature has odd length ${raw.length}`);
  const half = raw.length / 2;
  const body = [...derInteger(raw.subarray(0, half)), ...derInteger(raw.subarray(half))];
  return Uint8Array.from([0x30, ...derLength(body.length), ...body]);
}
