// The BER-TLV subset PIV uses (SP 800-73-4 part 2 §3): multi-byte tags such as 5FC10A
// and definite lengths up to three bytes.

export interface Tlv {
  tag: number;
  value: Uint8Array;
}

export function encodeTlv(tag: number, value: Uint8Array): Uint8Array {
  const tagBytes: number[] = [];
  for (let t = tag; t > 0 || tagBytes.length === 0; t = Math.floor(t / 256)) tagBytes.unshift(t & 0xff);
  const n = value.length;
  const lengthBytes = n < 0x80 ? [n] : n < 0x100 ? [0x81, n] : n < 0x10000 ? [0x82, n >> 8, n & 0xff] : [0x83, n >> 16, (n >> 8) & 0xff, n & 0xff];
  const out = new Uint8Array(tagBytes.length + lengthBytes.length + n);
  out.set(tagBytes);
  out.set(lengthBytes, tagBytes.length);
  out.set(value, tagBytes.length + lengthBytes.length);
  return out;
}

/** Reads consecutive TLVs; throws RangeError on anything truncated or indefinite. */
export function decodeTlvs(bytes: Uint8Array): Tlv[] {
  const out: Tlv[] = [];
  let i = 0;
  const next = () => {
    if (i >= bytes.length) throw new RangeError('TLV truncated');
    return bytes[i++]!;
  };
  while (i < bytes.length) {
    let tag = next();
    if ((tag & 0x1f) === 0x1f) {
      let b: number;
      do {
        b = next();
        tag = tag * 256 + b;
      } while (b & 0x80);
    }
    let length = next();
    if (length & 0x80) {
      const count = length & 0x7f;
      if (count === 0 || count > 3) throw new RangeError('TLV length form not supported');
      length = 0;
      for (let k = 0; k < count; k++) length = length * 256 + next();
    }
    if (i + length > bytes.length) throw new RangeError('TLV value truncated');
    out.push({ tag, value: bytes.subarray(i, i + length) });
    i += length;
  }
  return out;
}

export function findTlv(bytes: Uint8Array, tag: number): Uint8Array | undefined {
  return decodeTlvs(bytes).find((t) => t.tag === tag)?.value;
}
