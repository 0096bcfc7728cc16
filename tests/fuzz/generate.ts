// Inputs for the contract fuzz: values shaped by each call's own zod schema (so most of them
// reach the handler behind the validation), with hostile leaves mixed in — paths that name
// system folders, network shares and devices, addresses on this machine, control and bidi
// characters, extreme numbers, malformed files — and now and then a value of the wrong kind.
import type { Rng } from './rng.ts';

/** What the generator needs to know of the run: where its canaries are. */
export interface Pools {
  /** Addresses that must never be reached (a recording server on 127.0.0.1). */
  canaryUrls: string[];
  /** Library files that must never be loaded (a constructor would leave a marker). */
  canaryLibraries: string[];
  /** Folders that must never be read as a scanner. */
  canaryFolders: string[];
  /** Real files worth mutating: PDFs (signed or not), images. */
  files: Uint8Array[];
}

const PATHS = [
  '\\\\attacker\\share\\evil.dll',
  '\\\\?\\UNC\\attacker\\share\\evil.dll',
  '//attacker/share/evil.so',
  '/',
  '/etc',
  '/root',
  '/proc/self/mem',
  '/dev/zero',
  'C:\\Scans',
  'C:\\Windows\\System32\\evil.dll',
  '../../../../etc/passwd',
  '/tmp/../etc/shadow',
  'file:///etc/passwd',
  '/usr/lib/x86_64-linux-gnu/libc.so.6',
  'relative/evil.so',
];

const TEXT = [
  '',
  ' ',
  '   \t ',
  'Nguyễn Văn A',
  'Nguye\u0302\u0303n',
  'A\u0000B',
  '\u0007bell',
  '\u202eevil\u202c',
  '\u2066x\u2069',
  '\ud800',
  '__proto__',
  'constructor',
  'toString',
  '%s%s%n',
  '${process.exit(1)}',
  '<img src=x onerror=alert(1)>',
  "'; DROP TABLE dossiers; --",
  'x'.repeat(501),
  '001090123456|012345678|Nguyễn Văn A|01011990|Nam|Thôn 1, Xã X, Tỉnh Y|15042021',
  '000.17.22.H56-261207-0001',
];

const SCHEMES = ['javascript:alert(1)', 'file:///etc/passwd', 'data:,x', 'blob:null/x', 'not a url', 'http://', 'https://user:pw@127.0.0.1/'];

const DATETIMES = [
  '2026-12-07T07:42:00+07:00',
  '2026-12-07T00:00:00Z',
  '1900-01-01T00:00:00+07:00',
  '9999-12-31T23:59:59+07:00',
  '2026-02-30T10:00:00+07:00',
  'yesterday',
];

const NUMBERS = [0, -1, 1, 2, 7, 50, 200, 300, 1200, 5000, 65535, 2 ** 31, 2 ** 53, -(2 ** 31), 0.5, 1e308, -1e308];

/** An own key, even "__proto__": plain assignment would change the object's prototype instead. */
function setKey(target: Record<string, unknown>, key: string, value: unknown): void {
  Object.defineProperty(target, key, { value, enumerable: true, writable: true, configurable: true });
}

function pad(text: string, min: number, max: number): string {
  let out = text;
  if (out.length < min) out = out + 'x'.repeat(min - out.length);
  return out.length > max ? out.slice(0, max) : out;
}

function hexOf(rng: Rng, length: number): string {
  let out = '';
  for (let i = 0; i < length; i++) out += '0123456789abcdef'[rng.int(0, 15)];
  return out;
}

export class InputGenerator {
  constructor(
    private readonly rng: Rng,
    private readonly pools: Pools,
  ) {}

  private string(): string {
    const { rng, pools } = this;
    switch (rng.int(0, 5)) {
      case 0:
        return rng.pick([...PATHS, ...pools.canaryLibraries, ...pools.canaryFolders, ...pools.canaryFolders.map((f) => `folder:${f}`)]);
      case 1:
        // Device ids carry addresses too: "escl:<url>", and SANE's network backends name hosts.
        return rng.pick([...pools.canaryUrls, ...SCHEMES, ...pools.canaryUrls.map((u) => `escl:${u}`), 'sane:net:127.0.0.1:test:0', 'sane:airscan:e0:Sim']);
      case 2:
        return rng.pick(DATETIMES);
      default:
        return rng.pick(TEXT);
    }
  }

  /** A file: a real one, a mutation of one, or noise. */
  bytes(): Uint8Array {
    const { rng, pools } = this;
    const choice = rng.int(0, 9);
    if (choice === 0) return new Uint8Array(0);
    if (choice === 1) return rng.bytes(rng.int(1, 4096));
    if (choice === 2)
      return new TextEncoder().encode(
        `%PDF-1.7\n${'1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n'.repeat(rng.int(1, 50))}trailer << /Root 1 0 R /Size 999999999 >>\n%%EOF`,
      );
    const file = rng.pick(pools.files);
    return choice < 5 ? file : mutateFile(rng, file);
  }

