// How calls and results cross a process boundary. IPC could carry Uint8Array natively,
// but HTTP cannot, so both hosts share one JSON encoding and one result envelope.
import { DeskError, type Bilingual } from '#domain/errors.ts';

export type Envelope = { ok: true; result: unknown } | { ok: false; error: { code: string; text: Bilingual } };

const BYTES = '$bytes';

function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const step = 0x8000;
  for (let i = 0; i < bytes.length; i += step) {
    binary += String.fromCharCode(...bytes.subarray(i, i + step));
  }
  return btoa(binary);
}

function fromBase64(text: string): Uint8Array {
  const binary = atob(text);
  const bytes = new Uint8Array(binary.length);
  for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
  return bytes;
}

export function encodeWire(value: unknown): string {
  return JSON.stringify(value, function replacer(this: unknown, key: string, v: unknown) {
    const raw = (this as Record<string, unknown>)[key];
    if (raw instanceof Uint8Array) return { [BYTES]: toBase64(raw) };
    return v;
  });
}

export function decodeWire(text: string): unknown {
  return JSON.parse(text, (_key, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const keys = Object.keys(v);
      if (keys.length === 1 && keys[0] === BYTES) return fromBase64((v as Record<string, string>)[BYTES]!);
    }
    return v;
  });
}

export function unwrap(envelope: Envelope): unknown {
  if (envelope.ok) return envelope.result;
  throw new DeskError(envelope.error.code, envelope.error.text);
}
