// ECDSA P-256 over a digest the caller already computed, which is what a PIV card
// does for GENERAL AUTHENTICATE and what node:crypto cannot (it always hashes its
// input). Emulator only: plain BigInt arithmetic, not constant-time.
import { randomBytes } from 'node:crypto';

const P = 0xffffffff00000001000000000000000000000000ffffffffffffffffffffffffn;
const N = 0xffffffff00000000ffffffffffffffffbce6faada7179e84f3b9cac2fc632551n;
const GX = 0x6b17d1f2e12c4247f8bce6e563a440f277037d812deb33a0f4a13945d898c296n;
const GY = 0x4fe342e2fe1a7f9b8ee7eb4a7c0f9e162bce33576b315ececbb6406837bf51f5n;

type Jacobian = { x: bigint; y: bigint; z: bigint } | null;

const mod = (a: bigint, m = P) => ((a % m) + m) % m;

function power(base: bigint, exponent: bigint, m: bigint): bigint {
  let result = 1n;
  let b = mod(base, m);
  for (let e = exponent; e > 0n; e >>= 1n) {
    if (e & 1n) result = (result * b) % m;
    b = (b * b) % m;
  }
  return result;
}

/** Both moduli are prime, so Fermat's little theorem gives the inverse. */
const invert = (a: bigint, m: bigint) => power(a, m - 2n, m);

// Doubling with a = −3 (dbl-2001-b, Explicit-Formulas Database).
function double(p: Jacobian): Jacobian {
  if (!p || p.y === 0n) return null;
  const delta = mod(p.z * p.z);
  const gamma = mod(p.y * p.y);
  const beta = mod(p.x * gamma);
  const alpha = mod(3n * (p.x - delta) * (p.x + delta));
  const x = mod(alpha * alpha - 8n * beta);
  const z = mod((p.y + p.z) ** 2n - gamma - delta);
  const y = mod(alpha * (4n * beta - x) - 8n * gamma * gamma);
  return { x, y, z };
}

// General addition (add-2007-bl).
function add(p: Jacobian, q: Jacobian): Jacobian {
  if (!p) return q;
  if (!q) return p;
  const z1z1 = mod(p.z * p.z);
  const z2z2 = mod(q.z * q.z);
  const u1 = mod(p.x * z2z2);
  const u2 = mod(q.x * z1z1);
  const s1 = mod(p.y * q.z * z2z2);
  const s2 = mod(q.y * p.z * z1z1);
  if (u1 === u2) return s1 === s2 ? double(p) : null;
  const h = mod(u2 - u1);
  const r = mod(s2 - s1);
  const h2 = mod(h * h);
  const h3 = mod(h * h2);
  const u1h2 = mod(u1 * h2);
  const x = mod(r * r - h3 - 2n * u1h2);
  const y = mod(r * (u1h2 - x) - s1 * h3);
  return { x, y, z: mod(h * p.z * q.z) };
}

function multiplyBase(k: bigint): bigint {
  let result: Jacobian = null;
  let addend: Jacobian = { x: GX, y: GY, z: 1n };
  for (let e = k; e > 0n; e >>= 1n) {
    if (e & 1n) result = add(result, addend);
    addend = double(addend);
  }
  if (!result) throw new Error('point at infinity');
  const zInv = invert(result.z, P);
  return mod(result.x * zInv * zInv);
}

const toBigInt = (bytes: Uint8Array) => BigInt(`0x${Buffer.from(bytes).toString('hex') || '0'}`);

function derInteger(value: bigint): number[] {
  let hex = value.toString(16);
  if (hex.length % 2) hex = `0${hex}`;
  const bytes = [...Buffer.from(hex, 'hex')];
  if (bytes[0]! & 0x80) bytes.unshift(0);
  return [0x02, bytes.length, ...bytes];
}

/** Signs a 32-byte digest with private scalar d; returns the DER Ecdsa-Sig-Value. */
export function signPrehashed(d: Uint8Array, digest: Uint8Array): Uint8Array {
  const z = toBigInt(digest);
  const secret = toBigInt(d);
  for (;;) {
    const k = toBigInt(randomBytes(32));
    if (k === 0n || k >= N) continue;
    const r = mod(multiplyBase(k), N);
    if (r === 0n) continue;
    const s = mod(invert(k, N) * (z + r * secret), N);
    if (s === 0n) continue;
    const body = [...derInteger(r), ...derInteger(s)];
    return new Uint8Array([0x30, body.length, ...body]);
  }
}