  /** Any value at all, of any kind. */
  anything(depth = 0): unknown {
    const { rng } = this;
    switch (rng.int(depth > 2 ? 0 : 0, depth > 2 ? 4 : 7)) {
      case 0:
        return null;
      case 1:
        return rng.chance(0.5);
      case 2:
        return rng.pick(NUMBERS);
      case 3:
        return this.string();
      case 4:
        return this.bytes();
      case 5:
        return Array.from({ length: rng.int(0, 3) }, () => this.anything(depth + 1));
      default: {
        const out: Record<string, unknown> = {};
        for (let i = rng.int(0, 3); i > 0; i--)
          setKey(out, rng.pick(['__proto__', 'constructor', 'kind', 'path', 'url', 'id', this.string()]), this.anything(depth + 1));
        return out;
      }
    }
  }

  /** A value for `schema`: mostly of its shape, with hostile leaves. */
  forSchema(schema: unknown, hostility = 0.12, depth = 0): unknown {
    const { rng } = this;
    if (depth > 0 && rng.chance(hostility)) return this.anything(depth);
    const def = (schema as { _zod: { def: Record<string, unknown> } })._zod.def;
    const checks = ((def.checks as { _zod: { def: Record<string, unknown> } }[] | undefined) ?? []).map((c) => c._zod.def);
    const bound = (check: string, key: string, fallback: number) => (checks.find((c) => c.check === check)?.[key] as number | undefined) ?? fallback;
    const next = (inner: unknown) => this.forSchema(inner, hostility, depth + 1);
    switch (def.type) {
      case 'object': {
        const out: Record<string, unknown> = {};
        for (const [key, field] of Object.entries(def.shape as Record<string, unknown>)) {
          const optional = (field as { _zod: { def: { type: string } } })._zod.def.type === 'optional';
          if (optional && rng.chance(0.3)) continue;
          if (rng.chance(hostility / 4)) continue;
          out[key] = next(field);
        }
        if (rng.chance(0.05)) setKey(out, '__proto__', { polluted: true });
        return out;
      }
      case 'array': {
        const min = bound('min_length', 'minimum', 0);
        const max = Math.min(bound('max_length', 'maximum', 4), min + 3);
        return Array.from({ length: rng.int(min, Math.max(min, max)) }, () => next(def.element));
      }
      case 'string': {
        const format = (def.format as string | undefined) ?? (checks.find((c) => c.check === 'string_format')?.format as string | undefined);
        if (format === 'url') return rng.pick([...this.pools.canaryUrls, ...SCHEMES]);
        if (format === 'datetime') return rng.pick(DATETIMES);
        if (format === 'date') return rng.pick(['2026-12-07', '2026-02-30', '0000-00-00']);
        const pattern = checks.find((c) => c.format === 'regex')?.pattern as RegExp | undefined;
        if (pattern?.source === '^[0-9a-f]{64}$') return hexOf(rng, 64);
        return pad(this.string(), bound('min_length', 'minimum', 0), bound('max_length', 'maximum', 600));
      }
      case 'number': {
        const low = bound('greater_than', 'value', -1e6);
        const high = bound('less_than', 'value', 1e6);
        return rng.chance(0.7) ? rng.int(Math.max(low, -1e6), Math.min(high, 1e6)) : rng.pick(NUMBERS);
      }
      case 'boolean':
        return rng.chance(0.5);
      case 'enum':
        return rng.pick(Object.values(def.entries as Record<string, string>));
      case 'literal':
        return rng.pick(def.values as unknown[]);
      case 'union':
        return next(rng.pick(def.options as unknown[]));
      case 'nullable':
        return rng.chance(0.2) ? null : next(def.innerType);
      case 'optional':
      case 'default':
      case 'readonly':
        return next(def.innerType);
      case 'pipe':
        return next(def.in);
      case 'record': {
        const out: Record<string, unknown> = {};
        for (let i = rng.int(0, 3); i > 0; i--)
          setKey(out, rng.pick(['__proto__', 'content-type', 'host', 'authorization', 'x', this.string()]), next(def.valueType));
        return out;
      }
      case 'custom':
        return this.bytes();
      default:
        return this.anything(depth);
    }
  }
}

/** Flips, inserts, deletes, truncates or duplicates bytes: damage a real file might carry. */
export function mutateFile(rng: Rng, file: Uint8Array): Uint8Array {
  const out = Array.from(file);
  for (let n = rng.int(1, 8); n > 0; n--) {
    const at = rng.int(0, Math.max(0, out.length - 1));
    switch (rng.int(0, 5)) {
      case 0:
        out[at] = rng.int(0, 255);
        break;
      case 1:
        out.splice(at, 0, ...rng.bytes(rng.int(1, 64)));
        break;
      case 2:
        out.splice(at, rng.int(1, 64));
        break;
      case 3:
        out.length = at;
        break;
      case 4:
        out.splice(at, 0, ...out.slice(at, at + rng.int(1, 256)));
        break;
      default: {
        // Digits are where a PDF keeps offsets, lengths and byte ranges.
        const digit = out.findIndex((b, i) => i >= at && b >= 0x30 && b <= 0x39);
        if (digit >= 0) out[digit] = 0x30 + rng.int(0, 9);
      }
    }
  }
  return Uint8Array.from(out);
}
