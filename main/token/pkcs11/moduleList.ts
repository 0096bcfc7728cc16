// Which PKCS#11 modules (vendor DLLs / .so files) the desk knows is data an administrator
// edits: CAs rename and move their drivers between releases.
import { existsSync } from 'node:fs';
import { mkdir, readFile, rename, writeFile } from 'node:fs/promises';
import { dirname, posix } from 'node:path';
import { z } from 'zod';
import { DeskError } from '#domain/errors.ts';
import type { InstalledModule } from '#preload/wire/tokens.ts';
import bundled from './known-modules.json' with { type: 'json' };

const platform = z.enum(['win32', 'linux', 'darwin']);
export type ModulePlatform = z.infer<typeof platform>;

const modulePath = z.object({
  platform,
  path: z.string().min(3).max(400),
  unconfirmed: z.boolean().optional(),
});

const knownModule = z.object({
  id: z.string().regex(/^[a-z0-9][a-z0-9-]{0,59}$/),
  vendor: z.string().min(1).max(120),
  testing: z.boolean().optional(),
  paths: z.array(modulePath).min(1),
});

const moduleFile = z.object({ about: z.string().optional(), modules: z.array(knownModule) });

export type KnownModule = z.infer<typeof knownModule>;

const LIBRARY_EXTENSION: Record<ModulePlatform, RegExp> = {
  win32: /\.dll$/i,
  linux: /\.so(\.\d+)*$/,
  darwin: /\.(dylib|so)$/,
};

/** An administrator's own module: a full local path to a library file of this platform. */
export const customModuleInput = z
  .object({
    vendor: z.string().trim().min(1).max(120),
    path: z.string().trim().min(3).max(400),
    platform: platform.default(currentPlatform()),
  })
  .superRefine((m, ctx) => {
    // A network share (UNC, \\?\UNC\, WebDAV's \\host@SSL\) would load code the desk's administrator does not control.
    if (m.path.startsWith('\\\\') || m.path.startsWith('//') || m.path.startsWith('\\/') || m.path.startsWith('/\\'))
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'network paths are not allowed' });
    // On Windows only a drive path is local and absolute: "\\x.dll" is relative to the current drive, "C:x.dll" to its folder, and "C:\a:b.dll" names a stream.
    else if (m.platform === 'win32' ? !/^[A-Za-z]:[\\/][^:]*$/.test(m.path) : !posix.isAbsolute(m.path))
      ctx.addIssue({ code: 'custom', path: ['path'], message: 'must be a full path' });
    if (!LIBRARY_EXTENSION[m.platform].test(m.path)) ctx.addIssue({ code: 'custom', path: ['path'], message: `not a ${m.platform} library file name` });
  });

export type CustomModuleInput = z.input<typeof customModuleInput>;

function currentPlatform(): ModulePlatform {
  return process.platform === 'win32' || process.platform === 'darwin' ? process.platform : 'linux';
}

function invalidList(where: string, reason: string): DeskError {
  return new DeskError('pkcs11.module-list', {
    vi: `Danh sách thư viện PKCS#11 không hợp lệ (${where}): ${reason}`,
    en: `The PKCS#11 module list is invalid (${where}): ${reason}`,
  });
}

function firstIssue(error: z.ZodError): string {
  const issue = error.issues[0];
  return issue ? `${issue.path.join('.') || '(root)'}: ${issue.message}` : 'unreadable';
}

export function parseModuleList(json: unknown, where: string): KnownModule[] {
  const parsed = moduleFile.safeParse(json);
  if (!parsed.success) throw invalidList(where, firstIssue(parsed.error));
  return parsed.data.modules;
}

export const knownModules: readonly KnownModule[] = parseModuleList(bundled, 'known-modules.json');

export function parseCustomModule(input: unknown): KnownModule {
  const parsed = customModuleInput.safeParse(input);
  if (!parsed.success) {
    const reason = firstIssue(parsed.error);
    throw new DeskError('pkcs11.custom-module', {
      vi: `Thư viện PKCS#11 tự thêm không hợp lệ: ${reason}`,
      en: `The added PKCS#11 library is invalid: ${reason}`,
    });
  }
  const { vendor, path, platform } = parsed.data;
  const slug = vendor
    .toLowerCase()
    .normalize('NFD')
    .replace(/[\u0300-\u036f]/g, '')
    .replace(/đ/g, 'd')
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return { id: `custom-${slug || 'module'}`.slice(0, 60), vendor, paths: [{ platform, path }] };
}

/** The site file (same format as known-modules.json); missing means none. */
export async function readSiteModules(file: string): Promise<KnownModule[]> {
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw invalidList(file, (e as Error).message);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (e) {
    throw invalidList(file, (e as Error).message);
  }
  return parseModuleList(json, file);
}

/** Validates and appends an administrator's module to the site file; the same path twice is kept once. */
export async function addSiteModule(file: string, input: unknown): Promise<KnownModule[]> {
  const added = parseCustomModule(input);
  const modules = await readSiteModules(file);
  const path = added.paths[0]!;
  const duplicate = modules.some((m) => m.paths.some((p) => p.platform === path.platform && p.path === path.path));
  const next = duplicate ? modules : [...modules, added];
  await mkdir(dirname(file), { recursive: true });
  // Write then rename, so a crash never leaves a half-written list the desk refuses to read.
  const temporary = `${file}.${process.pid}.tmp`;
  await writeFile(temporary, `${JSON.stringify({ modules: next }, null, 2)}\n`, 'utf8');
  await rename(temporary, file);
  return next;
}

export interface FindOptions {
  platform?: ModulePlatform;
  env?: NodeJS.ProcessEnv;
  exists?: (path: string) => boolean;
  /** Site modules (readSiteModules), listed before the bundled ones. */
  extra?: readonly KnownModule[];
  /** SoftHSM and other software tokens; hidden from officers by default. */
  includeTesting?: boolean;
}

/** %SystemRoot% and friends; Windows is not always on C:. */
function expand(path: string, env: NodeJS.ProcessEnv): string | null {
  let missing = false;
  const expanded = path.replace(/%([^%]+)%/g, (_m, name: string) => {
    const key = Object.keys(env).find((k) => k.toLowerCase() === name.toLowerCase());
    const value = key ? env[key] : undefined;
    if (value === undefined) missing = true;
    return value ?? '';
  });
  return missing ? null : expanded;
}

/** The known and site modules whose library file exists on this machine. */
export function installedModules(options: FindOptions = {}): InstalledModule[] {
  const os = options.platform ?? currentPlatform();
  const env = options.env ?? process.env;
  const exists = options.exists ?? existsSync;
  const found: InstalledModule[] = [];
  const seen = new Set<string>();
  for (const module of [...(options.extra ?? []), ...knownModules]) {
    if (module.testing && !options.includeTesting) continue;
    for (const candidate of module.paths) {
      if (candidate.platform !== os) continue;
      const path = os === 'win32' ? expand(candidate.path, env) : candidate.path;
      const key = os === 'win32' ? path?.toLowerCase() : path;
      if (!path || !key || seen.has(key) || !exists(path)) continue;
      seen.add(key);
      found.push({ id: module.id, vendor: module.vendor, path, unconfirmed: candidate.unconfirmed ?? false, testing: module.testing ?? false });
    }
  }
  return found;
}
