// Which scanner backends this desk has: SANE where `scanimage` exists, WIA on Windows, one
// scan-to-folder backend for the configured folders, and the eSCL backend when the caller passes
// one in (it owns network discovery). Device ids carry their backend as a prefix ("sane:…",
// "wia:…", "folder:…", "escl:…"), which is how findBackend() routes a device to its backend.
import { FolderBackend, type FolderBackendOptions, type FolderConfig } from './folder.ts';
import { SaneBackend, findExecutable, type SaneBackendOptions } from './sane.ts';
import { ScanError, type ScannerBackend } from './types.ts';
import { WiaBackend, type WiaBackendOptions } from './wia.ts';
import { BACKEND_KINDS, type BackendKind, type ScanDevice } from '#preload/wire/scan.ts';

export interface ScannersOptions {
  /** Defaults to process.platform. */
  platform?: NodeJS.Platform;
  /** Options for the SANE backend, or false to leave it out. */
  sane?: SaneBackendOptions | false;
  /** Options for the WIA backend (used on win32 only), or false to leave it out. */
  wia?: WiaBackendOptions | false;
  /** Scan-to-folder directories (absolute paths); none: no folder backend. */
  folders?: Array<string | FolderConfig>;
  folderOptions?: Omit<FolderBackendOptions, 'folders'>;
  /** An eSCL/AirScan backend built by the caller. */
  escl?: ScannerBackend;
}

export interface Scanners {
  backends: ScannerBackend[];
  /** The backend for a device id, by its prefix; undefined when no such backend is present. */
  findBackend(deviceId: string): ScannerBackend | undefined;
  /** Like findBackend, but a missing backend is ScanError 'not-found'. */
  backendFor(deviceId: string): ScannerBackend;
  /** Every backend's devices; one failing backend does not hide the others' devices. */
  listDevices(): Promise<{ devices: ScanDevice[]; failures: Array<{ backend: BackendKind; error: unknown }> }>;
}

export function backendKindOf(deviceId: string): BackendKind | null {
  const prefix = deviceId.slice(0, Math.max(0, deviceId.indexOf(':')));
  return BACKEND_KINDS.find((kind) => kind === prefix) ?? null;
}

export async function createScanners(options: ScannersOptions = {}): Promise<Scanners> {
  const platform = options.platform ?? process.platform;
  const backends: ScannerBackend[] = [];
  if (options.sane !== false) {
    const saneOptions = options.sane ?? {};
    const exe = await findExecutable(saneOptions.scanimage ?? 'scanimage', saneOptions.env ?? process.env);
    if (exe) backends.push(new SaneBackend({ ...saneOptions, scanimage: exe }));
  }
  if (options.wia !== false && platform === 'win32') backends.push(new WiaBackend({ ...(options.wia || {}), platform }));
  if (options.escl) backends.push(options.escl);
  if (options.folders && options.folders.length > 0) backends.push(new FolderBackend({ ...options.folderOptions, folders: options.folders }));
  return scannersOf(backends);
}

/** The lookup helpers over a given set of backends. */
export function scannersOf(backends: ScannerBackend[]): Scanners {
  const findBackend = (deviceId: string): ScannerBackend | undefined => {
    const kind = backendKindOf(deviceId);
    return kind ? backends.find((b) => b.kind === kind) : undefined;
  };
  return {
    backends,
    findBackend,
    backendFor(deviceId) {
      const b = findBackend(deviceId);
      if (!b) throw new ScanError('not-found', deviceId);
      return b;
    },
    async listDevices() {
      const results = await Promise.allSettled(backends.map((b) => b.list()));
      const devices: ScanDevice[] = [];
      const failures: Array<{ backend: BackendKind; error: unknown }> = [];
      results.forEach((r, i) => {
        if (r.status === 'fulfilled') devices.push(...r.value);
        else failures.push({ backend: backends[i]!.kind, error: r.reason });
      });
      return { devices, failures };
    },
  };
}
