import { constants, createHash, generateKeyPairSync, publicDecrypt, sign, verify } from 'node:crypto';
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { ecdsaRawToDer, sha256DigestInfo } from './signatureEncoding.ts';

describe('ecdsaRawToDer', () => {
  it('turns r‖s from a token into a signature node:crypto accepts as DER', () => {
    const { privateKey, publicKey } = generateKeyPairSync('ec', { namedCurve: 'P-256' });
    // Enough signatures that some r or s has its top bit set and some has leading zeros.
    for (let i = 0; i < 64; i++) {
      const data = Buffer.from(`hồ sơ ${i}`);
      const raw = sign('sha256', data, { key: privateKey, dsaEncoding: 'ieee-p1363' });
      const der = ecdsaRawToDer(raw);
      assert.ok(verify('sha256', data, { key: publicKey, dsaEncoding: 'der' }, der), `signature ${i}`);
    }
  });

  it('keeps INTEGERs minimal and positive', () => {
    const r = new Uint8Array(32).fill(0);
    r[31] = 0x01;
    const s = new Uint8Array(32).fill(0xff);
    const der = ecdsaRawToDer(new Uint8Array([...r, ...s]));
    assert.deepEqual([...der.subarray(0, 5)], [0x30, 3 + 35, 0x02, 0x01, 0x01]);
    assert.deepEqual([...der.subarray(5, 8)], [0x02, 0x21, 0x00]);
  });

  it('uses long-form lengths for P-521 sized signatures', () => {
    const der = ecdsaRawToDer(new Uint8Array(132).fill(0x80));
    assert.deepEqual([...der.subarray(0, 3)], [0x30, 0x81, 2 * (2 + 67)]);
  });

  it('rejects a raw signature that cannot be split in halves', () => {
    assert.throws(() => ecdsaRawToDer(new Uint8Array(63)), RangeError);
  });
});

describe('sha256DigestInfo', () => {
  it('is what an RSA PKCS#1 v1.5 SHA-256 signature wraps', () => {
    const { privateKey, publicKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
    const data = Buffer.from('Giấy tiếp nhận hồ sơ');
    const digestInfo = sha256DigestInfo(createHash('sha256').update(data).digest());
    assert.equal(digestInfo.length, 51);
    const signature = sign('sha256', data, privateKey);
    // Undoing the type-1 padding leaves exactly what CKM_RSA_PKCS was given to sign.
    const recovered = publicDecrypt({ key: publicKey, padding: constants.RSA_PKCS1_PADDING }, signature);
    assert.deepEqual(new Uint8Array(recovered), digestInfo);
  });

  it('accepts only 32-byte digests', () => {
    assert.throws(() => sha256DigestInfo(new Uint8Array(20)), RangeError);
  });
});
