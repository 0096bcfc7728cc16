// Where this desk's scanners come from. SANE and WIA are found on the machine; network
// scanners (eSCL/AirScan) and scan-to-folder directories are named by the administrator in
// the desk settings, and may also be given in the environment (comma-separated
// DESK_ESCL_DEVICES, DESK_SCAN_FOLDERS) for support staff and tests.
import { DeskError } from '#domain/errors.ts';
import { createScanners, type Scanners } from './registry.ts';
import { EsclBackend, normalizeEsclUrl } from './escl.ts';
import { checkScanFolder, folderPolicyHere } from './folder.ts';
import type { FolderPolicyContext } from './folderPolicy.ts';

export interface ScannerConfig {
  escl: string[];
  folders: string[];
}

const listFrom = (name: string) =>
  (process.env[name] ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);

/** A network scanner's address as main will use it: http(s), no credentials. */
function checkEsclAddress(address: string): string {
  const refuse = () =>
    new DeskError('scan.address', {
      vi: `Địa chỉ máy quét mạng không hợp lệ (${address}). Nhập dạng 10.0.0.5 hoặc http://10.0.0.5/eSCL/.`,
      en: `Invalid network scanner address (${address}). Enter it as 10.0.0.5 or http://10.0.0.5/eSCL/.`,
    });
  const bare = address.trim().replace(/^escl:/, '');
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(bare) && !/^https?:\/\//i.test(bare)) throw refuse();
  let url: URL;
  try {
    url = new URL(normalizeEsclUrl(address));
  } catch {
    throw refuse();
  }
  if ((url.protocol !== 'http:' && url.protocol !== 'https:') || url.username || url.password || !url.hostname) throw refuse();
  return url.toString();
}

/**
 * The administrator's scanner settings, checked before anything is accepted: every folder
 * against the folder policy and on disk (folder.ts checkScanFolder; the real path is kept),
 * every address as an http(s) URL. Throws the first problem as a bilingual DeskError.
 */
export async function checkScannerConfig(config: ScannerConfig, policy: FolderPolicyContext): Promise<ScannerConfig> {
  const escl = config.escl.map(checkEsclAddress);
  const folders: string[] = [];
  for (const folder of config.folders) folders.push(await checkScanFolder(folder, policy));
  return { escl: [...new Set(escl)], folders: [...new Set(folders)] };
}

export async function createConfiguredScanners(
  config: ScannerConfig = { escl: [], folders: [] },
  policy: FolderPolicyContext = folderPolicyHere(),
): Promise<Scanners> {
  const unique = (items: string[]) => [...new Set(items)];
  return createScanners({
    escl: new EsclBackend({ devices: unique([...listFrom('DESK_ESCL_DEVICES'), ...config.escl]) }),
    folders: unique([...listFrom('DESK_SCAN_FOLDERS'), ...config.folders]),
    folderOptions: { policy },
  });
}
